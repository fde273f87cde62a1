"""Bulk import and export of sources and claims: all or nothing, idempotent, fast.

The interchange format is NDJSON (one record per line) or a JSON list of records:

    {"type": "source", "id": "<uuid>", "url": ..., "title": ..., "publisher": "<actor slug>",
     "authors": [...], "published_on": "2025-11-30"|null, "published_precision": "day",
     "language": "en", "kind": "article", "text": "..."}
    {"type": "claim", "id": "<uuid>", "kind": "area_rate", "statement": ..., "claimant": "<slug>",
     "value": "176", "unit": "mi2/month", ..., "status": "published", "topics": ["<slug>"],
     "proposal": "<slug>", "citations": [{"source": "<uuid>", "quote": "...", "start": 1,
     "end": 9}]}

Actors, topics and proposals are referenced by slug and must exist. Records are matched by
``id``: one already in the ledger with the same content is "unchanged"; with other content
it is an error (imports add, they never silently rewrite — edit through the API). So a
re-import changes nothing, and export → import reproduces a ledger.

Every record is validated with the models' own rules (``clean_fields``/``clean``, quote
anchoring) before anything is written; then rows go in by ``claims.bulk`` in one
transaction (``COPY`` on PostgreSQL, with their history rows), the database's
triggers check every citation, and the cross-table checks run before commit. One bad row:
nothing is written, and the report names the row and the field.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from claims import bulk, services
from claims.integrity import cross_table_violations
from claims.models import Actor, Citation, Claim, Proposal, Provision, Source, Topic

MAX_RECORDS = 1_000_000
BATCH = 2_000

SOURCE_FIELDS = (
    "url", "title", "authors", "published_on", "published_precision", "retrieved_at",
    "language", "kind", "text", "license", "attribution",
)  # fmt: skip
CLAIM_FIELDS = (
    "kind", "statement", "subject", "place", "value", "unit", "lower", "upper", "approximate",
    "bounds_stated", "as_of", "period_start", "period_end", "time_precision", "modality",
    "status", "notes",
)  # fmt: skip
CITATION_FIELDS = ("quote", "start", "end", "prefix", "suffix", "stance", "method")


class ImportFailed(Exception):
    """Raised inside the transaction to undo a run whose report has errors."""


@dataclass
class ImportReport:
    dry_run: bool
    created: dict[str, int] = field(default_factory=lambda: {"source": 0, "claim": 0})
    unchanged: dict[str, int] = field(default_factory=lambda: {"source": 0, "claim": 0})
    errors: list[dict[str, Any]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def error(self, row: int, field_name: str, message: str) -> None:
        self.errors.append({"row": row, "field": field_name, "message": message})

    def as_dict(self) -> dict[str, Any]:
        return {
            "dry_run": self.dry_run,
            "ok": self.ok,
            "created": self.created,
            "unchanged": self.unchanged,
            "errors": self.errors[:1000],
        }


_CSV_NULLABLE = {"value", "lower", "upper", "as_of", "period_start", "period_end"}
_CSV_BOOL = {"approximate", "bounds_stated"}
_CSV_RENAMED = {
    "claimant_slug": "claimant",
    "conveyed_by_slug": "conveyed_by",
    "proposal_slug": "proposal",
}
_CSV_CITATION = {
    "citation_id": "id",
    "source_id": "source",
    **{c: c for c in ("quote", "start", "end", "stance", "method")},
}


def _csv_cell(value: str) -> str:
    """Undo the export's guard against spreadsheet formulas ('=… was written as '=…)."""
    if len(value) > 1 and value[0] == "'" and value[1] in "=+-@\t\r":
        return value[1:]
    return value


def read_csv_records(stream: Iterable[str | bytes]) -> Iterator[tuple[int, Any]]:
    """Claims from the API's CSV export (one row per claim and citation), merged by id."""
    lines = (x.decode() if isinstance(x, bytes) else x for x in stream)
    current: dict[str, Any] | None = None
    first_row = 0
    for n, row in enumerate(csv.DictReader(lines), start=2):  # row 1 is the header
        cells = {k: _csv_cell(v or "") for k, v in row.items() if k}
        if current is None or cells.get("id") != current.get("id"):
            if current is not None:
                yield first_row, current
            first_row = n
            current = {"type": "claim", "citations": []}
            for name in (*CLAIM_FIELDS, "id", *_CSV_RENAMED):
                if name not in cells:
                    continue
                value: Any = cells[name]
                if name in _CSV_BOOL:
                    value = value == "true"
                elif value == "" and (name in _CSV_NULLABLE or name in _CSV_RENAMED):
                    value = None
                current[_CSV_RENAMED.get(name, name)] = value
            current["topics"] = [t for t in cells.get("topics", "").split(";") if t]
        if cells.get("quote"):
            citation = {key: cells[col] for col, key in _CSV_CITATION.items() if cells.get(col)}
            for number in ("start", "end"):
                if number in citation:
                    citation[number] = int(citation[number])
            current["citations"].append(citation)
    if current is not None:
        yield first_row, current


