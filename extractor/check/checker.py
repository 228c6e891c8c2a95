"""Checking claims against a facts database: candidates, comparison, verdict.

For every figure of a claim the checker asks the store for candidate facts, then weighs each
candidate: how many of the words describing the claimed figure its sentence (or, less, its
article's title) shares, whether it counts the same thing (unit), whether its period can be the
claim's, and whether the numbers agree. A claim is

* ``contradicted`` when one of its figures meets the same fact for the same period with a
  value outside tolerance or the opposite direction of change, and nothing closer supports it;
* ``supported`` when one of its figures meets the same fact with an agreeing value;
* ``not_found`` otherwise (the nearest facts are still given as evidence, with why they failed).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from spacy.language import Language

from extractor.check.claim import Claim, ClaimFigure, ParsedClaim, parse_claims
from extractor.check.compare import (
    Agreement,
    Quantity,
    claim_quantities,
    compare_values,
    opposite_directions,
    period_fit,
    record_quantities,
    same_digits,
    unit_fit,
)
from extractor.check.store import Candidate, CandidateQuery, FactStore, ValueRange
from extractor.check.terms import content_words, stems, stems_near
from extractor.pipeline import DEFAULT_MODEL, load_nlp
from extractor.records import Figure

SUPPORTED, CONTRADICTED, NOT_FOUND = "supported", "contradicted", "not_found"
TITLE_FACTOR = 0.5  # a claim word found only in the article's title
NEAR_WORDS = 8  # stated words this close to the figure describe it ...
FAR_FACTOR = 0.7  # ... farther ones in its sentence count this much
UNIT_WEIGHT = 0.25
SOURCE_BONUS = 0.1
PERIOD_CONFLICT_PENALTY = 0.2  # the fact names no period and its article never the claim's
MISQUOTE_BONUS = 0.15  # a different number written with the same digits: likely the same fact
SIDE_FIGURE_FACTOR = 0.25  # a figure besides the claim's point, choosing the best article
QUERY_WIDTH = 4.0  # value-index candidates: within this factor of a claimed value


_MODIFIER = re.compile(r"\d-[^\W\d_]")  # "16-inch", "55-year-old"


@dataclass(frozen=True, slots=True)
class CheckOptions:
    """How claims are checked; built once (at the CLI edge) and passed down."""

    model: str = DEFAULT_MODEL
    support_threshold: float = 0.35  # the least sameness for a fact to support a claimed figure
    contradict_threshold: float = 0.65  # ... and to contradict it (a wrong number needs a surer match)
    margin: float = 0.1  # a contradiction must beat the best support by this much
    max_evidence: int = 5
    batch_size: int = 32


@dataclass(frozen=True, slots=True)
class Evidence:
    """One stored fact weighed against a claim, and why."""

    candidate: Candidate
    relation: str  # "supports", "contradicts" or "related"
    score: float
    why: str

    def to_json(self) -> dict[str, Any]:
        record = self.candidate.record
        change = None
        if record["change_value"] is not None or record["change_direction"]:
            change = {
                "value": record["change_value"],
                "unit": record["change_unit"],
                "direction": record["change_direction"],
                "text": record["change_text"],
            }
        return {
            "article_id": record["article_id"],
            "figure_id": record["id"],
            **{key: record[key] for key in ("url", "title", "published", "outlet")},
            "sentence": (record["sentence_text"] or "").strip(),
            "text": record["text"],
            **{key: record[key] for key in ("value", "value_max", "unit", "kind", "bound")},
            "period": record["period_value"],
            "change": change,
            "source": record["source_text"],
            "relation": self.relation,
            "score": round(self.score, 3),
            "why": self.why,
        }


@dataclass(frozen=True, slots=True)
class Verdict:
    """A claim's verdict with its ranked evidence (best first)."""

    claim: Claim
    verdict: str
    evidence: list[Evidence] = field(default_factory=list)
    reason: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.claim.id,
            "claim": self.claim.text,
            "verdict": self.verdict,
            "reason": self.reason,
            "evidence": [item.to_json() for item in self.evidence],
        }


