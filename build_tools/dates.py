"""The one date parser for every input that holds dates: sidecars, annotations, the timeline (and any file that adds one).

A date is ISO 8601 calendar date text, `YYYY-MM-DD`, or with reduced precision `YYYY-MM` or `YYYY` when that is all
that is known (an undated speech is honestly "2022"). Impossible dates (month 13, 2月30日) are refused like malformed
ones; when the digits of a malformed date make a real one (2024/5/8, 2024年5月8日), the message suggests it.
YAML files are loaded without timestamp resolution (safe_io.Loader), so a date always arrives here as text.
"""

from __future__ import annotations

import datetime as dt
import re

ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
EXPECTED = "expected YYYY-MM-DD (or YYYY-MM, YYYY)"


def _valid(year: int, month: int | None, day: int | None) -> bool:
    try:
        dt.date(year, 1 if month is None else month, 1 if day is None else day)
    except ValueError:
        return False
    return True


def parse_date(value: object) -> str | None:
    """The ISO text of a real date (full or reduced precision), or None."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        return None
    text = str(value)
    match = ISO_DATE.match(text)
    if match is None:
        return None
    year, month, day = (int(group) if group else None for group in match.groups())
    assert year is not None
    return text if _valid(year, month, day) else None


PRINTED_DATE = re.compile(
    r"((?:19|20)\d{2})\s*(?:年|-|/|\.)?\s*(\d{1,2})\s*(?:月|-|/|\.)\s*(\d{1,2})\s*日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?"
)


def printed_date(text: str) -> str | None:
    """A date as pages print it, in ISO: 2018年5月31日, 2023-04-26, 2026-05-27 00:00:00, 202405/08 (a scraper's broken
    date); None when it is no date, or no real one (2月31日)."""
    match = PRINTED_DATE.fullmatch(text.strip())
    if not match:
        return None
    year, month, day = (int(g) for g in match.groups())
    return f"{year:04d}-{month:02d}-{day:02d}" if _valid(year, month, day) else None


def suggestion(text: str) -> str:
    """A real date in the same digits ('2024/5/8' → '2024-05-08', '2024年5月' → '2024-05'), or ''."""
    digits = re.findall(r"\d+", text)
    if not 1 < len(digits) <= 3 or len(digits[0]) != 4 or any(len(d) > 2 for d in digits[1:]):
        return ""
    numbers = [int(d) for d in digits]
    candidate = "-".join([digits[0], *(f"{n:02d}" for n in numbers[1:])])
    if candidate == text or not _valid(numbers[0], numbers[1], numbers[2] if len(numbers) == 3 else None):
        return ""
    return candidate


def check_date(value: object, name: str = "date") -> tuple[str | None, str]:
    """(ISO text, "") for a real date; (None, message) otherwise, the message ready for a `path:line:` Problem."""
    parsed = parse_date(value)
    if parsed is not None:
        return parsed, ""
    text = _shown(value)
    close = suggestion(text) if isinstance(value, str | int) else ""
    hint = f" Did you mean '{close}'?" if close else ""
    return None, f"{name} '{text}' is not a date; {EXPECTED}.{hint}"


def _shown(value: object, limit: int = 40) -> str:
    if isinstance(value, list):
        return "[…] (a list)"
    if isinstance(value, dict):
        return "{…} (a mapping)"
    text = "" if value is None else str(value)
    text = "".join(ch if ch.isprintable() else f"\\u{ord(ch):04x}" for ch in text[: limit + 1])
    return text if len(text) <= limit else text[:limit] + "…"
