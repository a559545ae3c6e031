"""The document-integrity demo (UU ITE Pasal 11 ayat (1)): model, content file, broken content, view."""

from __future__ import annotations

import hashlib

import pytest
from conftest import content_error, exercise_yaml, write_yaml

from egov_course.content import fact_problem, load_legal_facts, reference_date
from egov_course.errors import ContentError
from egov_course.exercises import output_html, tanda_tangan
from egov_course.exercises.tanda_tangan import (
    TandaTanganView,
    compare,
    diff_positions,
    fingerprint,
    hashes_html,
    load,
    make_fingerprint,
)

# Computed once with hashlib and written down, so a change in encoding (e.g. not UTF-8) is caught.
LITERAL = {
    "abc": "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",  # FIPS 180-2 test vector
    "Surat Keterangan Domisili": "73c520fca7b843f6b031fdea8efb62b95b1d5d03aac275f62e30d9fbfd87c702",
    "Surat Keterangan Domisili ": "a9decd961049f44d1285d7f1b9d6129008cd4bb1738944f49416d180755226c6",
    "Surat Keterangan – Kota Dumai": "cf3ced90f1212c8eb1024f5e0bec48a6540889fad34383bcd247c7c524270f32",  # en dash: 3 UTF-8 bytes
}


PASAL = "UU 11/2008 Pasal 11 ayat (1); PP 71/2019 Pasal 60 ayat (1)"


@pytest.fixture(scope="module")
def data():
    return load()


# --- the model ------------------------------------------------------------------------------------
@pytest.mark.parametrize("text", sorted(LITERAL))
def test_fingerprint_is_sha256_of_utf8(text):
    assert fingerprint(text) == hashlib.sha256(text.encode("utf-8")).hexdigest()
    assert fingerprint(text) == LITERAL[text]


def test_fingerprint_rejects_non_text():
    with pytest.raises(TypeError):
        fingerprint(b"abc")


def test_unchanged_text_is_intact(data):
    saved = fingerprint(data.dokumen_awal)
    fb = compare(saved, data.dokumen_awal, data)
    assert fb.correct is True and fb.score == 1.0
    assert fb.message.startswith("Dokumen utuh")
    assert fb.pasal == PASAL


def test_one_character_change_is_detected(data):
    saved = fingerprint(data.dokumen_awal)
    assert "31 Desember 2026" in data.dokumen_awal
    edited = data.dokumen_awal.replace("31 Desember", "30 Desember")
    fb = compare(saved, edited, data)
    assert fb.correct is False and fb.score == 0.0
    assert fb.message.startswith("Dokumen berubah")
    beda = len(diff_positions(saved, fingerprint(edited)))
    assert f"({beda} dari 64 karakter sidik jari berbeda)" in fb.message
    assert "satu spasi" in fb.message


@pytest.mark.parametrize("edit", [lambda t: t + " ", lambda t: t.replace("Nomor: ", "Nomor:  ", 1),
                                  lambda t: t.replace("\n", "\r\n", 1), lambda t: t.replace("Warga", "warga", 1)])
def test_whitespace_and_case_changes_are_detected(data, edit):
    edited = edit(data.dokumen_awal)
    assert edited != data.dokumen_awal
    assert compare(fingerprint(data.dokumen_awal), edited, data).correct is False


def test_changing_back_is_intact_again(data):
    saved = fingerprint("Surat Keterangan Domisili")
    assert compare(saved, "Surat Keterangan Domisili ", data).correct is False
    assert compare(saved, "Surat Keterangan Domisili", data).correct is True


def test_saved_hash_is_accepted_in_upper_case(data):
    assert compare(LITERAL["abc"].upper(), "abc", data).correct is True


@pytest.mark.parametrize("text", ["", "   ", "\n\t "])
def test_empty_text_is_a_friendly_message(data, text):
    fb = compare(fingerprint("abc"), text, data)
    assert fb.correct is None and "masih kosong" in fb.message
    saved, fb = make_fingerprint(text, data)
    assert saved is None and fb.correct is None and "masih kosong" in fb.message


