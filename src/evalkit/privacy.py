"""The privacy guard: no BSN, name, address, phone number or e-mail address gets through.

A raw file is scanned by header and by content before anything else is done
with it. A column that holds direct identifiers stops the run with a message
naming the column, unless the config asks for pseudonymisation: then the
person's identifier (a BSN, or the client id when that holds BSNs) becomes a
keyed HMAC-SHA256 pseudonym and every identifying column is dropped, all in
memory, before anything is written.

A plain hash of a BSN would not do: there are only about 90 million valid
BSNs, so every plain hash can be reversed by trying them all. The HMAC key
lives in an environment variable and is never stored.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass

import pandas as pd
from stdnum.nl import bsn as stdnum_bsn

from evalkit.errors import EvalkitError

_HEADER_WORDS = {
    "bsn": {"bsn", "burgerservicenummer", "sofinummer", "sofi", "citizen service number"},
    "name": {"naam", "voornaam", "voornamen", "achternaam", "roepnaam", "tussenvoegsel",
             "name", "first name", "firstname", "last name", "lastname", "surname",
             "full name", "volledige naam", "naam client", "clientnaam", "geslachtsnaam"},
    "address": {"adres", "address", "straat", "straatnaam", "street", "huisnummer",
                "house number", "postcode", "zip", "zipcode", "postal code", "woonadres"},
    "phone": {"telefoon", "telefoonnummer", "tel", "telnr", "phone", "phone number", "mobiel",
              "mobile", "gsm"},
    "email": {"email", "e-mail", "e mail", "mail", "emailadres", "e-mailadres",
              "email address"},
}

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
_PHONE = re.compile(r"^(\+31|0031|0)[ -]?[1-9]([ -]?\d){8}$")
_POSTCODE = re.compile(r"^\d{4} ?[A-Za-z]{2}$")
_STREET = re.compile(r"^[A-Za-zÀ-ÿ.'\- ]{3,}\s\d{1,5}\s?[A-Za-z]?(-\d+)?$")
_FULL_NAME = re.compile(r"^[A-ZÀ-Ý][a-zà-ÿ'\-]+(\s(van|de|der|den|el|al|bin|ter|te)?)*"
                        r"(\s[A-ZÀ-Ý][a-zà-ÿ'\-]+)+$")
_DIGITS = re.compile(r"^\d{8,9}$")
#: Matches where any of the content patterns matches (``\d{8,9}`` as a full match): most
#: columns (pseudonyms, codes) match none, and are passed over in one look at each value.
_ANY = re.compile("|".join(f"(?:{p.pattern})" for p in (_EMAIL, _PHONE, _POSTCODE, _STREET,
                                                        _FULL_NAME)) + r"|(?:\d{8,9}\Z)")

#: Share of a column's filled cells that must look like an identifier (except
#: e-mail addresses and BSNs, where one is enough).
CONTENT_SHARE = 0.5


class PrivacyError(EvalkitError):
    """The input holds direct identifiers and may not be processed as it is."""

    exit_code = 6


@dataclass(frozen=True)
class Finding:
    """One column that holds direct identifiers."""

    column: str
    kind: str
    by: str  # "header" or "content"


def _normal(header: str) -> str:
    return re.sub(r"[\s_]+", " ", str(header).strip().lower())


def is_bsn(value: str) -> bool:
    """True when ``value`` is a valid BSN: nine digits (or eight, padded) passing the 11-proef."""
    value = str(value).strip()
    return bool(_DIGITS.match(value)) and stdnum_bsn.is_valid(value.zfill(9))


def _content_kind(values: pd.Series) -> str | None:
    """What kind of identifier a column holds by its content, if any.

    Works on the distinct values, weighted by how often each occurs: most
    columns (dates, codes) hold few distinct values, so 300,000 rows cost
    little.
    """
    # counted before stripping, so each distinct spelling is stripped once, not each row
    spelt = values.dropna().astype(str).value_counts(sort=False)
    counts = spelt.groupby(spelt.index.str.strip(), sort=False).sum()
    counts = counts[counts.index != ""]
    if counts.empty:
        return None
    distinct = counts.index.to_series()
    n, how_many = int(counts.sum()), len(distinct)
    could = distinct.str.match(_ANY).to_numpy(dtype=bool)
    if not could.any():
        return None
    # the shares stay shares of all n values; a value left out here matches no pattern below
    counts, distinct = counts[could], distinct[could]

    def share(mask: pd.Series) -> float:
        return float(counts[mask.to_numpy()].sum()) / n

    digits = distinct.str.fullmatch(r"\d{8,9}")
    valid = pd.Series(False, index=distinct.index)
    valid[digits] = distinct[digits].map(is_bsn)
    if valid.any() and (share(valid) >= CONTENT_SHARE or share(digits) >= 0.9):
        return "bsn"
    if distinct.str.match(_EMAIL).any():
        return "email"
    if share(distinct.str.match(_PHONE)) >= CONTENT_SHARE:
        return "phone"
    if share(distinct.str.match(_POSTCODE) | distinct.str.match(_STREET)) >= CONTENT_SHARE:
        return "address"
    if how_many >= 0.9 * n and share(distinct.str.match(_FULL_NAME)) >= 0.8:
        return "name"
    return None


def find_identifiers(raw: pd.DataFrame) -> list[Finding]:
    """Find the columns of a raw file that hold direct identifiers.

    Parameters
    ----------
    raw : pandas.DataFrame
        The file as text (``io.read_raw``), before any mapping.

    Returns
    -------
    list of Finding
        One finding per identifying column, by header first, else by content.
    """
    findings = []
    for column in raw.columns:
        header = _normal(column)
        kind = next((k for k, words in _HEADER_WORDS.items() if header in words), None)
        if kind is not None:
            findings.append(Finding(str(column), kind, "header"))
            continue
        kind = _content_kind(raw[column])
        if kind is not None:
            findings.append(Finding(str(column), kind, "content"))
    return findings


#: Identifiers inside free text (a signal's summary): searched for, not matched whole.
_TEXT_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}")
_TEXT_PHONE = re.compile(r"(?<!\d)(\+31|0031|0)[ -]?[1-9]([ -]?\d){8}(?!\d)")
_TEXT_DIGITS = re.compile(r"(?<![\d.,])\d{8,9}(?![\d.,])")
_TEXT_NAME = re.compile(
    r"\b(?:[Mm]eneer|[Mm]evrouw|[Mm]evr\.|[Dd]hr\.|[Dd]e heer|[Mm]r\.|[Mm]rs\.|[Mm]s\.|"
    r"[Hh]eet|[Gg]enaamd|[Nn]aam is|[Nn]amed|[Cc]alled|[Nn]ame is)\s+[A-ZÀ-Ý][a-zà-ÿ'\-]+"
    r"|\b[A-ZÀ-Ý][a-zà-ÿ'\-]+\s(?:van|de|der|den|el|al|bin|ter|te)\s(?:[a-z]+\s)?[A-ZÀ-Ý]"
    r"[a-zà-ÿ'\-]+")


def text_identifier(text: str) -> str | None:
    """The kind of direct identifier a piece of free text holds, if any.

    E-mail addresses, Dutch phone numbers, BSNs (nine digits passing the
    11-proef) and names: a name after a form of address or an introduction
    ("mevrouw Haddad", "heet Samir"), or a name with a particle ("Jan de
    Vries"). It finds the obvious, so that a summary that was not anonymised
    stops the run; anonymising stays the researcher's work (docs/design.md).
    """
    if _TEXT_EMAIL.search(text):
        return "email"
    if _TEXT_PHONE.search(text):
        return "phone"
    if any(is_bsn(m.group(0)) for m in _TEXT_DIGITS.finditer(text)):
        return "bsn"
    if _TEXT_NAME.search(text):
        return "name"
    return None


def text_refusal(texts: pd.Series, file: str, column: str) -> PrivacyError | None:
    """The error that refuses a file whose free-text column holds identifiers, or None.

    Names the column, the rows (spreadsheet numbers, the index) and the kinds
    found, never the text itself.
    """
    from evalkit.errors import format_rows

    found = {row: kind for row, value in texts.dropna().items()
             if (kind := text_identifier(str(value))) is not None}
    if not found:
        return None
    kinds = sorted({_KIND_WORDS[k] for k in found.values()})
    return PrivacyError(
        f"{file}: personal data refused: column '{column}' holds {' and '.join(kinds)} in row "
        f"{format_rows(sorted(found))}; expected an anonymised summary without names, phone "
        f"numbers, e-mail addresses or BSNs")


_KIND_WORDS = {"bsn": "BSNs", "name": "names", "address": "addresses",
               "phone": "phone numbers", "email": "e-mail addresses"}


def refusal(findings: list[Finding], file: str) -> PrivacyError:
    """The error that stops a run on identifying columns, naming each one."""
    parts = [f"column '{f.column}' holds {_KIND_WORDS[f.kind]} (found by {f.by})"
             for f in findings]
    return PrivacyError(
        f"{file}: personal data refused: {'; '.join(parts)}; remove these columns, or set "
        f"pseudonymize: true in the config with a key in the environment")


def pseudonym(value: str, key: bytes) -> str:
    """The keyed HMAC-SHA256 pseudonym of one identifier, as ``PS-`` and 16 hex digits."""
    digest = hmac.new(key, str(value).strip().encode("utf-8"), hashlib.sha256).hexdigest()
    return f"PS-{digest[:16].upper()}"


@dataclass(frozen=True)
class PseudonymisedResult:
    """A raw frame with identifiers replaced, and what was done."""

    frame: pd.DataFrame
    dropped: tuple[str, ...]
    invalid_bsn: int


def pseudonymise(raw: pd.DataFrame, findings: list[Finding], key: bytes, *,
                 id_column: str = "client_id") -> PseudonymisedResult:
    """Replace the person identifier by a keyed pseudonym and drop every identifying column.

    Parameters
    ----------
    raw : pandas.DataFrame
        The raw file as text, headers already mapped to the contract names.
    findings : list of Finding
        Output of ``find_identifiers`` on the same frame.
    key : bytes
        The secret HMAC key (from the environment; never stored).
    id_column : str
        The contract's person-id column.

    Returns
    -------
    PseudonymisedResult
        The new frame (``client_id`` pseudonymised), the dropped columns, and
        how many BSNs did not pass the 11-proef (they are pseudonymised all the
        same, so that a typo never merges two people).
    """
    if not key:
        raise PrivacyError("pseudonymisation needs a non-empty key")
    out = raw.copy()
    bsn_columns = [f.column for f in findings if f.kind == "bsn"]
    source = id_column if id_column in bsn_columns else (bsn_columns[0] if bsn_columns else None)
    invalid = 0
    if source is not None:
        values = out[source]
        invalid = int((values.notna() & ~values.fillna("").map(is_bsn)).sum())
        out[id_column] = values.map(lambda v: pseudonym(v, key) if pd.notna(v) else pd.NA)
    elif id_column in out:
        out[id_column] = out[id_column].map(lambda v: pseudonym(v, key) if pd.notna(v) else pd.NA)
    dropped = tuple(f.column for f in findings if f.column != id_column)
    out = out.drop(columns=list(dropped))
    return PseudonymisedResult(out, dropped, invalid)
