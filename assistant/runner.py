"""Drives a :class:`Dialogue` from an input port until it finishes."""

from __future__ import annotations

from assistant.dialogue import Dialogue
from assistant.ports import Clock, EndOfInput, InputPort


def run(dialogue: Dialogue, source: InputPort, clock: Clock, *, greet: bool = True) -> None:
    """Feed utterances and deadlines to ``dialogue`` until it is finished or input ends.

    When input ends while a timed exercise is still running, the exercise is allowed to
    finish first (``grounding breathe`` piped from nothing still breathes to the end).
    """
    if greet:
        dialogue.start()
    while not dialogue.finished:
        deadline = dialogue.deadline
        timeout = None if deadline is None else max(0.0, deadline - clock.now())
        item = source.read(timeout)
        if isinstance(item, EndOfInput):
            if dialogue.deadline is not None and dialogue.exit_when_idle:
                _drain(dialogue, source, clock)
            dialogue.end_of_input()
            return
        if item is None:
            dialogue.tick()
        else:
            dialogue.hear(item)
            dialogue.tick()


def _drain(dialogue: Dialogue, source: InputPort, clock: Clock) -> None:
    """Let a timed exercise run to its end with no more input."""
    while dialogue.deadline is not None and not dialogue.finished:
        wait = max(0.0, dialogue.deadline - clock.now())
        source_wait = getattr(source, "wait", None)
        if source_wait is not None:
            source_wait(wait)
        dialogue.tick()
