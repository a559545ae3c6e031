"""Interactive exercises of the lessons: each is a pure model plus a thin ipywidgets view.

A model checks, scores and explains an answer with its Pasal, and knows nothing of widgets; it is
unit-tested. A view only wires widgets to the model: learners set values, press **Periksa** and
read the feedback in an ``Output`` widget. Exercise content (cases, options, explanations) is data
in ``egov_course/content/exercises/<name>.yaml``, never in code.

A lesson notebook does no more than::

    from egov_course.exercises.kip_klasifikasi import tampilkan
    tampilkan()

What the exercises share lives here: :class:`Feedback` and :func:`show`, the view base class
:class:`ExerciseView`, :func:`figure_html` for charts, the :class:`FirstAnswers` score, and the checks
of a content file (:func:`read_exercise`, :func:`required_text`, :func:`checked_facts`, ...), which
keep the problem messages the same in every exercise.
"""

from __future__ import annotations

import base64
import html
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..content import LegalFact, _read_yaml, data_path, fact_problem, load_legal_facts, reference_date
from ..content.legal import VERIFIED  # noqa: F401  (fact statuses an exercise may rest on; kept for importers)
from ..errors import ContentError, Problem

ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")  # ids of cases, items, categories in the content files
COLORS = {True: ("#e8f5e9", "#2e7d32", "✓"), False: ("#fdecea", "#c62828", "✗"), None: ("#e8eaf6", "#283593", "ℹ")}


@dataclass(frozen=True)
class Feedback:
    """What a model says about one answer."""

    correct: bool | None  # None for a calculator: nothing to get right or wrong
    message: str  # plain Indonesian for the learner
    pasal: str = ""  # the legal source, e.g. "UU 14/2008 Pasal 22 ayat (7)"
    score: float = 0.0  # 0..1

    def to_html(self) -> str:
        background, color, mark = COLORS[self.correct]
        source = f"<div style='margin-top:4px;font-size:90%'>Dasar hukum: {html.escape(self.pasal)}</div>" if self.pasal else ""
        return (f"<div style='background:{background};border-left:4px solid {color};padding:8px 12px;margin:4px 0'>"
                f"<b style='color:{color}'>{mark}</b> {html.escape(self.message)}{source}</div>")


def show(output, *feedback: Feedback, extra_html: str = "") -> None:
    """Replace what ``output`` (an ipywidgets Output) shows with the feedback (works without a kernel)."""
    from IPython.display import HTML

    output.outputs = ()
    output.append_display_data(HTML("".join(f.to_html() for f in feedback) + extra_html))


def output_html(output) -> str:
    """The HTML an Output widget shows (for tests and for checking a view headless)."""
    return "".join(o.get("data", {}).get("text/html", "") for o in output.outputs)


@dataclass
class FirstAnswers:
    """A running score in which only the first right-or-wrong answer to each question counts."""

    first: dict[str, bool] = field(default_factory=dict)

    def record(self, question_id: str, feedback: Feedback) -> None:
        """Count ``feedback`` if it is the first right-or-wrong answer to ``question_id`` (``correct=None`` never counts)."""
        if feedback.correct is not None:
            self.first.setdefault(question_id, bool(feedback.correct))

    @property
    def right(self) -> int:
        return sum(self.first.values())

    @property
    def answered(self) -> int:
        return len(self.first)


class ExerciseView:
    """Base of the exercise views: a view builds its widgets into ``self.widget``, which Jupyter shows.

    A module's ``tampilkan()`` returns the view without displaying it: as the last line of a lesson
    cell, Jupyter calls ``_ipython_display_`` and shows it once.
    """

    widget: Any  # the ipywidgets box holding the whole exercise

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)


CHART_FONT = 11  # points: the smallest text in an exercise chart, readable on a projector (review A2)


