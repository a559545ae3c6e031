"""The competency dashboard for analysts: tables and charts per OPD, and the files they read.

``compute()`` turns one or more gradebooks into the dashboard's tables (with :mod:`analytics`);
the chart functions draw them with Indonesian labels; ``export()`` writes the CSV, the Excel
workbook (one sheet per table) and the charts as PNG; ``build()`` runs the thin notebook
``analytics/kompetensi_opd.ipynb`` with papermill and writes it as HTML without code cells.
``egov-course dashboard`` is ``build()``.

Privacy: every table of the report is per OPD (or per item). Learner-level tables (percent per
competency, pre/post gain) are written only when asked (``learner_tables=True``), to a separate
file, keyed by pseudonym (``asn-0001``), never by NIP or name.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import analytics
from .cohort import WIB
from .content import load_competencies, load_opd_list
from .errors import EgovCourseError
from .quizbank import load_blueprint, quizbank_dir
from .roster import read_roster

REPORT_STEM = "kompetensi_opd"
NOTEBOOK_NAME = "kompetensi_opd.ipynb"
CSV_COLUMNS = ["opd", "competency", "n_learners", "mean_pct", "pass_rate", "suppressed"]
ASSIGNMENT_LABELS = {"pretest": "Pre-test", "posttest": "Post-test"}
ISSUE_LABELS = {"terlalu_mudah": "terlalu mudah", "terlalu_sulit": "terlalu sulit", "tidak_membedakan": "tidak membedakan",
                "belum_dinilai": "esai belum cukup dinilai"}
TWO_DECIMALS = ("Tingkat kemudahan (p)", "Daya beda", "Reliabilitas", "Gain ternormalisasi")
SUPPRESSED = "–"  # shown instead of a figure of fewer than k learners


@dataclass
class Dashboard:
    """The dashboard's tables, computed once; labels and charts are derived from them."""

    sources: list[str]
    threshold: float
    k: int
    target: float
    assignments: list[str]  # those OPD × competency is computed on
    participation: pd.DataFrame
    opd_competency: pd.DataFrame
    opd_gain: pd.DataFrame
    items: pd.DataFrame
    reliability: pd.DataFrame
    priorities: pd.DataFrame
    unmapped: pd.DataFrame
    learner_competency: pd.DataFrame = field(repr=False)  # pseudonymous; exported only on request
    learner_gain: pd.DataFrame = field(repr=False)
    opd_names: dict[str, str] = field(default_factory=dict)
    competency_names: dict[str, str] = field(default_factory=dict)
    generated: dt.datetime = field(default_factory=lambda: dt.datetime.now(WIB).replace(microsecond=0))

    # -- labels --------------------------------------------------------------------------------
    def opd_label(self, code: str) -> str:
        return self.opd_names.get(code, code)

    def competency_label(self, code: str) -> str:
        return self.competency_names.get(code, code)

    @property
    def n_learners(self) -> int:
        """Learners enrolled (any assignment's roster), for the summary line."""
        if self.participation.empty:
            return 0
        return int(self.participation.groupby("opd")["enrolled"].max().sum())

    def summary(self) -> str:
        """Markdown: where the numbers come from and how to read them."""
        shown = ", ".join(f"`{s}`" for s in self.sources)
        quizzes = ", ".join(assignment_label(a) for a in self.assignments)
        lines = [
            f"**Sumber data:** {shown} · dibuat {self.generated:%d-%m-%Y %H:%M} {self.generated.tzname() or ''}".rstrip(),
            f"**Peserta terdaftar:** {self.n_learners} dari {self.participation['opd'].nunique()} OPD",
            f"**Nilai kompetensi** dihitung dari: {quizzes or '(belum ada)'}. Persentase = poin yang diperoleh dibagi "
            "poin maksimum soal yang sudah dinilai; esai yang belum dinilai pengajar tidak dihitung.",
            f"**Lulus** berarti nilai kompetensi ≥ {self.threshold:g}%. **Target** prioritas pelatihan: rata-rata "
            f"{self.target:g}%.",
            f"**Privasi:** angka kelompok yang berisi kurang dari {self.k} peserta disembunyikan (ditandai {SUPPRESSED}) "
            "agar tidak ada peserta yang dapat dikenali. Laporan ini tidak memuat nama atau NIP.",
        ]
        if len(self.unmapped):
            names = ", ".join(sorted(set(self.unmapped["grade_id"])))
            lines.append(f"**Perhatian:** sel nilai berikut tidak ada di blueprint sehingga tanpa kompetensi: {names}.")
        return "\n\n".join(lines)

    # -- tables as shown (Indonesian headers, rounded, suppressed cells marked) ------------------
    def tables(self) -> dict[str, pd.DataFrame]:
        """Every OPD-level table with Indonesian headers, by sheet name (the Excel workbook and the notebook)."""
        return {
            "Partisipasi": self.participation_table(),
            "Kompetensi OPD": self.competency_table(),
            "Pre-post": self.gain_table(),
            "Analisis butir": self.item_table(),
            "Reliabilitas": self.reliability_table(),
            "Prioritas": self.priority_table(),
        }

    def participation_table(self) -> pd.DataFrame:
        t = self.participation.copy()
        t.insert(0, "OPD", t.pop("opd").map(self.opd_label))
        t["assignment"] = t["assignment"].map(assignment_label)
        return t.rename(columns={"assignment": "Tugas", "enrolled": "Terdaftar", "submitted": "Mengumpulkan",
                                 "missing": "Tidak mengumpulkan", "late": "Terlambat"}).pipe(_by_opd)

    def competency_table(self) -> pd.DataFrame:
        t = self.opd_competency.copy()
        out = pd.DataFrame({
            "OPD": t["opd"].map(self.opd_label),
            "Kompetensi": t["competency"].map(self.competency_label),
            "Peserta": t["n_learners"],
            "Rata-rata (%)": _shown(t["mean_pct"], t["suppressed"]),
            "Median (%)": _shown(t["median_pct"], t["suppressed"]),
            f"Lulus ≥ {self.threshold:g}% (%)": _shown(t["pass_rate"], t["suppressed"]),
        })
        return _by_opd(out)

    def gain_table(self) -> pd.DataFrame:
        t = self.opd_gain
        return pd.DataFrame({
            "OPD": t["opd"].map(self.opd_label),
            "Peserta (pre dan post)": t["n"],
            "Rata-rata pre-test (%)": _shown(t["mean_pre"], t["suppressed"]),
            "Rata-rata post-test (%)": _shown(t["mean_post"], t["suppressed"]),
            "Gain ternormalisasi": _shown(t["gain"], t["suppressed"], digits=2),
        }).pipe(_by_opd)

    def item_table(self) -> pd.DataFrame:
        t = self.items
        return pd.DataFrame({
            "Tugas": t["assignment"].map(assignment_label),
            "Butir": t["grade_id"],
            "Kompetensi": t["competency"].map(self.competency_label),
            "Jenis": t["autograded"].map({True: "otomatis", False: "esai"}),
            "Dinilai": t["n"],
            "Tingkat kemudahan (p)": t["difficulty"].round(2),
            "Daya beda": t["discrimination"].round(2),
            "Catatan": t["issues"].map(_issue_text),
        })

    def reliability_table(self) -> pd.DataFrame:
        t = self.reliability
        return pd.DataFrame({
            "Tugas": t["assignment"].map(assignment_label),
            "Peserta": t["n_learners"],
            "Butir": t["n_items"],
            "Rumus": t["method"].map({"KR-20": "KR-20", "alpha": "Alpha Cronbach"}),
            "Reliabilitas": t["reliability"].round(2),
        })

    def priority_table(self, top: int | None = None) -> pd.DataFrame:
        """Ranked OPD × competency cells below the target; ``top`` keeps the first rows (the notebook shows 10)."""
        t = self.priorities if top is None else self.priorities.head(top)
        return pd.DataFrame({
            "Peringkat": t["rank"],
            "OPD": t["opd"].map(self.opd_label),
            "Kompetensi": t["competency"].map(self.competency_label),
            "Peserta": t["n_learners"],
            "Rata-rata (%)": t["mean_pct"].round(1),
            f"Lulus ≥ {self.threshold:g}% (%)": t["pass_rate"].round(1),
            f"Kekurangan dari target {self.target:g}% (poin)": t["gap"].round(1),
        })

    def participation_matrix(self) -> pd.DataFrame:
        """OPD (rows) × assignment (columns): learners who submitted, next to the number enrolled."""
        t = self.participation
        if t.empty:
            return pd.DataFrame(columns=["OPD", "Terdaftar"])
        wide = t.pivot(index="opd", columns="assignment", values="submitted")
        wide = wide[sorted(wide.columns, key=_assignment_order)]
        wide.columns = [assignment_label(a) for a in wide.columns]
        wide.insert(0, "Terdaftar", t.groupby("opd")["enrolled"].max())
        wide.index = [self.opd_label(o) for o in wide.index]
        return wide.sort_index(key=lambda i: i.str.casefold()).rename_axis("OPD").reset_index()

    def pass_rate_matrix(self) -> pd.DataFrame:
        """OPD (rows) × competency (columns): percent of learners at or above the threshold; SUPPRESSED when n < k."""
        t = self.opd_competency.assign(shown=lambda f: _shown(f["pass_rate"], f["suppressed"]))
        if t.empty:
            return pd.DataFrame(columns=["OPD"])
        wide = t.pivot(index="opd", columns="competency", values="shown")
        wide = wide[[c for c in self.competency_names if c in wide.columns]
                    + sorted(set(wide.columns) - set(self.competency_names))]
        wide.columns = [self.competency_label(c) for c in wide.columns]
        wide.index = [self.opd_label(o) for o in wide.index]
        return wide.fillna("").sort_index(key=lambda i: i.str.casefold()).rename_axis("OPD").reset_index()

    def flagged_items(self) -> pd.DataFrame:
        """Only the items with an issue, for the notebook's short list."""
        table = self.item_table()
        return table[table["Catatan"] != ""].reset_index(drop=True)

    # -- the CSV of the issue ------------------------------------------------------------------
    def csv_frame(self) -> pd.DataFrame:
        """``opd, competency, n_learners, mean_pct, pass_rate, suppressed`` (codes; figures to 1 decimal)."""
        t = self.opd_competency[CSV_COLUMNS].copy()
        t[["mean_pct", "pass_rate"]] = t[["mean_pct", "pass_rate"]].round(1)
        return t.sort_values(["opd", "competency"]).reset_index(drop=True)


