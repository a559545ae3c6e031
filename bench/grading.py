"""Benchmark: stock `nbgrader autograde` vs `egov-course grade` on the same synthetic cohort.

    python -m bench.grading [--learners 200] [--workers N] [--seed 2026]     (or: make bench)

Both graders start from identical copies of one course folder (release done, roster imported,
submissions written by the simulator). Prints both wall times, the ratio, and whether every
cell's grade agrees.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd

from bench import scratch_folder
from egov_course.analytics import load_cell_grades
from egov_course.cohort import simulate
from egov_course.coursedir import Course, repo_root
from egov_course.grading import grade

ASSIGNMENT = "pretest"


def _prepare(root: Path, learners: int, seed: int) -> None:
    repo = repo_root()
    root.mkdir(parents=True)
    shutil.copy(repo / "nbgrader_config.py", root)
    shutil.copytree(repo / "source", root / "source")
    shutil.copytree(repo / "release", root / "release")
    course = Course(root)
    outcome = course.run("generate_assignment", ASSIGNMENT, force=True, create=True)
    if not outcome.get("success"):
        raise SystemExit(outcome.get("error"))
    simulate(course, learners=learners, seed=seed, assignments=[ASSIGNMENT])


def _cells(root: Path) -> pd.DataFrame:
    cols = ["student_id", "notebook", "grade_id", "max_score", "auto_score", "needs_manual_grade"]
    frame = load_cell_grades(f"sqlite:///{root}/gradebook.db")[cols]
    return frame.sort_values(cols[:3]).reset_index(drop=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--learners", type=int, default=200)
    parser.add_argument("--workers", type=int, default=None, help="default: the number of cores")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--keep", action="store_true", help="keep the temporary course folders")
    args = parser.parse_args(argv)

    with scratch_folder("egov-bench-", keep=args.keep) as top:
        base = top / "base"
        print(f"Preparing {args.learners} synthetic submissions of {ASSIGNMENT} ...", flush=True)
        _prepare(base, args.learners, args.seed)
        stock, ours = top / "stock", top / "ours"
        shutil.copytree(base, stock)
        shutil.copytree(base, ours)
        submissions = len(Course(base).submissions(ASSIGNMENT))

        env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
        print("stock: nbgrader autograde ...", flush=True)
        started = time.perf_counter()
        done = subprocess.run([str(Path(sys.executable).parent / "nbgrader"), "autograde", ASSIGNMENT],
                              cwd=stock, env=env, capture_output=True, text=True)
        stock_seconds = time.perf_counter() - started
        if done.returncode != 0:
            print(done.stderr[-2000:])

        workers = args.workers or os.cpu_count() or 1
        print(f"ours:  egov-course grade --workers {workers} ...", flush=True)
        started = time.perf_counter()
        results = grade(Course(ours), [ASSIGNMENT], workers=workers)
        ours_seconds = time.perf_counter() - started

        expected, got = _cells(stock), _cells(ours)
        agree = expected.equals(got)
        statuses = pd.Series([r.status for r in results]).value_counts().to_dict()
        per_submission = pd.Series([r.seconds for r in results if r.status != "missing"])
        print()
        print(f"submissions            {submissions} ({os.cpu_count()} cores, {workers} workers)")
        print(f"stock nbgrader         {stock_seconds:8.1f} s   {stock_seconds / submissions:.2f} s/submission")
        print(f"egov-course grade      {ours_seconds:8.1f} s   {ours_seconds / submissions:.2f} s/submission")
        print(f"ratio (stock / ours)   {stock_seconds / ours_seconds:8.2f}x")
        print(f"grades agree           {'yes' if agree else 'NO'} ({len(expected)} cells stock, {len(got)} ours)")
        print(f"statuses               {statuses}")
        print(f"worker time/submission median {per_submission.median():.2f} s, p95 {per_submission.quantile(0.95):.2f} s")
        return 0 if agree else 1


if __name__ == "__main__":
    sys.exit(main())
