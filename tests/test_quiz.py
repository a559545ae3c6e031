import pytest

from egov_course.quiz import FormatJawabanError, cek_angka, cek_benar_salah, cek_pilihan, sama


@pytest.mark.parametrize("value, expected", [("b", "b"), (" B ", "b"), ("c.", "c"), ("a)", "a")])
def test_cek_pilihan_accepts_and_normalises(value, expected, capsys):
    assert cek_pilihan(value, "abcd", nomor=3) == expected
    assert "Format jawaban nomor 3 sudah benar" in capsys.readouterr().out


@pytest.mark.parametrize(
    "value, fragment",
    [("", "masih kosong"), (None, "masih kosong"), ("e", 'Pilih satu huruf: "a", "b", "c", "d"'),
     ("ab", "tidak dikenal"), (2, "harus berupa huruf")],
)
def test_cek_pilihan_explains_bad_format(value, fragment):
    with pytest.raises(FormatJawabanError, match=fragment):
        cek_pilihan(value, "abcd", nomor=1)


def test_format_error_is_an_assertion_so_nbgrader_scores_zero():
    assert issubclass(FormatJawabanError, AssertionError)


@pytest.mark.parametrize("value, expected", [("benar", "benar"), ("Salah ", "salah"), (True, "benar"), (False, "salah")])
def test_cek_benar_salah(value, expected):
    assert cek_benar_salah(value) == expected


@pytest.mark.parametrize("value", ["", "betul", "ya", 1])
def test_cek_benar_salah_refuses(value):
    with pytest.raises(FormatJawabanError):
        cek_benar_salah(value)


@pytest.mark.parametrize("value, expected", [(10, 10.0), ("10", 10.0), ("0,66", 0.66), (" 1.234,5 ", 1234.5), (0.75, 0.75)])
def test_cek_angka(value, expected):
    assert cek_angka(value) == pytest.approx(expected)


@pytest.mark.parametrize("value, fragment", [("", "masih kosong"), ("sepuluh", "bukan angka"), ("3x24", "bukan angka"),
                                             (True, "bukan angka"), ("nan", "bukan angka")])
def test_cek_angka_refuses(value, fragment):
    with pytest.raises(FormatJawabanError, match=fragment):
        cek_angka(value)


@pytest.mark.parametrize(
    "answer, key, tol, expected",
    [("b", "b", 0, True), (" B", "b", 0, True), ("c", "b", 0, False), ("", "b", 0, False), (None, "b", 0, False),
     ("Benar", "benar", 0, True), (True, "benar", 0, True), ("salah", "benar", 0, False),
     ("10", 10, 0, True), (10.0, 10, 0, True), ("0,661", 0.6612, 0.001, True), (0.67, 0.6612, 0.001, False),
     ("sepuluh", 10, 0, False), (True, 1, 0, False)],
)
def test_sama(answer, key, tol, expected):
    assert sama(answer, key, tol) is expected
