"""Bulk import and export of the ledger: all or nothing, idempotent, lossless, fast.

The interchange format is NDJSON (one record per line) or a JSON list of records, in the
order ``export_ledger`` writes them (docs/imports.md has the fields):

    {"type": "actor", "id": …, "slug": …, "name": …, …}
    {"type": "topic", "id": …, "slug": …, …}
    {"type": "proposal", "id": …, "slug": …, "proposed_by": ["<slug>"], "supersedes": "<slug>",
     "provisions": [{"id": …, "number": 1, "summary": …, "topics": ["<slug>"]}], …}
    {"type": "source", "id": "<uuid>", "url": ..., "title": ..., "publisher": "<actor slug>", …}
    {"type": "claim", "id": "<uuid>", "kind": "area_rate", …, "superseded_by": "<uuid>",
     "topics": ["<slug>"], "proposal": "<slug>", "citations": [{"source": "<uuid>", …}]}
    {"type": "trailer", "count": 42, "sha256": "<hex of every byte before this line>"}

Actors, topics and proposals are referenced by slug: from the file or the ledger. Records
are matched by ``id``: one already in the ledger with the same content is "unchanged"; with
other content it is an error (imports add, they never silently rewrite — edit through the
API). Timestamps given in a record are kept to the microsecond. So a re-import changes
nothing, and export → import into an empty ledger reproduces every field. A trailer, when
present, must match what came before it: a file cut short is refused whole.

Every record is validated with the models' own rules (``clean_fields``/``clean``, quote
anchoring, the review rule of ``claims.services``) before anything is written; then rows go
in by ``claims.bulk`` in one transaction (``COPY`` on PostgreSQL, with their history rows),
the database's triggers check every citation, and the cross-table checks run before
commit. One bad row: nothing is written, and the report names the row and the field.
"""

from __future__ import annotations

import csv
import hashlib
import json
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from claims import bulk, services
from claims.integrity import as_validation_error, cross_table_violations
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
TIMESTAMPS = ("created_at", "updated_at")
ACTOR_FIELDS = ("slug", "name", "kind", "aliases", "description", "wikidata_id")
TOPIC_FIELDS = ("slug", "name", "description")
PROPOSAL_FIELDS = ("slug", "title", "description", "point_count", "status")
PROVISION_FIELDS = ("number", "summary")
RECORD_TYPES = ("actor", "topic", "proposal", "source", "claim")
FORMAT = "claims-ledger/1"


class ImportFailed(Exception):
    """Raised inside the transaction to undo a run whose report has errors."""


@dataclass
class ImportReport:
    dry_run: bool
    created: dict[str, int] = field(default_factory=lambda: dict.fromkeys(RECORD_TYPES, 0))
    unchanged: dict[str, int] = field(default_factory=lambda: dict.fromkeys(RECORD_TYPES, 0))
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


_CSV_NULLABLE = {
    "value", "lower", "upper", "as_of", "period_start", "period_end", "superseded_by",
    "created_at", "updated_at",
}  # fmt: skip
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
        if cells.get("id", "").startswith("#"):
            continue  # the export's trailer (count, checksum, revision)
        if current is None or cells.get("id") != current.get("id"):
            if current is not None:
                yield first_row, current
            first_row = n
            current = {"type": "claim", "citations": []}
            # The group columns (assertion_id, rank, rank_reason) are read past: groups are
            # not part of an import (docs/imports.md).
            for name in (*CLAIM_FIELDS, *TIMESTAMPS, "id", "superseded_by", *_CSV_RENAMED):
                if name not in cells:
                    continue
                value: Any = cells[name]
                if name in _CSV_BOOL:
                    value = value == "true"
                elif value == "" and (name in _CSV_NULLABLE or name in _CSV_RENAMED):
                    value = None
                current[_CSV_RENAMED.get(name, name)] = value
            current["topics"] = [t for t in cells.get("topics", "").split(";") if t]
            if cells.get("provision_number"):
                # The CSV names a provision by its proposal and number, not by id.
                current["provision"] = {
                    "proposal": cells.get("proposal_slug"),
                    "number": cells["provision_number"],
                }
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
        try:
            data = json.loads(b"".join(x if isinstance(x, bytes) else x.encode() for x in stream))
        except RecursionError:
            yield 1, {"type": "invalid", "error": "not JSON: nested too deeply"}
            return
        # {"records": [...]}, a bare list, or one record; {} is one record (with errors).
        records = data["records"] if isinstance(data, dict) and "records" in data else data
        yield from enumerate(records if isinstance(records, list) else [records], start=1)
        return
    digest, count = hashlib.sha256(), 0
    for n, line in enumerate(stream, start=1):
        raw = line if isinstance(line, bytes) else line.encode()
        text = raw.decode()
        if not text.strip():
            digest.update(raw)
            continue
        try:
            record = json.loads(text)
        except (json.JSONDecodeError, RecursionError) as exc:
            message = exc.msg if isinstance(exc, json.JSONDecodeError) else "nested too deeply"
            record = {"type": "invalid", "error": f"not JSON: {message}"}
        if isinstance(record, dict) and record.get("type") == "trailer":
            record = {**record, "read": {"count": count, "sha256": digest.hexdigest()}}
        digest.update(raw)
        count += 1
        yield n, record


