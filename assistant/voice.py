"""Voice glue: what the recogniser should expect to hear, and files through the same path.

Lives in ``assistant`` because it joins the intent data (``intents``) with the engines
(``audio``); neither of those knows the other.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np
import yaml

from assistant.answers import vocabulary
from assistant.content import content
from audio.asr import Recognizer, Transcript, load_recognizer, transcribe
from audio.convert import ASR_RATE, for_asr, normalize_gain, to_pcm16
from audio.endpoint import speech_in
from audio.tts import read_wav
from intents.crisis import is_crisis

COMMAND_PHRASES = (
    "stop", "stop please", "stop it", "pause", "wait", "hold on", "slower", "slow down",
    "faster", "resume", "continue", "go on", "quiet", "quieter", "enough", "goodbye",
    "repeat", "skip", "next", "yes", "no", "help",
)
"""What can still be heard while the assistant is speaking through loudspeakers."""


def _raw_yaml(package: str, name: str) -> dict:
    return yaml.safe_load(resources.files(package).joinpath(f"data/{name}").read_text("utf-8"))


@lru_cache(maxsize=1)
def crisis_phrases() -> tuple[str, ...]:
    """Crisis phrasings: always part of what can be heard, whatever the grammar."""
    return tuple(_raw_yaml("intents", "crisis.yaml").get("examples", []))


@lru_cache(maxsize=1)
def recognition_corpus() -> tuple[str, ...]:
    """Sentences that bias the built-in recogniser toward what people say to grounding."""
    intents = _raw_yaml("intents", "intents.yaml")
    lines: list[str] = []
    for body in intents["intents"].values():
        lines.extend(str(e) for e in body.get("examples", []))
        lines.extend(str(k) for k in body.get("keywords", []))
    for values in intents["slots"].values():
        for names in values.values():
            lines.extend(str(n) for n in names)
    lines.extend(crisis_phrases())
    vocab = vocabulary()
    feelings = [str(f) for f in vocab["feelings"]]
    lines.extend(f"i feel {f}" for f in feelings)
    lines.extend(f"i am {f} and {g}" for f, g in itertools.pairwise(feelings))
    lines.extend(f"maybe a {n}" for n in range(11))
    lines.extend(f"{n} out of ten" for n in range(11))
    for key in ("skip_words", "better_words", "worse_words", "same_words", "urge_let_go",
                "urge_write", "urge_talk", "urge_send"):
        lines.extend(str(w) for w in vocab[key])
    lines.extend(["i need some rest", "i need a hug", "i need sleep", "i need to calm down",
                  "i will drink some water and go to bed", "i will go to sleep",
                  "i can see the lamp my phone and the window", "i can hear the fridge",
                  "i can feel the blanket", "i can smell coffee"])
    lines.extend(str(p) for p in content()["reflect_prompts"])
    lines.extend(COMMAND_PHRASES)
    return tuple(with_contractions(lines))


@lru_cache(maxsize=1)
def recognition_words() -> tuple[str, ...]:
    """Every word grounding itself says: likely words for the recogniser beyond the corpus."""
    found: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, str):
            found.update(re.findall(r"[a-z']+", node.lower()))
        elif isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            for item in node.values():
                walk(item)

    walk(content())
    walk(vocabulary())
    return tuple(sorted(found))


def load_default_recognizer(model: str | None = None, configured: str | None = None,
                            data_dir: Path | None = None) -> tuple[Recognizer, str]:
    """Vosk if a model is available, else pocketsphinx biased toward our domain."""
    return load_recognizer(recognition_corpus(), recognition_words(), model=model,
                           configured=configured, data_dir=data_dir)


_CONTRACT = (("i am", "i'm"), ("do not", "don't"), ("can not", "can't"),
             ("will not", "won't"), ("i have", "i've"), ("i will", "i'll"),
             ("is not", "isn't"), ("it is", "it's"), ("that is", "that's"),
             ("what is", "what's"), ("would not", "wouldn't"), ("let us", "let's"),
             ("did not", "didn't"), ("they would", "they'd"), ("i would", "i'd"),
             ("want to", "wanna"))


def with_contractions(lines: Iterable[str]) -> list[str]:
    """Each line as written and, where it has one, with the contraction people say."""
    out: list[str] = []
    for line in lines:
        out.append(line)
        spoken = line
        for full, short in _CONTRACT:
            spoken = re.sub(rf"\b{full}\b", short, spoken)
        if spoken != line:
            out.append(spoken)
    return out


def command_grammar() -> tuple[str, ...]:
    """Commands plus crisis phrasings: the phrase list used while the assistant speaks."""
    return COMMAND_PHRASES + crisis_phrases()


def to_act_on(transcript: Transcript) -> str:
    """The words to act on: the best guess, unless another likely reading is a crisis.

    Recall matters more than precision here: if any of the recogniser's alternatives
    carries crisis language, that reading is the one the dialogue hears.
    """
    if is_crisis(transcript.text):
        return transcript.text
    for alternative in transcript.alternatives:
        if is_crisis(alternative):
            return alternative
    return transcript.text


def hear_samples(recognizer: Recognizer, samples: np.ndarray, rate: int) -> Transcript:
    """Recognise one recording: to 16 kHz mono, speech found, level evened, decoded."""
    audio = speech_in(for_asr(samples, rate))
    return transcribe(recognizer, to_pcm16(normalize_gain(audio)))


def hear_file(recognizer: Recognizer, path: Path) -> Transcript:
    """Recognise a WAV file (any rate, mono or stereo, 8/16/32-bit PCM)."""
    samples, rate = read_wav(path)
    if samples.size < rate * 0.05:
        return Transcript("")
    return hear_samples(recognizer, samples, rate)


__all__ = ["ASR_RATE", "command_grammar", "hear_file", "hear_samples", "recognition_corpus"]