@pytest.mark.parametrize("saved", [None, "", "  "])
def test_no_saved_fingerprint_is_a_friendly_message(data, saved):
    fb = compare(saved, "abc", data)
    assert fb.correct is None and "Buat sidik jari" in fb.message


def test_malformed_saved_hash_is_a_programming_error(data):
    with pytest.raises(ValueError):
        compare("bukan-hash", "abc", data)


def test_make_fingerprint(data):
    saved, fb = make_fingerprint("abc", data)
    assert saved == LITERAL["abc"]
    assert fb.correct is None and "Periksa keutuhan" in fb.message


def test_diff_positions():
    a = LITERAL["Surat Keterangan Domisili"]
    b = LITERAL["Surat Keterangan Domisili "]
    expected = [i for i in range(64) if a[i] != b[i]]
    assert diff_positions(a, b) == expected
    assert 0 < len(expected) <= 64
    assert diff_positions(a, a) == []
    # hand-made: only positions 0 and 63 differ
    assert diff_positions("0" * 64, "1" + "0" * 62 + "f") == [0, 63]
    with pytest.raises(ValueError):
        diff_positions(a, a[:-1])
    with pytest.raises(ValueError):
        diff_positions(a, "z" * 64)


def test_hashes_html_highlights_exactly_the_differing_characters():
    shown = hashes_html("0" * 64, "abc")
    positions = diff_positions("0" * 64, LITERAL["abc"])
    assert shown.count("class='beda'") == 2 * len(positions)  # both rows
    assert f"{len(positions)} dari 64 karakter berbeda" in shown
    same = hashes_html(LITERAL["abc"], "abc")
    assert "class='beda'" not in same and "0 dari 64 karakter berbeda" in same


# --- the content file -----------------------------------------------------------------------------
def test_content_file(data):
    assert data.dokumen_awal.startswith("SURAT KETERANGAN") and "REKAAN" in data.dokumen_awal
    assert "NIK" not in data.dokumen_awal and "NIP" not in data.dokumen_awal
    assert "BUKAN tanda tangan elektronik tersertifikasi" in data.catatan
    assert "Penyelenggara Sertifikasi Elektronik" in data.catatan
    assert "diatur lebih lanjut dalam Peraturan Pemerintah" in data.catatan
    assert data.pesan["utuh"].startswith("Dokumen utuh")
    assert data.pesan["berubah"].startswith("Dokumen berubah")
    register = load_legal_facts()
    when = reference_date().date
    assert {"ite-11", "ite-11-penjelasan", "pp71-60-2-4", "pp71-penjelasan-60-2", "pp71-tte-kekuatan",
            "ite-17-2a"} <= set(data.facts)
    assert "ite-5-11-40-2024" not in data.facts and "ite-13a" not in data.facts
    for fact_id in data.facts:
        assert register[fact_id].status in ("V1", "V2")
        assert fact_problem(register[fact_id], when) is None, fact_id
    # Pasal 11 was not changed in 2016 or 2024: no caveat for learners, no research notes.
    everything = " ".join([data.intro, data.jenis_tte, data.catatan, *data.pesan.values()])
    assert "belum terverifikasi" not in everything and "apakah UU 1/2024 mengubah" not in everything


def test_certified_and_uncertified_signatures_are_explained(data):
    text = data.jenis_tte
    # certified: an Indonesian PSrE certificate and a certified creation device (PP 71/2019 Pasal 60(3))
    assert "sertifikat elektronik dari Penyelenggara Sertifikasi Elektronik (PSrE) Indonesia" in text
    assert "perangkat pembuat tanda tangan yang tersertifikasi" in text
    # uncertified: made without an Indonesian PSrE (60(4)); both can have legal force (59, ITE 11)
    assert "tanpa jasa PSrE Indonesia" in text and "Keduanya dapat berkekuatan hukum" in text
    assert "tidak otomatis tidak sah" in text
    # certification affects evidentiary weight (Penjelasan 60(2)); high-risk transactions (ITE 17(2a))
    assert "lebih kuat sebagai alat bukti" in text and "Pasal 17 ayat (2a)" in text and "berisiko tinggi" in text
    everything = " ".join([data.intro, data.jenis_tte, data.catatan, *data.pesan.values()]).lower()
    for wrong in ("tidak tersertifikasi tidak sah", "tidak tersertifikasi tidak berlaku", "tidak tersertifikasi tidak berkekuatan"):
        assert wrong not in everything


