"""A private PulseAudio daemon with two null sinks, for tests through real PortAudio devices.

``cable`` is a virtual microphone cable: what is played into it comes out of its monitor,
which is the assistant's default input. ``speaker`` is the assistant's default output; its
monitor is recorded, so replies can be measured and recognised.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path


class VirtualAudio:
    """Start, use and stop the daemon; ``env`` is what child processes need to use it."""

    def __init__(self, folder: Path):
        self.folder = folder
        runtime = folder / "pulse"
        runtime.mkdir(parents=True, exist_ok=True)
        self.env = dict(os.environ, PULSE_RUNTIME_PATH=str(runtime),
                        PULSE_SERVER=f"unix:{runtime}/native", PULSE_STATE_PATH=str(runtime),
                        XDG_RUNTIME_DIR=str(folder))
        self.log = folder / "pulse.log"

    def start(self) -> VirtualAudio:
        """Start the daemon and make cable.monitor the default source, speaker the sink."""
        if shutil.which("pulseaudio") is None:
            raise RuntimeError("pulseaudio is not installed; run scripts/bootstrap")
        subprocess.run(
            ["pulseaudio", "--daemonize=yes", "--exit-idle-time=-1", "-n", "--disallow-exit",
             "--use-pid-file=yes", f"--log-target=file:{self.log}",
             "--load=module-native-protocol-unix",
             "--load=module-null-sink sink_name=cable rate=48000",
             "--load=module-null-sink sink_name=speaker rate=48000"],
            env=self.env, check=True, timeout=30)
        deadline = time.monotonic() + 15
        while subprocess.run(["pactl", "info"], env=self.env, capture_output=True,
                             check=False).returncode != 0:
            if time.monotonic() > deadline:
                raise RuntimeError(f"PulseAudio did not start: {self.log.read_text()[-500:]}")
            time.sleep(0.1)
        self.pactl("set-default-source", "cable.monitor")
        self.pactl("set-default-sink", "speaker")
        return self

    def pactl(self, *args: str) -> str:
        """Run pactl against this daemon."""
        return subprocess.run(["pactl", *args], env=self.env, capture_output=True, text=True,
                              check=True, timeout=15).stdout

    def play(self, wav: Path) -> float:
        """Play a file into the cable (the assistant's microphone); return when it ended."""
        subprocess.run(["paplay", "--device=cable", str(wav)], env=self.env, check=True,
                       timeout=60)
        return time.monotonic()

    def record(self, wav: Path) -> subprocess.Popen[bytes]:
        """Start recording what the assistant plays; stop with ``stop_recording``."""
        return subprocess.Popen(
            ["parecord", "--device=speaker.monitor", "--file-format=wav", "--channels=1",
             "--rate=16000", str(wav)], env=self.env)

    def record_both(self, wav: Path) -> subprocess.Popen[bytes]:
        """Record the cable (left) and the speaker (right) on one timeline, in stereo.

        Both monitors are looped into a two-channel ``mix`` sink with the same small
        latency, so the user's words and the reply can be timed against each other.
        """
        if "mix" not in self.pactl("list", "short", "sinks"):
            self.pactl("load-module", "module-null-sink", "sink_name=mix", "channels=2",
                       "channel_map=front-left,front-right", "rate=48000")
            for source, side in (("cable.monitor", "front-left"),
                                 ("speaker.monitor", "front-right")):
                self.pactl("load-module", "module-loopback", f"source={source}", "sink=mix",
                           "channels=1", f"channel_map={side}", "remix=no",
                           "latency_msec=20")
        return subprocess.Popen(
            ["parecord", "--device=mix.monitor", "--file-format=wav", "--channels=2",
             "--rate=16000", str(wav)], env=self.env)

    @staticmethod
    def stop_recording(proc: subprocess.Popen[bytes]) -> None:
        """End a recording cleanly, so its WAV header is written."""
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()

    def stop(self) -> None:
        """Stop the daemon."""
        subprocess.run(["pulseaudio", "--kill"], env=self.env, capture_output=True,
                       check=False, timeout=15)
