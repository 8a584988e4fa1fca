"""The mood record: check-ins and wins in a local SQLite file only the user can read.

SQLite in WAL mode with one transaction per entry: an entry is either fully written or
not at all, two processes can write at once, and a damaged file is moved aside (never
deleted) and a fresh one started.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from assistant.config import data_dir

SCHEMA = """
CREATE TABLE IF NOT EXISTS checkins (
    id INTEGER PRIMARY KEY,
    time TEXT NOT NULL,
    mood INTEGER CHECK (mood IS NULL OR mood BETWEEN 0 AND 10),
    feelings TEXT NOT NULL DEFAULT '[]',
    need TEXT NOT NULL DEFAULT '',
    step TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS events (
    id INTEGER PRIMARY KEY,
    time TEXT NOT NULL,
    kind TEXT NOT NULL,
    text TEXT NOT NULL DEFAULT ''
);
"""


BUSY = ("The mood record is busy in another grounding window. "
        "Close that one and try again.")
LOCK_WAIT = 10.0  # seconds to wait for another writer before saying the record is busy


class StorageError(Exception):
    """The record could not be read or written; the message says what to do."""


@dataclass
class CheckIn:
    """One check-in: how they felt (words and 0-10), what they needed, one small step."""

    mood: int | None
    feelings: list[str] = field(default_factory=list)
    need: str = ""
    step: str = ""
    time: str = ""

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape used by ``grounding history --json``."""
        return {"time": self.time, "mood": self.mood, "feelings": list(self.feelings),
                "need": self.need, "step": self.step}


@dataclass
class Event:
    """Something worth remembering that is not a check-in: a win, an urge ridden out."""

    kind: str
    text: str = ""
    time: str = ""


def now_iso() -> str:
    """The current local time, to the second, with its UTC offset."""
    return datetime.now(timezone.utc).astimezone().isoformat(timespec="seconds")


def db_path() -> Path:
    """Where the record lives."""
    return data_dir() / "grounding.db"


class Store:
    """Reads and writes the record. Each method opens, commits and closes on its own."""

    def __init__(self, path: Path | None = None):
        self.path = Path(path) if path else db_path()
        self.notice = ""
        self._ready = False

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        self._prepare()
        try:
            conn = self._open()
        except sqlite3.Error as exc:
            raise StorageError(f"The mood record at {self.path} can't be opened ({exc}).") from exc
        try:
            yield conn
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                raise StorageError(BUSY) from exc
            raise StorageError(f"The mood record couldn't be used ({exc}).") from exc
        except sqlite3.IntegrityError as exc:
            raise StorageError(f"That entry couldn't be saved ({exc}).") from exc
        except sqlite3.DatabaseError as exc:
            raise StorageError(f"The mood record is damaged ({exc}). Run grounding again "
                               "to move it aside and start fresh.") from exc
        finally:
            conn.close()

    def _prepare(self) -> None:
        if self._ready:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not self.path.exists():
            os.close(os.open(self.path, os.O_WRONLY | os.O_CREAT, 0o600))
        if os.name == "posix":
            os.chmod(self.path, 0o600)
        try:
            self._init_schema()
        except sqlite3.DatabaseError as exc:
            if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
                raise StorageError(BUSY) from exc
            self._move_aside()
            self._init_schema()
        self._ready = True

    def _open(self) -> sqlite3.Connection:
        """A connection in autocommit mode that waits up to 10 s for another writer."""
        conn = sqlite3.connect(self.path, timeout=LOCK_WAIT, isolation_level=None)
        conn.execute(f"PRAGMA busy_timeout = {int(LOCK_WAIT * 1000)}")
        return conn

    def _init_schema(self) -> None:
        # Switching to WAL and creating tables can fail at once with "locked" while
        # another process does the same (SQLite skips the busy handler there), so retry.
        deadline = time.monotonic() + LOCK_WAIT
        delay = 0.02
        while True:
            try:
                self._init_schema_once()
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() + delay > deadline:
                    raise
                time.sleep(delay)
                delay = min(delay * 2, 0.5)

    def _init_schema_once(self) -> None:
        conn = self._open()
        try:
            check = conn.execute("PRAGMA quick_check").fetchone()
            if check is None or check[0] != "ok":
                raise sqlite3.DatabaseError(f"integrity check failed: {check}")
            if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = FULL")
            conn.executescript(SCHEMA)
        finally:
            conn.close()

    def _move_aside(self) -> None:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        aside = self.path.with_name(f"{self.path.name}.damaged-{stamp}")
        os.replace(self.path, aside)
        for suffix in ("-wal", "-shm"):
            extra = self.path.with_name(self.path.name + suffix)
            if extra.exists():
                os.replace(extra, aside.with_name(aside.name + suffix))
        os.close(os.open(self.path, os.O_WRONLY | os.O_CREAT, 0o600))
        self.notice = (f"Your mood record was damaged, so I moved it to {aside} "
                       "and started a fresh one.")

    def add_checkin(self, entry: CheckIn) -> CheckIn:
        """Save one check-in in a single transaction and return it with its time."""
        entry.time = entry.time or now_iso()
        with self._connect() as conn:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute(
                "INSERT INTO checkins (time, mood, feelings, need, step) VALUES (?, ?, ?, ?, ?)",
                (entry.time, entry.mood, json.dumps(entry.feelings), entry.need, entry.step),
            )
            conn.execute("COMMIT")
        return entry

    def add_event(self, kind: str, text: str = "") -> Event:
        """Save a win or another event."""
        event = Event(kind, text, now_iso())
        with self._connect() as conn:
            conn.execute("INSERT INTO events (time, kind, text) VALUES (?, ?, ?)",
                         (event.time, event.kind, event.text))
        return event

    def checkins(self, limit: int | None = None) -> list[CheckIn]:
        """Check-ins, oldest first (the last ``limit`` of them when given)."""
        query = "SELECT time, mood, feelings, need, step FROM checkins ORDER BY id DESC"
        params: tuple[Any, ...] = ()
        if limit is not None:
            query += " LIMIT ?"
            params = (limit,)
        with self._connect() as conn:
            rows = conn.execute(query, params).fetchall()
        return [CheckIn(mood, _words(feelings), need, step, t)
                for t, mood, feelings, need, step in reversed(rows)]

    def events(self, kind: str | None = None) -> list[Event]:
        """Wins and other events, oldest first."""
        query, params = "SELECT kind, text, time FROM events", ()
        if kind:
            query, params = query + " WHERE kind = ?", (kind,)
        with self._connect() as conn:
            rows = conn.execute(query + " ORDER BY id", params).fetchall()
        return [Event(k, text, t) for k, text, t in rows]


def _words(raw: str) -> list[str]:
    try:
        value = json.loads(raw)
    except (TypeError, ValueError):
        return []
    return [str(v) for v in value] if isinstance(value, list) else []


def trend(moods: list[int]) -> str:
    """'up', 'down' or 'flat': the recent half of the moods against the earlier half."""
    if len(moods) < 2:
        return "flat"
    half = len(moods) // 2
    earlier = sum(moods[:half]) / half
    recent = sum(moods[half:]) / (len(moods) - half)
    if recent - earlier >= 0.75:
        return "up"
    if earlier - recent >= 0.75:
        return "down"
    return "flat"
