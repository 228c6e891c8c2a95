"""How one claimed figure compares with one stored figure: value, unit, period, direction.

Everything here is a pure function over plain values. A value comparison has three outcomes:
the numbers agree (within the rounding the writer used, the looseness "about" allows, and the
bounds "more than" / "up to" set), they disagree, or the comparison says nothing (a claimed
exact number against a stored "more than").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from typing import Any

from extractor.check.terms import stems
from extractor.records import Figure
from extractor.support.assets import load_json

# Relative slack on top of rounding: what "about" allows, and what any restatement allows.
LOOSE_TOLERANCE = 0.1
EXACT_TOLERANCE = 0.01
# "more than 50" is supported by 53, not by 530: an open bound holds up to this factor.
BOUND_REACH = 2.0
_LITERAL = re.compile(r"\d[\d,]*(?:\.\d+)?")
_TIMEX_YEAR = re.compile(r"^(\d{4})(?:-(.+))?$")
_UNITLESS_KINDS = frozenset({"count", "other"})


class Agreement(Enum):
    AGREE = "agree"
    DISAGREE = "disagree"
    UNCLEAR = "unclear"


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number as the checker compares it (from a claim's figure or a stored record)."""

    value: float
    value_max: float | None
    kind: str
    unit: str | None
    bound: str
    text: str
    direction: str | None = None  # of the change the number comes with

    @property
    def step(self) -> float:
        """Half the place value of the last digit written ("8.8bn": 0.05bn; "505,800": 50)."""
        literal = _LITERAL.search(self.text)
        if literal is None or not self.value:
            return 0.0
        digits = literal.group().replace(",", "")
        number = float(digits)
        if not number:
            return 0.0
        scale = abs(self.value) / number
        if "." in digits:
            place = 10.0 ** -len(digits.split(".")[1])
        else:
            place = 10.0 ** (len(digits) - len(digits.rstrip("0")))
        return place * scale / 2


def claim_quantities(figure: Figure) -> list[Quantity]:
    """The figure itself and, when it comes with a change in per cent, that change too."""
    direction = figure.change.direction if figure.change else None
    own = Quantity(
        figure.value, figure.value_max, figure.kind, figure.unit, figure.bound, figure.text, direction
    )
    quantities = [own]
    change = figure.change
    if change is not None and change.value is not None and change.unit == "%" and figure.kind != "percent":
        quantities.append(Quantity(abs(change.value), None, "percent", "%", "=", change.text, direction))
    return quantities


def record_quantities(record: dict[str, Any]) -> list[Quantity]:
    """A stored figure record's number and, when it comes with a change in per cent, that change."""
    direction = record["change_direction"]
    own = Quantity(
        float(record["value"]),
        record["value_max"],
        record["kind"],
        record["unit"],
        record["bound"],
        record["text"],
        direction,
    )
    quantities = [own]
    change = record["change_value"]
    if change is not None and record["change_unit"] == "%" and record["kind"] != "percent":
        quantities.append(
            Quantity(abs(float(change)), None, "percent", "%", "=", record["change_text"] or "", direction)
        )
    return quantities


def _close(claimed: Quantity, stated: Quantity, a: float, b: float) -> bool:
    # The claim may round the stated number (its own last digit), not the other way round:
    # "$1.25 billion" is not what "$1 billion" says.
    loose = "~" in (claimed.bound, stated.bound)
    slack = (LOOSE_TOLERANCE if loose else EXACT_TOLERANCE) * max(abs(a), abs(b))
    return abs(a - b) <= claimed.step + slack


def is_vague(quantity: Quantity) -> bool:
    """A number written as a plural magnitude only ("dozens", "millions of"): it refutes nothing."""
    if any(char.isdigit() for char in quantity.text):
        return False
    plurals = load_json("figures/number_words.json")["plural_magnitudes"]
    return any(word in plurals for word in quantity.text.lower().split())


def same_digits(claimed: Quantity, stated: Quantity) -> bool:
    """The two numbers are written with the same significant digits, in any order: the marks of
    a misquote (a decimal point moved, "720" for "270", "35%" for "3.5%")."""
    first, second = _significant(claimed.value), _significant(stated.value)
    return len(first) > 0 and first != "1" and sorted(first) == sorted(second)


def _significant(value: float) -> str:
    digits = f"{abs(value):.6g}".split("e")[0].replace(".", "").strip("0")
    return digits


