"""Classify public information under UU 14/2008 (Keterbukaan Informasi Publik).

Learners read short Kota Dumai cases and pick one category: information announced periodically
("Berkala", Pasal 9), immediately ("Serta-merta", Pasal 10), available at any time ("Tersedia
setiap saat", Pasal 11 ayat (1)) or exempt ("Dikecualikan", Pasal 17 huruf a–j). The feedback
says whether the choice is right, gives the reason and the Pasal and, for exempt information,
recalls the consequence test (Pasal 2 ayat (4) and Pasal 19). Cases, categories and explanations
are data in ``content/exercises/kip_klasifikasi.yaml``; each case names the register facts it
rests on, which must exist and be V1 or V2.

A lesson calls::

    from egov_course.exercises.kip_klasifikasi import tampilkan
    tampilkan()
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from ..errors import ContentError, EgovCourseError, Problem
from . import ExerciseView, Feedback, FirstAnswers, checked_facts, identified_entries, read_exercise, required_text, show

NAME = "kip_klasifikasi"
EXEMPT = "dikecualikan"
LETTERS = "abcdefghij"  # Pasal 17 huruf a–j


@dataclass(frozen=True)
class Category:
    """One category of public information, e.g. ``Berkala`` (Pasal 9)."""

    id: str
    label: str  # as the learner sees it: "Serta-merta"
    basis: str  # short legal basis for the option label: "Pasal 10"
    description: str
    facts: tuple[str, ...]

    @property
    def option_label(self) -> str:
        return f"{self.label} ({self.basis})"


@dataclass(frozen=True)
class Case:
    """One case to classify, with its right category and explanation."""

    id: str
    title: str
    text: str
    answer: str  # a Category id
    reason: str  # one or two sentences, in Indonesian
    pasal: str
    facts: tuple[str, ...]
    letter: str = ""  # Pasal 17 huruf, only for exempt cases


@dataclass(frozen=True)
class Content:
    """The whole exercise: categories, cases and the consequence-test note for exempt cases."""

    title: str
    instructions: str
    categories: tuple[Category, ...]
    cases: tuple[Case, ...]
    exempt_note: str
    exempt_pasal: str
    exempt_facts: tuple[str, ...]
    path: Path | None = None

    def case(self, case_id: str) -> Case | None:
        return next((c for c in self.cases if c.id == case_id), None)

    def category(self, category_id: str) -> Category:
        return next(c for c in self.categories if c.id == category_id)

    def find_category(self, text: str) -> Category | None:
        """The category named by ``text``: its id or label, ignoring case, spaces, '-' and '_'."""
        key = _fold(text)
        return next((c for c in self.categories if key in (_fold(c.id), _fold(c.label))), None)

    def answer_label(self, case: Case) -> str:
        """The right answer as the learner reads it, e.g. ``Dikecualikan (Pasal 17 huruf h)``."""
        category = self.category(case.answer)
        return f"{category.label} (Pasal 17 huruf {case.letter})" if case.letter else category.option_label


def _fold(text: str) -> str:
    return re.sub(r"[\s_\-–]+", "", str(text)).casefold()


def load(path: str | Path | None = None) -> Content:
    """Read and check the exercise content (default: the shipped ``kip_klasifikasi.yaml``).

    Raises ContentError naming the file and every faulty entry (e.g. ``kasus[3].jawaban``).
    """
    path, data = read_exercise(NAME, path)
    problems: list[Problem] = []
    title = required_text(data, "judul", "berkas", problems)
    instructions = required_text(data, "petunjuk", "berkas", problems)

    categories: list[Category] = []
    raw = data.get("kategori")
    if not isinstance(raw, list) or not raw:
        problems.append(Problem(None, "kategori", "harus daftar kategori yang tidak kosong"))
        raw = []
    for where, cat_id, entry in identified_entries(raw, "kategori", problems, "id/label/dasar/keterangan/facts"):
        label, basis, description = (required_text(entry, key, where, problems) for key in ("label", "dasar", "keterangan"))
        categories.append(Category(cat_id, label, basis, description, checked_facts(entry, where, problems)))
    category_ids = [c.id for c in categories]
    if raw and EXEMPT not in category_ids:
        problems.append(Problem(None, "kategori", f"kategori '{EXEMPT}' wajib ada"))

    note = data.get("uji_konsekuensi")
    if not isinstance(note, dict):
        problems.append(Problem(None, "uji_konsekuensi", "harus berupa pemetaan teks/pasal/facts"))
        note = {}
    exempt_note = required_text(note, "teks", "uji_konsekuensi", problems)
    exempt_pasal = required_text(note, "pasal", "uji_konsekuensi", problems)
    exempt_facts = checked_facts(note, "uji_konsekuensi", problems) if note else ()

    cases: list[Case] = []
    raw = data.get("kasus")
    if not isinstance(raw, list) or not raw:
        problems.append(Problem(None, "kasus", "harus daftar kasus yang tidak kosong"))
        raw = []
    for where, case_id, entry in identified_entries(raw, "kasus", problems, "id/judul/teks/jawaban/alasan/pasal/facts"):
        answer = entry.get("jawaban")
        if answer not in category_ids:
            problems.append(Problem(None, f"{where}.jawaban", f"{answer!r} harus salah satu dari {', '.join(category_ids)}"))
        letter = str(entry.get("huruf") or "").strip().lower()
        pasal = required_text(entry, "pasal", where, problems)
        if answer == EXEMPT:
            if len(letter) != 1 or letter not in LETTERS:
                problems.append(Problem(None, f"{where}.huruf", "informasi yang dikecualikan wajib menyebut huruf Pasal 17 (a sampai j)"))
            elif f"pasal 17 huruf {letter}" not in pasal.casefold():
                problems.append(Problem(None, f"{where}.pasal", f"harus menyebut 'Pasal 17 huruf {letter}'"))
        elif letter:
            problems.append(Problem(None, f"{where}.huruf", "huruf Pasal 17 hanya untuk informasi yang dikecualikan"))
        case_title, text, reason = (required_text(entry, key, where, problems) for key in ("judul", "teks", "alasan"))
        cases.append(Case(case_id, case_title, text, str(answer), reason, pasal, checked_facts(entry, where, problems), letter))
    if problems:
        raise ContentError(path, problems)
    return Content(title, instructions, tuple(categories), tuple(cases), exempt_note, exempt_pasal, exempt_facts, path)


@lru_cache(maxsize=1)
def _default() -> Content:
    """The shipped content, read once per process."""
    return load()


def check(case_id: str, category: str | None, content: Content | None = None) -> Feedback:
    """Say whether ``category`` (an id or label, e.g. ``"serta_merta"`` or ``"Serta-merta"``) is right for a case.

    An empty choice, an unknown category or an unknown case gives a friendly ``Feedback(correct=None)``.
    """
    content = content or _default()
    case = content.case(case_id)
    if case is None:
        names = ", ".join(c.id for c in content.cases)
        return Feedback(None, f"Kasus '{case_id}' tidak ada dalam latihan ini. Kasus yang tersedia: {names}.")
    options = ", ".join(c.label for c in content.categories)
    if category is None or not str(category).strip():
        return Feedback(None, f"Anda belum memilih kategori. Pilih salah satu ({options}), lalu tekan Periksa.")
    chosen = content.find_category(category)
    if chosen is None:
        return Feedback(None, f"Kategori \"{category}\" tidak dikenal. Pilih salah satu: {options}.")
    right = chosen.id == case.answer
    answer = content.answer_label(case)
    message = (f"Benar! Informasi ini termasuk kategori {answer}. " if right else
               f"Belum tepat. Anda memilih {chosen.label}, padahal informasi ini termasuk kategori {answer}. ")
    message += case.reason
    pasal = case.pasal
    if case.answer == EXEMPT:
        message += " " + content.exempt_note
        pasal += "; " + content.exempt_pasal
    return Feedback(right, message, pasal, 1.0 if right else 0.0)


class Score(FirstAnswers):
    """Running score: only the first checked answer of each case counts."""

    def text(self, total: int) -> str:
        return (f"Tepat pada percobaan pertama: {self.right} dari {self.answered} kasus yang sudah dijawab "
                f"(seluruhnya {total} kasus). Mencoba lagi boleh; ini latihan dan tidak dinilai.")


class KlasifikasiView(ExerciseView):
    """The widgets: a case picker, the case text, the categories, Periksa, the score and the feedback."""

    def __init__(self, content: Content | None = None):
        import ipywidgets as widgets

        self.content = content or _default()
        self.score = Score()
        style = {"description_width": "initial"}
        self.judul = widgets.HTML(f"<h3>{html.escape(self.content.title)}</h3><p>{html.escape(self.content.instructions)}</p>")
        self.kasus = widgets.Dropdown(
            options=[(f"Kasus {i}: {c.title}", c.id) for i, c in enumerate(self.content.cases, start=1)],
            description="Kasus:", style=style, layout=widgets.Layout(width="640px"))
        self.berikutnya = widgets.Button(description="Kasus berikutnya", icon="arrow-right",
                                         layout=widgets.Layout(width="180px"))
        self.teks = widgets.HTML(layout=widgets.Layout(width="760px"))
        self.pilihan = widgets.RadioButtons(options=[(c.option_label, c.id) for c in self.content.categories], index=None,
                                            description="Kategori:", style=style, layout=widgets.Layout(width="640px"))
        self.tombol = widgets.Button(description="Periksa", button_style="primary", icon="check")
        self.skor = widgets.HTML()
        self.hasil = widgets.Output(layout=widgets.Layout(width="760px"))
        self.kasus.observe(self._ganti_kasus, names="value")
        self.berikutnya.on_click(self._kasus_berikutnya)
        self.tombol.on_click(self._periksa)
        self._tampilkan_kasus()
        self._perbarui_skor()
        self.widget = widgets.VBox([self.judul, widgets.HBox([self.kasus, self.berikutnya]), self.teks, self.pilihan,
                                    self.tombol, self.skor, self.hasil])

    def _tampilkan_kasus(self) -> None:
        case = self.content.case(self.kasus.value)
        self.teks.value = (f"<div style='background:#f5f5f5;padding:8px 12px;margin:4px 0'><b>{html.escape(case.title)}</b>"
                           f"<br>{html.escape(case.text)}</div>")
        self.pilihan.index = None
        self.hasil.outputs = ()

    def _perbarui_skor(self) -> None:
        self.skor.value = f"<b>Kemajuan Anda:</b> {html.escape(self.score.text(len(self.content.cases)))}"

    def _ganti_kasus(self, _change=None) -> None:
        self._tampilkan_kasus()

    def _kasus_berikutnya(self, _button=None) -> None:
        self.kasus.index = (self.kasus.index + 1) % len(self.content.cases)

    def _periksa(self, _button=None) -> None:
        feedback = check(self.kasus.value, self.pilihan.value, self.content)
        self.score.record(self.kasus.value, feedback)
        self._perbarui_skor()
        show(self.hasil, feedback)


def with_cases(content: Content, case_ids: list[str]) -> Content:
    """The exercise with only the cases ``case_ids``, in that order (lesson 00 shows two as a first try)."""
    known = {c.id: c for c in content.cases}
    unknown = [i for i in case_ids if i not in known]
    if unknown or not case_ids:
        raise EgovCourseError(f"Kasus {', '.join(unknown) or '(tidak ada)'} tidak dikenal; kasus yang ada: "
                              f"{', '.join(known)}.")
    return replace(content, cases=tuple(known[i] for i in case_ids))


def tampilkan(content: Content | None = None, kasus: list[str] | None = None) -> KlasifikasiView:
    """Build the exercise and return it; as the last line of a lesson cell, Jupyter shows it (once).

    ``kasus`` keeps only those case ids, e.g. ``tampilkan(kasus=["peringatan_banjir", "daftar_informasi_publik"])``.
    """
    content = content or _default()
    return KlasifikasiView(with_cases(content, kasus) if kasus else content)
