"""Reading free answers: things named in grounding, feelings and a 0-10 rating, choices.

These are not intents: they read what someone says in answer to a question.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from intents.normalize import clean, normalize, numbers_in

_SEPARATORS = re.compile(r",|;|\band\b|\bplus\b|\balso\b|\bthen\b|\bor\b|&")
_ARTICLES = re.compile(r"\b(?:a|an|the|my|some|his|her|their|our|your)\b")


@lru_cache(maxsize=1)
def vocabulary() -> dict[str, Any]:
    """Word lists from ``assistant/data/vocabulary.yaml``."""
    text = resources.files("assistant").joinpath("data/vocabulary.yaml").read_text("utf-8")
    return yaml.safe_load(text)


def _has_any(norm: str, phrases: list[str]) -> bool:
    padded = f" {norm} "
    return any(f" {normalize(p)} " in padded for p in phrases)


def count_named(text: str) -> int:
    """How many things someone named: "the lamp, my phone and the window" is three.

    Items are split on commas and joining words; a run like "a lamp a phone" is split at
    each article; "two pillows" counts two. Filler ("i can see") is not an item.
    """
    lowered = clean(text).lower()
    fillers = set(vocabulary()["ground_fillers"])
    chunks = [c for c in _SEPARATORS.split(lowered) if c.strip()]
    total = 0
    for chunk in chunks:
        pieces = [p for p in _ARTICLES.split(chunk) if p.strip()] if len(
            _ARTICLES.findall(chunk)) > 1 else [chunk]
        for piece in pieces:
            words = [w for w in normalize(piece).split() if w not in fillers]
            if not words:
                continue
            counted = int(words[0]) if words[0].isdigit() and len(words) > 1 else 1
            total += max(1, min(counted, 5))
    return total


def feelings_in(text: str) -> list[str]:
    """Feeling words named in ``text``, in the order said, without repeats."""
    vocab = vocabulary()
    norm = normalize(text, numbers=False)
    found: list[tuple[int, str]] = []
    taken: list[tuple[int, int]] = []
    for phrase, word in vocab["feeling_phrases"].items():
        for m in re.finditer(rf"\b{re.escape(phrase)}\b", norm):
            found.append((m.start(), word))
            taken.append((m.start(), m.end()))
    for m in re.finditer(r"\b[a-z]+\b", norm):
        if m.group(0) in vocab["feelings"] and not any(a <= m.start() < b for a, b in taken):
            found.append((m.start(), m.group(0)))
    seen: list[str] = []
    for _, word in sorted(found):
        if word not in seen:
            seen.append(word)
    return seen


def rating_in(text: str) -> int | None:
    """A 0-10 rating in ``text``: "maybe a four", "7/10", "six out of ten"."""
    slash = re.search(r"\b(\d+)\s*/\s*10\b", text)
    if slash and 0 <= int(slash.group(1)) <= 10:
        return int(slash.group(1))
    norm = normalize(text)
    out_of = re.search(r"\b(\d+)\s+(?:out of|of|over)\s+10\b", norm)
    if out_of and 0 <= int(out_of.group(1)) <= 10:
        return int(out_of.group(1))
    candidates = [n for n in numbers_in(norm) if 0 <= n <= 10]
    return candidates[-1] if candidates else None


def wants_skip(text: str) -> bool:
    """Did they ask to skip this question or step?"""
    return _has_any(normalize(text), vocabulary()["skip_words"])


def feeling_change(text: str) -> str:
    """'better', 'worse', 'same' or '' for an answer to "how do you feel now?"."""
    norm = normalize(text)
    vocab = vocabulary()
    if _has_any(norm, vocab["worse_words"]):
        return "worse"
    if _has_any(norm, vocab["better_words"]):
        return "better"
    if _has_any(norm, vocab["same_words"]):
        return "same"
    return ""


def urge_choice(text: str) -> str:
    """How they choose to meet the urge: 'send', 'write', 'talk', 'let_go' or ''."""
    norm = normalize(text)
    vocab = vocabulary()
    for choice, key in (("write", "urge_write"), ("send", "urge_send"),
                        ("talk", "urge_talk"), ("let_go", "urge_let_go")):
        if _has_any(norm, vocab[key]):
            return choice
    return ""