def show(table: pd.DataFrame):
    """A table for the notebook: no index column, every row, one decimal (two for p, discrimination, reliability, gain)."""
    style = table.style.hide(axis="index").format(precision=1, na_rep="")
    two = [c for c in TWO_DECIMALS if c in table.columns]
    return style.format(precision=2, na_rep="", subset=two) if two else style


def assignment_label(name: str) -> str:
    """``kuis_03_kip`` → ``Kuis 03 (kip)``, ``pretest`` → ``Pre-test``."""
    if name in ASSIGNMENT_LABELS:
        return ASSIGNMENT_LABELS[name]
    parts = name.split("_")
    if len(parts) >= 3 and parts[0] == "kuis" and parts[1].isdigit():
        return f"Kuis {parts[1]} ({' '.join(parts[2:])})"
    return name


def _by_opd(table: pd.DataFrame) -> pd.DataFrame:
    """Rows in the order of their OPD label (as a reader looks them up), keeping the order within an OPD."""
    return table.sort_values("OPD", key=lambda names: names.str.casefold(), kind="stable").reset_index(drop=True)


def _issue_text(codes: str) -> str:
    return ", ".join(ISSUE_LABELS.get(c.strip(), c.strip()) for c in codes.split(",") if c.strip())


def _shown(values: pd.Series, suppressed: pd.Series, digits: int = 1) -> pd.Series:
    """Rounded figures as objects, with SUPPRESSED where the group is too small and '' where there is none."""
    out = values.round(digits).astype(object)
    out[suppressed.astype(bool).to_numpy()] = SUPPRESSED
    return out.where(out.notna(), "")


