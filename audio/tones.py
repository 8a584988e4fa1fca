"""Soft tones that mark breathing phases: each phase kind has its own sound.

Rising for an in-breath, falling for an out-breath, one low steady note for a hold, a short
high note for the sigh's top-up. Every tone starts at full attack within 5 ms, so its onset
is exactly the phase start.
"""

from __future__ import annotations

import numpy as np

TONES: dict[str, tuple[float, float, float]] = {
    # phase: (start Hz, end Hz, seconds)
    "in": (392.0, 523.25, 0.35),
    "out": (523.25, 349.23, 0.35),
    "hold": (440.0, 440.0, 0.25),
    "top-up": (587.33, 659.25, 0.18),
}
ATTACK_SECONDS = 0.005


def tone(phase: str, sample_rate: int, volume: float = 0.3) -> np.ndarray:
    """The tone for ``phase`` as float32 samples (a gentle glide with a soft tail)."""
    start, end, seconds = TONES.get(phase, TONES["hold"])
    n = int(seconds * sample_rate)
    t = np.arange(n, dtype=np.float64) / sample_rate
    freq = np.linspace(start, end, n)
    phase_acc = 2 * np.pi * np.cumsum(freq) / sample_rate
    wave = np.sin(phase_acc) + 0.25 * np.sin(2 * phase_acc)
    attack = np.clip(t / ATTACK_SECONDS, 0.0, 1.0)
    decay = np.exp(-3.5 * t / seconds)
    fade = np.clip((seconds - t) / 0.03, 0.0, 1.0)
    return (volume / 1.25 * wave * attack * decay * fade).astype(np.float32)
