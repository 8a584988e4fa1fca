"""The intent matcher: normalisation, inventory, slots, held-out accuracy, odd input."""

from __future__ import annotations

import yaml

from intents.matcher import IntentMatcher, default_matcher, minutes_in
from intents.model import INTENT_NAMES, load_intents
from intents.normalize import normalize
from tests.conftest import DATA

CONTRACT = {"ground", "breathe", "comfort", "check_in", "history", "urge", "trigger", "sleep",
            "reflect", "win", "crisis", "help", "stop", "pause", "resume", "repeat", "slower",
            "faster", "next", "yes", "no", "goodbye", "none"}


def heldout() -> list[list]:
    return yaml.safe_load((DATA / "heldout_intents.yaml").read_text())["cases"]


def test_normalize_folds_case_punctuation_and_contractions():
    assert normalize("I CAN'T stop!!  Thinking…") == "i can not stop thinking"
    assert normalize("I’m so tired") == "i am so tired"
    assert normalize("im fine, dont worry") == "i am fine do not worry"


def test_normalize_turns_number_words_into_digits():
    assert normalize("four seven eight") == "4 7 8"
    assert normalize("twenty five minutes") == "25 minutes"
    assert normalize("4-7-8 breathing") == "4 7 8 breathing"
    assert normalize("no one", numbers=False) == "no one"


def test_inventory_is_exactly_the_contract():
    assert set(INTENT_NAMES) == CONTRACT
    data = load_intents()
    assert set(data.intents) == CONTRACT - {"crisis", "none"}


def test_heldout_accuracy_is_at_least_95_percent():
    matcher = default_matcher()
    cases = heldout()
    right = 0
    for case in cases:
        text, want = case[0], str(case[1])
        slots = case[2] if len(case) > 2 else {}
        got = matcher.match(text)
        right += got.intent == want and all(got.slots.get(k) == v for k, v in slots.items())
    assert len(cases) >= 200
    assert right / len(cases) >= 0.95, f"{right}/{len(cases)}"


def test_heldout_utterances_are_not_training_examples():
    examples = {e for it in load_intents().intents.values() for e in it.examples}
    leaked = [c[0] for c in heldout() if normalize(c[0]) in examples]
    assert leaked == []


def test_breathe_slots_pattern_and_minutes():
    m = default_matcher()
    assert m.match("box breathing for 5 minutes").slots == {"pattern": "box", "minutes": 5}
    assert m.match("four seven eight breathing").slots == {"pattern": "4-7-8"}
    assert m.match("coherent breathing for ten minutes").slots == {
        "pattern": "coherent", "minutes": 10}
    assert m.match("cyclic sighing").slots == {"pattern": "sigh"}
    assert m.match("help me breathe").slots == {}


def test_trigger_kind_slot():
    m = default_matcher()
    assert m.match("everyone leaves me").slots == {"kind": "abandonment"}
    assert m.match("he's already with someone new").slots == {"kind": "comparison"}
    assert m.match("the flat is so empty").slots == {"kind": "loneliness"}


def test_minutes_are_capped():
    assert minutes_in("breathe for 500 minutes") == 60
    assert minutes_in("for a minute") == 1
    assert minutes_in("breathe") is None


def test_out_of_scope_is_none():
    m = default_matcher()
    for text in ["what's the weather", "", "   ", "asdf qwer", "ein Bier bitte", "🙂🙂🙂"]:
        assert m.match(text).intent == "none", text


def test_crisis_wins_over_everything():
    m = default_matcher()
    result = m.match("help me breathe, I want to die")
    assert result.intent == "crisis"
    assert result.score == 100.0


def test_json_shape():
    d = default_matcher().match("Help me breathe").as_dict()
    assert set(d) == {"text", "intent", "score", "slots"}
    assert d["text"] == "Help me breathe" and d["intent"] == "breathe"
    assert isinstance(d["score"], float) and 0 <= d["score"] <= 100


def test_threshold_is_data():
    data = load_intents()
    strict = IntentMatcher(type(data)(data.intents, data.slots, threshold=101))
    assert strict.match("help me breathe").intent == "none"


def test_junk_never_raises():
    m = default_matcher()
    for text in ["\x00\x01\x02", "a" * 100_000, "word " * 10_000, "\ud800".encode(
            "utf-8", "surrogatepass").decode("utf-8", "replace"), "日本語のテキスト", "-'-'-"]:
        assert m.match(text).intent in CONTRACT
