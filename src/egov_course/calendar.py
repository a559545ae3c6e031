"""Working days in Indonesia: Monday to Friday, not a public holiday and (by default) not cuti bersama.

Public holidays ("hari libur nasional") and cuti bersama come from the ``holidays`` package
(country Indonesia; category ``public`` for national holidays, ``government`` for cuti bersama,
which the government sets each year by joint ministerial decree). Deadlines in UU KIP are counted
in "hari kerja"; see :mod:`egov_course.kip`.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import holidays

CATEGORIES_WITH_CUTI_BERSAMA = ("public", "government")


@lru_cache(maxsize=64)
def _holidays(year: int, cuti_bersama: bool) -> holidays.HolidayBase:
    categories = CATEGORIES_WITH_CUTI_BERSAMA if cuti_bersama else ("public",)
    return holidays.Indonesia(years=year, categories=categories, language="id")


def holiday_name(d: dt.date, cuti_bersama: bool = True) -> str | None:
    """The Indonesian name of the holiday (or cuti bersama) on ``d``, or None."""
    return _holidays(d.year, cuti_bersama).get(d)


def is_working_day(d: dt.date, cuti_bersama: bool = True) -> bool:
    """Monday–Friday and not a public holiday; cuti bersama days are not working days unless
    ``cuti_bersama=False`` (e.g. for an office that works through them)."""
    if isinstance(d, dt.datetime):
        d = d.date()
    return d.weekday() < 5 and holiday_name(d, cuti_bersama) is None


def add_working_days(start: dt.date, n: int, cuti_bersama: bool = True) -> dt.date:
    """The ``n``-th working day after ``start`` (``start`` itself is not counted); ``n`` ≥ 1."""
    if n < 1:
        raise ValueError(f"n must be at least 1, not {n}")
    day, counted = start, 0
    while counted < n:
        day += dt.timedelta(days=1)
        if is_working_day(day, cuti_bersama):
            counted += 1
    return day


def working_days_between(start: dt.date, end: dt.date, cuti_bersama: bool = True) -> int:
    """Working days after ``start`` up to and including ``end`` (0 when ``end`` ≤ ``start``)."""
    days = (end - start).days
    return sum(is_working_day(start + dt.timedelta(days=i), cuti_bersama) for i in range(1, days + 1))
