"""The UU ITE case-analysis exercise: model, content file, broken content, and the view driven headless."""

from __future__ import annotations

import re

import pytest
from conftest import content_error, exercise_yaml, write_yaml

from egov_course.content import fact_problem, load_legal_facts, reference_date
from egov_course.errors import ContentError
from egov_course.exercises import Feedback, ite_kasus, output_html
from egov_course.exercises.ite_kasus import IteKasusView, Score, check, load

# The best analysis of each case under the law in force on the reference date (2 Dec 2026), decided by
# hand from law_facts.md sections 2, 11 and 12, and a phrase its explanation must contain (the rule that
# makes it right).
KEYS = {
    "pencemaran_individu": ("c", "Pasal 441 ayat (1)"),  # KUHP 433(2) + 1/3 via IT (441(1)), victim's complaint (440)
    "kritik_instansi": ("b", "orang perseorangan"),  # 2026 Penjelasan of KUHP 433(1): no institutions
    "pemerasan_rahasia": ("a", "Pasal 45 ayat (11)"),  # ITE 27B(2), complaint offence, 6 y and/or Kat V
    "hoaks_kerusuhan": ("d", "Pasal 263"),  # KUHP 263: known false news causing riot, 6 y or Kat V
    "hoaks_konsumen": ("a", "Rp500 juta"),  # ITE 28(1) + 45A(1) as converted: 6 y and/or Kat V
    "akses_server_opd": ("c", "Pasal 333 huruf d"),  # KUHP 332(3) and/or 333(d), not ITE 30 + 46 + 52
    "ancaman_langsung": ("a", "Rp200 juta"),  # ITE 29 + 45B as converted: 4 y and/or Kat IV
    "bukti_elektronik": ("d", "diatur lain dalam undang-undang"),  # 5(1)-(3), 2024 text of 5(4)
    "judi_daring": ("b", "Pasal 622 ayat (1) huruf r"),  # 27(2) not revoked; no penalty taught (K-09)
}
# Articles revoked or lapsed on 2 Jan 2026 (KUHP 622(1) huruf r; UU 1/2024 Pasal II): no right answer may
# rest on them.
REVOKED = ("Pasal 27 ayat (1)", "Pasal 27 ayat (3)", "Pasal 27A", "Pasal 28 ayat (2)", "Pasal 28 ayat (3)",
           "Pasal 30", "Pasal 31", "Pasal 36", "Pasal 46", "Pasal 47", "Pasal 45 ayat (4)", "Pasal 45 ayat (5)",
           "Pasal 45A ayat (3)")


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
    # Criticism of an institution: the victim of KUHP 433 must be an individual (2026 Penjelasan).
    assert "Penjelasan Pasal 433 ayat (1)" in check("kritik_instansi", "a", data).message
    # 27A lapsed on 2 Jan 2026 (UU 1/2024 Pasal II).
    assert "2 Januari 2026" in check("kritik_instansi", "c", data).message
    # Defamation: a third party cannot report without the victim's complaint (KUHP 440).
    assert "Pasal 440" in check("pencemaran_individu", "b", data).message
    right = check("pencemaran_individu", "c", data).message
    assert "Pasal 433 ayat (3)" in right and "Pasal 434" in right and "kategori III" in right
    # The old ITE defamation article is explained as no longer in force.
    assert "2 Januari 2026" in check("pencemaran_individu", "a", data).message
    # Illegal access: ITE 30/46 revoked, references now point to KUHP 332; 52 only for 32-35.
    wrong = check("akses_server_opd", "d", data).message
    assert "dicabut sejak 2 Januari 2026" in wrong and "Pasal 332" in wrong and "Pasal 32 sampai 35" in wrong
    assert "Rp2 miliar" in check("akses_server_opd", "c", data).message
    # Threats: Rp750 juta was the fine until 1 Jan 2026.
    assert "UU 19/2016" in check("ancaman_langsung", "c", data).message
    assert "kategori IV" in check("ancaman_langsung", "a", data).message
    # Hoax causing riot: knowingly false is 263, not 264.
    assert "Pasal 263" in check("hoaks_kerusuhan", "c", data).message
    # Evidence: the 2008 list of 5(4) is gone since UU 1/2024.
    assert "sebelum UU 1/2024" in check("bukti_elektronik", "c", data).message
    # Consumer hoax: only 28(2) was revoked, not the whole of Pasal 28.
    assert "Pasal 28 ayat (1)" in check("hoaks_konsumen", "d", data).message


