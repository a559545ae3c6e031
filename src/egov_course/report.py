"""The first summary per OPD, printed and written under ``reports/`` (CSV and HTML)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import analytics
from .content import load_opd_list
from .coursedir import Course, assignment_sort_key

LABELS = {
    "opd_name": "OPD",
    "assignment": "Tugas",
    "enrolled": "Peserta",
    "submitted": "Mengumpulkan",
    "late": "Terlambat",
    "mean_pct": "Rata-rata nilai otomatis (%)",
    "median_pct": "Median (%)",
    "essays_pending": "Esai menunggu penilaian",
}


@dataclass
class SummaryReport:
    table: pd.DataFrame
    csv_path: Path
    html_path: Path

    def to_text(self) -> str:
        """For the terminal: mean autograded % per OPD (rows) and assignment (columns), and the totals."""
        table = self.table
        if table.empty:
            return "Belum ada nilai di gradebook."
        pivot = table.pivot_table(index="opd_name", columns="assignment", values="mean_pct", sort=False, dropna=False)
        pivot = pivot[sorted(pivot.columns, key=assignment_sort_key)]
        pivot.columns = [short_name(a) for a in pivot.columns]
        pivot.insert(0, "Peserta", table.groupby("opd_name", sort=False).enrolled.first())
        pivot.index = [name if len(name) <= 38 else name[:37] + "…" for name in pivot.index]
        totals = table.groupby("assignment", sort=False)[["submitted", "late", "essays_pending"]].sum()
        totals = totals.loc[sorted(totals.index, key=assignment_sort_key)]
        totals.index = [short_name(a) for a in totals.index]
        totals.columns = ["Mengumpulkan", "Terlambat", "Esai menunggu"]
        return "\n".join(["Rata-rata nilai otomatis (%) per OPD dan tugas:",
                          pivot.to_string(na_rep="-", float_format="{:.1f}".format), "",
                          "Per tugas:", totals.T.to_string()])


def short_name(assignment: str) -> str:
    """``kuis_03_kip`` → ``k03``, ``pretest`` → ``pre``, ``posttest`` → ``post`` (column headers in a terminal)."""
    if assignment in ("pretest", "posttest"):
        return assignment[:-4]
    parts = assignment.split("_")
    return f"k{parts[1]}" if len(parts) > 1 and parts[0] == "kuis" and parts[1].isdigit() else assignment


def write_summary(course: Course, out_dir: Path | None = None) -> SummaryReport:
    out_dir = out_dir or course.root / "reports"
    out_dir.mkdir(parents=True, exist_ok=True)
    cells = analytics.load_cell_grades(course.db_url)
    learners = analytics.load_learners(course.db_url)
    names = {opd.code: opd.name for opd in load_opd_list().items}
    table = analytics.opd_summary(cells, learners, names)
    csv_path = out_dir / "ringkasan_opd.csv"
    html_path = out_dir / "ringkasan_opd.html"
    table.to_csv(csv_path, index=False)
    shown = table[list(LABELS)].rename(columns=LABELS)
    html = shown.to_html(index=False, na_rep="-", border=0, classes="ringkasan")
    html_path.write_text(
        "<!doctype html><html lang='id'><head><meta charset='utf-8'><title>Ringkasan per OPD</title>"
        "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
        "td,th{padding:4px 10px;border-bottom:1px solid #ddd;text-align:right}td:first-child,th:first-child"
        "{text-align:left}</style></head><body><h1>Ringkasan hasil per OPD</h1>"
        "<p>Nilai otomatis = soal yang dinilai komputer. Esai dinilai pengajar lewat formgrader. "
        "Data peserta sintetis bila dibuat oleh <code>egov-course simulate</code>.</p>"
        f"{html}</body></html>", encoding="utf-8")
    return SummaryReport(table, csv_path, html_path)
