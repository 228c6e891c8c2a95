"""Page metadata for the cleaning stage: title, authors, dates, outlet, agency, language.

``read_page_signals`` collects the raw candidates from a parsed page once (JSON-LD, meta tags,
<title>, <h1>, <time>, bylines, html lang); ``html_metadata`` ranks them into a
``PageMetadata`` with a ``*_source`` for each field. ``text_metadata`` does the same for a
plain-text dump, reading only what the text itself says.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from types import MappingProxyType
from typing import Any

from lxml import etree

from extractor.records import PageMetadata
from extractor.support.assets import load_json, models_dir

__all__ = [
    "PageSignals",
    "credited_agency",
    "dateline_span",
    "find_agency",
    "guess_language",
    "html_metadata",
    "json_ld_article_body",
    "normalize_date",
    "page_title",
    "read_page_signals",
    "strip_site_suffix",
    "text_metadata",
]

JsonObject = dict[str, Any]

_SPACES = re.compile(r"\s+")
_TRAILING_COMMA = re.compile(r",\s*([\]}])")
_ISO_DATE = re.compile(
    r"(?P<date>(?:19|20)\d\d-[01]\d-[0-3]\d)"
    r"(?:[T ](?P<time>[0-2]\d:[0-5]\d(?::[0-5]\d)?)(?:\.\d+)?"
    r"\s?(?P<tz>Z|[+-]\d{1,2}(?::?\d\d)?)?)?"
)
_URL_DATE = re.compile(
    r"/((?:19|20)\d\d)[/-]([01]?\d)[/-]([0-3]?\d)(?:/|-|$)|/((?:19|20)\d\d)([01]\d)([0-3]\d)/"
)
_MONTHS = (
    "Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    "Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?"
)
_MONTH_PREFIXES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_PLACE_WORD = r"[A-Z][\w.'\u2019-]*"
# Lower-case words inside place names: "Rio de Janeiro", "Newcastle upon Tyne".
_PLACE_PARTICLES = "de|del|da|do|dos|das|la|le|el|al|am|an|der|di|du|sur|upon"
_AGENCY_CREDIT = r"\([^)]{1,40}\)\s*"
# "SEOUL, July 1", "SAN JUAN, Puerto Rico, Jan. 5", "LONDON (Reuters), June 3": capitalised place
# words, then a comma. A sentence that opens with a date ("On July 1, ...", "Officials said on
# July 1 ...") is no dateline.
_DATELINE = re.compile(
    rf"^\s*(?P<place>{_PLACE_WORD}(?: (?:{_PLACE_WORD}|{_PLACE_PARTICLES}))*"
    rf"(?:,\s*{_PLACE_WORD}(?: {_PLACE_WORD})*)?)"
    rf"\s*(?:{_AGENCY_CREDIT})?,\s*(?:{_AGENCY_CREDIT},?\s*)?"
    rf"(?P<date>(?:{_MONTHS})\.?\s+[0-3]?\d|[0-3]?\d\s+(?:{_MONTHS}))\b(?![,.]?\s*(?:19|20)\d\d)"
)
_CAPS_WORD = r"[A-Z][A-Z.'\u2019-]+"
# "BERLIN (AP) —", "SANTA FE, N.M. —", "CAPE TOWN, South Africa —", "(Reuters) -": a
# place in capitals (then its region) or a wire credit, then a dash; or a dated dateline above.
_PLACE_DATELINE = re.compile(
    rf"^\s*(?:{_CAPS_WORD}(?: {_CAPS_WORD})*(?:,\s*{_PLACE_WORD}(?: {_PLACE_WORD})*)?\s*(?:{_AGENCY_CREDIT})?"
    rf"|{_AGENCY_CREDIT})[\u2014\u2013-]{{1,2}}\s"
)
_PUBLISHED_LINE = re.compile(
    rf"(?:Published|Posted|First published|Updated|Last updated)\s*(?:on|:)?\s*:?\s*"
    rf"(?P<date>(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)\w*,?\s+)?"
    rf"(?:(?:{_MONTHS})\.?\s+[0-3]?\d(?:st|nd|rd|th)?,?\s+(?:19|20)\d\d"
    rf"|[0-3]?\d(?:st|nd|rd|th)?\s+(?:{_MONTHS}),?\s+(?:19|20)\d\d"
    rf"|(?:19|20)\d\d-[01]\d-[0-3]\d)"
    rf"(?:,?\s+(?:at\s+)?[0-2]?\d[:.][0-5]\d(?:\s*[AaPp]\.?[Mm]\.?)?)?)",
)
_YEAR = re.compile(r"\b(19[89]\d|20[0-4]\d)\b")
_BYLINE = re.compile(r"^\s*(?:By|BY|by)\s+(?P<names>[^|\n]{2,120})")
_BYLINE_STOP = re.compile(
    rf"\s*(?:\||,?\s+(?:Published|Updated|Posted|on)\b|\s+(?:{_MONTHS})\b|\s+\d|\s+[-\u2013\u2014]\s|(?<![A-Z])\.\s).*$",
    re.IGNORECASE,
)
_HANDLE = re.compile(r"\s*@\w+")
_BY_PREFIX = re.compile(r"^\s*by\s+", re.IGNORECASE)
_NAME_SPLIT = re.compile(r"\s*(?:,|\band\b|&|\bund\b|\by\b|\bet\b)\s*")
_TITLE_SEPARATORS = re.compile(r"\s+[|\u2013\u2014\-:»«·•]\s+|\s*\|\s*")
_TITLE_END = re.compile(r"[.;,]$")

# meta keys (name, property or itemprop), most reliable first
PUBLISHED_KEYS = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "publishdate",
    "pubdate",
    "publish-date",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dcterms.created",
    "dc.date",
    "date",
)
MODIFIED_KEYS = ("article:modified_time", "og:updated_time", "datemodified", "dcterms.modified", "lastmod")
AUTHOR_KEYS = ("author", "article:author", "parsely-author", "sailthru.author", "dc.creator", "byl")
TITLE_KEYS = ("og:title", "twitter:title")
ARTICLE_TYPES = frozenset(
    [
        "article",
        "newsarticle",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "blogposting",
        "socialmediaposting",
        "report",
        "scholarlyarticle",
        "techarticle",
        "liveblogposting",
        "webpage",
    ]
)


@dataclass(frozen=True, slots=True)
class PageSignals:
    """Raw metadata candidates read from a page before it is pruned."""

    url: str | None = None
    json_ld: tuple[JsonObject, ...] = ()
    meta: tuple[tuple[str, str], ...] = ()  # (lower-cased name/property/itemprop, content)
    title_tag: str | None = None
    h1: str | None = None
    times: tuple[str, ...] = ()  # <time datetime> values, in page order
    bylines: tuple[str, ...] = ()  # texts of author/byline elements
    lang: str | None = None
    years: tuple[int, ...] = ()  # years written on the page, most frequent first

    def meta_values(self, keys: Iterable[str]) -> Iterator[str]:
        """Meta contents for the keys, in the order of the keys."""
        for key in keys:
            for name, content in self.meta:
                if name == key and content.strip():
                    yield content.strip()


# --------------------------------------------------------------------------- reading the page


def read_page_signals(root: etree._Element, url: str | None) -> PageSignals:
    """Collect metadata candidates from the unpruned page."""
    return PageSignals(
        url=url,
        json_ld=tuple(_json_ld_objects(root)),
        meta=tuple(_meta_pairs(root)),
        title_tag=_clean_text(root.findtext(".//title")),
        h1=_first_text(root.iter("h1")),
        times=tuple(_time_values(root)),
        bylines=tuple(_byline_texts(root)),
        lang=_page_lang(root),
        years=_page_years(root),
    )


def _clean_text(text: str | None) -> str | None:
    if not text:
        return None
    cleaned = _SPACES.sub(" ", text).strip()
    return cleaned or None


def _first_text(elements: Iterable[etree._Element]) -> str | None:
    for element in elements:
        text = _clean_text("".join(element.itertext()))
        if text:
            return text
    return None


def _json_ld_objects(root: etree._Element) -> Iterator[JsonObject]:
    for script in root.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
            continue
        data = _loads_lenient(script.text.strip().rstrip(";"))
        if data is not None:
            yield from _flatten_json_ld(data)


def _loads_lenient(text: str) -> Any:
    """JSON, forgiving the trailing commas hand-written JSON-LD often has; None if unreadable."""
    for attempt in (text, _TRAILING_COMMA.sub(r"\1", text)):
        try:
            return json.loads(attempt, strict=False)
        except (json.JSONDecodeError, RecursionError):
            continue
    return None


def _flatten_json_ld(data: Any) -> Iterator[JsonObject]:
    if isinstance(data, list):
        for item in data:
            yield from _flatten_json_ld(item)
    elif isinstance(data, dict):
        if "@graph" in data:
            yield from _flatten_json_ld(data["@graph"])
        yield data


def _meta_pairs(root: etree._Element) -> Iterator[tuple[str, str]]:
    for meta in root.iter("meta"):
        key = meta.get("property") or meta.get("name") or meta.get("itemprop") or meta.get("http-equiv")
        content = meta.get("content")
        if key and content:
            yield key.strip().lower(), content
    for element in root.xpath("//*[@itemprop='datePublished' or @itemprop='dateModified'][not(self::meta)]"):
        value = element.get("datetime") or element.get("content") or "".join(element.itertext())
        if value.strip():
            yield element.get("itemprop").lower(), value


def _time_values(root: etree._Element) -> Iterator[str]:
    for time in root.iter("time"):
        value = time.get("datetime") or time.get("content")
        if value:
            yield value.strip()


def _is_byline(element: etree._Element) -> bool:
    css = (element.get("class") or "").lower()
    return (
        element.get("rel") == "author"
        or "author" in (element.get("itemprop") or "")
        or "byline" in css
        or "author-name" in css
    )


def _byline_texts(root: etree._Element) -> Iterator[str]:
    found = 0
    # Tested in Python: an XPath with translate() per element costs three times as much.
    for element in filter(_is_byline, root.iter(etree.Element)):
        text = _clean_text("".join(element.itertext()))
        if text and len(text) <= 150:
            found += 1
            yield text
        if found >= 6:
            return


def _page_lang(root: etree._Element) -> str | None:
    lang = root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang")
    return lang.strip() if lang and lang.strip() else None


# Script and style hold only text, so their text is their own (parent::, cheaper than ancestor::).
_BODY_TEXTS = etree.XPath("//body//text()[not(parent::script) and not(parent::style)]")


def _page_years(root: etree._Element) -> tuple[int, ...]:
    texts = _BODY_TEXTS(root)
    counts = Counter(int(y) for y in _YEAR.findall(" ".join(texts)))
    return tuple(year for year, _ in counts.most_common())


# --------------------------------------------------------------------------- dates


# A clock time or an ISO 8601 duration: what is left of a value without them must still hold a digit.
_CLOCK_OR_DURATION = re.compile(
    r"\b\d{1,2}[:.]\d\d(?:[:.]\d\d)?(?:\s*[ap]\.?m\.?)?|\bP(?:T?\d+[YMWDHS])+\b", re.I
)


def normalize_date(value: str) -> str | None:
    """An ISO date ("2020-07-01") or datetime ("2020-07-01T13:48:05+05:30") from a date string."""
    value = value.strip()
    match = _ISO_DATE.search(value)
    if match:
        iso = _iso_from_match(match)
        return iso if _plausible(iso) else None
    if not value or len(value) > 60 or not re.search(r"\d", _CLOCK_OR_DURATION.sub("", value)):
        return None  # no date in it: a clock time ("2:33 PM") or a duration ("PT15M") alone
    import dateparser  # slow to import (~0.15 s) and needed only for dates not written in ISO 8601

    parsed = dateparser.parse(value, settings={"STRICT_PARSING": True, "PREFER_DAY_OF_MONTH": "first"})
    if parsed is None:
        return None
    iso = _iso_from_datetime(parsed, has_time=bool(re.search(r"\d[:.]\d\d", value)))
    return iso if _plausible(iso) else None


def impossible_dates(values: Iterable[str]) -> tuple[str, ...]:
    """The ISO dates written in ``values`` that cannot exist (2020-02-30, 2020-13-10): passed over
    as publication dates, and reported so that the article says so."""
    found = []
    for value in values:
        match = _ISO_DATE.search(value)
        if match is None:
            continue
        try:
            datetime.fromisoformat(match.group("date"))
        except ValueError:
            found.append(match.group("date"))
    return tuple(dict.fromkeys(found))


def _plausible(iso: str) -> bool:
    """Pages carry placeholder dates (0001-01-01, 1970-01-01) and impossible ones (2020-02-30);
    news is from 1990 on."""
    try:
        day = datetime.fromisoformat(iso[:10])
    except ValueError:
        return False
    return 1990 <= day.year <= datetime.now().year + 1


def _iso_from_match(match: re.Match[str]) -> str:
    date, time, zone = match.group("date"), match.group("time"), match.group("tz")
    if not time:
        return date
    if len(time) == 5:
        time += ":00"
    if zone and zone != "Z":
        sign, digits = zone[0], zone[1:].replace(":", "")
        hours, minutes = (digits[:-2], digits[-2:]) if len(digits) > 2 else (digits, "00")
        zone = f"{sign}{int(hours):02d}:{minutes}"
    return f"{date}T{time}{zone or ''}"


def _iso_from_datetime(parsed: datetime, has_time: bool) -> str:
    if not has_time:
        return parsed.date().isoformat()
    return parsed.replace(microsecond=0).isoformat()


def url_date(url: str | None) -> str | None:
    """A date written in a URL path: /2020/07/01/, /2020-07-01-, /20200701/."""
    if not url:
        return None
    match = _URL_DATE.search(url)
    if not match:
        return None
    year, month, day = (match.group(1), match.group(2), match.group(3))
    if year is None:
        year, month, day = match.group(4), match.group(5), match.group(6)
    try:
        return datetime(int(year), int(month), int(day)).date().isoformat()
    except ValueError:
        return None


def dateline_span(text: str) -> tuple[int, int] | None:
    """Where the text opens with a dateline ("SEOUL, July 1", "BERLIN (AP) —"), its place,
    credit and date, without the dash; None when it has none."""
    head = text[:200]
    match = _DATELINE.match(head) or _PLACE_DATELINE.match(head)
    if match is None:
        return None
    line = match.group(0)
    body = line.rstrip().rstrip("-–—").rstrip()
    start = len(line) - len(line.lstrip())
    return start, len(body)


def dateline_date(text: str, years: Iterable[int]) -> str | None:
    """ "Seoul, July 1 ..." at the start of the text, with the year taken from the page."""
    match = _DATELINE.match(text[:200])
    year = next(iter(years), None)
    if not match or year is None:
        return None
    # The pattern admits only "July 1" and "1 July" forms: no need for a general date parser.
    date = match.group("date")
    day = int(re.findall(r"\d+", date)[0])
    month = _MONTH_PREFIXES.index(re.findall(r"[A-Za-z]+", date)[0][:3].lower()) + 1
    try:
        return datetime(year, month, day).date().isoformat()
    except ValueError:  # "Feb 30"
        return None


# --------------------------------------------------------------------------- JSON-LD


def _article_objects(signals: PageSignals) -> list[JsonObject]:
    """JSON-LD objects describing the article (NewsArticle and the like), best first."""

    def kind(obj: JsonObject) -> str:
        types = obj.get("@type", "")
        types = types if isinstance(types, list) else [types]
        return " ".join(str(t).lower() for t in types)

    articles = [o for o in signals.json_ld if any(t in ARTICLE_TYPES for t in kind(o).split())]
    return sorted(articles, key=lambda o: "webpage" in kind(o))


def _ld_value(signals: PageSignals, key: str) -> Any:
    for obj in _article_objects(signals):
        if obj.get(key):
            return obj[key]
    return None


def json_ld_article_body(signals: PageSignals) -> str | None:
    """The JSON-LD articleBody, when the page gives a sound one (long enough to be a body)."""
    body = _ld_value(signals, "articleBody")
    if not isinstance(body, str):
        return None
    body = body.replace("\r\n", "\n").strip()
    if len(body) < 300 or "<" in body[:200]:
        return None
    paragraphs = [_SPACES.sub(" ", p).strip() for p in re.split(r"\n\s*\n|\n", body)]
    return "\n\n".join(p for p in paragraphs if p)


def _names(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _names(item)
    elif isinstance(value, dict) and isinstance(value.get("name"), str):
        yield value["name"]


# --------------------------------------------------------------------------- fields


def strip_site_suffix(title: str, site_name: str | None = None) -> str:
    """ "Headline | Site" -> "Headline": drop the site name, or short trailing/leading parts."""
    parts = [p.strip() for p in _TITLE_SEPARATORS.split(title) if p.strip()]
    if len(parts) < 2:
        return title.strip()
    if site_name:
        key = site_name.strip().lower()
        kept = [p for p in parts if p.lower() != key]
        if len(kept) == 1:
            return kept[0]
    longest = max(parts, key=len)
    others_short = all(len(p.split()) <= 4 for p in parts if p is not longest)
    return longest if others_short else title.strip()


def _title(signals: PageSignals, site_name: str | None) -> tuple[str | None, str | None]:
    for value in signals.meta_values(TITLE_KEYS):
        return strip_site_suffix(value, site_name), "meta"
    headline = _ld_value(signals, "headline")
    if isinstance(headline, str) and headline.strip():
        return _SPACES.sub(" ", headline).strip(), "json-ld"
    if signals.h1:
        return signals.h1, "h1"
    if signals.title_tag:
        return strip_site_suffix(signals.title_tag, site_name), "title"
    return None, None


def page_title(signals: PageSignals) -> str | None:
    """The page's headline, as ``html_metadata`` would give it."""
    return _title(signals, _outlet(signals)[0])[0]


