"""The quiz bank: blueprint ↔ notebooks both ways, parallel forms, fact status, and the item files."""

import csv
import shutil

import nbformat
import pytest
from conftest import REPO

from egov_course.content import load_competencies, load_legal_facts
from egov_course.errors import ContentError
from egov_course.quizbank import (
    ESSAY,
    build,
    check_blueprint,
    check_parallel_forms,
    coverage_table,
    load_bank,
    load_blueprint,
    load_quiz,
)

ASSIGNMENTS = ["pretest", "kuis_01_spbe", "kuis_02_ite", "kuis_03_kip", "kuis_04_pdp", "kuis_05_layanan_publik",
               "kuis_06_satu_data", "posttest"]
BLUEPRINT = REPO / "quizbank" / "blueprint.csv"


@pytest.fixture(scope="module")
def blueprint():
    return load_blueprint(BLUEPRINT)


@pytest.fixture
def bank(tmp_path):
    """A scratch copy of quizbank/ and source/ to break on purpose."""
    shutil.copytree(REPO / "quizbank", tmp_path / "quizbank")
    shutil.copytree(REPO / "source", tmp_path / "source")
    return tmp_path


def _rewrite_blueprint(root, change):
    path = root / "quizbank" / "blueprint.csv"
    with open(path, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    fields = list(rows[0])
    rows = change(rows)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_the_course_has_the_eight_assignments_in_order(blueprint):
    from egov_course.coursedir import Course

    assert list(dict.fromkeys(r.assignment for r in blueprint)) == ASSIGNMENTS
    assert Course(REPO).source_assignments() == ASSIGNMENTS


def test_blueprint_and_notebooks_agree_both_ways(blueprint):
    assert check_blueprint(REPO, blueprint) == []


def test_source_notebooks_are_built_from_the_quiz_bank():
    stale = [a for a, _, changed in build(REPO, check=True) if changed]
    assert stale == [], f"run `egov-course quiz build` and `egov-course release`, then commit: {stale}"


def test_module_quizzes_have_8_to_10_items_and_one_essay_with_a_mark_scheme():
    _, quizzes = load_bank(REPO)
    for quiz in quizzes:
        if quiz.assignment.startswith("kuis_"):
            assert 8 <= len(quiz.autograded) <= 10, quiz.assignment
        assert len(quiz.essays) == 1, quiz.assignment
        essay = quiz.essays[0]
        assert len(essay.rubric) == essay.row.points >= 3 and essay.example, quiz.assignment


def test_the_bank_uses_every_answer_format(blueprint):
    formats = {r.format for r in blueprint}
    assert formats == {"pilihan", "benar_salah", "angka", "tanggal", "pilihan_banyak", "menjodohkan", ESSAY}
    for assignment in ASSIGNMENTS[1:-1]:
        mine = [r.format for r in blueprint if r.assignment == assignment]
        assert mine.count("pilihan_banyak") == 1 and mine.count("menjodohkan") == 1, assignment


def test_every_competency_is_measured_and_each_module_quiz_has_a_focus(blueprint):
    competencies = set(load_competencies())
    assert {r.competency for r in blueprint} == competencies
    for assignment in ("pretest", "posttest"):
        assert {r.competency for r in blueprint if r.assignment == assignment} == competencies
    focus = {"kuis_01_spbe": "konsep_spbe", "kuis_02_ite": "transaksi_elektronik", "kuis_03_kip": "keterbukaan_informasi",
             "kuis_04_pdp": "pelindungan_data", "kuis_05_layanan_publik": "layanan_publik_digital",
             "kuis_06_satu_data": "tata_kelola_data"}
    for assignment, competency in focus.items():
        rows = [r for r in blueprint if r.assignment == assignment]
        assert sum(r.competency == competency for r in rows) > len(rows) / 2, assignment


def test_pre_and_post_test_are_parallel_forms_with_different_items(blueprint):
    assert check_parallel_forms(blueprint) == []
    for competency in load_competencies():
        pre = sum(r.points for r in blueprint if r.assignment == "pretest" and r.competency == competency)
        post = sum(r.points for r in blueprint if r.assignment == "posttest" and r.competency == competency)
        assert pre == post > 0, competency
    pre = {r.grade_id for r in blueprint if r.assignment == "pretest"}
    post = {r.grade_id for r in blueprint if r.assignment == "posttest"}
    assert not pre & post


def test_no_key_rests_on_an_unverified_fact(blueprint):
    facts = load_legal_facts()
    for row in blueprint:
        assert row.facts, row
        for fact_id in row.facts:
            assert facts[fact_id].status in ("V1", "V2"), (row.assignment, row.grade_id, fact_id)


def test_the_fact_register_keeps_the_unverified_items_marked():
    facts = load_legal_facts()
    # The fact sheet's quick list of UNVERIFIED items: quiz keys may never rest on these.
    for fact_id in ("spbe-domain-bobot-kebijakan", "spbe-domain-bobot-manajemen", "spbe-indeks-rumus", "kip-perki-pasal",
                    "ite-36-2024", "ite-40a", "sdi-prinsip-pasal-3", "dumai-ki-kota", "dumai-opd-lengkap",
                    "pdp-lembaga-terbentuk", "asn-20-jp-uu-20-2023"):
        assert facts[fact_id].status == "UNVERIFIED", fact_id
    assert facts["kip-22-7"].status == "V1" and "10" in facts["kip-22-7"].summary


def test_a_key_on_an_unverified_fact_is_refused_with_its_line(bank):
    def change(rows):
        rows[1]["facts"] = "spbe-domain-bobot-kebijakan"
        return rows

    path = _rewrite_blueprint(bank, change)
    with pytest.raises(ContentError) as err:
        load_blueprint(path)
    assert "baris 3" in str(err.value) and "UNVERIFIED" in str(err.value) and "spbe-domain-bobot-kebijakan" in str(err.value)


@pytest.mark.parametrize("column, value, message", [
    ("competency", "hukum_umum", "bukan area kompetensi"),
    ("points", "nol", "harus angka lebih dari 0"),
    ("format", "isian", "tidak dikenal"),
    ("difficulty", "gampang", "harus mudah, sedang, sulit"),
    ("facts", "", "sebutkan id fakta"),
    ("facts", "kip-99", "tidak ada di legal_facts.yaml"),
    ("legal_source", "", "wajib diisi"),
    ("grade_id", "esai_tanpa_jawaban", "jangan diakhiri _soal atau _jawaban"),
    ("grade_id", "Soal-5", "tidak sah"),
    ("grade_id", "spbe_definisi", "harus unik di seluruh kursus"),
])
def test_bad_blueprint_rows_are_reported_by_line_and_column(bank, column, value, message):
    def change(rows):
        rows[4][column] = value
        return rows

    path = _rewrite_blueprint(bank, change)
    with pytest.raises(ContentError) as err:
        load_blueprint(path)
    assert f"baris 6, kolom '{column}'" in str(err.value) and message in str(err.value)


def test_a_grade_cell_missing_from_the_blueprint_is_found(bank):
    removed = {}

    def change(rows):
        removed.update(rows.pop(20))
        return rows

    _rewrite_blueprint(bank, change)
    problems = check_blueprint(bank)
    assert f"source/{removed['assignment']}: grade cell {removed['grade_id']} is not in blueprint.csv" in problems


def test_a_blueprint_row_without_a_grade_cell_is_found(bank):
    path = bank / "source" / "kuis_03_kip" / "kuis_03_kip.ipynb"
    nb = nbformat.read(path, as_version=4)
    victim = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade") and c.cell_type == "code")
    nb.cells.remove(victim)
    nbformat.write(nb, path)
    problems = check_blueprint(bank)
    assert any(p.endswith(f"kuis_03_kip/{victim.metadata.nbgrader.grade_id} has no grade cell in source/kuis_03_kip/")
               for p in problems), problems


def test_points_and_metadata_mismatches_are_found(bank):
    path = bank / "source" / "kuis_01_spbe" / "kuis_01_spbe.ipynb"
    nb = nbformat.read(path, as_version=4)
    grade = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade") and c.cell_type == "code")
    grade.metadata.nbgrader.points = 5
    answer = next(c for c in nb.cells if "egov_course" in c.metadata)
    answer.metadata.egov_course["competency"] = "tata_kelola_data"
    nbformat.write(nb, path)
    problems = "\n".join(check_blueprint(bank))
    assert "has 5 points, blueprint.csv line" in problems
    assert "competency='tata_kelola_data'" in problems


def test_a_lopsided_post_test_is_not_parallel(blueprint):
    from dataclasses import replace

    changed = [replace(r, difficulty="sulit") if r.assignment == "posttest" and r.difficulty == "mudah" else r
               for r in blueprint]
    problems = check_parallel_forms(changed)
    assert problems and all("not parallel" in p for p in problems)


def _edit_item(bank, assignment, index, **fields):
    import yaml

    path = bank / "quizbank" / f"{assignment}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["items"][index].update(fields)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.mark.parametrize("fields, message", [
    ({"key": "e"}, "tidak sesuai format pilihan"),
    ({"options": {"a": "satu", "c": "dua"}}, "harus urut a, b, c"),
    ({"options": {"a": "sama", "b": "sama"}}, "ada dua pilihan yang sama isinya"),
    ({"question": ""}, "question"),
])
def test_bad_items_are_reported_with_file_and_item(bank, blueprint, fields, message):
    path = _edit_item(bank, "pretest", 0, **fields)
    with pytest.raises(ContentError) as err:
        load_quiz(path, blueprint)
    assert "pretest.yaml" in str(err.value) and "spbe_definisi" in str(err.value) and message in str(err.value)


