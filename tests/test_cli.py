"""The grounding command as a user runs it: real processes, real files."""

from __future__ import annotations

import json

import pytest

from tests.conftest import run_cli


def test_help_says_it_is_a_wellness_tool_not_treatment():
    result = run_cli(["--help"])
    assert result.returncode == 0
    assert "wellness tool, not treatment" in result.stdout
    for command in ("chat", "intent", "history", "breathe", "ground", "checkin"):
        assert command in result.stdout


def test_chat_breathing_then_quit(home):
    result = run_cli(["chat", "--mute"], stdin="help me breathe\nquit\n", home=home)
    assert result.returncode == 0, result.stderr
    assert "Let's breathe together" in result.stdout
    assert "Breathe in" in result.stdout
    assert "Traceback" not in result.stderr


def test_chat_crisis_stops_the_exercise(home):
    result = run_cli(["chat", "--mute"], stdin="help me breathe\nI want to die\nquit\n",
                     home=home)
    out = result.stdout
    assert "988" in out
    after = out[out.index("988"):]
    assert "Breathe in" not in after and "Breathe out" not in after


def test_checkin_then_history_json(home):
    lines = ["quick check in", "i feel anxious and lonely, maybe a four", "i need some rest",
             "i'll drink some water and go to bed", "goodbye"]
    result = run_cli(["chat", "--mute"], stdin="\n".join(lines) + "\n", home=home)
    assert result.returncode == 0, result.stderr
    history = run_cli(["history", "--json"], home=home)
    entries = json.loads(history.stdout)
    last = entries[-1]
    assert set(last) == {"time", "mood", "feelings", "need", "step"}
    assert last["mood"] == 4
    assert last["feelings"] == ["anxious", "lonely"]
    assert last["need"] == "i need some rest"
    assert last["step"] == "i'll drink some water and go to bed"
    plain = run_cli(["history"], home=home)
    assert "4/10" in plain.stdout and "Trend" in plain.stdout


def test_checkin_command_starts_directly(home):
    result = run_cli(["checkin", "--mute"], stdin="sad, 3\nsleep\nbed\n", home=home)
    assert result.returncode == 0
    assert json.loads(run_cli(["history", "--json"], home=home).stdout)[-1]["mood"] == 3


def test_ground_command_starts_directly(home):
    result = run_cli(["ground", "--mute"], stdin="stop\n", home=home)
    assert "five things you can see" in result.stdout


def test_intent_prints_one_json_object():
    result = run_cli(["intent", "box breathing for 5 minutes"])
    data = json.loads(result.stdout)
    assert data == {"text": "box breathing for 5 minutes", "intent": "breathe",
                    "score": data["score"], "slots": {"pattern": "box", "minutes": 5}}


def test_intent_jsonl_keeps_order_in_one_process():
    lines = ["help me breathe", "", "I want to die", "goodbye", "\xff\xfe junk"]
    stdin = "\n".join(lines).encode("utf-8", "surrogateescape") + b"\n"
    result = run_cli(["intent", "--jsonl"], stdin=stdin)
    rows = [json.loads(x) for x in result.stdout.splitlines()]
    assert [r["intent"] for r in rows] == ["breathe", "none", "crisis", "goodbye", "none"]


def test_intent_without_text_is_a_usage_error():
    result = run_cli(["intent"])
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("stdin", [
    b"\n\n\n\n",
    b"a" * 200_000 + b"\n",
    "これは日本語です\nЯ не знаю\n".encode(),
    bytes(range(256)) * 50,
    b"\x00\x00\x00\xff\xfe\n\xc3\x28\n",
])
def test_bad_stdin_never_gives_a_traceback(home, stdin):
    result = run_cli(["chat", "--mute"], stdin=stdin, home=home)
    assert result.returncode == 0
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stdout.strip()


def test_damaged_database_gets_one_clear_sentence(home):
    home.mkdir(parents=True)
    (home / "grounding.db").write_bytes(b"garbage" * 500)
    result = run_cli(["history", "--json"], home=home)
    assert result.returncode == 0
    assert "moved it to" in result.stderr
    assert json.loads(result.stdout) == []


def test_unreadable_config_is_one_sentence_and_exit_1(home):
    home.mkdir(parents=True)
    (home / "config.toml").write_text("volume = ")
    result = run_cli(["chat", "--mute"], stdin="bye\n", home=home)
    assert result.returncode == 1
    assert "settings file" in result.stderr and "Traceback" not in result.stderr


def test_timeline_without_render_is_a_usage_error():
    result = run_cli(["breathe", "--timeline", "x.json"])
    assert result.returncode == 2