def _outlet(signals: PageSignals) -> tuple[str | None, str | None]:
    for value in signals.meta_values(("og:site_name", "application-name")):
        return value, "meta"
    publisher = _ld_value(signals, "publisher")
    for name in _names(publisher):
        if name.strip():
            return name.strip(), "json-ld"
    return None, None


def split_names(names: str) -> list[str]:
    """ "John Smith and Jane Doe" -> ["John Smith", "Jane Doe"] (cut at "|", dates, roles)."""
    names = _BYLINE_STOP.sub("", _HANDLE.sub("", _BY_PREFIX.sub("", names.strip())))
    out = []
    for name in _NAME_SPLIT.split(names):
        name = name.strip(" .;:-\u2013\u2014")
        if name and not name.startswith("http") and 1 <= len(name.split()) <= 5 and name[0].isupper():
            out.append(name)
    return out


def _authors(signals: PageSignals) -> tuple[str, ...]:
    found: list[str] = []
    for name in _names(_ld_value(signals, "author")):
        found.extend(split_names(name))
    if not found:
        for value in signals.meta_values(AUTHOR_KEYS):
            found.extend(split_names(_BYLINE.sub(r"\g<names>", value)))
    if not found:
        for text in signals.bylines:
            match = _BYLINE.match(text)
            if match:
                found.extend(split_names(match.group("names")))
    unique = dict.fromkeys(n for n in found if n)
    return tuple(unique)


