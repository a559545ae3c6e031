"""EGDI calculator: the UN E-Government Development Index from its three component indices.

The learner types the Online Service Index (OSI), the Telecommunication Infrastructure Index (TII)
and the Human Capital Index (HCI), each 0–1, and sees EGDI = (OSI + TII + HCI) / 3 to 4 decimals,
its group (Very High > 0.75, High 0.50–0.75, Middle 0.25–0.50, Low < 0.25, per the UN E-Government
Survey as summarised in the course fact sheet) and how it compares with Indonesia's published EGDI
(2018–2024, from press reports). A value is grouped after rounding to 4 decimals. How exactly 0.75 is
classified is uncertain (sources differ), so no result turns on it: an EGDI that rounds to the content
file's ``boundary`` value gets a neutral message instead of a group. The other boundaries follow the
content file: 0.50 is High, 0.25 is Middle. Content (group names, the boundary message, Indonesia's
values with their fact ids, the 2020 example) is in ``content/exercises/egdi.yaml``.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..errors import ContentError, Problem
from ..quiz import parse_number
from . import CHART_FONT, ExerciseView, Feedback, checked_fact, checked_facts, figure_html, read_exercise, required_text, show

NAME = "egdi"
COMPONENTS = ("osi", "tii", "hci")
DECIMALS = 4
BAND_COLORS = ("#f8d7da", "#fff3bf", "#d3f9d8", "#a9e5bb")  # lowest group first


@dataclass(frozen=True)
class Component:
    code: str
    name: str
    description: str


@dataclass(frozen=True)
class Group:
    """An EGDI group: values above ``lower`` (or equal to it when ``inclusive``) up to the next group."""

    code: str
    name: str  # Indonesian
    english: str
    lower: float
    inclusive: bool

    @property
    def label(self) -> str:
        return f"{self.name} ({self.english})"

    def contains_from_below(self, value: float) -> bool:
        return value >= self.lower if self.inclusive else value > self.lower


@dataclass(frozen=True)
class Boundary:
    """A value exactly on a group boundary whose classification is uncertain: it gets ``message``, no group."""

    value: float
    message: str
    fact: str  # the caveat (may be UNVERIFIED: it is never the basis of a result)


@dataclass(frozen=True)
class Published:
    """Indonesia's EGDI in one survey year."""

    year: int
    value: float
    rank: int
    fact: str
    source: str


@dataclass(frozen=True)
class Example:
    label: str
    year: int
    osi: float
    tii: float
    hci: float
    expected: float
    fact: str


@dataclass(frozen=True)
class Content:
    title: str
    intro: str
    pasal: str
    facts: tuple[str, ...]
    components: tuple[Component, ...]
    groups: tuple[Group, ...]  # highest first
    indonesia: tuple[Published, ...]  # oldest first
    example: Example
    path: Path
    boundary: Boundary | None = None

    def on_boundary(self, value: float) -> bool:
        """Whether ``value``, rounded to 4 decimals, is exactly the uncertain boundary (no group is given)."""
        return self.boundary is not None and round(value, DECIMALS) == round(self.boundary.value, DECIMALS)


@dataclass(frozen=True)
class EgdiResult:
    """One calculation; ``value`` is None when the inputs could not be used (see ``feedback``)."""

    feedback: Feedback
    value: float | None = None  # rounded to 4 decimals
    group: str | None = None  # e.g. "Tinggi (High)"; None also when the value is on the uncertain boundary
    components: dict[str, float] = field(default_factory=dict)
    comparison: tuple[tuple[int, float, float], ...] = ()  # (year, Indonesia's EGDI, value minus it)
    on_boundary: bool = False  # the value is exactly the boundary whose classification sources differ on

    @property
    def ok(self) -> bool:
        return self.value is not None


def angka(value: float, decimals: int = DECIMALS) -> str:
    """A number the Indonesian way: ``0.6612`` → ``"0,6612"``."""
    return f"{value:.{decimals}f}".replace(".", ",")


