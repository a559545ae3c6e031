"""Gradebook → tidy per-cell frame → competency, participation, gain and item tables.

Grades are read with plain SQL from nbgrader's schema (any SQLAlchemy URL), which is much
faster than walking the Gradebook ORM and works on several gradebooks alike: pass one URL, a
list of URLs, or a mapping ``{label: url}`` (one gradebook per Bimtek batch, say).

The pipeline, each step a pure function on pandas frames::

    cells = load_cell_grades(urls)          # learner × graded cell, as nbgrader stored it
    learners = load_learners(urls)          # learner → OPD (NO_OPD when unknown)
    frame = tidy(cells, learners, load_blueprint("quizbank/blueprint.csv"))
    learner_competency(frame)               # learner-level, pseudonyms only
    opd_competency(frame)                   # OPD × competency, suppressed when n < k
    participation(cells, learners)          # OPD × assignment: enrolled, submitted, missing, late
    gain(frame) / opd_gain(gain(frame))     # pre-test → post-test, normalised gain
    item_analysis(frame) / reliability(frame)
    priorities(opd_competency(frame))       # where more training is needed, worst first

Decisions that shape the numbers:

* **Keys.** ``learner`` is the nbgrader ``student_id`` (a pseudonym, ``asn-0001``) for one
  gradebook and ``"<source>/<student_id>"`` for several, because every gradebook numbers its
  learners from ``asn-0001``. ``source`` names the gradebook (file stem; made unique).
* **Pending essays.** A cell is *pending* when it has no score, or nbgrader still flags it
  ``needs_manual_grade`` and no manual score was given (an essay not yet graded in formgrader).
  Pending cells count in neither numerator nor denominator: an ungraded essay is not a 0.
* **Unknown cells.** Grade cells the blueprint does not list get competency
  :data:`NO_COMPETENCY`; :func:`tidy` logs a warning naming them and :func:`unmapped_cells`
  lists them. They are kept, so nothing disappears silently.
* **Percentages** are ``100 × Σ score / Σ max_score`` over graded cells (points-weighted), not
  a mean of item percentages. Nothing is rounded here; the reporting layer rounds.
* **OPD × competency** uses every assignment except the pre-test by default (module quizzes and
  post-test: what the OPD knows after the training); pass ``assignments=`` to choose.
  ``pass_rate`` = share of learners with percent ≥ threshold, in percent (with a 1e-9
  tolerance: 3 × 0.7 of 3 points is 69.99999999999999 % in floating point and passes at 70).
  Rows with fewer than ``k`` learners keep ``n_learners`` but blank the rest.
* **OPD gain** is the normalised gain of the OPD's means (Hake's class-average
  ⟨g⟩ = (mean post − mean pre) / (100 − mean pre)), over learners who took both tests.
* **Priorities** rank unsuppressed OPD × competency rows whose ``mean_pct`` is below the target
  by ``gap = target − mean_pct``, worst first (``by="pass_rate"`` ranks on pass rate instead).
* **Item statistics** use the learners who submitted the assignment. An item is *complete*
  when every submitter has a graded score on it; the rest score and the reliability use the
  complete items only (so one essay still pending for some learners does not drop those
  learners), and an incomplete item's own statistics use the learners graded on it.
  Variances are population variances (ddof = 0) throughout; reliability is alpha on points,
  which on right/wrong items is KR-20 (and is labelled so).

Privacy: :func:`learner_competency` and :func:`gain` are the only learner-level outputs and are
keyed by pseudonym; OPD tables hold no learner column (:func:`check_aggregate`).
"""

from __future__ import annotations

import logging
import math
import os
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd
import sqlalchemy as sa

from .errors import EgovCourseError
from .quizbank import PARALLEL_FORMS, BlueprintRow, load_blueprint

log = logging.getLogger(__name__)

NO_OPD = "(tanpa OPD)"
NO_COMPETENCY = "(tanpa kompetensi)"
PRETEST, POSTTEST = PARALLEL_FORMS
TOLERANCE = 1e-9  # percentages at a threshold compare equal despite float rounding (100 * 2.1 / 3)
GRADEBOOK_TABLES = frozenset({"assignment", "notebook", "base_cell", "grade_cells", "solution_cells", "student",
                              "submitted_assignment", "submitted_notebook", "grade"})
