"""One-line helpers for the data exercise of lesson 06 (Satu Data Indonesia dan Literasi Data).

Learners are civil servants, mostly not programmers: the lesson calls one short function per step
(``ringkasan_kecamatan(data)``) instead of pandas ``groupby``/``join``/``pivot_table`` and long plot calls.
The pandas version stays in the lesson as optional *pengayaan*; these helpers compute the same numbers.

Charts are readable on a projector and by screen-reader users (learner review A1–A3): every font is at
least 11 pt, the lines of the monthly chart differ by marker *and* line style, and every chart comes with
one Indonesian sentence naming its values (highest and lowest), shown under the chart as a text
alternative. Chart helpers return a :class:`Grafik` whose text is that sentence, so a notebook cell shows
the chart and then the sentence; tests read ``.ax`` and ``.figure``.
"""

from __future__ import annotations

from dataclasses import dataclass

import matplotlib.pyplot as plt
import pandas as pd

from .datasets import KECAMATAN, LAYANAN, METADATA, NAMA_BULAN, SUMBER_SINTETIS, layanan_kecamatan, nama_bulan, penduduk_kecamatan
from .errors import EgovCourseError

# What ``from egov_course.literasi_data import *`` gives the lesson: the data and the helpers.
__all__ = ["layanan_kecamatan", "penduduk_kecamatan", "tabel_metadata", "ringkasan_kecamatan", "per_1000_penduduk",
           "permohonan_layanan", "lama_penyelesaian", "tabel_bulanan", "grafik_kecamatan", "grafik_bulanan"]

UKURAN_HURUF = 12  # axis labels, ticks, legend, value labels (review A2: at least 11 pt)
UKURAN_JUDUL = 14
#: Marker and line style per service (review A1: never colour alone), with colour-blind-safe colours.
GAYA_GARIS: dict[str, tuple[str, str, str]] = {
    "KTP-el": ("o", "-", "#0072B2"),
    "Surat keterangan domisili": ("s", "--", "#D55E00"),
    "Izin usaha mikro": ("^", ":", "#009E73"),
}
BULAN_PANJANG = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
                 "Oktober", "November", "Desember")
UNSUR = ["konsep", "definisi", "klasifikasi", "ukuran", "satuan"]
#: Default title and unit of a bar chart, per column of the helpers' tables.
JUDUL_SATUAN: dict[str, tuple[str, str]] = {
    "permohonan": ("Jumlah permohonan per kecamatan, 2026", "berkas"),
    "selesai_tepat_waktu": ("Permohonan selesai tepat waktu per kecamatan, 2026", "berkas"),
    "persen_tepat_waktu": ("Persentase permohonan selesai tepat waktu per kecamatan, 2026", "persen"),
    "per_1000_penduduk": ("Permohonan per 1.000 penduduk, 2026", "berkas per 1.000 penduduk"),
    "penduduk": ("Jumlah penduduk per kecamatan", "jiwa"),
}


@dataclass
class Grafik:
    """A chart made for a learner: the matplotlib figure and axes, and the one-sentence summary under it."""

    figure: object
    ax: object
    ringkasan: str

    def __repr__(self) -> str:  # what a notebook cell shows under the chart
        return self.ringkasan

    def _repr_markdown_(self) -> str:  # shown as ordinary text in JupyterLab, read by screen readers
        return self.ringkasan


def angka(nilai) -> str:
    """A number written the Indonesian way: ``12345`` → ``12.345``, ``92.5`` → ``92,5``."""
    if float(nilai).is_integer():
        teks = f"{int(nilai):,}"
    else:
        teks = f"{float(nilai):,.1f}"
    return teks.replace(",", "_").replace(".", ",").replace("_", ".")


def _pilih(nilai: str, pilihan, apa: str) -> str:
    """``nilai`` as spelled in ``pilihan`` (case and a leading "Kecamatan " ignored), or a clear error."""
    bersih = " ".join(str(nilai).split())
    if bersih.lower().startswith("kecamatan "):
        bersih = bersih[len("kecamatan "):]
    for p in pilihan:
        if p.lower() == bersih.lower():
            return p
    daftar = ", ".join(f'"{p}"' for p in pilihan)
    raise EgovCourseError(f'{apa} "{nilai}" tidak ada dalam data. Pilih salah satu: {daftar}. '
                          "Tulis di antara tanda petik, lalu jalankan sel ini lagi.")


def _sintetis(frame: pd.DataFrame) -> pd.DataFrame:
    frame.attrs["sumber"] = SUMBER_SINTETIS
    return frame


