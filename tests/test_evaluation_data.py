"""The evaluation data is what its READMEs say: quotes where their offsets point, every file
present, ids consistent, every text marked as written for the evaluation.

Covers the held-out extraction texts (``tests/data/extraction_heldout`` and the second to
twenty-fourth, independently labelled ``tests/data/extraction_heldout2``,
``tests/data/extraction_heldout3``, ``tests/data/extraction_heldout4``,
``tests/data/extraction_heldout5``, ``tests/data/extraction_heldout6``,
``tests/data/extraction_heldout7``, ``tests/data/extraction_heldout8``,
``tests/data/extraction_heldout9``, ``tests/data/extraction_heldout10``,
``tests/data/extraction_heldout11``, ``tests/data/extraction_heldout12``,
``tests/data/extraction_heldout13``, ``tests/data/extraction_heldout14``,
``tests/data/extraction_heldout15``, ``tests/data/extraction_heldout16``,
``tests/data/extraction_heldout17``, ``tests/data/extraction_heldout18``,
``tests/data/extraction_heldout19``, ``tests/data/extraction_heldout20``,
``tests/data/extraction_heldout21``, ``tests/data/extraction_heldout22``,
``tests/data/extraction_heldout23`` and ``tests/data/extraction_heldout24``, issue 12) and the
multi-source storylines (``tests/data/assertions``, issue 13). Nothing here runs the
extractor: the held-out texts must not be tuned on.
"""

from __future__ import annotations

import difflib
import itertools
import json
import math
import re
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from claims.extraction.evaluation import load_labels

DATA = Path(__file__).parent / "data"
HELDOUT = DATA / "extraction_heldout"
HELDOUT2 = DATA / "extraction_heldout2"
HELDOUT3 = DATA / "extraction_heldout3"
HELDOUT4 = DATA / "extraction_heldout4"
HELDOUT5 = DATA / "extraction_heldout5"
HELDOUT6 = DATA / "extraction_heldout6"
HELDOUT7 = DATA / "extraction_heldout7"
HELDOUT8 = DATA / "extraction_heldout8"
HELDOUT9 = DATA / "extraction_heldout9"
HELDOUT10 = DATA / "extraction_heldout10"
HELDOUT11 = DATA / "extraction_heldout11"
HELDOUT12 = DATA / "extraction_heldout12"
HELDOUT13 = DATA / "extraction_heldout13"
HELDOUT14 = DATA / "extraction_heldout14"
HELDOUT15 = DATA / "extraction_heldout15"
HELDOUT16 = DATA / "extraction_heldout16"
HELDOUT17 = DATA / "extraction_heldout17"
HELDOUT18 = DATA / "extraction_heldout18"
HELDOUT19 = DATA / "extraction_heldout19"
HELDOUT20 = DATA / "extraction_heldout20"
HELDOUT21 = DATA / "extraction_heldout21"
HELDOUT22 = DATA / "extraction_heldout22"
HELDOUT23 = DATA / "extraction_heldout23"
HELDOUT24 = DATA / "extraction_heldout24"
ASSERTIONS = DATA / "assertions"
MARKER = (
    "[Written for the claims-ledger evaluation. Not a real report; names, places and figures "
    "are invented.]"
)

MODALITIES = {"asserted", "reported", "estimated", "projected", "demanded", "proposed"}