def _plain(value: float) -> str:
    """A number as typed, without trailing zeros, the Indonesian way: ``1.5`` → ``"1,5"``."""
    return f"{round(value, 6):g}".replace(".", ",")


def _number(entry: dict, key: str, where: str, problems: list[Problem], low: float = 0.0, high: float = 1.0) -> float:
    value = entry.get(key)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or not low <= value <= high:
        problems.append(Problem(None, f"{where}.{key}", f"{value!r} harus angka {low:g} sampai {high:g}"))
        return math.nan
    return float(value)


def _integer(entry: dict, key: str, where: str, problems: list[Problem]) -> int:
    value = entry.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        problems.append(Problem(None, f"{where}.{key}", f"{value!r} harus bilangan bulat positif"))
        return 0
    return value


def _mappings(data: dict, key: str, problems: list[Problem]) -> list[tuple[str, dict]]:
    entries = data.get(key)
    if not isinstance(entries, list) or not entries:
        problems.append(Problem(None, key, f"harus daftar '{key}' yang tidak kosong"))
        return []
    found = []
    for i, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict):
            problems.append(Problem(None, f"{key}[{i}]", "harus berupa pemetaan"))
            continue
        found.append((f"{key}[{i}] ({entry.get('code', entry.get('year'))})", entry))
    return found


def _classify(value: float, groups: tuple[Group, ...]) -> Group:
    for candidate in groups:
        if candidate.contains_from_below(value):
            return candidate
    raise ValueError(f"EGDI {value!r} berada di bawah kelompok terendah")


def load(path: str | Path | None = None) -> Content:
    """Read and check the content file (default: the shipped one); problems raise ContentError naming the entry."""
    path, data = read_exercise(NAME, path)
    problems: list[Problem] = []
    title, intro, pasal = (required_text(data, key, "", problems) for key in ("title", "intro", "pasal"))
    facts = checked_facts(data, "", problems)

    components = []
    for where, entry in _mappings(data, "components", problems):
        components.append(Component(str(entry.get("code")), required_text(entry, "name", where, problems),
                                    required_text(entry, "description", where, problems)))
    if [c.code for c in components] != list(COMPONENTS):
        problems.append(Problem(None, "components", f"harus tepat tiga komponen berurutan: {', '.join(COMPONENTS)}"))

    groups = []
    for where, entry in _mappings(data, "groups", problems):
        inclusive = entry.get("inclusive")
        if not isinstance(inclusive, bool):
            problems.append(Problem(None, f"{where}.inclusive", "harus true atau false"))
        groups.append(Group(str(entry.get("code")), required_text(entry, "name", where, problems),
                            required_text(entry, "english", where, problems), _number(entry, "from", where, problems), bool(inclusive)))
    lowers = [g.lower for g in groups]
    if groups and (lowers != sorted(lowers, reverse=True) or len(set(lowers)) != len(lowers)):
        problems.append(Problem(None, "groups", "batas 'from' harus urut dari kelompok tertinggi dan tidak boleh sama"))
    if groups and not (groups[-1].lower == 0 and groups[-1].inclusive):
        problems.append(Problem(None, "groups", "kelompok terakhir harus mulai dari 0 (inclusive: true)"))
    if len({g.code for g in groups}) != len(groups):
        problems.append(Problem(None, "groups", "kode kelompok harus unik"))
    groups_ok = not problems
    by_code = {g.code: g for g in groups}

    boundary = None
    raw = data.get("boundary")
    if not isinstance(raw, dict):
        problems.append(Problem(None, "boundary", "harus pemetaan value/message/fact (nilai batas yang tidak digolongkan)"))
    else:
        boundary = Boundary(_number(raw, "value", "boundary", problems), required_text(raw, "message", "boundary", problems),
                            checked_fact(raw, "boundary", problems, verified=False))
        if groups_ok and not math.isnan(boundary.value) and boundary.value not in lowers:
            problems.append(Problem(None, "boundary.value", f"{boundary.value} harus salah satu batas 'from' kelompok"))

    indonesia = []
    for where, entry in _mappings(data, "indonesia", problems):
        item = Published(_integer(entry, "year", where, problems), _number(entry, "value", where, problems),
                         _integer(entry, "rank", where, problems), checked_fact(entry, where, problems),
                         required_text(entry, "source", where, problems))
        stated = entry.get("group")
        if stated is not None and groups_ok and not math.isnan(item.value):
            if boundary is not None and round(item.value, DECIMALS) == boundary.value:
                problems.append(Problem(None, f"{where}.group", f"EGDI {item.value} tepat di batas yang tidak digolongkan; "
                                                                "hapus 'group'"))
            elif stated not in by_code:
                problems.append(Problem(None, f"{where}.group", f"{stated!r} bukan kode kelompok: {', '.join(by_code)}"))
            elif _classify(item.value, tuple(groups)).code != stated:
                problems.append(Problem(None, f"{where}.group",
                                        f"{stated!r} tidak cocok: EGDI {item.value} termasuk {_classify(item.value, tuple(groups)).code}"))
        indonesia.append(item)
    years = [p.year for p in indonesia]
    if years != sorted(set(years)):
        problems.append(Problem(None, "indonesia", "tahun harus unik dan urut dari yang terlama"))

    example = None
    raw = data.get("example")
    if not isinstance(raw, dict):
        problems.append(Problem(None, "example", "harus pemetaan label/year/osi/tii/hci/expected/fact"))
    else:
        values = [_number(raw, key, "example", problems) for key in (*COMPONENTS, "expected")]
        example = Example(required_text(raw, "label", "example", problems), _integer(raw, "year", "example", problems), *values,
                          checked_fact(raw, "example", problems))
        if not any(math.isnan(v) for v in values):
            computed = round(sum(values[:3]) / 3, DECIMALS)
            if not math.isclose(computed, example.expected, abs_tol=1e-9):
                problems.append(Problem(None, "example.expected", f"{example.expected} tidak cocok: (OSI + TII + HCI) / 3 = {computed}"))
    if problems:
        raise ContentError(path, problems)
    return Content(title, intro, pasal, facts, tuple(components), tuple(groups), tuple(indonesia), example, path, boundary)


