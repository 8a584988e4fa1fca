"""What grounding says: the content file, and a picker that never repeats itself in a row."""

from __future__ import annotations

import random
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

TRIGGER_KINDS = ("abandonment", "comparison", "loneliness")


@lru_cache(maxsize=1)
def content() -> dict[str, Any]:
    """The content shipped with the package (``assistant/data/content.yaml``)."""
    text = resources.files("assistant").joinpath("data/content.yaml").read_text("utf-8")
    return yaml.safe_load(text)


class Lines:
    """Looks up lines by key and picks from lists without saying the same line twice in a row."""

    def __init__(self, data: dict[str, Any] | None = None, rng: random.Random | None = None):
        self.data = data or content()
        self.rng = rng or random.Random()
        self._last: dict[str, str] = {}

    def get(self, key: str, **values: Any) -> str:
        """The line at ``key`` (a dotted path), one picked if it is a list, formatted."""
        node: Any = self.data
        for part in key.split("."):
            node = node[part]
        if isinstance(node, list):
            node = self._pick(key, node)
        return str(node).format(**values) if values else str(node)

    def _pick(self, key: str, options: list[Any]) -> str:
        choices = [str(o) for o in options if str(o) != self._last.get(key)] or [str(options[0])]
        line = self.rng.choice(choices)
        self._last[key] = line
        return line

    def self_talk(self, kind: str | None) -> str:
        """A compassionate statement for the trigger ``kind`` (or a general one).

        Mostly from the kind's own list, sometimes from the general list, and never the
        same statement twice in a row, whichever list it came from.
        """
        pool = list(self.data["self_talk"]["general"])
        if kind in self.data["self_talk"] and kind != "general":
            tailored = list(self.data["self_talk"][kind])
            pool = tailored * 3 + pool if kind != "urge" else tailored
        return self._pick("self_talk", pool)


def self_talk_count() -> int:
    """How many distinct self-talk statements the library holds."""
    return sum(len(v) for v in content()["self_talk"].values())
