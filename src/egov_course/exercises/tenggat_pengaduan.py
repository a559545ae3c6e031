"""Deadlines of a public-service complaint in calendar days (UU 25/2009, lesson 05).

A citizen files a complaint at most 30 days after receiving the service (Pasal 42 ayat (2)); the
provider answers at most 14 days after receiving it (Pasal 44 ayat (3)). The law writes "hari", not
"hari kerja", so weekends and holidays count. A date picker replaces the ``date(2026, 10, 6)`` that
learners had to edit (where ``06`` is a SyntaxError). Texts and periods are data in
``content/exercises/tenggat_pengaduan.yaml``.

A lesson calls::

    from egov_course.exercises.tenggat_pengaduan import tampilkan
    tampilkan()
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..errors import ContentError, Problem
from ..quiz import FormatJawabanError, Tanggal, tanggal_lengkap
from . import ExerciseView, Feedback, checked_facts, identified_entries, read_exercise, required_list, required_text, show

NAME = "tenggat_pengaduan"


@dataclass(frozen=True)
class Period:
    id: str
    label: str
    start: str  # what the date is, e.g. "tanggal pengaduan diterima"
    days: int
    pasal: str
    facts: tuple[str, ...]


@dataclass(frozen=True)
class Content:
    title: str
    instructions: str
    periods: tuple[Period, ...]
    no_date: str
    result: str

    def period(self, period_id: str) -> Period:
        for period in self.periods:
            if period.id == period_id:
                return period
        raise KeyError(f"unknown period {period_id!r}; known: {', '.join(p.id for p in self.periods)}")


def load(path: str | Path | None = None) -> Content:
    """Read and check the texts and periods; ContentError names the file and every faulty entry."""
    path, data = read_exercise(NAME, path)
    problems: list[Problem] = []
    periods = []
    for where, period_id, entry in identified_entries(required_list(data, "tenggat", path), "tenggat", problems,
                                                      "id, label, mulai, hari, pasal, facts", skip_repeated=True):
        days = entry.get("hari")
        if not isinstance(days, int) or isinstance(days, bool) or days < 1:
            problems.append(Problem(None, f"{where}.hari", f"{days!r} harus bilangan bulat positif (jumlah hari)"))
            continue
        periods.append(Period(period_id, required_text(entry, "label", where, problems),
                              required_text(entry, "mulai", where, problems), days,
                              required_text(entry, "pasal", where, problems), checked_facts(entry, where, problems)))
    messages = data.get("pesan") if isinstance(data.get("pesan"), dict) else {}
    content = Content(required_text(data, "judul", "", problems), required_text(data, "petunjuk", "", problems),
                      tuple(periods), required_text(messages, "tanpa_tanggal", "pesan", problems),
                      required_text(messages, "batas", "pesan", problems))
    if problems:
        raise ContentError(path, problems)
    return content


@lru_cache(maxsize=1)
def _default() -> Content:
    return load()


def compute(start, period_id: str = "pengajuan", content: Content | None = None) -> tuple[Feedback, dt.date | None]:
    """(what to say, the last day) for the period ``period_id`` starting on ``start`` (a date or "06-10-2026")."""
    content = content or _default()
    period = content.period(period_id)
    if isinstance(start, str):
        try:
            start = Tanggal().parse(start) if start.strip() else None
        except FormatJawabanError as err:
            return Feedback(False, str(err), period.pasal), None
    if start is None:
        return Feedback(None, content.no_date.format(mulai=period.start), period.pasal), None
    if isinstance(start, dt.datetime):
        start = start.date()
    deadline = start + dt.timedelta(days=period.days)
    text = content.result.format(batas=tanggal_lengkap(deadline), hari=period.days, mulai=period.start,
                                 tanggal=tanggal_lengkap(start))
    return Feedback(None, text, period.pasal), deadline


class PengaduanView(ExerciseView):
    """A date picker, the choice of period, Hitung and the result."""

    def __init__(self, content: Content | None = None):
        import ipywidgets as widgets

        self.content = content or _default()
        style = {"description_width": "initial"}
        self.judul = widgets.HTML(f"<h3>{html.escape(self.content.title)}</h3><p>{html.escape(self.content.instructions)}</p>")
        self.tanggal = widgets.DatePicker(description="Tanggal mulai:", style=style, layout=widgets.Layout(width="420px"))
        self.tenggat = widgets.RadioButtons(options=[(p.label, p.id) for p in self.content.periods],
                                            value=self.content.periods[0].id, layout=widgets.Layout(width="700px"))
        self.tombol = widgets.Button(description="Hitung", button_style="primary", icon="calendar")
        self.hasil = widgets.Output(layout=widgets.Layout(width="760px"))
        self.tombol.on_click(self._hitung)
        self.widget = widgets.VBox([self.judul, self.tanggal, self.tenggat, self.tombol, self.hasil])

    def _hitung(self, _button=None) -> None:
        feedback, _ = compute(self.tanggal.value, self.tenggat.value, self.content)
        show(self.hasil, feedback)


def tampilkan(content: Content | None = None) -> PengaduanView:
    """Build the exercise and return it; as the last line of a lesson cell, Jupyter shows it (once)."""
    return PengaduanView(content)
