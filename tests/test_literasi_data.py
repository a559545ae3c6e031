"""The one-line helpers of lesson 06 (``egov_course.literasi_data``): their tables against a direct pandas
computation on the same synthetic data, their charts (markers, line styles, fonts, text alternative), their
Indonesian errors, and the lesson's main path that calls them."""

from __future__ import annotations

import re

import matplotlib.pyplot as plt
import nbformat
import pandas as pd
import pytest
from conftest import REPO
from matplotlib.text import Text

from egov_course.datasets import KECAMATAN, LAYANAN, METADATA, NAMA_BULAN, layanan_kecamatan, penduduk_kecamatan
from egov_course.errors import EgovCourseError
from egov_course.literasi_data import (
    BULAN_PANJANG,
    UNSUR,
    Grafik,
    angka,
    grafik_bulanan,
    grafik_kecamatan,
    lama_penyelesaian,
    per_1000_penduduk,
    permohonan_layanan,
    ringkasan_kecamatan,
    tabel_bulanan,
    tabel_metadata,
)


@pytest.fixture(autouse=True, scope="module")
def _agg_backend():
    old = plt.get_backend()
    plt.switch_backend("Agg")
    yield
    plt.close("all")
    plt.switch_backend(old)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def data() -> pd.DataFrame:
    return layanan_kecamatan()


def _direct_per_kecamatan(data: pd.DataFrame) -> pd.DataFrame:
    """What the lesson's pengayaan cells compute with pandas."""
    tabel = data.groupby("kecamatan")[["permohonan", "selesai_tepat_waktu"]].sum()
    tabel["persen_tepat_waktu"] = (tabel["selesai_tepat_waktu"] / tabel["permohonan"] * 100).round(1)
    return tabel


def _texts(fig) -> list[Text]:
    fig.canvas.draw()
    return [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]


# ------------------------------------------------------------------------------------------ tables
def test_ringkasan_kecamatan_matches_pandas_and_is_sorted(data):
    tabel = ringkasan_kecamatan(data)
    assert list(tabel.columns) == ["permohonan", "selesai_tepat_waktu", "persen_tepat_waktu"]
    assert tabel.index.name == "kecamatan" and set(tabel.index) == set(KECAMATAN)
    assert tabel["persen_tepat_waktu"].is_monotonic_decreasing
    direct = _direct_per_kecamatan(data)
    pd.testing.assert_frame_equal(tabel.sort_index(), direct.sort_index())
    assert tabel["permohonan"].sum() == data["permohonan"].sum()
    assert "sintetis" in tabel.attrs["sumber"]


def test_ringkasan_kecamatan_sorts_by_the_chosen_column(data):
    tabel = ringkasan_kecamatan(data, urutkan="permohonan")
    assert tabel["permohonan"].is_monotonic_decreasing
    assert tabel.index[0] == data.groupby("kecamatan")["permohonan"].sum().idxmax()
    with pytest.raises(EgovCourseError, match='Kolom "jumlah" tidak ada.*"permohonan", "selesai_tepat_waktu"'):
        ringkasan_kecamatan(data, urutkan="jumlah")


def test_per_1000_penduduk_matches_a_join_and_ranks_differently(data):
    tabel = per_1000_penduduk(data)
    assert list(tabel.columns) == ["permohonan", "penduduk", "per_1000_penduduk"]
    assert tabel["per_1000_penduduk"].is_monotonic_decreasing
    direct = _direct_per_kecamatan(data).join(penduduk_kecamatan().set_index("kecamatan")["penduduk"])
    expected = (direct["permohonan"] / direct["penduduk"] * 1000).round(1)
    pd.testing.assert_series_equal(tabel["per_1000_penduduk"].sort_index(), expected.sort_index(), check_names=False)
    # The lesson's point: the busiest kecamatan in total is not the busiest per 1.000 residents.
    assert tabel.index[0] != ringkasan_kecamatan(data, urutkan="permohonan").index[0]


