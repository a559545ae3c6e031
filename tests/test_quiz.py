"""Answer formats: what learners may type, the messages they get, and how keys are matched and scored."""

import datetime as dt

import pytest

from egov_course.quiz import FormatJawabanError, FormatKuis, parse_format

KUIS = FormatKuis({1: "pilihan abcd", 2: "benar_salah", 3: "pilihan_banyak abcde", 4: "menjodohkan 4 abcde",
                   5: "angka", 6: "tanggal"})


@pytest.mark.parametrize("nomor, value, expected", [
    (1, "b", "b"), (1, " C ", "c"), (1, "d.", "d"), (1, "a)", "a"),
    (2, "Benar", "benar"), (2, " salah ", "salah"), (2, True, "benar"), (2, False, "salah"),
    (3, "a, c", frozenset("ac")), (3, "C,A", frozenset("ac")), (3, "a dan e", frozenset("ae")), (3, "ace", frozenset("ace")),
    (3, ["a", "d"], frozenset("ad")), (3, "b; d", frozenset("bd")),
    (4, "1-c, 2-a, 3-e, 4-b", {1: "c", 2: "a", 3: "e", 4: "b"}), (4, "1c 2a 3e 4b", {1: "c", 2: "a", 3: "e", 4: "b"}),
    (4, "1 = c; 2 = a; 3 = e; 4 = b", {1: "c", 2: "a", 3: "e", 4: "b"}), (4, {1: "C", "2": "a", 3: "e", 4: "b"}, {1: "c", 2: "a", 3: "e", 4: "b"}),
    (5, 10, 10.0), (5, "2,63", 2.63), (5, " 1.234,5 ", 1234.5), (5, "0.5", 0.5), (5, "1.650", 1650.0),
    (5, "1.650.000", 1650000.0), (5, "2.63", 2.63), (5, "0.750", 0.75), (5, "10.", 10.0), (5, "2,5.", 2.5),
    (6, "19-10-2026", dt.date(2026, 10, 19)), (6, "19/10/2026", dt.date(2026, 10, 19)), (6, "2026-10-19", dt.date(2026, 10, 19)),
    (6, "19 Oktober 2026", dt.date(2026, 10, 19)), (6, "19 okt 2026", dt.date(2026, 10, 19)), (6, dt.date(2026, 10, 19), dt.date(2026, 10, 19)),
    (6, "Senin, 19 Oktober 2026", dt.date(2026, 10, 19)), (6, "senin 19-10-2026", dt.date(2026, 10, 19)),
    (6, "19-10-2026 (Senin)", dt.date(2026, 10, 19)), (6, "19-10-2026.", dt.date(2026, 10, 19)),
    (6, "Jum'at, 23 Oktober 2026", dt.date(2026, 10, 23)),
])
def test_formats_accept_what_a_learner_would_type(nomor, value, expected, capsys):
    assert KUIS.format(nomor).parse(value, nomor) == expected
    KUIS(value, nomor=nomor)
    out = capsys.readouterr()
    assert out.out.startswith(f"✓ Bentuk jawaban nomor {nomor} sudah sesuai: ") and out.err == ""
    assert "Benar atau tidaknya baru diketahui setelah kuis dinilai." in out.out


@pytest.mark.parametrize("nomor, value, fragment", [
    (1, "", "masih kosong"), (1, "e", 'Pilih satu huruf saja: "a", "b", "c" atau "d"'), (1, "ab", "satu huruf"),
    (1, 2, "harus berupa huruf"), (2, "ya", 'Tulis "benar" atau "salah"'), (2, None, "masih kosong"),
    (3, "", "masih kosong"), (3, [], "masih kosong"), (3, "a, f", '"f" bukan pilihan'), (3, 7, "tidak dikenal"),
    (4, "1-c, 2-a", "nomor 3, 4 belum dipasangkan"), (4, "1-c, 2-c, 3-e, 4-b", 'huruf "c" dipakai lebih dari sekali'),
    (4, "1-c, 1-a, 3-e, 4-b", "nomor 1 dipasangkan dua kali"), (4, "1-c, 2-a, 3-e, 5-b", "nomor 5 tidak ada"),
    (4, "1-c, 2-a, 3-e, 4-f", '"f" bukan pilihan'), (4, "c a e b", "belum berbentuk pasangan"),
    (5, "sepuluh", "bukan angka"), (5, "10 hari", "tanpa satuan"), (5, float("nan"), "bukan angka"),
    (6, "31-02-2026", "tidak ada di kalender"), (6, "19 Octobre 2026", "Nama bulan"), (6, "besok", "belum berbentuk tanggal"),
    (6, 20261019, "bukan tanggal"),
])
def test_malformed_answers_get_a_friendly_message_that_names_the_question(nomor, value, fragment, capsys):
    with pytest.raises(FormatJawabanError) as err:
        KUIS.format(nomor).parse(value, nomor)
    assert fragment in str(err.value)
    assert isinstance(err.value, AssertionError)  # so a hidden test on a malformed answer fails
    assert err.value._render_traceback_() == [f"✗ {err.value}"]  # IPython shows the sentence, no traceback
    KUIS(value, nomor=nomor)  # the visible check reports on stderr (red in JupyterLab) and does not raise
    out = capsys.readouterr()
    assert out.out == "" and out.err.startswith("✗ ") and fragment in out.err and "Traceback" not in out.err
    assert KUIS.periksa(value, nomor) == (False, out.err.strip())