def test_no_case_rests_on_the_gambling_penalty_or_the_mk_physical_space_ruling(data):
    case = data.get("judi_daring")
    texts = [case.story, case.question, case.berubah] + [t for o in case.options for t in (o.text, o.explanation, o.pasal)]
    for text in texts:  # nothing about the penalty, which is unclear since 2 Jan 2026
        for word in ("45 ayat (3)", "Rp", "penjara", "denda", "kategori", "ancaman"):
            assert word not in text, (word, text)
    everything = " ".join(c.story + c.berubah + " ".join(o.explanation + o.text + o.pasal for o in c.options)
                          for c in data.cases)
    assert "115/PUU-XXII/2024" not in everything and "ruang fisik" not in everything
    assert "Pasal 615" not in everything
    assert "ite-45-3-2024" not in case.facts and "ite-45-3-judi-2026" not in case.facts


def test_right_answers_do_not_rest_on_revoked_articles(data):
    for case in data.cases:
        right = case.option(case.answer)
        for article in REVOKED:
            assert not re.search(re.escape(article) + r"(?![0-9A-Z])", right.pasal), (case.id, article)


def test_penalty_categories_are_explained_in_rupiah(data):
    for case in data.cases:
        for option in case.options:
            for category in re.findall(r"kategori (I{1,3}|IV|V|VI{1,3})\b", option.explanation):
                assert "Rp" in option.explanation, (case.id, option.key, category)


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
    assert score.summary(9).startswith("Kemajuan Anda: tepat pada percobaan pertama 1 dari 2 kasus")


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


def test_facts_exist_are_verified_and_in_force(data):
    register = load_legal_facts()
    when = reference_date().date
    for case in data.cases:
        assert case.facts, case.id
        for fact_id in case.facts:
            assert fact_id in register, (case.id, fact_id)
            assert register[fact_id].status in ("V1", "V2"), (case.id, fact_id)
            assert fact_problem(register[fact_id], when) is None, (case.id, fact_id)


def test_history_facts_exist_and_go_with_a_dated_berubah(data):
    register = load_legal_facts()
    when = reference_date().date
    for case in data.cases:
        for fact_id in case.history:
            assert fact_id in register, (case.id, fact_id)
        if case.history:
            assert case.berubah, case.id
    # The superseded facts are told as history, never used as the basis of an answer.
    superseded = {c.id: [f for f in c.history if fact_problem(register[f], when) is not None] for c in data.cases}
    assert superseded["akses_server_opd"] == ["ite-30", "ite-46", "ite-31"]
    assert "ite-27a" in superseded["pencemaran_individu"] and "ite-mk-105-2024" in superseded["kritik_instansi"]


def test_berubah_tells_the_history_dated(data):
    with_change = [c for c in data.cases if c.berubah]
    assert len(with_change) >= 7
    for case in with_change:
        assert case.berubah.startswith("Sebelum "), case.id
        assert re.search(r"\b(2 Januari 20(24|26)|UU 1/2024)\b", case.berubah[:40]), case.id
    # The revoked articles behind the current answers are dated in the history.
    assert "Sebelum 2 Januari 2026" in data.get("akses_server_opd").berubah
    assert "Pasal 46" in data.get("akses_server_opd").berubah
    assert "daftar pengecualian" in data.get("bukti_elektronik").berubah


