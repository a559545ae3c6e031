"""Reading a fictitious NIP (lesson 04): the parts in Indonesian, a clear message for a wrong one."""

import pytest
from conftest import content_error, edited_exercise

from egov_course.exercises import output_html
from egov_course.exercises.format_nip import NipView, load, read


def test_the_example_is_read_into_its_four_parts():
    feedback, parts = read("19870315 201003 2 001")
    assert feedback.correct is None and "19870315 201003 2 001 terbaca" in feedback.message
    assert dict(parts) == {"Tanggal lahir (digit 1–8)": "15 Maret 1987", "TMT CPNS (digit 9–14)": "Maret 2010",
                           "Jenis kelamin (digit 15)": "perempuan", "Nomor urut (digit 16–18)": "001"}
    assert feedback.pasal == "Peraturan Kepala BKN Nomor 22 Tahun 2007"


def test_a_male_nip_with_another_date():
    _, parts = read("199107222016031004")
    assert dict(parts)["Tanggal lahir (digit 1–8)"] == "22 Juli 1991"
    assert dict(parts)["Jenis kelamin (digit 15)"] == "laki-laki" and dict(parts)["Nomor urut (digit 16–18)"] == "004"


@pytest.mark.parametrize("text, fragment", [
    ("1987031520100320", "NIP harus 18 digit; yang tertulis 16 digit."),
    ("19871315 201003 2 001", "Digit 1-8 NIP (19871315) bukan tanggal lahir yang sah"),
    ("19870315 201003 3 001", "Digit ke-15 NIP (jenis kelamin) harus 1 atau 2"),
    ("", "NIP kosong."),
    ("1987O315 201003 2 001", "NIP hanya boleh berisi angka"),
])
def test_a_wrong_nip_says_what_is_wrong(text, fragment):
    feedback, parts = read(text)
    assert feedback.correct is False and parts == []
    assert feedback.message.startswith("NIP belum bisa dibaca: ") and fragment in feedback.message


def test_the_view_shows_the_parts_headless():
    view = NipView()
    view._baca()
    shown = output_html(view.hasil)
    assert "15 Maret 1987" in shown and "perempuan" in shown
    view.nip.value = "123"
    view._baca()
    assert "NIP harus 18 digit" in output_html(view.hasil) and "15 Maret 1987" not in output_html(view.hasil)


def test_a_bad_example_in_the_content_file_is_refused(tmp_path):
    path = edited_exercise(tmp_path, "format_nip", lambda d: d.update(contoh="12345"))
    assert "contoh NIP tidak sah" in content_error(load, path)
    path = edited_exercise(tmp_path, "format_nip", lambda d: d["label"].pop("tmt_cpns"))
    assert "label.tmt_cpns" in content_error(load, path)