def test_cek_format_finds_the_question_number_from_the_call(capsys):
    jawaban_3 = "a, c"
    KUIS(jawaban_3)
    assert 'nomor 3 sudah sesuai: "a, c"' in capsys.readouterr().out
    jawaban_4 = "1-c"
    KUIS(jawaban_4)
    assert "nomor 2, 3, 4 belum dipasangkan" in capsys.readouterr().err


def test_cek_format_asks_for_the_number_when_it_cannot_tell(capsys):
    KUIS("a")
    assert "cek_format(jawaban_3, nomor=3)" in capsys.readouterr().err
    KUIS("a", nomor=9)
    assert "Soal nomor 9 tidak ada" in capsys.readouterr().err


def test_practice_says_it_is_not_graded():
    ok, message = FormatKuis({1: "pilihan abcd"}, latihan=True).periksa("b", 1)
    assert ok and message == '✓ Bentuk jawaban nomor 1 sudah sesuai: "b". (Ini latihan; tidak dinilai.)'


@pytest.mark.parametrize("nomor, value, shown", [
    (1, "C", '"c"'), (3, "e, a", '"a, e"'), (4, "1c 2a 3e 4b", '"1-c, 2-a, 3-e, 4-b"'), (5, "1.650", "angka 1650"),
    (5, 0.75, "angka 0,75"), (6, "20-10-2026", "tanggal Selasa, 20 Oktober 2026"),
])
def test_the_check_echoes_the_value_it_read(nomor, value, shown):
    assert KUIS.periksa(value, nomor)[1].startswith(f"✓ Bentuk jawaban nomor {nomor} sudah sesuai: {shown}.")


def test_petunjuk_lists_the_allowed_values():
    assert '"a", "b", "c" atau "d"' in KUIS.petunjuk(1)
    assert "1 sampai 4" in KUIS.petunjuk(4) and '"e"' in KUIS.petunjuk(4)
    assert "tanggal-bulan-tahun" in KUIS.petunjuk(6)


@pytest.mark.parametrize("nomor, answer, key, expected", [
    (1, "B", "b", True), (1, "a", "b", False), (1, "", "b", False), (1, "z", "b", False),
    (2, False, "salah", True), (2, "benar", "salah", False),
    (5, "10", 10, True), (5, 10.4, 10, False), (5, "sepuluh", 10, False),
    (6, "19 Oktober 2026", "2026-10-19", True), (6, "20-10-2026", "2026-10-19", False),
])
def test_cocok_matches_after_the_same_normalisation(nomor, answer, key, expected):
    assert KUIS.cocok(answer, key, nomor=nomor) is expected


def test_cocok_uses_the_tolerance_for_numbers():
    assert KUIS.cocok("0,66", 0.6612, nomor=5, toleransi=0.005)
    assert not KUIS.cocok("0,65", 0.6612, nomor=5, toleransi=0.005)


@pytest.mark.parametrize("answer, expected", [
    ("a, c, d", 2.0), ("a, c", 1.33), ("a", 0.67), ("a, c, d, b", 1.33), ("a, b", 0.0), ("b, e", 0.0), ("a, b, c, d, e", 0.67),
])
def test_multiple_select_gives_partial_credit_with_a_penalty_for_wrong_picks(answer, expected, capsys):
    assert KUIS.skor(answer, ["a", "c", "d"], nomor=3, poin=2) == expected
    out = capsys.readouterr().out
    assert (expected == 2.0) == (out == "")  # a message only when something is missing or wrong


@pytest.mark.parametrize("answer, expected", [
    ("1-c, 2-a, 3-e, 4-b", 2.0), ("1-c, 2-a, 3-b, 4-e", 1.0), ("1-a, 2-c, 3-b, 4-e", 0.0), ("1-c, 2-a, 3-e, 4-d", 1.5),
])
def test_matching_gives_a_share_per_right_pair(answer, expected):
    assert KUIS.skor(answer, {1: "c", 2: "a", 3: "e", 4: "b"}, nomor=4, poin=2) == expected


def test_skor_gives_a_malformed_answer_zero_and_says_why(capsys):
    assert KUIS.skor("1-c", {1: "c", 2: "a", 3: "e", 4: "b"}, nomor=4, poin=2) == 0
    assert "nomor 2, 3, 4 belum dipasangkan" in capsys.readouterr().out
    assert KUIS.skor("", ["a", "c"], nomor=3, poin=2) == 0


@pytest.mark.parametrize("spec, problem", [
    ("pilih abcd", "unknown answer format"), ("pilihan", "write 'pilihan <letters>'"), ("pilihan aab", "write"),
    ("menjodohkan abcd", "menjodohkan <number of pairs>"), ("menjodohkan 5 abcd", "more pairs than letters"),
    ("angka 3", "takes no arguments"),
])
def test_bad_format_specs_are_refused_for_the_author(spec, problem):
    with pytest.raises(ValueError, match=problem):
        parse_format(spec)


def test_spec_round_trips():
    for n, fmt in KUIS.formats.items():
        assert parse_format(fmt.spec()) == fmt, n
