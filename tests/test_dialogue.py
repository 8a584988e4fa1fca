"""Every session of the brief, end to end in text, on a fake clock."""

from __future__ import annotations

import itertools

import pytest

from assistant.breathing import get_pattern
from assistant.config import Config
from assistant.content import content
from assistant.ports import Cue, Say
from tests.conftest import Session


def cue_times(session: Session) -> list[tuple[float, str, float]]:
    return [(t, c.phase, c.seconds) for t, c in session.out.cues]


# ---------------------------------------------------------------- breathing
def test_breathing_runs_the_whole_plan_on_time():
    s = Session().play(["box breathing for 1 minute"])
    cues = cue_times(s)
    assert len(cues) == 16
    start = cues[0][0]
    expected = 0.0
    for t, _phase, seconds in cues:
        assert t - start == pytest.approx(expected)
        expected += seconds
    assert [c[1] for c in cues[:4]] == ["in", "hold", "out", "hold"]
    assert "How do you feel now?" in s.text


def test_each_cue_has_its_own_word():
    s = Session().play(["cyclic sighing"])
    words = {c.phase: c.word for _, c in s.out.cues}
    assert words == {"in": "Breathe in", "top-up": "Top up", "out": "Breathe out"}


def test_slower_applies_from_the_next_phase():
    s = Session().play([(0, "help me breathe"), (1.0, "slower")])
    cues = cue_times(s)
    assert cues[0][2] == 4.0
    assert cues[1][2] == pytest.approx(6 * 1.15)
    assert cues[1][0] - cues[0][0] == pytest.approx(4.0)


def test_faster_stops_at_two_seconds():
    s = Session().play([(0, "coherent breathing")] + [(0.1, "faster")] * 10 + [(0.1, "stop")])
    assert "as quick as this one goes" in s.text
    assert all(sec >= 2.0 for _, phase, sec in cue_times(s) if phase in ("in", "out"))


def test_pause_and_resume_restart_the_cycle():
    s = Session().play([(0, "help me breathe"), (5.0, "pause"), (30.0, "resume"),
                        (1.0, "stop")])
    cues = cue_times(s)
    assert "Paused" in s.text and "Picking up again" in s.text
    assert [c[1] for c in cues] == ["in", "out", "in"]
    assert cues[2][0] == pytest.approx(35.0)


def test_stop_ends_breathing_and_asks_how_they_feel():
    s = Session().play([(0, "breathe"), (2, "stop"), (1, "a bit calmer")])
    assert len(s.out.cues) == 1
    assert "we'll stop here" in s.text
    assert "I'm glad" in s.text


def test_worse_after_breathing_offers_grounding():
    s = Session().play([(0, "breathe"), (1, "stop"), (1, "worse"), (1, "yes")])
    assert "Name five things you can see" in s.text


def test_478_says_it_keeps_to_four_rounds():
    s = Session().play(["4 7 8 breathing for 10 minutes"])
    assert "four rounds" in s.text
    assert len(s.out.cues) == 12


# ---------------------------------------------------------------- crisis
@pytest.mark.parametrize("before", [
    [], ["help me breathe"], ["ground me"], ["check in"], ["i want to text him"],
    ["help me reflect"], ["comfort me"], ["i have a win"],
])
def test_crisis_in_every_state_stops_everything_and_gives_the_line(before):
    script = [(0.0, b) for b in before] + [(2.0, "I don't want to wake up")]
    s = Session().play(script)
    assert "988" in s.out.said[-1] or any("988" in x for x in s.out.said[-2:])
    assert s.dialogue.breathing is None
    crisis_at = next(i for i, (_, it) in enumerate(s.out.items)
                     if isinstance(it, Say) and "988" in it.text)
    assert not any(isinstance(it, Cue) for _, it in s.out.items[crisis_at:])


def test_crisis_then_yes_breathes_together():
    s = Session().play([(0, "everyone would be better off without me"), (1, "yes")])
    assert "Let's breathe slowly together" in s.text
    assert len(s.out.cues) > 10
    assert "988" in s.out.said[-1]


def test_crisis_line_is_configurable():
    s = Session(config=Config(region="UK")).play(["i want to end my life"])
    assert "116 123" in s.text and "999" in s.text


def test_ordinary_sadness_is_comforted_not_escalated():
    s = Session().play(["I feel so broken"])
    assert "988" not in s.text
    assert "another" in s.text


# ---------------------------------------------------------------- grounding
def test_grounding_counts_named_things_and_prompts_for_the_rest():
    s = Session().play([
        "ground me",
        "the lamp, my phone and the window",
        "the door and a picture",
        "my feet, the blanket, the pillow, my hair",
        "skip",
        "coffee and soap",
    ])
    text = s.text
    assert "That's three. two more things you can see." in text
    assert "four things you can feel" in text
    assert "three things you can hear" in text
    assert "Let's move on" in text
    assert "one slow breath" in text
    assert [c.phase for _, c in s.out.cues] == ["in", "out"]
    assert "You're here, in this room" in text


def test_grounding_waits_for_something_named():
    s = Session().play(["ground me", "um"])
    assert "one thing is fine" in s.text


# ---------------------------------------------------------------- comfort
def test_self_talk_never_repeats_twice_in_a_row():
    s = Session().play(["comfort me"] + ["yes"] * 80)
    pool = {line for lines in content()["self_talk"].values() for line in lines}
    said = [x for x in s.out.said if x in pool]
    assert len(said) == 81
    assert all(a != b for a, b in itertools.pairwise(said))