@lru_cache(maxsize=1)
def _default() -> Content:
    """The shipped content, read once per process."""
    return load()


def group(value: float, content: Content | None = None) -> str | None:
    """The group of an EGDI value, e.g. ``group(0.6612) == "Tinggi (High)"``; 0.50 is High, 0.25 is Middle.

    The value is rounded to 4 decimals first (EGDI is published so). Exactly on the uncertain boundary
    (0.75, see the content file) there is no group: None. Not a number or outside 0–1: ValueError.
    """
    content = content or _default()
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or not 0 <= value <= 1:
        raise ValueError(f"EGDI harus angka 0 sampai 1, bukan {value!r}")
    if content.on_boundary(value):
        return None
    return _classify(round(value, DECIMALS), content.groups).label


def range_text(g: Group, content: Content | None = None) -> str:
    """The range of a group in words, e.g. "0,50 sampai 0,75" (derived from the content, so it cannot drift)."""
    content = content or _default()
    position = content.groups.index(g)
    start = f"lebih dari {angka(g.lower, 2)}" if not g.inclusive else f"{angka(g.lower, 2)}"
    if position == 0:
        return f"{start} sampai 1"
    above = content.groups[position - 1]
    end = f"sampai {angka(above.lower, 2)}" if not above.inclusive else f"sampai kurang dari {angka(above.lower, 2)}"
    return f"{start} {end}"


def _invalid(message: str, content: Content) -> EgdiResult:
    return EgdiResult(Feedback(False, message, pasal=content.pasal))


