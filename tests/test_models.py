"""`grounding models download`: verified, unpacked atomically, a clear word when offline."""

from __future__ import annotations

import zipfile

import pytest

from assistant.models import DownloadError, download_model
from audio.asr import looks_like_vosk_model
from tests.conftest import run_cli


def fake_model_zip(path, name, *, damage=False):
    with zipfile.ZipFile(path, "w") as zipped:
        zipped.writestr(f"{name}/am/final.mdl", b"acoustic model" * 100)
        zipped.writestr(f"{name}/conf/model.conf", b"--sample-frequency=16000\n")
    if damage:
        data = bytearray(path.read_bytes())
        data[60:80] = b"\x00" * 20
        path.write_bytes(bytes(data))
    return path


def test_download_unpacks_atomically(tmp_path, capsys):
    archive = fake_model_zip(tmp_path / "m.zip", "vosk-model-test")
    models = tmp_path / "models"
    target = download_model(models, url=archive.as_uri(), name="vosk-model-test")
    assert looks_like_vosk_model(target)
    assert [p.name for p in models.iterdir()] == ["vosk-model-test"]
    assert "MB" in capsys.readouterr().err


def test_damaged_download_leaves_nothing_behind(tmp_path):
    archive = fake_model_zip(tmp_path / "m.zip", "vosk-model-test", damage=True)
    models = tmp_path / "models"
    with pytest.raises(DownloadError, match=r"damaged|not a valid archive"):
        download_model(models, url=archive.as_uri(), name="vosk-model-test")
    assert list(models.iterdir()) == []


def test_archive_without_a_model_is_refused(tmp_path):
    archive = tmp_path / "m.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("vosk-model-test/readme.txt", b"hello")
    with pytest.raises(DownloadError, match="does not contain a Vosk model"):
        download_model(tmp_path / "models", url=archive.as_uri(), name="vosk-model-test")


def test_offline_download_is_one_clear_sentence(tmp_path, home):
    with pytest.raises(DownloadError, match="offline"):
        download_model(tmp_path / "models", url="http://127.0.0.1:9/model.zip", timeout=5)
    result = run_cli(["models", "list"], home=home)
    assert result.returncode == 0 and "No models" in result.stdout
