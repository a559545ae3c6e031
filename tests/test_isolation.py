"""Learner code runs in a bubblewrap sandbox while grading: no gradebook, no other learners, no network."""

import json
import shutil
import socket

import nbformat
import pytest
from conftest import FILES, REPO, require

from egov_course.coursedir import Course
from egov_course.grading import grade
from egov_course.grading.sandbox import bwrap_problem

pytestmark = pytest.mark.slow


@pytest.fixture
def sandbox_available():
    require(bwrap_problem())


def _escape_line(course_dir, student):
    nb = nbformat.read(course_dir / "autograded" / student / "pretest" / "pretest.ipynb", as_version=4)
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            text = output.get("text", "")
            if text.startswith("ESCAPE "):
                return json.loads(text[len("ESCAPE "):].splitlines()[0])  # the ✓ echo of answer 1 follows
    raise AssertionError("the escape cell printed nothing")


def test_learner_code_cannot_escape_the_sandbox(course_dir, sandbox_available):
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.setblocking(False)
    port = server.getsockname()[1]
    try:
        escape = (FILES / "isolation-escape.ipynb").read_text(encoding="utf-8").replace("PORT = 0", f"PORT = {port}")
        for student, text in {"escape": escape, "honest": (REPO / "source/pretest/pretest.ipynb").read_text()}.items():
            folder = course_dir / "submitted" / student / "pretest"
            folder.mkdir(parents=True)
            (folder / "pretest.ipynb").write_text(text, encoding="utf-8")
        course = Course(course_dir)
        results = {r.student_id: r for r in grade(course, ["pretest"], isolation="on")}

        tried = _escape_line(course_dir, "escape")
        assert tried["read_gradebook"] == "FileNotFoundError"
        assert tried["list_submitted"] == "FileNotFoundError"
        assert tried["list_autograded"] == "OK ['escape']", "other learners' folders must not exist inside"
        assert tried["read_source"] == "FileNotFoundError"
        assert tried["read_own_notebook"] == "FileNotFoundError", "the notebook on disk holds the hidden tests"
        assert tried["connect_grader_host"] == "ConnectionRefusedError"
        assert tried["interfaces"] == "OK ['lo']"
        assert tried["allocate_8_gib"] == "MemoryError"
        assert tried["write_usr"] == "OSError"
        with pytest.raises(BlockingIOError):
            server.accept()  # nothing reached the grader's loopback
    finally:
        server.close()

    # the grader survived, graded the attacker's one correct answer and everyone else in full
    assert results["escape"].status in ("graded", "graded_with_errors") and results["escape"].score == 1
    assert results["honest"].status == "graded" and results["honest"].score == results["honest"].max_score == 12
    assert (course_dir / "gradebook.db").stat().st_size > 1000  # the overwrite attempt hit a sandbox copy
    assert not (REPO.parent / "egov-escape").exists()


def test_required_isolation_that_is_missing_stops_the_run(course_dir, monkeypatch):
    from egov_course.errors import EgovCourseError
    from egov_course.grading import sandbox

    folder = course_dir / "submitted" / "x" / "pretest"
    folder.mkdir(parents=True)
    shutil.copy(REPO / "release/pretest/pretest.ipynb", folder)
    monkeypatch.setattr(sandbox, "bwrap_problem", lambda: "bubblewrap (bwrap) tidak terpasang")
    with pytest.raises(EgovCourseError, match="Isolasi diminta tetapi tidak tersedia"):
        grade(Course(course_dir), ["pretest"], isolation="on")
    warnings = []
    results = grade(Course(course_dir), ["pretest"], isolation="auto", warn=warnings.append)
    assert results[0].status == "graded"
    assert len(warnings) == 1 and "TANPA isolasi" in warnings[0] and "tidak terpasang" in warnings[0]
