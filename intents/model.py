"""The intent data model: what the YAML files say, as plain typed objects."""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from intents.normalize import normalize

INTENT_NAMES = (
    "ground", "breathe", "comfort", "check_in", "history", "urge", "trigger", "sleep",
    "reflect", "win", "crisis", "help", "stop", "pause", "resume", "repeat", "slower",
    "faster", "next", "yes", "no", "goodbye", "none",
)
"""The inventory is a contract with the dialogue and with scripts that read our JSON."""


@dataclass(frozen=True)
class Intent:
    """One intent: its normalised example phrases, keywords and slot names."""

    name: str
    examples: tuple[str, ...]
    keywords: tuple[str, ...] = ()
    slots: tuple[str, ...] = ()


@dataclass(frozen=True)
class SlotValues:
    """The values of one slot, each with the normalised phrases that name it."""

    name: str
    values: dict[str, tuple[str, ...]]


@dataclass(frozen=True)
class IntentSet:
    """Every intent with the slot vocabulary and the scoring settings."""

    intents: dict[str, Intent]
    slots: dict[str, SlotValues]
    threshold: float = 68.0
    keyword_boost: float = 12.0
    extra: dict[str, Any] = field(default_factory=dict)


def _strings(value: Any) -> tuple[str, ...]:
    return tuple(normalize(str(v)) for v in (value or []) if str(v).strip())


def parse_intents(data: dict[str, Any]) -> IntentSet:
    """Build an :class:`IntentSet` from the mapping read out of ``intents.yaml``."""
    slots = {
        name: SlotValues(name, {str(k): _strings(v) for k, v in values.items()})
        for name, values in (data.get("slots") or {}).items()
    }
    intents: dict[str, Intent] = {}
    for name, body in (data.get("intents") or {}).items():
        name = str(name)
        if name not in INTENT_NAMES:
            raise ValueError(f"unknown intent {name!r} in intent data")
        body = body or {}
        unknown = [s for s in body.get("slots", []) if s not in slots and s != "minutes"]
        if unknown:
            raise ValueError(f"intent {name!r} names unknown slots {unknown}")
        intents[name] = Intent(
            name=name,
            examples=_strings(body.get("examples")),
            keywords=_strings(body.get("keywords")),
            slots=tuple(body.get("slots", [])),
        )
    return IntentSet(
        intents=intents,
        slots=slots,
        threshold=float(data.get("threshold", 68)),
        keyword_boost=float(data.get("keyword_boost", 12)),
    )


def load_intents(path: Path | None = None) -> IntentSet:
    """Read the intent data shipped with the package, or the file at ``path``."""
    if path is None:
        text = resources.files("intents").joinpath("data/intents.yaml").read_text("utf-8")
    else:
        text = Path(path).read_text("utf-8")
    return parse_intents(yaml.safe_load(text) or {})
