"""Numbers as news writes them, found in plain text and folded into one value.

Handles digits with separators and decimals ("1,047", "12,34,567.89", "1 234 567", ".5"),
scientific forms ("1.3e6", "2.998x10^-8"), words ("twenty-eight thousand six hundred",
"a dozen", "half a million", "three lakh crore"), scale words and abbreviations folded into the
value ("1.2bn", "35m", "10 bln", "13 lakh"), fractions ("two-thirds", "a third", "3/4", "¾",
"one and a half"), ratios ("one in five") and plural magnitudes as ranges ("tens of thousands"
is 10,000 to 100,000). No spaCy: :func:`scan_numbers` works on a string and reports character
spans; the figure stage decides which numbers are figures.

The vocabulary is data: ``models/figures/number_words.json``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from extractor.errors import NumberFormatError
from extractor.support.assets import load_json


@dataclass(frozen=True, slots=True)
class NumberMatch:
    """One number found in a text, with its character span and folded value."""

    span: tuple[int, int]
    value: float
    value_max: float | None = None  # the high end for plural magnitudes ("tens of thousands")
    spelled: bool = False  # the number is (partly) written in words
    scale: str = ""  # the scale word or abbreviation folded in ("million", "bn", "m"), if any
    fraction: bool = False  # a fraction or ratio ("a third", "one in five", "3/4")
    digits: str = ""  # the raw digit string when the number is one plain digit group ("2019")


@dataclass(frozen=True, slots=True)
class _Atom:
    kind: str  # "digits", "word", "frac" (a slash or vulgar fraction)
    text: str
    start: int
    end: int
    value: float = 0.0


@dataclass(frozen=True, slots=True)
class _Part:
    value: float
    end: int  # index of the first atom after the part
    spelled: bool
    scale: str = ""
    fraction: bool = False


_DIGITS = (
    r"(?:\d{1,3}(?:\.\d{3})+,\d{1,2}(?![\d.,]\d)|\d{1,3}(?:\.\d{3}){2,}(?![\d.,]?\d)"
    r"|\d{1,3}(?:,\d{3})+(?![\d,]\d)|\d{1,2}(?:,\d{2})+,\d{3}(?!\d)"
    r"|\d{1,3}(?:(?:[\u202f\u00a0]| (?!\d{3}[ \t]+[A-Z]))\d{3})+(?!\d|,\d)|\d+)(?:\.\d+)?|\.\d+"
)  # a plain space groups thousands ("1 234 567") but not before a name ("400 737 Max jets")
_EXPONENT = r"(?:[eE][-+]?\d+|\s?[x\u00d7]\s?10\s?\^?\s?[-\u2212+]?\d+|\^[-+]{0,2}\d+)(?![\w.])"
_ATOM_RE = re.compile(
    rf"(?P<slash>(?<![\d/])\d+\s?/\s?\d+(?![/\d]))"
    rf"|(?P<digits>(?<![\d.])(?:{_DIGITS})(?:{_EXPONENT})?)"
    r"|(?P<vulgar>[½⅓⅔¼¾⅕⅖⅗⅘⅙⅚⅛⅜⅝⅞])"
    r"|(?P<word>[A-Za-z]+)"
)
_MINUS_SIGN, _TIMES_SIGN = "\u2212", "\u00d7"
_PERIOD_HALVES = frozenset({"first", "second", "latter", "last", "back", "front", "other", "top", "bottom"})
_HALF_BOUNDS = frozenset(
    {"than", "about", "nearly", "almost", "around", "roughly", "over", "under", "just", "only"}
)
_WORD_GAP = re.compile(r"[ \t\u00a0\u202f]*(?:-[ \t]*)?")


@lru_cache(maxsize=1)
def _words() -> Mapping[str, Any]:
    data: Mapping[str, Any] = load_json("figures/number_words.json")
    return data


@lru_cache(maxsize=1)
def _starting_words() -> frozenset[str]:
    """The words a number expression can start with (any digit or fraction atom can too): the
    first words of a cardinal, a fraction, a plural magnitude or a negative number."""
    lex = _words()
    firsts = {"a", "an", "one", "half", "quarter"}
    for name in ("units", "tens", "hundred", "plural_magnitudes", "negative"):
        firsts.update(lex[name])
    return frozenset(firsts)


def _digit_value(text: str) -> float:
    """The value of one digit atom: separators dropped, exponents applied."""
    match = re.match(rf"({_DIGITS})(.*)$", text, re.S)
    if not match:
        raise NumberFormatError(text)
    mantissa_text = match.group(1)
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+,\d{1,2}", mantissa_text):  # 1.111,11 (decimal comma)
        mantissa_text = mantissa_text.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"\d{1,3}(?:\.\d{3}){2,}", mantissa_text):  # 1.234.567 (dots group thousands)
        mantissa_text = mantissa_text.replace(".", "")
    mantissa = float(re.sub(r"[,\u202f\u00a0 ]", "", mantissa_text))
    rest = match.group(2).replace(_MINUS_SIGN, "-").replace(" ", "")
    if not rest:
        return mantissa
    if rest[0] in "eE":
        return _finite(mantissa * 10.0 ** int(rest[1:]))
    if rest[0] in ("x", _TIMES_SIGN):
        return _finite(mantissa * 10.0 ** int(rest.split("10", 1)[1].lstrip("^")))
    exponent = rest.lstrip("^")
    sign = -1 if exponent.count("-") % 2 else 1
    return _finite(mantissa ** (sign * int(exponent.lstrip("+-"))))


def _finite(value: float) -> float:
    if not math.isfinite(value):
        raise OverflowError("number out of range")
    return value


def _atoms(text: str) -> list[_Atom]:
    atoms = []
    vulgar = _words()["unicode_fractions"]
    for match in _ATOM_RE.finditer(text):
        kind = match.lastgroup or "word"
        raw = match.group()
        if kind == "slash":
            top, bottom = (float(p) for p in raw.replace(" ", "").split("/"))
            if not 0 < top < bottom:
                continue  # "10/10", "60/40", "2031/32": a code, a split or a season, not a fraction
            atoms.append(_Atom("frac", raw, match.start(), match.end(), top / bottom))
        elif kind == "vulgar":
            atoms.append(_Atom("frac", raw, match.start(), match.end(), float(vulgar[raw])))
        elif kind == "digits":
            try:
                value = _digit_value(raw)
            except (OverflowError, ValueError):  # "1e999": no finite number
                continue
            atoms.append(_Atom("digits", raw, match.start(), match.end(), value))
        else:
            atoms.append(_Atom("word", raw, match.start(), match.end()))
    return atoms


class _Scanner:
    """Parses number expressions over the atoms of one text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.atoms = _atoms(text)
        self.lex = _words()

    # ------------------------------------------------------------------ helpers
    def word(self, i: int) -> str:
        """The lower-cased word at atom i, or "" when it is not a word."""
        if 0 <= i < len(self.atoms) and self.atoms[i].kind == "word":
            return self.atoms[i].text.lower()
        return ""

    def joined(self, i: int, hyphen: bool = True) -> bool:
        """Atom i follows atom i-1 with only spaces (or one hyphen) between them."""
        if i <= 0 or i >= len(self.atoms):
            return False
        gap = self.text[self.atoms[i - 1].end : self.atoms[i].start]
        if "-" in gap and not hyphen:
            return False
        return _WORD_GAP.fullmatch(gap) is not None

    def glued(self, i: int) -> bool:
        return 0 < i < len(self.atoms) and self.atoms[i - 1].end == self.atoms[i].start

    def kind_of(self, i: int) -> str:
        """The class of atom i: digits, unit, ten, hundred, scale, abbrev, dozen, denom, a, and."""
        if i >= len(self.atoms):
            return ""
        atom = self.atoms[i]
        if atom.kind != "word":
            return atom.kind
        lower = atom.text.lower()
        for name in ("units", "tens", "hundred", "scales", "dozen", "denominators"):
            if lower in self.lex[name]:
                return {"units": "unit", "tens": "ten", "scales": "scale", "denominators": "denom"}.get(
                    name, name
                )
        if atom.text in self.lex["scale_abbreviations"]:
            return "abbrev"
        if lower in ("a", "an"):
            return "a"
        if lower == "and":
            return "and"
        return "word"

    def number_value(self, i: int) -> float:
        atom = self.atoms[i]
        if atom.kind != "word":
            return atom.value
        lower = atom.text.lower()
        for name in ("units", "tens"):
            if lower in self.lex[name]:
                return float(self.lex[name][lower])
        return 1.0

    # ------------------------------------------------------------------ grammar
    def cardinal(self, i: int) -> _Part | None:
        """A whole number in digits and/or words, with scales folded in ("4 thousand 3 hundred")."""
        total, current, last = 0.0, 0.0, ""
        spelled, scale_text, top_scale = False, "", 0.0
        j, best, and_state, and_at = i, None, None, -9
        while j < len(self.atoms):
            kind = self.kind_of(j)
            if j > i and not self.joined(j, hyphen=kind in ("unit", "denom", "scale", "abbrev", "digits")):
                break
            if kind == "digits" and last in ("", "scale", "and"):
                current += self.atoms[j].value
            elif kind == "unit" and last in ("", "ten", "hundred", "scale", "and"):
                if last == "ten" and not self.joined(j):
                    break
                current += self.number_value(j)
                spelled = True
            elif kind == "ten" and last in ("", "hundred", "scale", "and"):
                if (
                    last in ("hundred", "scale")
                    and self.word(j + 1) in self.lex["unit_ordinals"]
                    and self.joined(j + 1)
                ):
                    break  # "one hundred thirty-fifths": the ten starts the denominator
                current += self.number_value(j)
                spelled = True
            elif kind == "hundred" and j == and_at + 2 and self.kind_of(and_at - 1) == "ten":
                return and_state  # "between twenty and three hundred"
            elif (
                kind == "hundred"
                and last in ("", "unit", "ten", "digits", "a")
                and (current < 100 or (last == "digits" and j == i + 1))
            ):
                current = (current or 1.0) * 100
                spelled = True
            elif kind == "a" and last == "" and self.kind_of(j + 1) in ("hundred", "scale", "dozen"):
                current, spelled = 1.0, True
            elif kind in ("scale", "abbrev") and last in ("unit", "ten", "hundred", "digits", "a", "scale"):
                if kind == "abbrev" and (last != "digits" or not self._abbrev_ok(j)):
                    break
                scale = float(
                    self.lex["scales"].get(self.word(j))
                    or self.lex["scale_abbreviations"][self.atoms[j].text]
                )
                if last == "scale" and scale > top_scale:
                    total = (total + current) * scale  # "three lakh crore"
                elif last == "scale" or (top_scale and scale >= top_scale):
                    break
                else:
                    total += (current or 1.0) * scale
                current, top_scale, scale_text = 0.0, max(top_scale, scale), self.atoms[j].text
                spelled = spelled or kind == "scale"
            elif kind == "dozen" and last in ("unit", "ten", "hundred", "digits", "a"):
                current = (current or 1.0) * 12
                spelled = True
            elif (
                kind == "and"
                and (last in ("hundred", "scale") or (last == "ten" and self.kind_of(j + 1) == "unit"))
                and self.kind_of(j + 1) in ("unit", "ten", "digits")
                and not self._proper_fraction_at(j + 1)  # "one hundred and three quarters"
                and not (self.kind_of(j + 1) == "digits" and self.atoms[j + 1].value == 0)
            ):
                best = and_state = _Part(total + current, j, spelled, scale_text)
                and_at = j
                last = "and"
                j += 1
                continue
            else:
                if j == and_at + 2 and kind in ("hundred", "scale", "abbrev", "dozen"):
                    return and_state  # "5 hundred and 4 hundred" are two numbers
                break
            last = "digits" if kind == "digits" else kind
            j += 1
            best = None if last == "and" else _Part(total + current, j, spelled, scale_text)
        if last == "a":
            return None
        return best if best is not None and best.end > i else None

    def _abbrev_ok(self, j: int) -> bool:
        """A scale abbreviation after digits: glued ("35m"), spaced when longer than a letter
        ("10 bln"), or a spaced letter that ends the clause ("2.33 k.", "1,674,200.5 M")."""
        if self.glued(j):
            return True
        if not self.joined(j, hyphen=False):
            return False
        return len(self.atoms[j].text) > 1 or self._ends_clause(j + 1)

    def _lone_half(self, i: int) -> bool:
        """ "more than half", "half of the voters": a lone "half" that states a share."""
        if self.word(i - 1) in _PERIOD_HALVES:
            return False  # "the first half of 2015" is a period
        if self.word(i + 1) == "of" and self.joined(i + 1):
            return True
        return self.word(i - 1) in _HALF_BOUNDS and self.joined(i)

    def _proper_fraction_at(self, i: int) -> bool:
        core = self.fraction_core(i)
        return core is not None and core.value < 1

    def scale_value(self, text: str) -> float:
        scales = self.lex["scales"]
        return float(scales.get(text.lower()) or self.lex["scale_abbreviations"].get(text) or 1.0)

    def denominator(self, i: int, count: float) -> tuple[float, int] | None:
        """A fraction's denominator at atom i ("thirds", "twenty-fifths"): (count / d, next)."""
        lower = self.word(i)
        denominators = self.lex["denominators"]
        if self.atoms[i - 1].kind == "digits":
            return None  # "4 quarters" are periods, not a fraction
        if lower in denominators:
            if lower.endswith("s") and count == 1 and lower not in ("halves",):
                return None
            return count / float(denominators[lower]), i + 1
        tens = self.lex["tens"]
        ordinals = self.lex["unit_ordinals"]
        if lower in tens and self.word(i + 1) in ordinals and self.joined(i + 1):
            return count / (float(tens[lower]) + float(ordinals[self.word(i + 1)])), i + 2
        return None

    def fraction(self, i: int) -> _Part | None:
        """A fraction with any scale after it: "two-thirds", "half a million", "3/4 billion"."""
        lower = self.word(i)
        if lower in ("half", "quarter"):
            part = self.scaled(_Part(0.5 if lower == "half" else 0.25, i + 1, True, fraction=True))
            if part.fraction and not (lower == "half" and self._lone_half(i)):
                return None
            return part
        core = self.fraction_core(i)
        return None if core is None else self.scaled(core)

    def fraction_core(self, i: int) -> _Part | None:
        """A fraction: "two-thirds", "a third", "a half", "3/4", "½"."""
        atom = self.atoms[i] if i < len(self.atoms) else None
        if atom is None:
            return None
        if atom.kind == "frac":
            return _Part(atom.value, i + 1, False, fraction=True)
        lower = self.word(i)
        if lower in ("a", "an", "one") or self.kind_of(i) in ("unit", "ten"):
            if lower in ("a", "an") and self.kind_of(i + 1) not in ("hundred", "scale"):
                count_part: _Part | None = _Part(1.0, i + 1, True)
            else:
                count_part = self.cardinal(i)
            if count_part is None or not self.joined(count_part.end):
                return None
            found = self.denominator(count_part.end, count_part.value)
            if found is None:
                return None
            value, end = found
            return _Part(value, end, True, fraction=True)
        return None

    def scaled(self, part: _Part) -> _Part:
        """A fraction followed by a scale: "half a million", "two thirds of a million"."""
        j = part.end
        skip = 0
        if self.word(j) == "of" and self.kind_of(j + 1) == "a":
            skip = 2
        elif self.kind_of(j) == "a":
            skip = 1
        k = j + skip
        if self.kind_of(k) in ("scale", "dozen") and all(self.joined(x) for x in range(j, k + 1)):
            lower = self.word(k)
            factor = float(self.lex["scales"].get(lower) or self.lex["dozen"][lower])
            return _Part(part.value * factor, k + 1, True, lower, fraction=False)
        return part

    def and_fraction(self, base: _Part) -> _Part:
        """ "one and a half", "3 million and a half", "two billion and three quarters million"."""
        j = base.end
        if self.word(j) != "and" or not self.joined(j):
            return base
        if not self.joined(j + 1):
            return base
        frac = self.fraction_core(j + 1)
        if frac is None:
            return base
        k = frac.end
        if self.kind_of(k) == "scale" and self.joined(k):
            scale = self.scale_value(self.word(k))
            if base.scale:  # "two billion and a half million"
                return _Part(base.value + frac.value * scale, k + 1, True, base.scale)
            return _Part(
                (base.value + frac.value) * scale, k + 1, True, self.word(k)
            )  # "five and a half million"
        unit = self.scale_value(base.scale) if base.scale else 1.0  # "3 million and a half"
        return _Part(base.value + frac.value * unit, k, True, base.scale)

    def ratio(self, base: _Part) -> _Part:
        """ "one in five", "1 out of 3": a share when the first count is smaller."""
        j = base.end
        word = self.word(j)
        step = 2 if word == "out" and self.word(j + 1) == "of" else 1
        if word not in ("in", "out", "over") or (word == "out" and step == 1) or base.fraction:
            return base
        if not all(self.joined(x) for x in range(j, j + step + 1)):
            return base
        other = self.cardinal(j + step)
        if other is None or other.value == 0 or base.value <= 0:
            return base
        if word == "over":
            if not self._ends_clause(other.end):
                return base  # "1 over 3" ends its clause; "5 over 3 years" does not
        elif other.value <= base.value:
            return base
        first = self.atoms[j + step]
        if first.kind == "digits" and first.value >= 1000 and "," not in first.text:
            return base  # "2 in 2019" is a year
        return _Part(base.value / other.value, other.end, True, fraction=True)

    def _ends_clause(self, i: int) -> bool:
        """Nothing but punctuation or a verb-like word follows atom i-1 ("1 over 3.", "one over 20 is")."""
        end = self.atoms[i - 1].end
        rest = self.text[end:].lstrip()
        return not rest or rest[0] in ".,;:?!)" or re.match(r"(?:is|are|was|equals)\b", rest) is not None

    def decimal_words(self, base: _Part) -> _Part:
        """ "two hundred point zero three", "nine point nought four"."""
        j = base.end
        if self.word(j) != "point" or not base.spelled or not self.joined(j):
            return base
        digits, k = "", j + 1
        while self.kind_of(k) == "unit" and self.joined(k):
            value = self.number_value(k)
            if value >= 10:
                break
            digits += str(int(value))
            k += 1
        if not digits:
            tens_part = self.cardinal(j + 1)
            if tens_part is None:
                return base
            digits, k = str(int(tens_part.value)), tens_part.end
        return _Part(base.value + float("0." + digits), k, True, base.scale)

    def magnitude_range(self, i: int) -> NumberMatch | None:
        """Plural magnitudes: "tens of thousands" (1e4..1e5), "hundreds of", "dozens of" (12)."""
        plurals = self.lex["plural_magnitudes"]
        lower = self.word(i)
        if lower not in plurals or self.word(i + 1) != "of":
            return None
        low = float(plurals[lower])
        j = i + 1
        while (
            self.word(j) == "of"
            and self.word(j + 1) in plurals
            and self.word(j + 1) not in ("tens", "dozens")
        ):
            low *= float(plurals[self.word(j + 1)])
            j += 2
        if self.word(j) != "of" and j == i + 1:
            return None
        end = self.atoms[j - 1].end
        span = (self.atoms[i].start, end)
        if lower == "dozens":
            return NumberMatch(span, low, None, spelled=True, scale=lower)
        return NumberMatch(span, low, low * 10, spelled=True, scale=self.word(j - 1))

    def number_at(self, i: int) -> NumberMatch | None:
        """The longest number expression starting at atom i, if any."""
        found = self.magnitude_range(i)
        if found is not None:
            return found
        negative = self.word(i) in self.lex["negative"] and self.joined(i + 1)
        start = i + 1 if negative else i
        part = self.fraction(start) or self.cardinal(start)
        if part is None:
            return None
        if not part.fraction:
            part = self.ratio(self.decimal_words(self.and_fraction(part)))
            if not part.fraction and self.joined(part.end) and self.atoms[part.end : part.end + 1]:
                nxt = self.atoms[part.end]
                if nxt.kind == "frac" and "/" in nxt.text and self.kind_of(start) == "digits":
                    part = _Part(part.value + nxt.value, part.end + 1, part.spelled)  # "10 1/2"
        first = self.atoms[i]
        span_start = first.start
        value = tidy(part.value)
        if negative:
            value = -value
        elif first.kind in ("digits", "frac") and self._minus_before(first.start):
            value, span_start = -value, first.start - 1
        last = self.atoms[part.end - 1]
        digits = first.text if part.end == start + 1 and first.kind == "digits" else ""
        return NumberMatch(
            (span_start, last.end), value, None, part.spelled, part.scale, part.fraction, digits
        )

    def _minus_before(self, start: int) -> bool:
        """A minus sign glued to a number, not a hyphen joining two words or numbers ("10 -12")."""
        if start == 0 or self.text[start - 1] not in ("-", _MINUS_SIGN):
            return False
        if start >= 2 and self.text[start - 2] not in " \t\n([{:=,;":
            return False
        before = self.text[: start - 1].rstrip()
        return not before or not (before[-1].isdigit() or before[-1] in "%$€£")

    def scan(self) -> list[NumberMatch]:
        out = []
        starting_words = _starting_words()
        i = 0
        while i < len(self.atoms):
            atom = self.atoms[i]
            # Most words start no number: skip them without trying the grammar.
            found = self.number_at(i) if atom.kind != "word" or atom.text.lower() in starting_words else None
            if found is None:
                i += 1
                continue
            out.append(found)
            while i < len(self.atoms) and self.atoms[i].start < found.span[1]:
                i += 1
        return out