# Units each kind may carry, as the READMEs list them; the factor turns a unit into the
# kind's reference unit, so a value stated in GW can be compared with one stated in MW.
_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9}
UNITS: dict[str, dict[str, float]] = {
    "percentage": {"percent": 1},
    "percentage_points": {"pp": 1},
    "count": {"count": 1},
    "money": dict.fromkeys(("EUR", "USD"), 1),
    "area": {"km2": 1, "ha": 0.01},
    "area_rate": {
        "km2/month": 1,
        "km2/week": 30.44 / 7,
        "km2/day": 30.44,
        "km2/year": 1 / 12,
        "ha/year": 0.01 / 12,
        "ha/hour": 7.3,
    },
    "length": {"km": 1000, "m": 1, "mm": 0.001, "nmi": 1852},
    "mass": {"t": 1},
    "volume": {"L": 0.001, "m3": 1, "km3": 1e9, "bbl": 0.159},
    "duration": {
        "s": 1,
        "min": 60,
        "h": 3600,
        "day": 86400,
        "week": 604800,
        "month": 2629800,
        "year": 31557600,
    },
    "speed": {"km/h": 1, "m/s": 3.6, "knot": 1.852, "m/year": 0.001 / 8766},
    "energy": {"MWh": 0.001, "GWh": 1, "TWh": 1000},
    "power": {"kW": 0.001, "MW": 1, "GW": 1000},
    "ratio": {"ratio": 1},
    "rate": {
        # per day: counts, tonnes, cubic metres, currency units
        "count/day": 1,
        "count/week": 1 / 7,
        "count/month": 1 / 30.44,
        "count/year": 1 / 365.25,
        "t/day": 1,
        "t/week": 1 / 7,
        "t/year": 1 / 365.25,
        "bbl/day": 0.159,
        "L/day": 0.001,
        "L/s": 86.4,
        "m3/s": 86400,
        "m3/day": 1,
        "EUR/month": 1 / 30.44,
        "EUR/year": 1 / 365.25,
        "USD/day": 1,
        "USD/year": 1 / 365.25,
    },
    "proposal": {"": 1},
}


def unit_factor(kind: str, unit: str) -> float:
    """The factor from ``unit`` to the kind's reference unit; KeyError for a unit not listed."""
    scale, _, base = unit.partition(" ") if unit.split(" ")[0] in _SCALE else ("", "", unit)
    return _SCALE.get(scale, 1) * UNITS[kind][base]


def check_claim(claim: dict, text: str, where: str) -> None:
    """What every labelled claim must satisfy, in either data set."""
    kind, quote, start = claim["kind"], claim["quote"], claim["start"]
    assert text[start : start + len(quote)] == quote, f"{where}: {quote!r} is not at {start}"
    assert quote.strip() == quote and quote, f"{where}: quote {quote!r} has outer spaces"
    assert kind in UNITS, f"{where}: unknown kind {kind}"
    assert claim["modality"] in MODALITIES, f"{where}: modality {claim['modality']}"
    unit_factor(kind, claim["unit"])  # raises KeyError for a unit outside the kind's list
    if kind == "proposal":
        assert claim["value"] is None, where
        assert claim["modality"] in {"proposed", "demanded"}, where
        for provision in claim.get("provisions", []):
            p_quote, p_start = provision["quote"], provision["start"]
            assert text[p_start : p_start + len(p_quote)] == p_quote, f"{where}: {p_quote!r}"
        return
    value = claim["value"]
    assert isinstance(value, int | float), where
    assert claim.get("lower", value) <= value <= claim.get("upper", value), where
    if kind == "percentage":
        assert 0 <= value <= 100, where
    assert claim.get("approximate", True) is True, f"{where}: approximate is only ever true"


# --- A: held-out extraction texts --------------------------------------------------------
HELDOUT_FILES = sorted(HELDOUT.glob("*.json"))


def test_heldout_corpus_spans_at_least_eight_domains() -> None:
    domains = {json.loads(p.read_text())["domain"].split(" (")[0] for p in HELDOUT_FILES}
    assert len(HELDOUT_FILES) >= 8
    assert len(domains) >= 8, domains


@pytest.mark.parametrize("path", HELDOUT_FILES, ids=lambda p: p.stem)
def test_heldout_label_file_is_anchored_and_marked(path: Path) -> None:
    doc = json.loads(path.read_text(encoding="utf-8"))
    text = (HELDOUT / doc["text"]).read_text(encoding="utf-8")
    assert text.startswith(MARKER + "\n")
    assert doc["invented"] is True
    assert doc["description"] and doc["notes"]
    assert 150 <= len(text.split()) <= 700
    assert doc["claims"], path.name
    for i, claim in enumerate(doc["claims"]):
        check_claim(claim, text, f"{path.name} claim {i}")
        assert claim["subject"], f"{path.name} claim {i}"
        assert MARKER not in claim["quote"]
    # The scorer reads the same file: its loader re-checks every offset.
    assert len(load_labels(path).labels) == len(doc["claims"])


