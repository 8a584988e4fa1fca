"""Finding sound devices by index or by part of their name."""

from __future__ import annotations

from typing import Any


class AudioUnavailable(Exception):
    """No usable sound device; the message says what happened in one sentence."""


def sounddevice() -> Any:
    """The sounddevice module, or AudioUnavailable when PortAudio is missing."""
    try:
        import sounddevice as sd
    except OSError as exc:
        raise AudioUnavailable("The audio library PortAudio is missing "
                               "(on Debian or Ubuntu: sudo apt install libportaudio2).") from exc
    return sd


def list_devices() -> list[dict[str, Any]]:
    """Every device PortAudio knows, with index, name, channels and default rate."""
    sd = sounddevice()
    try:
        return [dict(d, index=i) for i, d in enumerate(sd.query_devices())]
    except Exception as exc:  # PortAudio errors are plain exceptions
        raise AudioUnavailable(f"The sound system could not be asked for devices ({exc}).") \
            from exc


def find_device(spec: int | str | None, kind: str) -> dict[str, Any]:
    """The input or output device named by ``spec`` (index, part of a name, or default)."""
    word = "microphone" if kind == "input" else "speaker"
    channels = "max_input_channels" if kind == "input" else "max_output_channels"
    devices = [d for d in list_devices() if d[channels] > 0]
    if not devices:
        raise AudioUnavailable(f"No {word} was found.")
    if spec is None or spec == "":
        sd = sounddevice()
        default = sd.default.device[0 if kind == "input" else 1]
        for d in devices:
            if d["index"] == default:
                return d
        return devices[0]
    text = str(spec)
    if text.isdigit():
        for d in devices:
            if d["index"] == int(text):
                return d
        raise AudioUnavailable(f"There is no {word} number {text}; "
                               "see the list with: grounding devices.")
    matches = [d for d in devices if text.lower() in d["name"].lower()]
    if not matches:
        raise AudioUnavailable(f"No {word} has '{text}' in its name; "
                               "see the list with: grounding devices.")
    return matches[0]


def close_stream(stream: Any) -> None:
    """Stop and close a PortAudio stream, even one whose device has already gone away."""
    try:
        stream.stop()
        stream.close()
    except Exception:  # an unplugged device makes PortAudio raise here; nothing to save
        pass
