"""The synthetic practice data of lesson 06 (``egov_course.datasets``)."""

from __future__ import annotations

import pandas as pd
import pytest

from egov_course.datasets import KECAMATAN, LAYANAN, METADATA, layanan_kecamatan, penduduk_kecamatan

KECAMATAN_DUMAI = {
    "Dumai Kota",
    "Dumai Barat",
    "Dumai Timur",
    "Dumai Selatan",
    "Bukit Kapur",
    "Medang Kampai",
    "Sungai Sembilan",
}
KOLOM = ["kecamatan", "bulan", "layanan", "permohonan", "selesai_tepat_waktu", "rata_rata_hari"]
ANGKA = ["permohonan", "selesai_tepat_waktu", "rata_rata_hari"]


@pytest.fixture(scope="module")
def data() -> pd.DataFrame:
    return layanan_kecamatan()


def test_same_seed_gives_equal_frames():
    pd.testing.assert_frame_equal(layanan_kecamatan(7), layanan_kecamatan(7))
    pd.testing.assert_frame_equal(layanan_kecamatan(), layanan_kecamatan(2026))


def test_another_seed_gives_a_different_frame():
    assert not layanan_kecamatan(1).equals(layanan_kecamatan(2))


def test_columns_and_types(data):
    assert list(data.columns) == KOLOM
    assert pd.api.types.is_datetime64_any_dtype(data["bulan"])
    assert pd.api.types.is_integer_dtype(data["permohonan"])
    assert pd.api.types.is_integer_dtype(data["selesai_tepat_waktu"])
    assert pd.api.types.is_float_dtype(data["rata_rata_hari"])
    assert not data.isna().any().any()


def test_shape_is_kecamatan_by_month_by_service(data):
    assert len(data) == 7 * 12 * 3
    assert data.groupby(["kecamatan", "bulan", "layanan"]).size().eq(1).all()
    assert data["layanan"].nunique() == 3 and set(data["layanan"]) == set(LAYANAN)


def test_months_are_first_of_month_in_2026(data):
    bulan = pd.DatetimeIndex(sorted(data["bulan"].unique()))
    assert list(bulan) == list(pd.date_range("2026-01-01", "2026-12-01", freq="MS"))
    assert (bulan.day == 1).all()


def test_on_time_never_exceeds_requests(data):
    assert (data["selesai_tepat_waktu"] <= data["permohonan"]).all()


@pytest.mark.parametrize("seed", [0, 1, 2026, 99999])
def test_no_negative_numbers(seed):
    frame = layanan_kecamatan(seed)
    assert (frame[ANGKA] >= 0).all().all()
    assert (frame["selesai_tepat_waktu"] <= frame["permohonan"]).all()
    assert (penduduk_kecamatan()["penduduk"] > 0).all()


def test_the_seven_kecamatan_of_dumai(data):
    assert set(data["kecamatan"]) == KECAMATAN_DUMAI
    assert set(KECAMATAN) == KECAMATAN_DUMAI and len(KECAMATAN) == 7
    assert list(penduduk_kecamatan()["kecamatan"]) == list(KECAMATAN)


def test_population_is_marked_synthetic_and_rounded():
    penduduk = penduduk_kecamatan()
    assert penduduk["sumber"].str.contains("sintetis").all()
    assert "bukan data BPS" in penduduk["sumber"].iloc[0]
    assert (penduduk["penduduk"] % 1000 == 0).all()
    assert "sintetis" in penduduk.attrs["sumber"]
    assert "NOT BPS" in (penduduk_kecamatan.__doc__ or "")


def test_metadata_covers_every_column(data):
    kolom = set(data.columns) | set(penduduk_kecamatan().columns)
    assert kolom <= set(METADATA)
    for nama in kolom:
        for unsur in ("konsep", "definisi", "satuan"):
            assert METADATA[nama].get(unsur, "").strip(), f"{nama}: {unsur} kosong"


def test_month_names_are_indonesian_and_in_calendar_order():
    from egov_course.datasets import nama_bulan

    data = layanan_kecamatan()
    months = nama_bulan(sorted(data["bulan"].unique()))
    assert list(months) == ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"]
    assert months.ordered and months.name == "bulan"
    shuffled = nama_bulan(pd.to_datetime(["2026-12-01", "2026-08-01", "2026-01-01"]))
    assert list(shuffled.sort_values()) == ["Jan", "Agu", "Des"]  # sorted as the calendar, not alphabetically