def header_record(revision: int) -> dict[str, Any]:
    """The first record of an export: a file that has it must end with its trailer."""
    return {"type": "header", "format": FORMAT, "revision": revision}


def trailer_record(count: int, digest: Any) -> dict[str, Any]:
    """The last record of an export: what a reader checks the file against."""
    return {"type": "trailer", "count": count, "sha256": digest.hexdigest()}


def _messages(exc: ValidationError) -> dict[str, list[str]]:
    return exc.message_dict if hasattr(exc, "error_dict") else {"record": exc.messages}


class _Importer:
    def __init__(self, report: ImportReport, by: Any) -> None:
        self.report, self.by = report, by
        self.actors = dict(Actor.objects.values_list("slug", "id"))
        self.topics = dict(Topic.objects.values_list("slug", "id"))
        self.proposals = dict(Proposal.objects.values_list("slug", "id"))
        self.sources: dict[str, Source] = {}
        self.new: dict[type, list[Any]] = {}
        self.proposal_rows: list[tuple[int, dict[str, Any], Proposal]] = []
        self.successors: list[tuple[int, Any]] = []

    def _add(self, model: type, *objs: Any) -> None:
        self.new.setdefault(model, []).extend(objs)

    def _slug(self, table: dict[str, Any], slug: Any, row: int, name: str) -> Any:
        if slug in (None, ""):
            return None
        if not isinstance(slug, str) or slug not in table:
            self.report.error(row, name, f"No such {name}: {slug!r}.")
            return None
        return table[slug]

    def _slugs(self, table: dict[str, Any], slugs: Any, row: int, name: str) -> list[Any]:
        if not isinstance(slugs, list):
            if slugs not in (None, ""):
                self.report.error(row, name, "A list of slugs.")
            return []
        found = (self._slug(table, slug, row, name) for slug in dict.fromkeys(slugs))
        return [pk for pk in found if pk is not None]

    def _valid(self, obj: Any, row: int, prefix: str = "", **exclude: Any) -> bool:
        try:
            # Constraints are checked by the database on insert (a query per constraint and
            # row here would cost minutes at 100,000 claims); clean() covers the same rules.
            obj.full_clean(validate_unique=False, validate_constraints=False, **exclude)
        except ValidationError as exc:
            for name, messages in _messages(exc).items():
                self.report.error(row, f"{prefix}{name}", " ".join(messages))
            return False
        return True

    def _known(self, model: type, row: int, record: dict[str, Any], fields: tuple) -> bool:
        """True when the record's id is in the ledger: unchanged, or an error if it differs."""
        if not record.get("id"):
            return False
        try:
            stored = model.objects.filter(pk=record["id"]).values(*fields).first()
        except ValidationError:
            return False  # a malformed id: reported by the record's own validation
        if stored is None:
            return False
        kind = record["type"]
        if any(_plain(stored[f]) != _plain(record[f]) for f in fields if f in record):
            self.report.error(row, "id", f"A {kind} with this id exists with other content.")
        else:
            self.report.unchanged[kind] += 1
        return True

    def named(self, row: int, record: dict[str, Any], model: type, fields: tuple) -> None:
        """An actor or topic record."""
        table = self.actors if model is Actor else self.topics
        if self._known(model, row, record, fields):
            table.setdefault(record.get("slug"), record["id"])
            return
        obj = model(**_given(record, (*fields, *TIMESTAMPS)))
        if record.get("slug") in table:
            self.report.error(row, "slug", f"Taken by another {record['type']}.")
            return
        if self._valid(obj, row):
            obj._history_user = self.by
            table[obj.slug] = obj.pk
            self._add(model, obj)
            self.report.created[record["type"]] += 1

    def proposal(self, row: int, record: dict[str, Any]) -> None:
        if self._known(Proposal, row, record, PROPOSAL_FIELDS):
            self.proposals.setdefault(record.get("slug"), record["id"])
            return
        if record.get("slug") in self.proposals:
            self.report.error(row, "slug", "Taken by another proposal.")
            return
        proposal = Proposal(**_given(record, (*PROPOSAL_FIELDS, *TIMESTAMPS)))
        # `supersedes` and `part_of` may name a proposal further down the file: resolved in
        # proposals_done.
        if self._valid(proposal, row, exclude=["supersedes", "part_of"]):
            proposal._history_user = self.by
            self.proposals[proposal.slug] = proposal.pk
            self.proposal_rows.append((row, record, proposal))
            self.report.created["proposal"] += 1

    def proposals_done(self) -> None:
        """Resolve what the file's proposals name (each other, actors, topics); queue them."""
        through = Proposal.proposed_by.through
        for row, record, proposal in self.proposal_rows:
            proposal.supersedes_id = self._slug(
                self.proposals, record.get("supersedes"), row, "supersedes"
            )
            proposal.part_of_id = self._slug(self.proposals, record.get("part_of"), row, "part_of")
            self._add(Proposal, proposal)
            for actor_id in self._slugs(self.actors, record.get("proposed_by"), row, "proposed_by"):
                self._add(through, through(proposal_id=proposal.pk, actor_id=actor_id))
            for n, data in enumerate(record.get("provisions") or []):
                self._provision(row, n, proposal, data)
        self.proposal_rows = []

    def _provision(self, row: int, n: int, proposal: Proposal, data: Any) -> None:
        if not isinstance(data, dict):
            self.report.error(row, f"provisions[{n}]", "A provision is a JSON object.")
            return
        provision = Provision(proposal=proposal, **_given(data, (*PROVISION_FIELDS, *TIMESTAMPS)))
        if not self._valid(provision, row, f"provisions[{n}].", exclude=["proposal"]):
            return
        provision._history_user = self.by
        self._add(Provision, provision)
        through = Provision.topics.through
        for topic_id in self._slugs(
            self.topics, data.get("topics"), row, f"provisions[{n}].topics"
        ):
            self._add(through, through(provision_id=provision.pk, topic_id=topic_id))

    def source(self, row: int, record: dict[str, Any]) -> None:
        fields = _given(record, (*SOURCE_FIELDS, *TIMESTAMPS))
        fields["publisher_id"] = self._slug(self.actors, record.get("publisher"), row, "publisher")
        source = Source(**fields)
        existing = Source.objects.filter(pk=source.pk).first() if record.get("id") else None
        if existing is not None:
            if existing.text != source.text or existing.title != source.title:
                self.report.error(row, "text", "A source with this id exists with other content.")
            else:
                self.report.unchanged["source"] += 1
            self.sources[str(existing.pk)] = existing
            return
        if self._valid(source, row):
            source._history_user = self.by
            self.sources[str(source.pk)] = source
            self._add(Source, source)
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
        claim = Claim(**_given(record, (*CLAIM_FIELDS, *TIMESTAMPS)))
        claim._loaded_status = None  # not in the ledger (claims_batch asked): a new claim
        claim.claimant_id = self._slug(self.actors, record.get("claimant"), row, "claimant")
        claim.conveyed_by_id = self._slug(
            self.actors, record.get("conveyed_by"), row, "conveyed_by"
        )
        claim.proposal_id = self._slug(self.proposals, record.get("proposal"), row, "proposal")
        if record.get("provision"):
            claim.provision = self._provision_named(record["provision"])
            if claim.provision is None:
                self.report.error(row, "provision", "No such provision in the file or ledger.")
        if record.get("superseded_by"):
            # The successor may come later in the file: it is looked for before commit.
            try:
                claim.superseded_by_id = uuid.UUID(str(record["superseded_by"]))
            except ValueError:
                self.report.error(row, "superseded_by", "Not a claim id.")
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
        if not self._valid(claim, row, exclude=["superseded_by"]):
            return
        if claim.superseded_by_id:
            self.successors.append((row, claim.superseded_by_id))
        self._add(Claim, claim)  # derived by clean()
        self._add(Citation, *claim.incoming_citations)
        through = Claim.topics.through
        for topic_id in self._slugs(self.topics, record.get("topics"), row, "topics"):
            self._add(through, through(claim_id=claim.pk, topic_id=topic_id))
        self.report.created["claim"] += 1

    def _provision_named(self, pk: Any) -> Provision | None:
        if isinstance(pk, dict):  # from a CSV: the proposal's slug and the point's number
            number = str(pk.get("number") or "")
            named = Provision.objects.filter(proposal__slug=pk.get("proposal"))
            return named.filter(number=int(number)).first() if number.isdigit() else None
        queued = next((p for p in self.new.get(Provision, []) if str(p.pk) == str(pk)), None)
        try:
            return queued or Provision.objects.filter(pk=pk).first()
        except ValidationError:
            return None

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
        citation = Citation(
            claim=claim,
            source=source,
            **{"quote": "", **_given(data, (*CITATION_FIELDS, *TIMESTAMPS))},
        )
        citation._history_user = self.by
        try:
            citation.anchor()
        except ValidationError as exc:
            for name, messages in _messages(exc).items():
                self.report.error(row, f"citations[{n}].{name}", " ".join(messages))
            return None
        return citation

    def write(self) -> None:
        """Insert what has been validated so far, and forget it (constant memory)."""
        for source in self.new.get(Source, []):
            source.derive()
        # Parents before children; foreign keys are checked at commit in any case.
        for model in (
            Actor,
            Topic,
            Proposal,
            Proposal.proposed_by.through,
            Provision,
            Provision.topics.through,
            Source,
            Claim,
            Claim.topics.through,
            Citation,
        ):
            bulk.insert(model, self.new.pop(model, []), self.by)

    def check_successors(self) -> None:
        """Each superseded claim's successor is in the ledger now (the file's are written)."""
        named = {str(pk) for _, pk in self.successors}
        if not named:
            return
        try:
            found = {
                str(pk) for pk in Claim.objects.filter(pk__in=named).values_list("pk", flat=True)
            }
        except ValidationError:
            found = set()
        for row, pk in self.successors:
            if str(pk) not in found:
                self.report.error(
                    row, "superseded_by", f"No such claim in the file or ledger: {pk}."
                )