@dataclass(slots=True)
class _Weighed:
    candidate: Candidate
    agreement: Agreement
    score: float
    why: list[str]


class ClaimChecker:
    """Checks claims against one facts database (``FactStore``) with one loaded pipeline."""

    def __init__(self, store: FactStore, options: CheckOptions = CheckOptions(), nlp: Language | None = None):
        self.store = store
        self.options = options
        self.nlp = nlp if nlp is not None else load_nlp(options.model)

    def check(self, claims: Iterable[Claim]) -> Iterator[Verdict]:
        """One verdict per claim, in order."""
        batch: list[Claim] = []
        for claim in claims:
            batch.append(claim)
            if len(batch) >= self.options.batch_size:
                yield from self._check_batch(batch)
                batch = []
        if batch:
            yield from self._check_batch(batch)

    def check_one(self, text: str, claim_id: str = "claim", published: str | None = None) -> Verdict:
        return next(self.check([Claim(claim_id, text, published)]))

    def _check_batch(self, claims: Sequence[Claim]) -> Iterator[Verdict]:
        for parsed in parse_claims(claims, self.nlp):
            yield self._verdict(parsed)

    def _verdict(self, parsed: ParsedClaim) -> Verdict:
        if parsed.problem:
            return Verdict(parsed.claim, NOT_FOUND, reason=f"the claim could not be read: {parsed.problem}")
        if not parsed.figures:
            return Verdict(parsed.claim, NOT_FOUND, reason="the claim states no figure to check")
        candidates = self.store.candidates(_query(parsed))
        weighed = [self._weigh_figure(parsed, figure, candidates) for figure in parsed.figures]
        return self._decide(parsed, weighed)

    def _weigh_figure(
        self, parsed: ParsedClaim, figure: ClaimFigure, candidates: list[Candidate]
    ) -> list[_Weighed]:
        quantities = claim_quantities(figure.figure)
        periods = [*([figure.figure.period.value] if figure.figure.period else []), *parsed.periods]
        results = []
        for candidate in candidates:
            best = _best_pairing(figure, quantities, periods, parsed.source_words, candidate)
            if best is not None:
                results.append(best)
        return sorted(results, key=lambda item: -item.score)

    def _decide(self, parsed: ParsedClaim, weighed: list[list[_Weighed]]) -> Verdict:
        supports: list[_Weighed] = []
        contradictions: list[_Weighed] = []
        unsupported_required = False
        for figure, items in zip(parsed.figures, weighed, strict=True):
            support = _first(items, Agreement.AGREE, self.options.support_threshold)
            contra = None
            if is_required(figure.figure):  # "one of", "a 16-inch laptop": no number to refute
                contra = _first(items, Agreement.DISAGREE, self.options.contradict_threshold)
            if contra and (support is None or contra.score > support.score + self.options.margin):
                contradictions.append(contra)
            elif support:
                supports.append(support)
            elif is_required(figure.figure):
                unsupported_required = True
        if contradictions:
            return self._verdict_with(parsed.claim, CONTRADICTED, contradictions, weighed, "contradicts")
        if supports and not unsupported_required:
            return self._verdict_with(
                parsed.claim,
                SUPPORTED,
                _from_best_article(supports, parsed.figures, weighed),
                weighed,
                "supports",
            )
        nearest = sorted((item for items in weighed for item in items[:2]), key=lambda item: -item.score)
        evidence = [_evidence(item, "related") for item in nearest[: self.options.max_evidence]]
        reason = "no stored fact states this" if nearest else "no stored sentence shares its words"
        if supports:
            reason = (
                "only part of the claim is stated: "
                + ", ".join(
                    figure.figure.text
                    for figure, items in zip(parsed.figures, weighed, strict=True)
                    if is_required(figure.figure)
                    and not _first(items, Agreement.AGREE, self.options.support_threshold)
                )
                + " is not"
            )
        return Verdict(parsed.claim, NOT_FOUND, evidence, reason)

    def _verdict_with(
        self,
        claim: Claim,
        verdict: str,
        deciding: list[_Weighed],
        weighed: list[list[_Weighed]],
        relation: str,
    ) -> Verdict:
        deciding = sorted(deciding, key=lambda item: -item.score) if relation != "supports" else deciding
        evidence = [_evidence(item, relation) for item in deciding]
        seen = {item.candidate.id for item in deciding}
        for item in sorted((item for items in weighed for item in items), key=lambda item: -item.score):
            if len(evidence) >= self.options.max_evidence:
                break
            if item.candidate.id not in seen and item.agreement is Agreement.AGREE:
                evidence.append(_evidence(item, "supports"))
                seen.add(item.candidate.id)
        return Verdict(claim, verdict, evidence[: self.options.max_evidence], deciding[0].why[0])


