"""The plain data that flows between stages, and its CONTRACT.md JSON form.

Every span is a ``[start, end)`` pair of code-point offsets into ``Article.text``.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass, field
from typing import Any

SCHEMA_VERSION = "2"

Span = tuple[int, int]
JSON = dict[str, Any]

# Why linking chose a figure's period or source (CONTRACT "Additions of wave 2"): the figure's
# clause or sentence, an earlier sentence of its paragraph, the article's dateline or lede, its
# headline, its publication date, a quote running on from an earlier sentence, the outlet or
# wire ("article"), or nothing ("none": the period or source is null).
LINK_VIA = (
    "clause",
    "sentence",
    "paragraph",
    "dateline",
    "headline",
    "publication date",
    "quote",
    "article",
    "none",
)


def number_json(value: float | None) -> int | float | None:
    """A value as JSON: whole numbers without a trailing ``.0``."""
    if value is None or math.isnan(value):
        return None
    if float(value).is_integer() and abs(value) < 1e15:
        return int(value)
    return value


@dataclass(frozen=True, slots=True)
class Timex:
    """A time expression normalized like a TimeML TIMEX3."""

    span: Span | None  # None only for a figure's period read outside the text (publication date)
    text: str
    type: str  # DATE, TIME, DURATION or SET
    value: str  # 2020-07-01, 2020-Q2, P3M, PRESENT_REF, XXXX-Q2 ...
    mod: str | None = None  # TIMEX3 mod: START, END, APPROX, BEFORE ...
    assumed: str | None = None  # what the value rests on when the text reads two ways
    via: str | None = None  # as a figure's period: where it was found (see ``LINK_VIA``)

    def to_json(self) -> JSON:
        span = list(self.span) if self.span is not None else None
        out: JSON = {"span": span, "text": self.text, "type": self.type, "value": self.value}
        if self.mod:
            out["mod"] = self.mod
        if self.assumed:
            out["assumed"] = self.assumed
        if self.via:
            out["via"] = self.via
        return out


@dataclass(frozen=True, slots=True)
class Mention:
    """A stretch of text playing one role (source, cue, content); ``parts`` when discontinuous."""

    span: Span
    text: str
    parts: tuple[Span, ...] = ()

    def to_json(self) -> JSON:
        out: JSON = {"span": list(self.span), "text": self.text}
        if self.parts:
            out["parts"] = [list(p) for p in self.parts]
        return out


@dataclass(frozen=True, slots=True)
class Attribution:
    """Who says what: source (None when agentless), cue and content."""

    source: Mention | None
    cue: Mention
    content: Mention
    resolved: str | None = None  # the named mention a pronoun source stands for

    def to_json(self) -> JSON:
        out: JSON = {
            "source": self.source.to_json() if self.source else None,
            "cue": self.cue.to_json(),
            "content": self.content.to_json(),
        }
        if self.resolved:
            out["resolved"] = self.resolved
        return out


@dataclass(frozen=True, slots=True)
class Change:
    """The change a figure comes with: "rose 5%", "96 per cent down on the same period last year"."""

    value: float | None  # signed: down is negative; None for "doubled"-like words without a number
    unit: str  # "%", "pp" or the figure's unit
    direction: str | None  # "up", "down" or None
    text: str
    span: Span
    reference: Timex | None = None  # the period the change is measured against
    value_max: float | None = None  # the other end of a range of change ("cut by 2 to 3 points")

    def to_json(self) -> JSON:
        out: JSON = {
            "value": number_json(self.value),
            "unit": self.unit,
            "direction": self.direction,
            "text": self.text,
            "span": list(self.span),
            "reference": self.reference.to_json() if self.reference else None,
        }
        if self.value_max is not None:  # an optional field: only ranges of change carry it
            out["value_max"] = number_json(self.value_max)
        return out


@dataclass(frozen=True, slots=True)
class FigureSource:
    """The attribution a figure is covered by, or the one it inherits from the article."""

    text: str
    span: Span | None
    cue: str | None
    inherited: bool
    via: str | None = None  # where linking found it (see ``LINK_VIA``)

    def to_json(self) -> JSON:
        out: JSON = {
            "text": self.text,
            "span": list(self.span) if self.span else None,
            "cue": self.cue,
            "inherited": self.inherited,
        }
        if self.via:
            out["via"] = self.via
        return out


@dataclass(frozen=True, slots=True)
class Figure:
    """One number that states a fact.

    The figure stage fills what the sentence itself says (value, kind, unit, bound, change);
    the link stage adds ``id``, ``period``, ``source``, the change's reference and ``summary``.
    """

    span: Span
    text: str
    value: float
    value_max: float | None
    kind: str  # count, percent, money, measure, other
    unit: str | None
    bound: str  # =, ~, >, >=, <, <=
    sentence: Span
    change: Change | None = None
    period: Timex | None = None
    source: FigureSource | None = None
    id: str = ""
    summary: str = ""

    def to_json(self) -> JSON:
        return {
            "id": self.id,
            "span": list(self.span),
            "text": self.text,
            "value": number_json(self.value),
            "value_max": number_json(self.value_max),
            "kind": self.kind,
            "unit": self.unit,
            "bound": self.bound,
            "change": self.change.to_json() if self.change else None,
            "period": self.period.to_json() if self.period else None,
            "source": self.source.to_json() if self.source else None,
            "sentence": list(self.sentence),
            "summary": self.summary,
        }


@dataclass(frozen=True, slots=True)
class PageMetadata:
    """What the cleaner learnt about a page besides its text; ``*_source`` says where from."""

    title: str | None = None
    title_source: str | None = None
    authors: tuple[str, ...] = ()
    published: str | None = None  # ISO 8601 date or datetime
    published_source: str | None = None  # "input", "json-ld", "meta", "time", "url", "dateline" ...
    modified: str | None = None
    outlet: str | None = None
    outlet_source: str | None = None
    agency: str | None = None  # wire credit found in the text: Reuters, AP, IANS ...
    language: str | None = None
    impossible_dates: tuple[str, ...] = ()  # publication dates read that cannot exist (passed over)


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a fetched page came from, for citation."""

    final_url: str
    status: int
    fetched_at: str  # ISO 8601, UTC
    sha256: str
    warc_record_id: str | None = None

    def to_json(self) -> JSON:
        out: JSON = {
            "final_url": self.final_url,
            "status": self.status,
            "fetched_at": self.fetched_at,
            "sha256": self.sha256,
        }
        if self.warc_record_id:
            out["warc_record_id"] = self.warc_record_id
        return out


