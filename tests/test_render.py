"""Rendered sessions: exact timelines, each cue's sound on its phase start, silence between."""

from __future__ import annotations

import json

import numpy as np
import pytest

from assistant.breathing import get_pattern
from audio.tones import TONES, tone
from audio.tts import read_wav
from tests.conftest import run_cli

THRESHOLD = 0.02


def onset(samples: np.ndarray, sr: int, t: float) -> float:
    """Seconds from ``t`` to the first sample above the threshold, searching ±50 ms."""
    lo = round((t - 0.05) * sr)
    window = np.abs(samples[lo : lo + round(0.1 * sr)])
    loud = np.flatnonzero(window > THRESHOLD)
    assert loud.size, f"no sound near {t}"
    return (lo + loud[0]) / sr - t


@pytest.mark.parametrize("pattern", ["box", "4-7-8"])
def test_render_timeline_is_exact_and_onsets_within_10ms(tmp_path, home, pattern):
    wav, timeline = tmp_path / "b.wav", tmp_path / "b.json"
    result = run_cli(["breathe", "--pattern", pattern, "--minutes", "1", "--render", str(wav),
                      "--timeline", str(timeline)], home=home)
    assert result.returncode == 0, result.stderr
    plan = json.loads(timeline.read_text())
    events = plan["events"]
    phases = get_pattern(pattern).phases
    assert events, "no events"
    for i, event in enumerate(events):
        name, seconds = phases[i % len(phases)]
        assert event["phase"] == name
        assert event["duration"] == seconds
        if i:
            assert event["t"] == pytest.approx(events[i - 1]["t"] + events[i - 1]["duration"],
                                               abs=1e-9)
    assert plan["end"] == pytest.approx(events[-1]["t"] + events[-1]["duration"])
    samples, sr = read_wav(wav)
    for event in events:
        start = round(event["t"] * sr)
        before = np.abs(samples[start - round(0.04 * sr) : start])
        assert before.max() < THRESHOLD, f"sound before the cue at {event['t']}"
        assert abs(onset(samples, sr, event["t"])) <= 0.010


def test_478_one_minute_is_three_cycles(tmp_path, home):
    timeline = tmp_path / "t.json"
    run_cli(["breathe", "--pattern", "4-7-8", "--minutes", "1", "--render",
             str(tmp_path / "t.wav"), "--timeline", str(timeline)], home=home)
    assert json.loads(timeline.read_text())["cycles"] == 3


def test_each_phase_has_its_own_tone():
    sounds = {phase: tone(phase, 22050) for phase in TONES}
    spectra = {}
    for phase, samples in sounds.items():
        spectrum = np.abs(np.fft.rfft(samples, 8192))
        spectra[phase] = np.argmax(spectrum[: len(spectrum) // 4])
    assert len(set(spectra.values())) == len(TONES)
    for samples in sounds.values():
        assert np.abs(samples[: round(0.005 * 22050) + 1]).max() > THRESHOLD


def test_render_to_missing_folder_is_one_sentence(tmp_path, home):
    result = run_cli(["breathe", "--render", str(tmp_path / "nope" / "x.wav")], home=home)
    assert result.returncode == 1
    assert "does not exist" in result.stderr and "Traceback" not in result.stderr
