"""A large synthetic nbgrader gradebook, written straight into nbgrader's schema.

    from bench.synthetic_gradebook import make_gradebook
    counts = make_gradebook("/tmp/gb.db", learners=6250)        # ≈ 50,000 submitted notebooks

Autograding 50,000 notebooks would take hours, so the benchmarks build the gradebook the fast
way: nbgrader's ``Gradebook`` creates the (empty) schema, then every row is bulk-inserted with
``sqlite3.executemany`` in one transaction. The rows are what ``nbgrader autograde`` (and a
grader in formgrader) would have left behind:

* the course structure is the real course's, from ``quizbank/blueprint.csv``: one assignment per
  blueprint assignment, one notebook of the same name, and per blueprint row either
  - an autograded item: a hidden-test **grade cell** (code, grade only, ``max_score`` = points)
    named ``<grade_id>`` plus its answer **solution cell** ``<grade_id>_jawaban``, or
  - an essay (format ``uraian``): one markdown cell that is both a grade cell and a solution
    cell (two ``base_cell`` rows of the same name, one per polymorphic type);
* a ``grade`` row per submitted notebook × grade cell and a ``comment`` row per submitted
  notebook × solution cell, as ``SaveAutoGrades`` writes them: autograded cells get
  ``auto_score`` 0 or ``points`` and ``needs_manual_grade`` false; a blank essay gets
  ``auto_score`` 0 (unchanged checksum) and needs no grading; a written essay gets
  ``auto_score`` NULL and needs manual grading until a grader sets ``manual_score``; an answer
  left blank gets the auto comment "No response.";
* ``egov_learner`` (see :func:`egov_course.roster.learner_table`) links each pseudonym to a
  synthetic, well-formed NIP and an OPD code of the course's OPD list, as an imported roster does.

Scores follow the project's cohort model (:mod:`egov_course.cohort`): ability θ per learner plus
an OPD effect, a 2PL item model with difficulty ``b`` from the blueprint's ``difficulty`` label
and a random discrimination ``a``; a few learners skip an assignment, a few submit late. Every
number flows from ``seed``. Ids are 32-digit hex strings like nbgrader's ``uuid4().hex``: a serial
then random digits from the seeded generator, so the same seed gives the same file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import random
import sqlite3
import time
from collections import Counter
from pathlib import Path

import sqlalchemy as sa

from egov_course.cohort import DIFFICULTY_B, WIB, CohortModel, synthetic_learners
from egov_course.coursedir import repo_root
from egov_course.quizbank import ESSAY, BlueprintRow, blueprint_assignments, load_blueprint
from egov_course.roster import PSEUDONYM_PREFIX, learner_table

COURSE_ID = "spbe-dumai"  # c.CourseDirectory.course_id in nbgrader_config.py
START = dt.date(2026, 2, 2)  # due date of the first assignment; then one a week, 23:59 WIB
BENCH_MODEL = CohortModel(skip_rate=0.02)  # a few skipped: 6,250 learners × 8 ≈ 49,000 submissions
ESSAY_GRADED_RATE = 0.6  # P(a written essay has already been graded by hand)
ANSWER_SUFFIX = "_jawaban"
NO_RESPONSE = "No response."
KERNELSPEC = '{"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}'
_SQLITE_DATETIME = "%Y-%m-%d %H:%M:%S.%f"  # how SQLAlchemy's DateTime stores values in SQLite


def make_gradebook(path: str | Path, learners: int, assignments: list[str] | None = None, seed: int = 2026,
                   *, model: CohortModel | None = None, blueprint: str | Path | None = None) -> dict:
    """Write a synthetic nbgrader gradebook (SQLite) at ``path`` and return what it holds.

    ``learners`` synthetic learners each (maybe) submit every assignment in ``assignments``
    (default: all eight of the blueprint, in blueprint order). Returns a dict with ``url``,
    the counts ``learners``, ``assignments``, ``cells`` (graded cells), ``submissions``,
    ``missing``, ``late``, ``grades``, ``comments``, ``essays_pending``, ``seconds`` (build
    time) and ``scores``: ``{(student_id, assignment): total score}`` of every submission, the
    sum of the grades inserted (what ``Gradebook.find_submission(...).score`` must return).
    """
    started = time.perf_counter()
    if learners < 1:
        raise ValueError("learners must be at least 1")
    model = model or BENCH_MODEL
    path = Path(path)
    if path.exists():
        raise FileExistsError(f"{path} exists; make_gradebook writes a new gradebook only")
    rows = load_blueprint(Path(blueprint) if blueprint else repo_root() / "quizbank" / "blueprint.csv")
    known = blueprint_assignments(rows)
    assignments = list(assignments) if assignments else known
    unknown = [a for a in assignments if a not in known]
    if unknown:
        raise ValueError(f"not in the blueprint: {', '.join(unknown)}")
    url = f"sqlite:///{path.resolve()}"

    _create_schema(url)
    tables, result = _generate(assignments, rows, learners, seed, model)
    _insert(path, tables)
    result.update(url=url, path=path, seconds=time.perf_counter() - started)
    return result


def _id_stream(seed: int):
    """32 hex digits like nbgrader's ``uuid4().hex``, but with a serial in front (as in a UUIDv7).

    SQLite then appends to its primary-key indexes instead of inserting at random places, which
    halves the time of the bulk insert. The other 24 digits come from a seeded generator.
    """
    rng = random.Random(f"egov-bench:ids:{seed}")
    serial = 0
    while True:
        digits = rng.randbytes(12 * 4096).hex()
        for start in range(0, len(digits), 24):
            serial += 1
            yield f"{serial:08x}{digits[start:start + 24]}"


def _generate(assignments: list[str], rows: list[BlueprintRow], learners: int, seed: int,
              model: CohortModel) -> tuple[dict[str, list[tuple]], dict]:
    """Every row of every table, keyed by table name, and the counts make_gradebook returns."""
    new_id = _id_stream(seed).__next__

    # --- course structure -------------------------------------------------------------------
    assignment_rows, notebook_rows, base_rows, grade_cell_rows, solution_rows, source_rows = [], [], [], [], [], []
    structure = []  # (assignment name, notebook id, due (aware), [(row, grade cell id, solution cell id, a, b)])
    for index, name in enumerate(assignments):
        due = dt.datetime.combine(START + dt.timedelta(days=7 * index), dt.time(23, 59), WIB)
        assignment_id, notebook_id = new_id(), new_id()
        assignment_rows.append((assignment_id, name, _utc_text(due), COURSE_ID))
        notebook_rows.append((notebook_id, name, assignment_id, KERNELSPEC))
        items = []
        for row in (r for r in rows if r.assignment == name):
            irng = random.Random(f"egov-bench:item:{seed}:{row.grade_id}")
            b = DIFFICULTY_B.get(row.difficulty, 0.0) + irng.gauss(0.0, 0.3)
            a = irng.uniform(0.8, 2.0)
            grade_id, solution_id = new_id(), new_id()
            essay = row.format == ESSAY
            answer_name = row.grade_id if essay else row.grade_id + ANSWER_SUFFIX
            base_rows.append((grade_id, row.grade_id, notebook_id, "GradeCell"))
            base_rows.append((solution_id, answer_name, notebook_id, "SolutionCell"))
            grade_cell_rows.append((grade_id, float(row.points), "markdown" if essay else "code"))
            solution_rows.append((solution_id,))
            if essay:
                source_rows.append(_source_row(new_id(), row.grade_id, "markdown", False, "YOUR ANSWER HERE", notebook_id))
            else:
                source_rows.append(_source_row(new_id(), answer_name, "code", False, f'{row.grade_id} = ""', notebook_id))
                source_rows.append(_source_row(new_id(), row.grade_id, "code", True, "# hidden tests", notebook_id))
            items.append((row, grade_id, solution_id, a, b))
        structure.append((name, assignment_id, notebook_id, due, items))

    # --- learners ---------------------------------------------------------------------------
    roster, theta_by_nip, opd_effect = synthetic_learners(learners, seed)
    imported_at = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None).strftime(_SQLITE_DATETIME)
    student_rows, learner_rows, people = [], [], []
    for number, learner in enumerate(roster, start=1):
        sid = f"{PSEUDONYM_PREFIX}{number:04d}"
        student_rows.append((sid, learner.nama, "", learner.email, None))
        learner_rows.append((sid, learner.nip.digits, learner.opd, 1, imported_at))
        people.append((sid, theta_by_nip[learner.nip.digits] + model.opd_sd * opd_effect[learner.opd]))

    # --- submissions, grades, comments ------------------------------------------------------
    rng = random.Random(f"egov-bench:answers:{seed}")
    sub_rows, subnb_rows, grade_rows, comment_rows = [], [], [], []
    scores: dict[tuple[str, str], float] = {}
    tally = Counter()
    for name, assignment_id, notebook_id, due, items in structure:
        learning = model.posttest_learning if name == "posttest" else (0.0 if name == "pretest" else model.module_learning)
        for sid, ability in people:
            if rng.random() < model.skip_rate:
                tally["missing"] += 1
                continue
            late = rng.random() < model.late_rate
            offset = dt.timedelta(minutes=rng.randint(30, 48 * 60), seconds=rng.randint(0, 59))
            when = due + offset if late else due - offset
            tally["late"] += late
            submission_id, subnb_id = new_id(), new_id()
            sub_rows.append((submission_id, assignment_id, sid, _utc_text(when), None))
            subnb_rows.append((subnb_id, submission_id, notebook_id, 0, None))
            total = 0.0
            for row, grade_cell_id, solution_cell_id, a, b in items:
                blank = rng.random() < model.blank_rate
                p = 1.0 / (1.0 + math.exp(-a * (ability + learning - b)))
                manual = None
                if row.format != ESSAY:
                    auto = float(row.points) if (not blank and rng.random() < p) else 0.0
                    pending = False
                elif blank or rng.random() > model.essay_rate:
                    blank, auto, pending = True, 0.0, False  # unchanged answer cell: nbgrader scores it 0
                elif rng.random() < ESSAY_GRADED_RATE:
                    auto, pending = None, False
                    quality = 1.0 if rng.random() < p else rng.choice([0.0, 0.25, 0.5])
                    manual = float(round(row.points * quality))
                else:
                    auto, pending = None, True
                    tally["essays_pending"] += 1
                grade_rows.append((new_id(), subnb_id, grade_cell_id, auto, manual, None, int(pending)))
                comment_rows.append((new_id(), subnb_id, solution_cell_id, NO_RESPONSE if blank else None, None))
                total += manual if manual is not None else (auto or 0.0)
            scores[(sid, name)] = total

    tables = {
        "assignment": assignment_rows, "notebook": notebook_rows, "base_cell": base_rows,
        "grade_cells": grade_cell_rows, "solution_cells": solution_rows, "source_cell": source_rows,
        "student": student_rows, "egov_learner": learner_rows, "submitted_assignment": sub_rows,
        "submitted_notebook": subnb_rows, "grade": grade_rows, "comment": comment_rows,
    }
    result = {
        "learners": len(student_rows),
        "assignments": len(assignment_rows),
        "cells": len(grade_cell_rows),
        "submissions": len(sub_rows),
        "missing": tally["missing"],
        "late": tally["late"],
        "grades": len(grade_rows),
        "comments": len(comment_rows),
        "essays_pending": tally["essays_pending"],
        "scores": scores,
    }
    return tables, result


COLUMNS = {
    "assignment": ("id", "name", "duedate", "course_id"),
    "notebook": ("id", "name", "assignment_id", "kernelspec"),
    "base_cell": ("id", "name", "notebook_id", "type"),
    "grade_cells": ("id", "max_score", "cell_type"),
    "solution_cells": ("id",),
    "source_cell": ("id", "name", "cell_type", "locked", "source", "checksum", "notebook_id"),
    "student": ("id", "first_name", "last_name", "email", "lms_user_id"),
    "egov_learner": ("student_id", "nip", "opd", "synthetic", "imported_at"),
    "submitted_assignment": ("id", "assignment_id", "student_id", "timestamp", "extension"),
    "submitted_notebook": ("id", "assignment_id", "notebook_id", "flagged", "late_submission_penalty"),
    "grade": ("id", "notebook_id", "cell_id", "auto_score", "manual_score", "extra_credit", "needs_manual_grade"),
    "comment": ("id", "notebook_id", "cell_id", "auto_comment", "manual_comment"),
}


def _insert(path: Path, tables: dict[str, list[tuple]]) -> None:
    """Bulk-insert the rows, parents before children, in one transaction."""
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA synchronous = OFF")
        conn.execute("PRAGMA journal_mode = MEMORY")
        conn.execute("PRAGMA cache_size = -262144")  # 256 MiB: keeps the unique indexes of grade/comment in memory
        with conn:
            for table, columns in COLUMNS.items():
                marks = ", ".join("?" * len(columns))
                conn.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", tables[table])
    finally:
        conn.close()


def _create_schema(url: str) -> None:
    """``egov_learner``, nbgrader's ``alembic_version`` at its head revision, then nbgrader's tables.

    A new database makes ``Gradebook`` run the ``alembic heads`` command in a subprocess to find
    the revision to record, which takes seconds. Here the revision is read in-process from
    nbgrader's own migration scripts and recorded first, exactly as ``Gradebook`` would record it;
    ``Gradebook`` then finds an existing database and only creates its tables and the course row.
    """
    from alembic.script import ScriptDirectory
    from nbgrader.api import Gradebook
    from nbgrader.dbutil import ALEMBIC_DIR

    head = ScriptDirectory(ALEMBIC_DIR).get_current_head()
    engine = sa.create_engine(url)
    try:
        learner_table().create(engine)
        with engine.begin() as conn:
            conn.execute(sa.text("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)"))
            conn.execute(sa.text("INSERT INTO alembic_version (version_num) VALUES (:head)"), {"head": head})
    finally:
        engine.dispose()
    Gradebook(url, course_id=COURSE_ID).close()


def _utc_text(moment: dt.datetime) -> str:
    """An aware datetime as nbgrader stores it: naive UTC, in SQLAlchemy's SQLite text format."""
    return moment.astimezone(dt.timezone.utc).replace(tzinfo=None).strftime(_SQLITE_DATETIME)


def _source_row(cell_id: str, name: str, cell_type: str, locked: bool, source: str, notebook_id: str) -> tuple:
    checksum = hashlib.sha256(f"{source}{cell_type}".encode()).hexdigest()
    return (cell_id, name, cell_type, int(locked), source, checksum, notebook_id)


def graded_cells(assignments: list[str] | None = None) -> list[BlueprintRow]:
    """The blueprint rows (graded cells) a gradebook of ``assignments`` holds."""
    rows = load_blueprint(repo_root() / "quizbank" / "blueprint.csv")
    return [r for r in rows if assignments is None or r.assignment in assignments]