def is_required(figure: Figure) -> bool:
    """Whether a claim cannot be supported while this figure of it is not: not a lone "one"
    ("one of the 79 moons"), not a number naming the subject ("a 16-inch laptop"), not an
    unclassified number ("401(k)"; a multiple, "four times", is kind other with a unit)."""
    if (figure.kind == "other" and not figure.unit) or (figure.kind == "count" and figure.value <= 1):
        return False
    return not _MODIFIER.search(figure.text)


def _from_best_article(
    supports: list[_Weighed], figures: list[ClaimFigure], weighed: list[list[_Weighed]]
) -> list[_Weighed]:
    """The supporting facts, those of the article that backs most of the claim first: the article
    whose best agreeing facts for the claimed figures add up to most, the claim's point counting
    most: the figure nearest the root of its parse (the main clause, not a side clause), among
    those stating a fact rather than naming the subject."""
    point = min(figures, key=lambda figure: (not is_required(figure.figure), figure.depth))
    totals: dict[str, float] = {}
    best_in_article: dict[str, list[_Weighed]] = {}
    for figure, items in zip(figures, weighed, strict=True):
        focus = 1.0 if figure is point else SIDE_FIGURE_FACTOR
        seen: set[str] = set()
        for item in items:  # best first
            article = item.candidate.article_id
            if item.agreement is Agreement.AGREE and article not in seen:
                seen.add(article)
                totals[article] = totals.get(article, 0.0) + item.score * focus
                best_in_article.setdefault(article, []).append(item)
    top = max(totals, key=lambda article: totals[article])
    lead = [item for item in best_in_article[top] if item.score >= min(s.score for s in supports) - 0.2]
    lead_ids = {item.candidate.id for item in lead}
    rest = [item for item in supports if item.candidate.id not in lead_ids]
    return sorted(lead, key=lambda item: -item.score) + sorted(rest, key=lambda item: -item.score)


def _query(parsed: ParsedClaim) -> CandidateQuery:
    words = dict.fromkeys(word.lower() for word in content_words(parsed.claim.text))
    values = []
    for figure in parsed.figures:
        for quantity in claim_quantities(figure.figure):
            low, high = sorted((quantity.value / QUERY_WIDTH, quantity.value * QUERY_WIDTH))
            values.append(ValueRange(quantity.kind, low, high))
    return CandidateQuery(tuple(words), tuple(values))


def _first(items: list[_Weighed], agreement: Agreement, threshold: float) -> _Weighed | None:
    return next((item for item in items if item.agreement is agreement and item.score >= threshold), None)


def _evidence(item: _Weighed, relation: str) -> Evidence:
    return Evidence(item.candidate, relation, item.score, "; ".join(item.why))


