"""The SPBE index and its predicate (PermenPANRB 59/2020), with the figures kept in ``content/spbe_evaluasi.yaml``.

Each of the 47 indicators is scored 1–5; a domain's score is the mean of its indicators (within a
domain all indicators weigh the same); the index is the weighted sum of the domain scores. Two of
the four domain weights are UNVERIFIED in the course fact sheet, and every index computed here says
so (:attr:`IndexResult.unverified_weights`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

from .content import _read_yaml, data_path
from .errors import ContentError, Problem


@dataclass(frozen=True)
class Domain:
    code: str
    name: str
    indicators: int
    weight: float
    status: str
    fact: str


@dataclass(frozen=True)
class Evaluation:
    source: str
    scale: tuple[float, float]
    predicates: tuple[tuple[str, float], ...]  # (name, lower bound), highest first
    domains: tuple[Domain, ...]


@dataclass(frozen=True)
class IndexResult:
    value: float
    predicate: str
    domain_scores: dict[str, float]
    unverified_weights: tuple[str, ...]  # domain codes whose weight the fact sheet marks UNVERIFIED


@lru_cache(maxsize=1)
def evaluation() -> Evaluation:
    path = data_path("spbe_evaluasi.yaml")
    data = _read_yaml(path)
    problems = []
    try:
        predicates = tuple((p["name"], float(p["from"])) for p in data["predicates"])
        domains = tuple(Domain(d["code"], d["name"], int(d["indicators"]), float(d["weight"]), d["status"], d["fact"])
                        for d in data["domains"])
        scale = (float(data["scale"]["min"]), float(data["scale"]["max"]))
    except (KeyError, TypeError, ValueError) as exc:
        raise ContentError(path, [Problem(None, None, f"struktur tidak sesuai: {exc!r}")]) from None
    if [b for _, b in predicates] != sorted((b for _, b in predicates), reverse=True):
        problems.append(Problem(None, "predicates", "batas bawah predikat harus urut dari yang tertinggi"))
    if not math.isclose(sum(d.weight for d in domains), 1.0, abs_tol=1e-9):
        problems.append(Problem(None, "domains", f"jumlah bobot domain {sum(d.weight for d in domains)} harus 1"))
    if problems:
        raise ContentError(path, problems)
    return Evaluation(str(data.get("source", "")), scale, predicates, domains)


def predicate(index: float) -> str:
    """The predicate of an SPBE index: Memuaskan (≥ 4.2), Sangat Baik (≥ 3.5), Baik (≥ 2.6),
    Cukup (≥ 1.8) or Kurang (PermenPANRB 59/2020 Lampiran I Tabel 13)."""
    if isinstance(index, bool) or not isinstance(index, (int, float)) or not math.isfinite(index):
        raise ValueError(f"Indeks SPBE harus berupa angka, bukan {index!r}.")
    low, high = evaluation().scale
    if not 0 <= index <= high:
        raise ValueError(f"Indeks SPBE {index} di luar rentang 0–{high:g}.")
    for name, lower in evaluation().predicates:
        if index >= lower - 1e-9:
            return name
    raise AssertionError("unreachable: the lowest predicate starts at 0")


def predikat(indeks) -> str:
    """Lesson 01's name for :func:`predicate`; also takes text with a decimal comma, as Indonesians write it (``"2,63"``)."""
    if isinstance(indeks, str):
        try:
            indeks = float(indeks.strip().replace(",", "."))
        except ValueError:
            raise ValueError(f"Indeks SPBE harus berupa angka, misalnya \"2,63\", bukan \"{indeks}\".") from None
    return predicate(indeks)


def _check_score(value, where: str) -> float:
    low, high = evaluation().scale
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
        raise ValueError(f"Nilai {where} harus angka {low:g} sampai {high:g}, bukan {value!r}.")
    return float(value)


def index(domain_scores: dict[str, float] | None = None, *, indicators: dict[str, list[float]] | None = None) -> IndexResult:
    """The SPBE index from the four domain scores, or from every indicator score per domain.

    ``index({"kebijakan_internal": 3, "tata_kelola": 2.5, "manajemen": 2, "layanan": 3.2})`` or
    ``index(indicators={"layanan": [3, 4, ...16 scores], ...})``. Scores are 1–5.
    """
    if (domain_scores is None) == (indicators is None):
        raise ValueError("Berikan nilai per domain atau nilai per indikator (salah satu saja).")
    domains = evaluation().domains
    codes = [d.code for d in domains]
    given = domain_scores if domain_scores is not None else indicators
    unknown = sorted(set(given) - set(codes))
    missing = [c for c in codes if c not in given]
    if unknown or missing:
        raise ValueError(f"Domain tidak dikenal: {', '.join(unknown) or '-'}; domain belum diisi: {', '.join(missing) or '-'}. "
                         f"Domain SPBE: {', '.join(codes)}.")
    scores = {}
    for domain in domains:
        if indicators is not None:
            values = indicators[domain.code]
            if len(values) != domain.indicators:
                raise ValueError(f"Domain {domain.name} punya {domain.indicators} indikator, bukan {len(values)}.")
            scores[domain.code] = sum(_check_score(v, f"indikator {domain.name}") for v in values) / len(values)
        else:
            scores[domain.code] = _check_score(domain_scores[domain.code], f"domain {domain.name}")
    value = round(sum(d.weight * scores[d.code] for d in domains), 2)
    return IndexResult(value, predicate(value), scores, tuple(d.code for d in domains if d.status == "UNVERIFIED"))
