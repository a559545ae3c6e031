"""Check a draft service standard against the 14 minimum components of UU 25/2009 Pasal 21.

A service standard ("standar pelayanan") must contain at least the 14 components of Pasal 21. The
learner reads a fictitious draft standard of a Kota Dumai kecamatan service, some of whose components
are missing and some of whose lines are no component at all, ticks the components the draft contains
and presses **Periksa**. The model says which ticks are right, which components are in fact missing
(with why the complaint-handling component matters, Pasal 36 and 40), and closes with the duties to
draw up the standard with public participation (Pasal 20) and to publish a maklumat pelayanan
(Pasal 22). The components, the draft and the explanations live in
``content/exercises/standar_pelayanan.yaml``; each part names the register facts it rests on.

A lesson notebook calls::

    from egov_course.exercises.standar_pelayanan import tampilkan
    tampilkan()
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..errors import ContentError, Problem
from . import ExerciseView, Feedback, checked_facts, identified_entries, read_exercise, required_list, required_text, show

NAME = "standar_pelayanan"


@dataclass(frozen=True)
class Component:
    """One minimum component of a service standard (Pasal 21)."""

    id: str
    name: str
    note: str = ""  # why it matters when missing (optional)
    pasal: str = ""
    facts: tuple[str, ...] = ()


@dataclass(frozen=True)
class DraftLine:
    """One section of the draft; ``component`` is None for a line that is no Pasal 21 component."""

    heading: str
    text: str
    component: str | None


@dataclass(frozen=True)
class Draft:
    """The exercise: the 14 components and a draft standard that contains some of them."""

    title: str
    intro: str
    pasal: str
    facts: tuple[str, ...]
    components: tuple[Component, ...]
    draft_title: str
    provider: str
    lines: tuple[DraftLine, ...]
    extra_note: str
    closing: tuple[Feedback, ...]
    closing_facts: tuple[tuple[str, ...], ...]
    path: Path

    @property
    def present(self) -> frozenset[str]:
        """Ids of the components the draft contains."""
        return frozenset(line.component for line in self.lines if line.component is not None)

    @property
    def missing(self) -> tuple[Component, ...]:
        """The components the draft lacks, in the order of Pasal 21."""
        return tuple(c for c in self.components if c.id not in self.present)

    def heading_of(self, component_id: str) -> str:
        return next(line.heading for line in self.lines if line.component == component_id)


# ---------------------------------------------------------------------------------------------
# Content
# ---------------------------------------------------------------------------------------------
def _optional_text(entry: dict, key: str, where: str, problems: list[Problem]) -> str:
    """Like :func:`required_text`, but a key that is absent (or null) is "" without a problem."""
    return "" if entry.get(key) is None else required_text(entry, key, where, problems)


def _components(data: dict, path: Path, problems: list[Problem]) -> list[Component]:
    components: list[Component] = []
    raw = required_list(data, "components", path)
    for where, component_id, entry in identified_entries(raw, "components", problems, "id/name", skip_repeated=True):
        before = len(problems)
        name = required_text(entry, "name", where, problems)
        if name and any(c.name.casefold() == name.casefold() for c in components):
            problems.append(Problem(None, f"{where}.name", f"nama '{name}' sudah dipakai"))
            continue
        note = _optional_text(entry, "note", where, problems)
        pasal, facts = "", ()
        if note:
            pasal = required_text(entry, "pasal", where, problems)
            facts = checked_facts(entry, where, problems)
        if len(problems) == before:
            components.append(Component(component_id, name, note, pasal, facts))
    return components


def _draft(data: dict, path: Path, ids: set[str], problems: list[Problem]) -> tuple[str, str, list[DraftLine], str]:
    draft = data.get("draft")
    if not isinstance(draft, dict):
        raise ContentError(path, [Problem(None, "draft", "harus berupa pemetaan title/provider/lines")])
    title, provider = required_text(draft, "title", "draft", problems), required_text(draft, "provider", "draft", problems)
    extra_note = _optional_text(draft, "extra_note", "draft", problems)
    lines: list[DraftLine] = []
    used: dict[str, int] = {}
    raw_lines = draft.get("lines")
    if not isinstance(raw_lines, list) or not raw_lines:
        raise ContentError(path, [Problem(None, "draft.lines", "harus berisi daftar baris rancangan yang tidak kosong")])
    for i, entry in enumerate(raw_lines, start=1):
        where = f"draft.lines[{i}]"
        if not isinstance(entry, dict):
            problems.append(Problem(None, where, "harus berupa pemetaan heading/text/component"))
            continue
        heading = required_text(entry, "heading", where, problems)
        where = f"{where} ({heading})" if heading else where
        text = required_text(entry, "text", where, problems)
        component = entry.get("component")
        if component is not None and component not in ids:
            problems.append(Problem(None, f"{where}.component", f"{component!r} bukan id komponen (atau null untuk baris yang bukan komponen)"))
            continue
        if component is not None and component in used:
            problems.append(Problem(None, f"{where}.component", f"komponen '{component}' sudah diisi oleh draft.lines[{used[component]}]"))
            continue
        if component is not None:
            used[component] = i
        if heading and text:
            lines.append(DraftLine(heading, text, component))
    if any(line.component is None for line in lines) and not extra_note:
        problems.append(Problem(None, "draft.extra_note", "wajib diisi bila ada baris yang bukan komponen (component: null)"))
    return title, provider, lines, extra_note


def load(path: str | Path | None = None) -> Draft:
    """Read and check the content file (default: the shipped ``standar_pelayanan.yaml``).

    Raises ContentError naming the file and every faulty entry (e.g. ``draft.lines[3] (Alur layanan).component``).
    """
    path, data = read_exercise(NAME, path)
    problems: list[Problem] = []
    title, intro, pasal = (required_text(data, key, "", problems) for key in ("title", "intro", "pasal"))
    facts = checked_facts(data, "", problems)
    components = _components(data, path, problems)
    draft_title, provider, lines, extra_note = _draft(data, path, {c.id for c in components}, problems)
    closing: list[Feedback] = []
    closing_facts: list[tuple[str, ...]] = []
    for i, entry in enumerate(required_list(data, "closing", path), start=1):
        where = f"closing[{i}]"
        if not isinstance(entry, dict):
            problems.append(Problem(None, where, "harus berupa pemetaan text/pasal/facts"))
            continue
        text, closing_pasal = required_text(entry, "text", where, problems), required_text(entry, "pasal", where, problems)
        entry_facts = checked_facts(entry, where, problems)
        if text and closing_pasal and entry_facts:
            closing.append(Feedback(None, text, closing_pasal))
            closing_facts.append(entry_facts)
    if problems:
        raise ContentError(path, problems)
    return Draft(title, intro, pasal, facts, tuple(components), draft_title, provider, tuple(lines), extra_note,
                 tuple(closing), tuple(closing_facts), path)


# ---------------------------------------------------------------------------------------------
# Model
# ---------------------------------------------------------------------------------------------
def _names(components: Iterable[Component]) -> str:
    return "; ".join(f"\"{c.name}\"" for c in components)


def check(ticked: Iterable[str], draft: Draft | None = None) -> tuple[Feedback, list[Feedback]]:
    """Mark the components the learner ticked as present in the draft.

    ``ticked`` holds component ids (any iterable, e.g. a set). Returns the summary Feedback and the
    detail list: the right ticks, each wrong tick named, each present component not ticked, the
    components the draft really lacks (with why they matter), lines that are no component, and the
    closing notes (Pasal 20 and 22). Every one of the components counts: ticked when present, left
    unticked when missing. Nothing ticked gives a friendly hint and no detail; an unknown component
    id is programmer misuse and raises ValueError.
    """
    draft = draft if draft is not None else load()
    if isinstance(ticked, str) or not isinstance(ticked, Iterable):
        raise ValueError(f"ticked must be a collection of component ids, not {type(ticked).__name__}")
    ticked = set(ticked)
    ids = {c.id for c in draft.components}
    unknown = sorted(map(str, ticked - ids))
    if unknown:
        raise ValueError(f"unknown component id(s): {', '.join(unknown)}")
    if not ticked:
        return Feedback(None, "Belum ada komponen yang dicentang. Centang komponen yang sudah ada di rancangan, "
                              "lalu tekan Periksa."), []

    present = draft.present
    right_ticks = [c for c in draft.components if c.id in ticked and c.id in present]
    wrong_ticks = [c for c in draft.components if c.id in ticked and c.id not in present]
    overlooked = [c for c in draft.components if c.id in present and c.id not in ticked]
    total = len(draft.components)
    right = total - len(wrong_ticks) - len(overlooked)

    if right == total:
        message = (f"Tepat sekali! Benar {right} dari {total} komponen: Anda menemukan {len(present)} komponen "
                   f"yang ada dan tidak mencentang {total - len(present)} komponen yang tidak ada.")
    else:
        message = f"Benar {right} dari {total} komponen."
        if wrong_ticks:
            message += f" Ada {len(wrong_ticks)} centang untuk komponen yang sebenarnya tidak ada di rancangan."
        if overlooked:
            message += f" Ada {len(overlooked)} komponen yang ada di rancangan tetapi belum dicentang."
        message += " Lihat rinciannya di bawah, lalu coba lagi."
    summary = Feedback(right == total, message, draft.pasal, right / total)

    details: list[Feedback] = []
    if right_ticks:
        details.append(Feedback(True, f"Centang yang tepat ({len(right_ticks)} dari {len(present)} komponen yang ada): "
                                      f"{_names(right_ticks)}.", draft.pasal, len(right_ticks) / len(present)))
    for component in wrong_ticks:
        details.append(Feedback(False, f"\"{component.name}\" Anda centang, padahal komponen ini tidak ada di rancangan: "
                                       "tidak ada bagian yang membahasnya.", draft.pasal, 0.0))
    for component in overlooked:
        details.append(Feedback(False, f"\"{component.name}\" sebenarnya ada di rancangan (bagian "
                                       f"\"{draft.heading_of(component.id)}\"), tetapi belum Anda centang.", draft.pasal, 0.0))
    missing = draft.missing
    if missing:
        details.append(Feedback(None, f"Komponen yang tidak ada di rancangan ({len(missing)}): {_names(missing)}. "
                                      "Pasal 21 mewajibkan semuanya ada, jadi rancangan ini harus dilengkapi dulu.",
                                draft.pasal))
        details.extend(Feedback(None, f"Mengapa \"{c.name}\" penting: {c.note}", c.pasal) for c in missing if c.note)
    if any(line.component is None for line in draft.lines):
        details.append(Feedback(None, draft.extra_note, draft.pasal))
    details.extend(draft.closing)
    return summary, details


# ---------------------------------------------------------------------------------------------
# View
# ---------------------------------------------------------------------------------------------
def draft_html(draft: Draft) -> str:
    """The draft standard as an HTML table (what the learner reads)."""
    rows = "".join(f"<tr><td style='padding:4px 8px;vertical-align:top;width:28%'><b>{html.escape(line.heading)}</b></td>"
                   f"<td style='padding:4px 8px'>{html.escape(line.text)}</td></tr>" for line in draft.lines)
    return (f"<div style='border:1px solid #999;padding:8px 12px;margin:6px 0;background:#fafafa'>"
            f"<div style='font-weight:bold;font-size:110%'>{html.escape(draft.draft_title)}</div>"
            f"<div style='font-style:italic;margin-bottom:6px'>{html.escape(draft.provider)}</div>"
            f"<table style='border-collapse:collapse;width:100%'>{rows}</table></div>")


class StandarPelayananView(ExerciseView):
    """The draft, one checkbox per Pasal 21 component, a **Periksa** and a **Coba lagi** button, and the feedback."""

    def __init__(self, draft: Draft | None = None):
        import ipywidgets as widgets

        self.draft = draft if draft is not None else load()
        self.judul = widgets.HTML(f"<h4>{html.escape(self.draft.title)}</h4><p>{html.escape(self.draft.intro)}</p>")
        self.rancangan = widgets.HTML(draft_html(self.draft))
        self.centang = {
            c.id: widgets.Checkbox(value=False, description=c.name, indent=False,
                                   layout=widgets.Layout(width="auto"), style={"description_width": "initial"})
            for c in self.draft.components
        }
        self.daftar = widgets.GridBox(list(self.centang.values()),
                                      layout=widgets.Layout(grid_template_columns="repeat(2, minmax(300px, 1fr))",
                                                            grid_gap="2px 16px", width="100%"))
        self.petunjuk = widgets.HTML(f"<b>Komponen standar pelayanan ({html.escape(self.draft.pasal)}) yang ada di "
                                     "rancangan:</b>")
        self.tombol = widgets.Button(description="Periksa", button_style="primary", layout=widgets.Layout(width="160px"))
        self.ulang = widgets.Button(description="Coba lagi", layout=widgets.Layout(width="160px"))
        self.hasil = widgets.Output(layout=widgets.Layout(width="100%"))
        self.tombol.on_click(self._periksa)
        self.ulang.on_click(self._coba_lagi)
        self.widget = widgets.VBox([self.judul, self.rancangan, self.petunjuk, self.daftar,
                                    widgets.HBox([self.tombol, self.ulang]), self.hasil])

    def ticked(self) -> set[str]:
        return {component_id for component_id, box in self.centang.items() if box.value}

    def _periksa(self, _button=None) -> None:
        summary, details = check(self.ticked(), self.draft)
        show(self.hasil, summary, *details)

    def _coba_lagi(self, _button=None) -> None:
        for box in self.centang.values():
            box.value = False
        self.hasil.outputs = ()


def tampilkan(path: str | Path | None = None) -> StandarPelayananView:
    """Build the exercise and return it; as the last line of a lesson cell, Jupyter shows it (once)."""
    view = StandarPelayananView(load(path))
    return view
