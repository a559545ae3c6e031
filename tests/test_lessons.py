"""The lessons in course/: their structure (objectives, JP, exercises, summary, Pasal, quiz) and a real
top-to-bottom execution of every one of them."""

import importlib
import re

import nbformat
import pytest
from conftest import REPO

from egov_course.content import load_competencies

LESSONS = ["00_pengantar", "01_konsep_spbe", "02_uu_ite", "03_keterbukaan_informasi", "04_pelindungan_data",
           "05_layanan_publik_digital", "06_satu_data"]
REQUIRED_HEADINGS = ["## Tujuan pembelajaran", "## Rangkuman", "## Sumber hukum", "## Kuis"]


def _lesson(name):
    return nbformat.read(REPO / "course" / f"{name}.ipynb", as_version=4)


def _markdown(nb) -> str:
    return "\n\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


def test_the_course_has_the_seven_lessons():
    assert sorted(p.stem for p in (REPO / "course").glob("*.ipynb")) == LESSONS


@pytest.mark.parametrize("name", LESSONS)
def test_lesson_structure(name):
    nb = _lesson(name)
    meta = nb.metadata["egov_course"]
    text = _markdown(nb)
    assert meta["lesson"] == name and meta["title"].strip()
    assert isinstance(meta["jp"], int) and 1 <= meta["jp"] <= 6
    assert re.search(rf"\*\*Perkiraan waktu:\*\* {meta['jp']} JP", text), "the JP line must match the metadata"
    assert set(meta["competencies"]) <= set(load_competencies()) and meta["competencies"]
    positions = [text.find(h + "\n") for h in REQUIRED_HEADINGS]
    assert all(p >= 0 for p in positions) and positions == sorted(positions), f"{name}: headings missing or out of order"
    objectives = text.split("## Tujuan pembelajaran", 1)[1].split("\n## ", 1)[0]
    assert len(re.findall(r"^\s*[-*] ", objectives, re.M)) >= 3
    competencies = load_competencies()
    named = [f"Kompetensi: {competencies[c].name}" for c in meta["competencies"]]
    assert any(n in objectives for n in named) or any(c in objectives for c in meta["competencies"]), \
        "objectives must name their competency"
    summary = text.split("## Rangkuman", 1)[1].split("\n## ", 1)[0]
    assert len(re.findall(r"^\s*[-*] ", summary, re.M)) >= 4
    sources = text.split("## Sumber hukum", 1)[1].split("\n## ", 1)[0]
    assert len(re.findall(r"Pasal \d+", sources)) >= 2, "sources must cite Pasal"
    assert len(re.findall(r"Pasal \d+", text)) >= 5, "rules in the text must cite their Pasal"
    if meta["quiz"]:
        assert (REPO / "source" / meta["quiz"]).is_dir() and meta["quiz"] in text.split("## Kuis", 1)[1]
    assert len(meta["exercises"]) >= 2 and text.count("### Latihan:") >= 2


@pytest.mark.parametrize("name", LESSONS)
def test_lessons_call_the_package_and_ship_without_outputs(name):
    nb = _lesson(name)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert not cell.outputs and cell.execution_count is None, f"{name}: clear the outputs before committing"
            assert not re.search(r"^\s*(def|class) ", cell.source, re.M), f"{name}: logic belongs in the package"
    modules = [m for m in nb.metadata["egov_course"]["exercises"]
               if importlib.util.find_spec(f"egov_course.exercises.{m}") is not None]
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    for module in modules:
        assert f"egov_course.exercises.{module} import tampilkan" in code, (name, module)


# Lessons whose learner text has been revised for issue 12 (L10, L11, Q12): all of them.
REVISED = LESSONS


@pytest.mark.parametrize("name", REVISED)
def test_revised_lessons_speak_to_learners(name):
    nb = _lesson(name)
    meta = nb.metadata["egov_course"]
    text = _markdown(nb)
    objectives = text.split("## Tujuan pembelajaran", 1)[1].split("\n## ", 1)[0]
    names = load_competencies()
    assert "(kompetensi:" not in objectives, "write the competency once, by its name, not its internal id"
    assert objectives.count("**Kompetensi: ") == 1 and f"**Kompetensi: {names[meta['competencies'][0]].name}" in objectives
    titles = re.findall(r"^### Latihan: (.+)$", text, re.M)
    assert titles and not any(re.fullmatch(r"[a-z_]+", t) for t in titles), f"code names as exercise titles: {titles}"
    quiz = text.split("## Kuis", 1)[1]
    assert "Assignments" in quiz and "release/" not in quiz, "one submission path: the Assignments tab"
    assert "DPO" not in text


def test_every_exercise_is_used_by_a_lesson():
    exercises = {p.stem for p in (REPO / "src/egov_course/exercises").glob("*.py") if p.stem != "__init__"}
    used = {m for name in LESSONS for m in _lesson(name).metadata["egov_course"]["exercises"]}
    assert exercises and exercises <= used, exercises - used


@pytest.mark.slow
@pytest.mark.parametrize("name", LESSONS)
def test_lesson_executes_top_to_bottom(name):
    from nbclient import NotebookClient

    nb = _lesson(name)
    NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(REPO / "course")}}).execute()
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not errors, errors
    shown = [sum("application/vnd.jupyter.widget-view+json" in o.get("data", {}) for o in c.outputs)
             for c in nb.cells if c.cell_type == "code" and re.search(r"^tampilkan\(", c.source, re.M)]
    assert shown and all(n == 1 for n in shown) or not shown, f"{name}: each exercise must show exactly once: {shown}"
    modules = [m for m in nb.metadata["egov_course"]["exercises"]
               if importlib.util.find_spec(f"egov_course.exercises.{m}") is not None]
    assert len(shown) == len(modules), f"{name}: {len(shown)} exercise cells for {modules}"
