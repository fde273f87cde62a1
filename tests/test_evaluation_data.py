"""The evaluation data is what its READMEs say: quotes where their offsets point, every file
present, ids consistent, every text marked as written for the evaluation.

Covers the held-out extraction texts (``tests/data/extraction_heldout``, issue 12) and the
multi-source storylines (``tests/data/assertions``, issue 13). Nothing here runs the extractor:
the held-out texts must not be tuned on.
"""

from __future__ import annotations

import difflib
import json
import math
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from claims.extraction.evaluation import load_labels

DATA = Path(__file__).parent / "data"
HELDOUT = DATA / "extraction_heldout"
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
    "area_rate": {"km2/month": 1, "km2/week": 30.44 / 7, "ha/year": 0.01 / 12, "ha/hour": 7.3},
    "length": {"km": 1000, "m": 1, "mm": 0.001, "nmi": 1852},
    "mass": {"t": 1},
    "volume": {"L": 0.001, "m3": 1, "bbl": 0.159},
    "duration": {
        "s": 1,
        "min": 60,
        "h": 3600,
        "day": 86400,
        "week": 604800,
        "month": 2629800,
        "year": 31557600,
    },
    "speed": {"km/h": 1, "m/s": 3.6, "knot": 1.852},
    "energy": {"MWh": 0.001, "GWh": 1, "TWh": 1000},
    "power": {"MW": 1, "GW": 1000},
    "ratio": {"ratio": 1},
    "rate": {
        # per day: counts, tonnes, cubic metres, currency units
        "count/day": 1,
        "count/week": 1 / 7,
        "count/month": 1 / 30.44,
        "count/year": 1 / 365.25,
        "t/week": 1 / 7,
        "t/year": 1 / 365.25,
        "bbl/day": 0.159,
        "L/day": 0.001,
        "m3/s": 86400,
        "m3/day": 1,
        "EUR/month": 1 / 30.44,
        "EUR/year": 1 / 365.25,
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