def _dates(signals: PageSignals, text: str) -> tuple[str | None, str | None, str | None]:
    """(published, its source, modified): the first publication signal in order of reliability
    (JSON-LD, meta tags and microdata, <time>, the URL path, the dateline); a UTC timestamp
    gives way to the day before when a signal in the page's own time zone (a plain date, a
    time with its offset) gives that day: past midnight UTC is still the evening before there."""
    modified = next((d for v in _modified_candidates(signals) if (d := normalize_date(v))), None)
    found = [
        (source, date)
        for source, values in _published_candidates(signals)
        for value in values
        if (date := normalize_date(value))
    ]
    url = url_date(signals.url)
    if url:
        found.append(("url", url))
    if not found:
        years = (int(modified[:4]),) if modified else signals.years
        date = dateline_date(text, years)
        return (date, "dateline", modified) if date else (None, None, modified)
    source, published = found[0]
    if _is_utc(published):
        day_before = (datetime.fromisoformat(published[:10]) - timedelta(days=1)).date().isoformat()
        local = next((f for f in found if f[1][:10] == day_before and _is_local(f[1])), None)
        if local is not None:
            source, published = local
    return published, source, modified


def _is_utc(iso: str) -> bool:
    return iso.endswith(("Z", "+00:00"))


def _is_local(iso: str) -> bool:
    """A day as the page's own time zone gives it: a date without a time (a URL path, a
    byline date) or a time with a non-zero UTC offset."""
    return len(iso) == 10 or (not _is_utc(iso) and bool(re.search(r"[+-]\d\d:\d\d$", iso)))