def test_every_heldout_text_has_its_label_file() -> None:
    labelled = {json.loads(p.read_text())["text"] for p in HELDOUT_FILES}
    assert labelled == {p.name for p in HELDOUT.glob("*.txt")}


# --- A2: the second to twenty-fourth held-out sets, labelled without reading the extractor's
# rules. All are checked alike; the third onwards are scored once, after the extractor is
# frozen.
LATER_SETS = {
    "heldout2": HELDOUT2,
    "heldout3": HELDOUT3,
    "heldout4": HELDOUT4,
    "heldout5": HELDOUT5,
    "heldout6": HELDOUT6,
    "heldout7": HELDOUT7,
    "heldout8": HELDOUT8,
    "heldout9": HELDOUT9,
    "heldout10": HELDOUT10,
    "heldout11": HELDOUT11,
    "heldout12": HELDOUT12,
    "heldout13": HELDOUT13,
    "heldout14": HELDOUT14,
    "heldout15": HELDOUT15,
    "heldout16": HELDOUT16,
    "heldout17": HELDOUT17,
    "heldout18": HELDOUT18,
    "heldout19": HELDOUT19,
    "heldout20": HELDOUT20,
    "heldout21": HELDOUT21,
    "heldout22": HELDOUT22,
    "heldout23": HELDOUT23,
    "heldout24": HELDOUT24,
}
LATER_FILES = [p for d in LATER_SETS.values() for p in sorted(d.glob("*.json"))]


def later_id(path: Path) -> str:
    return f"{path.parent.name.removeprefix('extraction_')}/{path.stem}"


