"""Playback: one output stream that mixes everything and can be silenced at once.

Speech and tones are queued as sounds; the stream's callback mixes what is due into each
block. ``hush`` empties the mix, so sound stops within one block (20 ms). The frame
counter is the audio clock: sounds can be scheduled at an exact frame.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

import numpy as np

from audio.convert import resample
from audio.devices import AudioUnavailable, close_stream, find_device, sounddevice

BLOCK_SECONDS = 0.02


@dataclass
class _Playing:
    samples: np.ndarray
    start: int
    pos: int = 0


class Player:
    """A mixing output stream on one device."""

    def __init__(self, device: int | str | None = None, rate: int | None = None):
        sd = sounddevice()
        info = find_device(device, "output")
        self.rate = int(rate or info["default_samplerate"] or 48000)
        self.device_name = info["name"]
        self._lock = threading.Lock()
        self._sounds: list[_Playing] = []
        self.frames = 0
        self.failed = ""
        try:
            self._stream = sd.OutputStream(
                device=info["index"], samplerate=self.rate, channels=1, dtype="float32",
                blocksize=int(self.rate * BLOCK_SECONDS), callback=self._callback)
            self._stream.start()
        except Exception as exc:
            raise AudioUnavailable(f"The speaker '{info['name']}' could not be opened "
                                   f"({exc}).") from exc

    def _callback(self, out: np.ndarray, frames: int, _time: Any, status: Any) -> None:
        mix = np.zeros(frames, dtype=np.float32)
        with self._lock:
            start = self.frames
            keep = []
            for sound in self._sounds:
                offset = max(0, sound.start - start)
                if offset >= frames:
                    keep.append(sound)
                    continue
                take = min(frames - offset, len(sound.samples) - sound.pos)
                mix[offset : offset + take] += sound.samples[sound.pos : sound.pos + take]
                sound.pos += take
                if sound.pos < len(sound.samples):
                    keep.append(sound)
            self._sounds = keep
            self.frames += frames
        np.clip(mix, -1.0, 1.0, out=mix)
        out[:, 0] = mix

    def play(self, samples: np.ndarray, rate: int, at_frame: int | None = None) -> int:
        """Queue a sound (at ``at_frame``, or right after what is queued); return its frame."""
        data = resample(samples.astype(np.float32, copy=False), rate, self.rate)
        with self._lock:
            if at_frame is None:
                at_frame = max([self.frames] + [s.start + len(s.samples) for s in self._sounds])
            self._sounds.append(_Playing(data, at_frame))
        return at_frame

    @property
    def busy(self) -> bool:
        """True while anything is playing or queued."""
        with self._lock:
            return bool(self._sounds)

    def hush(self) -> None:
        """Silence everything now (within one block)."""
        with self._lock:
            self._sounds = []

    def close(self) -> None:
        """Stop the stream."""
        close_stream(self._stream)
