"""The UU ITE case-analysis exercise: model, content file, broken content, and the view driven headless."""

from __future__ import annotations

import pytest
from conftest import content_error, exercise_yaml, write_yaml

from egov_course.content import load_legal_facts
from egov_course.errors import ContentError
from egov_course.exercises import Feedback, ite_kasus, output_html
from egov_course.exercises.ite_kasus import IteKasusView, Score, check, load

# The best analysis of each case, decided by hand from law_facts.md section 2, and a phrase its
# explanation must contain (the rule that makes it right).
KEYS = {
    "pencemaran_individu": ("c", "Rp400 juta"),  # 27A, complaint by the victim only (45(5)), 2 y / Rp400 jt (45(4))
    "kritik_instansi": ("b", "105/PUU-XXII/2024"),  # institutions cannot be victims under 27A
    "pemerasan_rahasia": ("a", "Pasal 45 ayat (11)"),  # 27B(2), complaint offence
    "hoaks_kerusuhan": ("d", "Pasal 45A ayat (3)"),  # 28(3), riot in physical space
    "hoaks_ramai_daring": ("b", "ruang fisik"),  # MK 115: noisy debate online is not "kerusuhan"
    "akses_server_opd": ("c", "sepertiga (Pasal 52)"),  # 30(3) + 1/3 for a government system
    "ancaman_langsung": ("a", "Pasal 45B"),  # 29 after UU 1/2024: sent directly to the victim
    "bukti_elektronik": ("d", "Pasal 5 ayat (4)"),  # valid evidence, except 5(4)
    "judi_daring": ("b", "Rp10 miliar"),  # 27(2), penalty raised by UU 1/2024 (45(3))
}


@pytest.fixture(scope="module")
def data():
    return load()


# --- the model ------------------------------------------------------------------------------------
@pytest.mark.parametrize("case_id", sorted(KEYS))
def test_right_answer_is_correct_and_explained(data, case_id):
    key, phrase = KEYS[case_id]
    fb = check(case_id, key, data)
    assert fb.correct is True and fb.score == 1.0
    assert fb.message.startswith("Tepat!")
    assert phrase in fb.message
    assert fb.pasal.strip()


@pytest.mark.parametrize("case_id", sorted(KEYS))
def test_every_wrong_answer_is_wrong_with_its_own_explanation(data, case_id):
    case = data.get(case_id)
    wrong = [k for k in case.keys if k != KEYS[case_id][0]]
    assert len(wrong) == len(case.keys) - 1 >= 2
    for key in wrong:
        fb = check(case_id, key, data)
        assert fb.correct is False and fb.score == 0.0
        assert fb.message.startswith("Belum tepat.")
        assert case.option(key).explanation in fb.message
        assert fb.pasal == case.option(key).pasal


def test_specific_legal_points(data):
    # Criticism of an institution: reporting as a 27A victim is wrong because of MK 105/PUU-XXII/2024.
    assert "105/PUU-XXII/2024" in check("kritik_instansi", "a", data).message
    # Defamation: a third party cannot report without the victim's complaint (45(5)).
    assert "Pasal 45 ayat (5)" in check("pencemaran_individu", "b", data).message
    # Illegal access to a government system: +1/3, not +2/3 (Pasal 52).
    assert "sepertiga" in check("akses_server_opd", "d", data).message
    # Threats: 12 y / Rp2 M was the 2008 penalty, lowered in 2016.
    assert "UU 19/2016" in check("ancaman_langsung", "c", data).message
    # Gambling: the 6 y / Rp1 M figure is from before UU 1/2024.
    assert "10 tahun" in check("judi_daring", "a", data).message


def test_answer_is_accepted_in_loose_form(data):
    assert check("judi_daring", " B ", data).correct is True
    assert check("judi_daring", "b.", data).correct is True


@pytest.mark.parametrize("choice", [None, "", "   "])
def test_empty_selection_is_a_friendly_message(data, choice):
    fb = check("judi_daring", choice, data)
    assert fb.correct is None
    assert "Pilih dulu" in fb.message and "a, b, c, d" in fb.message


def test_unknown_option_and_unknown_case_are_friendly(data):
    fb = check("judi_daring", "z", data)
    assert fb.correct is None and "tidak ada di kasus ini" in fb.message
    fb = check("kasus_yang_tidak_ada", "a", data)
    assert fb.correct is None and "tidak dikenal" in fb.message
    assert check(None, "a", data).correct is None


def test_check_uses_the_shipped_content_by_default():
    assert check("kritik_instansi", "b").correct is True


def test_score_counts_the_first_answer_of_each_case():
    score = Score()
    score.record("x", Feedback(False, "salah"))
    score.record("x", Feedback(True, "benar"))  # a second try does not change the score
    score.record("y", Feedback(True, "benar"))
    score.record("z", Feedback(None, "pilih dulu"))  # no answer: not counted
    assert (score.correct, score.answered) == (1, 2)
    assert score.summary(9).startswith("Skor: 1 benar dari 2 kasus")


# --- the content file -----------------------------------------------------------------------------
def test_content_has_6_to_10_cases_with_unique_ids_and_the_expected_keys(data):
    assert 6 <= len(data.cases) <= 10
    assert len(set(data.ids)) == len(data.ids)
    assert {c.id: c.answer for c in data.cases} == {k: v[0] for k, v in KEYS.items()}


