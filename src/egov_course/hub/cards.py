"""Printable login cards (kartu login): one HTML page per OPD, for the instructor only.

Each card holds a person's name, login and initial password, with the address of the hub and
three plain steps. The pages are written into a folder only root can read; they are never
written under the course folder or ``reports/``. Print them, cut along the lines, hand them out.
"""

from __future__ import annotations

import datetime as dt
import html
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..content import load_opd_list


@dataclass(frozen=True)
class Card:
    login: str
    password: str
    name: str
    opd: str  # OPD code ("" for staff)
    role: str  # peserta, pelatih, analis


ROLE_TEXT = {"peserta": "Peserta", "pelatih": "Pelatih (instruktur)", "analis": "Analis (dasbor kompetensi)"}

STYLE = """
@page { size: A4; margin: 12mm; }
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 11pt; color: #111; }
h1 { font-size: 14pt; margin: 0 0 4mm; }
p.note { font-size: 9pt; color: #444; margin: 0 0 6mm; }
.cards { display: grid; grid-template-columns: 1fr 1fr; gap: 0; }
.card { border: 1px dashed #777; padding: 5mm; break-inside: avoid; page-break-inside: avoid; min-height: 52mm; }
.card h2 { font-size: 12pt; margin: 0 0 2mm; }
.card .role { font-size: 9pt; color: #555; margin-bottom: 3mm; }
.card table { border-collapse: collapse; margin-bottom: 3mm; }
.card td { padding: 1mm 2mm 1mm 0; vertical-align: top; }
.card code { font-family: "DejaVu Sans Mono", monospace; font-size: 13pt; letter-spacing: 0.5px; }
.card ol { margin: 0; padding-left: 5mm; font-size: 9.5pt; }
"""


def _card_html(card: Card, address: str) -> str:
    e = html.escape
    return f"""<div class="card">
<h2>{e(card.name or card.login)}</h2>
<div class="role">{e(ROLE_TEXT.get(card.role, card.role))}</div>
<table>
<tr><td>Alamat</td><td><code>{e(address)}</code></td></tr>
<tr><td>Login</td><td><code>{e(card.login)}</code></td></tr>
<tr><td>Kata sandi</td><td><code>{e(card.password)}</code></td></tr>
</table>
<ol>
<li>Buka alamat di atas di peramban (Chrome, Firefox atau Edge).</li>
<li>Ketik login dan kata sandi persis seperti tertulis (huruf kecil semua), lalu klik <b>Sign in</b>.</li>
<li>Simpan kartu ini sampai Bimtek selesai; jangan berikan kepada orang lain.</li>
</ol>
</div>"""


def page_html(title: str, cards: list[Card], address: str, when: dt.date | None = None) -> str:
    when = when or dt.date.today()
    body = "\n".join(_card_html(c, address) for c in cards)
    return f"""<!DOCTYPE html>
<html lang="id"><head><meta charset="utf-8"><title>{html.escape(title)}</title><style>{STYLE}</style></head>
<body>
<h1>Kartu login: {html.escape(title)}</h1>
<p class="note">Dicetak {when:%d-%m-%Y}. Berisi kata sandi: simpan dan bagikan hanya kepada pemilik kartu. {len(cards)} kartu.</p>
<div class="cards">
{body}
</div>
</body></html>
"""


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "lainnya"


def write_cards(folder: Path, cards: Iterable[Card], address: str) -> list[Path]:
    """One page per OPD (learners) and one for staff; returns the files written. ``folder`` becomes 0700."""
    folder.mkdir(parents=True, exist_ok=True)
    os.chmod(folder, 0o700)
    opds = load_opd_list()
    groups: dict[str, list[Card]] = {}
    for card in cards:
        groups.setdefault(card.opd if card.role == "peserta" else "", []).append(card)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    written = []
    for code, members in sorted(groups.items()):
        if code:
            try:
                title = opds.by_code(code).name
            except KeyError:
                title = code
            name = f"{stamp}_{slug(code)}.html"
        else:
            title, name = "Pelatih dan analis", f"{stamp}_staf.html"
        path = folder / name
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(page_html(title, sorted(members, key=lambda c: (c.name, c.login)), address))
        written.append(path)
    return written
