"""egov-course grade records what stock `nbgrader autograde` records, on nbgrader's own quickstart course."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from egov_course.analytics import load_cell_grades
from egov_course.cli import main
from egov_course.coursedir import Course
from egov_course.grading.autograde import failure_reason

pytestmark = pytest.mark.slow
BIN = Path(sys.executable).parent


def _nbgrader(*args, cwd):
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    done = subprocess.run([str(BIN / "nbgrader"), *args], cwd=cwd, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-3000:]
    return done


@pytest.fixture(scope="module")
def quickstart(tmp_path_factory):
    """nbgrader's quickstart course, released, with three learners' submissions."""
    top = tmp_path_factory.mktemp("qs")
    _nbgrader("quickstart", "course101", cwd=top)
    root = top / "course101"
    _nbgrader("generate_assignment", "ps1", "--create", cwd=root)
    for student, pick in {"alice": "source", "bob": "release", "carol": None}.items():
        folder = root / "submitted" / student / "ps1"
        folder.mkdir(parents=True)
        for nb in ("problem1.ipynb", "problem2.ipynb"):
            step = pick or ("source" if nb == "problem1.ipynb" else "release")
            shutil.copy(root / step / "ps1" / nb, folder / nb)
    return root


def _grades(root):
    frame = load_cell_grades(f"sqlite:///{root}/gradebook.db")
    cols = ["student_id", "notebook", "grade_id", "max_score", "auto_score", "needs_manual_grade"]
    return frame[cols].sort_values(cols[:3]).reset_index(drop=True)


def test_same_grades_as_stock_autograde_cell_by_cell(quickstart, tmp_path):
    stock, ours = tmp_path / "stock", tmp_path / "ours"
    shutil.copytree(quickstart, stock)
    shutil.copytree(quickstart, ours)
    _nbgrader("autograde", "ps1", "--create", cwd=stock)
    assert main(["grade", "ps1", "--course-dir", str(ours)]) == 0
    expected, got = _grades(stock), _grades(ours)
    grade_cells = sum(c.metadata.get("nbgrader", {}).get("grade", False)
                      for nb in (quickstart / "source" / "ps1").glob("*.ipynb")
                      for c in nbformat.read(nb, as_version=4).cells)
    assert grade_cells >= 5 and len(expected) == 3 * grade_cells
    pd.testing.assert_frame_equal(got, expected)
    by_student = expected.groupby("student_id").auto_score.sum()
    assert by_student["alice"] >= by_student["carol"] > by_student["bob"] == 0
    report = pd.read_csv(ours / "autograded" / "ps1" / "grading_report.csv")
    assert list(report.columns) == ["student_id", "status", "score", "max_score", "seconds", "message"]
    assert sorted(report.student_id) == ["alice", "bob", "carol"]
    status = report.set_index("student_id").status
    # bob's unanswered code cells raise NotImplementedError; carol's problem1 is answered and her
    # problem2 (release version) has only written answers, so nothing of hers raises
    assert status["alice"] == status["carol"] == "graded"
    assert status["bob"] == "graded_with_errors"
    assert "NotImplementedError" in report.set_index("student_id").message["bob"]


def test_a_broken_submission_is_reported_and_the_rest_is_graded(quickstart, tmp_path):
    root = tmp_path / "course"
    shutil.copytree(quickstart, root)
    (root / "submitted" / "bob" / "ps1" / "problem1.ipynb").write_text("{ this is not json", encoding="utf-8")
    assert main(["grade", "ps1", "--course-dir", str(root)]) == 0
    report = pd.read_csv(root / "autograded" / "ps1" / "grading_report.csv").set_index("student_id")
    assert report.loc["bob", "status"] == "failed" and "problem1.ipynb" in report.loc["bob", "message"]
    assert report.loc["alice", "status"] == "graded" and report.loc["alice", "score"] > 0
    assert report.loc["carol", "status"] == "graded"


def test_a_learner_without_submission_is_listed_as_missing(quickstart, tmp_path):
    root = tmp_path / "course"
    shutil.copytree(quickstart, root)
    _nbgrader("db", "student", "add", "dave", cwd=root)
    assert main(["grade", "ps1", "--course-dir", str(root), "--student", "[ad]*"]) == 0
    report = pd.read_csv(root / "autograded" / "ps1" / "grading_report.csv").set_index("student_id")
    assert sorted(report.index) == ["alice", "dave"]
    assert report.loc["dave", "status"] == "missing"


def test_feedback_is_written_for_graded_learners(quickstart, tmp_path):
    root = tmp_path / "course"
    shutil.copytree(quickstart, root)
    assert main(["grade", "ps1", "--course-dir", str(root), "--student", "alice"]) == 0
    assert main(["feedback", "ps1", "--course-dir", str(root)]) == 0
    html = (root / "feedback" / "alice" / "ps1" / "problem1.html").read_text(encoding="utf-8")
    assert "Score:" in html or "score" in html.lower()


def test_unknown_assignment_is_a_clear_error(quickstart, capsys):
    assert main(["grade", "ps9", "--course-dir", str(quickstart)]) == 2
    assert "Tugas tidak dikenal: ps9" in capsys.readouterr().err


def test_failure_reason_prefers_nbgrader_error_lines():
    log = "[AutogradeApp | INFO] ok\n[AutogradeApp | ERROR] No notebooks were matched by x.ipynb\n"
    assert failure_reason({"log": log, "error": "Traceback\nNbGraderException: see above"}) == "No notebooks were matched by x.ipynb"
    assert failure_reason({"log": "[ERROR] Kernel died\n[ERROR] There was an error processing x"}) == "Kernel died"
    assert failure_reason({"error": "Traceback\nValueError: boom\n"}) == "ValueError: boom"
    nested = {"log": "[AutogradeApp | INFO] Sanitizing /c/submitted/bob/ps1/problem1.ipynb\n",
              "error": "Traceback\nnbformat.reader.NotJSONError: not JSON\nnbgrader.converters.base.NbGraderException: see\n"}
    assert failure_reason(nested) == "problem1.ipynb: nbformat.reader.NotJSONError: not JSON"


def test_an_interrupted_run_finishes_the_rest_without_duplicates(quickstart, tmp_path):
    import json

    import sqlalchemy as sa

    from egov_course.grading import grade

    root = tmp_path / "course"
    shutil.copytree(quickstart, root)
    for extra in ("dave", "erin"):
        shutil.copytree(root / "submitted" / "alice", root / "submitted" / extra)
    everyone = ["alice", "bob", "carol", "dave", "erin"]

    seen = []

    def stop_after_two(result):
        seen.append(result)
        if len(seen) == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        grade(Course(root), ["ps1"], workers=2, progress=stop_after_two)
    state = json.loads((root / "autograded" / "ps1" / "grading_state.json").read_text())
    assert sorted(state) == sorted(r.student_id for r in seen)

    again = grade(Course(root), ["ps1"], workers=2)
    assert sorted(r.student_id for r in again) == everyone
    assert sorted(r.student_id for r in again if r.reused) == sorted(state)
    assert all(r.status in ("graded", "graded_with_errors") for r in again)

    engine = sa.create_engine(f"sqlite:///{root}/gradebook.db")
    with engine.connect() as conn:
        submissions = conn.execute(sa.text("SELECT COUNT(*) FROM submitted_assignment")).scalar()
        grades = conn.execute(sa.text(
            "SELECT COUNT(*), COUNT(DISTINCT notebook_id || cell_id) FROM grade")).one()
    engine.dispose()
    assert submissions == 5 and grades[0] == grades[1]

    # a learner who resubmits is graded again; the others are not
    (root / "submitted" / "bob" / "ps1" / "problem1.ipynb").write_text(
        (root / "source" / "ps1" / "problem1.ipynb").read_text())
    third = {r.student_id: r for r in grade(Course(root), ["ps1"], workers=2)}
    assert not third["bob"].reused and all(third[s].reused for s in everyone if s != "bob")
    assert third["bob"].score > 0


def test_a_missing_notebook_scores_zero_and_the_other_is_graded(quickstart, tmp_path, capsys):
    root = tmp_path / "course"
    shutil.copytree(quickstart, root)
    shutil.copytree(root / "submitted" / "alice", root / "submitted" / "dave")
    (root / "submitted" / "dave" / "ps1" / "problem2.ipynb").unlink()
    assert main(["grade", "ps1", "--course-dir", str(root), "--student", "[ad]*"]) == 0
    out = capsys.readouterr().out
    assert "dinilai" in out and "Rata-rata nilai" in out  # the closing table
    cells = _grades(root)
    dave, alice = cells[cells.student_id == "dave"], cells[cells.student_id == "alice"]
    assert len(dave) == len(alice)
    assert (dave[dave.notebook == "problem2"].auto_score.fillna(0) == 0).all()
    assert dave[dave.notebook == "problem1"].auto_score.sum() == alice[alice.notebook == "problem1"].auto_score.sum() > 0
