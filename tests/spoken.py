"""Synthesized spoken test sets: real speech (Piper), never typed text in place of audio."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import yaml

from audio.convert import resample
from audio.render import write_wav
from audio.tts import default_synthesizer

DATA = Path(__file__).parent / "data"
RATES = (16000, 22050, 44100, 8000)


def spoken_set(folder: Path, count: int = 150, seed: int = 3) -> list[tuple[Path, str, str]]:
    """Write ``count`` intent utterances plus every crisis phrasing as varied WAV files.

    Each file gets a random speaking rate (0.8-1.2), a random loudness (from whisper-quiet,
    peak 0.05, to loud, 0.8), white noise 15-30 dB below the speech, and one of several
    sample rates, mono or stereo. Returns (path, text, intent).
    """
    rng = np.random.default_rng(seed)
    synth = default_synthesizer()
    cases = yaml.safe_load((DATA / "heldout_intents.yaml").read_text())["cases"]
    crisis = yaml.safe_load((DATA / "crisis_cases.yaml").read_text())["crisis"]
    picked = [cases[i] for i in rng.permutation(len(cases))[:count]]
    items = [(c[0], str(c[1])) for c in picked] + [(t, "crisis") for t in crisis]
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i, (text, intent) in enumerate(items):
        speech = synth.synthesize(text, rate=float(rng.uniform(0.8, 1.2)))
        pad = np.zeros(int(0.4 * synth.sample_rate), dtype=np.float32)
        level = float(rng.uniform(0.05, 0.8))
        speech = speech * (level / (float(np.max(np.abs(speech))) or 1.0))
        clip = np.concatenate([pad, speech, pad])
        rms = float(np.sqrt(np.mean(speech**2))) or 1e-3
        snr_db = rng.uniform(15, 30)
        clip = clip + rng.normal(0, rms * 10 ** (-snr_db / 20), len(clip)).astype(np.float32)
        rate = RATES[i % len(RATES)]
        path = folder / f"{i:03d}.wav"
        write_wav(path, resample(clip, synth.sample_rate, rate), rate, 1 + (i % 3 == 0))
        out.append((path, text, intent))
    return out