def compute(osi, tii, hci, content: Content | None = None) -> EgdiResult:
    """EGDI = (OSI + TII + HCI) / 3, rounded to 4 decimals, with its group and Indonesia's published values.

    ``compute(0.6824, 0.5669, 0.7342).value == 0.6612`` (Indonesia 2020, "Tinggi (High)"). Inputs may be
    numbers or text such as "0,6824"; empty, non-numeric, negative or > 1 inputs give an EgdiResult whose
    ``feedback`` (correct=False) explains what to fix.
    """
    content = content or _default()
    names = {c.code: c.name for c in content.components}
    values = {}
    for code, raw in zip(COMPONENTS, (osi, tii, hci), strict=True):
        short = code.upper()
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return _invalid(f"Nilai {short} belum diisi. Isi {names[code]} dengan angka 0 sampai 1.", content)
        number = parse_number(raw)
        if number is None:
            return _invalid(f"Nilai {short} ({raw!r}) bukan angka. Isi angka 0 sampai 1, misalnya 0.6824.", content)
        if number < 0:
            return _invalid(f"Nilai {short} {_plain(number)} negatif. Setiap indeks EGDI bernilai 0 sampai 1.", content)
        if number > 1:
            return _invalid(f"Nilai {short} {_plain(number)} lebih dari 1. Setiap indeks EGDI bernilai 0 sampai 1; "
                            f"jika Anda punya angka persen (misalnya 68,24), bagi dulu dengan 100 (menjadi 0,6824).", content)
        values[code] = number
    value = round(sum(values.values()) / 3, DECIMALS)
    message = f"EGDI = ({' + '.join(angka(values[c]) for c in COMPONENTS)}) / 3 = {angka(value)}. "
    if content.on_boundary(value):
        label = None
        message += content.boundary.message
    else:
        found = _classify(value, content.groups)
        label = found.label
        message += f"Kelompok: {found.label}, karena kelompok ini mencakup EGDI {range_text(found, content)}."
    comparison = tuple((p.year, p.value, round(value - p.value, DECIMALS)) for p in content.indonesia)
    if content.indonesia:
        latest = content.indonesia[-1]
        difference = round(value - latest.value, DECIMALS)
        relation = ("sama dengan" if difference == 0 else
                    f"{angka(abs(difference))} lebih tinggi daripada" if difference > 0 else
                    f"{angka(abs(difference))} lebih rendah daripada")
        message += f" Nilai ini {relation} EGDI Indonesia {latest.year} ({angka(latest.value)})."
    return EgdiResult(Feedback(None, message, pasal=content.pasal), value, label, dict(values), comparison,
                      on_boundary=label is None)


def table_html(result: EgdiResult, content: Content | None = None) -> str:
    """A small table of Indonesia's published EGDI with the difference to the learner's value."""
    content = content or _default()
    cell = "style='padding:2px 10px;border-bottom:1px solid #ddd'"
    rows = []
    for p, (_, _, difference) in zip(content.indonesia, result.comparison, strict=True):
        sign = "+" if difference > 0 else ""
        label = group(p.value, content) or "tepat di batas Tinggi dan Sangat Tinggi"
        rows.append(f"<tr><td {cell}>{p.year}</td><td {cell}>{angka(p.value)}</td><td {cell}>{html.escape(label)}</td>"
                    f"<td {cell}>{p.rank}</td><td {cell}>{sign}{angka(difference)}</td></tr>")
    head = "".join(f"<th {cell}>{h}</th>" for h in ("Tahun", "EGDI Indonesia", "Kelompok", "Peringkat", "Selisih nilai Anda"))
    sources = "; ".join(f"{p.year}: {p.source}" for p in content.indonesia)
    return (f"<table style='border-collapse:collapse;margin:6px 0'><tr>{head}</tr>{''.join(rows)}</table>"
            f"<div style='font-size:85%;color:#555'>Nilai Indonesia dari UN E-Government Survey menurut pemberitaan "
            f"({html.escape(sources)}).</div>")


