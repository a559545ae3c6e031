"""The benchmark's synthetic gradebook: rows inserted straight into nbgrader's schema must read back
through nbgrader's own ORM exactly as autograded gradebooks do, and through ``load_cell_grades``."""

from __future__ import annotations

import re
from collections import defaultdict

import pytest
import sqlalchemy as sa

from bench.synthetic_gradebook import COURSE_ID, graded_cells, make_gradebook  # bench/ is on pytest's pythonpath
from egov_course.analytics import load_cell_grades
from egov_course.content import load_opd_list
from egov_course.roster import PSEUDONYM_PREFIX

LEARNERS = 12


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    return make_gradebook(tmp_path_factory.mktemp("synthetic") / "gradebook.db", LEARNERS)


def test_counts_follow_the_blueprint(book):
    cells = graded_cells()
    per_assignment = defaultdict(int)
    for row in cells:
        per_assignment[row.assignment] += 1
    assert book["learners"] == LEARNERS
    assert book["assignments"] == len(per_assignment) == 8
    assert book["cells"] == len(cells) == 86
    assert book["submissions"] + book["missing"] == LEARNERS * 8
    assert book["submissions"] == len(book["scores"])
    assert book["grades"] == book["comments"] == sum(per_assignment[a] for (_, a) in book["scores"])
    assert book["essays_pending"] > 0


def test_nbgrader_orm_reads_it_back(book):
    from nbgrader.api import Gradebook, MissingEntry

    blueprint = graded_cells()
    max_by_assignment = defaultdict(float)
    for row in blueprint:
        max_by_assignment[row.assignment] += row.points
    with Gradebook(book["url"], course_id=COURSE_ID) as gb:
        students = gb.students
        assert len(students) == LEARNERS
        assert all(re.fullmatch(rf"{PSEUDONYM_PREFIX}\d{{4}}", s.id) for s in students)
        assignments = gb.assignments
        assert [a.name for a in assignments] == list(max_by_assignment)  # ordered by due date = blueprint order
        for assignment in assignments:
            assert assignment.max_score == pytest.approx(max_by_assignment[assignment.name])
            assert [nb.name for nb in assignment.notebooks] == [assignment.name]

        # the polymorphic cells: an essay is a grade and a solution cell, an autograded item a
        # hidden-test grade cell plus its answer cell <grade_id>_jawaban
        for row in blueprint:
            cell = gb.find_grade_cell(row.grade_id, row.assignment, row.assignment)
            assert cell.max_score == row.points
            if row.format == "uraian":
                assert cell.cell_type == "markdown"
                gb.find_solution_cell(row.grade_id, row.assignment, row.assignment)
            else:
                assert cell.cell_type == "code"
                gb.find_solution_cell(f"{row.grade_id}_jawaban", row.assignment, row.assignment)

        pending = 0
        for assignment in assignments:
            for student in students:
                key = (student.id, assignment.name)
                if key not in book["scores"]:
                    with pytest.raises(MissingEntry):
                        gb.find_submission(assignment.name, student.id)
                    continue
                submission = gb.find_submission(assignment.name, student.id)
                assert submission.score == pytest.approx(book["scores"][key])
                assert submission.timestamp is not None
                grades = submission.notebooks[0].grades
                waiting = [g for g in grades if g.needs_manual_grade]
                for grade in waiting:  # a written essay nobody has graded yet
                    assert grade.cell_type == "markdown"
                    assert grade.auto_score is None and grade.manual_score is None
                    assert grade.score == 0.0
                for grade in grades:
                    if grade.cell_type == "code":
                        assert grade.auto_score in (0.0, grade.max_score) and not grade.needs_manual_grade
                assert submission.needs_manual_grade == bool(waiting)
                assert len(submission.notebooks[0].comments) == len(grades)
                pending += len(waiting)
        assert pending == book["essays_pending"]


def test_some_submissions_are_late(book):
    cells = load_cell_grades(book["url"])
    per_submission = cells.drop_duplicates(["student_id", "assignment"])
    assert (per_submission["timestamp"] > per_submission["duedate"]).sum() == book["late"] > 0


def test_load_cell_grades_has_one_row_per_learner_and_cell(book):
    cells = load_cell_grades(book["url"])
    assert len(cells) == book["grades"]
    assert not cells.duplicated(["student_id", "assignment", "grade_id"]).any()
    assert cells["student_id"].nunique() == LEARNERS
    essays = cells[cells["cell_type"] == "markdown"]
    assert not essays["autograded"].any() and cells.loc[cells["cell_type"] == "code", "autograded"].all()
    assert cells["needs_manual_grade"].sum() == book["essays_pending"]
    totals = cells.assign(score=cells["score"].fillna(0.0)).groupby(["student_id", "assignment"])["score"].sum()
    assert totals.to_dict() == pytest.approx(book["scores"])


def test_learners_have_opd_and_nip(book):
    engine = sa.create_engine(book["url"])
    try:
        with engine.connect() as conn:
            rows = conn.execute(sa.text("SELECT student_id, nip, opd, synthetic FROM egov_learner")).all()
    finally:
        engine.dispose()
    codes = set(load_opd_list().codes)
    assert len(rows) == LEARNERS
    assert all(re.fullmatch(r"\d{18}", r.nip) and r.opd in codes and r.synthetic for r in rows)
    assert len({r.nip for r in rows}) == LEARNERS


def test_same_seed_same_gradebook_and_refuses_to_overwrite(book, tmp_path):
    again = make_gradebook(tmp_path / "again.db", LEARNERS, assignments=["pretest", "posttest"])
    assert {k: v for k, v in again["scores"].items() if k[1] in ("pretest",)} == \
        {k: v for k, v in book["scores"].items() if k[1] in ("pretest",)}
    assert again["assignments"] == 2
    with pytest.raises(FileExistsError):
        make_gradebook(tmp_path / "again.db", LEARNERS)
    with pytest.raises(ValueError, match="kuis_99"):
        make_gradebook(tmp_path / "other.db", LEARNERS, assignments=["kuis_99"])