def test_permohonan_layanan_filters_one_service(data):
    for layanan in LAYANAN:
        tabel = permohonan_layanan(data, layanan)
        kolom = f"permohonan {layanan}"
        assert list(tabel.columns) == [kolom] and tabel[kolom].is_monotonic_decreasing
        direct = data[data["layanan"] == layanan].groupby("kecamatan")["permohonan"].sum()
        pd.testing.assert_series_equal(tabel[kolom].sort_index(), direct.sort_index(), check_names=False)
    pd.testing.assert_frame_equal(permohonan_layanan(data, " izin usaha  MIKRO "), permohonan_layanan(data, "Izin usaha mikro"))
    with pytest.raises(EgovCourseError, match='Layanan "KTP" tidak ada.*"KTP-el", "Surat keterangan domisili", "Izin usaha mikro"'):
        permohonan_layanan(data, "KTP")


def test_lama_penyelesaian_is_the_mean_per_service(data):
    tabel = lama_penyelesaian(data)
    direct = data.groupby("layanan")["rata_rata_hari"].mean().round(1)
    pd.testing.assert_series_equal(tabel["rata_rata_hari"].sort_index(), direct.sort_index())
    assert tabel["rata_rata_hari"].is_monotonic_decreasing


def test_tabel_bulanan_has_indonesian_months_and_sums(data):
    kota = tabel_bulanan(data)
    assert [str(b) for b in kota.index] == list(NAMA_BULAN) and list(kota.columns) == list(LAYANAN)
    assert kota.loc["Jul", "Surat keterangan domisili"] == data[
        (data["bulan"] == "2026-07-01") & (data["layanan"] == "Surat keterangan domisili")]["permohonan"].sum()
    satu = tabel_bulanan(data, "Kecamatan Medang Kampai")
    assert satu.to_numpy().sum() == data[data["kecamatan"] == "Medang Kampai"]["permohonan"].sum()


def test_tabel_metadata_shows_every_element_in_full():
    styler = tabel_metadata()
    assert list(styler.data.columns) == UNSUR and list(styler.data.index) == list(METADATA)
    html = styler.to_html()
    longest = max((m["definisi"] for m in METADATA.values()), key=len)
    assert len(longest) > 50 and longest in html  # pandas would cut it at 50 characters without set_option


def test_numbers_are_written_the_indonesian_way():
    assert [angka(12345), angka(92.5), angka(1000.0), angka(7)] == ["12.345", "92,5", "1.000", "7"]


# ------------------------------------------------------------------------------------------ charts
def test_bar_chart_sorts_labels_and_names_highest_and_lowest(data):
    tabel = per_1000_penduduk(data)
    grafik = grafik_kecamatan(tabel, "per_1000_penduduk")
    assert isinstance(grafik, Grafik) and repr(grafik) == grafik.ringkasan
    bars = grafik.ax.patches
    assert len(bars) == 7
    widths = [b.get_width() for b in bars]
    assert widths == sorted(widths) and widths[-1] == tabel["per_1000_penduduk"].max()
    assert [t.get_text() for t in grafik.ax.get_yticklabels()][-1] == tabel.index[0]
    assert "data sintetis" in grafik.ax.get_title() and "1.000 penduduk" in grafik.ax.get_xlabel()
    tinggi, rendah = tabel["per_1000_penduduk"].idxmax(), tabel["per_1000_penduduk"].idxmin()
    kalimat = grafik.ringkasan
    assert kalimat.endswith(".") and not re.search(r"\.\s+[A-Z]", kalimat)  # one sentence
    assert re.search(rf"tertinggi Kecamatan {tinggi} \({re.escape(angka(tabel.loc[tinggi, 'per_1000_penduduk']))} ", kalimat)
    assert re.search(rf"terendah Kecamatan {rendah} \({re.escape(angka(tabel.loc[rendah, 'per_1000_penduduk']))} ", kalimat)
    assert all(t.get_fontsize() >= 11 for t in _texts(grafik.figure))


def test_bar_chart_of_totals_and_a_wrong_column(data):
    ringkasan = ringkasan_kecamatan(data)
    grafik = grafik_kecamatan(ringkasan)
    terbanyak = ringkasan["permohonan"].idxmax()
    assert f"tertinggi Kecamatan {terbanyak} ({angka(ringkasan['permohonan'].max())} berkas)" in grafik.ringkasan
    assert grafik.ax.get_xlabel() == "Berkas"
    with pytest.raises(EgovCourseError, match='Kolom "per_1000" tidak ada.*"persen_tepat_waktu"'):
        grafik_kecamatan(ringkasan, "per_1000")


