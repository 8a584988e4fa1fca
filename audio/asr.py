"""Speech recognition behind one small interface, with two engines.

* Vosk, whenever a Vosk model folder is available (``--model``, ``GROUNDING_VOSK_MODEL``,
  the config, the data folder's ``models/``, or Vosk's own cache).
* pocketsphinx, whose US English model ships inside its wheel: the embedded default, so
  recognition works right after install. It is biased toward what people say to us with a
  small language model built from phrases the caller passes in.

Both take 16 kHz mono 16-bit PCM, in blocks, and can be narrowed to a phrase list (a
command-only grammar) while the assistant is speaking.
"""

from __future__ import annotations

import io
import itertools
import json
import os
import re
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from audio.convert import ASR_RATE

VOSK_ENV = "GROUNDING_VOSK_MODEL"
_DIGITS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


class RecognizerUnavailable(Exception):
    """A recogniser could not be loaded; the message says what to do."""


@dataclass(frozen=True)
class Transcript:
    """What was heard in one utterance."""

    text: str
    confidence: float | None = None
    alternatives: tuple[str, ...] = ()
    """Other likely readings, best first (the n-best list), where the engine gives them."""


class Recognizer(Protocol):
    """A streaming recogniser: ``start``, ``feed`` blocks, ``finish``."""

    name: str

    def start(self, grammar: Sequence[str] | None = None) -> None:
        """Begin an utterance; with ``grammar`` only those phrases can be heard."""

    def feed(self, pcm16: bytes) -> str:
        """Add audio; returns the partial transcript so far."""

    def finish(self) -> Transcript:
        """End the utterance and return the final transcript."""


def transcribe(recognizer: Recognizer, pcm16: bytes, grammar: Sequence[str] | None = None,
               block: int = 8000) -> Transcript:
    """Recognise a whole utterance given at once (files, tests)."""
    recognizer.start(grammar)
    for i in range(0, len(pcm16), block):
        recognizer.feed(pcm16[i : i + block])
    return recognizer.finish()


def lm_sentence(text: str) -> str:
    """A phrase as the language model wants it: lower case words, digits spelled out."""
    text = text.lower().replace("-", " ")
    text = re.sub(r"\d", lambda m: f" {_DIGITS[int(m.group(0))]} ", text)
    return " ".join(re.findall(r"[a-z']+", text))


# ------------------------------------------------------------------ pocketsphinx
class PocketsphinxRecognizer:
    """pocketsphinx with its bundled US English acoustic model and a domain language model."""

    name = "pocketsphinx"

    N_BEST = 20
    LANGUAGE_WEIGHT = 9.0
    """Above pocketsphinx's 6.5: trust the small domain model more than the sounds alone."""

    def __init__(self, corpus: Iterable[str] = (), words: Iterable[str] = ()):
        try:
            from pocketsphinx import Decoder, get_model_path
            from pocketsphinx.lm import ArpaBoLM
        except ImportError as exc:  # pragma: no cover - it is a dependency
            raise RecognizerUnavailable("pocketsphinx is not installed: "
                                        "pip install pocketsphinx.") from exc
        model = Path(get_model_path()) / "en-us"
        sentences = sorted({s for s in (lm_sentence(c) for c in corpus) if s})
        self._tmp = tempfile.TemporaryDirectory(prefix="grounding-lm-")
        lm_path = model / "en-us.lm.bin"
        if sentences:
            word_file = Path(self._tmp.name) / "words.txt"
            word_file.write_text("\n".join(sorted({lm_sentence(w) for w in words} - {""})),
                                 "utf-8")
            builder = ArpaBoLM(text="\n".join(sentences), add_start=True, case="lower",
                               word_file=str(word_file))
            builder.compute()
            lm_path = Path(self._tmp.name) / "domain.arpa"
            with io.StringIO() as buffer:
                builder.write(buffer)
                lm_path.write_text(buffer.getvalue(), "utf-8")
        try:
            self.decoder = Decoder(hmm=str(model / "en-us"), lm=str(lm_path),
                                   dict=str(model / "cmudict-en-us.dict"), loglevel="FATAL",
                                   lw=self.LANGUAGE_WEIGHT)
        except (RuntimeError, ValueError) as exc:
            raise RecognizerUnavailable(f"The built-in recogniser could not start ({exc}). "
                                        "Reinstall pocketsphinx.") from exc
        self._grammars: dict[tuple[str, ...], str] = {}
        self._started = False

    def _grammar_search(self, phrases: Sequence[str]) -> str | None:
        key = tuple(sorted({lm_sentence(p) for p in phrases if lm_sentence(p)}))
        if key in self._grammars:
            return self._grammars[key]
        known = [p for p in key if all(self.decoder.lookup_word(w) for w in p.split())]
        if not known:
            return None
        name = f"grammar{len(self._grammars)}"
        rules = " | ".join(known)
        self.decoder.add_jsgf_string(name, f"#JSGF V1.0; grammar g; public <c> = {rules};")
        self._grammars[key] = name
        return name

    def start(self, grammar: Sequence[str] | None = None) -> None:
        """Begin an utterance (optionally limited to ``grammar``)."""
        search = self._grammar_search(grammar) if grammar else None
        self.decoder.activate_search(search) if search else self.decoder.activate_search()
        self.decoder.start_utt()
        self._started = True

    def feed(self, pcm16: bytes) -> str:
        """Decode more audio; return the current best guess."""
        if not self._started:
            self.start()
        self.decoder.process_raw(pcm16, False, False)
        hyp = self.decoder.hyp()
        return hyp.hypstr if hyp else ""

    def finish(self) -> Transcript:
        """End the utterance."""
        if not self._started:
            return Transcript("")
        self.decoder.end_utt()
        self._started = False
        hyp = self.decoder.hyp()
        try:
            best = itertools.islice(self.decoder.nbest(), self.N_BEST)
            others = tuple(dict.fromkeys(t for t in (getattr(h, "hypstr", "") for h in best) if t))
        except (RuntimeError, ValueError):  # no lattice (e.g. nothing was heard)
            others = ()
        return Transcript(hyp.hypstr if hyp else "", None, others)


