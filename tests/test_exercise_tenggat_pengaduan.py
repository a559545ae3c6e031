"""Complaint deadlines in calendar days (UU 25/2009 Pasal 42 ayat (2), Pasal 44 ayat (3))."""

import datetime as dt

from conftest import content_error, edited_exercise

from egov_course.exercises import output_html
from egov_course.exercises.tenggat_pengaduan import PengaduanView, compute, load

D = dt.date


def test_thirty_calendar_days_to_file_a_complaint():
    feedback, deadline = compute(D(2026, 10, 6))
    assert deadline == D(2026, 11, 5)  # weekends count: "hari", not "hari kerja"
    assert feedback.message.startswith("Batas akhirnya Kamis, 5 November 2026: 30 hari setelah")
    assert "(Selasa, 6 Oktober 2026)" in feedback.message and feedback.pasal == "UU 25/2009 Pasal 42 ayat (2)"


def test_fourteen_days_for_the_provider_to_answer_from_text_with_a_day_name():
    feedback, deadline = compute("Jumat, 18 Desember 2026", "tanggapan")
    assert deadline == D(2027, 1, 1)  # across the year end and a public holiday: calendar days still count
    assert "Jumat, 1 Januari 2027" in feedback.message and feedback.pasal == "UU 25/2009 Pasal 44 ayat (3)"


def test_no_date_and_a_wrong_date_get_a_sentence_not_an_error():
    feedback, deadline = compute(None, "tanggapan")
    assert deadline is None and "Pilih tanggal pengaduan diterima" in feedback.message
    feedback, deadline = compute("31-02-2026")
    assert deadline is None and feedback.correct is False and "tidak ada di kalender" in feedback.message


def test_the_view_uses_the_date_picker_and_the_choice():
    view = PengaduanView()
    view._hitung()
    assert "Tanggal belum diisi" in output_html(view.hasil)
    view.tanggal.value = D(2026, 10, 19)
    view.tenggat.value = "tanggapan"
    view._hitung()
    assert "Senin, 2 November 2026" in output_html(view.hasil)


def test_a_bad_period_in_the_content_file_names_the_entry(tmp_path):
    path = edited_exercise(tmp_path, "tenggat_pengaduan", lambda d: d["tenggat"][1].update(hari="14 hari"))
    assert "tenggat[2] (tanggapan).hari" in content_error(load, path)
    path = edited_exercise(tmp_path, "tenggat_pengaduan", lambda d: d["tenggat"][1].update(id="pengajuan"))
    assert "pengajuan" in content_error(load, path)
