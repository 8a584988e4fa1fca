"""Voice activity detection and endpointing: where an utterance starts and ends.

Frames of 16 kHz mono audio (20 ms) go through WebRTC's VAD (as shipped by pocketsphinx).
Quiet and whispered speech still counts: each frame is judged after an automatic gain that
follows the level of recent speech. An utterance starts after a few voiced frames (with a
little audio kept from before it) and ends after ``silence`` seconds without speech, a
value the dialogue tunes per state: short for commands, longer for check-in answers.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

import numpy as np

from audio.convert import ASR_RATE

FRAME_SECONDS = 0.02
FRAME_SAMPLES = int(ASR_RATE * FRAME_SECONDS)


@dataclass
class Utterance:
    """One stretch of speech, as 16 kHz mono float32, and where it started and ended."""

    audio: np.ndarray
    start: float
    end: float


@dataclass
class Endpointer:
    """Feed 16 kHz mono float32 blocks; collect finished utterances from ``feed``'s result."""

    silence: float = 0.6
    start_frames: int = 3
    preroll: float = 0.3
    max_seconds: float = 20.0
    mode: int = 1
    floor: float = 0.002
    _vad: object = field(init=False, repr=False)
    _pending: np.ndarray = field(init=False, repr=False)
    _history: deque = field(init=False, repr=False)
    _speech: list = field(init=False, repr=False)
    _voiced_run: int = field(init=False, default=0)
    _quiet_run: int = field(init=False, default=0)
    _in_speech: bool = field(init=False, default=False)
    _clock: float = field(init=False, default=0.0)
    _start: float = field(init=False, default=0.0)
    _gain_level: float = field(init=False, default=0.05)

    def __post_init__(self) -> None:
        from pocketsphinx import Vad

        self._vad = Vad(self.mode, ASR_RATE, FRAME_SECONDS)
        self._pending = np.zeros(0, dtype=np.float32)
        self._history = deque(maxlen=max(1, int(self.preroll / FRAME_SECONDS)))
        self._speech = []

    @property
    def in_speech(self) -> bool:
        """True while an utterance is going on."""
        return self._in_speech

    @property
    def speech_seconds(self) -> float:
        """Length of the utterance so far."""
        return len(self._speech) * FRAME_SECONDS

    def reset(self) -> None:
        """Forget any utterance in progress."""
        self._speech, self._in_speech = [], False
        self._voiced_run = self._quiet_run = 0
        self._history.clear()

    def _is_speech(self, frame: np.ndarray) -> bool:
        peak = float(np.max(np.abs(frame)))
        if peak < self.floor:
            return False
        gain = min(30.0, 0.5 / max(self._gain_level, 1e-4))
        pcm = (np.clip(frame * gain, -1, 1) * 32767).astype("<i2").tobytes()
        voiced = bool(self._vad.is_speech(pcm))  # type: ignore[attr-defined]
        if voiced:
            self._gain_level = 0.9 * self._gain_level + 0.1 * max(peak, self.floor * 2)
        return voiced

    def feed(self, block: np.ndarray) -> list[Utterance]:
        """Add audio; return the utterances that ended inside it."""
        done: list[Utterance] = []
        self._pending = np.concatenate([self._pending, block.astype(np.float32, copy=False)])
        while len(self._pending) >= FRAME_SAMPLES:
            frame = self._pending[:FRAME_SAMPLES]
            self._pending = self._pending[FRAME_SAMPLES:]
            self._clock += FRAME_SECONDS
            utterance = self._step(frame)
            if utterance is not None:
                done.append(utterance)
        return done

    def _step(self, frame: np.ndarray) -> Utterance | None:
        voiced = self._is_speech(frame)
        if not self._in_speech:
            self._history.append(frame)
            self._voiced_run = self._voiced_run + 1 if voiced else 0
            if self._voiced_run >= self.start_frames:
                self._in_speech = True
                self._speech = list(self._history)
                self._start = self._clock - len(self._speech) * FRAME_SECONDS
                self._quiet_run = 0
            return None
        self._speech.append(frame)
        self._quiet_run = 0 if voiced else self._quiet_run + 1
        if self._quiet_run * FRAME_SECONDS >= self.silence or \
                self.speech_seconds >= self.max_seconds:
            return self.flush()
        return None

    def flush(self) -> Utterance | None:
        """End the utterance in progress now (end of a file, or the stream closing)."""
        if not self._in_speech or not self._speech:
            self.reset()
            return None
        trailing = max(0, self._quiet_run - int(0.15 / FRAME_SECONDS))
        frames = self._speech[: len(self._speech) - trailing] if trailing else self._speech
        utterance = Utterance(np.concatenate(frames), self._start,
                              self._start + len(frames) * FRAME_SECONDS)
        self.reset()
        return utterance


def speech_in(samples: np.ndarray, silence: float = 0.6) -> np.ndarray:
    """The speech in a whole recording (16 kHz mono float32), silence around it removed.

    Several stretches of speech are joined with short gaps; if no speech is found the
    recording is returned as it is, and the recogniser has the last word.
    """
    ep = Endpointer(silence=silence)
    parts = [u.audio for u in ep.feed(samples)]
    last = ep.flush()
    if last is not None:
        parts.append(last.audio)
    if not parts:
        return samples
    gap = np.zeros(int(0.2 * ASR_RATE), dtype=np.float32)
    joined: list[np.ndarray] = []
    for part in parts:
        joined.extend([part, gap])
    return np.concatenate(joined[:-1])
