"""The pre-test round trip through real nbgrader: source scores full marks, release and wrong answers zero."""

import re

import nbformat
import pytest

from egov_course.analytics import load_cell_grades
from egov_course.coursedir import Course
from egov_course.grading import grade

pytestmark = pytest.mark.slow

WRONG = {"pilihan": None, "benar_salah": None, "angka": 999}


def _wrong_answers(release_nb, source_nb):
    """The release notebook with every one-line answer well-formed but wrong."""
    keys = {}
    for cell in source_nb.cells:
        meta = cell.metadata.get("egov_course")
        if meta:
            keys[meta["answer_variable"]] = re.findall(rf'^{meta["answer_variable"]} = (.+)$', cell.source, re.M)[-1]
    nb = nbformat.from_dict(release_nb)
    for cell in nb.cells:
        meta = cell.metadata.get("egov_course")
        if not meta:
            continue
        key = keys[meta["answer_variable"]].strip('"')
        if meta["format"] == "pilihan":
            value = '"' + next(o for o in meta["options"] if o != key) + '"'
        elif meta["format"] == "benar_salah":
            value = '"salah"' if key == "benar" else '"benar"'
        else:
            value = "999"
        cell.source = cell.source.replace('= ""', f"= {value}", 1)
    return nb


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    from conftest import copy_course

    root = copy_course(tmp_path_factory.mktemp("pretest"))
    source = nbformat.read(root / "source/pretest/pretest.ipynb", as_version=4)
    release = nbformat.read(root / "release/pretest/pretest.ipynb", as_version=4)
    for student, nb in {"kunci": source, "kosong": release, "salah": _wrong_answers(release, source)}.items():
        folder = root / "submitted" / student / "pretest"
        folder.mkdir(parents=True)
        nbformat.write(nb, folder / "pretest.ipynb")
    course = Course(root)
    results = {r.student_id: r for r in grade(course, ["pretest"])}
    cells = load_cell_grades(course.db_url)
    return results, cells, source, root


def test_pretest_has_about_twelve_items_and_one_essay(graded):
    _, _, source, _ = graded
    grade_cells = [c for c in source.cells if c.metadata.get("nbgrader", {}).get("grade")]
    auto = [c for c in grade_cells if c.cell_type == "code"]
    essays = [c for c in grade_cells if c.cell_type == "markdown"]
    assert 10 <= len(auto) <= 14 and len(essays) == 1
    ids = [c.metadata.nbgrader.grade_id for c in source.cells if "nbgrader" in c.metadata]
    assert len(ids) == len(set(ids)) and not any(i.startswith("cell-") for i in ids)
    competencies = {c.metadata.egov_course["competency"] for c in source.cells if "egov_course" in c.metadata}
    assert len(competencies) == 6


def test_source_notebook_scores_full_marks_on_every_autograded_cell(graded):
    results, cells, _, _ = graded
    mine = cells[(cells.student_id == "kunci") & cells.autograded]
    assert len(mine) >= 10
    assert (mine.auto_score == mine.max_score).all(), mine[mine.auto_score != mine.max_score].grade_id.tolist()
    assert results["kunci"].status == "graded" and results["kunci"].score == results["kunci"].max_score


def test_release_notebook_scores_zero(graded):
    results, cells, _, _ = graded
    mine = cells[(cells.student_id == "kosong") & cells.autograded]
    assert len(mine) >= 10 and (mine.auto_score == 0).all()
    assert results["kosong"].status == "graded" and results["kosong"].score == 0


def test_well_formed_wrong_answers_score_zero(graded):
    results, cells, _, _ = graded
    mine = cells[(cells.student_id == "salah") & cells.autograded]
    assert len(mine) >= 10 and (mine.auto_score == 0).all()
    assert results["salah"].score == 0


def test_essay_waits_for_the_instructor(graded):
    _, cells, _, _ = graded
    essay = cells[(cells.student_id == "kunci") & (cells.cell_type == "markdown")]
    assert len(essay) == 1 and bool(essay.needs_manual_grade.iloc[0])


def test_feedback_shows_the_failed_check_but_not_the_hidden_test(graded):
    from egov_course.grading import feedback

    _, _, source, root = graded
    course = Course(root)
    done, failed = feedback(course, "pretest", "salah")
    assert done == ["salah"] and failed == {}
    html = (course.root / "feedback" / "salah" / "pretest" / "pretest.html").read_text(encoding="utf-8")
    assert "Jawaban nomor 1 belum tepat." in html
    assert "HIDDEN TESTS" not in html and "sama(" not in html
    key_line = next(c.source for c in source.cells if c.metadata.get("egov_course", {}).get("item") == "spbe_definisi")
    assert key_line.splitlines()[-2] not in html  # the instructor's `jawaban_1 = ...` line
