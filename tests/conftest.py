"""Shared fixtures: a temporary copy of the course and helpers to write files (CSV rosters, exercise YAML)."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
import yaml

from egov_course.content import data_path
from egov_course.errors import ContentError

REPO = Path(__file__).resolve().parents[1]
FILES = Path(__file__).resolve().parent / "files"


def copy_course(parent: Path) -> Path:
    """Copy this course (config, quizbank/, source/, release/, analytics/), with no learner data, to ``parent/course``."""
    dest = parent / "course"
    dest.mkdir()
    shutil.copy(REPO / "nbgrader_config.py", dest)
    shutil.copytree(REPO / "quizbank", dest / "quizbank")
    shutil.copytree(REPO / "source", dest / "source")
    shutil.copytree(REPO / "release", dest / "release")
    shutil.copytree(REPO / "analytics", dest / "analytics")
    return dest


@pytest.fixture
def course_dir(tmp_path) -> Path:
    """A fresh copy of this course for one test."""
    return copy_course(tmp_path)


@pytest.fixture
def write_csv(tmp_path):
    """Write text (or bytes) to a CSV file in tmp_path and return its path."""

    def _write(content: str | bytes, name: str = "roster.csv") -> Path:
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return _write


def exercise_yaml(name: str) -> dict:
    """A fresh copy of the shipped content of exercise ``name`` (``content/exercises/<name>.yaml``), to edit in a test."""
    return yaml.safe_load(data_path(f"exercises/{name}.yaml").read_text(encoding="utf-8"))


def write_yaml(path: Path, data) -> Path:
    """Write ``data`` as YAML (keys in their order, text as typed) to ``path`` and return the path."""
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def edited_exercise(tmp_path: Path, name: str, edit) -> Path:
    """The shipped content of exercise ``name`` changed by ``edit(data)``, written to ``tmp_path/<name>.yaml``."""
    data = exercise_yaml(name)
    edit(data)
    return write_yaml(tmp_path / f"{name}.yaml", data)


def content_error(load, path: Path) -> str:
    """The text of the ContentError that ``load(path)`` raises for a broken content file; it must name the file."""
    with pytest.raises(ContentError) as info:
        load(path)
    text = str(info.value)
    assert str(path) in text
    return text


def require(problem: str | None) -> None:
    """Skip a test whose system tool is missing here; fail it in CI, where .ci/run installs every such tool."""
    if problem:
        if os.environ.get("CI"):
            pytest.fail(problem)
        pytest.skip(problem)


@pytest.fixture(scope="session")
def postgres_server():
    """A private PostgreSQL server (tests/pgserver.py) for the whole session; skipped without PostgreSQL, failed in CI."""
    from pgserver import PostgresServer, postgres_problem

    require(postgres_problem())
    base = Path(tempfile.mkdtemp(prefix="egov-pg-"))  # not under tmp_path: pytest's folders are 0700, postgres could not enter
    base.chmod(0o755)
    with PostgresServer(base) as server:
        yield server
