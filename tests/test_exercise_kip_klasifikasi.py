"""The exercise "Klasifikasi informasi publik": model, content file and the headless view."""

from __future__ import annotations

import pytest
from conftest import content_error, edited_exercise

from egov_course.content import load_legal_facts
from egov_course.exercises import output_html
from egov_course.exercises.kip_klasifikasi import EXEMPT, KlasifikasiView, Score, check, load

CONTENT = load()
FACTS = load_legal_facts()


# --- the model ------------------------------------------------------------------------------------
def test_right_answer_explains_with_pasal():
    fb = check("peringatan_banjir", "serta_merta")
    assert fb.correct is True and fb.score == 1.0
    assert fb.message.startswith("Benar!")
    assert "hajat hidup orang banyak" in fb.message
    assert fb.pasal == "UU 14/2008 Pasal 10"
    assert "uji konsekuensi" not in fb.message  # only exempt information needs the consequence test


def test_category_may_be_given_by_its_label():
    assert check("peringatan_banjir", "Serta-merta").correct is True
    assert check("daftar_informasi_publik", "tersedia setiap saat").correct is True
    assert check("laporan_keuangan", " BERKALA ").correct is True


def test_wrong_answer_names_the_right_category_and_pasal():
    fb = check("laporan_keuangan", "setiap_saat")
    assert fb.correct is False and fb.score == 0.0
    assert fb.message.startswith("Belum tepat. Anda memilih Tersedia setiap saat")
    assert "Berkala (Pasal 9)" in fb.message
    assert fb.pasal == "UU 14/2008 Pasal 9"


def test_third_party_agreement_cites_pasal_11_letter_e():
    fb = check("perjanjian_pihak_ketiga", "dikecualikan")
    assert fb.correct is False
    assert "Tersedia setiap saat" in fb.message
    assert fb.pasal == "UU 14/2008 Pasal 11 ayat (1) huruf e"


@pytest.mark.parametrize("case_id, letter", [("rekam_medis", "h"), ("identitas_saksi", "a"), ("memo_internal_rahasia", "i")])
def test_exempt_case_names_the_letter_and_the_consequence_test(case_id, letter):
    for chosen in ("dikecualikan", "berkala"):
        fb = check(case_id, chosen)
        assert fb.correct is (chosen == "dikecualikan")
        assert f"Dikecualikan (Pasal 17 huruf {letter})" in fb.message
        assert "uji konsekuensi" in fb.message
        assert f"Pasal 17 huruf {letter}" in fb.pasal
        assert "Pasal 2 ayat (4) dan Pasal 19" in fb.pasal


def test_health_record_mentions_consent_and_public_office():
    fb = check("rekam_medis", "dikecualikan")
    assert "persetujuan tertulis" in fb.message and "jabatan publik" in fb.message
    assert "Pasal 18 ayat (2)" in fb.pasal


@pytest.mark.parametrize("case", CONTENT.cases, ids=lambda c: c.id)
def test_every_case_has_exactly_one_right_category(case):
    results = {c.id: check(case.id, c.id).correct for c in CONTENT.categories}
    assert [cid for cid, ok in results.items() if ok] == [case.answer]
    assert all(ok is False for cid, ok in results.items() if cid != case.answer)


@pytest.mark.parametrize("choice", [None, "", "   "])
def test_empty_choice_is_a_friendly_hint(choice):
    fb = check("peringatan_banjir", choice)
    assert fb.correct is None and fb.score == 0.0
    assert "belum memilih kategori" in fb.message
    assert "Serta-merta" in fb.message


def test_unknown_category_and_unknown_case_are_friendly():
    fb = check("peringatan_banjir", "rahasia negara")
    assert fb.correct is None and "\"rahasia negara\" tidak dikenal" in fb.message
    fb = check("kasus_tidak_ada", "berkala")
    assert fb.correct is None and "'kasus_tidak_ada' tidak ada" in fb.message
    assert "peringatan_banjir" in fb.message


def test_score_counts_only_the_first_checked_answer_per_case():
    score = Score()
    score.record("a", check("peringatan_banjir", "berkala"))  # wrong first
    score.record("a", check("peringatan_banjir", "serta_merta"))  # right after seeing the answer: not counted
    score.record("b", check("laporan_keuangan", None))  # nothing chosen: not counted
    score.record("b", check("laporan_keuangan", "berkala"))
    assert (score.right, score.answered) == (1, 2)
    assert score.text(11).startswith("Tepat pada percobaan pertama: 1 dari 2")


# --- the content file -----------------------------------------------------------------------------
def test_content_has_all_four_categories_and_8_to_12_cases():
    assert [c.id for c in CONTENT.categories] == ["berkala", "serta_merta", "setiap_saat", "dikecualikan"]
    assert 8 <= len(CONTENT.cases) <= 12
    ids = [c.id for c in CONTENT.cases]
    assert len(ids) == len(set(ids))
    assert {c.answer for c in CONTENT.cases} == {c.id for c in CONTENT.categories}  # every category is practised


