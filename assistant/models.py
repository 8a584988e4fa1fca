"""``grounding models download``: fetch the small English Vosk model, only when asked."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import urllib.error
import urllib.request
import zipfile
from pathlib import Path

from audio.asr import looks_like_vosk_model

SMALL_EN_US = "https://alphacephei.com/vosk/models/vosk-model-small-en-us-0.15.zip"
SMALL_EN_US_NAME = "vosk-model-small-en-us-0.15"


class DownloadError(Exception):
    """The download failed; the message says why and what to do."""


def download_model(models_dir: Path, url: str = SMALL_EN_US, name: str = SMALL_EN_US_NAME,
                   timeout: float = 30) -> Path:
    """Download, verify and unpack a model into ``models_dir/name`` atomically."""
    target = models_dir / name
    if looks_like_vosk_model(target):
        return target
    models_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    with tempfile.TemporaryDirectory(dir=models_dir, prefix=".download-") as tmp:
        archive = Path(tmp) / "model.zip"
        try:
            with urllib.request.urlopen(url, timeout=timeout) as response, \
                    archive.open("wb") as out:
                total = int(response.headers.get("Content-Length") or 0)
                done = 0
                while chunk := response.read(1 << 16):
                    out.write(chunk)
                    done += len(chunk)
                    _progress(done, total)
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise DownloadError("The model could not be downloaded: this computer seems to "
                                f"be offline ({exc}). Try again when you are connected, or "
                                "copy a model folder into the models folder.") from exc
        finally:
            sys.stderr.write("\n")
        try:
            with zipfile.ZipFile(archive) as zipped:
                bad = zipped.testzip()
                if bad is not None:
                    raise DownloadError(f"The download is damaged ({bad}); try again.")
                zipped.extractall(Path(tmp) / "unpacked")
        except zipfile.BadZipFile as exc:
            raise DownloadError("The download is not a valid archive; try again.") from exc
        unpacked = Path(tmp) / "unpacked" / name
        if not looks_like_vosk_model(unpacked):
            raise DownloadError("The download does not contain a Vosk model; try again.")
        if target.exists():
            shutil.rmtree(target)
        os.replace(unpacked, target)
    return target


def _progress(done: int, total: int) -> None:
    if total:
        filled = int(30 * done / total)
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (30 - filled)}] "
                         f"{done / 1e6:5.1f} / {total / 1e6:.1f} MB")
    else:
        sys.stderr.write(f"\r{done / 1e6:5.1f} MB")
    sys.stderr.flush()
