"""Shared fixtures: a temporary copy of the course and helpers to write files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FILES = Path(__file__).resolve().parent / "files"


def copy_course(parent: Path) -> Path:
    """Copy this course (config, quizbank/, source/, release/), with no learner data, to ``parent/course``."""
    dest = parent / "course"
    dest.mkdir()
    shutil.copy(REPO / "nbgrader_config.py", dest)
    shutil.copytree(REPO / "quizbank", dest / "quizbank")
    shutil.copytree(REPO / "source", dest / "source")
    shutil.copytree(REPO / "release", dest / "release")
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