def read_records(stream: Iterable[str | bytes], fmt: str) -> Iterator[tuple[int, Any]]:
    """(row number, record) pairs; rows count from 1. A line that is not JSON is a record
    of its own error, reported like any other."""
    if fmt == "csv":
        yield from read_csv_records(stream)
        return
    if fmt == "json":
        data = json.loads(b"".join(x if isinstance(x, bytes) else x.encode() for x in stream))
        # {"records": [...]}, a bare list, or one record; {} is one record (with errors).
        records = data["records"] if isinstance(data, dict) and "records" in data else data
        yield from enumerate(records if isinstance(records, list) else [records], start=1)
        return
    for n, line in enumerate(stream, start=1):
        text = line.decode() if isinstance(line, bytes) else line
        if text.strip():
            try:
                yield n, json.loads(text)
            except json.JSONDecodeError as exc:
                yield n, {"type": "invalid", "error": f"not JSON: {exc.msg}"}


def _messages(exc: ValidationError) -> dict[str, list[str]]:
    return exc.message_dict if hasattr(exc, "error_dict") else {"record": exc.messages}


class _Importer:
    def __init__(self, report: ImportReport, by: Any) -> None:
        self.report, self.by = report, by
        self.actors = dict(Actor.objects.values_list("slug", "id"))
        self.topics = dict(Topic.objects.values_list("slug", "id"))
        self.proposals = dict(Proposal.objects.values_list("slug", "id"))
        self.sources: dict[str, Source] = {}
        self.new_sources: list[Source] = []
        self.claims: list[Claim] = []
        self.citations: list[Citation] = []
        self.links: list[Any] = []

    def _slug(self, table: dict[str, Any], slug: Any, row: int, name: str) -> Any:
        if slug in (None, ""):
            return None
        if slug not in table:
            self.report.error(row, name, f"No such {name}: {slug!r}.")
        return table.get(slug)

    def source(self, row: int, record: dict[str, Any]) -> None:
        fields = {k: record[k] for k in SOURCE_FIELDS if k in record}
        fields["publisher_id"] = self._slug(self.actors, record.get("publisher"), row, "publisher")
        source = Source(**({"id": record["id"]} if record.get("id") else {}), **fields)
        existing = Source.objects.filter(pk=source.pk).first() if record.get("id") else None
        if existing is not None:
            if existing.text != source.text or existing.title != source.title:
                self.report.error(row, "text", "A source with this id exists with other content.")
            else:
                self.report.unchanged["source"] += 1
            self.sources[str(existing.pk)] = existing
            return
        try:
            source.full_clean(validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            for name, messages in _messages(exc).items():
                self.report.error(row, name, " ".join(messages))
            return
        self.sources[str(source.pk)] = source
        self.new_sources.append(source)
        self.report.created["source"] += 1

    def claims_batch(self, batch: list[tuple[int, dict[str, Any]]]) -> None:
        ids = [r["id"] for _, r in batch if r.get("id")]
        try:
            known = {
                str(pk) for pk in Claim.objects.filter(pk__in=ids).values_list("pk", flat=True)
            }
        except ValidationError:
            known = set()  # a malformed id: reported by the record's own validation
        for row, record in batch:
            if record.get("id") and str(record["id"]) in known:
                self.report.unchanged["claim"] += 1  # claims change through the API
            else:
                self.claim(row, record)

    def claim(self, row: int, record: dict[str, Any]) -> None:
        fields = {k: record[k] for k in CLAIM_FIELDS if k in record}
        claim = Claim(**({"id": record["id"]} if record.get("id") else {}), **fields)
        claim._loaded_status = None  # not in the ledger (claims_batch asked): a new claim
        claim.claimant_id = self._slug(self.actors, record.get("claimant"), row, "claimant")
        claim.conveyed_by_id = self._slug(
            self.actors, record.get("conveyed_by"), row, "conveyed_by"
        )
        claim.proposal_id = self._slug(self.proposals, record.get("proposal"), row, "proposal")
        if record.get("provision"):
            claim.provision = Provision.objects.filter(pk=record["provision"]).first()
        claim._history_user = self.by
        try:
            services.check_may_create(self.by, claim.status)
        except ValidationError as exc:
            for name, messages in _messages(exc).items():
                self.report.error(row, name, " ".join(messages))
            return
        for n, data in enumerate(record.get("citations") or []):
            citation = self._citation(row, n, claim, data)
            if citation is not None:
                claim.incoming_citations.append(citation)
        try:
            # Constraints are checked by the database on insert (a query per constraint and
            # row here would cost minutes at 100,000 claims); clean() covers the same rules.
            claim.full_clean(validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            for name, messages in _messages(exc).items():
                self.report.error(row, name, " ".join(messages))
            return
        self.claims.append(claim)  # derived by clean()
        self.citations.extend(claim.incoming_citations)
        for slug in record.get("topics") or []:
            topic_id = self._slug(self.topics, slug, row, "topics")
            if topic_id:
                self.links.append(Claim.topics.through(claim_id=claim.pk, topic_id=topic_id))
        self.report.created["claim"] += 1

    def _citation(self, row: int, n: int, claim: Claim, data: Any) -> Citation | None:
        source = self.sources.get(str(data.get("source"))) if isinstance(data, dict) else None
        if source is None and isinstance(data, dict):
            source = Source.objects.filter(pk=data.get("source")).first()
            if source is not None:
                self.sources[str(source.pk)] = source
        if source is None:
            self.report.error(
                row, f"citations[{n}].source", "No such source in the file or ledger."
            )
            return None
        given = {k: data[k] for k in CITATION_FIELDS if k in data}
        if data.get("id"):
            given["id"] = data["id"]
        citation = Citation(claim=claim, source=source, **{"quote": "", **given})
        try:
            citation.anchor()
        except ValidationError as exc:
            for name, messages in _messages(exc).items():
                self.report.error(row, f"citations[{n}].{name}", " ".join(messages))
            return None
        return citation

    def write(self) -> None:
        """Insert what has been validated so far, and forget it (constant memory)."""
        for source in self.new_sources:
            source.derive()
        bulk.insert(Source, self.new_sources, self.by)
        bulk.insert(Claim, self.claims, self.by)
        bulk.insert(Claim.topics.through, self.links)
        bulk.insert(Citation, self.citations, self.by)
        self.new_sources, self.claims, self.citations, self.links = [], [], [], []


def import_ledger(
    stream: Iterable[str | bytes], *, fmt: str = "ndjson", dry_run: bool = False, by: Any = None
) -> ImportReport:
    """Validate every record and write them all in one transaction, or write nothing.

    Validated batches are inserted as the file is read (constant memory); the first error
    stops the writing, validation goes on to report every bad row, and the transaction is
    rolled back. ``dry_run`` validates and reports without writing.
    """
    report = ImportReport(dry_run=dry_run)
    try:
        with transaction.atomic():
            _run(stream, fmt, report, by)
            if not report.ok or dry_run:
                raise ImportFailed
    except ImportFailed:
        pass
    except IntegrityError as exc:  # a rule only the database checks (e.g. a duplicate URL)
        report.error(0, "ledger", str(exc).splitlines()[0])
    return report


def _run(stream: Iterable[str | bytes], fmt: str, report: ImportReport, by: Any) -> None:
    importer = _Importer(report, by)
    pending: list[tuple[int, dict[str, Any]]] = []

    def flush() -> None:
        importer.claims_batch(pending)
        pending.clear()
        if report.ok and not report.dry_run:
            importer.write()

    try:
        for row, record in read_records(stream, fmt):
            if row > MAX_RECORDS:
                report.error(row, "record", f"At most {MAX_RECORDS} records per import.")
                break
            kind = record.get("type") if isinstance(record, dict) else None
            if kind == "source":
                flush()  # claims before it may cite it; sources after it are not needed yet
                importer.source(row, record)
            elif kind == "claim":
                pending.append((row, record))
                if len(pending) >= BATCH:
                    flush()
            elif isinstance(record, dict):
                report.error(row, "type", record.get("error", "type must be source or claim"))
            else:
                report.error(row, "type", "A record is a JSON object.")
    except json.JSONDecodeError as exc:
        report.error(1, "file", f"not JSON: {exc.msg}")
    flush()
    if report.ok:
        for line in cross_table_violations():
            report.error(0, "ledger", line)


def export_records(claims: Iterable[Claim] | None = None) -> Iterator[dict[str, Any]]:
    """Every source, then every claim with its citations, in the import format."""
    for source in Source.objects.select_related("publisher").order_by("created_at", "id"):
        yield {
            "type": "source",
            "id": str(source.pk),
            "publisher": source.publisher.slug if source.publisher else None,
            **{k: _plain(getattr(source, k)) for k in SOURCE_FIELDS},
        }
    queryset = (
        Claim.objects.select_related("claimant", "conveyed_by", "proposal")
        .prefetch_related("topics", "citations")
        .order_by("created_at", "id")
    )
    for claim in queryset.iterator(chunk_size=BATCH):
        yield {
            "type": "claim",
            "id": str(claim.pk),
            **{k: _plain(getattr(claim, k)) for k in CLAIM_FIELDS},
            "claimant": claim.claimant.slug if claim.claimant else None,
            "conveyed_by": claim.conveyed_by.slug if claim.conveyed_by else None,
            "proposal": claim.proposal.slug if claim.proposal else None,
            "provision": str(claim.provision_id) if claim.provision_id else None,
            "topics": sorted(t.slug for t in claim.topics.all()),
            "citations": [
                {
                    "id": str(c.pk),
                    "source": str(c.source_id),
                    **{k: getattr(c, k) for k in CITATION_FIELDS},
                }
                for c in sorted(claim.citations.all(), key=lambda c: (c.start, str(c.pk)))
            ],
        }


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, str | bool | int | list):
        return value
    return str(value)