def scan_numbers(text: str) -> list[NumberMatch]:
    """Every number expression in ``text``, left to right, with code-point spans."""
    return _Scanner(text).scan()


def parse_number(text: str) -> float:
    """The value of a text that is one number: "1,047" -> 1047.0, "half a million" -> 500000.0.

    Scale words and abbreviations are folded in ("$1.2bn" -> 1.2e9; a leading currency sign is
    allowed and ignored). Raises :class:`NumberFormatError` when the text is not one number.
    """
    stripped = text.strip()
    body = re.sub(r"^(?:[A-Z]{0,3}\s?[$€£¥₹]|[$€£¥₹]\s?[A-Z]{0,2})\s*", "", stripped)
    body = re.sub(r"\s*(?:%|per\s?cent|percent)$", "", body.rstrip(" ."))
    found = scan_numbers(body)
    if len(found) != 1 or found[0].span != (0, len(body)):
        raise NumberFormatError(f"not a number: {text!r}")
    return found[0].value


def tidy(value: float) -> float:
    """The value without the binary residue of scaling: 4.1 * 10**6 is 4100000, not 4099999.9999999995."""
    return float(f"{value:.15g}")


def scale_factor(scale: str) -> float:
    """The multiplier of a scale word or abbreviation ("million" -> 1e6, "bn" -> 1e9); 1 if none."""
    if not scale:
        return 1.0
    lex = _words()
    found = lex["scales"].get(scale.lower()) or lex["scale_abbreviations"].get(scale)
    found = found or lex["plural_magnitudes"].get(scale.lower()) or lex["dozen"].get(scale.lower())
    return float(found or 1.0)