def test_missing_note_names_file_and_entry(tmp_path):
    raw = exercise_yaml("tanda_tangan")
    del raw["catatan"]
    assert "kolom 'catatan'" in content_error(load, write_yaml(tmp_path / "tanda_tangan.yaml", raw))


def test_unknown_placeholder_and_missing_message(tmp_path):
    raw = exercise_yaml("tanda_tangan")
    raw["pesan"]["berubah"] = "Dokumen berubah: {jumlah} karakter."
    del raw["pesan"]["kosong"]
    text = content_error(load, write_yaml(tmp_path / "tanda_tangan.yaml", raw))
    assert "pesan.berubah" in text and "{jumlah}" in text
    assert "pesan.kosong" in text


def test_unverified_fact_is_refused(tmp_path):
    raw = exercise_yaml("tanda_tangan")
    raw["facts"] = ["ite-11", "pp71-bsre"]  # UNVERIFIED: the BSrE practice note
    path = write_yaml(tmp_path / "tanda_tangan.yaml", raw)
    with pytest.raises(ContentError, match="UNVERIFIED"):
        load(path)


def test_superseded_fact_is_refused(tmp_path):
    raw = exercise_yaml("tanda_tangan")
    raw["facts"] = ["ite-11", "ite-5-4"]  # the 2008 list of Pasal 5(4), replaced by UU 1/2024
    with pytest.raises(ContentError, match="tidak berlaku lagi"):
        load(write_yaml(tmp_path / "tanda_tangan.yaml", raw))


def test_missing_kinds_of_signature_names_the_entry(tmp_path):
    raw = exercise_yaml("tanda_tangan")
    del raw["jenis_tte"]
    assert "jenis_tte" in content_error(load, write_yaml(tmp_path / "tanda_tangan.yaml", raw))


# --- the view, headless ---------------------------------------------------------------------------
def test_view_detects_a_one_character_change(data):
    view = TandaTanganView(data)
    assert view.teks.value == data.dokumen_awal
    assert "BUKAN tanda tangan elektronik tersertifikasi" in view.catatan.value
    assert "tidak otomatis tidak sah" in view.jenis.value and view.jenis in view.widget.children
    view.tombol_sidik.click()
    assert view.sidik_tersimpan == fingerprint(data.dokumen_awal)
    assert view.sidik_tersimpan in output_html(view.hasil)
    view.teks.value = data.dokumen_awal.replace("Nomor 1", "Nomor 7")
    view.tombol.click()
    shown = output_html(view.hasil)
    assert "Dokumen berubah" in shown and f"Dasar hukum: {PASAL}" in shown
    assert fingerprint(view.teks.value) in shown.replace("<span class='beda' style='background:#ffcdd2;color:#b71c1c;font-weight:bold'>", "").replace("</span>", "")
    assert "class='beda'" in shown


def test_view_unchanged_and_reset(data):
    view = TandaTanganView(data)
    view.tombol.click()
    assert "Buat sidik jari" in output_html(view.hasil)  # no fingerprint yet
    view.tombol_sidik.click()
    view.tombol.click()
    shown = output_html(view.hasil)
    assert "Dokumen utuh" in shown and "class='beda'" not in shown
    view.teks.value = "diubah"
    view.tombol_ulang.click()
    assert view.teks.value == data.dokumen_awal and view.sidik_tersimpan is None and output_html(view.hasil) == ""


def test_view_empty_text(data):
    view = TandaTanganView(data)
    view.teks.value = "  "
    view.tombol_sidik.click()
    assert "masih kosong" in output_html(view.hasil) and view.sidik_tersimpan is None


def test_tampilkan_returns_the_view(tmp_path):
    path = write_yaml(tmp_path / "tanda_tangan.yaml", exercise_yaml("tanda_tangan"))
    view = tanda_tangan.tampilkan(path)
    assert isinstance(view, TandaTanganView) and view.data.path == path