def _published_candidates(signals: PageSignals) -> Iterator[tuple[str, list[str]]]:
    ld = _ld_value(signals, "datePublished") or _ld_value(signals, "dateCreated")
    yield "json-ld", [ld] if isinstance(ld, str) else []
    yield "meta", list(signals.meta_values(PUBLISHED_KEYS))
    yield "time", list(signals.times[:3])


def _modified_candidates(signals: PageSignals) -> Iterator[str]:
    ld = _ld_value(signals, "dateModified")
    if isinstance(ld, str):
        yield ld
    yield from signals.meta_values(MODIFIED_KEYS)


# --------------------------------------------------------------------------- agency, language


@lru_cache(maxsize=1)
def _agency_variants() -> tuple[tuple[str, str], ...]:
    """(variant, canonical) pairs from models/agencies.txt, longest variant first."""
    pairs: list[tuple[str, str]] = []
    with (models_dir() / "agencies.txt").open(encoding="utf-8") as handle:
        for line in handle:
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            names = [n.strip() for n in line.split("|") if n.strip()]
            pairs.extend((name, names[0]) for name in names)
    return tuple(sorted(pairs, key=lambda p: -len(p[0])))


@lru_cache(maxsize=1)
def _agency_patterns() -> tuple[re.Pattern[str], ...]:
    """Wire credits, strongest first; each has one group, the agency name as written."""
    names = "|".join(re.escape(v) for v, _ in _agency_variants())
    return (
        re.compile(rf"^[^\n]{{0,80}}?\((?P<name>{names})\)\s*[-\u2013\u2014:]?", re.MULTILINE),
        re.compile(rf"^\s*(?:By|BY|Source:?)\s+(?:the\s+)?(?P<name>{names})\b", re.MULTILINE),
        re.compile(rf"\(?\s*[Ww]ith inputs? from (?:the\s+)?(?P<name>{names})\b"),
        re.compile(rf"^\s*[-\u2013\u2014]?\s*\(?(?P<name>{names})\)?\s*$", re.MULTILINE),
        re.compile(rf"(?:[-\u2013\u2014]\s*|\bSource:\s*)(?P<name>{names})\s*$"),
    )


