import pytest

from egov_course.content import OPD_KINDS, load_opd_list, load_synthetic_names
from egov_course.errors import ContentError


def test_shipped_opd_list_has_the_seven_kecamatan_of_dumai():
    opds = load_opd_list()
    kecamatan = {o.name for o in opds.items if o.kind == "kecamatan"}
    assert kecamatan == {f"Kecamatan {k}" for k in ("Dumai Kota", "Dumai Barat", "Dumai Timur", "Dumai Selatan",
                                                     "Bukit Kapur", "Medang Kampai", "Sungai Sembilan")}
    assert all(o.kind in OPD_KINDS for o in opds.items)
    assert len(set(opds.codes)) == len(opds.items) >= 15
    assert opds.lookup("  DISKOMINFOTIKSAN ").code == "diskominfotiksan"
    assert opds.lookup("Dinas Komunikasi Informatika Statistik dan Persandian").code == "diskominfotiksan"
    assert opds.lookup("Dinas Pariwisata Mars") is None


@pytest.mark.parametrize(
    "text, fragment",
    [
        ("opd: []\n", "tidak kosong"),
        ("opd:\n  - {code: Bad Code, name: X, kind: dinas}\n", "bukan kode yang sah"),
        ("opd:\n  - {code: x, name: X, kind: kementerian}\n", "harus salah satu dari"),
        ("opd:\n  - {code: x, name: X, kind: dinas}\n  - {code: y, name: x, kind: dinas}\n", "sudah dipakai oleh opd[1]"),
        ("opd: [unclosed\n", "YAML tidak valid"),
    ],
)
def test_bad_opd_files_are_refused_with_the_entry_named(tmp_path, text, fragment):
    path = tmp_path / "opd.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError, match=fragment.replace("[", r"\[").replace("]", r"\]")) as info:
        load_opd_list(path)
    assert str(path) in str(info.value)


def test_synthetic_name_parts():
    first, last = load_synthetic_names()
    assert len(first) >= 20 and len(last) >= 20
