"""Deadlines of UU 14/2008 tentang Keterbukaan Informasi Publik (KIP), counted in hari kerja.

The day on which the request (or objection, or response) is received is not counted: a deadline
of N hari kerja ends on the N-th working day after it (see :func:`egov_course.calendar.add_working_days`).
Each period and its Pasal is in ``content/legal_facts.yaml`` (ids in the docstrings).
"""

from __future__ import annotations

import datetime as dt

from .calendar import add_working_days

NOTICE_DAYS = 10  # Pasal 22 ayat (7), fact kip-22-7
EXTENSION_DAYS = 7  # Pasal 22 ayat (8), fact kip-22-8
OBJECTION_FILING_DAYS = 30  # Pasal 36 ayat (1), fact kip-36-1
OBJECTION_RESPONSE_DAYS = 30  # Pasal 36 ayat (2), fact kip-36-2
DISPUTE_FILING_DAYS = 14  # Pasal 37 ayat (2), fact kip-37-2


def response_deadline(received: dt.date, extended: bool = False, cuti_bersama: bool = True) -> dt.date:
    """Last day for the written notice to the requester (UU KIP Pasal 22 ayat (7)–(8)).

    The 10th working day after the day the request was received, or the 17th when the body
    extends the period by at most 7 working days with written reasons.
    """
    return add_working_days(received, NOTICE_DAYS + (EXTENSION_DAYS if extended else 0), cuti_bersama)


def objection_deadline(grounds_arose: dt.date, cuti_bersama: bool = True) -> dt.date:
    """Last day to file an objection ("keberatan") with the atasan PPID: 30 working days after the
    grounds arose (UU KIP Pasal 36 ayat (1))."""
    return add_working_days(grounds_arose, OBJECTION_FILING_DAYS, cuti_bersama)


def objection_response_deadline(objection_received: dt.date, cuti_bersama: bool = True) -> dt.date:
    """Last day for the atasan PPID to answer an objection in writing: 30 working days after it was
    received (UU KIP Pasal 36 ayat (2))."""
    return add_working_days(objection_received, OBJECTION_RESPONSE_DAYS, cuti_bersama)


def dispute_deadline(response_received: dt.date, cuti_bersama: bool = True) -> dt.date:
    """Last day to bring the dispute to the Komisi Informasi: 14 working days after the atasan
    PPID's written response was received (UU KIP Pasal 37 ayat (2))."""
    return add_working_days(response_received, DISPUTE_FILING_DAYS, cuti_bersama)
