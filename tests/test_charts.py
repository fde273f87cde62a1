"""The series chart's axis (claims.charts): labels a reader can take in, inside the margin."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from claims.charts import series_svg

NS = {"s": "http://www.w3.org/2000/svg"}


def point(as_of: str, value: str) -> dict:
    member = {"status": "published", "rank": "normal", "value_si": value}
    return {
        "as_of": as_of,
        "statement": f"cost on {as_of}",
        "conflicting": False,
        "independent_sources": 1,
        "sources": 1,
        "preferred_value_si": value,
        "claims": [{**member, "lower_si": None, "upper_si": None}],
    }


def axis_labels(svg: str) -> list[str]:
    root = ET.fromstring(svg)
    return [t.text for t in root.findall("s:text[@text-anchor='end']", NS)]


def test_billions_are_written_in_words_on_the_axis():
    svg = series_svg("cost", [point("2027-01-01", "2400000000"), point("2027-02-01", "3100000000")])
    assert axis_labels(svg) == ["2.4 billion", "3.1 billion"]


def test_small_values_keep_their_digits():
    svg = series_svg("share", [point("2027-01-01", "41.5"), point("2027-02-01", "44")])
    assert axis_labels(svg) == ["41.5", "44"]
