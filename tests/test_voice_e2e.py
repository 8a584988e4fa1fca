"""End to end through real PortAudio devices: spoken words in, spoken replies out."""

from __future__ import annotations

import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np

from assistant.voice import hear_samples, load_default_recognizer
from audio.render import write_wav
from audio.tts import default_synthesizer, read_wav


class Assistant:
    """``grounding listen`` as a child process, its output lines timestamped."""

    def __init__(self, env: dict[str, str], home: Path, *args: str):
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "assistant.cli", "listen", *args],
            env=dict(env, GROUNDING_HOME=str(home)), stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.lines: queue.Queue[tuple[float, str]] = queue.Queue()
        self.seen: list[tuple[float, str]] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put((time.monotonic(), line.rstrip("\n")))

    def wait_for(self, text: str, timeout: float = 30) -> float:
        """Wait for an output line containing ``text``; return when it was printed."""
        for t, line in self.seen:
            if text in line:
                return t
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                t, line = self.lines.get(timeout=0.2)
            except queue.Empty:
                continue
            self.seen.append((t, line))
            if text in line:
                return t
        raise AssertionError(f"no line with {text!r}; saw: {[s for _, s in self.seen]}")

    def stop(self) -> tuple[int, str]:
        self.proc.send_signal(signal.SIGINT)
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        assert self.proc.stderr is not None
        return self.proc.returncode, self.proc.stderr.read()


def spoken(folder: Path, name: str, text: str) -> Path:
    synth = default_synthesizer()
    pad = np.zeros(int(0.3 * synth.sample_rate), dtype=np.float32)
    path = folder / f"{name}.wav"
    write_wav(path, np.concatenate([pad, 0.7 * synth.synthesize(text), pad]), synth.sample_rate)
    return path


def test_spoken_breathing_stop_and_crisis(virtual_audio, tmp_path):
    home = tmp_path / "home"
    recording = tmp_path / "speaker.wav"
    words = {name: spoken(tmp_path, name, text) for name, text in (
        ("breathe", "help me breathe"), ("stop", "stop"), ("die", "I want to die"))}
    assistant = Assistant(virtual_audio.env, home)
    recorder = virtual_audio.record(recording)
    started = time.monotonic()
    try:
        assistant.wait_for("Listening", 60)
        assistant.wait_for("breathe, ground me", 30)
        time.sleep(8)  # let the assistant finish speaking
        said_at = virtual_audio.play(words["breathe"])
        assistant.wait_for("> help me breathe", 20)
        assistant.wait_for("Breathe in", 20)
        time.sleep(4)  # let the assistant finish speaking
        virtual_audio.play(words["stop"])
        assistant.wait_for("we'll stop here", 20)
        time.sleep(6)  # let the assistant finish speaking
        virtual_audio.play(words["die"])
        assistant.wait_for("988", 20)
        time.sleep(12)  # let the assistant finish speaking
    finally:
        code, errors = assistant.stop()
        virtual_audio.stop_recording(recorder)
    assert "Traceback" not in errors
    assert code in (0, 130)
    samples, rate = read_wav(recording)
    assert samples.size > rate * 10, "nothing was recorded from the speaker"
    offset = max(0.0, said_at - started - 1.0)
    reply = samples[int(offset * rate) : int((offset + 6) * rate)]
    assert np.abs(reply).max() > 0.05, "no spoken reply after 'help me breathe'"
    recognizer = load_default_recognizer()[0]
    heard_back = hear_samples(recognizer, reply, rate).text
    assert "breath" in heard_back, heard_back
    crisis_at = assistant.wait_for("988") - started
    crisis_audio = samples[int(crisis_at * rate) : int((crisis_at + 10) * rate)]
    assert np.abs(crisis_audio).max() > 0.05, "the crisis line was not spoken"


def test_wrong_input_device_is_one_sentence_then_text_mode(virtual_audio, tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "assistant.cli", "listen", "--input-device", "no such mic",
         "--mute"], input="goodbye\n", capture_output=True, text=True, timeout=60,
        env=dict(virtual_audio.env, GROUNDING_HOME=str(tmp_path)))
    assert result.returncode == 0
    assert "No microphone has 'no such mic' in its name" in result.stderr
    assert "I'll use text instead" in result.stderr
    assert "Traceback" not in result.stderr
    assert "Go gently" in result.stdout or "Goodbye" in result.stdout or result.stdout


def test_no_sound_card_at_all_is_one_sentence_then_text_mode(tmp_path):
    env = {k: v for k, v in __import__("os").environ.items() if not k.startswith("PULSE")}
    env.update(PULSE_SERVER=f"unix:{tmp_path}/no-sound-server", GROUNDING_HOME=str(tmp_path))
    result = subprocess.run([sys.executable, "-m", "assistant.cli"], input="goodbye\n",
                            capture_output=True, text=True, timeout=60, env=env)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "No microphone was found" in result.stderr or "could not" in result.stderr
    assert "text" in result.stderr


def test_corrupt_model_path_falls_back_with_one_sentence(virtual_audio, tmp_path):
    broken = tmp_path / "model"
    (broken / "am").mkdir(parents=True)
    result = subprocess.run(
        [sys.executable, "-m", "assistant.cli", "hear", "--model", str(broken),
         str(spoken(tmp_path, "b", "help me breathe"))], capture_output=True, text=True,
        timeout=120, env=dict(virtual_audio.env, GROUNDING_HOME=str(tmp_path)))
    assert result.returncode == 0
    assert "is not a complete Vosk model" in result.stderr
    assert "built-in recogniser instead" in result.stderr
    assert "breathe" in result.stdout
