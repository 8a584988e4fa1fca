"""The conversation: one state machine, independent of how words arrive or leave.

Read it top to bottom: ``hear`` is called with each utterance, ``tick`` when the deadline
passes. Every utterance goes through the crisis guard first, in every state. Then a few
commands work everywhere (goodbye, and stop inside an exercise), and the rest is handled
by the current state's method, named ``_state_<state>``.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from assistant.answers import (
    count_named,
    feeling_change,
    feelings_in,
    rating_in,
    urge_choice,
    wants_skip,
)
from assistant.breathing import Pacer, breathing_data, cycles_for, get_pattern
from assistant.config import Config
from assistant.content import Lines
from assistant.ports import Clock, Cue, OutputPort, Say
from assistant.storage import CheckIn, StorageError, Store, trend
from intents.matcher import IntentMatcher, Match, default_matcher
from intents.normalize import MAX_CHARS, clean

SENSES = ("see", "feel", "hear", "smell")
EXERCISE_STATES = ("ground", "breathe", "paused", "reflect")
FREE_ANSWER_STATES = ("checkin_feeling", "checkin_rating", "checkin_need", "checkin_step",
                      "urge_name", "urge_choose", "win_ask", "reflect", "ground")
URGE_DELAY_MINUTES = 3


@dataclass
class Breathing:
    """A breathing session in progress: the pacer, when the current phase ends, what next."""

    pacer: Pacer
    then: str
    deadline: float = 0.0
    speak_cues: bool = True


class Dialogue:
    """The grounding conversation. Feed it with :meth:`hear` and :meth:`tick`."""

    def __init__(self, output: OutputPort, clock: Clock, *, config: Config | None = None,
                 store: Store | None = None, matcher: IntentMatcher | None = None,
                 night: bool = False, rng: random.Random | None = None):
        self.out = output
        self.clock = clock
        self.config = config or Config()
        self.store = store
        self.matcher = matcher or default_matcher()
        self.night = night
        self.lines = Lines(rng=rng)
        self.state = "idle"
        self.finished = False
        self.exit_when_idle = False
        self.breathing: Breathing | None = None
        self.last_said = ""
        self.trigger_kind: str | None = None
        self.ground_sense = 0
        self.ground_count = 0
        self.reflect_index = 0
        self.draft = CheckIn(mood=None)
        self.speech_rate = 1.0
        self.crisis_seen = False

    # ----------------------------------------------------------------- output helpers
    @property
    def style(self) -> str:
        """"quiet" at night, "normal" otherwise."""
        return "quiet" if self.night else "normal"

    def say(self, text: str) -> None:
        """Speak ``text`` and remember it for "repeat"."""
        self.last_said = text
        self.out.emit(Say(text, self.style))

    def line(self, key: str, **values: object) -> None:
        """Speak the content line at ``key``."""
        self.say(self.lines.get(key, **values))

    @property
    def silence_seconds(self) -> float:
        """How long a pause ends an utterance: longer when an answer is expected."""
        return 1.2 if self.state in FREE_ANSWER_STATES else 0.6

    @property
    def commands_only(self) -> bool:
        """True while an exercise runs: stop, pause, slower and the like are what we expect."""
        return self.state in ("breathe", "paused")

    # ----------------------------------------------------------------- time
    @property
    def deadline(self) -> float | None:
        """When :meth:`tick` must next be called, or None when nothing is timed."""
        if self.breathing is not None and self.state == "breathe":
            return self.breathing.deadline
        return None

    def tick(self) -> None:
        """Advance timed activities whose deadline has passed."""
        while self.breathing is not None and self.state == "breathe" \
                and self.clock.now() >= self.breathing.deadline:
            self._next_phase()

    # ----------------------------------------------------------------- entry points
    def start(self) -> None:
        """Greet the person."""
        self.line("greeting_night" if self.night else "greeting")

    def begin(self, intent: str, **slots: object) -> None:
        """Start a session directly (``grounding breathe``, ``ground``, ``checkin``)."""
        self.exit_when_idle = True
        self._start_intent(Match("", intent, 100.0, dict(slots)))

    def end_of_input(self) -> None:
        """Nothing more will be said: close gently."""
        if not self.finished:
            self.breathing = None
            self._finish()

    def hear(self, text: str) -> None:
        """Handle one utterance, whatever state we are in. Never raises on bad input."""
        if self.finished:
            return
        shown = clean(text)
        if not shown:
            return
        if len(text) > MAX_CHARS:
            self.line("too_long")
        result = self.matcher.match(shown)
        if result.intent == "crisis":
            self._crisis()
            return
        if result.intent == "goodbye" and self._is_command(result):
            self._finish()
            return
        if result.intent == "stop" and self._is_command(result) and self.state != "idle":
            self._stop_activity()
            return
        handler: Callable[[str, Match], None] = getattr(self, f"_state_{self.state}")
        handler(shown, result)
        self._maybe_exit()

    def _is_command(self, result: Match) -> bool:
        """In free-answer states only a short, clear command interrupts the answer."""
        if self.state not in FREE_ANSWER_STATES:
            return True
        return result.score >= 90 and len(result.normalized.split()) <= 4

    def _maybe_exit(self) -> None:
        if self.exit_when_idle and self.state == "idle" and not self.finished:
            self._finish()

    def _finish(self) -> None:
        self.breathing = None
        self.state = "done"
        if self.crisis_seen:
            line, emergency = self.config.crisis_text()
            self.line("crisis_goodbye", crisis_line_short=line, emergency=emergency)
        else:
            self.line("goodbye")
        self.finished = True

    # ----------------------------------------------------------------- idle
    def _state_idle(self, text: str, result: Match) -> None:
        if result.intent == "none":
            self.line("not_understood")
        else:
            self._start_intent(result)

    def _start_intent(self, result: Match) -> None:
        intent, slots = result.intent, result.slots
        if intent == "breathe":
            self._start_breathing(slots.get("pattern"), slots.get("minutes"), then="check")
        elif intent == "ground":
            self._start_grounding()
        elif intent == "check_in":
            self.draft = CheckIn(mood=None)
            self.state = "checkin_feeling"
            self.line("checkin_feeling")
        elif intent == "comfort":
            self._comfort()
        elif intent == "trigger":
            self.trigger_kind = slots.get("kind") or self.trigger_kind
            self.line(f"trigger_named.{slots.get('kind') or 'general'}")
            self._comfort()
        elif intent == "urge":
            self.line("urge_ack")
            self.line("urge_delay")
            self._start_breathing("exhale", URGE_DELAY_MINUTES, then="urge_name", intro=False)
        elif intent == "sleep":
            self.night = True
            self.line("sleep_intro")
            self._start_breathing(breathing_data().night_default, 5, then="sleep_end",
                                  intro=False)
        elif intent == "reflect":
            self.reflect_index = 0
            self.state = "reflect"
            self.line("reflect_intro")
            self.say(self.lines.data["reflect_prompts"][0])
        elif intent == "win":
            self._win(result)
        elif intent == "history":
            self._history()
        elif intent == "help":
            self._help(result)
        elif intent == "repeat" and self.last_said:
            self.say(self.last_said)
        elif intent == "repeat":
            self.line("nothing_to_repeat")
        elif intent in ("stop", "next", "no"):
            self.line("nothing_to_stop" if intent == "stop" else "prompt_idle")
        elif intent in ("pause", "resume"):
            self.line("nothing_to_resume" if intent == "resume" else "prompt_idle")
        elif intent in ("slower", "faster"):
            self.speech_rate = max(0.6, min(1.4, self.speech_rate * (
                0.85 if intent == "slower" else 1.15)))
            self.say("Okay, I'll speak more slowly." if intent == "slower"
                     else "Okay, I'll speak a little faster.")
        elif intent == "yes":
            self.line("prompt_idle")
        elif intent == "goodbye":
            self._finish()
        else:
            self.line("not_understood")

    def _help(self, result: Match) -> None:
        words = set(result.normalized.split())
        if words & {"human", "person", "real", "therapist", "robot", "who", "what", "bot"} \
                and words & {"you", "are"}:
            self.line("about_me")
        else:
            self.line("help")

    # ----------------------------------------------------------------- crisis
    def _crisis(self) -> None:
        self.out.hush()
        self.breathing = None
        line, emergency = self.config.crisis_text()
        if self.state in ("crisis_offer",):
            self.say(self.lines.get("crisis_repeat", crisis_line=line, emergency=emergency))
        else:
            self.say(self.lines.get("crisis", crisis_line=line, emergency=emergency))
        self.exit_when_idle = False
        self.crisis_seen = True
        self.state = "crisis_offer"

    def _state_crisis_offer(self, text: str, result: Match) -> None:
        line, _ = self.config.crisis_text()
        if result.intent in ("yes", "breathe", "resume"):
            self.say(self.lines.get("crisis_yes", crisis_line_short=line))
            self._start_breathing("exhale", 5, then="crisis_after", intro=False)
        elif result.intent in ("no", "stop"):
            self.say(self.lines.get("crisis_no", crisis_line_short=line))
            self.state = "idle"
        else:
            self.state = "idle"
            self._state_idle(text, result)

    # ----------------------------------------------------------------- breathing
    def _start_breathing(self, pattern_key: object, minutes: object, *, then: str,
                         intro: bool = True) -> None:
        pattern = get_pattern(str(pattern_key) if pattern_key else self._default_pattern())
        mins = float(minutes) if isinstance(minutes, (int, float)) else 2.0
        cycles = cycles_for(pattern, mins)
        if intro:
            self.line("breathe_start", intro=pattern.intro)
            if isinstance(minutes, (int, float)):
                self.line("breathe_minutes", minutes=int(mins),
                          minute_word="minute" if int(mins) == 1 else "minutes")
            if pattern.max_cycles and cycles == pattern.max_cycles and \
                    mins * 60 > pattern.cycle_seconds * pattern.max_cycles:
                self.say(pattern.max_cycles_note)
        self.breathing = Breathing(Pacer(pattern, cycles), then=then,
                                   deadline=self.clock.now())
        self.state = "breathe"
        self.tick()

    def _default_pattern(self) -> str:
        data = breathing_data()
        if self.night:
            return data.night_default
        return self.config.default_pattern if self.config.default_pattern in data.patterns \
            else data.default

    def _next_phase(self) -> None:
        session = self.breathing
        assert session is not None
        if session.pacer.done:
            self.breathing = None
            self._after_breathing(session.then)
            return
        phase = session.pacer.next_phase()
        self.out.emit(Cue(phase.phase, phase.word, phase.seconds, phase.cycle, self.style))
        session.deadline += phase.seconds

    def _after_breathing(self, then: str) -> None:
        if then == "check":
            self.line("breathe_end")
            self.line("breathe_check")
            self.state = "breathe_check"
        elif then == "urge_name":
            self.state = "urge_name"
            self.line("urge_name")
        elif then == "sleep_end":
            self.line("sleep_end")
            self.state = "idle"
        elif then == "ground_finish":
            self.line("ground_finish")
            self.state = "idle"
        else:
            self.line("prompt_idle")
            self.state = "idle"

    def _state_breathe(self, text: str, result: Match) -> None:
        session = self.breathing
        assert session is not None
        intent = result.intent
        if intent == "pause":
            self.out.hush()
            session.pacer.restart_cycle()
            self.state = "paused"
            self.line("breathe_paused")
        elif intent == "slower":
            self.line("breathe_slower" if session.pacer.slower() else "breathe_slowest")
        elif intent == "faster":
            self.line("breathe_faster" if session.pacer.faster() else "breathe_fastest")
        elif intent == "repeat":
            self.say(self.last_said or session.pacer.pattern.intro)
        elif intent == "next":
            self._stop_activity()
        else:
            self.line("breathe_busy")

    def _state_paused(self, text: str, result: Match) -> None:
        if result.intent in ("resume", "yes", "breathe", "next"):
            assert self.breathing is not None
            self.line("breathe_resumed")
            self.state = "breathe"
            self.breathing.deadline = self.clock.now()
            self.tick()
        else:
            self.line("breathe_paused")

    def _state_breathe_check(self, text: str, result: Match) -> None:
        change = feeling_change(text)
        self.state = "idle"
        if change == "worse":
            self.line("breathe_check_worse")
            self.state = "offer_ground"
        elif change == "better":
            self.line("breathe_check_better")
        elif change == "same":
            self.line("breathe_check_same")
        elif result.intent not in ("none", "yes", "no"):
            self._start_intent(result)
        else:
            self.line("feeling_ack")

    def _state_offer_ground(self, text: str, result: Match) -> None:
        self.state = "idle"
        if result.intent in ("yes", "ground"):
            self._start_grounding()
        elif result.intent == "no":
            self.line("comfort_enough")
        else:
            self._state_idle(text, result)

    # ----------------------------------------------------------------- stop anything
    def _stop_activity(self) -> None:
        self.out.hush()
        was = self.state
        self.breathing = None
        self.state = "idle"
        if was in ("breathe", "paused"):
            self.line("breathe_stopped")
            self.line("breathe_check")
            self.state = "breathe_check"
        elif was == "reflect":
            self.line("reflect_done")
        else:
            self.line("prompt_idle")

    # ----------------------------------------------------------------- 5-4-3-2-1
    def _start_grounding(self) -> None:
        self.state = "ground"
        self.ground_sense = 0
        self.ground_count = 0
        self.line("ground_intro")
        self._ask_sense()

    def _ask_sense(self) -> None:
        sense = self.lines.data["ground_senses"][SENSES[self.ground_sense]]
        self.say(sense["ask"])

    def _state_ground(self, text: str, result: Match) -> None:
        sense = self.lines.data["ground_senses"][SENSES[self.ground_sense]]
        if result.intent in ("next",) or (wants_skip(text) and count_named(text) <= 1):
            self.line("ground_skip")
            self._next_sense()
            return
        if result.intent in ("repeat", "help"):
            self._ask_sense()
            return
        named = count_named(text)
        if named == 0:
            self.line("ground_empty")
            return
        self.ground_count += named
        left = sense["count"] - self.ground_count
        if left > 0:
            self.line("ground_progress", got=_spell(self.ground_count), left=_spell(left),
                      what=sense["one"] if left == 1 else sense["many"])
            return
        self.line("ground_done_sense")
        self._next_sense()

    def _next_sense(self) -> None:
        self.ground_sense += 1
        self.ground_count = 0
        if self.ground_sense < len(SENSES):
            self._ask_sense()
            return
        self.line("ground_breath")
        self._start_breathing("exhale", 0, then="ground_finish", intro=False)

    # ----------------------------------------------------------------- comfort
    def _comfort(self) -> None:
        self.line("comfort_intro")
        self.say(self.lines.self_talk(self.trigger_kind))
        self.line("comfort_more")
        self.state = "comfort_more"

    def _state_comfort_more(self, text: str, result: Match) -> None:
        self.state = "idle"
        if result.intent in ("yes", "comfort", "repeat", "next"):
            self._comfort()
        elif result.intent == "no":
            self.line("comfort_enough")
        else:
            self._state_idle(text, result)

    # ----------------------------------------------------------------- check-in
    def _state_checkin_feeling(self, text: str, result: Match) -> None:
        if wants_skip(text) and not feelings_in(text):
            self.draft.feelings = []
        else:
            self.draft.feelings = feelings_in(text) or [text[:80]]
        self.draft.mood = rating_in(text)
        if self.draft.mood is None:
            self.state = "checkin_rating"
            self.line("checkin_rating")
        else:
            self.state = "checkin_need"
            self.line("checkin_need")

    def _state_checkin_rating(self, text: str, result: Match) -> None:
        rating = rating_in(text)
        if rating is None and not wants_skip(text):
            self.line("checkin_rating_again")
            return
        self.draft.mood = rating
        self.state = "checkin_need"
        self.line("checkin_need")

    def _state_checkin_need(self, text: str, result: Match) -> None:
        self.draft.need = "" if wants_skip(text) else text
        self.state = "checkin_step"
        self.line("checkin_step")

    def _state_checkin_step(self, text: str, result: Match) -> None:
        self.draft.step = "" if wants_skip(text) else text
        self.state = "idle"
        summary = ", ".join(self.draft.feelings) or "no words"
        if self.draft.mood is not None:
            summary += f", {self.draft.mood} out of ten"
        if self._save(lambda store: store.add_checkin(self.draft)):
            self.line("checkin_saved", summary=summary)

    def _save(self, action: Callable[[Store], object]) -> bool:
        if self.store is None:
            return True
        try:
            action(self.store)
        except StorageError as exc:
            self.line("checkin_not_saved", problem=str(exc))
            return False
        if self.store.notice:
            self.say(self.store.notice)
            self.store.notice = ""
        return True

    # ----------------------------------------------------------------- urge
    def _state_urge_name(self, text: str, result: Match) -> None:
        feelings = feelings_in(text)
        named = ", ".join(feelings) if feelings else "That feeling"
        self.line("urge_named", feeling=named[:1].upper() + named[1:])
        self.line("urge_choose")
        self.state = "urge_choose"

    def _state_urge_choose(self, text: str, result: Match) -> None:
        choice = urge_choice(text)
        self.state = "idle"
        if choice == "send":
            self.line("urge_still_want")
            return
        if choice == "write":
            self.line("urge_write")
        elif choice == "talk":
            self._comfort()
        if self._save(lambda store: store.add_event("urge_ridden", "rode out the urge")):
            self.line("urge_rode_out")

    # ----------------------------------------------------------------- wins
    def _win(self, result: Match) -> None:
        words = result.normalized.split()
        if len(words) <= 4 and {"win", "log", "have", "a"} & set(words) and \
                not {"did", "not", "got", "went"} & set(words):
            self.state = "win_ask"
            self.line("win_ask")
            return
        self._record_win(result.text)

    def _state_win_ask(self, text: str, result: Match) -> None:
        self.state = "idle"
        self._record_win(text)

    def _record_win(self, text: str) -> None:
        if self._save(lambda store: store.add_event("win", text[:500])):
            self.line("win_saved")

    # ----------------------------------------------------------------- history
    def _history(self) -> None:
        if self.store is None:
            self.line("history_empty")
            return
        try:
            entries = self.store.checkins(limit=30)
            wins = len(self.store.events("win")) + len(self.store.events("urge_ridden"))
        except StorageError as exc:
            self.say(str(exc))
            return
        moods = [e.mood for e in entries if e.mood is not None]
        if not entries:
            self.line("history_empty")
            return
        direction = trend(moods)
        text = self.lines.get(
            "history_summary", count=len(entries),
            times="time" if len(entries) == 1 else "times",
            last=moods[-1] if moods else "not rated",
            trend=self.lines.get(f"history_trend_{direction}"),
        )
        if wins:
            text += " " + self.lines.get("history_wins", wins=wins,
                                         win_word="win" if wins == 1 else "wins")
        self.say(text)

    # ----------------------------------------------------------------- reflection
    def _state_reflect(self, text: str, result: Match) -> None:
        prompts = self.lines.data["reflect_prompts"]
        if not (result.intent == "next" or wants_skip(text)):
            self.line("reflect_ack")
        self.reflect_index += 1
        if self.reflect_index >= len(prompts):
            self.state = "idle"
            self.line("reflect_done")
        else:
            self.say(prompts[self.reflect_index])


def _spell(n: int) -> str:
    return ("zero", "one", "two", "three", "four", "five")[n] if 0 <= n <= 5 else str(n)