def test_intro_names_the_law_in_force(data):
    assert "KUHP" in data.intro and "UU 1/2026" in data.intro and "2 Januari 2026" in data.intro
    assert "Putusan MK" not in data.intro


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
    raw["cases"][0]["facts"] = ["kuhp-433", "fakta-karangan"]
    raw["cases"][5]["facts"] = ["kuhp-332", "ite-36-2024"]  # ite-36-2024 is UNVERIFIED
    text = content_error(load, write_yaml(tmp_path / "ite_kasus.yaml", raw))
    assert "'fakta-karangan' tidak ada" in text
    assert "cases[6] (akses_server_opd).facts" in text and "UNVERIFIED" in text


def test_superseded_fact_ids_are_refused_as_facts_but_allowed_as_history(tmp_path):
    raw = exercise_yaml("ite_kasus")
    raw["cases"][5]["facts"] = ["kuhp-332", "ite-30"]  # ite-30 was revoked on 2 Jan 2026
    text = content_error(load, write_yaml(tmp_path / "ite_kasus.yaml", raw))
    assert "cases[6] (akses_server_opd).facts" in text and "ite-30" in text and "tidak berlaku lagi" in text
    raw = exercise_yaml("ite_kasus")
    raw["cases"][5]["history"] = ["ite-30", "ite-46", "ite-36-2024"]  # history need not be in force or verified
    assert load(write_yaml(tmp_path / "ite_kasus2.yaml", raw)).get("akses_server_opd").history[-1] == "ite-36-2024"


def test_history_must_name_known_ids_and_needs_a_berubah(tmp_path):
    raw = exercise_yaml("ite_kasus")
    raw["cases"][0]["history"] = ["fakta-karangan"]
    del raw["cases"][1]["berubah"]
    raw["cases"][2]["history"] = []
    text = content_error(load, write_yaml(tmp_path / "ite_kasus.yaml", raw))
    assert "cases[1] (pencemaran_individu).history" in text and "'fakta-karangan' tidak ada" in text
    assert "cases[2] (kritik_instansi).history" in text and "berubah" in text
    assert "cases[3] (pemerasan_rahasia).history" in text and "tidak kosong" in text


def test_history_is_optional(tmp_path):
    raw = exercise_yaml("ite_kasus")
    for case in raw["cases"]:
        case.pop("history", None)
    assert all(c.history == () for c in load(write_yaml(tmp_path / "ite_kasus.yaml", raw)).cases)


# --- the view, headless ---------------------------------------------------------------------------
def test_view_right_and_wrong_answer(data):
    view = IteKasusView(data)
    view.kasus.value = "kritik_instansi"
    assert "Kasus rekaan 2 dari 9" in view.cerita.value
    assert view.pilihan.value is None
    view.pilihan.value = "a"
    view.tombol.click()
    shown = output_html(view.hasil)
    assert "Belum tepat" in shown and "Penjelasan Pasal 433 ayat (1)" in shown
    assert "Apa yang berubah?" in shown and "105/PUU-XXII/2024" in shown  # the lapsed ruling, told as history
    view.pilihan.value = "b"
    view.tombol.click()
    shown = output_html(view.hasil)
    assert "Tepat!" in shown and "Dasar hukum:" in shown
    assert "tepat pada percobaan pertama 0 dari 1 kasus" in view.skor.value  # the first answer counts


def test_view_without_selection_and_next_case(data):
    view = IteKasusView(data)
    assert view.kasus.value == "pencemaran_individu"
    view.tombol.click()
    assert "Pilih dulu" in output_html(view.hasil)
    view.pilihan.value = "c"
    view.tombol.click()
    assert "Tepat!" in output_html(view.hasil)
    assert "tepat pada percobaan pertama 1 dari 1 kasus" in view.skor.value
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
    assert "Tepat!" in shown and "Apa yang berubah?" in shown and "Pasal 46" in shown
    no_history = ite_kasus.CaseSet(data.title, data.intro, data.catatan,
                                   (ite_kasus.Case(**{**vars(data.get("akses_server_opd")), "berubah": "", "history": ()}),))
    view = IteKasusView(no_history)
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
