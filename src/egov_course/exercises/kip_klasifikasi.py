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
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..content import data_path, load_legal_facts
from ..errors import ContentError, Problem
from . import Feedback, load_exercise_data, show

NAME = "kip_klasifikasi"
EXEMPT = "dikecualikan"
LETTERS = "abcdefghij"  # Pasal 17 huruf a–j
_ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")


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


def _text(entry: dict, key: str, where: str, problems: list[Problem]) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        problems.append(Problem(None, f"{where}.{key}", "wajib diisi dengan teks"))
        return ""
    return " ".join(value.split())


def _facts(entry: dict, where: str, problems: list[Problem], register: dict) -> tuple[str, ...]:
    """The fact ids of an entry: a non-empty list of ids that exist in the register and are V1 or V2."""
    ids = entry.get("facts")
    if not isinstance(ids, list) or not ids or not all(isinstance(i, str) for i in ids):
        problems.append(Problem(None, f"{where}.facts", "harus daftar id fakta dari legal_facts.yaml yang tidak kosong"))
        return ()
    for fact_id in ids:
        if fact_id not in register:
            problems.append(Problem(None, f"{where}.facts", f"fakta '{fact_id}' tidak ada di legal_facts.yaml"))
        elif register[fact_id].status not in ("V1", "V2"):
            problems.append(Problem(None, f"{where}.facts", f"fakta '{fact_id}' berstatus {register[fact_id].status}; "
                                                            "jawaban hanya boleh bersandar pada fakta V1/V2"))
    return tuple(ids)


@lru_cache(maxsize=1)
def _register() -> dict:
    """The shipped register of legal facts (read once: it is large)."""
    return load_legal_facts()