def test_self_talk_is_tailored_to_the_trigger():
    s = Session().play(["everyone leaves me"] + ["yes"] * 20)
    tailored = set(content()["self_talk"]["abandonment"])
    said = [x for x in s.out.said if x in tailored]
    assert "fear of being left" in s.text
    assert len(said) >= 8


def test_library_has_at_least_60_statements():
    assert sum(len(v) for v in content()["self_talk"].values()) >= 60


# ---------------------------------------------------------------- urge
def test_urge_delays_breathes_names_and_records_the_win(store):
    s = Session(store).play([(0, "i want to text him"), (400, "lonely mostly"),
                             (1, "i'll let it go for tonight")])
    text = s.text
    assert "don't have to act on it" in text
    assert sum(c.seconds for _, c in s.out.cues) >= 170
    assert "Lonely. Thank you for naming it" in text
    assert "You rode out the urge" in text
    assert [e.kind for e in store.events()] == ["urge_ridden"]


def test_urge_choice_to_send_is_respected_without_judgement(store):
    s = Session(store).play([(0, "i want to text her"), (400, "angry"),
                             (1, "i'm going to text her anyway")])
    assert "your choice" in s.text
    assert "should" not in s.text.lower()
    assert store.events() == []


# ---------------------------------------------------------------- check-in
def test_checkin_stores_feelings_rating_need_and_step(store):
    Session(store).play(["quick check in", "i feel anxious and lonely, maybe a four",
                         "i need some rest", "i'll drink some water and go to bed"])
    entry = store.checkins()[-1]
    assert entry.mood == 4
    assert entry.feelings == ["anxious", "lonely"]
    assert entry.need == "i need some rest"
    assert entry.step == "i'll drink some water and go to bed"


def test_checkin_asks_for_a_rating_when_missing(store):
    s = Session(store).play(["check in", "numb", "dunno", "seven out of ten", "sleep",
                             "skip"])
    assert "zero to ten" in s.text
    assert store.checkins()[-1].mood == 7
    assert store.checkins()[-1].need == "sleep"
    assert store.checkins()[-1].step == ""


def test_answers_in_a_checkin_are_not_taken_as_commands(store):
    Session(store).play(["check in", "sad, a 3", "i need to stop thinking about him",
                         "go to sleep"])
    assert store.checkins()[-1].need == "i need to stop thinking about him"


def test_history_is_spoken(store):
    Session(store).play(["check in", "okay, 6", "rest", "sleep"])
    s = Session(store).play(["how have i been doing"])
    assert "You've checked in 1 time" in s.text and "6 out of ten" in s.text


# ---------------------------------------------------------------- reflection, wins, sleep, help
def test_reflection_walks_the_prompts():
    s = Session().play(["help me reflect", "honesty", "skip", "kindness", "space"])
    assert "What did you value most" in s.text
    assert "That's enough reflecting" in s.text


def test_win_is_recorded(store):
    s = Session(store).play(["i didn't text him today"])
    assert "win" in s.text.lower()
    assert store.events()[0].kind == "win"


def test_win_asks_what_it_was(store):
    Session(store).play(["log a win", "I went for a run"])
    assert store.events()[0].text == "I went for a run"


def test_sleep_winds_down_quietly_with_long_exhales():
    s = Session().play(["i can't sleep"])
    assert {c.phase for _, c in s.out.cues} == {"in", "out"}
    assert [c.seconds for _, c in s.out.cues[:2]] == [4.0, 6.0]
    goodnight = [it for _, it in s.out.items if isinstance(it, Say) and "Goodnight" in it.text]
    assert goodnight and goodnight[0].style == "quiet"
    assert all(c.style == "quiet" for _, c in s.out.cues)


def test_night_mode_defaults_to_extended_exhale():
    s = Session(night=True).play(["help me breathe"])
    assert s.dialogue.night
    assert [c.seconds for _, c in s.out.cues[:2]] == [4.0, 6.0]
    assert s.out.items[0][1].style == "quiet"


def test_help_lists_what_you_can_say():
    s = Session().play(["what can i say"])
    assert "breathe" in s.text and "Check in" in s.text


def test_it_says_plainly_it_is_a_program():
    s = Session().play(["are you a real person?"])
    assert "program running on this computer" in s.text


def test_repeat_says_the_last_thing_again():
    s = Session().play(["what can i say", "say that again"])
    assert s.out.said[-2] == s.out.said[-3]


def test_goodbye_ends_the_session():
    s = Session().play(["goodbye", "help me breathe"])
    assert s.dialogue.finished
    assert not s.out.cues


# ---------------------------------------------------------------- bad input
@pytest.mark.parametrize("junk", ["", "   ", "\x00\x07\x1b[2J", "x" * 50_000,
                                  "Ich weiß nicht", "😢😢😢", "ﾟ･✿ヾ╲(｡◕‿◕｡)╱✿･ﾟ"])
def test_bad_input_gets_a_reply_or_is_ignored_never_an_exception(junk):
    s = Session().play([junk, "goodbye"])
    assert s.dialogue.finished


def test_very_long_input_is_acknowledged():
    s = Session().play(["breathe " * 2000])
    assert "That was a lot to hold" in s.text


def test_patterns_data_matches_dialogue_defaults():
    assert get_pattern(None).key == "exhale"