# ---------------------------------------------------------------------------------------------
# Computing
# ---------------------------------------------------------------------------------------------
def default_blueprint(course_root: Path | None = None) -> Path:
    """``quizbank/blueprint.csv`` of the course (the current folder's, else this repository's)."""
    from .coursedir import default_course_dir

    return quizbank_dir(course_root or default_course_dir()) / "blueprint.csv"


def compute(db_urls, *, roster: str | Path | None = None, blueprint: str | Path | None = None, threshold: float = 70,
            k: int = 5, target: float = 70, assignments: list[str] | None = None) -> Dashboard:
    """Load the gradebook(s) and compute every table of the dashboard."""
    if k < 1:
        raise EgovCourseError(f"k (batas jumlah peserta per sel) minimal 1, bukan {k}.")
    if not 0 <= threshold <= 100 or not 0 <= target <= 100:
        raise EgovCourseError("Ambang lulus dan target harus persen antara 0 dan 100.")
    blueprint = Path(blueprint) if blueprint else default_blueprint()
    if not blueprint.is_file():
        raise EgovCourseError(f"Blueprint tidak ditemukan: {blueprint}. Beri --blueprint quizbank/blueprint.csv.")
    cells = analytics.load_cell_grades(db_urls)
    learners = analytics.load_learners(db_urls)
    if roster is not None:
        learners = apply_roster(learners, roster, db_urls)
    frame = analytics.tidy(cells, learners, load_blueprint(blueprint))
    chosen = assignments if assignments is not None else analytics.default_assignments(frame)
    opd_comp = analytics.opd_competency(frame, threshold=threshold, k=k, assignments=chosen)
    gains = analytics.gain(frame)
    opd_names = {opd.code: (opd.aliases[0] if opd.aliases else opd.name) for opd in load_opd_list().items}
    opd_names[analytics.NO_OPD] = analytics.NO_OPD
    competency_names = {c.code: c.short for c in load_competencies().values()}
    return Dashboard(
        sources=sorted(set(learners["source"])), threshold=threshold, k=k, target=target, assignments=list(chosen),
        participation=analytics.participation(cells, learners), opd_competency=opd_comp,
        opd_gain=analytics.opd_gain(gains, k=k), items=analytics.item_analysis(frame),
        reliability=analytics.reliability(frame), priorities=analytics.priorities(opd_comp, target=target),
        unmapped=analytics.unmapped_cells(frame), learner_competency=analytics.learner_competency(frame, chosen),
        learner_gain=gains, opd_names=opd_names, competency_names=competency_names)