@dataclass(slots=True)
class Article:
    """One processed article: its clean text, metadata and the facts found in it."""

    id: str
    text: str
    url: str | None = None
    meta: PageMetadata = field(default_factory=PageMetadata)
    figures: list[Figure] = field(default_factory=list)
    dates: list[Timex] = field(default_factory=list)
    sources: list[Attribution] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    provenance: Provenance | None = None
    warnings: list[str] = field(default_factory=list)  # never drop the article (CONTRACT wave 2)

    @property
    def published(self) -> str | None:
        return self.meta.published

    def to_json(self) -> JSON:
        meta = self.meta
        out: JSON = {
            "schema_version": SCHEMA_VERSION,
            "id": self.id,
            "url": self.url,
            "title": meta.title,
            "authors": list(meta.authors),
            "outlet": meta.outlet,
            "language": meta.language,
            "published": meta.published,
            "text": self.text,
            "figures": [f.to_json() for f in self.figures],
            "dates": [d.to_json() for d in self.dates],
            "sources": [s.to_json() for s in self.sources],
            "errors": list(self.errors),
        }
        # Optional fields (compatible extensions of the contract).
        for name in ("title_source", "published_source", "modified", "outlet_source", "agency"):
            value = getattr(meta, name)
            if value:
                out[name] = value
        if self.provenance:
            out["provenance"] = self.provenance.to_json()
        if self.warnings:
            out["warnings"] = list(self.warnings)
        return out


def stable_id(*parts: object, length: int = 16) -> str:
    """A deterministic hex id from its parts (same input, same id, across runs and machines)."""
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8"))
    return digest.hexdigest()[:length]


@dataclass(frozen=True, slots=True)
class Document:
    """One input document before cleaning: plain ``text`` or ``html``, with what is known of it."""

    id: str
    text: str | None = None
    html: str | None = None
    url: str | None = None
    published: str | None = None  # ISO 8601; anchors relative dates when given
    provenance: Provenance | None = None
