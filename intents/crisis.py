"""The crisis guard: runs first on every utterance, in every state, and wins over everything."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml
from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein

from intents.normalize import normalize


@dataclass(frozen=True)
class CrisisCheck:
    """The guard's verdict for one utterance and, on a match, what matched."""

    is_crisis: bool
    reason: str = ""


@dataclass(frozen=True)
class CrisisGuard:
    """Crisis language detector built from ``crisis.yaml``."""

    patterns: tuple[re.Pattern[str], ...]
    benign: tuple[re.Pattern[str], ...]
    vocabulary: tuple[str, ...] = ()
    misspellings: tuple[tuple[re.Pattern[str], str], ...] = ()

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> CrisisGuard:
        """Compile the guard from the mapping read out of ``crisis.yaml``."""
        fixes = tuple(
            (re.compile(r"\b" + re.escape(normalize(k, numbers=False)) + r"\b"), str(v))
            for k, v in (data.get("misspellings") or {}).items()
        )
        return cls(
            patterns=tuple(re.compile(p) for p in data.get("patterns", [])),
            benign=tuple(re.compile(p) for p in data.get("benign", [])),
            vocabulary=tuple(str(w) for w in data.get("vocabulary", [])),
            misspellings=fixes,
        )

    def check(self, text: str) -> CrisisCheck:
        """Say whether ``text`` contains crisis language (self-harm, suicide, a plan)."""
        norm = self.correct(normalize(text, numbers=False))
        if not norm:
            return CrisisCheck(False)
        for pattern in self.benign:
            norm = pattern.sub(" _ ", norm)
        for pattern in self.patterns:
            found = pattern.search(norm)
            if found:
                return CrisisCheck(True, found.group(0))
        return CrisisCheck(False)

    def correct(self, norm: str) -> str:
        """Replace misspelt or misheard words with the crisis words they are closest to."""
        for pattern, fixed in self.misspellings:
            norm = pattern.sub(fixed, norm)
        if not self.vocabulary:
            return norm
        words = norm.split()
        for i, word in enumerate(words):
            if len(word) < 5 or any(word.startswith(v) for v in self.vocabulary):
                continue  # a known word or its inflection ("disappeared", "killing")
            allowed = 1 if len(word) < 8 else 2
            best = process.extractOne(
                word, self.vocabulary, scorer=DamerauLevenshtein.distance,
                score_cutoff=allowed,
            )
            if best is not None:
                words[i] = best[0]
        return " ".join(words)


@lru_cache(maxsize=1)
def default_guard() -> CrisisGuard:
    """The guard built from the crisis data shipped with the package."""
    text = resources.files("intents").joinpath("data/crisis.yaml").read_text("utf-8")
    return CrisisGuard.from_data(yaml.safe_load(text) or {})


def is_crisis(text: str) -> bool:
    """Shortcut: does ``text`` contain crisis language?"""
    return default_guard().check(text).is_crisis