@lru_cache(maxsize=1)
def _agency_report_pattern() -> re.Pattern[str]:
    """An agency named as the reporter anywhere in the text: "reports Efe", "the AP reported"."""
    names = "|".join(re.escape(v) for v, _ in _agency_variants())
    return re.compile(
        rf"\b(?:[Rr]eports?|[Rr]eported)\s+(?:the\s+)?(?P<name>{names})\b"
        rf"|\b(?P<subject>{names})(?:\s+news(?:\s+agency)?)?\s+(?:reports?|reported)\b"
    )


def find_agency(text: str) -> str | None:
    """The wire agency credited in the text (``credited_agency``), else the first agency named
    as reporting ("reports Efe")."""
    credited = credited_agency(text)
    if credited:
        return credited
    report = _agency_report_pattern().search(text)
    if report:
        return dict(_agency_variants())[report.group("name") or report.group("subject")]
    return None


def credited_agency(text: str) -> str | None:
    """The wire agency a credit line at the head or tail of the text names ("(Reuters) -",
    "By IANS", "With inputs from PTI"): the agency whose report the article is."""
    canonical = dict(_agency_variants())
    head, tail = text[:600], text[-400:]
    for pattern in _agency_patterns():
        for part in (head, tail):
            match = pattern.search(part)
            if match:
                return canonical[match.group("name")]
    return None


