"""The crisis guard: every crisis phrasing caught, ordinary sadness left alone."""

from __future__ import annotations

import pytest
import yaml

from intents.crisis import default_guard
from tests.conftest import DATA

CASES = yaml.safe_load((DATA / "crisis_cases.yaml").read_text())


@pytest.mark.parametrize("text", CASES["crisis"] + CASES["crisis_typed"])
def test_crisis_is_caught(text):
    assert default_guard().check(text).is_crisis, text


@pytest.mark.parametrize("text", CASES["not_crisis"])
def test_sadness_is_not_crisis(text):
    verdict = default_guard().check(text)
    assert not verdict.is_crisis, (text, verdict.reason)


def test_typos_are_corrected_toward_crisis_words():
    guard = default_guard()
    assert guard.correct("thinking about suicde") == "thinking about suicide"
    assert guard.correct("i am killing time") == "i am killing time"
