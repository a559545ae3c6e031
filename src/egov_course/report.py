"""The first summary per OPD, printed and written under ``reports/`` (CSV and HTML)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import analytics
from .content import load_opd_list
from .coursedir import Course

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
        shown = self.table[list(LABELS)].rename(columns=LABELS)
        return shown.to_string(index=False, na_rep="-")


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