# ------------------------------------------------------------------ vosk
def looks_like_vosk_model(path: Path) -> bool:
    """A Vosk model folder has an acoustic model and a config."""
    return (path / "am" / "final.mdl").is_file() and (path / "conf").is_dir()


def find_vosk_model(explicit: str | os.PathLike[str] | None = None,
                    configured: str | None = None,
                    data_dir: Path | None = None) -> Path | None:
    """The first Vosk model folder found, in order of precedence; None if there is none.

    An explicit path (``--model``) or ``GROUNDING_VOSK_MODEL`` that does not hold a model
    raises :class:`RecognizerUnavailable`: the user asked for it, so they should know.
    """
    for asked in (explicit, os.environ.get(VOSK_ENV) or None):
        if asked:
            path = Path(asked).expanduser()
            if not path.exists():
                raise RecognizerUnavailable(f"There is no speech model at {path}.")
            if not looks_like_vosk_model(path):
                raise RecognizerUnavailable(
                    f"{path} is not a complete Vosk model (am/final.mdl or conf/ missing); "
                    "download it again with: grounding models download.")
            return path
    candidates: list[Path] = []
    if configured:
        candidates.append(Path(configured).expanduser())
    for root in (data_dir / "models" if data_dir else None, Path.home() / ".cache" / "vosk"):
        if root is not None and root.is_dir():
            candidates.extend(sorted(p for p in root.iterdir() if "en" in p.name.lower()))
    for path in candidates:
        if looks_like_vosk_model(path):
            return path
    return None


class VoskRecognizer:
    """Vosk (Kaldi) with any model folder; phrase lists become a runtime grammar."""

    name = "vosk"

    def __init__(self, model_path: str | os.PathLike[str]):
        try:
            import vosk
        except ImportError as exc:
            raise RecognizerUnavailable("vosk is not installed: pip install vosk.") from exc
        vosk.SetLogLevel(-1)
        path = Path(model_path)
        if not looks_like_vosk_model(path):
            raise RecognizerUnavailable(f"{path} is not a complete Vosk model; "
                                        "download it again with: grounding models download.")
        try:
            self.model = vosk.Model(str(path))
        except Exception as exc:  # vosk raises a bare Exception on a broken model
            raise RecognizerUnavailable(f"The speech model at {path} could not be loaded; "
                                        "it may be damaged. Download it again.") from exc
        self._vosk = vosk
        self.path = path
        self._rec: object | None = None
        self._parts: list[str] = []

    def start(self, grammar: Sequence[str] | None = None) -> None:
        """Begin an utterance; ``grammar`` becomes Vosk's phrase list (plus ``[unk]``)."""
        if grammar:
            phrases = [*dict.fromkeys(p.lower() for p in grammar if p.strip()), "[unk]"]
            self._rec = self._vosk.KaldiRecognizer(self.model, ASR_RATE, json.dumps(phrases))
        else:
            self._rec = self._vosk.KaldiRecognizer(self.model, ASR_RATE)
        self._parts = []

    def feed(self, pcm16: bytes) -> str:
        """Decode more audio; return the partial (or the last complete segment)."""
        if self._rec is None:
            self.start()
        rec = self._rec
        if rec.AcceptWaveform(pcm16):  # type: ignore[attr-defined]
            text = json.loads(rec.Result()).get("text", "")  # type: ignore[attr-defined]
            if text:
                self._parts.append(text)
            return " ".join(self._parts)
        partial = json.loads(rec.PartialResult()).get("partial", "")  # type: ignore[attr-defined]
        return " ".join([*self._parts, partial]).strip()

    def finish(self) -> Transcript:
        """End the utterance and return everything heard."""
        if self._rec is None:
            return Transcript("")
        final = json.loads(self._rec.FinalResult()).get("text", "")  # type: ignore[attr-defined]
        self._rec = None
        text = " ".join([*self._parts, final]).replace("[unk]", "").split()
        return Transcript(" ".join(text))


def load_recognizer(corpus: Iterable[str], words: Iterable[str] = (), *,
                    model: str | os.PathLike[str] | None = None,
                    configured: str | None = None,
                    data_dir: Path | None = None) -> tuple[Recognizer, str]:
    """Vosk if a model is found and loads, else pocketsphinx; with a notice on fallback."""
    notice = ""
    try:
        path = find_vosk_model(model, configured, data_dir)
        if path is not None:
            return VoskRecognizer(path), ""
    except RecognizerUnavailable as exc:
        notice = f"{exc} Using the built-in recogniser instead."
    return PocketsphinxRecognizer(corpus, words), notice
