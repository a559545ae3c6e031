"""Case analysis under UU ITE: short fictitious cases, each with one best legal analysis.

The learner reads a case (defamation of an individual, criticism of a government office, extortion by
threatening to reveal secrets, a hoax that causes a riot, a consumer hoax, illegal access to a
government server, threats sent to the victim, electronic documents as evidence, gambling content),
picks the analysis that is right under the law in force on the course's reference date (UU 11/2008 as
amended by UU 19/2016 and UU 1/2024, plus the KUHP, UU 1/2023, and UU 1/2026 for the ITE articles
revoked on 2 January 2026), and reads why the chosen option is right or wrong, with its Pasal. Where the
law changed, the case also tells the dated history (``berubah``), resting on superseded facts listed under
``history``. Content (cases, options, explanations, Pasal, fact ids) lives in
``content/exercises/ite_kasus.yaml``.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..errors import ContentError, Problem
from . import ExerciseView, Feedback, FirstAnswers, checked_facts, identified_entries, read_exercise, required_text, show

NAME = "ite_kasus"
LETTERS = "abcde"
MIN_OPTIONS, MAX_OPTIONS = 3, 5


@dataclass(frozen=True)
class Option:
    """One answer option of a case, with why it is right or wrong."""

    key: str
    text: str
    explanation: str
    pasal: str


@dataclass(frozen=True)
class Case:
    """One fictitious case with its options and the key of the best analysis."""

    id: str
    title: str
    story: str
    question: str
    options: tuple[Option, ...]
    answer: str
    berubah: str = ""  # the dated history: what the law said before ("" when nothing relevant changed)
    facts: tuple[str, ...] = ()  # in-force V1/V2 facts the answer and options rest on
    history: tuple[str, ...] = ()  # superseded (or other) facts the ``berubah`` history rests on

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(o.key for o in self.options)

    def option(self, key: str) -> Option:
        for o in self.options:
            if o.key == key:
                return o
        raise KeyError(key)


@dataclass(frozen=True)
class CaseSet:
    """The content of the exercise: title, intro, a note that all cases are fictitious, the cases."""

    title: str
    intro: str
    catatan: str
    cases: tuple[Case, ...]
    path: Path | None = None  # the content file it was read from

    @property
    def ids(self) -> list[str]:
        return [c.id for c in self.cases]

    def get(self, case_id: str) -> Case | None:
        for c in self.cases:
            if c.id == case_id:
                return c
        return None


def _options(raw, where: str, problems: list[Problem]) -> tuple[Option, ...] | None:
    if not isinstance(raw, dict) or not MIN_OPTIONS <= len(raw) <= MAX_OPTIONS:
        problems.append(Problem(None, f"{where}.options", f"harus berisi {MIN_OPTIONS} sampai {MAX_OPTIONS} pilihan (a, b, c, ...)"))
        return None
    keys = [str(k) for k in raw]
    if keys != list(LETTERS[: len(keys)]):
        problems.append(Problem(None, f"{where}.options", f"kunci pilihan harus berurutan {', '.join(LETTERS[: len(keys)])}, bukan {', '.join(keys)}"))
        return None
    options = []
    for key, entry in raw.items():
        here = f"{where}.options.{key}"
        if not isinstance(entry, dict):
            problems.append(Problem(None, here, "harus berupa pemetaan text/explanation/pasal"))
            continue
        values = [required_text(entry, k, here, problems) for k in ("text", "explanation", "pasal")]
        if all(values):
            options.append(Option(str(key), *values))
    return tuple(options) if len(options) == len(raw) else None


def load(path: str | Path | None = None) -> CaseSet:
    """Read and check the cases (default: the shipped ``content/exercises/ite_kasus.yaml``).

    Every case needs an id, title, story, question, 3–5 options a, b, c, ... each with text,
    explanation and pasal, an ``answer`` that names one of them, and a non-empty list ``facts`` of ids
    in ``legal_facts.yaml`` that are V1/V2 and in force on the course's reference date. An optional list
    ``history`` names the facts the ``berubah`` text tells (they must exist, but may be superseded); a
    ``history`` without a ``berubah`` text is a problem. Anything wrong raises a ContentError that names
    the file and the entry.
    """
    source, data = read_exercise(NAME, path)
    problems: list[Problem] = []
    head = {k: required_text(data, k, "", problems) for k in ("title", "intro", "catatan")}
    raw_cases = data.get("cases")
    if not isinstance(raw_cases, list) or not raw_cases:
        problems.append(Problem(None, "cases", "harus berisi daftar kasus yang tidak kosong"))
        raise ContentError(source, problems)
    cases: list[Case] = []
    for where, case_id, entry in identified_entries(raw_cases, "cases", problems, "id/title/story/question/options/answer/facts"):
        texts = [required_text(entry, k, where, problems) for k in ("title", "story", "question")]
        options = _options(entry.get("options"), where, problems)
        answer = entry.get("answer")
        if options is not None and answer not in [o.key for o in options]:
            problems.append(Problem(None, f"{where}.answer", f"{answer!r} harus salah satu kunci pilihan ({', '.join(o.key for o in options)})"))
            options = None
        berubah = entry.get("berubah") or ""
        if not isinstance(berubah, str):
            problems.append(Problem(None, f"{where}.berubah", "harus berupa teks (atau dihapus bila tidak ada perubahan)"))
            berubah = ""
        facts = checked_facts(entry, where, problems)
        history: tuple[str, ...] = ()
        if "history" in entry:
            history = checked_facts(entry, where, problems, key="history", verified=False)
            if not berubah.strip():
                problems.append(Problem(None, f"{where}.history", "hanya boleh ada bersama teks 'berubah' yang diceritakannya"))
        if all(texts) and options is not None and facts:
            cases.append(Case(case_id, *texts, options=options, answer=answer, berubah=" ".join(berubah.split()),
                              facts=facts, history=history))
    if problems:
        raise ContentError(source, problems)
    return CaseSet(head["title"], head["intro"], head["catatan"], tuple(cases), source)


@lru_cache(maxsize=1)
def _default() -> CaseSet:
    """The shipped cases, read once per process."""
    return load()


def check(case_id: str, option_key: str | None, data: CaseSet | None = None) -> Feedback:
    """Feedback on the option a learner picked for a case: right or wrong, why, and the Pasal.

    An empty selection, an unknown option or an unknown case gives a friendly message
    (``correct=None``) instead of an error.
    """
    data = data or _default()
    case = data.get(case_id) if isinstance(case_id, str) else None
    if case is None:
        return Feedback(None, f"Kasus {case_id!r} tidak dikenal. Pilih salah satu kasus dari daftar.")
    if option_key is None or not str(option_key).strip():
        return Feedback(None, f"Pilih dulu salah satu jawaban ({', '.join(case.keys)}), lalu tekan Periksa.")
    key = str(option_key).strip().strip(".)").strip().lower()
    if key not in case.keys:
        return Feedback(None, f"Pilihan {option_key!r} tidak ada di kasus ini. Pilih salah satu dari: {', '.join(case.keys)}.")
    option = case.option(key)
    if key == case.answer:
        return Feedback(True, f"Tepat! Jawaban {key} adalah analisis yang paling tepat. {option.explanation}", option.pasal, 1.0)
    return Feedback(False, f"Belum tepat. Jawaban {key}: {option.explanation} Coba pilih jawaban lain.", option.pasal, 0.0)


class Score(FirstAnswers):
    """A running score: the first checked answer of each case counts."""

    @property
    def correct(self) -> int:
        return self.right

    def summary(self, total: int) -> str:
        """The score in plain Indonesian."""
        return (f"Kemajuan Anda: tepat pada percobaan pertama {self.correct} dari {self.answered} kasus yang sudah "
                f"dijawab (seluruhnya {total} kasus). Mencoba lagi boleh; ini latihan dan tidak dinilai.")


def berubah_html(case: Case) -> str:
    """The 'what changed' box of a case (its dated history), or "" when nothing relevant changed."""
    if not case.berubah:
        return ""
    return ("<div style='background:#fff8e1;border-left:4px solid #f9a825;padding:8px 12px;margin:4px 0'>"
            f"<b>Apa yang berubah?</b> {html.escape(case.berubah)}</div>")


def case_html(case: Case, number: int, total: int) -> str:
    """The story, question and options of a case as HTML (options are listed here so long texts wrap)."""
    options = "".join(f"<li style='margin:4px 0'><b>{o.key}.</b> {html.escape(o.text)}</li>" for o in case.options)
    return (f"<div style='max-width:900px;line-height:1.5'>"
            f"<h4 style='margin:6px 0'>Kasus rekaan {number} dari {total}: {html.escape(case.title)}</h4>"
            f"<p>{html.escape(case.story)}</p><p><b>{html.escape(case.question)}</b></p>"
            f"<ul style='list-style:none;padding-left:8px'>{options}</ul></div>")


class IteKasusView(ExerciseView):
    """The widgets: a case list, the case text, radio buttons a–e, Periksa, Kasus berikutnya, output, score."""

    def __init__(self, data: CaseSet | None = None):
        import ipywidgets as widgets

        self.data = data or _default()
        self.score = Score()
        wide = widgets.Layout(width="95%", max_width="900px")
        style = {"description_width": "initial"}
        self.judul = widgets.HTML(
            f"<h3 style='margin:4px 0'>{html.escape(self.data.title)}</h3><p style='max-width:900px'>{html.escape(self.data.intro)}</p>"
            f"<p style='max-width:900px;font-style:italic'>{html.escape(self.data.catatan)}</p>")
        self.kasus = widgets.Dropdown(options=[(f"{i}. {c.title}", c.id) for i, c in enumerate(self.data.cases, start=1)],
                                      description="Pilih kasus:", layout=wide, style=style)
        self.cerita = widgets.HTML(layout=wide)
        self.pilihan = widgets.RadioButtons(options=[], value=None, description="Jawaban Anda:", orientation="horizontal",
                                            layout=widgets.Layout(width="auto"), style=style)
        self.tombol = widgets.Button(description="Periksa", button_style="primary", icon="check",
                                     layout=widgets.Layout(width="140px"))
        self.berikutnya = widgets.Button(description="Kasus berikutnya", icon="arrow-right", layout=widgets.Layout(width="180px"))
        self.hasil = widgets.Output(layout=wide)
        self.skor = widgets.HTML(self.score.summary(len(self.data.cases)))
        self.kasus.observe(self._ganti_kasus, names="value")
        self.tombol.on_click(self._periksa)
        self.berikutnya.on_click(self._berikutnya)
        self._tampilkan_kasus()
        self.widget = widgets.VBox([self.judul, self.kasus, self.cerita, self.pilihan,
                                    widgets.HBox([self.tombol, self.berikutnya]), self.hasil, self.skor])

    @property
    def case(self) -> Case:
        return self.data.get(self.kasus.value)

    def _tampilkan_kasus(self) -> None:
        number = self.data.ids.index(self.kasus.value) + 1
        self.cerita.value = case_html(self.case, number, len(self.data.cases))
        self.pilihan.options = [(k, k) for k in self.case.keys]
        self.pilihan.value = None
        self.hasil.outputs = ()

    def _ganti_kasus(self, _change=None) -> None:
        self._tampilkan_kasus()

    def _periksa(self, _button=None) -> None:
        feedback = check(self.kasus.value, self.pilihan.value, self.data)
        self.score.record(self.kasus.value, feedback)
        extra = berubah_html(self.case) if feedback.correct is not None else ""
        show(self.hasil, feedback, extra_html=extra)
        self.skor.value = self.score.summary(len(self.data.cases))

    def _berikutnya(self, _button=None) -> None:
        index = self.data.ids.index(self.kasus.value)
        if index + 1 < len(self.data.ids):
            self.kasus.value = self.data.ids[index + 1]  # the observer shows the new case
        else:
            show(self.hasil, Feedback(None, "Ini kasus terakhir. " + self.score.summary(len(self.data.cases))
                                      + " Pilih kasus lain dari daftar di atas bila ingin mengulang."))


def tampilkan(path: str | Path | None = None) -> IteKasusView:
    """Build the exercise and return it; as the last line of a lesson cell, Jupyter shows it (once)."""
    view = IteKasusView(load(path) if path is not None else None)
    return view