def test_every_case_has_what_the_model_needs(data):
    assert "rekaan" in data.catatan
    for case in data.cases:
        assert case.title and case.story and case.question
        assert 3 <= len(case.options) <= 5
        assert case.answer in case.keys
        for option in case.options:
            assert option.text and option.explanation and option.pasal
            assert "Pasal" in option.explanation or "Pasal" in option.pasal


def test_facts_exist_and_are_verified(data):
    register = load_legal_facts()
    for case in data.cases:
        assert case.facts, case.id
        for fact_id in case.facts:
            assert fact_id in register, (case.id, fact_id)
            assert register[fact_id].status in ("V1", "V2"), (case.id, fact_id)


def test_berubah_describes_the_law_before_uu_1_2024(data):
    with_change = [c for c in data.cases if c.berubah]
    assert len(with_change) >= 5
    for case in with_change:
        assert case.berubah.startswith("Sebelum UU 1/2024"), case.id
    # Illegal access (Pasal 30) and evidence (Pasal 5): no known change, so no box.
    assert data.get("akses_server_opd").berubah == ""
    assert data.get("bukti_elektronik").berubah == ""


def test_no_real_looking_people(data):
    names = ("Pak A", "Bu B", "Sdr. C", "Bu D", "Sdr. E")
    stories = " ".join(c.story for c in data.cases)
    assert sum(n in stories for n in names) >= 4
    assert "@contoh" in stories


# --- broken content -------------------------------------------------------------------------------
def test_answer_not_among_options_names_file_and_case(tmp_path):
    raw = exercise_yaml("ite_kasus")
    raw["cases"][1]["answer"] = "e"
    assert "cases[2] (kritik_instansi).answer" in content_error(load, write_yaml(tmp_path / "ite_kasus.yaml", raw))


def test_option_without_explanation_names_the_option(tmp_path):
    raw = exercise_yaml("ite_kasus")
    del raw["cases"][0]["options"]["b"]["explanation"]
    path = write_yaml(tmp_path / "ite_kasus.yaml", raw)
    with pytest.raises(ContentError, match=r"cases\[1\] \(pencemaran_individu\)\.options\.b\.explanation"):
        load(path)


def test_too_few_options_and_duplicate_id_are_reported_together(tmp_path):
    raw = exercise_yaml("ite_kasus")
    raw["cases"][2]["options"] = {"a": raw["cases"][2]["options"]["a"], "b": raw["cases"][2]["options"]["b"]}
    raw["cases"][3]["id"] = raw["cases"][0]["id"]
    text = content_error(load, write_yaml(tmp_path / "ite_kasus.yaml", raw))
    assert "cases[3] (pemerasan_rahasia).options" in text and "3 sampai 5" in text
    assert "sudah dipakai" in text


def test_unknown_and_unverified_fact_ids_are_refused(tmp_path):
    raw = exercise_yaml("ite_kasus")
    raw["cases"][0]["facts"] = ["ite-27a", "fakta-karangan"]
    raw["cases"][5]["facts"] = ["ite-30", "ite-36-2024"]  # ite-36-2024 is UNVERIFIED
    text = content_error(load, write_yaml(tmp_path / "ite_kasus.yaml", raw))
    assert "'fakta-karangan' tidak ada" in text
    assert "cases[6] (akses_server_opd).facts" in text and "UNVERIFIED" in text


# --- the view, headless ---------------------------------------------------------------------------
def test_view_right_and_wrong_answer(data):
    view = IteKasusView(data)
    view.kasus.value = "kritik_instansi"
    assert "Kasus rekaan 2 dari 9" in view.cerita.value
    assert view.pilihan.value is None
    view.pilihan.value = "a"
    view.tombol.click()
    shown = output_html(view.hasil)
    assert "Belum tepat" in shown and "105/PUU-XXII/2024" in shown
    assert "Apa yang berubah dengan UU 1/2024?" in shown
    view.pilihan.value = "b"
    view.tombol.click()
    shown = output_html(view.hasil)
    assert "Tepat!" in shown and "Dasar hukum:" in shown
    assert "Skor: 0 benar dari 1 kasus" in view.skor.value  # the first answer counts


def test_view_without_selection_and_next_case(data):
    view = IteKasusView(data)
    assert view.kasus.value == "pencemaran_individu"
    view.tombol.click()
    assert "Pilih dulu" in output_html(view.hasil)
    view.pilihan.value = "c"
    view.tombol.click()
    assert "Tepat!" in output_html(view.hasil)
    assert "Skor: 1 benar dari 1 kasus" in view.skor.value
    view.berikutnya.click()
    assert view.kasus.value == "kritik_instansi"
    assert view.pilihan.value is None and output_html(view.hasil) == ""
    assert "Dinas Contoh" in view.cerita.value


def test_view_no_change_box_when_nothing_changed(data):
    view = IteKasusView(data)
    view.kasus.value = "akses_server_opd"
    view.pilihan.value = "c"
    view.tombol.click()
    shown = output_html(view.hasil)
    assert "Tepat!" in shown and "Apa yang berubah" not in shown


def test_view_next_on_last_case_shows_the_score(data):
    view = IteKasusView(data)
    view.kasus.value = data.ids[-1]
    view.berikutnya.click()
    assert view.kasus.value == data.ids[-1]
    assert "Ini kasus terakhir" in output_html(view.hasil)


def test_tampilkan_returns_the_view(tmp_path):
    path = write_yaml(tmp_path / "ite_kasus.yaml", exercise_yaml("ite_kasus"))
    view = ite_kasus.tampilkan(path)
    assert isinstance(view, IteKasusView) and view.data.path == path