def apply_roster(learners: pd.DataFrame, roster: str | Path, db_urls) -> pd.DataFrame:
    """Learners with the OPD of a roster file, plus enrolled learners who never reached the gradebook.

    Two layouts are accepted: the course roster (``nip, nama, opd``; NIPs are matched to
    pseudonyms through the gradebook's ``egov_learner`` table and never leave this function), or a
    pseudonymous list ``student_id, opd`` for gradebooks filled without ``egov-course roster
    import``. With several gradebooks a ``source`` column says which one a row belongs to.
    """
    path = Path(roster)
    if not path.is_file():
        raise EgovCourseError(f"Daftar peserta tidak ditemukan: {path}.")
    with path.open(encoding="utf-8-sig", newline="") as fh:
        header = [h.strip().lower() for h in next(csv.reader(fh), [])]
    sources = sorted(set(learners["source"]))
    if "student_id" in header:
        table = pd.read_csv(path, dtype=str, encoding="utf-8-sig", keep_default_na=False).rename(columns=str.strip)
        table.columns = [c.lower() for c in table.columns]
        problems = [f"baris {i + 2}" for i, row in table.iterrows() if not str(row.get("opd") or "").strip()
                    or not str(row.get("student_id") or "").strip()]
        if problems:
            raise EgovCourseError(f"{path}: student_id dan opd wajib diisi ({', '.join(problems[:5])}).")
        if "source" not in table.columns:
            if len(sources) > 1:
                raise EgovCourseError(f"{path}: dengan beberapa gradebook, tambahkan kolom source ({', '.join(sources)}).")
            table["source"] = sources[0]
        rows = table[["source", "student_id", "opd"]].assign(opd=lambda f: f["opd"].str.strip())
    elif "nip" in header:
        if len(sources) > 1:
            raise EgovCourseError(f"{path}: daftar ber-NIP hanya untuk satu gradebook; pakai student_id, opd, source.")
        people = read_roster(path)
        nip_to_id = _nip_map(db_urls)
        rows = pd.DataFrame({"source": sources[0],
                             "student_id": [nip_to_id.get(p.nip.digits) for p in people],
                             "opd": [p.opd for p in people]})
    else:
        raise EgovCourseError(f"{path}: kolom tidak dikenal ({', '.join(header)}). Pakai nip, nama, opd atau student_id, opd.")
    several = len(sources) > 1
    known = rows[rows["student_id"].notna()]
    listed = known[["source", "student_id", "opd"]].drop_duplicates(["source", "student_id"], keep="last")
    merged = learners.merge(listed.rename(columns={"opd": "roster_opd"}), on=["source", "student_id"], how="left")
    merged["opd"] = merged.pop("roster_opd").fillna(merged["opd"])  # the roster wins; others keep the gradebook's OPD
    absent = rows[rows["student_id"].isna()].reset_index(drop=True)  # enrolled, never imported: no pseudonym yet
    if len(absent):
        absent = absent.assign(student_id=[f"belum-terdaftar-{i + 1:04d}" for i in range(len(absent))])
        absent["learner"] = absent.apply(lambda r: f"{r['source']}/{r['student_id']}" if several else r["student_id"], axis=1)
        merged = pd.concat([merged, absent[merged.columns]], ignore_index=True)
    return merged


