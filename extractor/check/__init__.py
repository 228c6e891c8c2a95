"""Checking claims against a facts database (``newsfacts check``).

with open_store("facts.db") as store:
    checker = ClaimChecker(store)
    verdict = checker.check_one("Globex's profit rose 4.2% to $3bn in the second quarter")
    verdict.verdict        # "supported", "contradicted" or "not_found"
    verdict.evidence       # ranked, best first, each with why it matched
"""

from extractor.check.checker import (
    CONTRADICTED,
    NOT_FOUND,
    SUPPORTED,
    CheckOptions,
    ClaimChecker,
    Evidence,
    Verdict,
)
from extractor.check.claim import Claim, read_claims
from extractor.check.store import FactStore, open_store

__all__ = [
    "CONTRADICTED",
    "NOT_FOUND",
    "SUPPORTED",
    "CheckOptions",
    "Claim",
    "ClaimChecker",
    "Evidence",
    "FactStore",
    "Verdict",
    "open_store",
    "read_claims",
]
