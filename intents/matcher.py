"""Fuzzy intent matching with rapidfuzz.

Each utterance is normalised, scored against every example phrase, the best example per
intent wins for that intent, whole-word keywords add a boost, and the top intent is returned
unless it scores under the threshold (then the intent is ``none``). A slot value named in
the text ("box", "alone") counts as a keyword for the intents that carry that slot.
The crisis guard runs before any of that and wins outright.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
from rapidfuzz import fuzz, process

from intents.crisis import CrisisGuard, default_guard
from intents.model import IntentSet, load_intents
from intents.normalize import clean, normalize, numbers_in

MAX_MINUTES = 60


@dataclass(frozen=True)
class Match:
    """What was understood from one utterance."""

    text: str
    intent: str
    score: float
    slots: dict[str, Any] = field(default_factory=dict)
    normalized: str = ""

    def as_dict(self) -> dict[str, Any]:
        """The public JSON shape: ``{"text", "intent", "score", "slots"}``."""
        return {"text": self.text, "intent": self.intent, "score": self.score, "slots": self.slots}


def blended_scores(query: str, choices: list[str]) -> np.ndarray:
    """Similarity (0-100) of ``query`` to every choice, tolerant of extra words.

    ``token_set_ratio`` alone rewards a one-word example inside any sentence; blending it
    half and half with the order-aware ``ratio`` keeps short commands from swallowing long
    requests, while a close whole-phrase match keeps its full ``ratio``.
    """
    token_set = process.cdist([query], choices, scorer=fuzz.token_set_ratio, dtype=np.float32)[0]
    plain = process.cdist([query], choices, scorer=fuzz.ratio, dtype=np.float32)[0]
    return np.maximum(plain, 0.5 * token_set + 0.5 * plain)


class IntentMatcher:
    """Maps an utterance to one intent of the inventory, with its slots."""

    def __init__(self, intents: IntentSet | None = None, guard: CrisisGuard | None = None):
        self.data = intents or load_intents()
        self.guard = guard or default_guard()
        self._choices: list[str] = []
        self._names: list[str] = []
        starts: list[int] = []
        for intent in self.data.intents.values():
            if intent.examples:
                starts.append(len(self._choices))
                self._names.append(intent.name)
                self._choices.extend(intent.examples)
        self._starts = np.array(starts, dtype=np.intp)
        self._keywords = {
            name: re.compile(r"\b(" + "|".join(map(re.escape, it.keywords)) + r")\b")
            for name, it in self.data.intents.items()
            if it.keywords
        }
        self._slot_res = {
            slot: [
                (value, re.compile(r"\b(" + "|".join(map(re.escape, names)) + r")\b"))
                for value, names in values.values.items()
            ]
            for slot, values in self.data.slots.items()
        }

    def match(self, text: str) -> Match:
        """Understand ``text``; never raises, whatever the input."""
        shown = clean(text)
        if self.guard.check(shown).is_crisis:
            return Match(shown, "crisis", 100.0, {}, normalize(shown))
        norm = normalize(shown)
        if not norm:
            return Match(shown, "none", 0.0, {}, norm)
        scores = self.scores(norm)
        intent, score = max(scores.items(), key=lambda kv: kv[1])
        if score < self.data.threshold:
            return Match(shown, "none", round(score, 1), {}, norm)
        return Match(shown, intent, round(score, 1), self.slots_for(intent, norm), norm)

    def scores(self, norm: str) -> dict[str, float]:
        """Score every intent against already normalised text (0-100)."""
        per_example = blended_scores(norm, self._choices)
        per_intent = np.maximum.reduceat(per_example, self._starts)
        best = {name: float(score) for name, score in zip(self._names, per_intent, strict=True)}
        named_slots = {slot for slot, values in self._slot_res.items()
                       if any(p.search(norm) for _, p in values)}
        for name, intent in self.data.intents.items():
            keyword = self._keywords.get(name)
            if (keyword is not None and keyword.search(norm)) or named_slots.intersection(
                intent.slots
            ):
                best[name] = min(100.0, best[name] + self.data.keyword_boost)
        return best

    def slots_for(self, intent: str, norm: str) -> dict[str, Any]:
        """Extract the slots that ``intent`` carries from normalised text."""
        wanted = self.data.intents[intent].slots if intent in self.data.intents else ()
        slots: dict[str, Any] = {}
        for slot in wanted:
            if slot == "minutes":
                minutes = minutes_in(norm)
                if minutes is not None:
                    slots["minutes"] = minutes
                continue
            for value, pattern in self._slot_res.get(slot, []):
                if pattern.search(norm):
                    slots[slot] = value
                    break
        return slots

    def slot_value(self, slot: str, text: str) -> str | None:
        """The value of ``slot`` named anywhere in ``text``, if any (used mid-dialogue)."""
        norm = normalize(text)
        for value, pattern in self._slot_res.get(slot, []):
            if pattern.search(norm):
                return value
        return None


_MINUTES = re.compile(r"\b(\d+)\s*(minutes?|mins?)\b")


def minutes_in(norm: str) -> int | None:
    """The number of minutes asked for ("for 5 minutes", "ten min"), capped at an hour."""
    found = _MINUTES.search(norm)
    if found:
        return max(1, min(MAX_MINUTES, int(found.group(1))))
    if re.search(r"\b(a|one) minute\b", norm):
        return 1
    if "half an hour" in norm:
        return 30
    return None


@lru_cache(maxsize=1)
def default_matcher() -> IntentMatcher:
    """A matcher built once from the shipped intent and crisis data."""
    return IntentMatcher()


def match(text: str) -> Match:
    """Understand one utterance with the default matcher."""
    return default_matcher().match(text)


__all__ = ["IntentMatcher", "Match", "default_matcher", "match", "minutes_in", "numbers_in"]
