"""The ``grounding`` command.

Exit codes: 0 done, 1 something failed (the message says what to do), 2 the command line
was wrong, 130 interrupted with Ctrl-C.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
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

    def audio_flags(p: argparse.ArgumentParser) -> None:
        p.add_argument("--input-device", help="microphone: its number or part of its name")
        p.add_argument("--output-device", help="speaker: its number or part of its name")
        p.add_argument("--model", help="a Vosk model folder (else the built-in recogniser)")
        p.add_argument("--voice", choices=("auto", "piper", "pyttsx3"), default=None,
                       help="the voice: piper (natural, default) or pyttsx3 (espeak-ng)")
        p.add_argument("--headphones", action="store_true",
                       help="you wear headphones: you can talk over the assistant freely")

    def session_flags(p: argparse.ArgumentParser) -> None:
        p.add_argument("--mute", action="store_true", help="text only, no voice")
        p.add_argument("--night", action="store_true", default=None,
                       help="quiet night mode (automatic between 10 p.m. and 6 a.m.)")

    listen = add("listen", "Talk by voice (the default when no command is given).",
                 "grounding listen --input-device USB")
    session_flags(listen)
    audio_flags(listen)

    hear = add("hear", "Recognise WAV files the way the microphone is heard, then understand "
               "them.", "grounding hear one.wav two.wav --json")
    hear.add_argument("files", nargs="+", type=Path, metavar="FILE.wav")
    hear.add_argument("--json", action="store_true", help="one JSON object per file")
    hear.add_argument("--model", help="a Vosk model folder to use instead of the built-in one")

    add("devices", "List microphones and speakers.", "grounding devices")
    doctor = add("doctor", "Check devices, recogniser and voice, and say what to fix.",
                 "grounding doctor")
    doctor.add_argument("--model", help="a Vosk model folder to check")
    models = add("models", "Manage speech models.", "grounding models download")
    models.add_argument("action", choices=["download", "list"])

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
    from assistant.models import DownloadError
    from assistant.storage import StorageError
    from audio.asr import RecognizerUnavailable
    from audio.devices import AudioUnavailable
    from audio.tts import VoiceUnavailable

    command = args.command or "listen"
    try:
        if command == "hear":
            return _hear(args)
        if command == "devices":
            return _devices()
        if command == "doctor":
            return _doctor(args)
        if command == "models":
            return _models(args)
        if command == "intent":
            return _intent(args, parser)
        if command == "history":
            return _history(args)
        if command == "breathe" and args.render:
            return _render(args)
        if command == "breathe" and args.timeline:
            parser.error("--timeline goes with --render")
        if args.command is None:
            args = parser.parse_args(["listen"])
        if command == "listen":
            return _listen(args)
        return _session(args)
    except (ConfigError, StorageError, VoiceUnavailable, RecognizerUnavailable,
            AudioUnavailable, DownloadError) as exc:
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
    from assistant.voiceio import VoiceOutput
    from audio.devices import AudioUnavailable
    from audio.snd import Player
    from audio.tts import VoiceUnavailable, load_synthesizer

    try:
        synth, notice = load_synthesizer(config.voice)
        if notice:
            print(notice, file=sys.stderr)
        player = Player(config.output_device or None)
    except (AudioUnavailable, VoiceUnavailable) as exc:
        print(f"{exc} I'll stay in text.", file=sys.stderr)
        return text_output
    return TeeOutput(text_output, VoiceOutput(player, synth, volume=config.volume))




def _hear(args: argparse.Namespace) -> int:
    import wave

    from assistant.config import data_dir, load_config
    from assistant.voice import hear_file, load_default_recognizer, to_act_on
    from intents.matcher import default_matcher

    config = load_config()
    recognizer, notice = load_default_recognizer(args.model, config.vosk_model or None,
                                                 data_dir())
    if notice:
        print(notice, file=sys.stderr)
    matcher = default_matcher()
    failed = 0
    for path in args.files:
        try:
            heard = hear_file(recognizer, path)
            transcript, acted = heard.text, to_act_on(heard)
            error = ""
        except FileNotFoundError:
            transcript = acted = ""
            error = f"{path} does not exist."
        except (wave.Error, EOFError, ValueError, OSError) as exc:
            transcript = acted = ""
            error = f"{path} is not a readable PCM WAV file ({exc})."
        result = matcher.match(acted).as_dict()
        row = {"file": str(path), "transcript": transcript, "intent": result["intent"],
               "score": result["score"], "slots": result["slots"]}
        if error:
            failed += 1
            row["error"] = error
            print(error, file=sys.stderr)
        if args.json:
            print(json.dumps(row, ensure_ascii=False), flush=True)
        elif not error:
            print(f"{path}: \"{transcript}\" -> {row['intent']} ({row['score']:.0f})"
                  + (f" {row['slots']}" if row["slots"] else ""), flush=True)
    return EXIT_FAIL if failed else EXIT_OK


def _devices() -> int:
    from audio.devices import list_devices, sounddevice

    devices = list_devices()
    sd = sounddevice()
    default_in, default_out = sd.default.device
    if not devices:
        print("No sound devices were found.")
    for d in devices:
        marks = []
        if d["max_input_channels"]:
            marks.append(f"in {d['max_input_channels']}ch"
                         + (" (default)" if d["index"] == default_in else ""))
        if d["max_output_channels"]:
            marks.append(f"out {d['max_output_channels']}ch"
                         + (" (default)" if d["index"] == default_out else ""))
        print(f"{d['index']:>3}  {d['name']}  [{', '.join(marks)}] "
              f"{int(d['default_samplerate'])} Hz")
    return EXIT_OK


def _doctor(args: argparse.Namespace) -> int:
    import shutil

    from assistant.config import data_dir, load_config
    from assistant.voice import load_default_recognizer
    from audio.asr import RecognizerUnavailable
    from audio.devices import AudioUnavailable, find_device
    from audio.tts import VoiceUnavailable, load_synthesizer

    config = load_config()
    problems = 0

    def report(ok: bool, text: str) -> None:
        nonlocal problems
        problems += 0 if ok else 1
        print(("ok    " if ok else "FIX   ") + text)

    for kind, spec in (("input", config.input_device), ("output", config.output_device)):
        try:
            device = find_device(spec or None, kind)
            report(True, f"{kind}: {device['name']}")
        except AudioUnavailable as exc:
            report(False, f"{kind}: {exc} Plug one in, or choose one with "
                   f"--{kind}-device (see: grounding devices).")
    try:
        recognizer, notice = load_default_recognizer(args.model, config.vosk_model or None,
                                                     data_dir())
        report(not notice, f"recogniser: {recognizer.name}" + (f" ({notice})" if notice else
               "" if recognizer.name == "vosk" else " (built in; for better accuracy: "
               "grounding models download)"))
    except RecognizerUnavailable as exc:
        report(False, f"recogniser: {exc}")
    try:
        synth, notice = load_synthesizer(config.voice if config.voice in ("piper", "pyttsx3")
                                         else "auto")
        report(not notice, f"voice: {synth.name}" + (f" ({notice})" if notice else ""))
    except VoiceUnavailable as exc:
        report(False, f"voice: {exc}")
    report(shutil.which("espeak-ng") is not None,
           "espeak-ng: " + ("installed" if shutil.which("espeak-ng") else
                            "missing (sudo apt install espeak-ng) for the fallback voice"))
    report(os.access(data_dir(), os.W_OK), f"data folder: {data_dir()}")
    print("All good." if not problems else f"{problems} thing(s) to fix.")
    return EXIT_OK if not problems else EXIT_FAIL


def _models(args: argparse.Namespace) -> int:
    from assistant.config import data_dir
    from assistant.models import download_model
    from audio.asr import looks_like_vosk_model

    models_dir = data_dir() / "models"
    if args.action == "list":
        found = [p for p in sorted(models_dir.glob("*")) if looks_like_vosk_model(p)] \
            if models_dir.is_dir() else []
        print("\n".join(str(p) for p in found) or f"No models in {models_dir}.")
        return EXIT_OK
    path = download_model(models_dir)
    print(f"The English model is ready in {path}.")
    return EXIT_OK


def _listen(args: argparse.Namespace) -> int:
    from assistant.config import data_dir, load_config
    from assistant.dialogue import Dialogue
    from assistant.ports import SystemClock
    from assistant.runner import run
    from assistant.storage import Store
    from assistant.textio import TeeOutput, TextOutput
    from assistant.voice import load_default_recognizer
    from assistant.voiceio import VoiceInput, VoiceOutput
    from audio.devices import AudioUnavailable
    from audio.mic import Microphone
    from audio.snd import Player
    from audio.tts import load_synthesizer

    config = load_config()
    try:
        mic = Microphone(args.input_device or config.input_device or None)
    except AudioUnavailable as exc:
        print(f"{exc} I'll use text instead: type below.", file=sys.stderr)
        args.command = "chat"
        return _session(args)
    recognizer, notice = load_default_recognizer(args.model, config.vosk_model or None,
                                                 data_dir())
    if notice:
        print(notice, file=sys.stderr)
    text_out = TextOutput()
    output: Any = text_out
    voice_out = None
    if not args.mute:
        try:
            synth, vnotice = load_synthesizer(args.voice or config.voice)
            if vnotice:
                print(vnotice, file=sys.stderr)
            player = Player(args.output_device or config.output_device or None)
            voice_out = VoiceOutput(player, synth, volume=config.volume)
            output = TeeOutput(text_out, voice_out)
        except AudioUnavailable as exc:
            print(f"{exc} I'll answer in text only.", file=sys.stderr)
    dialogue = Dialogue(output, SystemClock(), config=config, store=Store(),
                        night=_is_night(args.night, config.night_mode))
    source = VoiceInput(mic, recognizer, voice_out or _NoVoice(),  # type: ignore[arg-type]
                        silence_for=lambda: dialogue.silence_seconds,
                        commands_only=lambda: dialogue.commands_only,
                        headphones=args.headphones or config.headphones,
                        on_heard=lambda text: print(f"> {text}", flush=True))
    print(f"Listening on {mic.device_name}. Say 'help' to hear what you can say; "
          "Ctrl-C to leave.", flush=True)
    try:
        run(dialogue, source, SystemClock())
    finally:
        source.close()
        if isinstance(output, TeeOutput):
            output.close()
    if source.problem:
        print(f"{source.problem} Run grounding chat to carry on in text.", file=sys.stderr)
    return EXIT_OK


class _NoVoice:
    """Stands in for the voice when there is no speaker: never speaking, no echoes."""

    speaking = False

    def is_echo(self, heard: str) -> bool:
        return False


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
