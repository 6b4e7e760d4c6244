"""Made-up person and company names built from syllables and word lists."""

from __future__ import annotations

import numpy as np

_FIRST_START = (
    "Ka",
    "Li",
    "Ma",
    "No",
    "Ri",
    "Sa",
    "To",
    "El",
    "An",
    "Jo",
    "Mi",
    "Ta",
    "Da",
    "Ve",
    "Lu",
    "Be",
)
_FIRST_END = (
    "ra",
    "na",
    "lo",
    "ri",
    "ko",
    "sa",
    "mi",
    "ne",
    "to",
    "la",
    "ren",
    "vin",
    "dan",
    "lia",
    "mon",
    "rik",
)
_LAST_START = (
    "Bar",
    "Dor",
    "Fen",
    "Gal",
    "Hol",
    "Kes",
    "Lin",
    "Mar",
    "Nor",
    "Ost",
    "Pel",
    "Ros",
    "Sol",
    "Tam",
)
_LAST_MID = ("", "a", "e", "i", "o", "en", "er")
_LAST_END = ("berg", "dal", "ford", "man", "son", "well", "ton", "vik", "ley", "mont", "stead", "wood")
_COMPANY_START = ("Acu", "Bri", "Cor", "Dyna", "Evo", "Flex", "Gran", "Heli", "Inno", "Kino", "Lumi", "Meri")
_COMPANY_END = ("tek", "via", "nova", "lex", "tron", "sys", "ware", "lyn", "dex", "mark", "gen", "pro")
_COMPANY_SUFFIX = ("Ltd", "Group", "Trading", "Hospitality", "Partners", "Industries", "Services", "Retail")

EMAIL_DOMAIN = "upt-retail.example"


def _pick(rng: np.random.Generator, parts: tuple[str, ...], n: int) -> np.ndarray:
    return np.asarray(parts, dtype=object)[rng.integers(0, len(parts), n)]


def person_names(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    """First and last names (object arrays of str)."""
    first = _pick(rng, _FIRST_START, n) + _pick(rng, _FIRST_END, n)
    last = _pick(rng, _LAST_START, n) + _pick(rng, _LAST_MID, n) + _pick(rng, _LAST_END, n)
    return first, last


def email_addresses(first: np.ndarray, last: np.ndarray, ids: np.ndarray, domain: str) -> np.ndarray:
    """first.last.<id digits>@domain, lower case, unique through the id."""
    digits = np.array([i[-4:] for i in ids], dtype=object)
    return np.array(
        [f"{f.lower()}.{la.lower()}{d}@{domain}" for f, la, d in zip(first, last, digits, strict=True)],
        dtype=object,
    )


def company_names(rng: np.random.Generator, n: int) -> np.ndarray:
    return _pick(rng, _COMPANY_START, n) + _pick(rng, _COMPANY_END, n) + " " + _pick(rng, _COMPANY_SUFFIX, n)