@lru_cache(maxsize=1)
def _stopwords() -> Mapping[str, frozenset[str]]:
    data = load_json("clean/stopwords.json")
    return MappingProxyType(
        {lang: frozenset(words) for lang, words in data.items() if not lang.startswith("_")}
    )


_SCRIPTS = (
    ("ja", re.compile(r"[\u3040-\u30ff]")),
    ("ko", re.compile(r"[\uac00-\ud7af]")),
    ("zh", re.compile(r"[\u4e00-\u9fff]")),
    ("ar", re.compile(r"[\u0600-\u06ff]")),
    ("th", re.compile(r"[\u0e00-\u0e7f]")),
    ("latin", re.compile(r"[a-zA-Z\u00c0-\u024f\u0400-\u04ff]")),
)


def _script_language(text: str) -> str | None:
    """Languages told apart by their script alone (kana marks Japanese even among kanji)."""
    sample = text[:3000]
    counts = {lang: len(pattern.findall(sample)) for lang, pattern in _SCRIPTS}
    if counts["ja"] > 20:
        return "ja"
    script = max(counts, key=lambda lang: counts[lang])
    return None if script == "latin" or counts[script] < 20 else script


def guess_language(text: str) -> str | None:
    """A cheap guess from function words (or the script); None when the text is too short."""
    script = _script_language(text)
    if script:
        return script
    words = re.findall(r"\w+", text[:4000].lower())
    if len(words) < 15:
        return None
    scores = {lang: sum(1 for w in words if w in stops) for lang, stops in _stopwords().items()}
    lang, hits = max(scores.items(), key=lambda item: item[1])
    return lang if hits >= max(3, 0.08 * len(words)) else None


