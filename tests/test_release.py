"""release/ is what nbgrader generates from source/, and it leaks no answer."""

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


def test_release_has_no_outputs_no_solutions_and_no_hidden_tests():
    for nb_path in sorted((REPO / "release").glob("*/*.ipynb")):
        nb = nbformat.read(nb_path, as_version=4)
        for cell in nb.cells:
            assert "BEGIN SOLUTION" not in cell.source and "HIDDEN TESTS" not in cell.source, nb_path
            assert "sama(" not in cell.source, f"{nb_path}: a key comparison is visible"
            assert "Pedoman penilaian" not in cell.source, f"{nb_path}: the mark scheme leaked"
            if cell.cell_type == "code":
                assert not cell.outputs and cell.execution_count is None, nb_path
