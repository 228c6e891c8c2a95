"""Verdicts written out: JSONL (one object a claim), text for people, or ClaimReview JSON-LD."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Iterable
from typing import TextIO

from extractor.check.checker import Verdict
from extractor.check.claimreview import claim_review

LABELS = {"supported": "SUPPORTED", "contradicted": "CONTRADICTED", "not_found": "NOT FOUND"}


def write_verdicts(verdicts: Iterable[Verdict], out: TextIO, fmt: str = "jsonl") -> int:
    """Write each verdict as it comes (``claimreview``: one JSON array at the end); the count."""
    count = 0
    reviews = []
    for verdict in verdicts:
        count += 1
        if fmt == "jsonl":
            out.write(json.dumps(verdict.to_json(), ensure_ascii=False) + "\n")
        elif fmt == "text":
            out.write(verdict_text(verdict) + "\n")
        else:
            reviews.append(claim_review(verdict))
    if fmt == "claimreview":
        json.dump(reviews, out, ensure_ascii=False, indent=2)
        out.write("\n")
    return count


def verdict_text(verdict: Verdict) -> str:
    """A short readable verdict with its evidence sentences."""
    lines = [f"{LABELS[verdict.verdict]}: {verdict.claim.text}"]
    if verdict.reason:
        lines.append(f"  ({verdict.reason})")
    for rank, item in enumerate(verdict.evidence, 1):
        data = item.to_json()
        where = ", ".join(str(data[key]) for key in ("outlet", "published", "url") if data[key])
        lines.append(f"  {rank}. [{item.relation}] {data['text']!r} in {data['title'] or data['article_id']}")
        if where:
            lines.append(f"     {where}")
        lines += textwrap.wrap(
            data["sentence"], width=96, initial_indent="     \u201c", subsequent_indent="      "
        )
        lines.append(f"     why: {item.why}")
    return "\n".join(lines)
