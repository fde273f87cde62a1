"""How fast is ``extract()``? Two cases:

- an article of ~10,000 words built from the labelled texts (target: under one second);
- a pathological text: 200,000 characters (the API's limit) of figures with no full stop,
  the paste of a table that once took 62 s (target: under two seconds), and the same text
  at a tenth and half that length, to show time grows in proportion to the text.

The article is built deterministically: each labelled text whole, then their paragraphs'
sentences shuffled with a fixed seed, repeated until the word count. Each case is timed
``--repeat`` times after a warm-up call (imports, regex and unit caches); wall-clock and
CPU time of this process are both printed, because the box is shared and a loaded machine
stretches wall-clock time. Run:

    .venv/bin/python bench/extract_speed.py [--words 10000] [--repeat 5] [--chars 200000]
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
# One stretch of a table pasted as prose: every family, a source, no full stop.
FIGURES = "rose 12% to 3,400 people, $5 million and 40 km² a year, officials said, "


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


def build_pathological(chars: int) -> str:
    """``chars`` characters of figures without a full stop."""
    return (FIGURES * (chars // len(FIGURES) + 1))[:chars]


def timed(text: str, repeat: int) -> dict[str, float | int]:
    walls, cpus = [], []
    found = []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        found = extract(text)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return {
        "characters": len(text),
        "words": len(text.split()),
        "candidates": len(found),
        "best": min(walls),
        "median": statistics.median(walls),
        "cpu_best": min(cpus),
    }


def report(name: str, result: dict[str, float | int], repeat: int) -> None:
    print(
        f"{name}: {result['words']} words, {result['characters']} characters, "
        f"{result['candidates']} candidates; best of {repeat} {result['best']:.3f} s, "
        f"median {result['median']:.3f} s, CPU best {result['cpu_best']:.3f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--chars", type=int, default=200_000)
    args = parser.parse_args()

    extract(build_article(200))  # warm-up: first call pays for imports and caches
    report("article", timed(build_article(args.words), args.repeat), args.repeat)
    for fraction in (10, 2, 1):
        chars = args.chars // fraction
        result = timed(build_pathological(chars), args.repeat)
        report(f"figures without full stops ({chars} chars)", result, args.repeat)


if __name__ == "__main__":
    main()
