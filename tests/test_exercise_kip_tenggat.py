"""The deadline calculator "Kalkulator batas waktu permohonan informasi": model, content and view.

Expected dates are counted by hand: the day of receipt is not counted, then every Monday–Friday
that is not a public holiday (and, by default, not cuti bersama) counts as one hari kerja.
"""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import content_error, edited_exercise

from egov_course import kip
from egov_course.content import load_legal_facts
from egov_course.exercises import output_html
from egov_course.exercises.kip_tenggat import FOLLOW_ON_DAYS, TenggatView, compute, format_date, load

D = dt.date
CONTENT = load()
FACTS = load_legal_facts()


# --- the model ------------------------------------------------------------------------------------
def test_format_date_in_indonesian():
    assert format_date(D(2026, 10, 20)) == "Selasa, 20 Oktober 2026"
    assert format_date(D(2026, 3, 22)) == "Minggu, 22 Maret 2026"


def test_october_2026_without_holidays():
    # Received Tue 6 Oct 2026. October 2026 has no holiday: 7,8,9 (3), 12–16 (8), 19 (9), Tue 20 (10).
    result = compute(D(2026, 10, 6))
    assert result.deadline == D(2026, 10, 20)
    assert result.working_days == 10
    assert result.feedback.correct is None  # a calculator: nothing to get right or wrong
    assert "Selasa, 20 Oktober 2026" in result.feedback.message
    assert "ke-10" in result.feedback.message
    assert result.feedback.pasal == "UU 14/2008 Pasal 22 ayat (7)"
    assert [s.date for s in result.skipped] == [D(2026, 10, 10), D(2026, 10, 11), D(2026, 10, 17), D(2026, 10, 18)]
    assert result.weekend_days == 4 and result.weekday_holidays == ()


def test_extension_adds_seven_working_days():
    # 20 Oct was day 10; then 21, 22, 23 (13), 26, 27, 28 (16), Thu 29 Oct 2026 (17).
    result = compute(D(2026, 10, 6), extended=True)
    assert result.deadline == D(2026, 10, 29)
    assert result.working_days == 17
    assert "Kamis, 29 Oktober 2026" in result.feedback.message
    assert "Tanpa perpanjangan, batasnya Selasa, 20 Oktober 2026" in result.feedback.message
    assert result.feedback.pasal == "UU 14/2008 Pasal 22 ayat (7) dan (8)"


def test_march_2026_skips_nyepi_idul_fitri_and_good_friday():
    # Received Mon 16 Mar 2026. Tue 17 (1); skipped: Wed 18 cuti bersama Nyepi, Thu 19 Nyepi,
    # Fri 20 cuti bersama Idul Fitri, Sat 21 Idul Fitri, Sun 22, Mon 23 and Tue 24 cuti bersama
    # Idul Fitri; 25, 26, 27 (4); 30, 31 Mar, 1, 2 Apr (8); Fri 3 Apr Wafat Yesus Kristus skipped;
    # Mon 6 (9), Tue 7 Apr 2026 (10).
    result = compute(D(2026, 3, 16))
    assert result.deadline == D(2026, 4, 7)
    assert "Selasa, 7 April 2026" in result.feedback.message
    assert [(s.date, s.reason) for s in result.weekday_holidays] == [
        (D(2026, 3, 18), "Cuti Bersama Hari Suci Nyepi"),
        (D(2026, 3, 19), "Hari Suci Nyepi"),
        (D(2026, 3, 20), "Cuti Bersama Hari Raya Idul Fitri"),
        (D(2026, 3, 23), "Cuti Bersama Hari Raya Idul Fitri"),
        (D(2026, 3, 24), "Cuti Bersama Hari Raya Idul Fitri"),
        (D(2026, 4, 3), "Wafat Yesus Kristus"),
    ]
    assert result.weekend_days == 6  # 21–22 Mar, 28–29 Mar, 4–5 Apr
    assert len(result.skipped) == 12 and result.worked_cuti_bersama == ()
    details = result.details_html()
    assert "Rabu, 18 Maret 2026: Cuti Bersama Hari Suci Nyepi" in details
    assert "Akhir pekan: 6 hari" in details
    assert "Hari Raya Idul Fitri (Sabtu, 21 Maret 2026)" in details  # Idul Fitri itself falls on a Saturday
    assert "12 dari 22 hari kalender" in details


