"""Sample-format helpers: any rate and channel count to 16 kHz mono int16, and back."""

from __future__ import annotations

import numpy as np

ASR_RATE = 16000


def to_mono(samples: np.ndarray) -> np.ndarray:
    """Average channels ([frames, channels] -> [frames]) as float32."""
    data = np.asarray(samples)
    if data.dtype == np.int16:
        data = data.astype(np.float32) / 32768.0
    data = data.astype(np.float32, copy=False)
    return data.mean(axis=1) if data.ndim == 2 else data


def resample(samples: np.ndarray, rate: int, target: int) -> np.ndarray:
    """Resample float mono audio with a windowed-sinc low-pass when going down."""
    if rate == target or samples.size == 0:
        return samples.astype(np.float32, copy=False)
    if target < rate:
        cutoff = 0.45 * target / rate
        taps = 63
        n = np.arange(taps) - (taps - 1) / 2
        kernel = np.sinc(2 * cutoff * n) * np.hamming(taps)
        kernel /= kernel.sum()
        samples = np.convolve(samples, kernel.astype(np.float32), mode="same")
    length = round(len(samples) * target / rate)
    positions = np.arange(length) * (rate / target)
    return np.interp(positions, np.arange(len(samples)), samples).astype(np.float32)


def to_pcm16(samples: np.ndarray) -> bytes:
    """Float samples in [-1, 1] as little-endian int16 bytes."""
    return (np.clip(samples, -1.0, 1.0) * 32767).astype("<i2").tobytes()


def for_asr(samples: np.ndarray, rate: int) -> np.ndarray:
    """Any audio (int16 or float, mono or [frames, channels]) as 16 kHz mono float32."""
    return resample(to_mono(samples), rate, ASR_RATE)


def normalize_gain(samples: np.ndarray, target_peak: float = 0.7,
                   max_gain: float = 30.0) -> np.ndarray:
    """Lift quiet or whispered speech toward ``target_peak`` (at most ``max_gain`` times).

    The 99.9th percentile stands in for the peak so a single click cannot hold it down.
    """
    if samples.size == 0:
        return samples
    peak = float(np.percentile(np.abs(samples), 99.9))
    if peak <= 1e-5:
        return samples
    gain = min(max_gain, target_peak / peak)
    return np.clip(samples * gain, -1.0, 1.0).astype(np.float32)