def _nip_map(db_urls) -> dict[str, str]:
    import sqlalchemy as sa

    url = db_urls if isinstance(db_urls, str) else list(db_urls)[0]
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            if not sa.inspect(conn).has_table("egov_learner"):
                raise EgovCourseError(f"{url}: gradebook ini tidak punya tabel egov_learner, jadi NIP tidak dapat "
                                      "dicocokkan. Pakai daftar student_id, opd.")
            return {nip: sid for nip, sid in conn.execute(sa.text("SELECT nip, student_id FROM egov_learner"))}
    finally:
        engine.dispose()


# ---------------------------------------------------------------------------------------------
# Charts (matplotlib Figures, not pyplot: Jupyter shows a returned Figure once)
# ---------------------------------------------------------------------------------------------
def _figure(width: float, height: float):
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), layout="constrained")


def _nothing_to_show(text: str):
    """A small figure that says why a chart is empty (no grades yet, or every group too small)."""
    fig = _figure(9, 1.5)
    ax = fig.add_subplot()
    ax.text(0.5, 0.5, text, ha="center", va="center", transform=ax.transAxes)
    ax.set_axis_off()
    return fig


def heatmap(d: Dashboard):
    """OPD × competency, mean percent, colour from red (low) to green; suppressed cells hatched and marked."""
    import numpy as np

    t = d.opd_competency
    if t.empty:
        return _nothing_to_show("Belum ada nilai kompetensi di gradebook.")
    opds = sorted(t["opd"].unique(), key=lambda o: d.opd_label(o).casefold())
    comps = [c for c in d.competency_names if c in set(t["competency"])] + sorted(set(t["competency"]) - set(d.competency_names))
    values = t.pivot(index="opd", columns="competency", values="mean_pct").reindex(index=opds, columns=comps)
    counts = t.pivot(index="opd", columns="competency", values="n_learners").reindex(index=opds, columns=comps)
    hidden = t.pivot(index="opd", columns="competency", values="suppressed").reindex(index=opds, columns=comps)
    fig = _figure(1.6 * len(comps) + 3.5, 0.45 * len(opds) + 2.2)
    ax = fig.add_subplot()
    image = ax.imshow(np.ma.masked_invalid(values.to_numpy(dtype=float)), cmap="RdYlGn", vmin=0, vmax=100, aspect="auto")
    ax.set_facecolor("#e8e8e8")
    for i, opd in enumerate(opds):
        for j, comp in enumerate(comps):
            n = counts.at[opd, comp]
            if pd.isna(n):
                continue
            if bool(hidden.at[opd, comp]):
                ax.add_patch(_hatch(j, i))
                ax.text(j, i, f"{SUPPRESSED}\nn={int(n)}", ha="center", va="center", fontsize=8, color="#555")
            else:
                ax.text(j, i, f"{values.at[opd, comp]:.0f}\nn={int(n)}", ha="center", va="center", fontsize=8)
    ax.set_xticks(range(len(comps)), [d.competency_label(c) for c in comps], rotation=30, ha="right")
    ax.set_yticks(range(len(opds)), [d.opd_label(o) for o in opds])
    ax.set_title(f"Rata-rata nilai kompetensi per OPD (%) · {SUPPRESSED} = kurang dari {d.k} peserta")
    fig.colorbar(image, ax=ax, label="Rata-rata (%)", shrink=0.8)
    return fig


def _hatch(x: int, y: int):
    from matplotlib.patches import Rectangle

    return Rectangle((x - 0.5, y - 0.5), 1, 1, fill=False, hatch="//", edgecolor="#aaa", linewidth=0)


