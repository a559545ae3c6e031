"""The "data pribadi umum atau spesifik?" exercise (UU 27/2022 Pasal 4): model, content and view."""

from __future__ import annotations

import re

import pytest
from conftest import content_error, edited_exercise, exercise_yaml

from egov_course.content import fact_problem, load_legal_facts, reference_date
from egov_course.exercises import output_html
from egov_course.exercises import pdp_klasifikasi as ex

# The right category of every shipped item, classified by hand from law_facts.md section 4:
# Pasal 4(3) lists full name, sex, nationality, religion, marital status and combined data (Penjelasan:
# mobile number + IP address); Pasal 4(2) lists health, biometric, genetic, criminal records, children's
# and personal financial data. The NIP is the course's reading: combined data that identifies (umum).
EXPECTED = {
    "nama_lengkap": "umum", "jenis_kelamin": "umum", "agama": "umum", "status_perkawinan": "umum",
    "kewarganegaraan": "umum", "hp_dan_ip": "umum", "nip": "umum",
    "rekam_medis": "spesifik", "sidik_jari": "spesifik", "data_genetik": "spesifik", "catatan_kejahatan": "spesifik",
    "data_anak": "spesifik", "rekening": "spesifik",
    "jumlah_penduduk": "bukan", "anggaran_opd": "bukan",
}


@pytest.fixture(scope="module")
def content():
    return ex.load_content()


@pytest.fixture(scope="module")
def raw():
    return exercise_yaml("pdp_klasifikasi")


def by_id(content, feedback):
    *items, summary = feedback
    return dict(zip([i.id for i in content.items], items, strict=True)), summary


# --- the model --------------------------------------------------------------------------------------
def test_all_right_answers_score_full(content):
    feedback = ex.check(EXPECTED, content)
    items, summary = by_id(content, feedback)
    assert len(feedback) == 16
    assert all(f.correct is True and f.score == 1.0 for f in items.values())
    assert summary.correct is True and summary.score == 1.0
    assert summary.message.startswith("Benar 15 dari 15.")
    assert "semua tepat" in summary.message
    assert items["sidik_jari"].pasal == "UU 27/2022 Pasal 4 ayat (2)"
    assert "biometrik" in items["sidik_jari"].message


def test_a_wrong_answer_names_both_categories_and_the_pasal(content):
    answers = dict(EXPECTED, agama="spesifik", data_anak="umum")
    items, summary = by_id(content, ex.check(answers, content))
    assert items["agama"].correct is False and items["agama"].score == 0.0
    assert "Anda memilih \"Data pribadi spesifik\", seharusnya \"Data pribadi umum\"" in items["agama"].message
    assert items["agama"].pasal == "UU 27/2022 Pasal 4 ayat (3)"
    assert "seharusnya \"Data pribadi spesifik\"" in items["data_anak"].message
    assert "data anak" in items["data_anak"].message
    assert summary.correct is False
    assert summary.message.startswith("Benar 13 dari 15.")
    assert summary.score == pytest.approx(13 / 15)


def test_not_personal_data_and_combined_data(content):
    answers = dict(EXPECTED, jumlah_penduduk="umum", hp_dan_ip="bukan")
    items, summary = by_id(content, ex.check(answers, content))
    assert "seharusnya \"Bukan data pribadi\"" in items["jumlah_penduduk"].message
    assert "seharusnya \"Data pribadi umum\"" in items["hp_dan_ip"].message
    assert "Penjelasan" in items["hp_dan_ip"].pasal
    assert summary.message.startswith("Benar 13 dari 15.")


def test_nip_is_worded_as_the_course_reading(content):
    items, _ = by_id(content, ex.check({"nip": "umum"}, content))
    assert items["nip"].correct is True
    assert "tanggal lahir" in items["nip"].message and "jenis kelamin" in items["nip"].message
    assert "dalam kursus ini" in items["nip"].message


