"""Self-assessment of SPBE ("penilaian mandiri SPBE") under PermenPANRB 59/2020.

The learner scores each of the four evaluation domains (Kebijakan Internal, Tata Kelola, Manajemen,
Layanan) from 1 to 5 and sees the resulting SPBE index, its predicate (Lampiran I Tabel 13), how far
the next predicate is, a bar chart of the domain scores against the predicate bands, and a comparison
with Kota Dumai's reported 2022 index. The index comes from :func:`egov_course.spbe.index`, whose
weights for Kebijakan Internal and Manajemen are UNVERIFIED: every result says so, naming the domains
from :attr:`egov_course.spbe.IndexResult.unverified_weights`. Content (domain descriptions, the Dumai
reference value) is in ``content/exercises/spbe_mandiri.yaml``.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .. import spbe
from ..errors import ContentError, Problem
from ..quiz import parse_number
from . import CHART_FONT, ExerciseView, Feedback, checked_fact, checked_facts, figure_html, read_exercise, required_text, show

NAME = "spbe_mandiri"
SLIDER_TIP = ("Geser penggesernya, atau klik penggeser lalu tekan tombol panah kiri atau kanan: setiap tekanan "
              "mengubah nilai 0,1.")  # fine dragging on a touchpad is hard (review A7)
UNCHECKED_WEIGHT = " (angka ini perlu dicek ke Lampiran I PermenPANRB 59/2020)"
BAND_COLORS = ("#f8d7da", "#fde2c4", "#fff3bf", "#d3f9d8", "#a9e5bb")  # lowest predicate first
CAVEAT_STYLE = "background:#fff8e1;border-left:4px solid #f9a825;padding:8px 12px;margin:4px 0"


@dataclass(frozen=True)
class Aspect:
    name: str
    indicators: int


@dataclass(frozen=True)
class DomainInfo:
    """One evaluation domain: figures from ``egov_course.spbe``, learner text from the content file."""

    code: str
    name: str
    description: str
    aspects: tuple[Aspect, ...]
    weight: float
    weight_status: str  # V2 or UNVERIFIED, from spbe_evaluasi.yaml
    facts: tuple[str, ...]

    @property
    def indicators(self) -> int:
        return sum(a.indicators for a in self.aspects)


@dataclass(frozen=True)
class Reference:
    """A published index to compare with (Kota Dumai 2022)."""

    label: str
    year: int
    value: float
    predicate: str
    fact: str
    source_note: str


@dataclass(frozen=True)
class Content:
    title: str
    intro: str
    pasal: str
    caveat_note: str
    facts: tuple[str, ...]
    domains: tuple[DomainInfo, ...]
    reference: Reference
    path: Path


@dataclass(frozen=True)
class Assessment:
    """The result of one self-assessment; ``index`` is None when the scores could not be used."""

    feedback: Feedback
    index: float | None = None
    predicate: str | None = None
    gap: float | None = None  # distance to the next predicate's lower bound; None at the top predicate
    next_predicate: str | None = None
    domain_scores: dict[str, float] = field(default_factory=dict)
    unverified_weights: tuple[str, ...] = ()
    caveat: str = ""  # why the index is only a simulation (unverified weights); empty if all weights are verified
    comparison: str = ""  # the line comparing with the reference (Dumai 2022)

    @property
    def ok(self) -> bool:
        return self.index is not None


def angka(value: float, decimals: int = 2) -> str:
    """A number the Indonesian way: ``2.63`` → ``"2,63"``."""
    return f"{value:.{decimals}f}".replace(".", ",")


def _plain(value: float) -> str:
    """A number without trailing zeros, the Indonesian way: ``0.455`` → ``"0,455"``."""
    return f"{round(value, 4):g}".replace(".", ",")


def _percent(weight: float) -> str:
    return _plain(weight * 100) + "%"


def load(path: str | Path | None = None) -> Content:
    """Read and check the content file (default: the shipped one); problems raise ContentError naming the entry."""
    path, data = read_exercise(NAME, path)
    evaluation = spbe.evaluation()
    problems: list[Problem] = []
    title, intro, pasal, caveat_note = (required_text(data, key, "", problems) for key in ("title", "intro", "pasal", "caveat_note"))
    # Facts that describe the evaluation, not a right answer: an UNVERIFIED weight may be named (and is flagged to the learner).
    facts = checked_facts(data, "", problems, verified=False)

    entries = data.get("domains")
    by_code: dict[str, DomainInfo] = {}
    if not isinstance(entries, list) or not entries:
        problems.append(Problem(None, "domains", "harus daftar domain yang tidak kosong"))
        entries = []
    official = {d.code: d for d in evaluation.domains}
    for i, entry in enumerate(entries, start=1):
        where = f"domains[{i}]"
        if not isinstance(entry, dict):
            problems.append(Problem(None, where, "harus berupa pemetaan code/description/aspects/facts"))
            continue
        code = entry.get("code")
        where = f"domains[{i}] ({code})"
        if code not in official:
            problems.append(Problem(None, f"{where}.code", f"{code!r} bukan domain SPBE; pilih: {', '.join(official)}"))
            continue
        if code in by_code:
            problems.append(Problem(None, f"{where}.code", f"domain '{code}' sudah ada"))
            continue
        description = required_text(entry, "description", where, problems)
        domain_facts = checked_facts(entry, where, problems, verified=False)
        aspects = []
        raw = entry.get("aspects")
        if not isinstance(raw, list) or not raw:
            problems.append(Problem(None, f"{where}.aspects", "harus daftar aspek (name, indicators) yang tidak kosong"))
            continue
        for j, aspect in enumerate(raw, start=1):
            name = aspect.get("name") if isinstance(aspect, dict) else None
            count = aspect.get("indicators") if isinstance(aspect, dict) else None
            if not isinstance(name, str) or not name.strip() or isinstance(count, bool) or not isinstance(count, int) or count < 1:
                problems.append(Problem(None, f"{where}.aspects[{j}]", "perlu 'name' (teks) dan 'indicators' (bilangan bulat ≥ 1)"))
                continue
            aspects.append(Aspect(name.strip(), count))
        domain = official[code]
        info = DomainInfo(code, domain.name, description, tuple(aspects), domain.weight, domain.status, domain_facts)
        if len(aspects) == len(raw) and info.indicators != domain.indicators:
            problems.append(Problem(None, f"{where}.aspects", f"jumlah indikator {info.indicators}, padahal domain "
                                                              f"{domain.name} punya {domain.indicators} indikator"))
        by_code[code] = info
    missing = [c for c in official if c not in by_code]
    if entries and missing:
        problems.append(Problem(None, "domains", f"domain belum ada: {', '.join(missing)}"))

    reference = None
    ref = data.get("reference")
    if not isinstance(ref, dict):
        problems.append(Problem(None, "reference", "harus pemetaan label/year/value/predicate/fact/source_note"))
    else:
        label = required_text(ref, "label", "reference", problems)
        source_note = required_text(ref, "source_note", "reference", problems)
        value, year, stated = ref.get("value"), ref.get("year"), ref.get("predicate")
        if isinstance(year, bool) or not isinstance(year, int):
            problems.append(Problem(None, "reference.year", f"{year!r} harus tahun (bilangan bulat)"))
        fact_id = checked_fact(ref, "reference", problems)
        try:
            computed = spbe.predicate(value)
        except ValueError as exc:
            problems.append(Problem(None, "reference.value", str(exc)))
        else:
            if computed != stated:
                problems.append(Problem(None, "reference.predicate", f"{stated!r} tidak cocok: indeks {value} berpredikat {computed}"))
            elif not problems:
                reference = Reference(label, year, float(value), stated, fact_id, source_note)
    if problems:
        raise ContentError(path, problems)
    domains = tuple(by_code[d.code] for d in evaluation.domains)  # in the official order
    return Content(title, intro, pasal, caveat_note, facts, domains, reference, path)


@lru_cache(maxsize=1)
def _default() -> Content:
    """The shipped content, read once per process."""
    return load()


def _invalid(message: str, content: Content) -> Assessment:
    return Assessment(Feedback(False, message, pasal=content.pasal))


def _next_predicate(index: float, current: str) -> tuple[str | None, float | None]:
    predicates = spbe.evaluation().predicates  # highest first
    names = [name for name, _ in predicates]
    position = names.index(current)
    if position == 0:
        return None, None
    name, lower = predicates[position - 1]
    return name, round(lower - index, 2)


def caveat_text(unverified: tuple[str, ...]) -> str:
    """Why an index is only a simulation, naming the domains whose weights are unverified (empty if none)."""
    if not unverified:
        return ""
    domains = {d.code: d for d in spbe.evaluation().domains}
    named = [f"{domains[c].name} ({_percent(domains[c].weight)})" for c in unverified]
    listed = named[0] if len(named) == 1 else ", ".join(named[:-1]) + " dan " + named[-1]
    return f"Perhatian: angka bobot domain {listed} perlu dicek ke Lampiran I PermenPANRB 59/2020."


def compute(scores: dict, content: Content | None = None) -> Assessment:
    """The SPBE index, predicate and gap to the next predicate for one score (1–5) per domain code.

    ``compute({"kebijakan_internal": 3, "tata_kelola": 3, "manajemen": 3, "layanan": 3})`` gives
    index 3.0, "Baik", gap 0.5 to "Sangat Baik". Missing, unknown or out-of-range scores give an
    Assessment whose ``feedback`` (correct=False) says what to fix; a non-mapping is a ValueError.
    """
    content = content or _default()
    if not isinstance(scores, dict):
        raise ValueError(f"scores must be a dict of domain code to score, not {type(scores).__name__}")
    low, high = spbe.evaluation().scale
    names = {d.code: d.name for d in content.domains}
    unknown = [str(code) for code in scores if code not in names]
    if unknown:
        return _invalid(f"Domain {', '.join(unknown)} tidak dikenal. Domain SPBE ada empat: {', '.join(names.values())}.", content)
    missing = [names[c] for c in names if c not in scores or scores[c] is None or scores[c] == ""]
    if missing:
        return _invalid(f"Nilai untuk {', '.join(missing)} belum diisi. Isi nilai {low:g} sampai {high:g} untuk setiap domain.",
                        content)
    values = {}
    for code, name in names.items():
        number = parse_number(scores[code])
        if number is None:
            return _invalid(f"Nilai {name} ({scores[code]!r}) bukan angka. Isi angka {low:g} sampai {high:g}, misalnya 2,5.",
                            content)
        if not low <= number <= high:
            return _invalid(f"Nilai {name} {angka(number, 1)} di luar skala. Setiap domain dinilai {low:g} (Rintisan) "
                            f"sampai {high:g} (Optimum).", content)
        values[code] = number
    result = spbe.index(values)
    next_name, gap = _next_predicate(result.value, result.predicate)
    message = f"Indeks SPBE simulasi Anda {angka(result.value)}, predikat {result.predicate}."
    if next_name is None:
        message += " Ini predikat tertinggi."
    else:
        message += f" Kurang {angka(gap)} lagi menuju {next_name}."
    heaviest = max(content.domains, key=lambda d: d.weight)
    note = "" if heaviest.weight_status != "UNVERIFIED" else " (angka bobotnya perlu dicek)"
    message += (f" Bobot terbesar ada pada {heaviest.name} ({_percent(heaviest.weight)}){note}: menaikkan nilainya 1 poin "
                f"menaikkan indeks {_plain(heaviest.weight)}, lebih banyak daripada domain lain.")
    caveat = caveat_text(result.unverified_weights)
    if caveat:
        caveat += " " + content.caveat_note
    ref = content.reference
    difference = round(result.value - ref.value, 2)
    relation = (f"{angka(abs(difference))} lebih tinggi" if difference > 0 else
                f"{angka(abs(difference))} lebih rendah" if difference < 0 else "sama dengan angka itu")
    comparison = (f"Sebagai pembanding: {ref.source_note}, Indeks SPBE {ref.label} tahun {ref.year} adalah "
                  f"{angka(ref.value)} (predikat {ref.predicate}). Indeks simulasi Anda {relation}"
                  f"{'' if difference == 0 else ' daripada angka itu'}.")
    return Assessment(Feedback(None, message, pasal=content.pasal), result.value, result.predicate, gap, next_name,
                      dict(result.domain_scores), result.unverified_weights, caveat, comparison)


def chart(assessment: Assessment, content: Content | None = None):
    """A horizontal bar chart (matplotlib Figure) of the domain scores and the index over the predicate bands."""
    from matplotlib.figure import Figure

    content = content or _default()
    if not assessment.ok:
        raise ValueError("no chart for an assessment without an index")
    high = spbe.evaluation().scale[1]
    bands = list(reversed(spbe.evaluation().predicates))  # lowest first
    fig = Figure(figsize=(9, 4.6), dpi=100)
    ax = fig.add_subplot()
    for k, (name, lower) in enumerate(bands):
        upper = bands[k + 1][1] if k + 1 < len(bands) else high
        ax.axvspan(lower, upper, color=BAND_COLORS[k % len(BAND_COLORS)], zorder=0)
        ax.text((lower + upper) / 2, 1.01, name, transform=ax.get_xaxis_transform(), ha="center", va="bottom", fontsize=CHART_FONT)
    labels = [d.name for d in content.domains] + ["Indeks SPBE"]
    values = [assessment.domain_scores[d.code] for d in content.domains] + [assessment.index]
    colors = ["#5c7cfa"] * len(content.domains) + ["#2b3a8c"]
    positions = list(range(len(labels)))[::-1]
    ax.barh(positions, values, color=colors, height=0.6, zorder=2)
    for k, (y, value) in enumerate(zip(positions, values, strict=True)):
        ax.text(value + 0.05, y, angka(value, 2 if k == len(values) - 1 else 1), va="center", fontsize=CHART_FONT, zorder=3)
    ref = content.reference
    ax.axvline(ref.value, color="#c62828", linestyle="--", linewidth=1, zorder=3)
    ax.text(ref.value, -0.9, f" {ref.label} {ref.year}: {angka(ref.value)}", color="#c62828", fontsize=CHART_FONT, va="center")
    ax.set_yticks(positions, labels, fontsize=CHART_FONT)
    ax.set_xlim(0, high)
    ax.set_ylim(-1.3, len(labels) - 0.4)
    ax.set_xlabel("Nilai (skala 1–5) dan pita predikat Indeks SPBE", fontsize=CHART_FONT)
    fig.tight_layout()
    return fig


def chart_alt(assessment: Assessment, content: Content | None = None) -> str:
    """The chart in words, for screen readers and for everyone (review A3)."""
    content = content or _default()
    domains = "; ".join(f"{d.name} {angka(assessment.domain_scores[d.code], 1)}" for d in content.domains)
    return (f"Grafik nilai domain SPBE: {domains}. Indeks SPBE {angka(assessment.index, 2)}, "
            f"predikat {assessment.predicate}.")


def result_html(assessment: Assessment, content: Content | None = None) -> str:
    """The caveat, the comparison line and the chart, as HTML to show under the feedback."""
    content = content or _default()
    parts = []
    if assessment.caveat:
        parts.append(f"<div style='{CAVEAT_STYLE}'><b>⚠</b> {html.escape(assessment.caveat)}</div>")
    parts.append(f"<p style='margin:6px 0'>{html.escape(assessment.comparison)}</p>")
    parts.append(figure_html(chart(assessment, content), chart_alt(assessment, content)))
    return "".join(parts)


class SpbeMandiriView(ExerciseView):
    """Four sliders (one per domain), a "Hitung" button and an Output with the result and chart."""

    def __init__(self, content: Content | None = None):
        import ipywidgets as widgets

        self.content = content or _default()
        low, high = spbe.evaluation().scale
        self.nilai: dict[str, widgets.FloatSlider] = {}
        self.keterangan: dict[str, widgets.HTML] = {}
        rows = [widgets.HTML(f"<h4>{html.escape(self.content.title)}</h4><p>{html.escape(self.content.intro)}</p>"
                             f"<p>{html.escape(SLIDER_TIP)}</p>")]
        for domain in self.content.domains:
            slider = widgets.FloatSlider(value=low, min=low, max=high, step=0.1, readout_format=".1f", continuous_update=False,
                                         description=domain.name, style={"description_width": "initial"},
                                         layout=widgets.Layout(width="560px"))
            aspects = "; ".join(f"{a.name} ({a.indicators} indikator)" for a in domain.aspects)
            weight = _percent(domain.weight) + (UNCHECKED_WEIGHT if domain.weight_status == "UNVERIFIED" else "")
            info = widgets.HTML(f"<div style='margin:0 0 10px 12px;color:#444'>{html.escape(domain.description)}"
                                f"<br><i>Aspek: {html.escape(aspects)}. Bobot dalam indeks: {html.escape(weight)}.</i></div>",
                                layout=widgets.Layout(width="640px"))
            self.keterangan[domain.code] = info
            self.nilai[domain.code] = slider
            rows += [slider, info]
        self.tombol = widgets.Button(description="Hitung", button_style="primary", icon="calculator")
        self.hasil = widgets.Output()
        self.tombol.on_click(self._hitung)
        self.widget = widgets.VBox([*rows, self.tombol, self.hasil])

    def _hitung(self, _button=None) -> None:
        assessment = compute({code: slider.value for code, slider in self.nilai.items()}, self.content)
        if not assessment.ok:
            show(self.hasil, assessment.feedback)
            return
        show(self.hasil, assessment.feedback, extra_html=result_html(assessment, self.content))


def tampilkan(content: Content | None = None) -> SpbeMandiriView:
    """Build the exercise and return it; as the last line of a lesson cell, Jupyter shows it (once)."""
    view = SpbeMandiriView(content)
    return view
