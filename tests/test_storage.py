"""The mood record and the settings: private files, atomic entries, damage handled."""

from __future__ import annotations

import os
import stat
import subprocess
import sys

import pytest

from assistant.config import Config, ConfigError, data_dir, load_config, save_config
from assistant.storage import CheckIn, StorageError, Store, trend


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_roundtrip_and_order(store):
    for mood in (3, 5, 8):
        store.add_checkin(CheckIn(mood, ["tired"], "rest", "water"))
    entries = store.checkins()
    assert [e.mood for e in entries] == [3, 5, 8]
    assert entries[-1].as_dict()["feelings"] == ["tired"]
    assert [e.mood for e in store.checkins(limit=2)] == [5, 8]


def test_files_are_private(home, store):
    store.add_checkin(CheckIn(5))
    assert mode(store.path) == 0o600
    assert mode(data_dir()) == 0o700


def test_damaged_file_is_moved_aside_not_lost(home):
    home.mkdir(parents=True, exist_ok=True)
    damaged = home / "grounding.db"
    damaged.write_bytes(b"this is not a database at all" * 100)
    store = Store()
    store.add_checkin(CheckIn(6))
    assert "moved it to" in store.notice
    kept = [p for p in home.iterdir() if ".damaged-" in p.name]
    assert len(kept) == 1 and kept[0].read_bytes().startswith(b"this is not")
    assert [e.mood for e in Store().checkins()] == [6]


def test_out_of_range_mood_is_refused(store):
    with pytest.raises(StorageError):
        store.add_checkin(CheckIn(11))
    assert store.checkins() == []


WRITER = """
import sys
from assistant.storage import CheckIn, Store
store = Store()
for i in range(40):
    store.add_checkin(CheckIn(i % 11, [sys.argv[1]], "need", "step"))
"""


def test_two_processes_writing_at_once_lose_nothing(home):
    env = dict(os.environ, GROUNDING_HOME=str(home))
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, name], env=env)
             for name in ("a", "b")]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    entries = Store().checkins()
    assert len(entries) == 80
    assert sorted(e.feelings[0] for e in entries).count("a") == 40


def test_trend():
    assert trend([2, 3, 6, 7]) == "up"
    assert trend([8, 8, 3, 2]) == "down"
    assert trend([5, 5, 5]) == "flat"
    assert trend([4]) == "flat"


def test_config_roundtrip_and_privacy(home):
    config = Config(region="UK", default_pattern="box", volume=0.5)
    path = save_config(config)
    assert mode(path) == 0o600
    loaded = load_config()
    assert (loaded.region, loaded.default_pattern, loaded.volume) == ("UK", "box", 0.5)
    assert "116 123" in loaded.crisis_text()[0]


def test_custom_crisis_line(home):
    save_config(Config(region="XX", crisis_line="Call 0800 000 000", emergency="call 112"))
    assert load_config().crisis_text() == ("Call 0800 000 000", "call 112")


def test_broken_config_says_what_to_do(home):
    home.mkdir(parents=True, exist_ok=True)
    (home / "config.toml").write_text("region = [unclosed")
    with pytest.raises(ConfigError, match="delete it to go back to the defaults"):
        load_config()
