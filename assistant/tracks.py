"""Guided sessions rendered to a file instead of played: audio plus the exact plan."""

from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass
from pathlib import Path

from assistant.breathing import Pattern, PhaseCue, plan
from assistant.content import Lines
from audio.render import TimedSound, render, write_wav
from audio.tts import Synthesizer

WORD_DELAY = 0.12
"""The phase tone leads; the cue word follows this long after the phase start."""


@dataclass(frozen=True)
class Track:
    """What was rendered: where the phases start in the file, and its length."""

    first_cue: float
    phases: list[PhaseCue]
    end: float
    seconds: float


def breathing_track(pattern: Pattern, cycles: int, synth: Synthesizer, wav_path: Path, *,
                    timeline_path: Path | None = None, pace: float = 1.0,
                    night: bool = False) -> Track:
    """Render a guided breathing session to ``wav_path`` (and its timeline as JSON).

    The spoken introduction comes first; the first phase starts on the next whole second
    after it plus a breath of quiet, and each later phase starts exactly where the plan says.
    """
    lines = Lines()
    rate = 0.85 if night else 1.0
    volume = 0.6 if night else 1.0
    intro = lines.get("breathe_start", intro=pattern.intro)
    intro_seconds = len(synth.synthesize(intro, rate=rate)) / synth.sample_rate
    first = float(math.ceil(intro_seconds + 1.5))
    phases = plan(pattern, cycles, pace)
    end = first + (phases[-1].t + phases[-1].seconds if phases else 0.0)
    sounds = [TimedSound(0.0, intro, until=first)]
    for i, cue in enumerate(phases):
        until = first + phases[i + 1].t if i + 1 < len(phases) else end
        sounds.append(TimedSound(first + cue.t, cue.word, cue.phase, until, WORD_DELAY))
    sounds.append(TimedSound(end + 0.5, lines.get("breathe_end")))
    samples, sr = render(sounds, synth, volume=volume, rate=rate)
    write_wav(wav_path, samples, sr)
    track = Track(first, phases, end, len(samples) / sr)
    if timeline_path is not None:
        write_timeline(timeline_path, pattern, track, sr)
    return track


def write_timeline(path: Path, pattern: Pattern, track: Track, sample_rate: int) -> None:
    """Write ``{"events": [{"t", "phase", ...}]}`` with times in seconds from the file start."""
    events = []
    for cue in track.phases:
        event = cue.as_event()
        event["t"] = round(track.first_cue + cue.t, 6)
        events.append(event)
    doc = {
        "pattern": pattern.key,
        "sample_rate": sample_rate,
        "cycles": max((c.cycle for c in track.phases), default=0),
        "events": events,
        "end": round(track.end, 6),
        "duration": round(track.seconds, 3),
    }
    tmp = Path(str(path) + ".part")
    tmp.write_text(json.dumps(doc, indent=1) + "\n", "utf-8")
    os.replace(tmp, path)