PERSONAL_COLUMNS = ("nip", "nama", "name", "first_name", "last_name", "email")
LEARNER_COLUMNS = ("learner", "student_id", *PERSONAL_COLUMNS)
TIDY_COLUMNS = ["learner", "source", "student_id", "opd", "assignment", "grade_id", "competency", "format", "score",
                "max_score", "needs_manual_grade", "autograded", "pending", "late", "timestamp", "duedate"]
# one gradebook: a URL ("sqlite:///gradebook.db"), a sqlalchemy URL or a path to a sqlite file
DbUrl = str | sa.URL | os.PathLike
# one or several: several as a sequence (labels from the file names) or a mapping label → URL
Gradebooks = DbUrl | Sequence[DbUrl] | Mapping[str, DbUrl]
OPD_COMPETENCY_COLUMNS = ["opd", "competency", "n_learners", "mean_pct", "median_pct", "pass_rate", "suppressed"]

CELL_GRADES_SQL = """
SELECT sa.student_id AS student_id,
       a.name AS assignment,
       nb.name AS notebook,
       bc.name AS grade_id,
       gc.cell_type AS cell_type,
       gc.max_score AS max_score,
       g.auto_score AS auto_score,
       g.manual_score AS manual_score,
       g.needs_manual_grade AS needs_manual_grade,
       EXISTS (SELECT 1 FROM solution_cells sc JOIN base_cell sbc ON sbc.id = sc.id
               WHERE sbc.name = bc.name AND sbc.notebook_id = bc.notebook_id) AS is_answer_cell,
       sa.timestamp AS timestamp,
       a.duedate AS duedate
FROM grade g
JOIN grade_cells gc ON gc.id = g.cell_id
JOIN base_cell bc ON bc.id = gc.id
JOIN notebook nb ON nb.id = bc.notebook_id
JOIN submitted_notebook sn ON sn.id = g.notebook_id
JOIN submitted_assignment sa ON sa.id = sn.assignment_id
JOIN assignment a ON a.id = sa.assignment_id
"""


# ---------------------------------------------------------------------------------------------
# Loading one or several gradebooks
# ---------------------------------------------------------------------------------------------
def _as_url(raw) -> sa.URL:
    if isinstance(raw, os.PathLike):
        return sa.URL.create("sqlite", database=os.fspath(raw))
    try:
        return sa.make_url(raw)
    except (sa.exc.ArgumentError, TypeError, ValueError):
        raise EgovCourseError(f"URL gradebook tidak sah: {raw!r}. Tulis seperti sqlite:///gradebook.db "
                              "(periksa --db).") from None


def _shown(url: sa.URL) -> str:
    return url.render_as_string(hide_password=True)


def _sqlite_file(url: sa.URL) -> str | None:
    """The file behind a sqlite URL, or None for in-memory and URI-style databases."""
    if url.get_backend_name() != "sqlite" or url.query.get("uri") or not url.database:
        return None
    return None if url.database == ":memory:" or url.database.startswith("file:") else url.database


def source_labels(urls: Sequence[sa.URL]) -> list[str]:
    """A unique, readable label per gradebook: the file stem (``gradebook``), else the database name.

    Equal stems (``maret/gradebook.db``, ``april/gradebook.db``) get their folder in front
    (``maret_gradebook``); whatever is still equal gets ``-2``, ``-3``, ….
    """
    stems, parents = [], []
    for url in urls:
        path = _sqlite_file(url)
        if path:
            stems.append(Path(path).stem)
            parents.append(Path(path).resolve().parent.name)
        else:
            stems.append(url.database or url.host or url.get_backend_name())
            parents.append(url.host or "")
    counts = Counter(stems)
    labels = [f"{parent}_{stem}" if counts[stem] > 1 and parent else stem for stem, parent in zip(stems, parents, strict=True)]
    labels = [label.replace("/", "_") for label in labels]
    seen: Counter = Counter()
    unique = []
    for label in labels:
        seen[label] += 1
        unique.append(label if seen[label] == 1 else f"{label}-{seen[label]}")
    return unique


def _gradebooks(db_url: Gradebooks) -> list[tuple[str, sa.URL]]:
    """(label, URL) per gradebook, from one URL, a sequence of URLs or a mapping label → URL."""
    if isinstance(db_url, Mapping):
        pairs = [(str(label), _as_url(url)) for label, url in db_url.items()]
    else:
        raws = [db_url] if isinstance(db_url, (str, sa.URL, os.PathLike)) else list(db_url)
        urls = [_as_url(raw) for raw in raws]
        pairs = list(zip(source_labels(urls), urls, strict=True))
    if not pairs:
        raise EgovCourseError("Tidak ada gradebook yang diberikan. Sebutkan minimal satu, misalnya sqlite:///gradebook.db.")
    return pairs


