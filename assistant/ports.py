"""The dialogue's ports: what goes out (speech and cues), what comes in, and the clock.

The dialogue never prints, listens or sleeps itself. Text mode, voice mode and tests each
plug their own ports in, so the same conversation runs everywhere.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class Say:
    """A sentence or two to speak (and show). ``style`` is "normal" or "quiet" (night)."""

    text: str
    style: str = "normal"


@dataclass(frozen=True)
class Cue:
    """A breathing phase starting now: its tone and word, and how long it lasts."""

    phase: str
    word: str
    seconds: float
    cycle: int
    style: str = "normal"


Output = Say | Cue


class OutputPort(Protocol):
    """Where the dialogue's words and cues go."""

    def emit(self, item: Output) -> None:
        """Deliver one item, in order."""

    def hush(self) -> None:
        """Stop whatever is being said right now (barge-in); a no-op in text mode."""


class Clock(Protocol):
    """Seconds on a monotonic scale."""

    def now(self) -> float:
        """The current time in seconds."""


class SystemClock:
    """The real monotonic clock."""

    def now(self) -> float:
        """Seconds from ``time.monotonic``."""
        return time.monotonic()


class FakeClock:
    """A clock that only moves when told to, so tests of timed sessions run instantly."""

    def __init__(self, start: float = 0.0):
        self.t = start

    def now(self) -> float:
        """The current fake time."""
        return self.t

    def advance(self, seconds: float) -> None:
        """Move time forward."""
        self.t += max(0.0, seconds)


class EndOfInput:
    """Returned by an input port when nothing more will ever arrive."""


END = EndOfInput()


class InputPort(Protocol):
    """Where utterances come from."""

    def read(self, timeout: float | None) -> str | EndOfInput | None:
        """The next utterance, ``None`` if ``timeout`` passed first, or ``END``."""


class RecordingOutput:
    """Keeps everything emitted, with the clock time it was emitted at (tests, benchmarks)."""

    def __init__(self, clock: Clock | None = None):
        self.clock = clock
        self.items: list[tuple[float, Output]] = []

    def emit(self, item: Output) -> None:
        """Remember ``item`` and when it came."""
        self.items.append((self.clock.now() if self.clock else 0.0, item))

    def hush(self) -> None:
        """Nothing to stop."""

    @property
    def said(self) -> list[str]:
        """The text of every ``Say``, in order."""
        return [item.text for _, item in self.items if isinstance(item, Say)]

    @property
    def cues(self) -> list[tuple[float, Cue]]:
        """Every ``Cue`` with its time."""
        return [(t, item) for t, item in self.items if isinstance(item, Cue)]


class ScriptedInput:
    """Utterances at given delays on a :class:`FakeClock`; time jumps to each deadline.

    ``script`` holds ``(delay, text)`` pairs: each text arrives ``delay`` seconds after
    the previous one (or after the start), unless the dialogue's deadline comes first.
    """

    def __init__(self, clock: FakeClock, script: list[tuple[float, str]]):
        self.clock = clock
        self.script = list(script)
        self._due = clock.now() + (self.script[0][0] if self.script else 0.0)

    def read(self, timeout: float | None) -> str | EndOfInput | None:
        """Advance fake time to the next utterance or the timeout, whichever is first."""
        if not self.script:
            if timeout is None:
                return END
            self.clock.advance(timeout)
            return None
        wait = self._due - self.clock.now()
        if timeout is not None and timeout < wait:
            self.clock.advance(timeout)
            return None
        self.clock.advance(wait)
        _, text = self.script.pop(0)
        if self.script:
            self._due = self.clock.now() + self.script[0][0]
        return text
