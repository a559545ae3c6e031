"""Interactive exercises of the lessons: each is a pure model plus a thin ipywidgets view.

A model checks, scores and explains an answer with its Pasal, and knows nothing of widgets; it is
unit-tested. A view only wires widgets to the model: learners set values, press **Periksa** and
read the feedback in an ``Output`` widget. Exercise content (cases, options, explanations) is data
in ``egov_course/content/exercises/<name>.yaml``, never in code.

A lesson notebook does no more than::

    from egov_course.exercises.kip_klasifikasi import tampilkan
    tampilkan()
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

from ..content import _read_yaml, data_path
from ..errors import ContentError, Problem

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


def load_exercise_data(name: str, path: str | Path | None = None) -> dict:
    """The content file of an exercise (``content/exercises/<name>.yaml``), checked to be a mapping."""
    path = Path(path) if path is not None else data_path(f"exercises/{name}.yaml")
    data = _read_yaml(path)
    if not isinstance(data, dict):
        raise ContentError(path, [Problem(None, None, "harus berupa pemetaan YAML (kunci: nilai)")])
    return data