def _best_pairing(
    figure: ClaimFigure,
    quantities: list[Quantity],
    periods: list[str],
    source_words: frozenset[str],
    candidate: Candidate,
) -> _Weighed | None:
    record = candidate.record
    if record["value"] is None:
        return None
    sentence_text = record["sentence_text"] or ""
    sentence = stems(sentence_text) | stems(record["source_text"] or "")
    offset = record["sentence_start"]
    near = stems_near(sentence_text, record["span_start"] - offset, record["span_end"] - offset, NEAR_WORDS)
    title = stems(record["title"] or "")
    overlap, shared = _overlap(figure.words, near, sentence, title)
    period_score, period_why = _period(periods, candidate)
    source_score = SOURCE_BONUS if source_words & stems(record["source_text"] or "") else 0.0
    best: _Weighed | None = None
    for claimed in quantities:
        for stated in record_quantities(record):
            fit = unit_fit(claimed, stated, sentence)
            if fit == 0.0:
                continue
            agreement, value_why = _agreement(claimed, stated)
            if agreement is Agreement.DISAGREE and not _counts_claimed_thing(claimed, stated, near):
                agreement, value_why = Agreement.UNCLEAR, f"{value_why}, of another thing counted?"
            score = overlap + UNIT_WEIGHT * fit + period_score + source_score
            if agreement is Agreement.DISAGREE and same_digits(claimed, stated):
                score += MISQUOTE_BONUS
                value_why += " (the same digits: a misquote?)"
            why = [
                value_why,
                _unit_why(fit),
                period_why,
                f"shared words: {', '.join(sorted(shared)) or 'none'}",
            ]
            if best is None or (score, agreement is Agreement.AGREE) > (
                best.score,
                best.agreement is Agreement.AGREE,
            ):
                best = _Weighed(candidate, agreement, score, why)
    if best is not None and period_score < -PERIOD_CONFLICT_PENALTY:
        # another period: the same number proves nothing, nor does a different one
        best.agreement = Agreement.UNCLEAR
    elif best is not None and period_score < 0 and best.agreement is not Agreement.AGREE:
        best.agreement = Agreement.UNCLEAR  # the period is doubtful: a different number is no contradiction
    return best


def _counts_claimed_thing(claimed: Quantity, stated: Quantity, near: set[str]) -> bool:
    """Whether a stated number counts what the claimed one counts, so that a different value
    is the same fact, wrong: the same unit, or the head noun of the claimed unit right beside the
    stated number ("28 people, close contacts of ..." for "18 close contacts"); a compound
    modifier alone ("plague" of "plague cases") is not enough."""
    if unit_fit(claimed, stated, set()) == 1.0:
        return True
    head = (claimed.unit or "").split()[-1:]
    return bool(head and stems(head[0]) & near)


def _overlap(
    words: dict[str, float], near: set[str], sentence: set[str], title: set[str]
) -> tuple[float, set[str]]:
    total = sum(words.values())
    if not total:
        return 0.0, set()
    found = 0.0
    shared = set()
    for word, weight in words.items():
        if word in near:
            found += weight
            shared.add(word)
        elif word in sentence:
            found += weight * FAR_FACTOR
            shared.add(word)
        elif word in title:
            found += weight * TITLE_FACTOR
            shared.add(word)
    return found / total, shared


def _agreement(claimed: Quantity, stated: Quantity) -> tuple[Agreement, str]:
    agreement = compare_values(claimed, stated)
    if agreement is Agreement.AGREE and opposite_directions(claimed, stated):
        return Agreement.DISAGREE, f"opposite direction: {stated.direction}, not {claimed.direction}"
    if agreement is Agreement.AGREE:
        return agreement, f"value agrees: {stated.text!r} for {claimed.text!r}"
    if agreement is Agreement.DISAGREE:
        return agreement, f"value differs: {stated.text!r}, not {claimed.text!r}"
    return agreement, f"value neither confirmed nor refuted: {stated.text!r} for {claimed.text!r}"


def _unit_why(fit: float) -> str:
    return "same unit" if fit == 1.0 else "unit word in the sentence" if fit > 0.5 else "unit unclear"


def _period(claimed: list[str], candidate: Candidate) -> tuple[float, str]:
    record = candidate.record
    stated = [*([record["period_value"]] if record["period_value"] else []), *candidate.sentence_dates]
    fit = period_fit(claimed, stated)
    if fit is True:
        return 0.0, "same period"
    if fit is False:
        return -PERIOD_CONFLICT_PENALTY * 2, "another period"
    if claimed and not stated and period_fit(claimed, candidate.article_dates) is False:
        return -PERIOD_CONFLICT_PENALTY, "the article never names the claim's period"
    return 0.0, "period not stated" if not claimed else "period unknown"
