"""Breathing plans: exact phase starts for every pattern and every pace change."""

from __future__ import annotations

import math

import pytest

from assistant.breathing import Pacer, breathing_data, cycles_for, get_pattern, min_pace, plan

BRIEF = {
    "box": [("in", 4), ("hold", 4), ("out", 4), ("hold", 4)],
    "4-7-8": [("in", 4), ("hold", 7), ("out", 8)],
    "coherent": [("in", 5.5), ("out", 5.5)],
    "sigh": [("in", 2), ("top-up", 1), ("out", 6)],
    "exhale": [("in", 4), ("out", 6)],
}


@pytest.mark.parametrize("key", sorted(BRIEF))
def test_pattern_phases_match_the_brief(key):
    assert list(get_pattern(key).phases) == [(n, float(s)) for n, s in BRIEF[key]]


@pytest.mark.parametrize("key", sorted(BRIEF))
def test_plan_starts_each_phase_where_the_last_ended(key):
    phases = plan(get_pattern(key), 3)
    expected_t = 0.0
    for i, cue in enumerate(phases):
        name, seconds = BRIEF[key][i % len(BRIEF[key])]
        assert (cue.phase, cue.seconds, cue.cycle) == (name, seconds, i // len(BRIEF[key]) + 1)
        assert cue.t == pytest.approx(expected_t, abs=1e-9)
        expected_t += seconds
    assert len(phases) == 3 * len(BRIEF[key])


def test_box_is_375_breaths_a_minute_and_exhale_is_6():
    assert 60 / get_pattern("box").cycle_seconds == pytest.approx(3.75)
    assert 60 / get_pattern("exhale").cycle_seconds == pytest.approx(6)
    assert 60 / get_pattern("coherent").cycle_seconds == pytest.approx(5.4545, abs=1e-3)


def test_478_is_capped_at_four_cycles():
    assert cycles_for(get_pattern("4-7-8"), 10) == 4
    assert cycles_for(get_pattern("box"), 1) == 4


@pytest.mark.parametrize("key", sorted(BRIEF))
def test_slower_and_faster_apply_from_the_next_phase_exactly(key):
    pattern = get_pattern(key)
    pacer = Pacer(pattern, 4)
    step = breathing_data().pace_step
    first = pacer.next_phase()
    assert first.seconds == BRIEF[key][0][1]
    changed = pacer.slower()
    assert changed
    second = pacer.next_phase()
    assert second.t == first.seconds
    assert second.seconds == pytest.approx(round(BRIEF[key][1][1] * step, 3))
    pacer.faster()
    third = pacer.next_phase()
    assert third.t == pytest.approx(second.t + second.seconds)
    assert third.seconds == pytest.approx(BRIEF[key][2 % len(BRIEF[key])][1])


@pytest.mark.parametrize("key", sorted(BRIEF))
def test_faster_never_goes_below_two_seconds_for_in_or_out(key):
    pacer = Pacer(get_pattern(key), 50)
    for _ in range(20):
        pacer.faster()
    for _ in range(pacer.total_phases):
        cue = pacer.next_phase()
        if cue.phase in ("in", "out"):
            assert cue.seconds >= 2.0 - 1e-9
    assert pacer.pace == pytest.approx(min_pace(get_pattern(key)))


def test_ratio_is_kept_when_pace_changes():
    pattern = get_pattern("4-7-8")
    slow = plan(pattern, 1, pace=1.5)
    assert [c.seconds for c in slow] == [6.0, 10.5, 12.0]
    assert math.isclose(slow[2].seconds / slow[0].seconds, 2.0)


def test_pace_is_capped_when_slowing_down():
    pacer = Pacer(get_pattern("box"), 2)
    while pacer.slower():
        pass
    assert pacer.pace == breathing_data().max_pace
