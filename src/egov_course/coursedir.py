"""Open any nbgrader course directory the way the `nbgrader` command would.

The course's own ``nbgrader_config.py`` is loaded (after the user's and system's Jupyter
config), the course root is set to the folder given, and nbgrader runs with that folder as the
working directory so relative paths in the config mean what they mean for `nbgrader` itself.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from .errors import EgovCourseError

CONFIG_NAME = "nbgrader_config.py"


def repo_root() -> Path | None:
    """The course repository this package was installed from, when installed in development mode."""
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / CONFIG_NAME).is_file() and (parent / "source").is_dir():
            return parent
    return None


def default_course_dir() -> Path:
    """The current folder when it holds a course, else the repository root."""
    cwd = Path.cwd()
    if (cwd / CONFIG_NAME).is_file():
        return cwd
    root = repo_root()
    return root if root is not None else cwd


def load_config(course_dir: Path):
    """nbgrader config for ``course_dir``: Jupyter config paths first, the course's file last."""
    from jupyter_core.paths import jupyter_config_path
    from traitlets.config import Config
    from traitlets.config.loader import ConfigFileNotFound, PyFileConfigLoader

    config = Config()
    # jupyter_config_path() is highest priority first; load lowest first so later files win.
    folders = [*reversed(jupyter_config_path()), str(course_dir)]
    for folder in folders:
        if not os.path.isfile(os.path.join(folder, CONFIG_NAME)):
            continue
        loader = PyFileConfigLoader(CONFIG_NAME, path=folder)
        try:
            config.merge(loader.load_config())
        except ConfigFileNotFound:  # pragma: no cover - raced with a delete
            continue
        except Exception as exc:
            raise EgovCourseError(f"{os.path.join(folder, CONFIG_NAME)} tidak bisa dibaca: {exc}") from exc
    config.CourseDirectory.root = str(course_dir)
    return config


@contextlib.contextmanager
def working_dir(path: Path) -> Iterator[None]:
    old = os.getcwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(old)


def ensure_scripts_on_path() -> None:
    """Put this interpreter's scripts folder on PATH.

    nbgrader's ``Gradebook`` runs the ``alembic`` command when it creates a new database; from an
    un-activated virtualenv (``.venv/bin/egov-course``) that command is not on PATH.
    """
    scripts = os.path.dirname(sys.executable)
    parts = os.environ.get("PATH", "").split(os.pathsep)
    if scripts not in parts:
        os.environ["PATH"] = os.pathsep.join([scripts, *[p for p in parts if p]])


class Course:
    """An nbgrader course directory and nbgrader's API on it."""

    def __init__(self, course_dir: str | Path | None = None):
        ensure_scripts_on_path()
        path = Path(course_dir) if course_dir is not None else default_course_dir()
        if not path.is_dir():
            raise EgovCourseError(f"Folder kursus {path} tidak ada.")
        self.root = path.resolve()
        self.config = load_config(self.root)
        self._api = None

    # -- layout -----------------------------------------------------------------------------
    def step_dir(self, step: str) -> Path:
        return self.root / step

    def source_assignments(self) -> list[str]:
        """Assignments in ``source/``: folders holding at least one notebook."""
        return self._assignments_in(self.step_dir("source"))

    def released_assignments(self) -> list[str]:
        return self._assignments_in(self.step_dir("release"))

    @staticmethod
    def _assignments_in(folder: Path) -> list[str]:
        if not folder.is_dir():
            return []
        names = [p.name for p in folder.iterdir() if p.is_dir() and any(p.glob("*.ipynb"))]
        return sorted(names, key=assignment_sort_key)

    def notebooks(self, step: str, assignment: str) -> list[Path]:
        return sorted(self.step_dir(step).joinpath(assignment).glob("*.ipynb"))

    def submissions(self, assignment: str) -> list[str]:
        """Student ids with a submission folder for ``assignment``."""
        submitted = self.step_dir("submitted")
        if not submitted.is_dir():
            return []
        return sorted(p.name for p in submitted.iterdir() if (p / assignment).is_dir())

    @property
    def db_url(self) -> str:
        return self.coursedir.db_url

    # -- nbgrader --------------------------------------------------------------------------
    @property
    def api(self):
        if self._api is None:
            from nbgrader.apps import NbGraderAPI
            from nbgrader.coursedir import CourseDirectory

            coursedir = CourseDirectory(config=self.config)
            self._api = NbGraderAPI(coursedir=coursedir, config=self.config)
            self._api.log.setLevel(logging.WARNING)
        return self._api

    @property
    def coursedir(self):
        return self.api.coursedir

    @contextlib.contextmanager
    def gradebook(self):
        from nbgrader.api import Gradebook

        with working_dir(self.root):
            gb = Gradebook(self.db_url, course_id=self.coursedir.course_id)
            try:
                yield gb
            finally:
                gb.close()

    def run(self, method: str, *args, **kwargs) -> dict:
        """Call an NbGraderAPI method from the course folder; returns its result dict."""
        with working_dir(self.root):
            return getattr(self.api, method)(*args, **kwargs)


def assignment_sort_key(name: str) -> tuple[int, str]:
    """Course order: the pre-test first, module quizzes by name, the post-test last."""
    if name == "pretest":
        return (0, name)
    if name == "posttest":
        return (2, name)
    return (1, name)


def lesson_paths(root: str | Path) -> list[Path]:
    """The lesson notebooks of a course folder, in course order: ``course/NN_*.ipynb``."""
    return sorted((Path(root) / "course").glob("[0-9][0-9]_*.ipynb"))
