"""Calculator of the deadline for answering a request for public information (UU 14/2008).

A public body must send the requester a written notice within 10 hari kerja after the request is
received (Pasal 22 ayat (7)), or within 7 more hari kerja when it extends the period with written
reasons (Pasal 22 ayat (8)). The day of receipt is not counted; weekends, public holidays and, unless
the office works through them, cuti bersama are skipped (:mod:`egov_course.calendar`, rules in
:mod:`egov_course.kip`). The calculator shows the last day as an Indonesian date, the days it skipped
with their holiday names, and the follow-on periods if the requester is not satisfied: objection
(Pasal 36 ayat (1)), the superior's answer (Pasal 36 ayat (2)) and the dispute at the Komisi
Informasi (Pasal 37 ayat (2)). Texts are data in ``content/exercises/kip_tenggat.yaml``.

A lesson calls::

    from egov_course.exercises.kip_tenggat import tampilkan
    tampilkan()

and, for its worked example, ``contoh("06-10-2026")``: both deadlines as Indonesian dates.
"""

from __future__ import annotations

import datetime as dt
import html
import string
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import holidays

from .. import kip
from ..calendar import holiday_name, is_working_day
from ..errors import ContentError, Problem
from ..quiz import NAMA_HARI, FormatJawabanError, Tanggal, tanggal_lengkap
from . import ExerciseView, Feedback, checked_facts, read_exercise, required_text, show, unique_id

NAME = "kip_tenggat"
LAST_DATE = dt.date(2099, 12, 31)  # the holidays package knows Indonesian holidays up to 2100
FOLLOW_ON_DAYS = {  # id in the YAML -> period in hari kerja (egov_course.kip)
    "keberatan": kip.OBJECTION_FILING_DAYS,
    "tanggapan_atasan": kip.OBJECTION_RESPONSE_DAYS,
    "sengketa_ki": kip.DISPUTE_FILING_DAYS,
}
MESSAGES = ("tanpa_tanggal", "tanggal_tidak_dikenal", "sebelum_berlaku", "terlalu_jauh", "batas", "diperpanjang",
            "cuti_bersama_dihitung", "tanpa_data_cuti_bersama")
PLACEHOLDERS = ("tanggal", "berlaku", "batas", "batas_awal", "diterima", "hari", "tambahan", "tahun", "contoh", "terakhir")


format_date = tanggal_lengkap  # "Selasa, 20 Oktober 2026"


@dataclass(frozen=True)
class Step:
    """A follow-on period if the requester is not satisfied (objection, answer, dispute)."""

    id: str
    days: int  # hari kerja, from egov_course.kip
    text: str  # with the period filled in
    pasal: str
    facts: tuple[str, ...]


@dataclass(frozen=True)
class Content:
    """Texts, legal sources and follow-on steps of the calculator."""

    title: str
    instructions: str
    in_force: dt.date
    in_force_pasal: str
    in_force_facts: tuple[str, ...]
    messages: dict[str, str]
    notice_pasal: str
    notice_pasal_extended: str
    notice_facts: tuple[str, ...]
    follow_on_title: str
    steps: tuple[Step, ...]
    path: Path | None = None

    def message(self, key: str, **values) -> str:
        return self.messages[key].format_map(_Blank(values))