def compare_values(claimed: Quantity, stated: Quantity) -> Agreement:
    """Whether the stated number supports the claimed one (see the module docstring)."""
    if claimed.value_max is not None or stated.value_max is not None:
        return _compare_ranges(claimed, stated)
    if _close(claimed, stated, claimed.value, stated.value):
        return Agreement.AGREE
    c, s = claimed.value, stated.value
    if claimed.bound in (">", ">=") and stated.bound in ("=", "~", ">", ">="):
        return Agreement.AGREE if c <= s <= c * BOUND_REACH else Agreement.DISAGREE
    if claimed.bound in ("<", "<=") and stated.bound in ("=", "~", "<", "<="):
        return Agreement.AGREE if c / BOUND_REACH <= s <= c else Agreement.DISAGREE
    if is_vague(stated) or is_vague(claimed):
        return Agreement.UNCLEAR
    if stated.bound != claimed.bound and stated.bound not in ("=", "~"):
        # a stated bound and a claimed number: "more than 100" neither proves nor refutes 120
        holds = c > s if stated.bound in (">", ">=") else c < s
        return Agreement.UNCLEAR if holds and c <= s * BOUND_REACH else Agreement.DISAGREE
    return Agreement.DISAGREE


def _compare_ranges(claimed: Quantity, stated: Quantity) -> Agreement:
    c_low, c_high = claimed.value, claimed.value_max or claimed.value
    s_low, s_high = stated.value, stated.value_max or stated.value
    if _close(claimed, stated, c_low, s_low) and _close(claimed, stated, c_high, s_high):
        return Agreement.AGREE
    if is_vague(stated) or is_vague(claimed) or {claimed.bound, stated.bound} - {"=", "~"}:
        return Agreement.UNCLEAR  # a bound against a range, or "millions": nothing to tell
    if claimed.value_max is None and s_low <= c_low <= s_high:
        return Agreement.AGREE  # one number inside the stated range
    if stated.value_max is None and c_low <= s_low <= c_high:
        return Agreement.AGREE  # the stated number inside the claimed range
    if claimed.value_max is None and _close(claimed, stated, c_low, s_high):
        return Agreement.AGREE  # "rose to 1.23%" against "from 0.90 to 1.23 percent"
    return Agreement.DISAGREE


def opposite_directions(claimed: Quantity, stated: Quantity) -> bool:
    return {claimed.direction, stated.direction} == {"up", "down"}


def unit_fit(claimed: Quantity, stated: Quantity, sentence_stems: set[str]) -> float:
    """How surely the two numbers count the same kind of thing: 1 same unit, 0 impossible."""
    if claimed.kind != stated.kind:
        # only a bare number ("other" without a unit) may be a count the parser did not name
        other = claimed if claimed.kind == "other" else stated
        if {claimed.kind, stated.kind} != _UNITLESS_KINDS or other.unit:
            return 0.0
    if claimed.kind not in _UNITLESS_KINDS:
        return 1.0 if claimed.unit == stated.unit else 0.0
    claimed_stems = stems(claimed.unit or "")
    stated_stems = stems(stated.unit or "")
    if claimed_stems and claimed_stems & stated_stems:
        return 1.0
    if claimed_stems and claimed_stems & sentence_stems:
        return 0.7  # the claimed unit word is in the stated sentence
    return 0.3


def _year_and_rest(value: str) -> tuple[str | None, str | None]:
    match = _TIMEX_YEAR.match(value)
    if match:
        return match.group(1), match.group(2)
    if value.startswith("XXXX-"):
        return None, value[5:]
    return None, None


def _period_pair(a: str, b: str) -> bool | None:
    """True: the periods can be the same; False: they cannot; None: nothing to tell."""
    year_a, rest_a = _year_and_rest(a)
    year_b, rest_b = _year_and_rest(b)
    if year_a and year_b and year_a != year_b:
        return False
    if rest_a and rest_b and not (rest_a.startswith(rest_b) or rest_b.startswith(rest_a)):
        return False if (year_a or year_b) and not rest_a.startswith("W") else None
    if year_a and year_b:
        return True
    if rest_a and rest_b:
        return True
    return None


def period_fit(claimed: Iterable[str], stated: Iterable[str]) -> bool | None:
    """Whether any claimed period can be a stated one (True), none can (False), or no telling."""
    verdicts = [_period_pair(a, b) for a in claimed for b in stated]
    if any(verdict is True for verdict in verdicts):
        return True
    if any(verdict is False for verdict in verdicts):
        return False
    return None
