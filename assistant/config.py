"""Where grounding keeps its files, and the settings in ``config.toml``."""

from __future__ import annotations

import os
import sys
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

import tomli_w
from platformdirs import user_data_dir

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

HOME_ENV = "GROUNDING_HOME"

CRISIS_LINES: dict[str, tuple[str, str]] = {
    "US": ("Please call or text 988, the Suicide and Crisis Lifeline, any time", "call 911"),
    "CA": ("Please call or text 988, the Suicide Crisis Helpline, any time", "call 911"),
    "UK": ("Please call Samaritans on 116 123, free, any time", "call 999"),
    "IE": ("Please call Samaritans on 116 123, free, any time", "call 112 or 999"),
    "AU": ("Please call Lifeline on 13 11 14, any time", "call 000"),
    "NZ": ("Please call or text 1737, any time", "call 111"),
}
"""Built-in crisis lines by region; ``crisis_line`` and ``emergency`` in the config override."""


class ConfigError(Exception):
    """The config file could not be read; the message says what to do."""


@dataclass
class Config:
    """Settings, as stored in ``config.toml`` in the data folder."""

    region: str = "US"
    crisis_line: str = ""
    emergency: str = ""
    default_pattern: str = "exhale"
    voice: str = "auto"
    speech_rate: float = 1.0
    volume: float = 0.8
    night_mode: str = "auto"
    store_transcripts: bool = False
    vosk_model: str = ""
    input_device: str = ""
    output_device: str = ""
    headphones: bool = False

    def crisis_text(self) -> tuple[str, str]:
        """The crisis line sentence and the emergency instruction for this region."""
        line, emergency = CRISIS_LINES.get(self.region.upper(), CRISIS_LINES["US"])
        return (self.crisis_line or line, self.emergency or emergency)


def data_dir() -> Path:
    """The data folder (``$GROUNDING_HOME`` or the platform's user data dir), mode 0700."""
    root = Path(os.environ.get(HOME_ENV) or user_data_dir("grounding", appauthor=False))
    root.mkdir(parents=True, exist_ok=True, mode=0o700)
    if os.name == "posix" and (root.stat().st_mode & 0o777) != 0o700:
        root.chmod(0o700)
    return root


def config_path() -> Path:
    """Where ``config.toml`` lives."""
    return data_dir() / "config.toml"


def load_config(path: Path | None = None) -> Config:
    """Read the config; a missing file means defaults, a broken one raises ConfigError."""
    path = path or config_path()
    if not path.exists():
        return Config()
    try:
        raw = tomllib.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(
            f"The settings file {path} could not be read ({exc}). "
            "Fix it, or delete it to go back to the defaults."
        ) from exc
    known = {f.name: f.type for f in fields(Config)}
    config = Config()
    for key, value in raw.items():
        if key in known:
            setattr(config, key, _coerce(getattr(config, key), value))
    return config


def _coerce(default: Any, value: Any) -> Any:
    if isinstance(default, bool):
        if isinstance(value, bool):
            return value
        return str(value).lower() in {"1", "true", "yes", "on"}
    if isinstance(default, float):
        return float(value)
    return str(value)


def save_config(config: Config, path: Path | None = None) -> Path:
    """Write the config as TOML, readable only by the user."""
    path = path or config_path()
    tmp = path.with_suffix(".toml.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        tomli_w.dump(asdict(config), handle)
    os.replace(tmp, path)
    return path