def load(path: str | Path | None = None) -> Content:
    """Read and check the exercise content (default: the shipped ``kip_klasifikasi.yaml``).

    Raises ContentError naming the file and every faulty entry (e.g. ``kasus[3].jawaban``).
    """
    path = Path(path) if path is not None else data_path(f"exercises/{NAME}.yaml")
    data = load_exercise_data(NAME, path)
    register = _register()
    problems: list[Problem] = []
    title = _text(data, "judul", "berkas", problems)
    instructions = _text(data, "petunjuk", "berkas", problems)

    categories: list[Category] = []
    raw = data.get("kategori")
    if not isinstance(raw, list) or not raw:
        problems.append(Problem(None, "kategori", "harus daftar kategori yang tidak kosong"))
        raw = []
    for i, entry in enumerate(raw, start=1):
        where = f"kategori[{i}]"
        if not isinstance(entry, dict):
            problems.append(Problem(None, where, "harus berupa pemetaan id/label/dasar/keterangan/facts"))
            continue
        cat_id = entry.get("id")
        if not isinstance(cat_id, str) or not _ID_RE.match(cat_id):
            problems.append(Problem(None, f"{where}.id", f"{cat_id!r} bukan id yang sah (huruf kecil, angka, _)"))
            continue
        if any(c.id == cat_id for c in categories):
            problems.append(Problem(None, f"{where}.id", f"id '{cat_id}' sudah dipakai"))
        categories.append(Category(cat_id, _text(entry, "label", where, problems), _text(entry, "dasar", where, problems),
                                   _text(entry, "keterangan", where, problems), _facts(entry, where, problems, register)))
    category_ids = [c.id for c in categories]
    if raw and EXEMPT not in category_ids:
        problems.append(Problem(None, "kategori", f"kategori '{EXEMPT}' wajib ada"))

    note = data.get("uji_konsekuensi")
    if not isinstance(note, dict):
        problems.append(Problem(None, "uji_konsekuensi", "harus berupa pemetaan teks/pasal/facts"))
        note = {}
    exempt_note = _text(note, "teks", "uji_konsekuensi", problems)
    exempt_pasal = _text(note, "pasal", "uji_konsekuensi", problems)
    exempt_facts = _facts(note, "uji_konsekuensi", problems, register) if note else ()

    cases: list[Case] = []
    raw = data.get("kasus")
    if not isinstance(raw, list) or not raw:
        problems.append(Problem(None, "kasus", "harus daftar kasus yang tidak kosong"))
        raw = []
    for i, entry in enumerate(raw, start=1):
        where = f"kasus[{i}]"
        if not isinstance(entry, dict):
            problems.append(Problem(None, where, "harus berupa pemetaan id/judul/teks/jawaban/alasan/pasal/facts"))
            continue
        case_id = entry.get("id")
        if not isinstance(case_id, str) or not _ID_RE.match(case_id):
            problems.append(Problem(None, f"{where}.id", f"{case_id!r} bukan id yang sah (huruf kecil, angka, _)"))
            continue
        where = f"kasus[{i}] ({case_id})"
        if any(c.id == case_id for c in cases):
            problems.append(Problem(None, f"{where}.id", f"id '{case_id}' sudah dipakai"))
        answer = entry.get("jawaban")
        if answer not in category_ids:
            problems.append(Problem(None, f"{where}.jawaban", f"{answer!r} harus salah satu dari {', '.join(category_ids)}"))
        letter = str(entry.get("huruf") or "").strip().lower()
        pasal = _text(entry, "pasal", where, problems)
        if answer == EXEMPT:
            if len(letter) != 1 or letter not in LETTERS:
                problems.append(Problem(None, f"{where}.huruf", "informasi yang dikecualikan wajib menyebut huruf Pasal 17 (a sampai j)"))
            elif f"pasal 17 huruf {letter}" not in pasal.casefold():
                problems.append(Problem(None, f"{where}.pasal", f"harus menyebut 'Pasal 17 huruf {letter}'"))
        elif letter:
            problems.append(Problem(None, f"{where}.huruf", "huruf Pasal 17 hanya untuk informasi yang dikecualikan"))
        cases.append(Case(case_id, _text(entry, "judul", where, problems), _text(entry, "teks", where, problems), str(answer),
                          _text(entry, "alasan", where, problems), pasal, _facts(entry, where, problems, register), letter))
    if problems:
        raise ContentError(path, problems)
    return Content(title, instructions, tuple(categories), tuple(cases), exempt_note, exempt_pasal, exempt_facts, path)


_DEFAULT: Content | None = None


def _default() -> Content:
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = load()
    return _DEFAULT


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


@dataclass
class Score:
    """Running score: only the first checked answer of each case counts."""

    first: dict[str, bool] = field(default_factory=dict)

    def record(self, case_id: str, feedback: Feedback) -> None:
        if feedback.correct is not None and case_id not in self.first:
            self.first[case_id] = bool(feedback.correct)

    @property
    def right(self) -> int:
        return sum(self.first.values())

    @property
    def answered(self) -> int:
        return len(self.first)

    def text(self, total: int) -> str:
        return (f"Benar {self.right} dari {self.answered} kasus yang sudah dijawab (semuanya {total} kasus). "
                "Hanya jawaban pertama di setiap kasus yang dihitung.")


class KlasifikasiView:
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
        self.skor.value = f"<b>Skor:</b> {html.escape(self.score.text(len(self.content.cases)))}"

    def _ganti_kasus(self, _change=None) -> None:
        self._tampilkan_kasus()

    def _kasus_berikutnya(self, _button=None) -> None:
        self.kasus.index = (self.kasus.index + 1) % len(self.content.cases)

    def _periksa(self, _button=None) -> None:
        feedback = check(self.kasus.value, self.pilihan.value, self.content)
        self.score.record(self.kasus.value, feedback)
        self._perbarui_skor()
        show(self.hasil, feedback)

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)


def tampilkan(content: Content | None = None) -> KlasifikasiView:
    """Build the exercise and return it; as the last line of a lesson cell, Jupyter shows it (once)."""
    view = KlasifikasiView(content)
    return view
