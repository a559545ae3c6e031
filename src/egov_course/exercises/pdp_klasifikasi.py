"""Classify the data an OPD holds as general personal data, specific personal data, or not personal data.

Personal data is data about an identified or identifiable individual (UU 27/2022 Pasal 1 angka 1); data
that points to no one is not personal data. UU 27/2022 (PDP) Pasal 4 splits personal data into *data pribadi yang bersifat spesifik* (health,
biometric, genetic, criminal records, children's data, personal financial data; ayat (2)) and *data
pribadi yang bersifat umum* (full name, sex, nationality, religion, marital status, and data combined
to identify a person, e.g. a mobile number with an IP address per the Penjelasan; ayat (3)). The learner
classifies every item at once (one dropdown per item) and presses **Periksa**; the model marks each
answer with a one-line reason and its Pasal, counts "Benar x dari y", and closes with a tip on handling
specific data in an OPD (bigger impact, Penjelasan Pasal 4 ayat (1); impact assessment, Pasal 34; the
data-protection officer, Pasal 53-54, whose three cases the statute joins with "dan"). The items live in
``content/exercises/pdp_klasifikasi.yaml``; every item names the register facts it rests on.

A lesson notebook calls::

    from egov_course.exercises.pdp_klasifikasi import tampilkan
    tampilkan()
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ..errors import ContentError, Problem
from . import ExerciseView, Feedback, checked_facts, identified_entries, read_exercise, required_list, required_text, show

NAME = "pdp_klasifikasi"
UNANSWERED = ""  # the value of a dropdown nobody has touched


@dataclass(frozen=True)
class Category:
    """One of the answers a learner can pick, e.g. ``umum`` = "Data pribadi umum"."""

    id: str
    label: str
    pasal: str


@dataclass(frozen=True)
class DataItem:
    """One piece of data an OPD holds, with its right category and the reason."""

    id: str
    text: str
    answer: str  # a Category id
    reason: str
    pasal: str
    facts: tuple[str, ...]


@dataclass(frozen=True)
class Content:
    """Everything in the content file: the categories, the items and the closing tip."""

    title: str
    intro: str
    categories: tuple[Category, ...]
    items: tuple[DataItem, ...]
    tip: Feedback
    tip_facts: tuple[str, ...]
    path: Path

    def category(self, category_id: str) -> Category:
        for category in self.categories:
            if category.id == category_id:
                return category
        raise KeyError(category_id)


# ---------------------------------------------------------------------------------------------
# Content
# ---------------------------------------------------------------------------------------------
def load_content(path: str | Path | None = None) -> Content:
    """Read and check the content file (default: the shipped ``pdp_klasifikasi.yaml``).

    Raises ContentError naming the file and every faulty entry (e.g. ``items[7] (nip).answer``).
    """
    path, data = read_exercise(NAME, path)
    problems: list[Problem] = []

    categories: list[Category] = []
    raw = required_list(data, "categories", path)
    for where, category_id, entry in identified_entries(raw, "categories", problems, "id/label/pasal", skip_repeated=True):
        label, pasal = required_text(entry, "label", where, problems), required_text(entry, "pasal", where, problems)
        if label and pasal:
            categories.append(Category(category_id, label, pasal))
    category_ids = {c.id for c in categories}

    items: list[DataItem] = []
    raw = required_list(data, "items", path)
    for where, item_id, entry in identified_entries(raw, "items", problems, "id/text/answer/reason/pasal/facts", skip_repeated=True):
        text, reason, pasal = (required_text(entry, key, where, problems) for key in ("text", "reason", "pasal"))
        answer = entry.get("answer")
        if answer not in category_ids:
            problems.append(Problem(None, f"{where}.answer", f"{answer!r} harus salah satu dari {', '.join(sorted(category_ids))}"))
        facts = checked_facts(entry, where, problems)
        if text and reason and pasal and answer in category_ids and facts:
            items.append(DataItem(item_id, text, answer, reason, pasal, facts))

    tip_entry = data.get("tip")
    tip, tip_facts = None, None
    if not isinstance(tip_entry, dict):
        problems.append(Problem(None, "tip", "harus berupa pemetaan text/pasal/facts"))
    else:
        text, pasal = required_text(tip_entry, "text", "tip", problems), required_text(tip_entry, "pasal", "tip", problems)
        tip_facts = checked_facts(tip_entry, "tip", problems)
        if text and pasal:
            tip = Feedback(None, text, pasal)

    title, intro = required_text(data, "title", "", problems), required_text(data, "intro", "", problems)
    if problems:
        raise ContentError(path, problems)
    return Content(title, intro, tuple(categories), tuple(items), tip, tip_facts, path)


def load(path: str | Path | None = None) -> list[DataItem]:
    """The data items of the exercise, checked (see :func:`load_content`)."""
    return list(load_content(path).items)


# ---------------------------------------------------------------------------------------------
# Model
# ---------------------------------------------------------------------------------------------
def check(answers: Mapping[str, str | None], content: Content | None = None) -> list[Feedback]:
    """Mark the learner's answers: one Feedback per item (in content order), then a summary Feedback.

    ``answers`` maps item ids to category ids; a missing item, ``None`` or ``""`` counts as
    "belum dijawab" (Feedback with ``correct=None``), not as an error. An unknown item or category
    id is programmer misuse and raises ValueError. The summary (last entry) says "Benar x dari y";
    its ``correct`` is True only when every item is right, None when nothing was answered.
    """
    content = content if content is not None else load_content()
    if not isinstance(answers, Mapping):
        raise ValueError(f"answers must be a mapping of item id to category id, not {type(answers).__name__}")
    item_ids = {item.id for item in content.items}
    category_ids = {c.id for c in content.categories}
    unknown = sorted(set(answers) - item_ids)
    if unknown:
        raise ValueError(f"unknown item id(s): {', '.join(map(str, unknown))}")
    for item_id, value in answers.items():
        if value not in (None, UNANSWERED) and value not in category_ids:
            raise ValueError(f"unknown category {value!r} for item {item_id!r}; expected one of {sorted(category_ids)}")

    feedback: list[Feedback] = []
    right = unanswered = 0
    for item in content.items:
        chosen = answers.get(item.id)
        expected = content.category(item.answer).label
        if chosen in (None, UNANSWERED):
            unanswered += 1
            feedback.append(Feedback(None, f"{item.text}: belum dijawab."))
        elif chosen == item.answer:
            right += 1
            feedback.append(Feedback(True, f"{item.text}: benar, {expected.lower()}. {item.reason}", item.pasal, 1.0))
        else:
            picked = content.category(chosen).label
            feedback.append(Feedback(False, f"{item.text}: kurang tepat. Anda memilih \"{picked}\", seharusnya "
                                            f"\"{expected}\". {item.reason}", item.pasal, 0.0))
    feedback.append(_summary(content, right, unanswered))
    return feedback


def _summary(content: Content, right: int, unanswered: int) -> Feedback:
    total = len(content.items)
    pasal = "UU 27/2022 Pasal 4 ayat (2) dan (3)"
    if unanswered == total:
        return Feedback(None, "Belum ada data yang digolongkan. Pilih golongan untuk setiap data, lalu tekan Periksa.")
    wrong = total - right - unanswered
    message = f"Benar {right} dari {total}."
    if unanswered:
        message += f" Masih ada {unanswered} data yang belum dijawab; pilih golongannya lalu tekan Periksa lagi."
    if right == total:
        message += " Hebat, semua tepat!"
    elif wrong:
        message += " Baca penjelasan di bawah untuk yang belum tepat, lalu coba lagi."
    correct = True if right == total else (False if wrong else None)
    return Feedback(correct, message, pasal, right / total)


def closing_tip(content: Content | None = None) -> Feedback:
    """The closing tip on handling specific personal data in an OPD (from the content file)."""
    return (content if content is not None else load_content()).tip


# ---------------------------------------------------------------------------------------------
# View
# ---------------------------------------------------------------------------------------------
class PdpKlasifikasiView(ExerciseView):
    """One dropdown per data item in a grid, a **Periksa** and a **Coba lagi** button, and the feedback."""

    def __init__(self, content: Content | None = None):
        import ipywidgets as widgets

        self.content = content if content is not None else load_content()
        options = [("— pilih —", UNANSWERED)] + [(c.label, c.id) for c in self.content.categories]
        self.pilihan = {
            item.id: widgets.Dropdown(options=options, value=UNANSWERED, layout=widgets.Layout(width="240px"),
                                      style={"description_width": "initial"})
            for item in self.content.items
        }
        cells = []
        for number, item in enumerate(self.content.items, start=1):
            cells.append(widgets.HTML(f"{number}. {html.escape(item.text)}", layout=widgets.Layout(width="auto")))
            cells.append(self.pilihan[item.id])
        self.tabel = widgets.GridBox(cells, layout=widgets.Layout(grid_template_columns="minmax(320px, 1fr) 250px",
                                                                  grid_gap="4px 12px", width="100%"))
        legend = "".join(f"<li><b>{html.escape(c.label)}</b>: {html.escape(c.pasal)}</li>" for c in self.content.categories)
        self.judul = widgets.HTML(f"<h4>{html.escape(self.content.title)}</h4><p>{html.escape(self.content.intro)}</p>"
                                  f"<ul>{legend}</ul>")
        self.tombol = widgets.Button(description="Periksa", button_style="primary", layout=widgets.Layout(width="160px"))
        self.ulang = widgets.Button(description="Coba lagi", layout=widgets.Layout(width="160px"))
        self.hasil = widgets.Output(layout=widgets.Layout(width="100%"))
        self.tombol.on_click(self._periksa)
        self.ulang.on_click(self._coba_lagi)
        self.widget = widgets.VBox([self.judul, self.tabel, widgets.HBox([self.tombol, self.ulang]), self.hasil])

    def answers(self) -> dict[str, str]:
        return {item_id: dropdown.value for item_id, dropdown in self.pilihan.items()}

    def _periksa(self, _button=None) -> None:
        *items, summary = check(self.answers(), self.content)
        if summary.correct is None and all(f.correct is None for f in items):
            show(self.hasil, summary)
        else:
            show(self.hasil, summary, *items, closing_tip(self.content))

    def _coba_lagi(self, _button=None) -> None:
        for dropdown in self.pilihan.values():
            dropdown.value = UNANSWERED
        self.hasil.outputs = ()


def tampilkan(path: str | Path | None = None) -> PdpKlasifikasiView:
    """Build the exercise and return it; as the last line of a lesson cell, Jupyter shows it (once)."""
    view = PdpKlasifikasiView(load_content(path))
    return view
