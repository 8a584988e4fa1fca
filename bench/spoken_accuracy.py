"""Spoken accuracy: synthesized, varied speech through ``grounding hear --json``.

150 held-out intent utterances and every spoken crisis phrasing, with random rate,
loudness (down to whisper level), noise (15-30 dB SNR) and sample rate (8 to 44.1 kHz, mono
or stereo), recognised in one process by the default engine.

Usage: python bench/spoken_accuracy.py [--json]
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    sys.path.insert(0, str(ROOT))
    from tests.spoken import spoken_set

    with tempfile.TemporaryDirectory() as tmp:
        items = spoken_set(Path(tmp))
        start = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "assistant.cli", "hear", "--json",
                               *[str(p) for p, _, _ in items]], capture_output=True,
                              text=True, cwd=ROOT, check=False)
        seconds = time.perf_counter() - start
    rows = [json.loads(line) for line in proc.stdout.splitlines()]
    intents = [(r, want) for r, (_, _, want) in zip(rows, items, strict=True)
               if want != "crisis"]
    crisis = [r for r, (_, _, want) in zip(rows, items, strict=True) if want == "crisis"]
    result = {
        "accuracy": sum(r["intent"] == want for r, want in intents) / len(intents),
        "utterances": len(intents),
        "recall": sum(r["intent"] == "crisis" for r in crisis) / len(crisis),
        "crisis_utterances": len(crisis),
        "seconds_per_file": seconds / len(rows),
    }
    if "--json" in sys.argv:
        print(json.dumps(result))
    else:
        print(f"spoken intent accuracy {result['accuracy']:.1%} of {len(intents)}; "
              f"spoken crisis recall {result['recall']:.1%} of {len(crisis)}; "
              f"{result['seconds_per_file']:.2f} s per file")
    return 0


if __name__ == "__main__":
    sys.exit(main())