def _read(url: sa.URL, read) -> pd.DataFrame:
    """``read(connection)`` on one gradebook, after checking that it exists and is an nbgrader gradebook."""
    shown = _shown(url)
    path = _sqlite_file(url)
    if path is not None and not Path(path).is_file():
        # sqlite would silently create an empty file here
        raise EgovCourseError(f"Gradebook tidak ditemukan: {shown} (berkas {path} tidak ada). "
                              "Jalankan `egov-course grade` dulu atau periksa --db.")
    try:
        engine = sa.create_engine(url)
    except (sa.exc.ArgumentError, sa.exc.NoSuchModuleError, ImportError) as exc:
        raise EgovCourseError(f"Gradebook tidak dapat dibuka: {shown} ({exc}). Periksa jenis basis data pada --db, "
                              "misalnya sqlite:///gradebook.db.") from None
    try:
        with engine.connect() as conn:
            missing = sorted(GRADEBOOK_TABLES - set(sa.inspect(conn).get_table_names()))
            if missing:
                raise EgovCourseError(f"Bukan gradebook nbgrader: {shown} (tabel {', '.join(missing)} tidak ada). "
                                      "Periksa --db: pakai gradebook.db di folder kursus.")
            return read(conn)
    except sa.exc.SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        raise EgovCourseError(f"Gradebook tidak dapat dibaca: {shown} ({reason}). Periksa --db: berkasnya harus "
                              "gradebook nbgrader yang utuh.") from None
    finally:
        engine.dispose()


def _with_source(frame: pd.DataFrame, label: str, several: bool) -> pd.DataFrame:
    frame.insert(0, "source", label)
    frame.insert(0, "learner", frame["student_id"].map(lambda sid: f"{label}/{sid}") if several else frame["student_id"])
    return frame


def load_cell_grades(db_url: Gradebooks) -> pd.DataFrame:
    """One row per learner × graded cell, with ``autograded`` true for test cells (not answers).

    ``db_url``: one SQLAlchemy URL (str), a sequence of them, or a mapping label → URL. Adds
    ``source`` (gradebook label) and ``learner`` (unique learner key, see the module docstring).
    """
    books = _gradebooks(db_url)
    frames = []
    for label, url in books:
        frame = _read(url, lambda conn: pd.read_sql_query(sa.text(CELL_GRADES_SQL), conn))
        frames.append(_with_source(frame, label, len(books) > 1))
    frame = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    frame["autograded"] = (frame["cell_type"] == "code") & ~frame["is_answer_cell"].astype(bool)
    frame["score"] = frame["manual_score"].where(frame["manual_score"].notna(), frame["auto_score"])
    frame["needs_manual_grade"] = frame["needs_manual_grade"].astype(bool)
    for col in ("timestamp", "duedate"):
        frame[col] = pd.to_datetime(frame[col], format="ISO8601")  # one format for every gradebook and database
    return frame.drop(columns=["is_answer_cell"])


def _read_learners(conn) -> pd.DataFrame:
    students = pd.read_sql_query(sa.text("SELECT id AS student_id FROM student"), conn)
    if sa.inspect(conn).has_table("egov_learner"):
        opd = pd.read_sql_query(sa.text("SELECT student_id, opd FROM egov_learner"), conn)
    else:
        opd = pd.DataFrame({"student_id": pd.Series(dtype=object), "opd": pd.Series(dtype=object)})
    frame = students.merge(opd, on="student_id", how="left")
    frame["opd"] = frame["opd"].fillna(NO_OPD)
    return frame


def load_learners(db_url: Gradebooks) -> pd.DataFrame:
    """learner, source, student_id → OPD code from ``egov_learner``; every nbgrader student, NO_OPD when unknown."""
    books = _gradebooks(db_url)
    frames = [_with_source(_read(url, _read_learners), label, len(books) > 1) for label, url in books]
    return pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]


