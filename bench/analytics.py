"""Benchmark: per-cell grades with plain SQL vs nbgrader's documented Gradebook ORM loop.

    python -m bench.analytics [--learners 6250] [--orm-sample 60] [--sql-repeat 3] [--seed 2026]
                              [--keep] [--dashboard [--dashboard-learners 5000]]

Builds a synthetic gradebook of the real course (8 assignments, 86 graded cells; with the default
6,250 learners about 49,000 submitted notebooks and 526,000 grades; see
``bench/synthetic_gradebook.py``) in a temporary folder, then times

(a) ``egov_course.analytics.load_cell_grades(url)``: one SQL query, one row per learner × cell;
(b) the ORM loop that nbgrader documents for getting grades out of the database ("Getting
    information from the database" in nbgrader's advanced user guide, and the stock CSV export
    plugin): ``for assignment in gb.assignments: for student in gb.students:
    gb.find_submission(...)``, extended down to ``notebook.grades`` to get every cell.

The ORM loop issues several queries per submission, and nbgrader's schema has no index on
``grade.notebook_id`` or ``submitted_notebook.assignment_id``, so each of them scans the table:
over the whole gradebook the loop runs for an hour or more. It is therefore timed on a random
sample of learners (``--orm-sample``; 0 = everyone), against the full-size gradebook, and
extrapolated linearly per submission. On the sampled learners both methods must give the same
per-cell scores. Prints rows, seconds, the ratio ORM / SQL and the target (≥ 20×).

``--dashboard`` also times the whole dashboard for ``--dashboard-learners`` learners × 8
assignments through ``egov_course.dashboard.build(db_urls, out_dir)``, what ``egov-course dashboard`` runs.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

import pandas as pd

from bench import scratch_folder
from bench.synthetic_gradebook import COURSE_ID, make_gradebook
from egov_course.analytics import load_cell_grades

TARGET = 20.0  # ORM / SQL, issue 6
KEY = ["student_id", "assignment", "notebook", "grade_id"]
COMPARED = [*KEY, "score", "max_score", "needs_manual_grade"]


def orm_cell_grades(url: str, learners: set[str] | None = None) -> tuple[pd.DataFrame, int]:
    """Every grade through nbgrader's Gradebook ORM, the documented way; only ``learners`` if given.

    Returns the per-cell rows and the number of submissions visited.
    """
    from nbgrader.api import Gradebook, MissingEntry

    rows, submissions = [], 0
    with Gradebook(url, course_id=COURSE_ID) as gb:
        for assignment in gb.assignments:
            for student in gb.students:
                if learners is not None and student.id not in learners:
                    continue
                try:
                    submission = gb.find_submission(assignment.name, student.id)
                except MissingEntry:
                    continue  # did not submit
                submissions += 1
                for notebook in submission.notebooks:
                    for grade in notebook.grades:
                        rows.append((student.id, assignment.name, notebook.name, grade.name, grade.score,
                                     grade.max_score, grade.needs_manual_grade))
    return pd.DataFrame(rows, columns=COMPARED), submissions


def _tidy(frame: pd.DataFrame) -> pd.DataFrame:
    """The compared columns, sorted, in plain dtypes; a missing score counts 0 as in nbgrader's ``Grade.score``."""
    frame = frame[COMPARED].copy()
    for col in KEY:
        frame[col] = frame[col].astype(str)
    frame["score"] = frame["score"].astype(float).fillna(0.0)
    frame["max_score"] = frame["max_score"].astype(float)
    frame["needs_manual_grade"] = frame["needs_manual_grade"].astype(bool)
    return frame.sort_values(KEY).reset_index(drop=True)


