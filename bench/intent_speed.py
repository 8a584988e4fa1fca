"""Matching cost per utterance in ``grounding intent --jsonl`` mode.

Runs the real command on N utterances and on none, several times; the difference divided
by N is the cost of matching one utterance (startup excluded). Also reports the held-out
accuracy and crisis recall and false alarms, so the README's table comes from one place.

Usage: python bench/intent_speed.py [--lines N] [--repeats R] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"


def utterances(count: int) -> list[str]:
    cases = yaml.safe_load((DATA / "heldout_intents.yaml").read_text())["cases"]
    crisis = yaml.safe_load((DATA / "crisis_cases.yaml").read_text())
    pool = [c[0] for c in cases] + crisis["crisis"] + crisis["not_crisis"]
    return [pool[i % len(pool)] for i in range(count)]


def timed_run(lines: list[str]) -> float:
    data = ("\n".join(lines) + "\n").encode() if lines else b""
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "assistant.cli", "intent", "--jsonl"],
                          input=data, capture_output=True, check=True, cwd=ROOT,
                          env=dict(os.environ))
    elapsed = time.perf_counter() - start
    assert len(proc.stdout.splitlines()) == len(lines)
    return elapsed


def quality() -> dict[str, float]:
    from intents.crisis import default_guard
    from intents.matcher import default_matcher

    cases = yaml.safe_load((DATA / "heldout_intents.yaml").read_text())["cases"]
    matcher = default_matcher()
    right = 0
    for case in cases:
        got = matcher.match(case[0])
        slots = case[2] if len(case) > 2 else {}
        right += got.intent == str(case[1]) and all(got.slots.get(k) == v
                                                    for k, v in slots.items())
    crisis = yaml.safe_load((DATA / "crisis_cases.yaml").read_text())
    guard = default_guard()
    caught = sum(guard.check(t).is_crisis for t in crisis["crisis"])
    false = sum(guard.check(t).is_crisis for t in crisis["not_crisis"])
    return {"accuracy": right / len(cases), "cases": len(cases),
            "recall": caught / len(crisis["crisis"]), "crisis_cases": len(crisis["crisis"]),
            "false_alarms": false / len(crisis["not_crisis"]),
            "sad_cases": len(crisis["not_crisis"])}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=4000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    lines = utterances(args.lines)
    costs = []
    for _ in range(args.repeats):
        empty = timed_run([])
        full = timed_run(lines)
        costs.append((full - empty) / len(lines) * 1e6)
    result = {
        "median_us": statistics.median(costs), "min_us": min(costs), "max_us": max(costs),
        "lines": len(lines), "repeats": args.repeats, **quality(),
    }
    if args.json:
        print(json.dumps(result))
    else:
        print(f"matching cost per utterance: median {result['median_us']:.0f} us "
              f"(min {result['min_us']:.0f}, max {result['max_us']:.0f}) over "
              f"{args.repeats} runs of {len(lines)} lines")
        print(f"held-out accuracy {result['accuracy']:.1%} of {result['cases']}; crisis recall "
              f"{result['recall']:.0%} of {result['crisis_cases']}; false alarms "
              f"{result['false_alarms']:.0%} of {result['sad_cases']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
