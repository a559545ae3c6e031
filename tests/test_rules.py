"""Domain rules: the Indonesian working-day calendar, UU KIP deadlines, the SPBE index and predicate."""

import datetime as dt
import math

import pytest
from conftest import REPO

from egov_course import kip, spbe
from egov_course.calendar import add_working_days, holiday_name, is_working_day, working_days_between
from egov_course.content import load_legal_facts

D = dt.date


@pytest.mark.parametrize("day, expected", [
    (D(2026, 10, 19), True),  # an ordinary Monday
    (D(2026, 10, 17), False),  # Saturday
    (D(2026, 8, 17), False),  # Hari Kemerdekaan
    (D(2026, 3, 20), False),  # cuti bersama Idul Fitri
    (D(2026, 12, 24), False),  # cuti bersama Natal
])
def test_is_working_day(day, expected):
    assert is_working_day(day) is expected


def test_cuti_bersama_can_be_left_out():
    assert not is_working_day(D(2026, 3, 20)) and is_working_day(D(2026, 3, 20), cuti_bersama=False)
    assert not is_working_day(D(2026, 3, 19), cuti_bersama=False)  # Nyepi itself stays a holiday
    assert holiday_name(D(2026, 8, 17)) == "Hari Kemerdekaan Republik Indonesia"


def test_working_day_arithmetic():
    assert add_working_days(D(2026, 10, 16), 1) == D(2026, 10, 19)  # Friday → Monday
    assert working_days_between(D(2026, 10, 6), D(2026, 10, 20)) == 10
    with pytest.raises(ValueError):
        add_working_days(D(2026, 10, 6), 0)


def test_kip_notice_deadline_counts_from_the_day_after_receipt():
    assert kip.response_deadline(D(2026, 10, 6)) == D(2026, 10, 20)
    assert kip.response_deadline(D(2026, 10, 6), extended=True) == D(2026, 10, 29)


def test_kip_deadline_skips_lebaran_holidays_and_cuti_bersama():
    # Received Mon 16 Mar 2026. Not working: 18 (cuti Nyepi), 19 (Nyepi), 20, 23, 24 (cuti Idul Fitri),
    # 3 Apr (Good Friday) and weekends. Working days: 17, 25, 26, 27, 30, 31 Mar, 1, 2, 6, 7 Apr.
    assert kip.response_deadline(D(2026, 3, 16)) == D(2026, 4, 7)
    # An office open on cuti bersama counts 18, 20, 23 and 24 Mar: 17, 18, 20, 23, 24, 25, 26, 27, 30, 31.
    assert kip.response_deadline(D(2026, 3, 16), cuti_bersama=False) == D(2026, 3, 31)


def test_kip_objection_and_dispute_deadlines():
    assert kip.objection_deadline(D(2026, 10, 1)) == add_working_days(D(2026, 10, 1), 30)
    assert kip.objection_response_deadline(D(2026, 10, 1)) == D(2026, 11, 12)
    assert kip.dispute_deadline(D(2026, 10, 1)) == D(2026, 10, 21)


def test_the_kip_quiz_date_key_agrees_with_the_rule():
    import yaml

    quiz = yaml.safe_load((REPO / "quizbank" / "kuis_03_kip.yaml").read_text(encoding="utf-8"))
    item = next(i for i in quiz["items"] if i["id"] == "kip_tanggal_pemberitahuan")
    assert D.fromisoformat(item["key"]) == kip.response_deadline(D(2026, 8, 6))
    assert "6 Agustus 2026" in item["question"]


@pytest.mark.parametrize("value, expected", [
    (5, "Memuaskan"), (4.2, "Memuaskan"), (4.19, "Sangat Baik"), (3.5, "Sangat Baik"), (3.49, "Baik"),
    (2.63, "Baik"), (2.6, "Baik"), (2.59, "Cukup"), (1.8, "Cukup"), (1.79, "Kurang"), (1, "Kurang"),
])
def test_spbe_predicate(value, expected):
    assert spbe.predicate(value) == expected


@pytest.mark.parametrize("value", [-0.1, 5.01, "3,2", math.nan, True, None])
def test_spbe_predicate_refuses_what_is_not_an_index(value):
    with pytest.raises(ValueError, match="Indeks SPBE"):
        spbe.predicate(value)


@pytest.mark.parametrize("value, expected", [("2,63", "Baik"), (" 3,5 ", "Sangat Baik"), ("4.2", "Memuaskan"), (1.79, "Kurang")])
def test_lesson_01_predikat_takes_a_decimal_comma(value, expected):
    assert spbe.predikat(value) == expected


@pytest.mark.parametrize("value, message", [("dua koma enam", 'bukan "dua koma enam"'), ("6,1", "di luar rentang")])
def test_lesson_01_predikat_says_what_is_wrong(value, message):
    with pytest.raises(ValueError, match=message):
        spbe.predikat(value)


def test_spbe_index_from_domain_scores_by_hand():
    result = spbe.index({"kebijakan_internal": 4, "tata_kelola": 3, "manajemen": 2, "layanan": 3.5})
    # 0.13·4 + 0.25·3 + 0.165·2 + 0.455·3.5 = 0.52 + 0.75 + 0.33 + 1.5925 = 3.1925
    assert result.value == 3.19 and result.predicate == "Baik"
    assert result.unverified_weights == ("kebijakan_internal", "manajemen")


def test_spbe_index_from_indicator_scores():
    indicators = {"kebijakan_internal": [3] * 10, "tata_kelola": [2, 4] * 5, "manajemen": [1] * 11,
                  "layanan": [5] * 8 + [4] * 8}
    result = spbe.index(indicators=indicators)
    assert result.domain_scores == {"kebijakan_internal": 3, "tata_kelola": 3, "manajemen": 1, "layanan": 4.5}
    assert result.value == round(0.13 * 3 + 0.25 * 3 + 0.165 * 1 + 0.455 * 4.5, 2) == 3.35


@pytest.mark.parametrize("kwargs, message", [
    ({"domain_scores": {"layanan": 3}}, "domain belum diisi: kebijakan_internal, tata_kelola, manajemen"),
    ({"domain_scores": {"kebijakan_internal": 3, "tata_kelola": 3, "manajemen": 3, "layanan": 6}}, "harus angka 1 sampai 5"),
    ({"indicators": {"kebijakan_internal": [3] * 9, "tata_kelola": [3] * 10, "manajemen": [3] * 11, "layanan": [3] * 16}},
     "punya 10 indikator, bukan 9"),
    ({}, "salah satu saja"),
])
def test_spbe_index_explains_bad_input(kwargs, message):
    with pytest.raises(ValueError, match=message):
        spbe.index(**kwargs)


def test_spbe_data_file_agrees_with_the_fact_register():
    evaluation = spbe.evaluation()
    facts = load_legal_facts()
    assert sum(d.indicators for d in evaluation.domains) == 47
    for domain in evaluation.domains:
        assert facts[domain.fact].status == domain.status, domain.code
        assert f"{domain.weight * 100:g}%".replace(".", ",") in facts[domain.fact].summary, domain.code
