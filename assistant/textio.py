"""Text-mode ports: utterances from stdin, words and cues to stdout."""

from __future__ import annotations

import contextlib
import queue
import sys
import threading
import time
from typing import BinaryIO, TextIO

from assistant.ports import END, Cue, EndOfInput, Output, Say

_PHASE_MARKS = {"in": "↑", "out": "↓", "hold": "·", "top-up": "↑"}


class LineInput:
    """Reads lines from a binary stream on a thread; undecodable bytes are replaced."""

    def __init__(self, stream: BinaryIO | None = None):
        self.stream = stream if stream is not None else sys.stdin.buffer
        self._lines: queue.Queue[str | EndOfInput] = queue.Queue()
        self._closed = False
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self) -> None:
        try:
            for raw in self.stream:
                self._lines.put(raw.decode("utf-8", errors="replace").rstrip("\r\n"))
        except (OSError, ValueError):
            pass
        self._lines.put(END)

    def read(self, timeout: float | None) -> str | EndOfInput | None:
        """The next line, None on timeout, END when the stream is closed."""
        if self._closed:
            return END
        try:
            item = self._lines.get(timeout=timeout)
        except queue.Empty:
            return None
        if isinstance(item, EndOfInput):
            self._closed = True
        return item

    def wait(self, seconds: float) -> None:
        """Sleep until a deadline once input has ended."""
        time.sleep(seconds)


class TextOutput:
    """Prints what the dialogue says; cues as a short line with the phase and its length."""

    def __init__(self, stream: TextIO | None = None):
        self.stream = stream if stream is not None else sys.stdout

    def emit(self, item: Output) -> None:
        """Print one item and flush, so pipes see it at once."""
        if isinstance(item, Say):
            self.stream.write(item.text + "\n")
        elif isinstance(item, Cue):
            mark = _PHASE_MARKS.get(item.phase, "·")
            self.stream.write(f"  {mark} {item.word} ({item.seconds:g} s)\n")
        with contextlib.suppress(OSError, ValueError):
            self.stream.flush()

    def hush(self) -> None:
        """Text cannot be taken back; nothing to do."""


class TeeOutput:
    """Sends every item to several ports (text on screen and voice at once)."""

    def __init__(self, *ports: object):
        self.ports = ports

    def emit(self, item: Output) -> None:
        """Emit to every port."""
        for port in self.ports:
            port.emit(item)  # type: ignore[attr-defined]

    def hush(self) -> None:
        """Hush every port."""
        for port in self.ports:
            port.hush()  # type: ignore[attr-defined]

    def close(self) -> None:
        """Close every port that can be closed."""
        for port in self.ports:
            closer = getattr(port, "close", None)
            if closer is not None:
                closer()
