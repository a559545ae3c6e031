"""Local facts of Pemkot Dumai (content/fakta_lokal.yaml): shipped empty, stamped into lesson markers, listed
by the content check while empty, and every broken marker reported with its file and cell."""

import shutil

import nbformat
import pytest
import yaml
from conftest import REPO, content_error, write_yaml

from egov_course import localfacts
from egov_course.checklist import check, stamp_lessons
from egov_course.content import data_path


def _shipped() -> dict:
    return yaml.safe_load(data_path("fakta_lokal.yaml").read_text(encoding="utf-8"))


def _root(tmp_path):
    """A course copy (config, quizbank/, source/, …) with the lessons."""
    from conftest import copy_course

    root = copy_course(tmp_path)
    shutil.copytree(REPO / "course", root / "course")
    return root


def _filled(tmp_path, values: dict[str, str]):
    data = _shipped()
    for entry in data["fakta"]:
        entry["value"] = values.get(entry["id"], entry["value"])
    return write_yaml(tmp_path / "fakta_lokal.yaml", data)


def test_the_shipped_file_loads_and_every_value_is_empty():
    facts = localfacts.load()
    assert {"ppid_utama", "ppid_pelaksana", "komisi_informasi", "pejabat_pdp", "lapor_kebocoran_data",
            "kanal_pengaduan", "walidata", "kode_wilayah_sistem", "kode_wilayah_kota_dumai"} <= set(facts)
    assert all(f.value is None and f.text == localfacts.EMPTY for f in facts.values()), "no values in the repository"
    assert all(f.label and f.untuk_panitia and f.used_in for f in facts.values())


@pytest.mark.parametrize("edit, message", [
    (lambda d: d["fakta"][0].update(nilai="x"), "kunci tidak dikenal 'nilai'"),
    (lambda d: d["fakta"].append(dict(d["fakta"][0])), "id 'ppid_utama' ganda"),
    (lambda d: d["fakta"][1].pop("label"), "kunci wajib tidak ada: label"),
    (lambda d: d["fakta"][2].update(value="baris satu\nbaris dua"), "value harus kosong"),
])
def test_a_bad_file_names_the_file_and_the_entry(tmp_path, edit, message):
    data = _shipped()
    edit(data)
    path = write_yaml(tmp_path / "fakta_lokal.yaml", data)
    text = content_error(localfacts.load, path)
    assert message in text and "fakta[" in text


def test_stamp_fills_values_and_is_idempotent(tmp_path):
    root = _root(tmp_path)
    path = _filled(tmp_path, {"ppid_utama": "Kepala Dinas Contoh (nilai uji)"})
    changed = stamp_lessons(root, ["03"], local_facts=path)
    assert [p.name for p in changed] == ["03_keterbukaan_informasi.ipynb"]
    assert stamp_lessons(root, ["03"], local_facts=path) == []
    text = "\n".join(c.source for c in nbformat.read(root / "course/03_keterbukaan_informasi.ipynb", as_version=4).cells)
    assert "<!-- fakta_lokal:ppid_utama -->Kepala Dinas Contoh (nilai uji)<!-- /fakta_lokal -->" in text
    assert "<!-- fakta_lokal:komisi_informasi -->_(diisi panitia)_<!-- /fakta_lokal -->" in text
    # emptying the value again brings back the placeholder
    localfacts.stamp(root, localfacts.load(), ["03"])
    text = "\n".join(c.source for c in nbformat.read(root / "course/03_keterbukaan_informasi.ipynb", as_version=4).cells)
    assert "Kepala Dinas Contoh" not in text


def test_empty_values_render_as_diisi_panitia():
    facts = localfacts.load()
    source = "PPID Utama: <!-- fakta_lokal:ppid_utama -->lama<!-- /fakta_lokal -->."
    assert localfacts.render(source, facts) == (
        "PPID Utama: <!-- fakta_lokal:ppid_utama -->_(diisi panitia)_<!-- /fakta_lokal -->.")


def test_the_check_lists_the_unfilled_facts_as_a_warning_not_a_problem():
    result = check(REPO)
    assert len(result.unfilled) == len(localfacts.load())
    assert any("`walidata` (Walidata Kota Dumai): belum diisi; dipakai di 06_satu_data" in w for w in result.unfilled)
    assert not any("fakta_lokal" in p or "fakta lokal" in p for p in result.problems)
    assert "## Fakta lokal yang belum diisi (peringatan)" in result.markdown()


def test_a_filled_fact_is_no_longer_listed_once_stamped(tmp_path):
    root = _root(tmp_path)
    path = _filled(tmp_path, {"walidata": "Unit uji"})
    scan = localfacts.scan(root, path=path)
    assert any("06_satu_data" in p and "jalankan `egov-course content stamp`" in p for p in scan.problems)
    localfacts.stamp(root, localfacts.load(path))
    scan = localfacts.scan(root, path=path)
    assert scan.problems == [] and "walidata" not in {f.id for f in scan.unfilled}


def _edit_cell(root, name, edit):
    path = root / "course" / name
    nb = nbformat.read(path, as_version=4)
    index = next(i for i, c in enumerate(nb.cells) if "fakta_lokal:" in c.source)
    nb.cells[index].source = edit(nb.cells[index].source)
    nbformat.write(nb, path)
    return index


def test_an_unknown_id_and_an_unclosed_marker_are_reported_with_file_and_cell(tmp_path):
    root = _root(tmp_path)
    i = _edit_cell(root, "04_pelindungan_data.ipynb",
                   lambda s: s + "\n\nKontak: <!-- fakta_lokal:nomor_pribadi -->x<!-- /fakta_lokal -->")
    j = _edit_cell(root, "05_layanan_publik_digital.ipynb", lambda s: s.replace("<!-- /fakta_lokal -->", "", 1))
    problems = localfacts.scan(root).problems
    assert f"course/04_pelindungan_data.ipynb, sel {i}: id fakta lokal 'nomor_pribadi' tidak ada di fakta_lokal.yaml" in problems
    assert any(p.startswith(f"course/05_layanan_publik_digital.ipynb, sel {j}: penanda fakta lokal tidak lengkap")
               for p in problems)
    assert any("kanal_pengaduan" in p and "used_in" in p for p in problems)  # its only marker is gone