def _keyed(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with ``learner`` and ``source`` (hand-made frames of one gradebook may lack them)."""
    if "learner" in frame.columns and "source" in frame.columns:
        return frame
    frame = frame.copy()
    if "source" not in frame.columns:
        frame["source"] = "gradebook"
    if "learner" not in frame.columns:
        frame["learner"] = frame["student_id"]
    return frame


# ---------------------------------------------------------------------------------------------
# The summary per OPD × assignment used by report.py
# ---------------------------------------------------------------------------------------------
def submission_scores(cells: pd.DataFrame) -> pd.DataFrame:
    """Per learner × assignment: autograded points, percent, essays pending, late."""
    cells = _keyed(cells)
    keys = ["learner", "student_id", "assignment"]
    auto = cells[cells["autograded"]]
    per = auto.groupby(keys, as_index=False).agg(auto_score=("auto_score", "sum"), auto_max=("max_score", "sum"))
    pending = cells.groupby(keys, as_index=False).agg(
        essays_pending=("needs_manual_grade", "sum"), timestamp=("timestamp", "first"), duedate=("duedate", "first"))
    per = pending.merge(per, on=keys, how="left")
    per["auto_pct"] = 100.0 * per["auto_score"] / per["auto_max"].where(per["auto_max"] > 0)
    per["late"] = per["timestamp"].notna() & per["duedate"].notna() & (per["timestamp"] > per["duedate"])
    return per


def opd_summary(cells: pd.DataFrame, learners: pd.DataFrame, opd_names: dict[str, str] | None = None) -> pd.DataFrame:
    """Per OPD × assignment: enrolled, submitted, late, mean and median autograded percent, essays pending."""
    opd_names = opd_names or {}
    learners = _keyed(learners)
    scores = submission_scores(cells).merge(learners[["learner", "opd"]], on="learner", how="left")
    scores["opd"] = scores["opd"].fillna(NO_OPD)
    enrolled = learners.groupby("opd").size().rename("enrolled")
    grouped = scores.groupby(["opd", "assignment"]).agg(
        submitted=("learner", "nunique"), late=("late", "sum"), mean_pct=("auto_pct", "mean"),
        median_pct=("auto_pct", "median"), essays_pending=("essays_pending", "sum"))
    assignments = sorted(scores["assignment"].unique()) if len(scores) else []
    index = pd.MultiIndex.from_product([enrolled.index, assignments], names=["opd", "assignment"])
    table = grouped.reindex(index).reset_index()
    table = table.merge(enrolled.reset_index(), on="opd", how="left")
    table[["submitted", "late", "essays_pending"]] = table[["submitted", "late", "essays_pending"]].fillna(0).astype(int)
    table["opd_name"] = table["opd"].map(lambda c: opd_names.get(c, c))
    table[["mean_pct", "median_pct"]] = table[["mean_pct", "median_pct"]].round(1)
    columns = ["opd", "opd_name", "assignment", "enrolled", "submitted", "late", "mean_pct", "median_pct", "essays_pending"]
    return table[columns].sort_values(["assignment", "opd_name"]).reset_index(drop=True)


# ---------------------------------------------------------------------------------------------
# The tidy frame
# ---------------------------------------------------------------------------------------------
def blueprint_frame(blueprint) -> pd.DataFrame:
    """assignment, grade_id, competency, format from rows of :func:`load_blueprint`, a DataFrame or a path."""
    if isinstance(blueprint, (str, os.PathLike)):
        blueprint = load_blueprint(blueprint)
    if isinstance(blueprint, pd.DataFrame):
        frame = blueprint.copy()
        if "format" not in frame.columns:
            frame["format"] = None
    else:
        rows: Iterable[BlueprintRow] = blueprint
        frame = pd.DataFrame([{"assignment": r.assignment, "grade_id": r.grade_id, "competency": r.competency,
                               "format": r.format} for r in rows], columns=["assignment", "grade_id", "competency", "format"])
    missing = [c for c in ("assignment", "grade_id", "competency") if c not in frame.columns]
    if missing:
        raise EgovCourseError(f"Blueprint tanpa kolom {', '.join(missing)}; pakai load_blueprint('quizbank/blueprint.csv').")
    frame = frame[["assignment", "grade_id", "competency", "format"]]
    duplicated = frame[frame.duplicated(["assignment", "grade_id"], keep=False)]
    if len(duplicated):
        pairs = ", ".join(sorted({f"{a}/{g}" for a, g in zip(duplicated.assignment, duplicated.grade_id, strict=True)}))
        raise EgovCourseError(f"Blueprint memuat soal yang sama lebih dari sekali: {pairs}.")
    return frame


def tidy(cells: pd.DataFrame, learners: pd.DataFrame, blueprint) -> pd.DataFrame:
    """One row per learner × graded cell with OPD and competency: the input of every table below.

    Columns: :data:`TIDY_COLUMNS` (plus any extra columns of ``cells``). ``score`` is NaN on
    pending cells (``pending`` true; see the module docstring). Cells the blueprint does not
    know get :data:`NO_COMPETENCY` and a logged warning; :func:`unmapped_cells` lists them.
    """
    cells, learners = _keyed(cells), _keyed(learners)
    if learners["learner"].duplicated().any():
        raise EgovCourseError("Daftar peserta memuat peserta yang sama dua kali; gabungkan gradebook dengan load_learners().")
    frame = cells.drop(columns=[c for c in ("opd", "competency", "format") if c in cells.columns])
    frame = frame.merge(learners[["learner", "opd"]], on="learner", how="left")
    frame["opd"] = frame["opd"].fillna(NO_OPD)
    frame = frame.merge(blueprint_frame(blueprint), on=["assignment", "grade_id"], how="left", validate="many_to_one")
    unknown = frame["competency"].isna()
    if unknown.any():
        rows = frame.loc[unknown]
        pairs = sorted({f"{a}/{g}" for a, g in zip(rows["assignment"], rows["grade_id"], strict=True)})
        log.warning("%d sel nilai tidak ada di blueprint, dikelompokkan sebagai %s: %s", len(pairs), NO_COMPETENCY,
                    ", ".join(pairs))
    frame["competency"] = frame["competency"].fillna(NO_COMPETENCY)
    manual = frame["manual_score"] if "manual_score" in frame.columns else pd.Series(np.nan, index=frame.index)
    frame["needs_manual_grade"] = frame["needs_manual_grade"].astype(bool)
    frame["pending"] = frame["score"].isna() | (frame["needs_manual_grade"] & manual.isna())
    frame["score"] = frame["score"].where(~frame["pending"]).astype(float)
    frame["max_score"] = frame["max_score"].astype(float)
    frame["late"] = frame["timestamp"].notna() & frame["duedate"].notna() & (frame["timestamp"] > frame["duedate"])
    extra = [c for c in frame.columns if c not in TIDY_COLUMNS]
    return frame[TIDY_COLUMNS + extra].sort_values(["assignment", "learner", "grade_id"]).reset_index(drop=True)


def unmapped_cells(tidy_frame: pd.DataFrame) -> pd.DataFrame:
    """assignment, grade_id, n_rows of the grade cells that the blueprint does not list."""
    rows = tidy_frame[tidy_frame["competency"] == NO_COMPETENCY]
    return rows.groupby(["assignment", "grade_id"]).size().rename("n_rows").reset_index()


# ---------------------------------------------------------------------------------------------
# Competencies
# ---------------------------------------------------------------------------------------------
def _only(frame: pd.DataFrame, assignments) -> pd.DataFrame:
    if assignments is None:
        return frame
    assignments = [assignments] if isinstance(assignments, str) else list(assignments)
    return frame[frame["assignment"].isin(assignments)]


def _points(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Graded points, maximum, percent, graded and pending cell counts per ``keys`` (pending cells count in neither sum)."""
    graded = ~frame["pending"]
    parts = frame[keys].assign(score=frame["score"].where(graded, 0.0), max_score=frame["max_score"].where(graded, 0.0),
                               n_items=graded.astype(int), pending=frame["pending"].astype(int))
    table = parts.groupby(keys, as_index=False).sum()
    table["pct"] = 100.0 * table["score"] / table["max_score"].where(table["max_score"] > 0)
    return table


def learner_competency(tidy_frame: pd.DataFrame, assignments=None) -> pd.DataFrame:
    """Per learner × competency: learner, source, opd, competency, score, max_score, pct, n_items, pending.

    ``pct`` = 100 × points / maximum over the learner's graded cells of that competency, in all
    assignments or in ``assignments`` only; NaN when every such cell is pending.
    """
    table = _points(_only(tidy_frame, assignments), ["learner", "source", "opd", "competency"])
    columns = ["learner", "source", "opd", "competency", "score", "max_score", "pct", "n_items", "pending"]
    return check_pseudonymous(table[columns])


def default_assignments(tidy_frame: pd.DataFrame) -> list[str]:
    """Every assignment except the pre-test: what OPD × competency tables are computed on by default."""
    return sorted(a for a in tidy_frame["assignment"].unique() if a != PRETEST)


def opd_competency(tidy_frame: pd.DataFrame, threshold: float = 70, k: int = 5, assignments=None) -> pd.DataFrame:
    """Per OPD × competency: n_learners, mean_pct, median_pct, pass_rate (% of learners ≥ threshold), suppressed.

    ``assignments`` defaults to :func:`default_assignments` (all but the pre-test). A learner
    counts when they have a percent in that competency. When ``n_learners < k`` the row is
    ``suppressed``: mean, median and pass rate are blanked so no individual can be recognised.
    """
    if assignments is None:
        assignments = default_assignments(tidy_frame)
    per = learner_competency(tidy_frame, assignments)
    per = per[per["pct"].notna()].assign(passed=lambda f: 100.0 * (f["pct"] >= threshold - TOLERANCE))
    table = per.groupby(["opd", "competency"], as_index=False).agg(
        n_learners=("pct", "size"), mean_pct=("pct", "mean"), median_pct=("pct", "median"), pass_rate=("passed", "mean"))
    return check_aggregate(_suppress(table, "n_learners", k, ["mean_pct", "median_pct", "pass_rate"])[OPD_COMPETENCY_COLUMNS])


def _suppress(table: pd.DataFrame, count: str, k: int, columns: list[str]) -> pd.DataFrame:
    table = table.copy()
    table[count] = table[count].astype(int)
    table["suppressed"] = table[count] < k
    for column in columns:
        table[column] = table[column].astype(float).where(~table["suppressed"])
    return table


def priorities(opd_comp: pd.DataFrame, target: float = 70, by: str = "mean_pct") -> pd.DataFrame:
    """OPD × competency rows needing more training: not suppressed, ``by`` < target, ranked by ``gap`` (worst first).

    ``gap`` = target − ``by`` (``mean_pct`` by default, or ``pass_rate``). Rows of
    :data:`NO_COMPETENCY` are left out: they are not a competency one can train.
    """
    if by not in ("mean_pct", "pass_rate"):
        raise EgovCourseError(f"priorities(by={by!r}) tidak dikenal; pilih 'mean_pct' atau 'pass_rate'.")
    rows = opd_comp[~opd_comp["suppressed"].astype(bool) & opd_comp[by].notna() & (opd_comp[by] < target - TOLERANCE)
                    & (opd_comp["competency"] != NO_COMPETENCY)]
    rows = rows.assign(gap=target - rows[by]).sort_values(["gap", "opd", "competency"], ascending=[False, True, True])
    rows = rows.reset_index(drop=True)
    rows.insert(0, "rank", np.arange(1, len(rows) + 1))
    return check_aggregate(rows)


# ---------------------------------------------------------------------------------------------
# Participation
# ---------------------------------------------------------------------------------------------
def participation(cells: pd.DataFrame, learners: pd.DataFrame) -> pd.DataFrame:
    """Per OPD × assignment: enrolled, submitted, missing (= enrolled − submitted), late.

    Enrolled = every learner of the gradebook(s) that hold the assignment, with or without a
    submission; learners seen only in ``cells`` are added under NO_OPD. ``submitted`` counts
    learners with graded cells for the assignment; ``late`` those submitted after the due date.
    """
    cells, learners = _keyed(cells), _keyed(learners)
    roster = learners[["learner", "source", "opd"]].drop_duplicates("learner")
    extra = cells.loc[~cells["learner"].isin(roster["learner"]), ["learner", "source"]].drop_duplicates("learner")
    roster = pd.concat([roster, extra.assign(opd=NO_OPD)], ignore_index=True)
    offered = cells[["source", "assignment"]].drop_duplicates()
    subs = cells.groupby(["learner", "assignment"], as_index=False).agg(timestamp=("timestamp", "first"),
                                                                        duedate=("duedate", "first"))
    subs["submitted"] = 1
    subs["late"] = (subs["timestamp"].notna() & subs["duedate"].notna() & (subs["timestamp"] > subs["duedate"])).astype(int)
    enrolled = roster.merge(offered, on="source").merge(subs[["learner", "assignment", "submitted", "late"]],
                                                         on=["learner", "assignment"], how="left")
    enrolled[["submitted", "late"]] = enrolled[["submitted", "late"]].fillna(0).astype(int)
    table = enrolled.groupby(["opd", "assignment"], as_index=False).agg(
        enrolled=("learner", "size"), submitted=("submitted", "sum"), late=("late", "sum"))
    table["missing"] = table["enrolled"] - table["submitted"]
    table = table[["opd", "assignment", "enrolled", "submitted", "missing", "late"]]
    return check_aggregate(table.sort_values(["assignment", "opd"]).reset_index(drop=True))


# ---------------------------------------------------------------------------------------------
# Pre-test → post-test
# ---------------------------------------------------------------------------------------------
def gain(tidy_frame: pd.DataFrame, pre: str = PRETEST, post: str = POSTTEST, *, autograded_only: bool = False) -> pd.DataFrame:
    """Per learner who has a percent on both tests: learner, source, opd, pre_pct, post_pct, gain.

    ``gain`` = (post − pre) / (100 − pre), the normalised gain; NaN when pre is 100 %.
    Learners missing either test (or with only pending cells in it) are left out.
    ``autograded_only`` compares the autograded items only, so that an essay graded on one
    test and still pending on the other does not make the two percentages cover different items.
    """
    frame = _only(tidy_frame, [pre, post])
    if autograded_only:
        frame = frame[frame["autograded"].astype(bool)]
    per = _points(frame, ["learner", "source", "opd", "assignment"])
    wide = per.pivot(index=["learner", "source", "opd"], columns="assignment", values="pct")
    wide = wide.reindex(columns=[pre, post]).dropna().reset_index()
    wide.columns.name = None
    wide = wide.rename(columns={pre: "pre_pct", post: "post_pct"})
    wide["gain"] = _normalised_gain(wide["pre_pct"], wide["post_pct"])
    return check_pseudonymous(wide[["learner", "source", "opd", "pre_pct", "post_pct", "gain"]])


def _normalised_gain(pre: pd.Series, post: pd.Series) -> pd.Series:
    room = (100.0 - pre).where(100.0 - pre > TOLERANCE)
    return ((post - pre) / room).astype(float)


def opd_gain(gains: pd.DataFrame, k: int = 5) -> pd.DataFrame:
    """Per OPD, from :func:`gain`: n, mean_pre, mean_post, gain = normalised gain of the means, suppressed (n < k).

    The OPD's gain is Hake's class-average ⟨g⟩ = (mean_post − mean_pre) / (100 − mean_pre),
    not the mean of individual gains, so a learner at 100 % on the pre-test still counts.
    """
    table = gains.groupby("opd", as_index=False).agg(n=("learner", "size"), mean_pre=("pre_pct", "mean"),
                                                      mean_post=("post_pct", "mean"))
    table["gain"] = _normalised_gain(table["mean_pre"], table["mean_post"])
    table = _suppress(table, "n", k, ["mean_pre", "mean_post", "gain"])
    return check_aggregate(table[["opd", "n", "mean_pre", "mean_post", "gain", "suppressed"]])


# ---------------------------------------------------------------------------------------------
# Items and reliability
# ---------------------------------------------------------------------------------------------
def _pearson(x: np.ndarray, y: np.ndarray) -> float:
    """Pearson's r; NaN with fewer than two pairs or when either side does not vary."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if len(x) < 2 or np.ptp(x) == 0 or np.ptp(y) == 0:
        return math.nan
    dx, dy = x - x.mean(), y - y.mean()
    return float((dx * dy).sum() / math.sqrt((dx * dx).sum() * (dy * dy).sum()))


def _score_matrix(frame: pd.DataFrame) -> tuple[pd.DataFrame, pd.Series, list[str]]:
    """Learner × item graded scores of one assignment (every submitter a row), item maxima, complete items."""
    submitters = sorted(frame["learner"].unique())
    graded = frame[~frame["pending"]]
    matrix = graded.pivot_table(index="learner", columns="grade_id", values="score", aggfunc="sum")
    matrix = matrix.reindex(index=submitters, columns=sorted(matrix.columns))
    maxima = frame.groupby("grade_id")["max_score"].max().reindex(matrix.columns)
    complete = [item for item in matrix.columns if matrix[item].notna().all()]
    return matrix, maxima, complete


def item_analysis(tidy_frame: pd.DataFrame, *, easy: float = 0.9, hard: float = 0.2,
                  min_discrimination: float = 0.2, min_graded: float = 0.8) -> pd.DataFrame:
    """Per assignment × item with at least one graded score: n, difficulty, discrimination and flags.

    ``difficulty`` p = mean of score / max_score over learners graded on the item.
    ``discrimination`` = corrected item–rest correlation: Pearson between the item score and
    the learner's total on the other *complete* items of the assignment (see the module
    docstring); NaN when either does not vary. Flags, as boolean columns and as their codes
    joined in ``issues`` (not ``flags``, which is a DataFrame attribute): ``terlalu_mudah``
    p > easy, ``terlalu_sulit`` p < hard, ``tidak_membedakan`` discrimination <
    min_discrimination (not raised when discrimination is NaN).

    ``graded_share`` = n / learners who submitted the assignment. Below ``min_graded`` (an essay
    most of whose answers still wait for a grader) the figures rest on the few cells already
    scored, often only the blank ones that nbgrader scores 0, so no quality flag is raised and
    ``belum_dinilai`` is set instead.
    """
    rows = []
    for assignment, frame in tidy_frame.groupby("assignment", sort=True):
        matrix, maxima, complete = _score_matrix(frame)
        info = frame.drop_duplicates("grade_id").set_index("grade_id")
        for item in matrix.columns:
            scored = matrix[item].notna()
            rest = matrix.loc[scored, [c for c in complete if c != item]]
            rows.append({
                "assignment": assignment, "grade_id": item, "competency": info.at[item, "competency"],
                "autograded": bool(info.at[item, "autograded"]), "max_score": float(maxima[item]),
                "n": int(scored.sum()), "difficulty": float((matrix.loc[scored, item] / maxima[item]).mean()),
                "discrimination": _pearson(matrix.loc[scored, item], rest.sum(axis=1)) if rest.shape[1] else math.nan,
                "complete": item in complete, "graded_share": float(scored.mean()),
            })
    columns = ["assignment", "grade_id", "competency", "autograded", "max_score", "n", "difficulty", "discrimination",
               "complete", "graded_share"]
    table = pd.DataFrame(rows, columns=columns)
    judged = table["graded_share"] >= min_graded - TOLERANCE
    table["terlalu_mudah"] = judged & (table["difficulty"] > easy)
    table["terlalu_sulit"] = judged & (table["difficulty"] < hard)
    table["tidak_membedakan"] = judged & table["discrimination"].notna() & (table["discrimination"] < min_discrimination)
    table["belum_dinilai"] = ~judged
    codes = ["terlalu_mudah", "terlalu_sulit", "tidak_membedakan", "belum_dinilai"]
    table["issues"] = table[codes].apply(lambda row: ", ".join(c for c in codes if row[c]), axis=1) if len(table) else ""
    return table


def reliability(tidy_frame: pd.DataFrame) -> pd.DataFrame:
    """Per assignment: n_learners, n_items, method (``KR-20`` or ``alpha``), reliability.

    Reliability of the points total, on the complete items and all submitters: Cronbach's
    alpha k/(k−1) · (1 − Σ σ²_item / σ²_total) with population variances (ddof = 0). When
    every score is 0 or its item's maximum m the test is dichotomous: σ²_item = m²·p·q, so the
    same number is KR-20 (with 1-point items the textbook k/(k−1) · (1 − Σ p·q / σ²_total)),
    and ``method`` says ``KR-20``. NaN with fewer than two items or learners, or when the
    totals do not vary.
    """
    rows = []
    for assignment, frame in tidy_frame.groupby("assignment", sort=True):
        matrix, maxima, complete = _score_matrix(frame)
        scores = matrix[complete].to_numpy(dtype=float)
        n, k = scores.shape
        dichotomous = bool(np.all((scores == 0) | (scores == maxima[complete].to_numpy(dtype=float))))
        total_var = scores.sum(axis=1).var() if n else 0.0
        value = k / (k - 1) * (1 - scores.var(axis=0).sum() / total_var) if k >= 2 and n >= 2 and total_var > 0 else math.nan
        rows.append({"assignment": assignment, "n_learners": n, "n_items": k,
                     "method": "KR-20" if dichotomous else "alpha", "reliability": value})
    return pd.DataFrame(rows, columns=["assignment", "n_learners", "n_items", "method", "reliability"])


# ---------------------------------------------------------------------------------------------
# Privacy
# ---------------------------------------------------------------------------------------------
def check_aggregate(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame itself when it has no learner-level column; EgovCourseError otherwise (OPD tables)."""
    found = [c for c in frame.columns if str(c).lower() in LEARNER_COLUMNS]
    if found:
        raise EgovCourseError(f"Tabel ringkasan tidak boleh memuat data per peserta (kolom {', '.join(found)}).")
    return frame


def check_pseudonymous(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame itself when it holds no personal column (NIP, name, email); EgovCourseError otherwise."""
    found = [c for c in frame.columns if str(c).lower() in PERSONAL_COLUMNS]
    if found:
        raise EgovCourseError(f"Tabel per peserta hanya boleh memakai pseudonim; hapus kolom {', '.join(found)}.")
    return frame

