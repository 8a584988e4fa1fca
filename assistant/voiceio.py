"""Voice-mode ports: the dialogue's words through a speaker, utterances from a microphone."""

from __future__ import annotations

import queue
import re
import threading
import time
from collections.abc import Callable

import numpy as np
from rapidfuzz import fuzz

from assistant.ports import END, Cue, EndOfInput, Output, Say
from assistant.voice import command_grammar, to_act_on
from audio.asr import Recognizer, transcribe
from audio.convert import normalize_gain, to_pcm16
from audio.endpoint import Endpointer
from audio.mic import Microphone
from audio.snd import Player
from audio.tones import tone
from audio.tts import Synthesizer
from intents.crisis import is_crisis

_SENTENCE = re.compile(r"(?<=[.!?])\s+")
ECHO_SIMILARITY = 80


def sentences(text: str) -> list[str]:
    """Split text into sentences, so the first can be spoken while the rest is made."""
    return [s for s in _SENTENCE.split(text.strip()) if s]


class VoiceOutput:
    """Speaks ``Say`` items sentence by sentence; plays a tone and word for each ``Cue``."""

    def __init__(self, player: Player, synth: Synthesizer, volume: float = 0.8):
        self.player = player
        self.synth = synth
        self.volume = volume
        self.rate = 1.0
        self._recent: list[tuple[float, str]] = []
        self._lock = threading.Lock()

    def emit(self, item: Output) -> None:
        """Queue ``item`` to be heard after what is already playing."""
        quiet = item.style == "quiet"
        rate = self.rate * (0.85 if quiet else 1.0)
        volume = self.volume * (0.6 if quiet else 1.0)
        if isinstance(item, Cue):
            sr = self.synth.sample_rate
            word = self.synth.synthesize(item.word, rate=rate)
            lead = np.zeros(int(0.12 * sr), dtype=np.float32)
            sound = tone(item.phase, sr, 0.3 * volume)
            sound = np.concatenate([sound, np.zeros(max(0, len(lead) + len(word) - len(sound)),
                                                    dtype=np.float32)])
            sound[len(lead) : len(lead) + len(word)] += word * volume
            self.player.play(sound, sr, at_frame=self.player.frames)
            self._remember(item.word)
            return
        if isinstance(item, Say):
            self._remember(item.text)
            for sentence in sentences(item.text):
                self.player.play(self.synth.synthesize(sentence, rate=rate) * volume,
                                 self.synth.sample_rate)

    def _remember(self, text: str) -> None:
        with self._lock:
            now = time.monotonic()
            self._recent = [(t, s) for t, s in self._recent if now - t < 30] + [(now, text)]

    def is_echo(self, heard: str) -> bool:
        """True if ``heard`` is most likely the assistant's own voice coming back."""
        if len(heard) < 6:
            return False
        with self._lock:
            recent = [s.lower() for _, s in self._recent]
        return any(fuzz.partial_ratio(heard.lower(), s) >= ECHO_SIMILARITY for s in recent)

    @property
    def speaking(self) -> bool:
        """True while anything is still playing."""
        return self.player.busy

    def hush(self) -> None:
        """Stop speaking now (barge-in)."""
        self.player.hush()

    def close(self) -> None:
        """Let the last words play out, then close the stream."""
        deadline = time.monotonic() + 30
        while self.player.busy and time.monotonic() < deadline:
            time.sleep(0.05)
        self.player.close()


class VoiceInput:
    """Utterances from the microphone: endpointed, recognised, echoes dropped.

    While the assistant speaks through loudspeakers, or while an exercise expects only
    commands, the utterance is decoded against a phrase list of commands, after a free
    decoding that lets any crisis phrasing through; with ``headphones`` speech over the
    assistant is heard freely.
    """

    def __init__(self, mic: Microphone, recognizer: Recognizer, output: VoiceOutput, *,
                 silence_for: Callable[[], float] = lambda: 0.6,
                 commands_only: Callable[[], bool] = lambda: False, headphones: bool = False,
                 on_heard: Callable[[str], None] | None = None):
        self.mic = mic
        self.recognizer = recognizer
        self.output = output
        self.silence_for = silence_for
        self.commands_only = commands_only
        self.headphones = headphones
        self.on_heard = on_heard
        self.problem = ""
        self._texts: queue.Queue[str | EndOfInput] = queue.Queue()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._listen, daemon=True)
        self._thread.start()

    def _listen(self) -> None:
        endpointer = Endpointer(silence=self.silence_for())
        while not self._stop.is_set():
            block = self.mic.read(timeout=0.5)
            if block is None:
                if not self.mic.active:
                    self.problem = "The microphone stopped working."
                    self._texts.put(END)
                    return
                continue
            endpointer.silence = self.silence_for()
            for utterance in endpointer.feed(block):
                self._recognise(utterance.audio)

    def _recognise(self, audio: np.ndarray) -> None:
        speaking = self.output.speaking and not self.headphones
        pcm = to_pcm16(normalize_gain(audio))
        heard = to_act_on(transcribe(self.recognizer, pcm))
        if (speaking or self.commands_only()) and not is_crisis(heard):
            # Only commands are expected: a crisis phrase heard freely still wins above,
            # otherwise the phrase-list grammar decides.
            heard = transcribe(self.recognizer, pcm, command_grammar()).text
        if not heard:
            return
        if self.output.is_echo(heard) and (speaking or len(heard.split()) > 3):
            return
        if self.on_heard is not None:
            self.on_heard(heard)
        self._texts.put(heard)

    def read(self, timeout: float | None) -> str | EndOfInput | None:
        """The next thing heard, None on timeout, END if the microphone went away."""
        try:
            return self._texts.get(timeout=timeout)
        except queue.Empty:
            return None

    def wait(self, seconds: float) -> None:
        """Sleep (used once input has ended)."""
        time.sleep(seconds)

    def close(self) -> None:
        """Stop listening."""
        self._stop.set()
        self._thread.join(timeout=2)
        self.mic.close()