def test_every_case_has_what_the_model_needs():
    for case in CONTENT.cases:
        assert case.title and case.text and case.reason and case.pasal.startswith("UU 14/2008 Pasal")
        assert case.reason.count(". ") <= 1, case.id  # one or two sentences
        if case.answer == EXEMPT:
            assert case.letter in "abcdefghij" and len(case.letter) == 1
            assert f"Pasal 17 huruf {case.letter}" in case.pasal
        else:
            assert case.letter == ""


def test_answers_rest_on_verified_facts():
    entries = [*CONTENT.cases, *CONTENT.categories]
    for entry in entries:
        assert entry.facts, entry.id
        for fact_id in entry.facts:
            assert FACTS[fact_id].status in ("V1", "V2"), (entry.id, fact_id)
    for fact_id in CONTENT.exempt_facts:
        assert FACTS[fact_id].status in ("V1", "V2")
    assert {"kip-2-4", "kip-19"} <= set(CONTENT.exempt_facts)
    basis = {"berkala": "kip-9", "serta_merta": "kip-10", "setiap_saat": "kip-11"}
    for case in CONTENT.cases:
        if case.answer == EXEMPT:
            assert {"kip-17", f"kip-17-{case.letter}"} & set(case.facts), case.id
        else:
            assert basis[case.answer] in case.facts, case.id


@pytest.mark.parametrize("edit, fragment", [
    (lambda d: d["kasus"][1].update(jawaban="rahasia"), "kasus[2] (laporan_keuangan).jawaban"),
    (lambda d: d["kasus"][3].pop("huruf"), "kasus[4] (rekam_medis).huruf"),
    (lambda d: d["kasus"][3].update(huruf="k"), "kasus[4] (rekam_medis).huruf"),
    (lambda d: d["kasus"][3].update(pasal="UU 14/2008 Pasal 17"), "kasus[4] (rekam_medis).pasal"),
    (lambda d: d["kasus"][0].update(huruf="a"), "kasus[1] (peringatan_banjir).huruf"),
    (lambda d: d["kasus"][2].update(id="peringatan_banjir"), "kasus[3] (peringatan_banjir).id"),
    (lambda d: d["kasus"][4].pop("alasan"), "kasus[5] (identitas_saksi).alasan"),
    (lambda d: d["kasus"][5].update(facts=["kip-tidak-ada"]), "kasus[6] (daftar_informasi_publik).facts"),
    (lambda d: d["kasus"][6].update(facts=["kip-perki-pasal"]), "UNVERIFIED"),
    (lambda d: d["kasus"][7].update(id="Kabut Asap"), "kasus[8].id"),
    (lambda d: d["kategori"].pop(), "kategori 'dikecualikan' wajib ada"),
    (lambda d: d.pop("uji_konsekuensi"), "uji_konsekuensi"),
])
def test_broken_content_names_file_and_entry(tmp_path, edit, fragment):
    assert fragment in content_error(load, edited_exercise(tmp_path, "kip_klasifikasi", edit))


# --- the view, headless ---------------------------------------------------------------------------
def test_view_right_and_wrong_answers_and_score():
    view = KlasifikasiView()
    assert view.kasus.value == CONTENT.cases[0].id
    assert CONTENT.cases[0].title in view.teks.value
    assert view.pilihan.value is None
    assert view.tombol.description == "Periksa" and view.berikutnya.description == "Kasus berikutnya"

    view.pilihan.value = "serta_merta"
    view.tombol.click()
    assert "Benar!" in output_html(view.hasil)
    assert "Dasar hukum: UU 14/2008 Pasal 10" in output_html(view.hasil)
    assert "Tepat pada percobaan pertama: 1 dari 1" in view.skor.value

    view.kasus.value = "rekam_medis"
    assert view.pilihan.value is None and output_html(view.hasil) == ""  # a new case starts clean
    view.pilihan.value = "setiap_saat"
    view.tombol.click()
    html = output_html(view.hasil)
    assert "Belum tepat" in html and "Dikecualikan (Pasal 17 huruf h)" in html
    assert "Tepat pada percobaan pertama: 1 dari 2" in view.skor.value


def test_view_without_a_choice_and_next_case_navigation():
    view = KlasifikasiView()
    view.tombol.click()
    assert "belum memilih kategori" in output_html(view.hasil)
    assert "Tepat pada percobaan pertama: 0 dari 0" in view.skor.value
    view.berikutnya.click()
    assert view.kasus.value == CONTENT.cases[1].id
    assert CONTENT.cases[1].title in view.teks.value
    assert output_html(view.hasil) == ""
    view.kasus.index = len(CONTENT.cases) - 1
    view.berikutnya.click()
    assert view.kasus.value == CONTENT.cases[0].id  # wraps around to the first case


def test_lesson_00_shows_two_cases_as_a_first_try():
    from egov_course.errors import EgovCourseError
    from egov_course.exercises.kip_klasifikasi import tampilkan

    view = tampilkan(kasus=["daftar_informasi_publik", "peringatan_banjir"])
    assert [c.id for c in view.content.cases] == ["daftar_informasi_publik", "peringatan_banjir"]
    assert len(view.content.categories) == 4
    with pytest.raises(EgovCourseError, match="Kasus banjir tidak dikenal; kasus yang ada: peringatan_banjir"):
        tampilkan(kasus=["banjir"])