def _given(record: Any, names: tuple[str, ...]) -> dict[str, Any]:
    """The record's values for ``names`` (and its id), as model field values."""
    if not isinstance(record, dict):
        return {}
    given = {k: record[k] for k in names if k in record}
    if record.get("id"):
        given["id"] = record["id"]
    return given


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
        refused = as_validation_error(exc)
        if refused is None:
            report.error(0, "ledger", str(exc).splitlines()[0])
        else:
            for name, messages in _messages(refused).items():
                report.error(0, name, " ".join(messages))
    return report


def _run(stream: Iterable[str | bytes], fmt: str, report: ImportReport, by: Any) -> None:
    importer = _Importer(report, by)
    pending: list[tuple[int, dict[str, Any]]] = []
    expects_trailer, last_row, trailer_seen = False, 0, False

    def flush() -> None:
        importer.proposals_done()
        importer.claims_batch(pending)
        pending.clear()
        if report.ok and not report.dry_run:
            importer.write()

    try:
        for row, record in read_records(stream, fmt):
            last_row = row
            if row > MAX_RECORDS:
                report.error(row, "record", f"At most {MAX_RECORDS} records per import.")
                break
            kind = record.get("type") if isinstance(record, dict) else None
            if kind == "claim":
                pending.append((row, record))
                if len(pending) >= BATCH:
                    flush()
                continue
            if kind in ("source", "actor", "topic") or (kind == "trailer" and pending):
                flush()  # what came before may be named by what comes next
            if kind == "source":
                importer.source(row, record)
            elif kind == "actor":
                importer.named(row, record, Actor, ACTOR_FIELDS)
            elif kind == "topic":
                importer.named(row, record, Topic, TOPIC_FIELDS)
            elif kind == "proposal":
                importer.proposal(row, record)
            elif kind == "header":
                expects_trailer = True
            elif kind == "trailer":
                trailer_seen = True
                _check_trailer(row, record, report)
            elif isinstance(record, dict):
                report.error(row, "type", record.get("error", "type must be " + _TYPES))
            else:
                report.error(row, "type", "A record is a JSON object.")
    except json.JSONDecodeError as exc:
        report.error(1, "file", f"not JSON: {exc.msg}")
    if expects_trailer and not trailer_seen:
        report.error(last_row, "trailer", "The file has a header but no trailer: it was cut short.")
    flush()
    if report.ok and not report.dry_run:
        importer.check_successors()
    if report.ok:
        for line in cross_table_violations():
            report.error(0, "ledger", line)


