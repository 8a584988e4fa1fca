"""Speaking through the default output device with sounddevice.

Items are spoken in order on a background thread so the dialogue never waits for audio;
``hush`` stops the current sound and drops what is queued.
"""

from __future__ import annotations

import queue
import threading
from typing import Any

import numpy as np

from audio.tones import tone
from audio.tts import Synthesizer, default_synthesizer


class SpeakerUnavailable(Exception):
    """No output device could be opened; the message says so in one sentence."""


def _sounddevice() -> Any:
    try:
        import sounddevice
    except OSError as exc:
        raise SpeakerUnavailable(
            "The audio library PortAudio is missing (on Debian: sudo apt install libportaudio2)."
        ) from exc
    return sounddevice


class Speaker:
    """An output port that speaks ``Say`` items and plays a tone and word for each ``Cue``."""

    def __init__(self, synth: Synthesizer | None = None, volume: float = 0.8,
                 device: int | str | None = None):
        sd = _sounddevice()
        try:
            info = sd.query_devices(device, "output")
        except Exception as exc:
            raise SpeakerUnavailable("No speaker or headphones were found.") from exc
        self._sd = sd
        self.device = info["index"] if isinstance(info, dict) and "index" in info else device
        self.synth = synth or default_synthesizer()
        self.volume = volume
        self._queue: queue.Queue[Any] = queue.Queue()
        self._thread = threading.Thread(target=self._play_loop, daemon=True)
        self._thread.start()

    def emit(self, item: Any) -> None:
        """Queue one item to be heard."""
        self._queue.put(item)

    def hush(self) -> None:
        """Stop the current sound and drop everything queued."""
        try:
            while True:
                self._queue.get_nowait()
        except queue.Empty:
            pass
        self._sd.stop()

    def close(self) -> None:
        """Let queued speech finish, then stop the thread."""
        self._queue.put(None)
        self._thread.join(timeout=30)

    def _play_loop(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            try:
                self._play(item)
            except Exception:  # a device that vanished must not kill the dialogue
                continue

    def _play(self, item: Any) -> None:
        rate = 0.85 if getattr(item, "style", "") == "quiet" else 1.0
        volume = self.volume * (0.6 if rate < 1 else 1.0)
        sr = self.synth.sample_rate
        parts = []
        phase = getattr(item, "phase", None)
        if phase:
            parts.append(tone(phase, sr, 0.3 * volume))
        voice = self.synth.synthesize(getattr(item, "word", None) or item.text, rate=rate)
        sr = self.synth.sample_rate
        parts.append(voice * volume)
        samples = np.concatenate(parts).astype(np.float32)
        self._sd.play(samples, sr, device=self.device, blocking=True)