def test_unanswered_items_are_not_errors(content):
    items, summary = by_id(content, ex.check({"nama_lengkap": "umum", "rekening": "", "agama": None}, content))
    assert items["nama_lengkap"].correct is True
    assert items["rekening"].correct is None and "belum dijawab" in items["rekening"].message
    assert items["agama"].correct is None and items["agama"].pasal == ""
    assert "seharusnya" not in items["rekening"].message  # the answer is not given away
    assert summary.correct is None  # nothing wrong, just unfinished
    assert summary.message.startswith("Benar 1 dari 15.")
    assert "14 data yang belum dijawab" in summary.message


def test_nothing_answered_gives_a_friendly_hint(content):
    *items, summary = ex.check({}, content)
    assert all(f.correct is None for f in items)
    assert summary.correct is None and "Belum ada data yang digolongkan" in summary.message


@pytest.mark.parametrize("answers, fragment", [
    ({"kartu_nikah": "umum"}, "unknown item"),
    ({"agama": "rahasia"}, "unknown category"),
    ({"agama": "Data pribadi umum"}, "unknown category"),  # labels are not ids
    ([("agama", "umum")], "mapping"),
])
def test_programmer_misuse_raises_value_error(content, answers, fragment):
    with pytest.raises(ValueError, match=fragment):
        ex.check(answers, content)


def test_check_loads_the_shipped_content_by_default():
    *_, summary = ex.check(EXPECTED)
    assert summary.correct is True


def test_closing_tip_uses_the_impact_assessment_and_the_officer():
    tip = ex.closing_tip()
    assert tip.correct is None
    assert "penilaian dampak pelindungan data pribadi (DPIA)" in tip.message
    assert "pejabat atau petugas pelindungan data pribadi" in tip.message
    assert not re.search(r"\bDPO\b", tip.message)  # reads as "Daftar Pencarian Orang"
    assert "Pasal 34" in tip.pasal and "Pasal 53" in tip.pasal and "Penjelasan Pasal 4 ayat (1)" in tip.pasal
    # "bigger impact, e.g. discrimination" is the Penjelasan of Pasal 4(1)
    assert "diskriminasi" in tip.message


def test_closing_tip_does_not_say_public_service_alone_triggers_the_duty():
    tip = ex.closing_tip().message
    # Pasal 53(1) joins its three cases with "dan": all three are named, none is taught as enough alone.
    assert "pelayanan publik" in tip and "pemantauan" in tip and "spesifik berskala besar" in tip
    for claim in ("Karena Pemda memproses data untuk pelayanan publik", "cukup", "salah satu saja", "wajib menunjuk pejabat"
                  " atau petugas pelindungan data pribadi karena"):
        assert claim not in tip


# --- the content ------------------------------------------------------------------------------------
def test_shipped_items_match_the_hand_classification(content):
    assert 12 <= len(content.items) <= 16
    assert {item.id: item.answer for item in content.items} == EXPECTED
    assert [c.id for c in content.categories] == ["umum", "spesifik", "bukan"]
    assert content.category("umum").pasal.endswith("Pasal 4 ayat (3)")
    assert content.category("spesifik").pasal.endswith("Pasal 4 ayat (2)")
    assert [i.id for i in ex.load()] == list(EXPECTED)


def test_raw_ids_are_unique_and_every_entry_is_complete(raw):
    ids = [entry["id"] for entry in raw["items"]]
    assert len(ids) == len(set(ids))
    for entry in raw["items"]:
        assert {"id", "text", "answer", "reason", "pasal", "facts"} <= set(entry), entry["id"]


def test_every_answer_rests_on_verified_register_facts(content):
    register = load_legal_facts()
    for item in content.items:
        assert item.facts, item.id
        for fact_id in item.facts:
            assert register[fact_id].status in ("V1", "V2"), (item.id, fact_id)
        if item.answer == "spesifik":
            assert "pdp-4-2" in item.facts, item.id
        if item.answer == "umum":
            assert "pdp-4-3" in item.facts, item.id
    assert dict((i.id, i.facts) for i in content.items)["nip"] == ("nip-struktur", "pdp-4-3")
    assert "pdp-4-3-penjelasan" in dict((i.id, i.facts) for i in content.items)["hp_dan_ip"]
    assert {register[f].status for f in content.tip_facts} <= {"V1", "V2"}
    assert {"pdp-34", "pdp-53", "pdp-54", "pdp-4-1-penjelasan"} <= set(content.tip_facts)
    assert "pdp-4-2" not in content.tip_facts  # the list of specific data says nothing about impact
    when = reference_date().date
    every = [f for i in content.items for f in i.facts] + list(content.tip_facts)
    assert "pdp-53-tiap-huruf" not in every
    assert all(fact_problem(register[f], when) is None for f in every)
    for item in content.items:
        if item.answer == "bukan":
            assert "pdp-1-1" in item.facts and "Pasal 1 angka 1" in item.pasal, item.id