def chart(result: EgdiResult, content: Content | None = None):
    """A line chart (matplotlib Figure) of Indonesia's EGDI over the group bands, with the learner's value."""
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter

    content = content or _default()
    if not result.ok:
        raise ValueError("no chart for a result without a value")
    fig = Figure(figsize=(8.5, 4.4), dpi=100)
    ax = fig.add_subplot()
    bands = list(reversed(content.groups))  # lowest first
    for k, g in enumerate(bands):
        upper = bands[k + 1].lower if k + 1 < len(bands) else 1.0
        ax.axhspan(g.lower, upper, color=BAND_COLORS[k % len(BAND_COLORS)], zorder=0)
        ax.text(1.01, (g.lower + upper) / 2, g.name, transform=ax.get_yaxis_transform(), va="center", fontsize=CHART_FONT)
    years = [p.year for p in content.indonesia]
    values = [p.value for p in content.indonesia]
    ax.plot(years, values, marker="o", color="#2b3a8c", zorder=3, label="EGDI Indonesia")
    for year, value in zip(years, values, strict=True):
        ax.annotate(angka(value), (year, value), textcoords="offset points", xytext=(0, 7), ha="center", fontsize=CHART_FONT)
    ax.axhline(result.value, color="#c62828", linestyle="--", linewidth=1.2, zorder=2, label=f"Nilai Anda: {angka(result.value)}")
    ax.set_xticks(years)
    ax.set_ylim(0, 1)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: angka(v, 1)))
    if years:
        ax.set_xlim(years[0] - 1, years[-1] + 1)
    ax.set_xlabel("Tahun survei", fontsize=CHART_FONT)
    ax.set_ylabel("EGDI (0–1)", fontsize=CHART_FONT)
    ax.legend(loc="lower right", fontsize=CHART_FONT)
    fig.tight_layout()
    return fig


def chart_alt(result: EgdiResult, content: Content | None = None) -> str:
    """The chart in words, for screen readers and for everyone (review A3)."""
    content = content or _default()
    points = "; ".join(f"{p.year} {angka(p.value)}" for p in content.indonesia)
    return f"Grafik EGDI Indonesia per tahun survei: {points}. Garis putus-putus merah: nilai Anda, {angka(result.value)}."


class EgdiView(ExerciseView):
    """Three number boxes (OSI, TII, HCI), "Hitung", "Coba data Indonesia 2020", and an Output."""

    def __init__(self, content: Content | None = None):
        import ipywidgets as widgets

        self.content = content or _default()
        boxes = {}
        parts = [widgets.HTML(f"<h4>{html.escape(self.content.title)}</h4><p>{html.escape(self.content.intro)}</p>")]
        for c in self.content.components:
            boxes[c.code] = widgets.FloatText(value=0.0, step=0.0001, description=c.name, style={"description_width": "initial"},
                                              layout=widgets.Layout(width="420px"))
            parts += [boxes[c.code], widgets.HTML(f"<div style='margin:0 0 8px 12px;color:#555;font-size:90%'>"
                                                  f"{html.escape(c.description)}</div>")]
        self.osi, self.tii, self.hci = (boxes[code] for code in COMPONENTS)
        self.tombol = widgets.Button(description="Hitung", button_style="primary", icon="calculator")
        self.tombol_contoh = widgets.Button(description=self.content.example.label, layout=widgets.Layout(width="auto"))
        self.hasil = widgets.Output()
        self.tombol.on_click(self._hitung)
        self.tombol_contoh.on_click(self._contoh)
        self.widget = widgets.VBox([*parts, widgets.HBox([self.tombol, self.tombol_contoh]), self.hasil])

    def _hitung(self, _button=None) -> None:
        result = compute(self.osi.value, self.tii.value, self.hci.value, self.content)
        if not result.ok:
            show(self.hasil, result.feedback)
            return
        show(self.hasil, result.feedback,
             extra_html=table_html(result, self.content) + figure_html(chart(result, self.content),
                                                                       chart_alt(result, self.content)))

    def _contoh(self, _button=None) -> None:
        example = self.content.example
        self.osi.value, self.tii.value, self.hci.value = example.osi, example.tii, example.hci
        self._hitung()


def tampilkan(content: Content | None = None) -> EgdiView:
    """Build the exercise and return it; as the last line of a lesson cell, Jupyter shows it (once)."""
    view = EgdiView(content)
    return view
