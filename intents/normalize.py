"""Text normalisation shared by the intent matcher and the crisis guard.

Spoken and typed input arrive in many shapes ("I CAN'T breathe!!", "four seven eight",
"im so lonely"). Everything is folded to lower-case words separated by single spaces,
contractions are expanded, and (optionally) number words become digits.
"""

from __future__ import annotations

import re
import unicodedata

MAX_CHARS = 2000
"""Longer input is cut here: nobody says more than this in one breath."""

_CONTRACTIONS = {
    "can't": "can not",
    "cant": "can not",
    "cannot": "can not",
    "won't": "will not",
    "wont": "will not",
    "don't": "do not",
    "dont": "do not",
    "doesn't": "does not",
    "doesnt": "does not",
    "didn't": "did not",
    "didnt": "did not",
    "isn't": "is not",
    "isnt": "is not",
    "aren't": "are not",
    "wasn't": "was not",
    "wasnt": "was not",
    "weren't": "were not",
    "haven't": "have not",
    "havent": "have not",
    "hasn't": "has not",
    "hadn't": "had not",
    "wouldn't": "would not",
    "wouldnt": "would not",
    "shouldn't": "should not",
    "couldn't": "could not",
    "couldnt": "could not",
    "ain't": "am not",
    "i'm": "i am",
    "im": "i am",
    "i've": "i have",
    "ive": "i have",
    "i'll": "i will",
    "i'd": "i would",
    "you're": "you are",
    "youre": "you are",
    "you've": "you have",
    "you'll": "you will",
    "he's": "he is",
    "she's": "she is",
    "shes": "she is",
    "it's": "it is",
    "that's": "that is",
    "thats": "that is",
    "there's": "there is",
    "what's": "what is",
    "whats": "what is",
    "let's": "let us",
    "lets": "let us",
    "they're": "they are",
    "we're": "we are",
    "gonna": "going to",
    "wanna": "want to",
    "gotta": "got to",
    "kinda": "kind of",
    "y'all": "you all",
    "'cause": "because",
    "cuz": "because",
}

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})
_KEEP = re.compile(r"[^\w' -]+")
_SPACES = re.compile(r"\s+")


def clean(text: str) -> str:
    """Return printable, NFKC-normalised text with control characters removed."""
    text = unicodedata.normalize("NFKC", text[:MAX_CHARS])
    return "".join(ch if ch.isprintable() else " " for ch in text).strip()


def normalize(text: str, *, numbers: bool = True) -> str:
    """Fold ``text`` to lower-case words with contractions expanded.

    With ``numbers`` (the default) number words become digits, so "four seven eight"
    becomes "4 7 8" and "twenty five" becomes "25"; digit runs like "478" stay as they are.
    """
    text = clean(text).lower().translate(_APOSTROPHES)
    text = text.replace("-", " ").replace("_", " ").replace("/", " ")
    text = _KEEP.sub(" ", text)
    words = []
    for raw in text.split():
        word = raw.strip("'")
        if not word:
            continue
        expanded = _CONTRACTIONS.get(word)
        if expanded is None and word.endswith("'s"):
            expanded = word[:-2]
        if expanded is None and word.endswith("n't"):
            expanded = word[:-3] + " not"
        words.extend((expanded or word).replace("'", "").split())
    if numbers:
        words = _numbers_to_digits(words)
    return _SPACES.sub(" ", " ".join(words)).strip()


def _numbers_to_digits(words: list[str]) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        if word in _TENS:
            value = _TENS[word]
            if i + 1 < len(words) and 0 < _UNITS.get(words[i + 1], 0) < 10:
                value += _UNITS[words[i + 1]]
                i += 1
            out.append(str(value))
        elif word in _UNITS:
            out.append(str(_UNITS[word]))
        else:
            out.append(word)
        i += 1
    return out


def numbers_in(normalized: str) -> list[int]:
    """Return the whole numbers that appear as words in already normalised text."""
    return [int(w) for w in normalized.split() if w.isdigit() and len(w) <= 6]
