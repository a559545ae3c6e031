"""Synthetic practice data for lesson 06 (Satu Data Indonesia dan Literasi Data).

Everything here is **invented** for teaching: monthly public-service requests per kecamatan of Kota
Dumai and a rounded, made-up population per kecamatan. None of it is official data (not BPS, not
Disdukcapil, not any OPD). Only the seven kecamatan names are real (law_facts.md section 9).

The module is itself a small Satu Data lesson: every column is described in :data:`METADATA` with
the elements of a Standar Data (konsep, definisi, klasifikasi, ukuran, satuan; Perpres 39/2019
Pasal 4 ayat (2)), so learners read the metadata before they read the numbers.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .content import load_opd_list

TAHUN = 2026

# The 7 kecamatan of Kota Dumai (law_facts.md section 9, V2), in the order of content/opd.yaml.
KECAMATAN: tuple[str, ...] = tuple(opd.name.removeprefix("Kecamatan ") for opd in load_opd_list().items
                                   if opd.kind == "kecamatan")

LAYANAN: tuple[str, ...] = ("KTP-el", "Surat keterangan domisili", "Izin usaha mikro")

SUMBER_SINTETIS = "Data sintetis untuk latihan (angka karangan, bukan data BPS atau data resmi OPD)"

# Invented, rounded population per kecamatan. NOT BPS figures: the real total of Kota Dumai is about
# 338 thousand (BPS, mid-2023); these add up to 300,000 on purpose so that nobody mistakes them for it.
_PENDUDUK: dict[str, int] = {
    "Dumai Kota": 42_000,
    "Dumai Barat": 48_000,
    "Dumai Timur": 60_000,
    "Dumai Selatan": 45_000,
    "Bukit Kapur": 55_000,
    "Medang Kampai": 15_000,
    "Sungai Sembilan": 35_000,
}

# How often residents use the kecamatan office, relative to the city average (invented). Medang
# Kampai is small but busy, so totals and per-capita figures rank the kecamatan differently.
_PEMANFAATAN: dict[str, float] = {
    "Dumai Kota": 1.10,
    "Dumai Barat": 0.95,
    "Dumai Timur": 0.90,
    "Dumai Selatan": 1.00,
    "Bukit Kapur": 0.85,
    "Medang Kampai": 1.45,
    "Sungai Sembilan": 0.80,
}

# Share of requests finished on time, per kecamatan (invented).
_TEPAT_WAKTU: dict[str, float] = {
    "Dumai Kota": 0.93,
    "Dumai Barat": 0.90,
    "Dumai Timur": 0.86,
    "Dumai Selatan": 0.91,
    "Bukit Kapur": 0.84,
    "Medang Kampai": 0.88,
    "Sungai Sembilan": 0.80,
}

# Per service: monthly requests per 1,000 residents, typical working time in days, and a 12-month
# seasonal profile (invented: more domisili letters in the school-registration months, more
# micro-business permits early in the year).
_PER_1000: dict[str, float] = {"KTP-el": 2.0, "Surat keterangan domisili": 1.5, "Izin usaha mikro": 0.6}
_HARI: dict[str, float] = {"KTP-el": 3.0, "Surat keterangan domisili": 1.5, "Izin usaha mikro": 5.0}
_MUSIM: dict[str, tuple[float, ...]] = {
    "KTP-el": (1.10, 1.00, 0.95, 0.90, 0.95, 1.00, 1.05, 1.05, 1.00, 0.95, 1.00, 1.05),
    "Surat keterangan domisili": (0.90, 0.90, 0.95, 0.95, 1.10, 1.35, 1.40, 1.00, 0.90, 0.85, 0.85, 0.85),
    "Izin usaha mikro": (1.25, 1.20, 1.10, 1.00, 0.95, 0.90, 0.90, 0.90, 0.95, 1.00, 0.95, 0.90),
}

KOLOM_LAYANAN: tuple[str, ...] = ("kecamatan", "bulan", "layanan", "permohonan", "selesai_tepat_waktu", "rata_rata_hari")
KOLOM_PENDUDUK: tuple[str, ...] = ("kecamatan", "penduduk", "sumber")

#: Metadata of every column of :func:`layanan_kecamatan` and :func:`penduduk_kecamatan`, with the
#: elements of a Standar Data (Perpres 39/2019 Pasal 4 ayat (2)). Learner-facing, in Indonesian.
METADATA: dict[str, dict[str, str]] = {
    "kecamatan": {
        "konsep": "Wilayah kecamatan",
        "definisi": "Kecamatan di Kota Dumai tempat permohonan diajukan atau tempat penduduk tinggal.",
        "klasifikasi": "7 kecamatan: " + ", ".join(KECAMATAN),
        "ukuran": "-",
        "satuan": "- (nama wilayah)",
    },
    "bulan": {
        "konsep": "Periode pelaporan",
        "definisi": "Bulan kalender saat permohonan diterima, ditulis sebagai tanggal 1 bulan itu.",
        "klasifikasi": f"Januari–Desember {TAHUN}",
        "ukuran": "-",
        "satuan": "bulan",
    },
    "layanan": {
        "konsep": "Jenis layanan administrasi",
        "definisi": "Jenis layanan yang diminta warga di kantor kecamatan.",
        "klasifikasi": ", ".join(LAYANAN),
        "ukuran": "-",
        "satuan": "- (kategori)",
    },
    "permohonan": {
        "konsep": "Permohonan layanan",
        "definisi": "Banyaknya berkas permohonan yang diterima lengkap dalam bulan itu; satu berkas dihitung satu.",
        "klasifikasi": "menurut kecamatan, bulan, dan jenis layanan",
        "ukuran": "jumlah",
        "satuan": "berkas",
    },
    "selesai_tepat_waktu": {
        "konsep": "Penyelesaian tepat waktu",
        "definisi": "Banyaknya permohonan bulan itu yang selesai dalam jangka waktu standar pelayanan.",
        "klasifikasi": "menurut kecamatan, bulan, dan jenis layanan",
        "ukuran": "jumlah (tidak pernah lebih dari permohonan)",
        "satuan": "berkas",
    },
    "rata_rata_hari": {
        "konsep": "Waktu penyelesaian",
        "definisi": "Rata-rata lama penyelesaian permohonan bulan itu, dari berkas lengkap sampai produk layanan diserahkan.",
        "klasifikasi": "menurut kecamatan, bulan, dan jenis layanan",
        "ukuran": "rata-rata",
        "satuan": "hari kerja",
    },
    "penduduk": {
        "konsep": "Jumlah penduduk (sintetis)",
        "definisi": "Angka karangan yang dibulatkan ke ribuan, hanya untuk latihan; bukan angka BPS.",
        "klasifikasi": "menurut kecamatan",
        "ukuran": "jumlah",
        "satuan": "jiwa",
    },
    "sumber": {
        "konsep": "Sumber data",
        "definisi": "Asal angka pada baris itu.",
        "klasifikasi": "-",
        "ukuran": "-",
        "satuan": "- (teks)",
    },
}


def layanan_kecamatan(seed: int = 2026) -> pd.DataFrame:
    """Synthetic monthly service requests per kecamatan of Kota Dumai, January–December 2026.

    One row per kecamatan × month × service (7 × 12 × 3 = 252 rows), columns as in
    :data:`KOLOM_LAYANAN` and described in :data:`METADATA`. The numbers are invented; the same
    ``seed`` always gives the same frame (``numpy.random.default_rng(seed)``).
    """
    rng = np.random.default_rng(seed)
    bulan = pd.date_range(f"{TAHUN}-01-01", periods=12, freq="MS")
    rows = []
    for kecamatan in KECAMATAN:
        for i, awal_bulan in enumerate(bulan):
            for layanan in LAYANAN:
                harapan = _PENDUDUK[kecamatan] / 1000 * _PER_1000[layanan] * _PEMANFAATAN[kecamatan] * _MUSIM[layanan][i]
                permohonan = max(int(rng.poisson(harapan)), 1)
                peluang = float(np.clip(_TEPAT_WAKTU[kecamatan] + rng.normal(0, 0.03), 0.5, 1.0))
                selesai = int(rng.binomial(permohonan, peluang))
                hari = _HARI[layanan] * (1 + (1 - peluang)) + rng.normal(0, 0.3)
                rows.append((kecamatan, awal_bulan, layanan, permohonan, selesai, round(max(hari, 0.5), 1)))
    frame = pd.DataFrame(rows, columns=list(KOLOM_LAYANAN))
    frame["permohonan"] = frame["permohonan"].astype("int64")
    frame["selesai_tepat_waktu"] = frame["selesai_tepat_waktu"].astype("int64")
    frame["rata_rata_hari"] = frame["rata_rata_hari"].astype("float64")
    frame.attrs["sumber"] = SUMBER_SINTETIS
    return frame


NAMA_BULAN: tuple[str, ...] = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des")


def nama_bulan(tanggal) -> pd.CategoricalIndex:
    """Indonesian month abbreviations (``Jan`` … ``Des``) for dates, in calendar order, as table rows and chart labels.

    matplotlib and pandas label dates in English; a lesson turns a monthly index into these names
    before it shows or plots it (``bulanan.index = nama_bulan(bulanan.index)``).
    """
    dates = pd.DatetimeIndex(tanggal)
    return pd.CategoricalIndex([NAMA_BULAN[m - 1] for m in dates.month], categories=list(NAMA_BULAN), ordered=True,
                               name="bulan")


def penduduk_kecamatan() -> pd.DataFrame:
    """Synthetic population per kecamatan of Kota Dumai: invented, rounded to thousands, NOT BPS figures.

    Columns ``kecamatan``, ``penduduk`` (jiwa) and ``sumber``, which says on every row that the number is
    synthetic. Use it only to practise per-capita comparisons; official figures come from BPS.
    """
    frame = pd.DataFrame(
        {
            "kecamatan": list(KECAMATAN),
            "penduduk": [_PENDUDUK[k] for k in KECAMATAN],
            "sumber": SUMBER_SINTETIS,
        }
    )
    frame["penduduk"] = frame["penduduk"].astype("int64")
    frame.attrs["sumber"] = SUMBER_SINTETIS
    return frame
