"""Shared fixtures: a private data folder, the CLI as a real process, a fake-clock dialogue."""

from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.config import Config
from assistant.dialogue import Dialogue
from assistant.ports import FakeClock, RecordingOutput, ScriptedInput
from assistant.runner import run
from assistant.storage import Store

DATA = Path(__file__).parent / "data"


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    """A fresh GROUNDING_HOME for this test."""
    folder = tmp_path / "home"
    monkeypatch.setenv("GROUNDING_HOME", str(folder))
    return folder


def run_cli(args: list[str], *, stdin: bytes | str = b"", home: Path | None = None,
            timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run ``grounding ARGS`` as a real process and capture its text output."""
    env = dict(os.environ)
    if home is not None:
        env["GROUNDING_HOME"] = str(home)
    data = stdin.encode() if isinstance(stdin, str) else stdin
    proc = subprocess.run(
        [sys.executable, "-m", "assistant.cli", *args], input=data, capture_output=True,
        timeout=timeout, env=env, check=False,
    )
    return subprocess.CompletedProcess(
        proc.args, proc.returncode, proc.stdout.decode("utf-8", "replace"),
        proc.stderr.decode("utf-8", "replace"),
    )


class Session:
    """A dialogue on a fake clock, fed a script, with everything it emitted recorded."""

    def __init__(self, store: Store | None = None, *, night: bool = False,
                 config: Config | None = None, seed: int = 7):
        self.clock = FakeClock()
        self.out = RecordingOutput(self.clock)
        self.dialogue = Dialogue(self.out, self.clock, store=store, night=night,
                                 config=config, rng=random.Random(seed))

    def play(self, script: list[tuple[float, str]] | list[str], *, greet: bool = True) -> Session:
        """Run the script (texts, or (delay, text) pairs) to the end of input."""
        steps = [(0.0, s) if isinstance(s, str) else s for s in script]
        run(self.dialogue, ScriptedInput(self.clock, steps), self.clock, greet=greet)
        return self

    @property
    def text(self) -> str:
        """Everything said, one item per line."""
        return "\n".join(self.out.said)


@pytest.fixture
def store(home) -> Store:
    """A store in the private data folder."""
    return Store()


@pytest.fixture(scope="session")
def virtual_audio(tmp_path_factory):
    """A running PulseAudio daemon with the virtual cable and speaker."""
    from tests.virtual_audio import VirtualAudio

    audio = VirtualAudio(tmp_path_factory.mktemp("audio")).start()
    yield audio
    audio.stop()
