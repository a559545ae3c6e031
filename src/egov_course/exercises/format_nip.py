"""Reading a (fictitious) NIP: what its 18 digits tell about the civil servant (lesson 04).

The digits follow Peraturan Kepala BKN 22/2007: birth date, month of appointment as CPNS, sex and a
serial number. :func:`egov_course.roster.parse_nip` decodes and checks them; this exercise shows the
parts with Indonesian dates, so that learners see why an NIP is personal data. Texts are data in
``content/exercises/format_nip.yaml``.

A lesson calls::

    from egov_course.exercises.format_nip import tampilkan
    tampilkan()
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..content.legal import tanggal_indonesia
from ..errors import ContentError, Problem
from ..quiz import NAMA_BULAN
from ..roster import parse_nip
from . import ExerciseView, Feedback, checked_facts, read_exercise, required_text, show

NAME = "format_nip"
FIELDS = ("tanggal_lahir", "tmt_cpns", "jenis_kelamin", "nomor_urut")
MESSAGES = ("terbaca", "keliru")


@dataclass(frozen=True)
class Content:
    title: str
    instructions: str
    example: str
    pasal: str
    facts: tuple[str, ...]
    labels: dict[str, str]
    messages: dict[str, str]


def load(path: str | Path | None = None) -> Content:
    """Read and check the exercise's texts; ContentError names the file and every faulty entry."""
    path, data = read_exercise(NAME, path)
    problems: list[Problem] = []
    labels = data.get("label") if isinstance(data.get("label"), dict) else {}
    messages = data.get("pesan") if isinstance(data.get("pesan"), dict) else {}
    content = Content(
        required_text(data, "judul", "", problems), required_text(data, "petunjuk", "", problems),
        required_text(data, "contoh", "", problems), required_text(data, "pasal", "", problems),
        checked_facts(data, "", problems),
        {key: required_text(labels, key, "label", problems) for key in FIELDS},
        {key: required_text(messages, key, "pesan", problems) for key in MESSAGES})
    try:
        parse_nip(content.example)
    except ValueError as exc:
        problems.append(Problem(None, "contoh", f"contoh NIP tidak sah: {exc}"))
    if problems:
        raise ContentError(path, problems)
    return content


@lru_cache(maxsize=1)
def _default() -> Content:
    return load()


def read(text: str, content: Content | None = None) -> tuple[Feedback, list[tuple[str, str]]]:
    """(what to say, the labelled parts) of an NIP typed as text; no parts when it cannot be read."""
    content = content or _default()
    try:
        nip = parse_nip(text or "")
    except ValueError as exc:
        return Feedback(False, content.messages["keliru"].format(alasan=_sentence(str(exc))), content.pasal), []
    parts = [(content.labels["tanggal_lahir"], tanggal_indonesia(nip.birth_date)),
             (content.labels["tmt_cpns"], f"{NAMA_BULAN[nip.cpns_month - 1]} {nip.cpns_year}"),
             (content.labels["jenis_kelamin"], nip.sex_label),
             (content.labels["nomor_urut"], f"{nip.serial:03d}")]
    return Feedback(None, content.messages["terbaca"].format(nip=nip.formatted()), content.pasal), parts


def _sentence(text: str) -> str:
    text = text.strip()
    return (text[0].upper() + text[1:]) if text else text


def parts_html(parts: list[tuple[str, str]]) -> str:
    rows = "".join(f"<tr><td style='padding:2px 12px 2px 0'>{html.escape(label)}</td><td><b>{html.escape(value)}</b></td></tr>"
                   for label, value in parts)
    return f"<table style='margin:4px 0'>{rows}</table>" if parts else ""


class NipView(ExerciseView):
    """A text box with the fictitious NIP, Baca NIP, and the parts it found."""

    def __init__(self, content: Content | None = None):
        import ipywidgets as widgets

        self.content = content or _default()
        self.judul = widgets.HTML(f"<h3>{html.escape(self.content.title)}</h3><p>{html.escape(self.content.instructions)}</p>")
        self.nip = widgets.Text(value=self.content.example, description="NIP fiktif:", layout=widgets.Layout(width="420px"))
        self.tombol = widgets.Button(description="Baca NIP", button_style="primary", icon="id-card")
        self.hasil = widgets.Output(layout=widgets.Layout(width="760px"))
        self.tombol.on_click(self._baca)
        self.widget = widgets.VBox([self.judul, self.nip, self.tombol, self.hasil])

    def _baca(self, _button=None) -> None:
        feedback, parts = read(self.nip.value, self.content)
        show(self.hasil, feedback, extra_html=parts_html(parts))


def tampilkan(content: Content | None = None) -> NipView:
    """Build the exercise and return it; as the last line of a lesson cell, Jupyter shows it (once)."""
    return NipView(content)
