"""The extractor's rules against the libraries that do a part of its job, on the tuning texts.

Measures, on ``tests/data/extraction/*.json``:
- quantities: quantulum3 (spans and values) against ``extract()``: a found quantity matches a
  label when their spans overlap and their values agree (scale words applied: "1.2 million"
  is 1,200,000), whatever the kind;
- number words: text2num's ``alpha2digit`` and number-parser's ``parse`` on the labelled
  spelled-out quantities ("two dozen", "half a billion people"), and on sentences whose
  number words state no figure ("One official said …");
- dates: dateparser's ``search_dates`` (what an ``as_of`` would be read from).

The libraries are not dependencies of the project (see docs/extraction.md for why); run this
in a scratch virtualenv that has them and Django's requirements:

    python -m venv /tmp/libvenv && /tmp/libvenv/bin/pip install -r requirements.txt \\
        quantulum3==0.10.0 text2num==3.1.0 number-parser==0.3.2 dateparser==1.5.0
    DJANGO_SETTINGS_MODULE=project.settings /tmp/libvenv/bin/python bench/extract_libraries.py
"""

from __future__ import annotations

import json
import re
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATA = ROOT / "tests" / "data" / "extraction"
SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
NUMBER_WORD = re.compile(
    r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty"
    r"|fifty|hundred|dozen|half)\b",
    re.IGNORECASE,
)
TRAPS = [
    "One official said the talks were useful.",
    "The two leaders met in Geneva.",
    "At one point the talks nearly collapsed.",
    "Three-party talks resumed.",
    "It was the first time in a decade.",
    "A second wave is due in May.",
    "Exports fell in the fourth quarter.",
]
Found = tuple[int, int, float]


def labelled() -> Iterator[tuple[str, list[dict]]]:
    for path in sorted(DATA.glob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        text = (DATA / doc["text"]).read_text(encoding="utf-8")
        yield text, [c for c in doc["claims"] if c["kind"] != "proposal"]


def scaled(value: float, unit: str) -> float:
    for word, factor in SCALES.items():
        if unit.split(" ")[0] == word:
            return float(value) * factor
    return float(value)


def close(a: float, b: float) -> bool:
    return abs(a - b) <= max(0.011, abs(b) * 1e-6)


def score(name: str, finder: Callable[[str], Iterator[Found]]) -> None:
    tp = fp = fn = 0
    started = time.process_time()
    for text, labels in labelled():
        free = list(finder(text))
        for label in labels:
            start, end = label["start"], label["start"] + len(label["quote"])
            want = scaled(label["value"], label.get("unit", ""))
            hit = next((f for f in free if f[0] < end and start < f[1] and close(f[2], want)), None)
            if hit is None:
                fn += 1
            else:
                free.remove(hit)
                tp += 1
        fp += len(free)
    cpu = time.process_time() - started
    print(
        f"{name:26} tp {tp:4} fp {fp:4} fn {fn:4} precision {tp / (tp + fp):.3f} "
        f"recall {tp / (tp + fn):.3f} CPU {cpu:.2f} s"
    )


def ours(text: str) -> Iterator[Found]:
    from claims.extraction import extract

    for c in extract(text):
        if c.kind != "proposal":
            yield c.start, c.end, scaled(c.value, c.unit)


def quantulum(text: str) -> Iterator[Found]:
    from quantulum3 import parser

    for q in parser.parse(text):
        yield q.span[0], q.span[1], float(q.value)


def number_words() -> None:
    from number_parser import parse as number_parser
    from text_to_num import alpha2digit

    spelled = [
        (label["quote"], scaled(label["value"], label.get("unit", "")))
        for _, labels in labelled()
        for label in labels
        if label["kind"] != "percentage"
        and not re.search(r"\d", label["quote"])
        and NUMBER_WORD.search(label["quote"])
    ]
    for name, convert in (
        ("text2num 3.1.0", lambda s: alpha2digit(s, "en")),
        ("number-parser 0.3.2", number_parser),
    ):
        right = 0
        for quote, want in spelled:
            numbers = [
                float(n.replace(",", "")) for n in re.findall(r"\d[\d,]*(?:\.\d+)?", convert(quote))
            ]
            right += any(close(n * f, want) for n in numbers for f in (1, 1e6, 1e9))
        traps = sum(bool(re.search(r"\d", convert(t))) for t in TRAPS)
        print(
            f"{name:26} spelled-out figures read {right}/{len(spelled)}; "
            f"sentences without a figure given digits {traps}/{len(TRAPS)}"
        )


def dates() -> None:
    from dateparser.search import search_dates

    started = time.process_time()
    total = on_figures = 0
    examples = []
    for text, labels in labelled():
        cursor = 0
        for found, _ in search_dates(text, languages=["en"]) or []:
            start = text.find(found, cursor)
            cursor = max(cursor, start)
            total += 1
            end = start + len(found)
            if any(c["start"] < end and start < c["start"] + len(c["quote"]) for c in labels):
                on_figures += 1
                examples.append(found)
    cpu = time.process_time() - started
    print(
        f"dateparser 1.5.0           {total} dates found in the tuning texts, {on_figures} of "
        f"them on a labelled figure (e.g. {examples[:4]}); CPU {cpu:.2f} s"
    )


def main() -> None:
    import django

    django.setup()
    score("extractor (these rules)", ours)
    score("quantulum3 0.10.0", quantulum)
    number_words()
    dates()


if __name__ == "__main__":
    main()
