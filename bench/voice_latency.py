"""Voice figures through virtual PulseAudio devices (no sound card needed).

* reply latency: from the end of the user's speech (played into the virtual cable) to the
  first sound of the reply (recorded from the virtual speaker), over 20+ utterances;
* startup: from starting ``grounding listen`` to the line containing ``Listening``;
* peak resident memory of the voice session, and CPU while listening to silence.

The cable and the speaker are recorded as the two channels of one file, so the end of
the user's words and the start of the reply are on the same timeline.
Usage: python bench/voice_latency.py [--utterances N] [--starts N] [--json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
import wave
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
UTTERANCES = ["show my history", "no", "yes", "what time is it", "are you human",
              "not right now", "okay", "play some music"]
PAD = 0.3


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--utterances", type=int, default=24)
    parser.add_argument("--starts", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from audio.render import write_wav
    from audio.tts import default_synthesizer
    from tests.test_voice_e2e import Assistant
    from tests.virtual_audio import VirtualAudio

    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        audio = VirtualAudio(tmp).start()
        try:
            synth = default_synthesizer()
            pad = np.zeros(int(PAD * synth.sample_rate), dtype=np.float32)
            clips = []
            for i, text in enumerate(UTTERANCES):
                path = tmp / f"u{i}.wav"
                write_wav(path, np.concatenate([pad, 0.7 * synth.synthesize(text), pad]),
                          synth.sample_rate)
                clips.append(path)
            starts = []
            for _ in range(args.starts):
                begun = time.monotonic()
                probe = Assistant(audio.env, tmp / "home")
                starts.append(probe.wait_for("Listening", 60) - begun)
                probe.stop()

            recording = tmp / "both.wav"
            recorder = audio.record_both(recording)
            assistant = Assistant(audio.env, tmp / "home")
            assistant.wait_for("Listening", 60)
            time.sleep(9)
            cpu_before = cpu_seconds(assistant.proc.pid)
            time.sleep(10)
            idle_cpu = (cpu_seconds(assistant.proc.pid) - cpu_before) / 10
            for i in range(args.utterances):
                audio.play(clips[i % len(clips)])
                time.sleep(6.5)
            peak_mb = peak_rss_mb(assistant.proc.pid)
            assistant.stop()
            audio.stop_recording(recorder)
        finally:
            audio.stop()
        user, reply, rate = read_stereo(recording)
    latencies = []
    ends = speech_ends(user, rate)
    for end in ends:
        first = first_sound(reply, rate, end)
        if first is not None:
            latencies.append(first - end)
    latencies.sort()
    result = {
        "latency_median_s": statistics.median(latencies) if latencies else None,
        "latency_p95_s": latencies[max(0, round(0.95 * len(latencies)) - 1)]
        if latencies else None,
        "answered": len(latencies), "utterances": len(ends), "played": args.utterances,
        "startup_median_s": statistics.median(starts), "startup_max_s": max(starts),
        "peak_rss_mb": peak_mb, "idle_cpu_percent": 100 * idle_cpu,
    }
    if args.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key}: {value:.3f}" if isinstance(value, float) else f"{key}: {value}")
    return 0


def read_stereo(path: Path) -> tuple[np.ndarray, np.ndarray, int]:
    """Left (what the user said) and right (what the assistant played) as float arrays."""
    with wave.open(str(path), "rb") as wav:
        rate = wav.getframerate()
        data = np.frombuffer(wav.readframes(wav.getnframes()), "<i2").reshape(-1, 2)
    data = data.astype(np.float32) / 32768.0
    return data[:, 0], data[:, 1], rate


def speech_ends(samples: np.ndarray, rate: int, threshold: float = 0.02,
                gap: float = 1.0) -> list[float]:
    """Where each utterance on the user's channel ends (a second of quiet after it)."""
    loud = np.flatnonzero(np.abs(samples) > threshold) / rate
    if loud.size == 0:
        return []
    breaks = np.flatnonzero(np.diff(loud) > gap)
    return [float(loud[i]) for i in breaks] + [float(loud[-1])]


def first_sound(samples: np.ndarray, rate: int, after: float, limit: float = 5.0,
                threshold: float = 0.02) -> float | None:
    start = max(0, int(after * rate))
    window = np.abs(samples[start : start + int(limit * rate)])
    loud = np.flatnonzero(window > threshold)
    return None if loud.size == 0 else after + loud[0] / rate


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    import os

    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


if __name__ == "__main__":
    sys.exit(main())
