"""Lay out timed sounds (tones and speech) on one track and write it as a WAV file."""

from __future__ import annotations

import os
import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from audio.tones import tone
from audio.tts import Synthesizer

SPEECH_PEAK = 0.5
GUARD_SECONDS = 0.06
"""Each sound ends at least this long before the next one starts, so onsets stay clean."""


@dataclass(frozen=True)
class TimedSound:
    """A sound to place at ``t`` seconds: a tone for ``phase`` (if any) and spoken ``text``.

    ``until`` is when the next sound starts; this one is cut short (with a fade) before it.
    ``text_delay`` lets the tone lead the words a little.
    """

    t: float
    text: str = ""
    phase: str | None = None
    until: float | None = None
    text_delay: float = 0.0


def render(sounds: list[TimedSound], synth: Synthesizer, *, tail: float = 1.0,
           volume: float = 1.0, rate: float = 1.0) -> tuple[np.ndarray, int]:
    """Mix ``sounds`` into one float32 track at the synthesizer's sample rate.

    Every sound begins on the sample nearest its time; there is silence in between.
    """
    speech = {s.text: synth.synthesize(s.text, rate=rate) for s in sounds if s.text}
    sr = synth.sample_rate
    pieces: list[tuple[int, np.ndarray]] = []
    for sound in sounds:
        start = round(sound.t * sr)
        track = np.zeros(0, dtype=np.float32)
        if sound.phase:
            track = _mix(track, tone(sound.phase, sr, 0.3 * volume), 0)
        if sound.text:
            voice = speech[sound.text]
            peak = float(np.max(np.abs(voice))) if voice.size else 0.0
            if peak > 0:
                voice = voice * (SPEECH_PEAK * volume / peak)
            track = _mix(track, voice.astype(np.float32), round(sound.text_delay * sr))
        if sound.until is not None:
            room = round((sound.until - GUARD_SECONDS) * sr) - start
            track = _fade_to(track, max(0, room), sr)
        pieces.append((start, track))
    length = max((s + len(p) for s, p in pieces), default=0) + round(tail * sr)
    out = np.zeros(length, dtype=np.float32)
    for start, piece in pieces:
        out[start : start + len(piece)] += piece
    np.clip(out, -1.0, 1.0, out=out)
    return out, sr


def _mix(track: np.ndarray, sound: np.ndarray, offset: int) -> np.ndarray:
    end = offset + len(sound)
    if end > len(track):
        track = np.concatenate([track, np.zeros(end - len(track), dtype=np.float32)])
    track[offset:end] += sound
    return track


def _fade_to(track: np.ndarray, length: int, sr: int) -> np.ndarray:
    if len(track) <= length:
        return track
    track = track[:length].copy()
    fade = min(len(track), int(0.02 * sr))
    if fade:
        track[-fade:] *= np.linspace(1.0, 0.0, fade, dtype=np.float32)
    return track


def write_wav(path: str | os.PathLike[str], samples: np.ndarray, sample_rate: int,
              channels: int = 1) -> Path:
    """Write mono float samples as 16-bit PCM (the same on every channel), atomically."""
    path = Path(path)
    tmp = path.with_name(path.name + ".part")
    pcm = (np.clip(samples, -1.0, 1.0) * 32767).astype("<i2")
    if channels > 1:
        pcm = np.repeat(pcm[:, None], channels, axis=1)
    with wave.open(str(tmp), "wb") as wav:
        wav.setnchannels(channels)
        wav.setsampwidth(2)
        wav.setframerate(sample_rate)
        wav.writeframes(pcm.tobytes())
    os.replace(tmp, path)
    return path
