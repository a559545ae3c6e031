"""The register of legal facts (``legal_facts.yaml``) and the course's reference date (``kursus.yaml``).

Every fact says where it applies in time: ``in_force_from`` (a date, or a year when only the year is
known), and for a fact a later rule replaced, ``in_force_until`` (the first day it no longer holds) and
``superseded_by`` (the ids that replaced it). The course teaches the law as in force on one reference
date; a quiz key or an exercise answer may rest only on a V1/V2 fact in force on that date
(:func:`fact_problem` says why one may not).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..errors import ContentError, Problem
from . import _read_yaml, data_path

FACT_STATUSES = ("V1", "V2", "UNVERIFIED")
VERIFIED = ("V1", "V2")
_FACT_ID_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})-(\d{2}))?$")
MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
          "November", "Desember")


def tanggal_indonesia(value: dt.date) -> str:
    """``2 Desember 2026``."""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


@dataclass(frozen=True)
class TimePoint:
    """A date as the register gives it: a full date, or only a year."""

    text: str  # as written: "2026-01-02" or "2008"
    year: int
    date: dt.date | None  # None when only the year is known

    @property
    def earliest(self) -> dt.date:
        return self.date or dt.date(self.year, 1, 1)

    @property
    def latest(self) -> dt.date:
        return self.date or dt.date(self.year, 12, 31)

    def __str__(self) -> str:
        return tanggal_indonesia(self.date) if self.date else str(self.year)


def parse_time_point(value) -> TimePoint:
    """``"2026-01-02"``, ``"2008"`` (or a YAML date) as a :class:`TimePoint`; ValueError otherwise."""
    if isinstance(value, dt.date):
        return TimePoint(value.isoformat(), value.year, value)
    text = str(value).strip() if isinstance(value, (str, int)) else ""
    m = _DATE_RE.match(text)
    if not m:
        raise ValueError(f"{value!r} bukan tanggal: tulis YYYY-MM-DD (misalnya 2026-01-02) atau tahunnya saja (2008)")
    year = int(m.group(1))
    date = dt.date(year, int(m.group(2)), int(m.group(3))) if m.group(2) else None
    return TimePoint(text, year, date)


@dataclass(frozen=True)
class LegalFact:
    id: str
    regulation: str
    pasal: str
    status: str  # V1 (full text checked), V2 (official summary or two sources), UNVERIFIED
    summary: str
    note: str = ""
    in_force_from: TimePoint | None = None
    in_force_until: TimePoint | None = None  # exclusive: the first day the fact no longer holds
    superseded_by: tuple[str, ...] = ()

    def in_force(self, on: dt.date) -> bool:
        """Whether the fact holds on ``on``; a year-only start counts from the end of that year (cautious),
        a year-only end from its beginning."""
        if self.in_force_from is not None and on < self.in_force_from.latest:
            return False
        return self.in_force_until is None or on < self.in_force_until.earliest

    @property
    def period(self) -> str:
        """``sejak 2 Januari 2026`` or ``2 Januari 2024 – 2 Januari 2026`` (Indonesian, for checklists)."""
        start = str(self.in_force_from) if self.in_force_from else "?"
        return f"{start} – {self.in_force_until}" if self.in_force_until else f"sejak {start}"


def fact_problem(fact: LegalFact, on: dt.date, register: dict[str, LegalFact] | None = None) -> str | None:
    """Why ``fact`` may not back a quiz key or an exercise answer on ``on`` (Indonesian), or None if it may."""
    if fact.status not in VERIFIED:
        return f"fakta {fact.id!r} berstatus {fact.status} ({fact.regulation} {fact.pasal})"
    if not fact.in_force(on):
        if fact.in_force_until is not None and on >= fact.in_force_until.earliest:
            newer = ", ".join(fact.superseded_by)
            return (f"fakta {fact.id!r} ({fact.regulation} {fact.pasal}) tidak berlaku lagi sejak {fact.in_force_until}; "
                    f"penggantinya: {newer}")
        return f"fakta {fact.id!r} ({fact.regulation} {fact.pasal}) baru berlaku {fact.in_force_from}"
    return None


def load_legal_facts(path: str | Path | None = None) -> dict[str, LegalFact]:
    """The register of facts the course may teach, by id (default: the shipped ``legal_facts.yaml``)."""
    path = Path(path) if path is not None else data_path("legal_facts.yaml")
    data = _read_yaml(path)
    if not isinstance(data, dict) or not isinstance(data.get("facts"), list) or not data["facts"]:
        raise ContentError(path, [Problem(None, "facts", "harus berisi daftar 'facts' yang tidak kosong")])
    problems: list[Problem] = []
    found: dict[str, LegalFact] = {}
    for i, entry in enumerate(data["facts"], start=1):
        where = f"facts[{i}]"
        if not isinstance(entry, dict):
            problems.append(Problem(None, where, "harus berupa pemetaan id/regulation/pasal/status/summary/in_force_from"))
            continue
        fact_id = entry.get("id")
        if not isinstance(fact_id, str) or not _FACT_ID_RE.match(fact_id):
            problems.append(Problem(None, f"{where}.id", f"{fact_id!r} bukan id yang sah (huruf kecil, angka, tanda -)"))
            continue
        where = f"{where} ({fact_id})"
        if fact_id in found:
            problems.append(Problem(None, f"{where}.id", f"id '{fact_id}' sudah dipakai"))
        missing = [k for k in ("regulation", "pasal", "summary") if not isinstance(entry.get(k), str) or not entry[k].strip()]
        if missing:
            problems.append(Problem(None, where, f"{', '.join(missing)} wajib diisi"))
            continue
        if entry.get("status") not in FACT_STATUSES:
            problems.append(Problem(None, f"{where}.status", f"{entry.get('status')!r} harus {', '.join(FACT_STATUSES)}"))
            continue
        times, bad = {}, False
        for key in ("in_force_from", "in_force_until"):
            if entry.get(key) is None:
                continue
            try:
                times[key] = parse_time_point(entry[key])
            except ValueError as exc:
                problems.append(Problem(None, f"{where}.{key}", str(exc)))
                bad = True
        if "in_force_from" not in times and not bad:
            problems.append(Problem(None, f"{where}.in_force_from", "wajib diisi: sejak kapan fakta ini berlaku (YYYY-MM-DD "
                                                                    "atau tahunnya saja)"))
            continue
        if bad:
            continue
        until = times.get("in_force_until")
        if until is not None and until.earliest <= times["in_force_from"].earliest:
            problems.append(Problem(None, f"{where}.in_force_until", f"{until.text} harus sesudah in_force_from "
                                                                     f"{times['in_force_from'].text}"))
            continue
        by = entry.get("superseded_by") or []
        if not isinstance(by, list) or not all(isinstance(b, str) for b in by):
            problems.append(Problem(None, f"{where}.superseded_by", "harus daftar id fakta pengganti"))
            continue
        if until is not None and not by:
            problems.append(Problem(None, f"{where}.superseded_by", "fakta yang berakhir (in_force_until) harus menyebut "
                                                                    "id fakta penggantinya"))
            continue
        if by and until is None:
            problems.append(Problem(None, f"{where}.in_force_until", "superseded_by diisi, tetapi tanggal berakhirnya "
                                                                     "(in_force_until) belum"))
            continue
        found[fact_id] = LegalFact(fact_id, entry["regulation"].strip(), entry["pasal"].strip(), entry["status"],
                                   " ".join(entry["summary"].split()), str(entry.get("note") or "").strip(),
                                   times["in_force_from"], until, tuple(by))
    for fact in found.values():
        unknown = [b for b in fact.superseded_by if b not in found]
        if unknown:
            problems.append(Problem(None, f"{fact.id}.superseded_by", f"id fakta {', '.join(unknown)} tidak ada di register"))
        elif fact.id in fact.superseded_by:
            problems.append(Problem(None, f"{fact.id}.superseded_by", "fakta tidak dapat menggantikan dirinya sendiri"))
    if problems:
        raise ContentError(path, problems)
    return found


@dataclass(frozen=True)
class ReferenceDate:
    date: dt.date
    source: str

    @property
    def text(self) -> str:
        return tanggal_indonesia(self.date)

    @property
    def line(self) -> str:
        """The sentence every lesson and quiz shows."""
        return f"Materi ini disusun sesuai peraturan yang berlaku per {self.text}."


def load_reference_date(path: str | Path | None = None) -> ReferenceDate:
    path = Path(path) if path is not None else data_path("kursus.yaml")
    data = _read_yaml(path)
    if not isinstance(data, dict):
        raise ContentError(path, [Problem(None, None, "harus berupa pemetaan YAML dengan kunci reference_date")])
    value = data.get("reference_date")
    try:
        point = parse_time_point(value) if value is not None else None
    except ValueError as exc:
        raise ContentError(path, [Problem(None, "reference_date", str(exc))]) from None
    if point is None or point.date is None:
        raise ContentError(path, [Problem(None, "reference_date", "wajib diisi dengan tanggal lengkap YYYY-MM-DD")])
    return ReferenceDate(point.date, " ".join(str(data.get("source") or "").split()))


@lru_cache(maxsize=1)
def reference_date() -> ReferenceDate:
    """The shipped reference date, read once per process."""
    return load_reference_date()
