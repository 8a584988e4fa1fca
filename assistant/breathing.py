"""Breathing patterns, pace and the exact plan of phases.

The plan is pure arithmetic: every phase start is the previous start plus the previous
phase's length, never "now" plus something, so nothing drifts. The dialogue walks the same
plan live (one phase at a time, so a pace change applies from the next phase) and
``grounding breathe --render`` lays it out at once.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

BREATH_PHASES = ("in", "out")
"""Phases that are an inhale or an exhale: these never go below the minimum length."""


@dataclass(frozen=True)
class Pattern:
    """One breathing pattern: its phases at pace 1.0 and how to introduce it."""

    key: str
    title: str
    intro: str
    phases: tuple[tuple[str, float], ...]
    max_cycles: int | None = None
    max_cycles_note: str = ""

    @property
    def cycle_seconds(self) -> float:
        """Length of one full cycle at pace 1.0."""
        return sum(seconds for _, seconds in self.phases)


@dataclass(frozen=True)
class BreathingData:
    """Every pattern with the shared pace rules and cue words."""

    patterns: dict[str, Pattern]
    words: dict[str, str]
    min_breath_seconds: float = 2.0
    pace_step: float = 1.15
    max_pace: float = 2.0
    default: str = "exhale"
    night_default: str = "exhale"


@dataclass(frozen=True)
class PhaseCue:
    """One planned phase: when it starts (seconds from the first cue) and what it is."""

    t: float
    phase: str
    seconds: float
    word: str
    cycle: int

    def as_event(self) -> dict[str, Any]:
        """The timeline JSON shape of this phase."""
        return {
            "t": round(self.t, 6), "phase": self.phase, "duration": round(self.seconds, 6),
            "word": self.word, "cycle": self.cycle,
        }


def parse_breathing(data: dict[str, Any]) -> BreathingData:
    """Build :class:`BreathingData` from the mapping in ``patterns.yaml``."""
    patterns = {}
    for key, body in data["patterns"].items():
        patterns[str(key)] = Pattern(
            key=str(key),
            title=body["title"],
            intro=body["intro"],
            phases=tuple((str(name), float(sec)) for name, sec in body["phases"]),
            max_cycles=body.get("max_cycles"),
            max_cycles_note=body.get("max_cycles_note", ""),
        )
    return BreathingData(
        patterns=patterns,
        words={str(k): str(v) for k, v in data["words"].items()},
        min_breath_seconds=float(data.get("min_breath_seconds", 2.0)),
        pace_step=float(data.get("pace_step", 1.15)),
        max_pace=float(data.get("max_pace", 2.0)),
        default=str(data.get("default", "exhale")),
        night_default=str(data.get("night_default", "exhale")),
    )


@lru_cache(maxsize=1)
def breathing_data() -> BreathingData:
    """The patterns shipped with the package."""
    text = resources.files("assistant").joinpath("data/patterns.yaml").read_text("utf-8")
    return parse_breathing(yaml.safe_load(text))


def get_pattern(key: str | None) -> Pattern:
    """The pattern called ``key`` (or the default one); raises ``KeyError`` for unknown keys."""
    data = breathing_data()
    return data.patterns[key or data.default]


def min_pace(pattern: Pattern, data: BreathingData | None = None) -> float:
    """The smallest pace factor that keeps every inhale and exhale at the minimum length."""
    data = data or breathing_data()
    shortest = min((s for name, s in pattern.phases if name in BREATH_PHASES), default=0)
    if not shortest:
        return 1.0
    return min(1.0, data.min_breath_seconds / shortest)


def cycles_for(pattern: Pattern, minutes: float, pace: float = 1.0) -> int:
    """How many whole cycles fill about ``minutes``, within the pattern's cap."""
    cycles = max(1, round(minutes * 60 / (pattern.cycle_seconds * pace)))
    if pattern.max_cycles:
        cycles = min(cycles, pattern.max_cycles)
    return cycles


class Pacer:
    """Walks a pattern phase by phase at an adjustable pace.

    A pace change takes effect from the next phase that starts, never mid-phase.
    """

    def __init__(self, pattern: Pattern, cycles: int, pace: float = 1.0,
                 data: BreathingData | None = None):
        self.data = data or breathing_data()
        self.pattern = pattern
        self.cycles = max(1, cycles)
        self.pace = self._clamp(pace)
        self.index = 0
        self.t = 0.0

    @property
    def total_phases(self) -> int:
        """How many phases the whole session has."""
        return self.cycles * len(self.pattern.phases)

    @property
    def done(self) -> bool:
        """True once every phase has been handed out."""
        return self.index >= self.total_phases

    def _clamp(self, pace: float) -> float:
        return max(min_pace(self.pattern, self.data), min(self.data.max_pace, pace))

    def set_pace(self, pace: float) -> None:
        """Set the pace factor directly (within the pattern's limits)."""
        self.pace = self._clamp(pace)

    def slower(self) -> bool:
        """Lengthen the following phases by one step; False when already at the limit."""
        new = self._clamp(self.pace * self.data.pace_step)
        changed = not math.isclose(new, self.pace)
        self.pace = new
        return changed

    def faster(self) -> bool:
        """Shorten the following phases by one step; False when already at the limit."""
        new = self._clamp(self.pace / self.data.pace_step)
        changed = not math.isclose(new, self.pace)
        self.pace = new
        return changed

    def restart_cycle(self) -> None:
        """Go back to the first phase of the current cycle (after a pause)."""
        self.index -= self.index % len(self.pattern.phases)

    def next_phase(self) -> PhaseCue:
        """The next phase, starting where the previous one ended."""
        name, base = self.pattern.phases[self.index % len(self.pattern.phases)]
        seconds = round(base * self.pace, 3)
        cue = PhaseCue(self.t, name, seconds, self.data.words.get(name, name),
                       self.index // len(self.pattern.phases) + 1)
        self.index += 1
        self.t = round(self.t + seconds, 6)
        return cue


def plan(pattern: Pattern, cycles: int, pace: float = 1.0) -> list[PhaseCue]:
    """Every phase of a session at a fixed pace, starting at t = 0."""
    pacer = Pacer(pattern, cycles, pace)
    return [pacer.next_phase() for _ in range(pacer.total_phases)]