_TYPES = ", ".join(RECORD_TYPES) + " or trailer"


def _check_trailer(row: int, record: dict[str, Any], report: ImportReport) -> None:
    read = record.get("read")
    if read is None:
        return  # a JSON list: the records are whole or not JSON at all
    if record.get("count") != read["count"] or record.get("sha256") != read["sha256"]:
        report.error(
            row,
            "trailer",
            f"The file does not match its trailer ({read['count']} records read, "
            f"{record.get('count')} written): it was cut short or altered.",
        )


def export_records() -> Iterator[dict[str, Any]]:
    """The whole ledger in the import format, parents first; ``export_ledger`` adds the
    trailer."""
    for actor in Actor.objects.order_by("created_at", "id"):
        yield {"type": "actor", "id": str(actor.pk), **_values(actor, ACTOR_FIELDS)}
    for topic in Topic.objects.order_by("created_at", "id"):
        yield {"type": "topic", "id": str(topic.pk), **_values(topic, TOPIC_FIELDS)}
    proposals = Proposal.objects.select_related("supersedes", "part_of").prefetch_related(
        "proposed_by", "provisions__topics"
    )
    for proposal in proposals.order_by("created_at", "id"):
        yield {
            "type": "proposal",
            "id": str(proposal.pk),
            **_values(proposal, PROPOSAL_FIELDS),
            "proposed_by": sorted(a.slug for a in proposal.proposed_by.all()),
            "supersedes": proposal.supersedes.slug if proposal.supersedes else None,
            "part_of": proposal.part_of.slug if proposal.part_of else None,
            "provisions": [
                {
                    "id": str(p.pk),
                    **_values(p, PROVISION_FIELDS),
                    "topics": sorted(t.slug for t in p.topics.all()),
                }
                for p in sorted(proposal.provisions.all(), key=lambda p: (p.created_at, str(p.pk)))
            ],
        }
    for source in Source.objects.select_related("publisher").order_by("created_at", "id"):
        yield {
            "type": "source",
            "id": str(source.pk),
            "publisher": source.publisher.slug if source.publisher else None,
            **_values(source, SOURCE_FIELDS),
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
            **_values(claim, CLAIM_FIELDS),
            "claimant": claim.claimant.slug if claim.claimant else None,
            "conveyed_by": claim.conveyed_by.slug if claim.conveyed_by else None,
            "proposal": claim.proposal.slug if claim.proposal else None,
            "provision": str(claim.provision_id) if claim.provision_id else None,
            "superseded_by": str(claim.superseded_by_id) if claim.superseded_by_id else None,
            "topics": sorted(t.slug for t in claim.topics.all()),
            "citations": [
                {"id": str(c.pk), "source": str(c.source_id), **_values(c, CITATION_FIELDS)}
                for c in sorted(claim.citations.all(), key=lambda c: (c.start, str(c.pk)))
            ],
        }


def _values(obj: Any, names: tuple[str, ...]) -> dict[str, Any]:
    return {name: _plain(getattr(obj, name)) for name in (*names, *TIMESTAMPS)}


def _plain(value: Any) -> Any:
    """A JSON value: datetimes in full (microseconds), decimals and UUIDs as strings."""
    if value is None or isinstance(value, str | bool | int | list):
        return value
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)