def _template(entry: dict, key: str, where: str, problems: list[Problem]) -> str:
    """A text whose ``{placeholders}`` are all known."""
    text = required_text(entry, key, where, problems)
    try:
        names = {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError as exc:
        problems.append(Problem(None, f"{where}.{key}", f"tanda kurung kurawal tidak seimbang ({exc})"))
        return ""
    unknown = sorted(names - set(PLACEHOLDERS))
    if unknown:
        problems.append(Problem(None, f"{where}.{key}", f"isian {{{unknown[0]}}} tidak dikenal; yang boleh: "
                                                        + ", ".join(f"{{{p}}}" for p in PLACEHOLDERS)))
        return ""
    return text


def _mapping(data: dict, key: str, problems: list[Problem]) -> dict:
    value = data.get(key)
    if not isinstance(value, dict):
        problems.append(Problem(None, key, "harus berupa pemetaan (kunci: nilai)"))
        return {}
    return value


def load(path: str | Path | None = None) -> Content:
    """Read and check the calculator's texts (default: the shipped ``kip_tenggat.yaml``).

    Raises ContentError naming the file and every faulty entry (e.g. ``lanjutan.langkah[2].pasal``).
    """
    path, data = read_exercise(NAME, path)
    problems: list[Problem] = []
    title = required_text(data, "judul", "", problems)
    instructions = required_text(data, "petunjuk", "", problems)
    in_force = data.get("berlaku_sejak")
    if not isinstance(in_force, dt.date) or isinstance(in_force, dt.datetime):
        problems.append(Problem(None, "berlaku_sejak", f"{in_force!r} harus tanggal berbentuk YYYY-MM-DD"))
        in_force = dt.date(2010, 4, 30)
    in_force_pasal = required_text(data, "berlaku_pasal", "", problems)
    in_force_facts = checked_facts(data, "", problems, key="berlaku_facts")

    raw = _mapping(data, "pesan", problems)
    messages = {key: _template(raw, key, "pesan", problems) for key in MESSAGES}
    notice = _mapping(data, "pemberitahuan", problems)
    notice_pasal = required_text(notice, "pasal", "pemberitahuan", problems)
    notice_pasal_extended = required_text(notice, "pasal_diperpanjang", "pemberitahuan", problems)
    notice_facts = checked_facts(notice, "pemberitahuan", problems) if notice else ()

    follow_on = _mapping(data, "lanjutan", problems)
    follow_on_title = required_text(follow_on, "judul", "lanjutan", problems) if follow_on else ""
    steps: list[Step] = []
    seen: set[str] = set()
    raw_steps = follow_on.get("langkah")
    if follow_on and (not isinstance(raw_steps, list) or not raw_steps):
        problems.append(Problem(None, "lanjutan.langkah", "harus daftar langkah yang tidak kosong"))
    for i, entry in enumerate(raw_steps if isinstance(raw_steps, list) else [], start=1):
        where = f"lanjutan.langkah[{i}]"
        if not isinstance(entry, dict):
            problems.append(Problem(None, where, "harus berupa pemetaan id/teks/pasal/facts"))
            continue
        step_id = entry.get("id")
        if step_id not in FOLLOW_ON_DAYS:
            problems.append(Problem(None, f"{where}.id", f"{step_id!r} harus salah satu dari {', '.join(FOLLOW_ON_DAYS)}"))
            continue
        unique_id(step_id, seen, where, problems)
        where = f"{where} ({step_id})"
        text = _template(entry, "teks", where, problems)
        days = FOLLOW_ON_DAYS[step_id]
        steps.append(Step(step_id, days, text.format_map(_Blank(hari=days)), required_text(entry, "pasal", where, problems),
                          checked_facts(entry, where, problems)))
    missing = [s for s in FOLLOW_ON_DAYS if follow_on and not any(step.id == s for step in steps)]
    if missing and not problems:
        problems.append(Problem(None, "lanjutan.langkah", f"langkah {', '.join(missing)} belum ada"))
    if problems:
        raise ContentError(path, problems)
    return Content(title, instructions, in_force, in_force_pasal, in_force_facts, messages, notice_pasal,
                   notice_pasal_extended, notice_facts, follow_on_title, tuple(steps), path)


class _Blank(dict):
    """Values for str.format_map; a placeholder with no value stays empty."""

    def __missing__(self, key):
        return ""


@lru_cache(maxsize=1)
def _default() -> Content:
    """The shipped content, read once per process."""
    return load()


class SkippedDay(NamedTuple):
    """A day that is not a working day, with why: a holiday name, or ``Sabtu``/``Minggu``."""

    date: dt.date
    reason: str

    @property
    def weekend(self) -> bool:
        return self.date.weekday() >= 5


@dataclass(frozen=True)
class DeadlineResult:
    """What the calculator found; ``deadline`` is None when the input could not be used."""

    feedback: Feedback
    received: dt.date | None = None
    deadline: dt.date | None = None
    working_days: int = 0  # hari kerja counted after the day of receipt
    extended: bool = False
    cuti_bersama: bool = True  # True: cuti bersama is not a working day
    skipped: tuple[SkippedDay, ...] = ()  # every non-working day between receipt and deadline
    worked_cuti_bersama: tuple[SkippedDay, ...] = ()  # cuti bersama counted as working days (office works)
    follow_on: tuple[Feedback, ...] = ()
    follow_on_title: str = ""

    @property
    def weekday_holidays(self) -> tuple[SkippedDay, ...]:
        """Skipped holidays and cuti bersama that fall on Monday to Friday."""
        return tuple(s for s in self.skipped if not s.weekend)

    @property
    def weekend_days(self) -> int:
        return sum(s.weekend for s in self.skipped)

    def details_html(self) -> str:
        """The skipped days (weekends summarised) and the follow-on periods, as HTML."""
        if self.deadline is None:
            return ""
        calendar_days = (self.deadline - self.received).days
        items = [f"<li>{html.escape(format_date(s.date))}: {html.escape(s.reason)}</li>" for s in self.weekday_holidays]
        if self.weekend_days:
            items.append(f"<li>Akhir pekan: {self.weekend_days} hari (Sabtu dan Minggu)</li>")
        on_weekend = [s for s in self.skipped if s.weekend and s.reason not in NAMA_HARI]
        if on_weekend:
            names = "; ".join(f"{s.reason} ({format_date(s.date)})" for s in on_weekend)
            items.append(f"<li>Hari libur yang jatuh pada akhir pekan (tidak mengubah hitungan): {html.escape(names)}</li>")
        if items:
            skipped = (f"<p><b>Hari yang tidak dihitung</b> ({len(self.skipped)} dari {calendar_days} hari kalender "
                       f"sejak permohonan diterima sampai batas akhir):</p><ul>{''.join(items)}</ul>")
        else:
            skipped = "<p><b>Hari yang tidak dihitung:</b> tidak ada.</p>"
        if self.worked_cuti_bersama:
            worked = "".join(f"<li>{html.escape(format_date(s.date))}: {html.escape(s.reason)}</li>" for s in self.worked_cuti_bersama)
            skipped += f"<p><b>Cuti bersama yang tetap dihitung sebagai hari kerja:</b></p><ul>{worked}</ul>"
        follow = "".join(f.to_html() for f in self.follow_on)
        title = f"<p><b>{html.escape(self.follow_on_title)}</b></p>" if self.follow_on else ""
        return f"<div style='margin:4px 0'>{skipped}{title}{follow}</div>"


def _as_date(value, content: Content) -> tuple[dt.date | None, Feedback | None]:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, Feedback(None, content.message("tanpa_tanggal"))
    if isinstance(value, dt.datetime):
        return value.date(), None
    if isinstance(value, dt.date):
        return value, None
    if isinstance(value, str):
        try:
            return Tanggal().parse(value), None
        except FormatJawabanError:
            return None, Feedback(False, content.message("tanggal_tidak_dikenal", tanggal=value.strip(),
                                                         contoh="\"16-03-2026\" atau \"16 Maret 2026\""))
    raise ValueError(f"received must be a date, a date string or None, not {type(value).__name__}")


@lru_cache(maxsize=64)
def _has_cuti_bersama(year: int) -> bool:
    """Whether the calendar knows the cuti bersama of ``year`` (set each year by joint decree)."""
    return bool(holidays.Indonesia(years=year, categories=("government",)))


def _years_without_cuti_bersama(start: dt.date, end: dt.date) -> list[int]:
    return [y for y in range(start.year, end.year + 1) if not _has_cuti_bersama(y)]


def compute(received, extended: bool = False, cuti_bersama: bool = True, content: Content | None = None) -> DeadlineResult:
    """The last day for the written notice on a request received on ``received`` (Pasal 22 ayat (7)–(8)).

    ``received`` is a date (or text such as ``"16-03-2026"``); ``extended`` adds the extension of at
    most 7 hari kerja; ``cuti_bersama=False`` counts cuti bersama as working days (the office works).
    No date, an unreadable date, a date before UU KIP came into force or after 2099 gives a result
    with ``deadline=None`` and a friendly message.
    """
    content = content or _default()
    day, problem = _as_date(received, content)
    if problem is not None:
        return DeadlineResult(problem)
    if day < content.in_force:
        return DeadlineResult(Feedback(False, content.message("sebelum_berlaku", tanggal=format_date(day),
                                                              berlaku=format_date(content.in_force)),
                                       content.in_force_pasal), day)
    if day > LAST_DATE:
        return DeadlineResult(Feedback(False, content.message("terlalu_jauh", tanggal=format_date(day),
                                                              terakhir=format_date(LAST_DATE))), day)
    extended, cuti_bersama = bool(extended), bool(cuti_bersama)
    days = kip.NOTICE_DAYS + (kip.EXTENSION_DAYS if extended else 0)
    deadline = kip.response_deadline(day, extended, cuti_bersama)
    between = [day + dt.timedelta(days=i) for i in range(1, (deadline - day).days + 1)]
    skipped = tuple(SkippedDay(d, holiday_name(d, cuti_bersama) or NAMA_HARI[d.weekday()])
                    for d in between if not is_working_day(d, cuti_bersama))
    worked = () if cuti_bersama else tuple(
        SkippedDay(d, holiday_name(d, True)) for d in between
        if d.weekday() < 5 and holiday_name(d, True) is not None and holiday_name(d, False) is None)

    parts = [content.message("batas", batas=format_date(deadline), hari=days, diterima=format_date(day))]
    if extended:
        parts.append(content.message("diperpanjang", tambahan=kip.EXTENSION_DAYS,
                                     batas_awal=format_date(kip.response_deadline(day, False, cuti_bersama))))
    if not cuti_bersama:
        parts.append(content.message("cuti_bersama_dihitung"))
    else:
        parts += [content.message("tanpa_data_cuti_bersama", tahun=y) for y in _years_without_cuti_bersama(day, deadline)]
    pasal = content.notice_pasal_extended if extended else content.notice_pasal
    follow_on = tuple(Feedback(None, step.text, step.pasal) for step in content.steps)
    return DeadlineResult(Feedback(None, " ".join(parts), pasal), day, deadline, days, extended, cuti_bersama, skipped,
                          worked, follow_on, content.follow_on_title)


class TenggatView(ExerciseView):
    """The widgets: the date of receipt, two check boxes, Hitung and the result."""

    def __init__(self, content: Content | None = None):
        import ipywidgets as widgets

        self.content = content or _default()
        style = {"description_width": "initial"}
        wide = widgets.Layout(width="620px")
        self.judul = widgets.HTML(f"<h3>{html.escape(self.content.title)}</h3><p>{html.escape(self.content.instructions)}</p>")
        self.tanggal = widgets.DatePicker(description="Tanggal permohonan diterima:", style=style,
                                          layout=widgets.Layout(width="420px"))
        self.diperpanjang = widgets.Checkbox(value=False, indent=False, layout=wide,
                                             description="Diperpanjang (paling lama 7 hari kerja, dengan alasan tertulis)")
        self.kerja_cuti_bersama = widgets.Checkbox(value=False, indent=False, layout=wide,
                                                   description="Kantor tetap bekerja pada cuti bersama")
        self.tombol = widgets.Button(description="Hitung", button_style="primary", icon="calendar")
        self.hasil = widgets.Output(layout=widgets.Layout(width="760px"))
        self.tombol.on_click(self._hitung)
        self.widget = widgets.VBox([self.judul, self.tanggal, self.diperpanjang, self.kerja_cuti_bersama, self.tombol,
                                    self.hasil])

    def _hitung(self, _button=None) -> None:
        result = compute(self.tanggal.value, extended=self.diperpanjang.value,
                         cuti_bersama=not self.kerja_cuti_bersama.value, content=self.content)
        show(self.hasil, result.feedback, extra_html=result.details_html())


def contoh(diterima, content: Content | None = None) -> None:
    """Print the worked example of lesson 03: the notice deadline with and without the extension.

    ``diterima`` is the day the request was received, as a date or as text (``"06-10-2026"``).
    """
    content = content or _default()
    plain, extended = compute(diterima, content=content), compute(diterima, extended=True, content=content)
    if plain.deadline is None:
        print(f"✗ {plain.feedback.message}")
        return
    print(f"Permohonan diterima            : {format_date(plain.received)}")
    print(f"Batas pemberitahuan tertulis   : {format_date(plain.deadline)} "
          f"(hari kerja ke-{plain.working_days}; {content.notice_pasal})")
    print(f"Bila jangka waktu diperpanjang : {format_date(extended.deadline)} "
          f"(hari kerja ke-{extended.working_days}; {content.notice_pasal_extended})")


def tampilkan(content: Content | None = None) -> TenggatView:
    """Build the exercise and return it; as the last line of a lesson cell, Jupyter shows it (once)."""
    view = TenggatView(content)
    return view
