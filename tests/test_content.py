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


def test_competency_areas_of_the_course():
    from egov_course.content import load_competencies

    areas = load_competencies()
    assert set(areas) >= {"konsep_spbe", "transaksi_elektronik", "keterbukaan_informasi", "pelindungan_data",
                          "layanan_publik_digital", "tata_kelola_data"}
    assert all(a.name and a.description and a.legal_basis for a in areas.values())
    assert all(0 < len(a.short) <= 25 for a in areas.values()), "short labels fit a chart axis"


def test_every_quiz_item_names_a_known_competency():
    import nbformat
    from conftest import REPO

    from egov_course.content import load_competencies

    known = set(load_competencies())
    used = {}
    for path in sorted((REPO / "source").glob("*/*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            meta = cell.metadata.get("egov_course")
            if meta:
                used[f"{path.name}:{meta['item']}"] = meta.get("competency")
    assert used, "no quiz item carries egov_course metadata"
    assert {item: c for item, c in used.items() if c not in known} == {}


@pytest.mark.parametrize(
    "text, fragment",
    [
        ("competencies: []\n", "tidak kosong"),
        ("competencies:\n  - {code: Bad, name: X, description: Y, legal_basis: [UU 1/2000]}\n", "bukan kode yang sah"),
        ("competencies:\n  - {code: x, name: X, description: Y, legal_basis: [UU 1/2000]}\n"
         "  - {code: x, name: Z, description: W, legal_basis: [UU 1/2000]}\n", "sudah dipakai"),
        ("competencies:\n  - {code: x, name: X, legal_basis: [UU 1/2000]}\n", "description wajib diisi"),
        ("competencies:\n  - {code: x, name: X, description: Y, legal_basis: []}\n", "legal_basis"),
        ("competencies:\n  - {code: x, description: Y, legal_basis: [UU 1/2000]}\n", "name wajib diisi"),
        ("competencies:\n  - {code: x, name: X, short: '', description: Y, legal_basis: [UU 1/2000]}\n", "short"),
    ],
)
def test_bad_competency_files_are_refused(tmp_path, text, fragment):
    from egov_course.content import load_competencies

    path = tmp_path / "competencies.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError, match=fragment):
        load_competencies(path)