def test_an_essay_needs_one_rubric_element_per_point(bank, blueprint):
    import yaml

    data = yaml.safe_load((bank / "quizbank" / "pretest.yaml").read_text(encoding="utf-8"))
    path = _edit_item(bank, "pretest", len(data["items"]) - 1, rubric=["Satu unsur saja."])
    with pytest.raises(ContentError, match="1 unsur, padahal blueprint memberi 4 poin"):
        load_quiz(path, blueprint)


def test_an_item_missing_from_its_file_is_reported_by_blueprint_line(bank, blueprint):
    import yaml

    path = bank / "quizbank" / "kuis_05_layanan_publik.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    gone = data["items"].pop(2)["id"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(ContentError, match=f"{gone} tidak ada di kuis_05_layanan_publik.yaml"):
        load_quiz(path, blueprint)


def test_coverage_table_counts_items_per_competency(blueprint):
    table = coverage_table(blueprint)
    assert table.splitlines()[0].startswith("| competency | pretest | kuis_01_spbe")
    pretest_row = next(line for line in table.splitlines() if line.startswith("| konsep_spbe"))
    assert pretest_row.split("|")[2].strip() == "2 (2 pt)"


def test_quiz_commands(bank, capsys):
    from egov_course.cli import main

    shutil.copy(REPO / "nbgrader_config.py", bank)
    assert main(["quiz", "check", "--course-dir", str(bank)]) == 0
    assert "Blueprint cocok dengan source/" in capsys.readouterr().out
    assert main(["quiz", "build", "--check", "--course-dir", str(bank)]) == 0
    _edit_item(bank, "kuis_02_ite", 0, question="Pertanyaan yang diubah?")
    assert main(["quiz", "build", "--check", "--course-dir", str(bank)]) == 1
    assert "BEDA    kuis_02_ite" in capsys.readouterr().out
    assert main(["quiz", "build", "kuis_02_ite", "--course-dir", str(bank)]) == 0
    assert "Pertanyaan yang diubah?" in (bank / "source/kuis_02_ite/kuis_02_ite.ipynb").read_text(encoding="utf-8")


def test_quiz_rubric_gives_graders_every_mark_scheme(bank, tmp_path, capsys):
    from egov_course.cli import main

    shutil.copy(REPO / "nbgrader_config.py", bank)
    out = tmp_path / "pedoman.md"
    assert main(["quiz", "rubric", "--course-dir", str(bank), "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert text.count("**Pedoman penilaian**") == len(ASSIGNMENTS)
    assert "## kuis_03_kip, soal 10 (`esai_permohonan_tak_dijawab`, 4 poin)" in text
    assert main(["quiz", "rubric", "pretest", "--course-dir", str(bank)]) == 0
    assert "esai_permintaan_informasi" in capsys.readouterr().out