def pass_rate_chart(d: Dashboard):
    """Share of learners at or above the threshold, per competency, over the OPD cells that are shown.

    Learners of suppressed cells are left out here too: with them in, the total minus the OPDs
    shown would give the hidden group's figure back.
    """
    shown = d.opd_competency.loc[~d.opd_competency["suppressed"].astype(bool), ["opd", "competency"]]
    per = d.learner_competency[d.learner_competency["pct"].notna()].merge(shown, on=["opd", "competency"])
    comps = [c for c in d.competency_names if c in set(per["competency"])]
    if not comps:
        return _nothing_to_show(f"Belum ada OPD × kompetensi dengan sedikitnya {d.k} peserta.")
    rates = [100.0 * (per.loc[per["competency"] == c, "pct"] >= d.threshold - analytics.TOLERANCE).mean() for c in comps]
    fig = _figure(8, 0.5 * len(comps) + 1.8)
    ax = fig.add_subplot()
    bars = ax.barh([d.competency_label(c) for c in comps], rates, color="#3b7dd8")
    ax.bar_label(bars, labels=[f"{r:.0f}%" for r in rates], padding=3)
    ax.axvline(d.target, color="#c0392b", linestyle="--", label=f"target {d.target:g}%")
    ax.set_xlim(0, 105)
    ax.invert_yaxis()
    ax.set_xlabel(f"Peserta dengan nilai ≥ {d.threshold:g}% (%)")
    ax.set_title(f"Tingkat kelulusan per kompetensi (OPD dengan sedikitnya {d.k} peserta)")
    ax.legend(loc="lower right")
    return fig


def participation_chart(d: Dashboard):
    """Submitted, late and missing per assignment (all OPDs)."""
    if d.participation.empty:
        return _nothing_to_show("Belum ada tugas di gradebook.")
    t = d.participation.groupby("assignment", sort=False)[["submitted", "late", "missing"]].sum()
    t = t.loc[sorted(t.index, key=_assignment_order)]
    on_time = t["submitted"] - t["late"]
    labels = [assignment_label(a) for a in t.index]
    fig = _figure(9, 4)
    ax = fig.add_subplot()
    ax.bar(labels, on_time, color="#2e8b57", label="Tepat waktu")
    ax.bar(labels, t["late"], bottom=on_time, color="#f0ad4e", label="Terlambat")
    ax.bar(labels, t["missing"], bottom=t["submitted"], color="#d9534f", label="Tidak mengumpulkan")
    ax.set_ylabel("Peserta")
    ax.set_title("Pengumpulan per tugas (semua OPD)")
    ax.set_xticks(range(len(labels)), labels, rotation=30, ha="right")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    return fig


def gain_chart(d: Dashboard):
    """Mean pre-test and post-test per OPD (suppressed OPDs left out), with the normalised gain."""
    import numpy as np

    t = d.opd_gain[~d.opd_gain["suppressed"]].sort_values("mean_post")
    if t.empty:
        return _nothing_to_show(f"Belum ada OPD dengan sedikitnya {d.k} peserta yang mengerjakan pre-test dan post-test.")
    fig = _figure(9, 0.45 * len(t) + 2)
    ax = fig.add_subplot()
    y = np.arange(len(t))
    ax.hlines(y, t["mean_pre"], t["mean_post"], color="#999")
    ax.scatter(t["mean_pre"], y, color="#d9534f", label="Pre-test", zorder=3)
    ax.scatter(t["mean_post"], y, color="#2e8b57", label="Post-test", zorder=3)
    for yi, (_, row) in zip(y, t.iterrows(), strict=True):
        ax.text(max(row["mean_pre"], row["mean_post"]) + 1.5, yi, f"g = {row['gain']:.2f}", va="center", fontsize=8)
    ax.set_yticks(y, [d.opd_label(o) for o in t["opd"]])
    ax.set_xlim(0, 112)
    ax.set_xlabel("Rata-rata nilai (%)")
    ax.set_title("Pre-test → post-test per OPD (g = gain ternormalisasi)")
    ax.legend(loc="lower right")
    return fig


def item_chart(d: Dashboard):
    """Difficulty against discrimination per item; flagged items in red, the flag limits dashed."""
    t = d.items[~d.items["belum_dinilai"]] if len(d.items) else d.items  # essays mostly still to grade: no dot yet
    if t.empty:
        return _nothing_to_show("Belum ada butir soal yang dinilai.")
    fig = _figure(8, 5)
    ax = fig.add_subplot()
    flagged = t["issues"] != ""
    ax.scatter(t.loc[~flagged, "difficulty"], t.loc[~flagged, "discrimination"], color="#3b7dd8", label="Baik", s=18)
    ax.scatter(t.loc[flagged, "difficulty"], t.loc[flagged, "discrimination"], color="#d9534f", label="Perlu ditinjau", s=22)
    for x in (0.2, 0.9):
        ax.axvline(x, color="#999", linestyle="--", linewidth=1)
    ax.axhline(0.2, color="#999", linestyle="--", linewidth=1)
    ax.set_xlim(-0.02, 1.02)
    ax.set_xlabel("Tingkat kemudahan p (proporsi poin yang diperoleh)")
    ax.set_ylabel("Daya beda (korelasi butir–sisa)")
    ax.set_title("Analisis butir soal: semua tugas")
    ax.legend(loc="lower left")
    return fig