def test_office_working_through_cuti_bersama():
    # Cuti bersama counts: 17, 18 (2); Thu 19 Nyepi skipped; 20 (3), 23, 24, 25, 26, 27 (8), 30 (9), Tue 31 Mar (10).
    result = compute(D(2026, 3, 16), cuti_bersama=False)
    assert result.deadline == D(2026, 3, 31)
    assert "Selasa, 31 Maret 2026" in result.feedback.message
    assert "Cuti bersama dihitung sebagai hari kerja" in result.feedback.message
    assert [s.date for s in result.weekday_holidays] == [D(2026, 3, 19)]
    assert [s.date for s in result.worked_cuti_bersama] == [D(2026, 3, 18), D(2026, 3, 20), D(2026, 3, 23), D(2026, 3, 24)]
    assert "tetap dihitung sebagai hari kerja" in result.details_html()


def test_first_day_in_force():
    # Received Fri 30 Apr 2010 (UU KIP in force). May 3–7 (5), 10–12 (8), Thu 13 May Kenaikan skipped,
    # Fri 14 (9), Mon 17 May 2010 (10).
    result = compute(D(2010, 4, 30))
    assert result.deadline == D(2010, 5, 17)
    assert (D(2010, 5, 13), "Kenaikan Yesus Kristus") in result.skipped


def test_follow_on_deadlines_are_relative_to_events():
    result = compute(D(2026, 10, 6))
    texts = [f.message for f in result.follow_on]
    assert len(texts) == 3 and all(f.correct is None for f in result.follow_on)
    assert "paling lambat 30 hari kerja setelah alasan keberatan ditemukan" in texts[0]
    assert "atasan PPID" in texts[0]
    assert "paling lambat 30 hari kerja setelah keberatan tertulis diterima" in texts[1]
    assert "paling lambat 14 hari kerja setelah tanggapan tertulis atasan PPID diterima" in texts[2]
    assert [f.pasal for f in result.follow_on] == ["UU 14/2008 Pasal 35 ayat (1) dan Pasal 36 ayat (1)",
                                                   "UU 14/2008 Pasal 36 ayat (2)", "UU 14/2008 Pasal 37 ayat (2)"]
    assert "Komisi Informasi" in result.details_html()


def test_date_as_text_or_datetime():
    assert compute("06-10-2026").deadline == D(2026, 10, 20)
    assert compute("16 Maret 2026").deadline == D(2026, 4, 7)
    assert compute(dt.datetime(2026, 10, 6, 14, 30)).deadline == D(2026, 10, 20)


@pytest.mark.parametrize("value", [None, "", "  "])
def test_no_date_is_a_friendly_message(value):
    result = compute(value)
    assert result.deadline is None and result.follow_on == ()
    assert result.feedback.correct is None
    assert "Tanggal permohonan belum diisi" in result.feedback.message
    assert result.details_html() == ""


def test_unreadable_date_text_is_friendly():
    result = compute("kemarin sore")
    assert result.deadline is None and result.feedback.correct is False
    assert "\"kemarin sore\" belum bisa dibaca sebagai tanggal" in result.feedback.message


def test_before_uu_kip_came_into_force():
    result = compute(D(2010, 4, 29))
    assert result.deadline is None and result.feedback.correct is False
    assert "UU KIP belum berlaku" in result.feedback.message
    assert "Jumat, 30 April 2010" in result.feedback.message
    assert result.feedback.pasal == "UU 14/2008 Pasal 64 ayat (1)"


def test_too_far_in_the_future_and_missing_cuti_bersama_data():
    result = compute(D(2100, 1, 4))
    assert result.deadline is None and "terlalu jauh" in result.feedback.message
    # The calendar has no cuti bersama for 2028 (yet): the result says so.
    result = compute(D(2028, 3, 1))
    assert result.deadline is not None
    assert "cuti bersama tahun 2028 belum ada" in result.feedback.message
    assert "belum ada" not in compute(D(2026, 10, 6)).feedback.message


def test_wrong_type_is_a_programming_error():
    with pytest.raises(ValueError):
        compute(20261006)


