"""The fact register in time (content/legal.py): every fact's period in force, the course's reference date,
and the refusal of quiz keys and exercise answers that rest on a fact no longer (or not yet) in force."""

import csv
import datetime as dt
import io

import pytest
import yaml
from conftest import REPO

from egov_course.content import fact_problem, load_legal_facts, load_reference_date, reference_date
from egov_course.content.legal import parse_time_point
from egov_course.errors import ContentError, Problem
from egov_course.exercises import checked_facts
from egov_course.quizbank import load_blueprint

FACTS = load_legal_facts()
REF = reference_date()


def test_every_fact_says_since_when_it_holds_and_superseded_ones_name_their_successor():
    for fact in FACTS.values():
        assert fact.in_force_from is not None, fact.id
        if fact.in_force_until is not None:
            assert fact.superseded_by and all(s in FACTS for s in fact.superseded_by), fact.id
            assert fact.in_force_until.earliest > fact.in_force_from.earliest, fact.id


def _chain_reaches_law_in_force(fact_id, seen=()):
    fact = FACTS[fact_id]
    if fact.in_force(REF.date):
        return True
    return any(_chain_reaches_law_in_force(s, (*seen, fact_id)) for s in fact.superseded_by if s not in seen)


def test_every_superseded_fact_leads_to_the_law_in_force():
    superseded = [f.id for f in FACTS.values() if not f.in_force(REF.date)]
    assert len(superseded) >= 30  # fact sheet section 11: ITE, KIP and PDP rows that changed on 2 Jan 2026
    for fact_id in superseded:
        assert _chain_reaches_law_in_force(fact_id), fact_id


@pytest.mark.parametrize("old, new", [
    ("kip-52", "kip-52-2026"), ("pdp-67", "pdp-67-2026"), ("ite-30", "kuhp-332"), ("ite-27a", "kuhp-433"),
    ("ite-28-3", "kuhp-263-264"), ("ite-46", "kuhp-332"), ("ite-5-4", "ite-5-4-2024"), ("ite-45b-2016", "ite-45b-2026"),
])
def test_the_law_changes_on_its_day(old, new):
    """Section 11 of the fact sheet: the revoked or converted rows end on 2 Jan 2026 (5(4): on 2 Jan 2024)."""
    day = FACTS[old].in_force_until.earliest
    assert FACTS[old].in_force(day - dt.timedelta(days=1)) and not FACTS[old].in_force(day)
    assert new in FACTS[old].superseded_by and FACTS[new].in_force(day) and not FACTS[new].in_force(day - dt.timedelta(days=1))


def test_the_new_penalties_are_the_ones_of_uu_1_2026():
    assert "kategori V (Rp500 juta)" in FACTS["kip-52-2026"].summary and "kurungan" in FACTS["kip-52-2026"].summary
    assert "kategori IV (Rp200 juta)" in FACTS["pdp-67-2026"].summary
    assert "8 tahun atau denda kategori VI" in FACTS["kuhp-332"].summary
    assert "Lampiran I" in FACTS["kip-52-2026"].pasal and "Pasal II" in FACTS["uu-1-2026-pasal-ii"].pasal


@pytest.mark.parametrize("fact_id", ["ite-45-3-2024", "ite-45-3-judi-2026", "pdp-70-2026", "egdi-batas-075",
                                     "pdp-53-tiap-huruf", "dumai-kode-wilayah", "kuhp-301"])
def test_facts_the_fact_sheet_calls_unclear_are_unverified(fact_id):
    assert FACTS[fact_id].status == "UNVERIFIED"
    assert "UNVERIFIED" in fact_problem(FACTS[fact_id], REF.date)


def test_a_year_only_date_is_read_cautiously():
    point = parse_time_point("2018")
    assert point.date is None and point.earliest == dt.date(2018, 1, 1) and point.latest == dt.date(2018, 12, 31)
    assert parse_time_point("2026-01-02").date == dt.date(2026, 1, 2)
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        parse_time_point("2 Januari 2026")


def _register(tmp_path, **changes):
    entry = {"id": "contoh-1", "regulation": "UU 1/2099", "pasal": "Pasal 1", "status": "V1", "summary": "Contoh.",
             "in_force_from": "2020-01-01", **changes}
    entry = {k: v for k, v in entry.items() if v is not None}
    path = tmp_path / "legal_facts.yaml"
    path.write_text(yaml.safe_dump({"facts": [entry, {"id": "contoh-2", "regulation": "UU 2/2099", "pasal": "Pasal 2",
                                                      "status": "V1", "summary": "Pengganti.",
                                                      "in_force_from": "2026-01-02"}]}), encoding="utf-8")
    return path


@pytest.mark.parametrize("changes, message", [
    ({"in_force_from": None}, "in_force_from': wajib diisi"),
    ({"in_force_from": "kemarin"}, "bukan tanggal"),
    ({"in_force_until": "2026-01-02"}, "harus menyebut id fakta penggantinya"),
    ({"superseded_by": ["contoh-2"]}, "in_force_until) belum"),
    ({"in_force_until": "2019-01-01", "superseded_by": ["contoh-2"]}, "harus sesudah in_force_from"),
    ({"in_force_until": "2026-01-02", "superseded_by": ["contoh-9"]}, "contoh-9 tidak ada di register"),
])
def test_a_bad_period_is_reported_with_its_entry(tmp_path, changes, message):
    with pytest.raises(ContentError) as err:
        load_legal_facts(_register(tmp_path, **changes))
    assert message in str(err.value) and "contoh-1" in str(err.value)


def test_the_reference_date_is_one_value_in_a_data_file(tmp_path):
    assert REF.date == dt.date(2026, 12, 2) and REF.line == "Materi ini disusun sesuai peraturan yang berlaku per 2 Desember 2026."
    bad = tmp_path / "kursus.yaml"
    bad.write_text("reference_date: 2026\n", encoding="utf-8")
    with pytest.raises(ContentError, match="tanggal lengkap"):
        load_reference_date(bad)


def test_a_blueprint_row_on_a_superseded_fact_is_refused_with_its_line(tmp_path):
    text = (REPO / "quizbank" / "blueprint.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    rows[3]["facts"] = "kip-52"  # line 5: the 2008 penalty of UU KIP Pasal 52, superseded on 2 Jan 2026
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path = tmp_path / "blueprint.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    with pytest.raises(ContentError) as err:
        load_blueprint(path)
    message = str(err.value)
    assert "baris 5" in message and "kip-52" in message and "tidak berlaku lagi sejak 2 Januari 2026" in message
    assert "kip-52-2026" in message  # names what replaced it


def test_an_exercise_answer_on_a_superseded_fact_is_refused():
    problems: list[Problem] = []
    assert checked_facts({"facts": ["ite-30", "kuhp-332"]}, "kasus[1]", problems) == ()
    assert len(problems) == 1 and "ite-30" in problems[0].message and "kuhp-332" in problems[0].message
    problems.clear()
    assert checked_facts({"facts": ["kuhp-332", "kuhp-333"]}, "kasus[1]", problems) == ("kuhp-332", "kuhp-333")
    assert not problems
    # History may name a superseded fact (it is told as history, never as the answer).
    assert checked_facts({"history": ["ite-30"]}, "kasus[1]", problems, key="history", verified=False) == ("ite-30",)
