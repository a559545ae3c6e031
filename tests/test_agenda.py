"""The trainer's agenda (content/agenda.yaml): it loads against the lessons and quizzes, the lessons' JP and
minutes follow it, the totals are honest (review table 1b), and the trainer's guide is generated from it."""

import re

import nbformat
import pytest
import yaml
from conftest import REPO, content_error, write_yaml

from egov_course import agenda
from egov_course.content import data_path

STAMPED = ["00_pengantar", "01_konsep_spbe", "02_uu_ite", "03_keterbukaan_informasi", "04_pelindungan_data",
           "05_layanan_publik_digital", "06_satu_data"]


@pytest.fixture(scope="module")
def plan():
    return agenda.load(REPO)


def _nb(stem):
    return nbformat.read(REPO / "course" / f"{stem}.ipynb", as_version=4)


def test_the_agenda_loads_with_every_lesson_and_quiz(plan):
    assert list(plan.lessons) == sorted(p.stem for p in (REPO / "course").glob("0*.ipynb"))
    assert set(plan.quizzes) == {p.stem for p in (REPO / "quizbank").glob("*.yaml")}
    for quiz, minutes in plan.quizzes.items():  # read from the quiz bank, not copied
        assert minutes == yaml.safe_load((REPO / "quizbank" / f"{quiz}.yaml").read_text(encoding="utf-8"))["minutes"]
    assert {"tiga_hari", "dua_hari"} == set(plan.plans)


@pytest.mark.parametrize("stem", STAMPED)
def test_lesson_jp_and_time_line_equal_the_agenda(plan, stem):
    lesson, nb = plan.lessons[stem], _nb(stem)
    assert nb.metadata["egov_course"]["jp"] == lesson.jp == agenda.jp(lesson.minutes)
    assert agenda.time_line(lesson, plan.quizzes[lesson.quiz]) in nb.cells[0].source
    assert len(lesson.discussions) == 2


@pytest.mark.parametrize("stem", STAMPED)
def test_sections_match_headings_and_show_their_minutes(plan, stem):
    lesson, nb = plan.lessons[stem], _nb(stem)
    headings = [line[3:] for c in nb.cells if c.cell_type == "markdown" for line in c.source.splitlines()
                if line.startswith("## ") and line[3:] not in agenda.UNTIMED]
    assert [s.heading for s in lesson.sections] == headings
    for section in lesson.sections:
        talks = sum(d.section == section.heading for d in lesson.discussions)
        total = section.minutes + 10 * talks
        assert re.search(rf"## {re.escape(section.heading)}\n\n_\(± {total} menit", nb.cells[section.cell].source)
    marked = [c.id for c in nb.cells if agenda.DISCUSSION_LABEL in c.source]
    assert sorted(marked) == sorted(d.cell_id for d in lesson.discussions), "exactly the chosen questions are marked"


def test_stamp_is_idempotent_on_the_committed_lessons(plan, tmp_path):
    import shutil

    shutil.copytree(REPO / "course", tmp_path / "course")
    assert agenda.stamp(tmp_path, plan, STAMPED) == []


def test_totals_are_in_the_documented_range(plan):
    lessons_01_06 = sum(plan.lessons[s].jp for s in STAMPED if s != "00_pengantar")
    assert 13 <= lessons_01_06 <= 15, "review 1b: with pair discussion about 13–15 JP"
    assert 200 <= plan.quiz_minutes <= 230, "review 1b: quizzes 200–230 minutes"
    three, two = plan.plans["tiga_hari"], plan.plans["dua_hari"]
    assert len(three.days) == 3 and 21.5 <= three.minutes / 45 <= 24, three.minutes
    assert len(two.days) == 2 and two.minutes < three.minutes
    for plan_ in (three, two):
        for day in plan_.days:
            assert day[-1].end <= "17.00", f"{plan_.id}: a day ends at {day[-1].end}"
    assert ("06_satu_data", "5. Latihan data: layanan per kecamatan") in two.enrichment


def test_the_readme_shows_the_agenda_jp(plan):
    readme = (REPO / "course" / "README.md").read_text(encoding="utf-8")
    for stem, lesson in plan.lessons.items():
        assert re.search(rf"\| `{stem}` \| {lesson.jp} JP \|", readme), stem
    assert "make " not in readme and "release/" not in readme and "maintainer" not in readme.lower()


def test_the_trainer_guide_is_generated_from_the_agenda(plan):
    committed = (REPO / "docs" / "panduan_pelatih.md").read_text(encoding="utf-8")
    assert committed == agenda.trainer_guide(plan), "run `egov-course content stamp` to regenerate docs/panduan_pelatih.md"
    assert "## Rencana 3 hari" in committed and "## Varian 2 hari" in committed and "fakta_lokal.yaml" in committed


def _shipped():
    return yaml.safe_load(data_path("agenda.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("edit, message", [
    (lambda d: d["materi"][1]["sections"].pop(2), "sections harus sama dengan judul ##"),
    (lambda d: d["materi"][1]["sections"][0].update(minutes=0), "minutes harus bilangan bulat positif"),
    (lambda d: d["materi"][1]["diskusi"].append({"cell": "tidakada"}), "tidak ada sel dengan id ini"),
    (lambda d: d["materi"][1]["diskusi"].__setitem__(0, {"cell": "9530977d"}), "tepat satu **Pertanyaan refleksi:**"),
    (lambda d: d["kuis"].append("kuis_99"), "tidak ada quizbank/kuis_99.yaml"),
    (lambda d: d["rencana"][0]["days"][0].append("makan_siang"), "'makan_siang' bukan kegiatan"),
    (lambda d: d["rencana"][0]["days"][2].remove("posttest"), "setiap materi dan kuis tepat sekali"),
    (lambda d: d.update(jadwal=[]), "kunci tidak dikenal"),
])
def test_a_bad_agenda_names_the_file_and_the_entry(tmp_path, edit, message):
    data = _shipped()
    edit(data)
    path = write_yaml(tmp_path / "agenda.yaml", data)
    text = content_error(lambda p: agenda.load(REPO, p), path)
    assert message in text