def time_dashboard(top: Path, learners: int, seed: int) -> None:
    """Time the whole dashboard (papermill run, tables, charts, HTML, XLSX) on ``learners`` × 8 assignments."""
    from egov_course.dashboard import build

    print(f"\nBuilding a synthetic gradebook of {learners} learners for the dashboard ...", flush=True)
    book = make_gradebook(top / "dashboard.db", learners, seed=seed)
    print(f"  {book['submissions']} submissions, {book['grades']} grades in {book['seconds']:.1f} s", flush=True)
    out_dir = top / "dashboard"
    started = time.perf_counter()
    build([book["url"]], out_dir)
    seconds = time.perf_counter() - started
    files = [p for p in out_dir.rglob("*") if p.is_file()] if out_dir.exists() else []
    print(f"dashboard              {seconds:8.1f} s   {learners} learners × {book['assignments']} assignments "
          f"({book['submissions']} submissions), {len(files)} files written")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--learners", type=int, default=6250, help="learners in the gradebook (× 8 assignments)")
    parser.add_argument("--orm-sample", type=int, default=60,
                        help="learners the ORM loop visits, then extrapolated per submission; 0 = all (default: 60)")
    parser.add_argument("--sql-repeat", type=int, default=3, help="runs of load_cell_grades; the median counts")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder with the gradebook")
    parser.add_argument("--dashboard", action="store_true",
                        help="also time egov_course.dashboard.build on --dashboard-learners × 8 assignments")
    parser.add_argument("--dashboard-learners", type=int, default=5000)
    args = parser.parse_args(argv)

    with scratch_folder("egov-bench-analytics-", keep=args.keep) as top:
        print(f"Building a synthetic gradebook: {args.learners} learners × 8 assignments ...", flush=True)
        book = make_gradebook(top / "gradebook.db", args.learners, seed=args.seed)
        url = book["url"]
        print(f"  {book['submissions']} submissions ({book['missing']} skipped, {book['late']} late), "
              f"{book['grades']} grades, {book['essays_pending']} essays to grade; built in {book['seconds']:.1f} s",
              flush=True)

        print(f"SQL: load_cell_grades × {args.sql_repeat} ...", flush=True)
        sql_runs = []
        for _ in range(max(1, args.sql_repeat)):
            started = time.perf_counter()
            cells = load_cell_grades(url)
            sql_runs.append(time.perf_counter() - started)
        sql_seconds = statistics.median(sql_runs)

        students = sorted(cells["student_id"].unique()) if "student_id" in cells else []
        everyone = args.orm_sample <= 0 or args.orm_sample >= book["learners"]
        sample = None if everyone else set(random.Random(f"egov-bench:sample:{args.seed}").sample(students, args.orm_sample))
        who = "all learners" if everyone else f"{len(sample)} random learners"
        print(f"ORM: Gradebook loop over {who} ...", flush=True)
        started = time.perf_counter()
        orm, orm_submissions = orm_cell_grades(url, sample)
        orm_measured = time.perf_counter() - started
        orm_seconds = orm_measured * book["submissions"] / orm_submissions if orm_submissions else float("nan")

        expected = _tidy(cells if sample is None else cells[cells["student_id"].isin(sample)])
        got = _tidy(orm)
        agree = expected.equals(got)

        ratio = orm_seconds / sql_seconds
        print()
        print(f"gradebook              {book['learners']} learners, {book['assignments']} assignments, {book['cells']} graded "
              f"cells, {book['submissions']} submissions (built in {book['seconds']:.1f} s)")
        print(f"rows (learner × cell)  {len(cells)} SQL, expected {book['grades']}")
        print(f"SQL load_cell_grades   {sql_seconds:8.2f} s   median of {', '.join(f'{s:.2f}' for s in sql_runs)}")
        if everyone:
            print(f"ORM Gradebook loop     {orm_seconds:8.2f} s   measured on all {orm_submissions} submissions")
        else:
            print(f"ORM Gradebook loop     {orm_seconds:8.1f} s   EXTRAPOLATED: measured {orm_measured:.1f} s on "
                  f"{orm_submissions} submissions of {len(sample)} learners "
                  f"({1000 * orm_measured / orm_submissions:.1f} ms/submission) × {book['submissions']} submissions")
        print(f"ratio (ORM / SQL)      {ratio:8.1f}x   target ≥ {TARGET:.0f}x: {'met' if ratio >= TARGET else 'NOT MET'}")
        print(f"per-cell scores agree  {'yes' if agree else 'NO'} ({len(got)} rows ORM, {len(expected)} rows SQL"
              f"{'' if everyone else ' on the sampled learners'})")
        if not agree:
            diff = expected.merge(got, on=KEY, how="outer", suffixes=("_sql", "_orm"), indicator=True)
            print(diff[(diff["_merge"] != "both") | (diff["score_sql"] != diff["score_orm"])].head(10).to_string())

        if args.dashboard:
            time_dashboard(top, args.dashboard_learners, args.seed)
        rows_ok = len(cells) == book["grades"]
        return 0 if agree and rows_ok else 1


if __name__ == "__main__":
    sys.exit(main())
