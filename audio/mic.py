"""Capture: any device, any rate and channel count, delivered as 16 kHz mono blocks."""

from __future__ import annotations

import contextlib
import queue
from typing import Any

import numpy as np

from audio.convert import ASR_RATE, resample, to_mono
from audio.devices import AudioUnavailable, close_stream, find_device, sounddevice

BLOCK_SECONDS = 0.02


class Microphone:
    """An input stream whose blocks arrive, converted, through :meth:`read`."""

    def __init__(self, device: int | str | None = None):
        sd = sounddevice()
        info = find_device(device, "input")
        self.rate = int(info["default_samplerate"] or 16000)
        self.channels = max(1, min(2, int(info["max_input_channels"])))
        self.device_name = info["name"]
        self._blocks: queue.Queue[np.ndarray] = queue.Queue(maxsize=500)
        self.status = ""
        try:
            self._stream = sd.InputStream(
                device=info["index"], samplerate=self.rate, channels=self.channels,
                dtype="float32", blocksize=int(self.rate * BLOCK_SECONDS),
                callback=self._callback)
            self._stream.start()
        except Exception as exc:
            raise AudioUnavailable(f"The microphone '{info['name']}' could not be opened "
                                   f"({exc}).") from exc

    def _callback(self, data: np.ndarray, frames: int, _time: Any, status: Any) -> None:
        if status:
            self.status = str(status)
        with contextlib.suppress(queue.Full):
            self._blocks.put_nowait(data.copy())

    def read(self, timeout: float | None = None) -> np.ndarray | None:
        """The next block as 16 kHz mono float32, or None if none came in time."""
        try:
            block = self._blocks.get(timeout=timeout)
        except queue.Empty:
            return None
        return resample(to_mono(block), self.rate, ASR_RATE)

    @property
    def active(self) -> bool:
        """False once the device stopped delivering (unplugged)."""
        return bool(self._stream.active)

    def close(self) -> None:
        """Stop capturing."""
        close_stream(self._stream)