@pytest.mark.parametrize("kecamatan", [None, "Dumai Barat", "Medang Kampai"])
def test_monthly_lines_differ_by_marker_and_style(data, kecamatan):
    grafik = grafik_bulanan(data, kecamatan)
    lines = grafik.ax.get_lines()
    assert [line.get_label() for line in lines] == list(LAYANAN)
    markers = [line.get_marker() for line in lines]
    styles = [line.get_linestyle() for line in lines]
    assert len(set(markers)) == 3 and len(set(styles)) == 3 and "None" not in markers
    assert [t.get_text() for t in grafik.ax.get_xticklabels()] == list(NAMA_BULAN)
    legend = grafik.ax.get_legend()
    assert [t.get_text() for t in legend.get_texts()] == list(LAYANAN)
    assert all(t.get_fontsize() >= 11 for t in _texts(grafik.figure))
    wilayah = "Kota Dumai" if kecamatan is None else f"Kecamatan {kecamatan}"
    assert wilayah in grafik.ax.get_title() and wilayah in grafik.ringkasan
    assert grafik.ringkasan.endswith(".") and not re.search(r"\.\s+[A-Z]", grafik.ringkasan)  # one sentence


def test_monthly_summary_names_each_peak_month(data):
    grafik = grafik_bulanan(data, "Dumai Barat")
    bagian = data[data["kecamatan"] == "Dumai Barat"]
    for layanan in LAYANAN:
        per_bulan = bagian[bagian["layanan"] == layanan].groupby("bulan")["permohonan"].sum()
        puncak = BULAN_PANJANG[per_bulan.idxmax().month - 1]
        assert re.search(rf"{layanan} paling banyak pada bulan [^;(]*{puncak}[^;(]* \({angka(per_bulan.max())} berkas\)",
                         grafik.ringkasan), (layanan, puncak, grafik.ringkasan)


def test_unknown_kecamatan_gives_an_indonesian_error_with_the_valid_names(data):
    with pytest.raises(EgovCourseError) as info:
        grafik_bulanan(data, kecamatan="Tidak Ada")
    pesan = str(info.value)
    assert pesan.startswith('Kecamatan "Tidak Ada" tidak ada dalam data. Pilih salah satu:')
    assert all(f'"{k}"' in pesan for k in KECAMATAN)


# ------------------------------------------------------------------------------------------ lesson 06
def _lesson06():
    return nbformat.read(REPO / "course" / "06_satu_data.ipynb", as_version=4)


def test_lesson_main_path_uses_short_helper_cells():
    cells = _lesson06().cells
    start = next(i for i, c in enumerate(cells) if c.source.startswith("## 5. "))
    pengayaan = next(i for i, c in enumerate(cells) if c.source.startswith("### Pengayaan: "))
    end = next(i for i, c in enumerate(cells) if c.source.startswith("## Rangkuman"))
    assert start < pengayaan < end
    assert "(tidak wajib, tidak ada di kuis)" in cells[pengayaan].source
    main = [c for c in cells[start:pengayaan] if c.cell_type == "code"]
    assert main
    for cell in main:
        lines = cell.source.splitlines()
        assert len(lines) <= 2 and all(len(line) <= 60 for line in lines), cell.source
        assert not re.search(r"groupby|\.join\(|pivot_table|\.plot|set_option|import pandas|matplotlib", cell.source), cell.source
    coba = [c for c in cells[start:pengayaan] if c.cell_type == "markdown" and "**Coba sendiri:**" in c.source]
    assert 2 <= len(coba) <= 3
    assert sum("# Ubah hanya" in c.source for c in main) == len(coba)


def test_every_lesson_chart_has_a_sentence_under_it():
    cells = _lesson06().cells
    for i, cell in enumerate(cells):
        if cell.cell_type == "code" and re.search(r"grafik_(kecamatan|bulanan)\(|plt\.show\(\)", cell.source):
            after = cells[i + 1]
            assert after.cell_type == "markdown" and after.source.startswith("Grafik di atas "), cell.source