def tabel_metadata():
    """The metadata of every column (konsep, definisi, klasifikasi, ukuran, satuan) as a table that shows
    every text in full, left-aligned; the table itself is ``.data``."""
    tabel = pd.DataFrame(METADATA).T[UNSUR]
    tabel.index.name = "kolom"
    return (tabel.style
            .set_properties(**{"text-align": "left", "white-space": "normal", "font-size": "1em"})
            .set_table_styles([{"selector": "th", "props": [("text-align", "left")]}]))


def ringkasan_kecamatan(data: pd.DataFrame, urutkan: str = "persen_tepat_waktu") -> pd.DataFrame:
    """Per kecamatan for the whole year: permohonan, selesai_tepat_waktu and persen_tepat_waktu (1 decimal),
    sorted from the highest ``urutkan`` column down."""
    tabel = data.groupby("kecamatan")[["permohonan", "selesai_tepat_waktu"]].sum()
    tabel["persen_tepat_waktu"] = (tabel["selesai_tepat_waktu"] / tabel["permohonan"] * 100).round(1)
    kolom = _pilih(urutkan, list(tabel.columns), "Kolom")
    return _sintetis(tabel.sort_values(kolom, ascending=False, kind="stable"))


def per_1000_penduduk(data: pd.DataFrame, penduduk: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per kecamatan: permohonan, penduduk and per_1000_penduduk (permohonan ÷ penduduk × 1.000, 1 decimal),
    sorted from the highest per_1000_penduduk down. ``penduduk`` defaults to the synthetic population."""
    penduduk = penduduk_kecamatan() if penduduk is None else penduduk
    tabel = data.groupby("kecamatan")[["permohonan"]].sum().join(penduduk.set_index("kecamatan")["penduduk"])
    tabel["per_1000_penduduk"] = (tabel["permohonan"] / tabel["penduduk"] * 1000).round(1)
    return _sintetis(tabel.sort_values("per_1000_penduduk", ascending=False, kind="stable"))


def permohonan_layanan(data: pd.DataFrame, layanan: str = "KTP-el") -> pd.DataFrame:
    """Requests for one service per kecamatan over the year, from the most down (column ``permohonan <layanan>``)."""
    nama = _pilih(layanan, LAYANAN, "Layanan")
    tabel = data[data["layanan"] == nama].groupby("kecamatan")[["permohonan"]].sum()
    tabel.columns = [f"permohonan {nama}"]
    return _sintetis(tabel.sort_values(tabel.columns[0], ascending=False, kind="stable"))


def lama_penyelesaian(data: pd.DataFrame) -> pd.DataFrame:
    """Average working time per service in hari kerja (mean of ``rata_rata_hari``, 1 decimal), longest first."""
    tabel = data.groupby("layanan")[["rata_rata_hari"]].mean().round(1)
    return _sintetis(tabel.sort_values("rata_rata_hari", ascending=False, kind="stable"))


def tabel_bulanan(data: pd.DataFrame, kecamatan: str | None = None) -> pd.DataFrame:
    """Requests per month (rows Jan … Des) and service (columns), for the whole city or one ``kecamatan``."""
    if kecamatan is not None:
        data = data[data["kecamatan"] == _pilih(kecamatan, KECAMATAN, "Kecamatan")]
    tabel = data.pivot_table(index="bulan", columns="layanan", values="permohonan", aggfunc="sum")
    tabel = tabel[[s for s in LAYANAN if s in tabel.columns]]
    tabel.index = nama_bulan(tabel.index)
    tabel.columns.name = "layanan"
    return _sintetis(tabel)


def _huruf_kecil_awal(teks: str) -> str:
    return teks[0].lower() + teks[1:] if len(teks) > 1 and teks[1].islower() else teks


def _tampilkan(fig) -> None:
    """In a notebook, show the figure now (so the summary comes under it) and keep it from showing twice."""
    try:
        from IPython import get_ipython
        from IPython.display import display
    except ImportError:  # pragma: no cover - IPython comes with JupyterLab
        return
    if get_ipython() is not None:
        display(fig)
        plt.close(fig)


def grafik_kecamatan(tabel: pd.DataFrame, kolom: str = "permohonan", judul: str | None = None,
                     satuan: str | None = None) -> Grafik:
    """A horizontal bar chart of ``tabel[kolom]`` per kecamatan (longest bar on top, value at each bar end),
    with a one-sentence summary naming the highest and the lowest kecamatan. Title and unit default to
    :data:`JUDUL_SATUAN` for the column."""
    kolom = _pilih(kolom, list(tabel.columns), "Kolom")
    awal_judul, awal_satuan = JUDUL_SATUAN.get(kolom, (f"{kolom[:1].upper()}{kolom[1:]} per kecamatan, 2026",
                                                      "berkas" if kolom.startswith("permohonan") else ""))
    judul, satuan = judul or awal_judul, awal_satuan if satuan is None else satuan
    nilai = tabel[kolom].sort_values(kind="stable")
    if "sintetis" in str(tabel.attrs.get("sumber", "")) and "sintetis" not in judul:
        judul = f"{judul} (data sintetis)"
    fig, ax = plt.subplots(figsize=(9, 4.8), layout="constrained")
    ax.barh(list(nilai.index), list(nilai.values), color="#4C72B0")
    for y, v in enumerate(nilai.values):
        ax.text(v, y, f" {angka(v)}", va="center", fontsize=UKURAN_HURUF)
    ax.set_xlim(0, float(nilai.max()) * 1.15)
    ax.set_title(judul, fontsize=UKURAN_JUDUL)
    ax.set_xlabel(satuan[:1].upper() + satuan[1:] if satuan else kolom, fontsize=UKURAN_HURUF)
    ax.set_ylabel("Kecamatan", fontsize=UKURAN_HURUF)
    ax.tick_params(labelsize=UKURAN_HURUF)
    ax.spines[["top", "right"]].set_visible(False)
    tinggi, rendah = nilai.index[-1], nilai.index[0]
    ringkasan = (f"Grafik ini menunjukkan {_huruf_kecil_awal(judul)}: tertinggi Kecamatan {tinggi} "
                 f"({angka(nilai.iloc[-1])} {satuan}), terendah Kecamatan {rendah} ({angka(nilai.iloc[0])} {satuan}).")
    _tampilkan(fig)
    return Grafik(fig, ax, ringkasan)


def grafik_bulanan(data: pd.DataFrame, kecamatan: str | None = None) -> Grafik:
    """Requests per month, one line per service (each with its own marker and line style, named in the legend),
    for the whole city or one ``kecamatan``, with a sentence saying in which month each service peaks."""
    tabel = tabel_bulanan(data, kecamatan)
    wilayah = "Kota Dumai" if kecamatan is None else f"Kecamatan {_pilih(kecamatan, KECAMATAN, 'Kecamatan')}"
    judul = f"Permohonan per bulan di {wilayah}, 2026 (data sintetis)"
    fig, ax = plt.subplots(figsize=(10, 4.8), layout="constrained")
    x = range(len(tabel.index))
    for layanan in tabel.columns:
        marker, garis, warna = GAYA_GARIS.get(layanan, ("D", "-.", "black"))
        ax.plot(x, tabel[layanan].values, marker=marker, linestyle=garis, color=warna, linewidth=2, markersize=7,
                label=layanan)
    ax.set_xticks(list(x), [str(b) for b in tabel.index])
    ax.set_ylim(bottom=0)
    ax.set_title(judul, fontsize=UKURAN_JUDUL)
    ax.set_xlabel("Bulan", fontsize=UKURAN_HURUF)
    ax.set_ylabel("Jumlah permohonan (berkas)", fontsize=UKURAN_HURUF)
    ax.tick_params(labelsize=UKURAN_HURUF)
    ax.grid(axis="y", alpha=0.3)
    ax.legend(title="Jenis layanan", fontsize=UKURAN_HURUF, title_fontsize=UKURAN_HURUF, loc="upper left",
              bbox_to_anchor=(1.01, 1))
    ax.spines[["top", "right"]].set_visible(False)
    puncak = []
    for layanan in tabel.columns:
        tertinggi = tabel[layanan].max()
        bulan = [BULAN_PANJANG[NAMA_BULAN.index(str(b))] for b, v in tabel[layanan].items() if v == tertinggi]
        daftar = " dan ".join(bulan) if len(bulan) <= 2 else ", ".join(bulan[:-1]) + ", dan " + bulan[-1]  # PUEBI
        puncak.append(f"{layanan} paling banyak pada bulan {daftar} ({angka(tertinggi)} berkas)")
    ringkasan = (f"Grafik ini menunjukkan permohonan per bulan di {wilayah} sepanjang 2026 (data sintetis): "
                 + "; ".join(puncak) + ".")
    _tampilkan(fig)
    return Grafik(fig, ax, ringkasan)
