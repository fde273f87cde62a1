"""How fast is ``extract()`` on a ~10,000-word article? Target: under one second.

The article is built deterministically from the labelled texts: each text whole, then their
paragraphs' sentences shuffled with a fixed seed, repeated until ~10,000 words. Run:

    .venv/bin/python bench/extract_speed.py [--words 10000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from claims.extraction import extract  # noqa: E402 (needs the repo on sys.path)

DATA = ROOT / "tests" / "data" / "extraction"
SEED = 20260101


def build_article(target_words: int) -> str:
    """The labelled texts, then shuffled sentences of them, until ``target_words``."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(DATA.glob("*.txt"))]
    sentences = [s for t in texts for s in re.split(r"(?<=[.!?])\s+", t) if s.strip()]
    rng = random.Random(SEED)
    parts = list(texts)
    words = sum(len(t.split()) for t in parts)
    while words < target_words:
        paragraph = " ".join(rng.sample(sentences, 6))
        parts.append(paragraph)
        words += len(paragraph.split())
    return "\n\n".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    text = build_article(args.words)
    extract(text)  # warm-up: first call pays for imports and regex caches
    timings = []
    candidates = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        candidates = extract(text)
        timings.append(time.perf_counter() - started)
    print(f"words: {len(text.split())}")
    print(f"characters: {len(text)}")
    print(f"candidates: {len(candidates)}")
    print(f"best of {args.repeat}: {min(timings):.4f} s")
    print(f"median of {args.repeat}: {statistics.median(timings):.4f} s")


if __name__ == "__main__":
    main()