def corpus_counts(directory: Path) -> dict[str, list[str]]:
    """The count lines a held-out README states, computed from its label files: a table row
    per text, the total row, and the claims per kind and per domain."""
    rows, kinds, domains, words = [], Counter(), Counter(), 0
    for path in sorted(directory.glob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        n_words = len((directory / doc["text"]).read_text(encoding="utf-8").split())
        rows.append(f"| `{doc['text']}` | {doc['domain']} | {n_words:,} | {len(doc['claims'])} |")
        words += n_words
        kinds.update(c["kind"] for c in doc["claims"])
        domains[doc["domain"].split(" (")[0]] += len(doc["claims"])

    def by_count(counter: Counter) -> str:
        ordered = sorted(counter.items(), key=lambda item: (-item[1], item[0]))
        return ", ".join(f"{kind} {n}" for kind, n in ordered)

    total = sum(kinds.values())
    return {
        "rows": rows,
        "total": [f"| **total** | {len(domains)} domains | {words:,} | {total} |"],
        "kinds": [f"Claims per kind: {by_count(kinds)}."],
        "domains": [f"Claims per domain: {by_count(domains)}."],
    }


@pytest.mark.parametrize(
    ("directory", "parts"),
    [
        (HELDOUT, ("rows", "total", "kinds")),
        (HELDOUT2, ("rows", "total", "kinds", "domains")),
        (HELDOUT3, ("rows", "total", "kinds", "domains")),
        (HELDOUT4, ("rows", "total", "kinds", "domains")),
        (HELDOUT5, ("rows", "total", "kinds", "domains")),
        (HELDOUT6, ("rows", "total", "kinds", "domains")),
        (HELDOUT7, ("rows", "total", "kinds", "domains")),
        (HELDOUT8, ("rows", "total", "kinds", "domains")),
        (HELDOUT9, ("rows", "total", "kinds", "domains")),
        (HELDOUT10, ("rows", "total", "kinds", "domains")),
        (HELDOUT11, ("rows", "total", "kinds", "domains")),
        (HELDOUT12, ("rows", "total", "kinds", "domains")),
        (HELDOUT13, ("rows", "total", "kinds", "domains")),
        (HELDOUT14, ("rows", "total", "kinds", "domains")),
        (HELDOUT15, ("rows", "total", "kinds", "domains")),
        (HELDOUT16, ("rows", "total", "kinds", "domains")),
        (HELDOUT17, ("rows", "total", "kinds", "domains")),
        (HELDOUT18, ("rows", "total", "kinds", "domains")),
        (HELDOUT19, ("rows", "total", "kinds", "domains")),
        (HELDOUT20, ("rows", "total", "kinds", "domains")),
        (HELDOUT21, ("rows", "total", "kinds", "domains")),
        (HELDOUT22, ("rows", "total", "kinds", "domains")),
        (HELDOUT23, ("rows", "total", "kinds", "domains")),
        (HELDOUT24, ("rows", "total", "kinds", "domains")),
    ],
    ids=[
        "heldout",
        "heldout2",
        "heldout3",
        "heldout4",
        "heldout5",
        "heldout6",
        "heldout7",
        "heldout8",
        "heldout9",
        "heldout10",
        "heldout11",
        "heldout12",
        "heldout13",
        "heldout14",
        "heldout15",
        "heldout16",
        "heldout17",
        "heldout18",
        "heldout19",
        "heldout20",
        "heldout21",
        "heldout22",
        "heldout23",
        "heldout24",
    ],
)
def test_heldout_readme_counts_are_the_label_files_counts(directory: Path, parts: tuple) -> None:
    readme = (directory / "README.md").read_text(encoding="utf-8")
    counts = corpus_counts(directory)
    missing = [line for part in parts for line in counts[part] if line not in readme]
    assert not missing, "README.md should state:\n" + "\n".join(missing)


@pytest.mark.parametrize("directory", LATER_SETS.values(), ids=LATER_SETS.keys())
def test_later_readme_lists_exactly_the_units_its_labels_use(directory: Path) -> None:
    used: dict[str, set[str]] = defaultdict(set)
    for path in sorted(directory.glob("*.json")):
        for claim in json.loads(path.read_text())["claims"]:
            if claim["kind"] != "proposal":
                used[claim["kind"]].add(claim["unit"])
    listed = {}
    for line in (directory / "README.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip("|").split("|")]
        if len(cells) == 2 and cells[0] in UNITS:
            listed[cells[0]] = set(re.findall(r"`([^`]*)`", cells[1]))
    assert listed == used


@pytest.mark.parametrize(
    ("directory", "texts", "claims"),
    [
        (HELDOUT2, 12, 300),
        (HELDOUT3, 14, 300),
        (HELDOUT4, 14, 300),
        (HELDOUT5, 14, 300),
        (HELDOUT6, 14, 300),
        (HELDOUT7, 16, 300),
        (HELDOUT8, 14, 250),
        (HELDOUT9, 12, 220),
        (HELDOUT10, 13, 220),
        (HELDOUT11, 14, 250),
        (HELDOUT12, 14, 230),
        (HELDOUT13, 14, 250),
        (HELDOUT14, 13, 240),
        (HELDOUT15, 14, 240),
        (HELDOUT16, 14, 190),
        (HELDOUT17, 14, 210),
        (HELDOUT18, 14, 180),
        (HELDOUT19, 14, 290),
        (HELDOUT20, 14, 250),
        (HELDOUT21, 14, 270),
        (HELDOUT22, 14, 227),
        (HELDOUT23, 14, 279),
        (HELDOUT24, 14, 259),
    ],
    ids=LATER_SETS.keys(),
)
def test_later_set_has_its_texts_and_claims_over_eight_domains(
    directory: Path, texts: int, claims: int
) -> None:
    docs = [json.loads(p.read_text()) for p in sorted(directory.glob("*.json"))]
    domains = {doc["domain"].split(" (")[0] for doc in docs}
    assert len(docs) >= texts
    assert sum(len(doc["claims"]) for doc in docs) >= claims
    assert len(domains) >= 8, domains


@pytest.mark.parametrize("directory", LATER_SETS.values(), ids=LATER_SETS.keys())
def test_every_later_text_has_its_label_file(directory: Path) -> None:
    labelled = {json.loads(p.read_text())["text"] for p in directory.glob("*.json")}
    assert labelled == {p.name for p in directory.glob("*.txt")}


def lines_with_offsets(text: str) -> list[tuple[int, str]]:
    out, at = [], 0
    for line in text.splitlines(keepends=True):
        out.append((at, line))
        at += len(line)
    return out


@pytest.mark.parametrize("path", LATER_FILES, ids=later_id)
def test_later_label_file_is_anchored_marked_and_one_label_per_span(path: Path) -> None:
    doc = json.loads(path.read_text(encoding="utf-8"))
    text = (path.parent / doc["text"]).read_text(encoding="utf-8")
    assert text.startswith(MARKER + "\n")
    assert doc["invented"] is True
    assert doc["domain"] and doc["description"] and doc["notes"]
    assert 300 <= len(text.split()) <= 700
    spans = []
    for i, claim in enumerate(doc["claims"]):
        where = f"{path.name} claim {i}"
        check_claim(claim, text, where)
        assert claim["subject"] and "claimant" in claim, where
        assert claim["start"] > len(MARKER), where
        if claim["kind"] == "proposal":
            assert claim["title"], where
        else:
            spans.append((claim["start"], claim["start"] + len(claim["quote"])))
    spans.sort()
    overlapping = [(a, b) for a, b in itertools.pairwise(spans) if b[0] < a[1]]
    assert not overlapping, f"{path.name}: two labels share words: {overlapping}"
    assert [c["start"] for c in doc["claims"]] == sorted(c["start"] for c in doc["claims"])
    assert len(load_labels(path).labels) == len(doc["claims"])


@pytest.mark.parametrize("path", LATER_FILES, ids=later_id)
def test_later_labels_nothing_in_headlines_or_captions(path: Path) -> None:
    doc = json.loads(path.read_text(encoding="utf-8"))
    text = (path.parent / doc["text"]).read_text(encoding="utf-8")
    lines = [(at, line) for at, line in lines_with_offsets(text) if line.strip()]
    headline = lines[1]  # the first line after the marker
    quiet = [headline] + [(at, line) for at, line in lines if "Photo:" in line]
    starts = [c["start"] for c in doc["claims"]]
    starts += [p["start"] for c in doc["claims"] for p in c.get("provisions", [])]
    for at, line in quiet:
        inside = [s for s in starts if at <= s < at + len(line)]
        assert not inside, f"{path.name}: a label in {line.strip()!r}"


@pytest.mark.parametrize("path", LATER_FILES, ids=later_id)
def test_later_has_one_proposal_per_plan_with_its_own_provisions(path: Path) -> None:
    proposals = [c for c in json.loads(path.read_text())["claims"] if c["kind"] == "proposal"]
    titles = [p["title"] for p in proposals]
    assert len(titles) == len(set(titles)), titles
    provisions = [(v["start"], v["quote"]) for p in proposals for v in p.get("provisions", [])]
    anchors = {(p["start"], p["quote"]) for p in proposals}
    assert len(provisions) == len(set(provisions)), "a provision belongs to one plan"
    assert not anchors & set(provisions), "a plan's anchor is not also a provision"


def test_later_texts_are_fresh() -> None:
    """No paragraph of a later set is taken from an earlier set or the tuning set."""

    def paragraphs(directory: Path) -> set[str]:
        return {
            line.strip()
            for p in directory.glob("*.txt")
            for line in p.read_text(encoding="utf-8").splitlines()[1:]
            if len(line.strip()) > 60
        }

    # Each later set against the tuning set, the first held-out set and every set before it.
    earlier = paragraphs(HELDOUT) | paragraphs(DATA / "extraction")
    for name, directory in LATER_SETS.items():
        own = paragraphs(directory)
        assert not own & earlier, name
        earlier |= own


# --- B: multi-source storylines ------------------------------------------------------------
STORYLINES = sorted(ASSERTIONS.glob("storyline_*.json"))


def interval(claim: dict) -> tuple[float, float]:
    """The values a claim allows, in its kind's reference unit, with the labelling tolerance.

    Stated bounds are kept (a one-sided bound leaves the other side open); approximate
    values widen by 5%, exact ones by 1% (rounding). Percentages and points widen by 3 and 1
    points instead, since a share's rounding is absolute.
    """
    f = unit_factor(claim["kind"], claim["unit"])
    value = claim["value"] * f
    lo = claim["lower"] * f if "lower" in claim else (value if "upper" not in claim else -math.inf)
    hi = claim["upper"] * f if "upper" in claim else (value if "lower" not in claim else math.inf)
    if claim["kind"] in {"percentage", "percentage_points"}:
        pad_lo = pad_hi = 3.0 if claim.get("approximate") else 1.0
    else:
        rel = 0.05 if claim.get("approximate") else 0.01
        pad_lo, pad_hi = abs(lo) * rel, abs(hi) * rel
    return lo - pad_lo, hi + pad_hi


def disjoint(a: dict, b: dict) -> bool:
    (alo, ahi), (blo, bhi) = interval(a), interval(b)
    return ahi < blo or bhi < alo


def load_storyline(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def origins(doc: dict) -> dict[str, str]:
    """Each claim's origin: whom it was relayed from (conveyed_by, or the source it copies),
    else its source's publisher. Claims with one origin are one independent source."""
    sources = {s["file"]: s for s in doc["sources"]}

    def source_origin(file: str) -> str:
        s = sources[file]
        if "conveyed_by" in s:
            return s["conveyed_by"]
        if "copied_from" in s:
            return source_origin(s["copied_from"])
        return s["publisher"]

    return {c["id"]: c.get("conveyed_by") or source_origin(c["source"]) for c in doc["claims"]}


def test_the_multi_source_set_has_thirty_sources_over_four_storylines() -> None:
    assert len(STORYLINES) >= 4
    sources = [s["file"] for p in STORYLINES for s in load_storyline(p)["sources"]]
    assert len(sources) >= 30
    assert len(set(sources)) == len(sources), "a source belongs to one storyline"
    listed = set(sources)
    assert listed == {p.name for p in ASSERTIONS.glob("*.txt")}, "every text is listed once"


@pytest.mark.parametrize("path", STORYLINES, ids=lambda p: p.stem)
def test_storyline_sources_exist_are_marked_and_relay_known_actors(path: Path) -> None:
    doc = load_storyline(path)
    assert doc["invented"] is True
    actors = {a["slug"] for a in doc["actors"]}
    assert len(actors) == len(doc["actors"])
    files = {s["file"]: s for s in doc["sources"]}
    for s in doc["sources"]:
        text = (ASSERTIONS / s["file"]).read_text(encoding="utf-8")
        assert text.startswith(MARKER + "\n"), s["file"]
        assert s["publisher"] in actors, s
        assert s["kind"] in {"article", "poll_release", "statement", "report", "transcript"}
        assert s.get("conveyed_by", s["publisher"]) in actors, s
        if "copied_from" in s:
            original = files[s["copied_from"]]
            assert original["published_on"] <= s["published_on"], s
            # An echo is near-identical, which is what lets a heuristic find it.
            body = text.split("\n", 1)[1]
            other = (ASSERTIONS / original["file"]).read_text(encoding="utf-8").split("\n", 1)[1]
            similarity = difflib.SequenceMatcher(None, body, other, autojunk=False).ratio()
            assert similarity >= 0.6, (s["file"], similarity)


@pytest.mark.parametrize("path", STORYLINES, ids=lambda p: p.stem)
def test_storyline_claims_are_anchored_and_ids_consistent(path: Path) -> None:
    doc = load_storyline(path)
    texts = {
        s["file"]: (ASSERTIONS / s["file"]).read_text(encoding="utf-8") for s in doc["sources"]
    }
    ids = [c["id"] for c in doc["claims"]]
    assert len(ids) == len(set(ids)), [i for i, n in Counter(ids).items() if n > 1]
    declared = {a["id"]: a for a in doc["assertions"]}
    assert len(declared) == len(doc["assertions"])
    series = {s["id"] for s in doc["series"]}
    actors = {a["slug"] for a in doc["actors"]}
    members: dict[str, list[dict]] = defaultdict(list)
    for c in doc["claims"]:
        check_claim(c, texts[c["source"]], f"{path.name} {c['id']}")
        assert c["assertion"] in declared, c["id"]
        assert c["series"] is None or c["series"] in series, c["id"]
        assert "conveyed_by" not in c or c["conveyed_by"] in actors, c["id"]
        members[c["assertion"]].append(c)
    assert set(members) == set(declared), "every declared assertion has members"
    # One assertion: one measure (kind), one series, one time scope.
    for aid, cs in members.items():
        assert len({c["kind"] for c in cs}) == 1, aid
        assert len({c["series"] for c in cs}) == 1, aid
        assert len({c["as_of"] for c in cs}) == 1, aid
        assert declared[aid]["sources"] == len({c["source"] for c in cs}), aid
    # Within a series, one time scope is one assertion, and a series has an update.
    by_point: dict[tuple[str, str], set[str]] = defaultdict(set)
    for c in doc["claims"]:
        if c["series"]:
            by_point[(c["series"], c["as_of"])].add(c["assertion"])
    assert all(len(a) == 1 for a in by_point.values()), by_point
    for sid in series:
        assert len({t for s, t in by_point if s == sid}) >= 2, f"series {sid} has one point"


@pytest.mark.parametrize("path", STORYLINES, ids=lambda p: p.stem)
def test_independent_sources_count_each_echo_once(path: Path) -> None:
    doc = load_storyline(path)
    origin = origins(doc)
    for a in doc["assertions"]:
        found = {origin[c["id"]] for c in doc["claims"] if c["assertion"] == a["id"]}
        assert a["independent_sources"] == len(found), (a["id"], sorted(found))
        assert a["reason"], a["id"]


@pytest.mark.parametrize("path", STORYLINES, ids=lambda p: p.stem)
def test_conflicts_are_exactly_the_disjoint_members_of_an_assertion(path: Path) -> None:
    doc = load_storyline(path)
    claims = {c["id"]: c for c in doc["claims"]}
    listed = set()
    for conflict in doc["conflicts"]:
        a, b = claims[conflict["a"]], claims[conflict["b"]]
        assert a["assertion"] == b["assertion"], conflict
        assert disjoint(a, b), conflict
        listed.add(frozenset((a["id"], b["id"])))
    found = set()
    by_assertion: dict[str, list[dict]] = defaultdict(list)
    for c in doc["claims"]:
        if c["kind"] != "proposal":
            by_assertion[c["assertion"]].append(c)
    for cs in by_assertion.values():
        for i, a in enumerate(cs):
            for b in cs[i + 1 :]:
                if disjoint(a, b):
                    found.add(frozenset((a["id"], b["id"])))
    assert found == listed, {"unlisted": found - listed, "not disjoint": listed - found}


@pytest.mark.parametrize("path", STORYLINES, ids=lambda p: p.stem)
def test_near_misses_are_never_grouped(path: Path) -> None:
    doc = load_storyline(path)
    claims = {c["id"]: c for c in doc["claims"]}
    for miss in doc["near_misses"]:
        a, b = claims[miss["a"]], claims[miss["b"]]
        assert a["assertion"] != b["assertion"], miss
        # Same series is allowed only as another point in time: an update, never a repeat.
        assert a["series"] is None or (a["series"], a["as_of"]) != (b["series"], b["as_of"])
        assert miss["reason"], miss


@pytest.mark.parametrize("path", STORYLINES, ids=lambda p: p.stem)
def test_each_storyline_has_repeats_echoes_updates_conflicts_and_near_misses(path: Path) -> None:
    doc = load_storyline(path)
    assertions = doc["assertions"]
    assert any(a["independent_sources"] >= 2 for a in assertions), "a repeat"
    assert any(a["sources"] > a["independent_sources"] for a in assertions), "an echo"
    assert doc["series"], "an update"
    assert doc["conflicts"], "a conflict"
    assert doc["near_misses"], "a near miss"
