"""Gradebook → tidy per-cell frame → summaries per OPD.

Grades are read with plain SQL from nbgrader's schema (any SQLAlchemy URL), which is much
faster than walking the Gradebook ORM and works on several gradebooks alike.
"""

from __future__ import annotations

import pandas as pd
import sqlalchemy as sa

NO_OPD = "(tanpa OPD)"

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


def load_cell_grades(db_url: str) -> pd.DataFrame:
    """One row per learner × graded cell, with ``autograded`` true for test cells (not answers)."""
    engine = sa.create_engine(db_url)
    try:
        with engine.connect() as conn:
            frame = pd.read_sql_query(sa.text(CELL_GRADES_SQL), conn)
    finally:
        engine.dispose()
    frame["autograded"] = (frame["cell_type"] == "code") & ~frame["is_answer_cell"].astype(bool)
    frame["score"] = frame["manual_score"].where(frame["manual_score"].notna(), frame["auto_score"])
    frame["needs_manual_grade"] = frame["needs_manual_grade"].astype(bool)
    for col in ("timestamp", "duedate"):
        frame[col] = pd.to_datetime(frame[col])
    return frame.drop(columns=["is_answer_cell"])


def load_learners(db_url: str) -> pd.DataFrame:
    """student_id → OPD code from ``egov_learner``; every nbgrader student, NO_OPD when unknown."""
    engine = sa.create_engine(db_url)
    try:
        with engine.connect() as conn:
            students = pd.read_sql_query(sa.text("SELECT id AS student_id FROM student"), conn)
            if sa.inspect(conn).has_table("egov_learner"):
                opd = pd.read_sql_query(sa.text("SELECT student_id, opd FROM egov_learner"), conn)
            else:
                opd = pd.DataFrame(columns=["student_id", "opd"])
    finally:
        engine.dispose()
    frame = students.merge(opd, on="student_id", how="left")
    frame["opd"] = frame["opd"].fillna(NO_OPD)
    return frame


def submission_scores(cells: pd.DataFrame) -> pd.DataFrame:
    """Per learner × assignment: autograded points, percent, essays pending, late."""
    auto = cells[cells["autograded"]]
    per = auto.groupby(["student_id", "assignment"], as_index=False).agg(
        auto_score=("auto_score", "sum"), auto_max=("max_score", "sum"))
    pending = cells.groupby(["student_id", "assignment"], as_index=False).agg(
        essays_pending=("needs_manual_grade", "sum"), timestamp=("timestamp", "first"), duedate=("duedate", "first"))
    per = pending.merge(per, on=["student_id", "assignment"], how="left")
    per["auto_pct"] = 100.0 * per["auto_score"] / per["auto_max"].where(per["auto_max"] > 0)
    per["late"] = per["timestamp"].notna() & per["duedate"].notna() & (per["timestamp"] > per["duedate"])
    return per


def opd_summary(cells: pd.DataFrame, learners: pd.DataFrame, opd_names: dict[str, str] | None = None) -> pd.DataFrame:
    """Per OPD × assignment: enrolled, submitted, late, mean and median autograded percent, essays pending."""
    opd_names = opd_names or {}
    scores = submission_scores(cells).merge(learners, on="student_id", how="left")
    scores["opd"] = scores["opd"].fillna(NO_OPD)
    enrolled = learners.groupby("opd").size().rename("enrolled")
    grouped = scores.groupby(["opd", "assignment"]).agg(
        submitted=("student_id", "nunique"), late=("late", "sum"), mean_pct=("auto_pct", "mean"),
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