def figure_html(fig, alt: str) -> str:
    """A matplotlib Figure as an inline ``<img>`` (base64 PNG), so it shows in an Output widget and in tests."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return f'<img src="data:image/png;base64,{data}" alt="{html.escape(alt)}" style="max-width:100%">'


def read_exercise(name: str, path: str | Path | None = None) -> tuple[Path, dict]:
    """The path and the data of an exercise's content file: ``path``, or the shipped ``content/exercises/<name>.yaml``.

    The data is checked to be a mapping; an exercise's ``load`` checks the rest and names ``path`` in a ContentError.
    """
    path = Path(path) if path is not None else data_path(f"exercises/{name}.yaml")
    data = _read_yaml(path)
    if not isinstance(data, dict):
        raise ContentError(path, [Problem(None, None, "harus berupa pemetaan YAML (kunci: nilai)")])
    return path, data


def load_exercise_data(name: str, path: str | Path | None = None) -> dict:
    """The content file of an exercise (``content/exercises/<name>.yaml``), checked to be a mapping."""
    return read_exercise(name, path)[1]


# ---------------------------------------------------------------------------------------------
# Checking content files: each helper adds what is wrong to ``problems`` (so a ContentError can name
# every faulty entry at once) and returns a harmless value. ``where`` names the entry, e.g.
# ``"kasus[3] (rekam_medis)"``, or is "" at the top level of the file.
# ---------------------------------------------------------------------------------------------
def _field(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def required_list(data: dict, key: str, path: Path) -> list:
    """``data[key]``, which must be a non-empty list: without it nothing else can be checked, so a ContentError at once."""
    entries = data.get(key)
    if not isinstance(entries, list) or not entries:
        raise ContentError(path, [Problem(None, key, f"harus berisi daftar '{key}' yang tidak kosong")])
    return entries


def identified_entries(entries: list, key: str, problems: list[Problem], fields: str, *,
                       skip_repeated: bool = False) -> Iterator[tuple[str, str, dict]]:
    """The entries of the list ``key`` that are mappings with a valid id, as ``(where, id, entry)``.

    ``where`` names the entry with its id, e.g. ``kasus[3] (rekam_medis)``. An entry that is no mapping
    (of ``fields``, e.g. ``"id/label/pasal"``), or whose id is not lower-case letters, digits and _, is
    a problem and skipped; an id used before is a problem too, and skipped if ``skip_repeated``.
    """
    seen: set[str] = set()
    for i, entry in enumerate(entries, start=1):
        where = f"{key}[{i}]"
        if not isinstance(entry, dict):
            problems.append(Problem(None, where, f"harus berupa pemetaan {fields}"))
            continue
        value = entry.get("id")
        if not isinstance(value, str) or not ID_RE.match(value):
            problems.append(Problem(None, f"{where}.id", f"{value!r} bukan id yang sah (huruf kecil, angka, _)"))
            continue
        where = f"{where} ({value})"
        if unique_id(value, seen, where, problems) or not skip_repeated:
            yield where, value, entry


def unique_id(value: str, seen: set[str], where: str, problems: list[Problem]) -> bool:
    """Whether ``value`` is not in ``seen`` yet (it is added); an id used twice is a problem."""
    if value in seen:
        problems.append(Problem(None, f"{where}.id", f"id '{value}' sudah dipakai"))
        return False
    seen.add(value)
    return True


def required_text(entry: dict, key: str, where: str, problems: list[Problem]) -> str:
    """``entry[key]`` as one line (runs of whitespace become one space); "" and a problem if it is missing or blank."""
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        problems.append(Problem(None, _field(where, key), "wajib diisi dengan teks"))
        return ""
    return " ".join(value.split())


@lru_cache(maxsize=1)
def known_facts() -> dict[str, LegalFact]:
    """The shipped register of legal facts, read once per process (it is large and does not change while a lesson runs)."""
    return load_legal_facts()


def checked_facts(entry: dict, where: str, problems: list[Problem], *, key: str = "facts", verified: bool = True,
                  register: dict[str, LegalFact] | None = None) -> tuple[str, ...]:
    """The fact ids listed under ``entry[key]``: a non-empty list of ids in ``legal_facts.yaml``.

    With ``verified`` (the default: the facts back a right answer or a value the learner is shown) each
    must be V1/V2 and in force on the course's reference date (``content/kursus.yaml``). ``register`` defaults to :func:`known_facts`. Any problem gives ``()``.
    """
    named = _field(where, key)
    ids = entry.get(key)
    if not isinstance(ids, list) or not ids or not all(isinstance(i, str) for i in ids):
        problems.append(Problem(None, named, "harus daftar id fakta dari legal_facts.yaml yang tidak kosong"))
        return ()
    register = known_facts() if register is None else register
    found = []
    for fact_id in ids:
        if fact_id not in register:
            found.append(Problem(None, named, f"id fakta '{fact_id}' tidak ada di legal_facts.yaml"))
        elif verified and (why := fact_problem(register[fact_id], reference_date().date)) is not None:
            found.append(Problem(None, named, f"{why}; latihan hanya boleh bersandar pada fakta V1/V2 yang berlaku "
                                              f"per {reference_date().text} (tanggal acuan kursus)"))
    problems.extend(found)
    return () if found else tuple(ids)


def checked_fact(entry: dict, where: str, problems: list[Problem], *, key: str = "fact", verified: bool = True,
                 register: dict[str, LegalFact] | None = None) -> str:
    """The one fact id ``entry[key]``, checked as :func:`checked_facts` checks a list; "" on any problem."""
    fact_id = entry.get(key)
    if not isinstance(fact_id, str) or not fact_id.strip():
        problems.append(Problem(None, _field(where, key), f"{fact_id!r} harus id fakta dari legal_facts.yaml"))
        return ""
    found = checked_facts({key: [fact_id]}, where, problems, key=key, verified=verified, register=register)
    return fact_id if found else ""