def _language(signals: PageSignals, text: str) -> str | None:
    """The declared language, unless the text plainly is in another one (a regional edition)."""
    guess = guess_language(text)
    lang = signals.lang
    if not lang:
        lang = next(signals.meta_values(("content-language", "og:locale", "language")), None)
    if lang:
        primary = re.split(r"[-_]", lang.strip())[0].lower()
        if 2 <= len(primary) <= 3 and primary.isalpha():
            return guess if guess and guess != primary and len(text) > 1000 else primary
    return guess


# --------------------------------------------------------------------------- assembly


def html_metadata(signals: PageSignals, text: str) -> PageMetadata:
    """Rank the page's signals into metadata; ``text`` is the cleaned body (for agency, dateline)."""
    outlet, outlet_source = _outlet(signals)
    title, title_source = _title(signals, outlet)
    published, published_source, modified = _dates(signals, text)
    agency = find_agency(text) if text else None
    if outlet is None and agency:
        outlet, outlet_source = agency, "text"
    return PageMetadata(
        title=title,
        title_source=title_source,
        authors=_authors(signals),
        published=published,
        published_source=published_source,
        modified=modified,
        outlet=outlet,
        outlet_source=outlet_source,
        agency=agency,
        language=_language(signals, text),
        impossible_dates=impossible_dates(
            v for _source, values in _published_candidates(signals) for v in values
        ),
    )


def _text_title(text: str) -> str | None:
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        words = line.split()
        headline_like = (
            3 <= len(words) <= 30
            and len(line) <= 200
            and not _TITLE_END.search(line)
            and not _BYLINE.match(line)
            and (line[0].isupper() or line[0].isdigit())
        )
        return line if headline_like else None
    return None


def _text_published(text: str) -> str | None:
    head = text[:2000]
    match = _PUBLISHED_LINE.search(head)
    if match:
        date = normalize_date(match.group("date"))
        if date:
            return date
    iso = _ISO_DATE.search(head)
    return normalize_date(iso.group(0)) if iso else None


def _text_dateline(text: str) -> str | None:
    """ "Seoul, July 1 ..." opening the body (after the headline), the year from the text."""
    counts = Counter(int(y) for y in _YEAR.findall(text[:3000]))
    years = [year for year, _ in counts.most_common()]
    lines = text.strip().splitlines()
    body_start = "\n".join(lines[1:]) if _text_title(text) else text
    return dateline_date(body_start.lstrip(), years) or dateline_date(text.lstrip(), years)


def _text_authors(text: str, agency: str | None) -> tuple[str, ...]:
    for line in text.splitlines()[:8]:
        match = _BYLINE.match(line)
        if match:
            return tuple(n for n in split_names(match.group("names")) if n != agency)
    return ()


def text_metadata(text: str) -> PageMetadata:
    """Metadata a plain-text article states about itself (its text is kept verbatim)."""
    published, source = _text_published(text), "text"
    if not published:
        published, source = _text_dateline(text), "dateline"
    agency = find_agency(text)
    title = _text_title(text)
    return PageMetadata(
        title=title,
        title_source="text" if title else None,
        authors=_text_authors(text, agency),
        published=published,
        published_source=source if published else None,
        outlet=agency,
        outlet_source="text" if agency else None,
        agency=agency,
        language=guess_language(text),
        impossible_dates=impossible_dates([text[:2000]]),  # the head _text_published reads
    )
