"""Stable provision IDs in the style of Akoma Ntoso eIds: ASCII, structural (`part_2__sec_3__item_7`), never derived from text."""

from __future__ import annotations

import re

DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
UNITS = {"十": 10, "百": 100, "千": 1000}
ID_PATTERN = re.compile(r"^[a-z]+(_\d+)?(__[a-z]+(_\d+)?)*$")


def chinese_number(text: str) -> int:
    """'十四' → 14, '二十一' → 21, '七' → 7, '12' → 12."""
    if text.isdigit():
        return int(text)
    total, current = 0, 0
    for ch in text:
        if ch in DIGITS:
            current = DIGITS[ch]
        elif ch in UNITS:
            total += (current or 1) * UNITS[ch]
            current = 0
        else:
            raise ValueError(f"not a Chinese numeral: {text!r}")
    return total + current


def to_chinese_numeral(number: int) -> str:
    """14 → '十四' (for labels of unnumbered sections)."""
    names = "零一二三四五六七八九"
    if number < 10:
        return names[number]
    if number < 20:
        return "十" + (names[number % 10] if number % 10 else "")
    tens, ones = divmod(number, 10)
    if number < 100:
        return names[tens] + "十" + (names[ones] if ones else "")
    return str(number)


def eid(parent: str | None, alias: str, number: int | None = None) -> str:
    own = alias if number is None else f"{alias}_{number}"
    return f"{parent}__{own}" if parent else own


def ensure_unique(candidate: str, taken: set[str]) -> str:
    """Two siblings with the same printed number (a source error) still get distinct IDs: sec_3, sec_3_2."""
    unique, suffix = candidate, 2
    while unique in taken:
        unique = f"{candidate}_{suffix}"
        suffix += 1
    taken.add(unique)
    return unique