# --- the content file -----------------------------------------------------------------------------
def test_content_follows_the_rules_module_and_the_facts():
    assert CONTENT.in_force == D(2010, 4, 30)
    assert "30 April 2010" in FACTS["kip-64"].summary
    assert [s.id for s in CONTENT.steps] == list(FOLLOW_ON_DAYS)
    assert [s.days for s in CONTENT.steps] == [kip.OBJECTION_FILING_DAYS, kip.OBJECTION_RESPONSE_DAYS, kip.DISPUTE_FILING_DAYS]
    assert (kip.OBJECTION_FILING_DAYS, kip.OBJECTION_RESPONSE_DAYS, kip.DISPUTE_FILING_DAYS) == (30, 30, 14)
    for step, fact_id in zip(CONTENT.steps, ["kip-36-1", "kip-36-2", "kip-37-2"], strict=True):
        assert fact_id in step.facts
        assert f"{step.days} hari kerja" in FACTS[fact_id].summary
    assert {"kip-22-7", "kip-22-8"} <= set(CONTENT.notice_facts)
    for fact_id in (*CONTENT.in_force_facts, *CONTENT.notice_facts, *(f for s in CONTENT.steps for f in s.facts)):
        assert FACTS[fact_id].status in ("V1", "V2"), fact_id


@pytest.mark.parametrize("edit, fragment", [
    (lambda d: d["pesan"].update(batas="Batas akhir: {tanggal_akhir}."), "pesan.batas"),
    (lambda d: d["pesan"].pop("tanpa_tanggal"), "pesan.tanpa_tanggal"),
    (lambda d: d["pesan"].update(batas="Batas {batas"), "pesan.batas"),
    (lambda d: d.update(berlaku_sejak="30 April 2010"), "berlaku_sejak"),
    (lambda d: d["lanjutan"]["langkah"][1].update(id="banding"), "lanjutan.langkah[2].id"),
    (lambda d: d["lanjutan"]["langkah"][2].pop("pasal"), "lanjutan.langkah[3] (sengketa_ki).pasal"),
    (lambda d: d["lanjutan"]["langkah"][0].update(facts=["kip-perki-pasal"]), "UNVERIFIED"),
    (lambda d: d["lanjutan"]["langkah"].pop(), "sengketa_ki belum ada"),
    (lambda d: d["pemberitahuan"].update(facts=["kip-22-99"]), "pemberitahuan.facts"),
])
def test_broken_content_names_file_and_entry(tmp_path, edit, fragment):
    assert fragment in content_error(load, edited_exercise(tmp_path, "kip_tenggat", edit))


# --- the view, headless ---------------------------------------------------------------------------
def test_view_computes_deadlines():
    view = TenggatView()
    assert view.tombol.description == "Hitung"
    assert view.tanggal.value is None and view.diperpanjang.value is False and view.kerja_cuti_bersama.value is False

    view.tanggal.value = D(2026, 10, 6)
    view.tombol.click()
    html = output_html(view.hasil)
    assert "Selasa, 20 Oktober 2026" in html and "Dasar hukum: UU 14/2008 Pasal 22 ayat (7)" in html
    assert "paling lambat 14 hari kerja" in html

    view.diperpanjang.value = True
    view.tombol.click()
    assert "Kamis, 29 Oktober 2026" in output_html(view.hasil)

    view.diperpanjang.value = False
    view.tanggal.value = D(2026, 3, 16)
    view.tombol.click()
    assert "Selasa, 7 April 2026" in output_html(view.hasil)
    view.kerja_cuti_bersama.value = True
    view.tombol.click()
    html = output_html(view.hasil)
    assert "Selasa, 31 Maret 2026" in html and "Selasa, 7 April 2026" not in html


def test_view_with_no_date_or_too_early_a_date():
    view = TenggatView()
    view.tombol.click()
    assert "Tanggal permohonan belum diisi" in output_html(view.hasil)
    view.tanggal.value = D(2009, 12, 1)
    view.tombol.click()
    html = output_html(view.hasil)
    assert "UU KIP belum berlaku" in html and "Batas akhir" not in html


# --- the worked example of lesson 03 -------------------------------------------------------------
def test_the_lessons_example_prints_both_deadlines_as_indonesian_dates(capsys):
    from egov_course.exercises.kip_tenggat import contoh

    contoh("06-10-2026")
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].endswith("Selasa, 6 Oktober 2026")
    assert "Selasa, 20 Oktober 2026 (hari kerja ke-10; UU 14/2008 Pasal 22 ayat (7))" in lines[1]
    assert "Kamis, 29 Oktober 2026 (hari kerja ke-17" in lines[2]
    assert not any("2026-10" in line for line in lines), "no ISO dates for learners"
    contoh("Kamis, 6 Agustus 2026")  # crosses 17 August
    assert "Jumat, 21 Agustus 2026" in capsys.readouterr().out
    contoh("31-02-2026")
    assert capsys.readouterr().out.startswith('✗ "31-02-2026" belum bisa dibaca sebagai tanggal.')
