"""`grounding hear`: files of any rate and channel count, one JSON object per file."""

from __future__ import annotations

import json

import numpy as np

from audio.render import write_wav
from audio.tts import default_synthesizer
from tests.conftest import run_cli


def test_hear_json_in_order_any_rate_and_channels(tmp_path, home):
    synth = default_synthesizer()
    files = []
    for i, (text, rate, channels) in enumerate([("help me breathe", 8000, 1),
                                                 ("please stop", 44100, 2),
                                                 ("I want to die", 48000, 1)]):
        samples = np.concatenate([np.zeros(5000, np.float32), synth.synthesize(text),
                                  np.zeros(5000, np.float32)])
        idx = np.linspace(0, len(samples) - 1, int(len(samples) * rate / synth.sample_rate))
        path = tmp_path / f"{i}.wav"
        write_wav(path, np.interp(idx, np.arange(len(samples)), samples), rate, channels)
        files.append(str(path))
    result = run_cli(["hear", "--json", *files], home=home)
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["file"] for r in rows] == files
    assert set(rows[0]) == {"file", "transcript", "intent", "score", "slots"}
    assert [r["intent"] for r in rows] == ["breathe", "stop", "crisis"]


def test_broken_files_get_one_sentence_each(tmp_path, home):
    empty = tmp_path / "empty.wav"
    empty.write_bytes(b"")
    truncated = tmp_path / "cut.wav"
    write_wav(truncated, np.zeros(16000, np.float32), 16000, 1)
    truncated.write_bytes(truncated.read_bytes()[:30])
    silence = tmp_path / "silence.wav"
    write_wav(silence, np.zeros(16000, np.float32), 16000, 1)
    result = run_cli(["hear", "--json", str(empty), str(truncated), str(silence),
                      str(tmp_path / "missing.wav")], home=home)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == 4
    assert "error" in rows[0] and "error" in rows[1] and "error" in rows[3]
    assert rows[2]["intent"] == "none" and "error" not in rows[2]