CHARTS = {"heatmap_kompetensi": heatmap, "kelulusan": pass_rate_chart, "partisipasi": participation_chart,
          "pre_post": gain_chart, "analisis_butir": item_chart}


def _assignment_order(name: str) -> tuple:
    return (0 if name == "pretest" else 2 if name == "posttest" else 1, name)


# ---------------------------------------------------------------------------------------------
# Files
# ---------------------------------------------------------------------------------------------
def export(d: Dashboard, out_dir: str | Path, *, learner_tables: bool = False) -> dict[str, Path]:
    """Write the CSV, the Excel workbook and every chart as PNG; the learner workbook only when asked."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = {"csv": out / f"{REPORT_STEM}.csv", "xlsx": out / f"{REPORT_STEM}.xlsx"}
    d.csv_frame().to_csv(paths["csv"], index=False)
    _write_workbook(paths["xlsx"], d.tables())
    for name, chart in CHARTS.items():
        path = out / f"{REPORT_STEM}_{name}.png"
        chart(d).savefig(path, dpi=110)
        paths[name] = path
    if learner_tables:
        path = out / "kompetensi_peserta_pseudonim.xlsx"
        learner = analytics.check_pseudonymous(d.learner_competency)
        wide = learner.pivot_table(index=["learner", "opd"], columns="competency", values="pct").round(1).reset_index()
        wide.columns.name = None
        gains = analytics.check_pseudonymous(d.learner_gain).round({"pre_pct": 1, "post_pct": 1, "gain": 2})
        _write_workbook(path, {"Kompetensi per peserta": wide, "Pre-post per peserta": gains})
        paths["learners"] = path
    else:
        (out / "kompetensi_peserta_pseudonim.xlsx").unlink(missing_ok=True)  # never leave an older opt-in file behind
    return paths


def _write_workbook(path: Path, sheets: dict[str, pd.DataFrame]) -> None:
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        for name, table in sheets.items():
            table.to_excel(writer, sheet_name=name[:31], index=False)
            sheet = writer.sheets[name[:31]]
            sheet.freeze_panes = "A2"
            for column in sheet.columns:
                width = max(len(str(c.value)) if c.value is not None else 0 for c in column)
                sheet.column_dimensions[column[0].column_letter].width = min(max(10, width + 2), 60)


# ---------------------------------------------------------------------------------------------
# The notebook run
# ---------------------------------------------------------------------------------------------
@dataclass
class BuildResult:
    dashboard_html: Path
    notebook: Path
    files: dict[str, Path]
    seconds: float


def notebook_path() -> Path:
    """``analytics/kompetensi_opd.ipynb`` of the course (the current folder's, else this repository's)."""
    from .coursedir import default_course_dir

    return default_course_dir() / "analytics" / NOTEBOOK_NAME


def build(db_urls: list[str], out_dir: str | Path, *, roster: str | Path | None = None, blueprint: str | Path | None = None,
          threshold: float = 70, k: int = 5, target: float = 70, learner_tables: bool = False,
          notebook: str | Path | None = None, progress: bool = False) -> BuildResult:
    """Run the dashboard notebook with papermill, then write it as HTML without code cells."""
    import time

    import papermill

    started = time.perf_counter()
    notebook = Path(notebook) if notebook else notebook_path()
    if not notebook.is_file():
        raise EgovCourseError(f"Notebook dasbor tidak ditemukan: {notebook}.")
    out = Path(out_dir).resolve()
    out.mkdir(parents=True, exist_ok=True)
    blueprint = Path(blueprint).resolve() if blueprint else default_blueprint()
    parameters = {"db_urls": [absolute_url(u) for u in db_urls], "roster": str(Path(roster).resolve()) if roster else None,
                  "blueprint": str(blueprint), "threshold": float(threshold), "k": int(k), "target": float(target),
                  "out_dir": str(out), "learner_tables": bool(learner_tables)}
    # Fail fast, before a kernel starts, on what the notebook would stumble over first.
    if not blueprint.is_file():
        raise EgovCourseError(f"Blueprint tidak ditemukan: {blueprint}. Beri --blueprint quizbank/blueprint.csv.")
    if roster and not Path(roster).is_file():
        raise EgovCourseError(f"Daftar peserta tidak ditemukan: {roster}.")
    analytics.load_learners(parameters["db_urls"])  # every gradebook exists and is an nbgrader gradebook
    executed = out / NOTEBOOK_NAME
    with _kernel_log() as log:
        try:
            papermill.execute_notebook(str(notebook), str(executed), parameters=parameters, cwd=str(out),
                                       progress_bar=progress, log_output=False, kernel_name="python3")
        except papermill.PapermillExecutionError as exc:
            if exc.ename == "EgovCourseError":  # our own message already says what to fix
                raise EgovCourseError(exc.evalue) from None
            raise EgovCourseError(f"Dasbor gagal di sel {exc.exec_count} dari {notebook.name}: {exc.ename}: {exc.evalue} "
                                  f"(notebook yang dijalankan: {executed}).") from None
        except Exception as exc:  # the kernel did not start or died: its own words are in the log
            raise EgovCourseError(f"Kernel notebook dasbor gagal: {exc}. Catatan kernel:\n{log.tail()}") from None
        finally:
            hide_passwords(executed, parameters["db_urls"])
    html_path = out / f"{REPORT_STEM}.html"
    html_path.write_text(notebook_html(executed), encoding="utf-8")
    files = {name: out / f"{REPORT_STEM}_{name}.png" for name in CHARTS}
    files.update(csv=out / f"{REPORT_STEM}.csv", xlsx=out / f"{REPORT_STEM}.xlsx")
    if learner_tables:
        files["learners"] = out / "kompetensi_peserta_pseudonim.xlsx"
    missing = [str(p) for p in files.values() if not p.is_file()]
    if missing:
        raise EgovCourseError(f"Notebook dasbor selesai tetapi tidak menulis: {', '.join(missing)}.")
    return BuildResult(html_path, executed, files, time.perf_counter() - started)


class _KernelLog:
    def __init__(self, path: Path):
        self.path = path

    def tail(self, lines: int = 20) -> str:
        text = self.path.read_text(encoding="utf-8", errors="replace") if self.path.exists() else ""
        return "\n".join(text.splitlines()[-lines:])


@contextlib.contextmanager
def _kernel_log():
    """Send what the kernel writes to stderr (start-up warnings, shutdown notices) to a temporary log.

    The kernel is a child process that inherits file descriptor 2, so the redirection is at that
    level; a trainer's terminal then shows our messages only. The log is kept for error messages.
    """
    import sys
    import tempfile

    with tempfile.TemporaryDirectory(prefix="egov-dasbor-") as folder:
        log = _KernelLog(Path(folder) / "kernel.log")
        try:
            sys.stderr.flush()
            saved = os.dup(2)
        except (OSError, ValueError):  # no real descriptor 2 (some embedded interpreters): leave it alone
            yield log
            return
        try:
            with open(log.path, "wb") as fh:
                os.dup2(fh.fileno(), 2)
                try:
                    yield log
                finally:
                    sys.stderr.flush()
                    os.dup2(saved, 2)
        finally:
            os.close(saved)


def hide_passwords(path: Path, urls: list[str]) -> None:
    """Replace each database password (postgresql+psycopg://user:pw@...) in the executed notebook by ***.

    The notebook's parameters cell holds the URLs it was run with, and reports/ is shared.
    """
    import sqlalchemy as sa

    hidden = {}
    for url in urls:
        parsed = sa.make_url(url)
        if parsed.password:
            hidden[url] = parsed.render_as_string(hide_password=True)
    if hidden and path.is_file():
        text = path.read_text(encoding="utf-8")
        for full, shown in hidden.items():
            text = text.replace(full, shown)
        path.write_text(text, encoding="utf-8")


def absolute_url(url) -> str:
    """A gradebook URL that still points at the same file from another working folder (the notebook's)."""
    import sqlalchemy as sa

    if isinstance(url, os.PathLike) or (isinstance(url, str) and "://" not in url):
        return f"sqlite:///{Path(url).resolve()}"
    parsed = sa.make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database and parsed.database != ":memory:" \
            and not parsed.database.startswith("file:") and not Path(parsed.database).is_absolute():
        parsed = parsed.set(database=str(Path(parsed.database).resolve()))
    return parsed.render_as_string(hide_password=False)


def notebook_html(path: Path) -> str:
    """The executed notebook as one HTML page, code cells and prompts left out, images embedded."""
    import nbformat
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True)
    body, _ = exporter.from_notebook_node(nbformat.read(path, as_version=4))
    return body.replace("<html>", "<html lang=\"id\">", 1)

