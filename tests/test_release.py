"""release/ is what nbgrader generates from source/ (the leak scan is in test_quizzes.py)."""

import shutil

import nbformat
import pytest
from conftest import REPO

from egov_course.coursedir import Course

pytestmark = pytest.mark.slow


def _cells(path):
    nb = nbformat.read(path, as_version=4)
    return [(c.cell_type, c.source, dict(c.metadata)) for c in nb.cells], dict(nb.metadata)


def test_release_matches_a_fresh_generate_assignment(course_dir):
    shutil.rmtree(course_dir / "release")
    course = Course(course_dir)
    assert course.source_assignments(), "no assignment in source/"
    for assignment in course.source_assignments():
        outcome = course.run("generate_assignment", assignment, force=True, create=True)
        assert outcome["success"], outcome.get("error")
        fresh = sorted(p.name for p in (course_dir / "release" / assignment).iterdir())
        committed = sorted(p.name for p in (REPO / "release" / assignment).iterdir())
        assert fresh == committed
        for nb in course.notebooks("release", assignment):
            assert _cells(nb) == _cells(REPO / "release" / assignment / nb.name), (
                f"release/{assignment}/{nb.name} is stale: run `egov-course release` and commit release/")
