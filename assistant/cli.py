"""The ``grounding`` command.

Exit codes: 0 done, 1 something failed (the message says what to do), 2 the command line
was wrong, 130 interrupted with Ctrl-C.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from assistant import __version__

EXIT_OK, EXIT_FAIL, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130

DISCLAIMER = (
    "grounding is a wellness tool, not treatment. It does not diagnose or treat anxiety, "
    "depression or any other condition. If you are in crisis, call or text 988 (US) or your "
    "local emergency number."
)

PATTERN_CHOICES = ("box", "4-7-8", "coherent", "sigh", "exhale")


class UserError(Exception):
    """A problem the user can fix; printed as one sentence, exit code 1."""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, with one subcommand per thing grounding does."""
    parser = argparse.ArgumentParser(
        prog="grounding",
        description="An offline companion for the hardest minutes after a breakup: "
        "grounding, paced breathing, kind words and quick check-ins. Nothing leaves "
        "this computer.",
        epilog=DISCLAIMER + "\n\nExamples:\n  grounding chat --mute\n"
        "  grounding breathe --pattern box --minutes 3\n"
        "  grounding intent \"help me breathe\"\n  grounding history --json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"grounding {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def add(name: str, text: str, example: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=text, description=text,
                           epilog=f"Example:\n  {example}\n\n{DISCLAIMER}",
                           formatter_class=argparse.RawDescriptionHelpFormatter)
        return p

    def session_flags(p: argparse.ArgumentParser) -> None:
        p.add_argument("--mute", action="store_true", help="text only, no voice")
        p.add_argument("--night", action="store_true", default=None,
                       help="quiet night mode (automatic between 10 p.m. and 6 a.m.)")

    chat = add("chat", "Talk by typing; replies are printed (and spoken unless --mute).",
               "printf 'help me breathe\\nstop\\n' | grounding chat --mute")
    session_flags(chat)

    intent = add("intent", "Show what grounding understands from a sentence, as JSON.",
                 "grounding intent \"i want to text him\"")
    intent.add_argument("text", nargs="*", help="the sentence to understand")
    intent.add_argument("--jsonl", action="store_true",
                        help="read one sentence per line on stdin, write one JSON object per line")

    history = add("history", "Show recent check-ins and how your mood is trending.",
                  "grounding history --json")
    history.add_argument("--json", action="store_true", help="print a JSON list of check-ins")
    history.add_argument("--limit", type=int, default=14, help="how many entries (default 14)")

    breathe = add("breathe", "Start a paced breathing session right away.",
                  "grounding breathe --pattern 4-7-8 --minutes 2")
    breathe.add_argument("--pattern", choices=PATTERN_CHOICES, default=None,
                         help="breathing pattern (default: longer out-breaths)")
    length = breathe.add_mutually_exclusive_group()
    length.add_argument("--minutes", type=float, default=None, help="about how long")
    length.add_argument("--cycles", type=int, default=None, help="exactly how many cycles")
    breathe.add_argument("--pace", type=float, default=1.0,
                         help="stretch every phase by this factor (1.2 is slower)")
    breathe.add_argument("--render", metavar="FILE.wav", type=Path,
                         help="write the guided session to a WAV file instead of playing it")
    breathe.add_argument("--timeline", metavar="FILE.json", type=Path,
                         help="with --render: also write the phase plan as JSON")
    session_flags(breathe)

    ground = add("ground", "Start 5-4-3-2-1 grounding right away.", "grounding ground --mute")
    session_flags(ground)
    checkin = add("checkin", "Start a quick check-in right away.", "grounding checkin --mute")
    session_flags(checkin)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the ``grounding`` command and return its exit code."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(AttributeError, ValueError):
            stream.reconfigure(errors="replace")  # type: ignore[attr-defined]
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return _dispatch(args, parser)
    except KeyboardInterrupt:
        print("\nOkay, stopping here. Go gently.", file=sys.stderr)
        return EXIT_INTERRUPTED
    except UserError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_FAIL
    except BrokenPipeError:
        return EXIT_OK


def _dispatch(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from assistant.config import ConfigError
    from assistant.storage import StorageError
    from audio.tts import VoiceUnavailable

    command = args.command or "chat"
    try:
        if command == "intent":
            return _intent(args, parser)
        if command == "history":
            return _history(args)
        if command == "breathe" and args.render:
            return _render(args)
        if command == "breathe" and args.timeline:
            parser.error("--timeline goes with --render")
        if args.command is None:
            args = parser.parse_args(["chat"])
        return _session(args)
    except (ConfigError, StorageError, VoiceUnavailable) as exc:
        raise UserError(str(exc)) from exc


def _intent(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from intents.matcher import default_matcher

    matcher = default_matcher()
    if args.jsonl:
        out = sys.stdout
        for raw in sys.stdin.buffer:
            text = raw.decode("utf-8", errors="replace").rstrip("\r\n")
            out.write(json.dumps(matcher.match(text).as_dict(), ensure_ascii=False) + "\n")
        out.flush()
        return EXIT_OK
    if not args.text:
        parser.error("give a sentence, or use --jsonl to read lines from stdin")
    print(json.dumps(matcher.match(" ".join(args.text)).as_dict(), ensure_ascii=False))
    return EXIT_OK


def _history(args: argparse.Namespace) -> int:
    from assistant.storage import Store, trend

    store = Store()
    entries = store.checkins(limit=max(1, args.limit))
    if store.notice:
        print(store.notice, file=sys.stderr)
    if args.json:
        print(json.dumps([e.as_dict() for e in entries], ensure_ascii=False, indent=1))
        return EXIT_OK
    if not entries:
        print("No check-ins yet. Say or type 'check in' in grounding chat to add one.")
        return EXIT_OK
    for entry in entries:
        mood = "-" if entry.mood is None else f"{entry.mood:>2}/10"
        when = entry.time.replace("T", " ")[:16]
        print(f"{when}  {mood}  {', '.join(entry.feelings) or '-'}")
        if entry.need or entry.step:
            print(f"{'':18}need: {entry.need or '-'}  step: {entry.step or '-'}")
    moods = [e.mood for e in entries if e.mood is not None]
    words = {"up": "rising", "down": "lower lately", "flat": "steady"}
    if moods:
        print(f"Trend: {words[trend(moods)]} (average {sum(moods) / len(moods):.1f} "
              f"over {len(moods)} rated check-ins)")
    wins = store.events()
    if wins:
        print(f"Wins logged: {len(wins)}")
    return EXIT_OK


def _render(args: argparse.Namespace) -> int:
    from assistant.breathing import cycles_for, get_pattern
    from assistant.config import load_config
    from assistant.tracks import breathing_track
    from audio.tts import default_synthesizer

    config = load_config()
    pattern = get_pattern(args.pattern or config.default_pattern)
    if args.pace <= 0 or args.pace > 3:
        raise UserError("--pace must be between 0 and 3 (1.0 is the pattern's own pace).")
    cycles = args.cycles if args.cycles else cycles_for(pattern, args.minutes or 2.0, args.pace)
    if cycles < 1 or cycles > 500:
        raise UserError("Choose between 1 and 500 cycles.")
    for target in (args.render, args.timeline):
        if target is not None and not target.parent.exists():
            raise UserError(f"The folder {target.parent} does not exist.")
    track = breathing_track(pattern, cycles, default_synthesizer(), args.render,
                            timeline_path=args.timeline, pace=args.pace,
                            night=bool(args.night))
    print(f"Wrote {args.render} ({track.seconds:.1f} s, {cycles} cycles of {pattern.title})"
          + (f" and {args.timeline}" if args.timeline else "") + ".")
    return EXIT_OK


def _is_night(flag: bool | None, setting: str) -> bool:
    if flag:
        return True
    if setting in ("on", "off"):
        return setting == "on"
    hour = datetime.now().hour
    return hour >= 22 or hour < 6


def _session(args: argparse.Namespace) -> int:
    from assistant.config import load_config
    from assistant.dialogue import Dialogue
    from assistant.ports import SystemClock
    from assistant.runner import run
    from assistant.storage import Store
    from assistant.textio import LineInput, TeeOutput, TextOutput

    config = load_config()
    clock = SystemClock()
    output: Any = TextOutput()
    if not args.mute:
        output = _with_voice(output, config)
    dialogue = Dialogue(output, clock, config=config, store=Store(),
                        night=_is_night(args.night, config.night_mode))
    command = args.command
    if command == "breathe":
        dialogue.begin("breathe", **{k: v for k, v in (
            ("pattern", args.pattern), ("minutes", args.minutes)) if v is not None})
        if args.cycles and dialogue.breathing is not None:
            dialogue.breathing.pacer.cycles = args.cycles
        if dialogue.breathing is not None and args.pace != 1.0:
            dialogue.breathing.pacer.set_pace(args.pace)
    elif command == "ground":
        dialogue.begin("ground")
    elif command == "checkin":
        dialogue.begin("check_in")
    try:
        run(dialogue, LineInput(), clock, greet=command == "chat")
    finally:
        if isinstance(output, TeeOutput):
            output.close()
    return EXIT_OK


def _with_voice(text_output: Any, config: Any) -> Any:
    from assistant.textio import TeeOutput
    from audio.speaker import Speaker, SpeakerUnavailable
    from audio.tts import VoiceUnavailable

    try:
        speaker = Speaker(volume=config.volume)
    except (SpeakerUnavailable, VoiceUnavailable) as exc:
        print(f"{exc} I'll stay in text.", file=sys.stderr)
        return text_output
    return TeeOutput(text_output, speaker)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
