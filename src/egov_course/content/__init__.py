"""Content data files (YAML) with their loaders and schema checks.

Facts that may change live here as data with their source, never in code.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import yaml

from ..errors import ContentError, Problem

OPD_KINDS = ("sekretariat", "inspektorat", "badan", "dinas", "kecamatan")
_CODE_RE = re.compile(r"^[a-z][a-z0-9_]*$")


def data_path(name: str) -> Path:
    """Path of a data file shipped in this package."""
    return Path(str(resources.files(__package__).joinpath(name)))


def _read_yaml(path: Path):
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ContentError(path, [Problem(None, None, "berkas tidak ditemukan")]) from None
    except UnicodeDecodeError as exc:
        raise ContentError(path, [Problem(None, None, f"bukan UTF-8 ({exc.reason} di byte {exc.start})")]) from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        row = mark.line + 1 if mark is not None else None
        raise ContentError(path, [Problem(row, None, f"YAML tidak valid: {getattr(exc, 'problem', exc)}")]) from None


def normalise_name(text: str) -> str:
    """Case-, accent- and spacing-insensitive form of a name, for matching roster entries."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = re.sub(r"[.,]", " ", text)
    return " ".join(text.split())


@dataclass(frozen=True)
class OPD:
    code: str
    name: str
    kind: str
    aliases: tuple[str, ...] = ()
    verified: bool = False


@dataclass
class OPDList:
    """The OPDs a roster may name, looked up by code, name or alias."""

    items: list[OPD]
    source: str = ""
    path: Path | None = None
    _index: dict[str, OPD] = field(default_factory=dict, repr=False)

    def __post_init__(self):
        for opd in self.items:
            for key in (opd.code, opd.name, *opd.aliases):
                self._index[normalise_name(key)] = opd

    def lookup(self, text: str) -> OPD | None:
        return self._index.get(normalise_name(text))

    def by_code(self, code: str) -> OPD:
        for opd in self.items:
            if opd.code == code:
                return opd
        raise KeyError(code)

    @property
    def codes(self) -> list[str]:
        return [opd.code for opd in self.items]


def _coded_entries(path: Path, key: str, fields: str, problems: list[Problem]) -> tuple[dict, list[tuple[int, str, dict]]]:
    """Read a data file whose ``key`` is a non-empty list of mappings, each with a valid ``code``.

    Returns the whole document and ``(number, where, entry)`` for the entries that pass; the
    others are added to ``problems`` (``where`` names the entry, e.g. ``opd[3]``).
    """
    data = _read_yaml(path)
    if not isinstance(data, dict) or not isinstance(data.get(key), list) or not data[key]:
        raise ContentError(path, [Problem(None, key, f"harus berisi daftar '{key}' yang tidak kosong")])
    entries = []
    for i, entry in enumerate(data[key], start=1):
        where = f"{key}[{i}]"
        if not isinstance(entry, dict):
            problems.append(Problem(None, where, f"harus berupa pemetaan {fields}"))
            continue
        code = entry.get("code")
        if not isinstance(code, str) or not _CODE_RE.match(code):
            problems.append(Problem(None, f"{where}.code", f"{code!r} bukan kode yang sah (huruf kecil, angka, _)"))
            continue
        entries.append((i, where, entry))
    return data, entries


def load_opd_list(path: str | Path | None = None) -> OPDList:
    """Load and check an OPD list (default: the one shipped for Kota Dumai)."""
    path = Path(path) if path is not None else data_path("opd.yaml")
    problems: list[Problem] = []
    data, entries = _coded_entries(path, "opd", "code/name/kind", problems)
    items: list[OPD] = []
    seen: dict[str, int] = {}
    for i, where, entry in entries:
        code, name, kind = entry["code"], entry.get("name"), entry.get("kind")
        aliases = entry.get("aliases") or []
        if not isinstance(name, str) or not name.strip():
            problems.append(Problem(None, f"{where}.name", "nama OPD wajib diisi"))
            continue
        if kind not in OPD_KINDS:
            problems.append(Problem(None, f"{where}.kind", f"{kind!r} harus salah satu dari {', '.join(OPD_KINDS)}"))
            continue
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            problems.append(Problem(None, f"{where}.aliases", "harus daftar teks"))
            continue
        for key in (code, name, *aliases):
            norm = normalise_name(key)
            if norm in seen and seen[norm] != i:
                problems.append(Problem(None, where, f"'{key}' sudah dipakai oleh opd[{seen[norm]}]"))
            seen[norm] = i
        items.append(OPD(code, name.strip(), kind, tuple(aliases), bool(entry.get("verified", False))))
    if problems:
        raise ContentError(path, problems)
    return OPDList(items, source=str(data.get("source", "")), path=path)


def load_synthetic_names() -> tuple[list[str], list[str]]:
    data = _read_yaml(data_path("nama_sintetis.yaml"))
    return list(data["first"]), list(data["last"])


@dataclass(frozen=True)
class Competency:
    code: str
    name: str
    description: str
    legal_basis: tuple[str, ...]
    short: str = ""  # a few words for chart axes and table headers; the name when not given


def load_competencies(path: str | Path | None = None) -> dict[str, Competency]:
    """The course's competency areas by code (default: the shipped ``competencies.yaml``)."""
    path = Path(path) if path is not None else data_path("competencies.yaml")
    problems: list[Problem] = []
    _, entries = _coded_entries(path, "competencies", "code/name/description/legal_basis", problems)
    found: dict[str, Competency] = {}
    for _i, where, entry in entries:
        code = entry["code"]
        if code in found:
            problems.append(Problem(None, f"{where}.code", f"kode '{code}' sudah dipakai"))
        missing = [k for k in ("name", "description") if not isinstance(entry.get(k), str) or not entry[k].strip()]
        basis = entry.get("legal_basis")
        short = entry.get("short", entry.get("name"))
        if missing:
            problems.append(Problem(None, where, f"{', '.join(missing)} wajib diisi"))
        elif not isinstance(short, str) or not short.strip():
            problems.append(Problem(None, f"{where}.short", "bila diisi, harus teks pendek yang tidak kosong"))
        elif not isinstance(basis, list) or not basis or not all(isinstance(b, str) and b.strip() for b in basis):
            problems.append(Problem(None, f"{where}.legal_basis", "harus daftar dasar hukum yang tidak kosong"))
        else:
            found[code] = Competency(code, entry["name"].strip(), " ".join(entry["description"].split()), tuple(basis),
                                     short.strip())
    if problems:
        raise ContentError(path, problems)
    return found


# The register lives in .legal (it needs _read_yaml and data_path above); re-exported here.
from .legal import FACT_STATUSES as FACT_STATUSES  # noqa: E402, I001
from .legal import LegalFact as LegalFact  # noqa: E402
from .legal import ReferenceDate as ReferenceDate  # noqa: E402
from .legal import fact_problem as fact_problem  # noqa: E402
from .legal import load_legal_facts as load_legal_facts  # noqa: E402
from .legal import load_reference_date as load_reference_date  # noqa: E402
from .legal import reference_date as reference_date  # noqa: E402
