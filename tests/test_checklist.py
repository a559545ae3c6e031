"""The trainer's content checklist (egov-course content check): the course rests on the law in force on its
reference date, shows that date, and no learner text presents superseded law as law in force."""

import shutil

import nbformat
import pytest
from conftest import REPO

from egov_course.checklist import TextUnit, check, lesson_citations, scan_superseded, stamp_lessons
from egov_course.cli import main
from egov_course.content import load_legal_facts, reference_date


@pytest.fixture(scope="module")
def checklist():
    return check(REPO)


def test_every_quiz_key_and_exercise_answer_rests_on_facts_in_force(checklist):
    keys = checklist.citations["Kuis (quizbank/blueprint.csv)"]
    answers = checklist.citations["Latihan (content/exercises/)"]
    assert len(keys) > 150 and len(answers) > 50
    bad = [f"{c.place}: {c.problem}" for c in (*keys, *answers) if c.role in ("kunci", "jawaban") and c.problem]
    assert not bad, "\n".join(bad)
    ref = reference_date().date
    assert all(c.fact.status in ("V1", "V2") and c.fact.in_force(ref) for c in (*keys, *answers) if c.role in ("kunci", "jawaban"))
    # The only exercise facts that are not answers: UNVERIFIED SPBE weights shown with their caveat, and history.
    assert {c.role for c in answers} <= {"jawaban", "keterangan", "riwayat"}
    assert {c.fact_id for c in answers if c.role == "keterangan"} <= {"spbe-domain-bobot-kebijakan", "spbe-domain-bobot-manajemen",
                                                                     "egdi-batas-075"}


def test_the_whole_course_passes_its_content_check(checklist):
    assert checklist.ok, "\n".join(checklist.problems)


def test_every_lesson_names_the_facts_it_teaches(checklist):
    lessons = checklist.citations["Materi (course/)"]
    taught = {c.place.split(",")[0] for c in lessons if c.role == "materi"}
    assert taught == {f"course/{p.name}" for p in sorted((REPO / "course").glob("0*.ipynb"))}


@pytest.mark.parametrize("text, topic, flagged", [
    ("Pencemaran nama baik diatur Pasal 27A UU ITE.", "", True),
    ("Sebelum 2 Januari 2026, pencemaran nama baik diatur Pasal 27A UU ITE.", "", False),
    ("Akses ilegal: Pasal 30 ayat (3), paling lama 8 tahun.", "ite", True),
    ("Akses ilegal kini diatur Pasal 332 KUHP.", "ite", False),
    ("Badan publik diancam pidana kurungan paling lama 1 tahun (UU 14/2008 Pasal 52).", "", True),
    ("Pasal 52 UU KIP: hanya denda, paling banyak kategori V (Rp500 juta).", "kip", False),
    ("Mengungkapkan data pribadi diancam 4 tahun dan/atau Rp4 miliar (UU PDP).", "", True),
    ("Pasal 30 UU PDP: perbaikan data paling lambat 3 x 24 jam.", "pdp", False),  # Pasal 30 of UU PDP is in force
])
def test_the_text_search_finds_superseded_law_presented_as_in_force(text, topic, flagged):
    assert bool(scan_superseded([TextUnit("contoh", text, topic)])) is flagged


def test_a_history_passage_by_role_is_not_flagged():
    unit = TextUnit("ite_kasus: berubah", "Pasal 27 ayat (3) dulu mengatur pencemaran nama baik.", "ite", history=True)
    assert scan_superseded([unit]) == []


def _lessons_copy(tmp_path):
    root = tmp_path / "kursus"
    shutil.copytree(REPO / "course", root / "course")
    shutil.copytree(REPO / "quizbank", root / "quizbank")  # the agenda reads the quizzes' minutes
    return root


def test_stamp_writes_the_reference_date_once(tmp_path):
    root = _lessons_copy(tmp_path)
    stamp_lessons(root)
    assert stamp_lessons(root) == []  # idempotent
    line = reference_date().line
    for path in (root / "course").glob("0*.ipynb"):
        first = nbformat.read(path, as_version=4).cells[0].source
        assert first.count(line) == 1, path.name


def test_an_undated_history_passage_and_a_fact_out_of_force_are_reported(tmp_path):
    root = _lessons_copy(tmp_path)
    path = root / "course" / "02_uu_ite.ipynb"
    nb = nbformat.read(path, as_version=4)
    cell = next(c for c in nb.cells if c.cell_type == "markdown" and "Pasal" in c.source and c.metadata.get("egov_course"))
    cell.source = "Akses tanpa hak ke server dinas diatur Pasal 30 UU ITE."
    cell.metadata["egov_course"] = {"facts": ["ite-30"], "history": ["kip-52"]}
    nbformat.write(nb, path)
    citations, problems = lesson_citations(root, load_legal_facts(), reference_date())
    mine = [c for c in citations if c.fact_id in ("ite-30", "kip-52") and "02_uu_ite" in c.place]
    assert any(c.fact_id == "ite-30" and "tidak berlaku lagi sejak 2 Januari 2026" in c.problem for c in mine)
    assert any("tanpa menyebut waktunya" in p for p in problems)


def test_the_command_prints_the_checklist(tmp_path, capsys):
    out = tmp_path / "daftar_periksa.md"
    assert main(["content", "check", "--course-dir", str(REPO), "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "per 2 Desember 2026" in text and "| `kuhp-332` |" in text and "sejak 2 Januari 2026" in text
    assert "Semua rujukan sesuai" in capsys.readouterr().out


@pytest.mark.parametrize("note", ["nomor pasal belum terverifikasi", "menurut sumber sekunder",
                                  "laporan PBB-nya tidak kami baca langsung"])
def test_research_notes_in_lesson_text_fail_the_check(tmp_path, note):
    from egov_course.checklist import scan_hedges

    root = _lessons_copy(tmp_path)
    assert scan_hedges(root) == []
    path = root / "course" / "05_layanan_publik_digital.ipynb"
    nb = nbformat.read(path, as_version=4)
    index = next(i for i, c in enumerate(nb.cells) if c.cell_type == "markdown" and "Pasal" in c.source)
    nb.cells[index].source += f"\n\nAngka ini ({note})."
    nbformat.write(nb, path)
    problems = scan_hedges(root)
    assert len(problems) == 1 and problems[0].startswith(f"course/05_layanan_publik_digital.ipynb, sel {index}: catatan riset")


def test_research_notes_in_quiz_text_fail_the_check_too(tmp_path):
    from egov_course.checklist import scan_hedges

    root = _lessons_copy(tmp_path)
    path = root / "quizbank" / "kuis_05_layanan_publik.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("    question: |\n", "    question: |\n      Angka ini belum terverifikasi.\n", 1),
                    encoding="utf-8")
    problems = scan_hedges(root)
    assert problems[0].startswith("quizbank/kuis_05_layanan_publik.yaml: kuis_05_layanan_publik.items[1] "
                                  "(lp_asas_kelompok_rentan).question: catatan riset")
    assert all("(lp_asas_kelompok_rentan)" in p and "'belum terverifikasi'" in p for p in problems)  # options too