def test_intro_gives_the_definition_of_personal_data(content):
    assert "orang perseorangan" in content.intro and "Pasal 1 angka 1" in content.intro
    assert "Pasal 1 angka 1" in content.category("bukan").pasal


def test_no_real_looking_nip_in_the_items(content):
    import re

    for item in content.items:
        assert not re.search(r"\d{8}\s?\d{6}\s?\d\s?\d{3}", item.text + item.reason), item.id


# --- broken content files ---------------------------------------------------------------------------
@pytest.mark.parametrize("mutate, fragment", [
    (lambda d: d["items"][1].update(answer="sensitif"), "items[2] (jenis_kelamin).answer"),
    (lambda d: d["items"][2].update(facts=["pdp-99"]), "id fakta 'pdp-99' tidak ada"),
    (lambda d: d["items"][3].update(facts=["pdp-lembaga-terbentuk"]), "berstatus UNVERIFIED"),
    (lambda d: d["tip"].update(facts=["pdp-53-tiap-huruf"]), "berstatus UNVERIFIED"),
    (lambda d: d["tip"].update(facts=["pdp-67"]), "tidak berlaku lagi"),
    (lambda d: d["items"][4].update(id="nama_lengkap"), "id 'nama_lengkap' sudah dipakai"),
    (lambda d: d["items"][5].pop("reason"), "items[6] (hp_dan_ip).reason"),
    (lambda d: d["items"][6].update(facts=[]), "items[7] (nip).facts"),
    (lambda d: d["items"][0].update(id="Nama Lengkap"), "items[1].id"),
    (lambda d: d["categories"][2].pop("label"), "categories[3] (bukan).label"),
    (lambda d: d.pop("tip"), "kolom 'tip'"),
    (lambda d: d.update(items=[]), "tidak kosong"),
])
def test_broken_content_names_file_and_entry(tmp_path, mutate, fragment):
    assert fragment in content_error(ex.load, edited_exercise(tmp_path, "pdp_klasifikasi", mutate))


# --- the view, headless -----------------------------------------------------------------------------
def test_view_right_answers(content):
    view = ex.PdpKlasifikasiView(content)
    assert set(view.pilihan) == set(EXPECTED)
    for item_id, category in EXPECTED.items():
        view.pilihan[item_id].value = category
    view.tombol.click()
    shown = output_html(view.hasil)
    assert "Benar 15 dari 15." in shown
    assert "DPIA" in shown and "pejabat atau petugas pelindungan data pribadi" in shown  # the closing tip
    assert "✗" not in shown


def test_view_wrong_answer_and_reset(content):
    view = ex.PdpKlasifikasiView(content)
    for item_id, category in EXPECTED.items():
        view.pilihan[item_id].value = category
    view.pilihan["sidik_jari"].value = "umum"
    view.tombol.click()
    shown = output_html(view.hasil)
    assert "Benar 14 dari 15." in shown
    assert "seharusnya &quot;Data pribadi spesifik&quot;" in shown  # HTML-escaped in the view
    view.ulang.click()
    assert output_html(view.hasil) == ""
    assert all(d.value == ex.UNANSWERED for d in view.pilihan.values())


def test_view_with_nothing_chosen(content):
    view = ex.PdpKlasifikasiView(content)
    view.tombol.click()
    shown = output_html(view.hasil)
    assert "Belum ada data yang digolongkan" in shown
    assert "belum dijawab" not in shown  # no list of fifteen blanks


def test_tampilkan_returns_the_view():
    view = ex.tampilkan()
    assert isinstance(view, ex.PdpKlasifikasiView)
    assert view.tombol.description == "Periksa"
