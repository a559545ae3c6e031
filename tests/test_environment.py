"""The repository's own guard rails: one environment, relative config, nothing personal in git."""

import re

import tomllib
import yaml
from conftest import REPO

from egov_course.coursedir import Course


def _split(requirement: str) -> tuple[str, str]:
    match = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", requirement)
    return match.group(1).lower().replace("_", "-"), match.group(2).replace(" ", "")


def test_environment_yml_mirrors_pyproject():
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    wanted = dict(_split(r) for r in project["dependencies"] + project["optional-dependencies"]["test"])
    env = yaml.safe_load((REPO / "environment.yml").read_text())
    conda, pip = {}, []
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            pip.extend(dep.get("pip", []))
        else:
            name, spec = _split(dep)
            conda[name] = spec
    conda.pop("python"), conda.pop("pip")
    pip_named = dict(_split(p) for p in pip if not p.startswith("-e"))
    assert {**conda, **pip_named} == wanted
    assert "-e ." in pip, "environment.yml must install the project itself"
    assert "conda-forge" in env["channels"]


def test_nbgrader_config_has_no_absolute_paths_and_follows_the_clone(tmp_path):
    text = (REPO / "nbgrader_config.py").read_text()
    assert not re.search(r"""["'](/|[A-Za-z]:\\)""", text), "absolute path in nbgrader_config.py"
    moved = tmp_path / "elsewhere"
    moved.mkdir()
    (moved / "nbgrader_config.py").write_text(text)
    course = Course(moved)
    assert course.coursedir.root == str(moved.resolve())
    assert course.config.CourseDirectory.course_id == "spbe-dumai"
    assert course.config.OverwriteCells.add_missing_cells is True
    assert course.config.Execute.timeout > 0
    assert ".ipynb_checkpoints" in course.config.CourseDirectory.ignore
    assert course.db_url == f"sqlite:///{moved.resolve()}/gradebook.db"


def test_gitignore_keeps_learner_data_out():
    ignored = (REPO / ".gitignore").read_text().split()
    for entry in ("/submitted/", "/autograded/*", "!/autograded/README.md", "/feedback/", "gradebook.db*",
                  ".nbgrader.log", ".ipynb_checkpoints/", "__pycache__/", "/reports/"):
        assert entry in ignored


def test_ci_runs_make_test():
    assert "make test" in (REPO / ".ci" / "run").read_text()


def test_submission_timestamps_in_wib_are_read_correctly_by_nbgrader():
    import datetime as dt

    from nbgrader.utils import parse_utc

    from egov_course.cohort import TIMESTAMP_FORMAT, WIB

    course = Course(REPO)
    fmt = course.config.Exchange.timestamp_format
    assert fmt == TIMESTAMP_FORMAT and course.config.Exchange.timezone == "Asia/Jakarta"
    local = dt.datetime(2026, 2, 2, 17, 51, tzinfo=WIB)
    assert parse_utc(local.strftime(fmt)) == dt.datetime(2026, 2, 2, 10, 51)
    # the trap the format avoids: nbgrader's default layout with a WIB zone name is read as UTC
    assert parse_utc(local.strftime("%Y-%m-%d %H:%M:%S.%f %Z")) != dt.datetime(2026, 2, 2, 10, 51)
