"""Exercise "Penilaian mandiri SPBE": index, predicate and gap, the caveat, the chart, content and the view.

Hand computations use the weights in spbe_evaluasi.yaml: Kebijakan Internal 0.13 (UNVERIFIED),
Tata Kelola 0.25, Manajemen 0.165 (UNVERIFIED), Layanan 0.455. The score sets give Kebijakan Internal
and Manajemen the same score, so the expected index holds even if the two unverified weights are swapped
(as one source has them): both weigh 0.295 together.
"""

import base64
import re

import pytest
from conftest import content_error, exercise_yaml, write_yaml

from egov_course import spbe
from egov_course.content import load_legal_facts
from egov_course.errors import ContentError
from egov_course.exercises import output_html
from egov_course.exercises.spbe_mandiri import SpbeMandiriView, caveat_text, compute, load, result_html, tampilkan

ALL_THREE = {"kebijakan_internal": 3, "tata_kelola": 3, "manajemen": 3, "layanan": 3}
# 0.295·2 + 0.25·2.7 + 0.455·3.0 = 0.59 + 0.675 + 1.365 = 2.63 → Baik (2.6–<3.5), 3.5 − 2.63 = 0.87
LIKE_DUMAI = {"kebijakan_internal": 2, "tata_kelola": 2.7, "manajemen": 2, "layanan": 3.0}
# 0.295·2 + 0.25·3 + 0.455·2.6 = 0.59 + 0.75 + 1.183 = 2.523 → 2.52 Cukup (1.8–<2.6), 2.6 − 2.52 = 0.08
CUKUP = {"kebijakan_internal": 2, "tata_kelola": 3, "manajemen": 2, "layanan": 2.6}
# 0.295·4 + 0.25·4.5 + 0.455·4.4 = 1.18 + 1.125 + 2.002 = 4.307 → 4.31 Memuaskan (≥ 4.2), no next predicate
MEMUASKAN = {"kebijakan_internal": 4, "tata_kelola": 4.5, "manajemen": 4, "layanan": 4.4}


# --- the model --------------------------------------------------------------------------------------
def test_all_three_gives_baik_half_a_point_from_sangat_baik():
    a = compute(ALL_THREE)
    assert (a.index, a.predicate, a.gap, a.next_predicate) == (3.0, "Baik", 0.5, "Sangat Baik")
    assert a.ok and a.feedback.correct is None
    assert "Indeks SPBE simulasi Anda 3,00, predikat Baik" in a.feedback.message
    assert "Kurang 0,50 lagi menuju Sangat Baik" in a.feedback.message
    assert "Tabel 13" in a.feedback.pasal


def test_dumai_like_scores_are_0_87_from_sangat_baik_and_equal_to_dumai():
    a = compute(LIKE_DUMAI)
    assert (a.index, a.predicate, a.gap, a.next_predicate) == (2.63, "Baik", 0.87, "Sangat Baik")
    assert "Kurang 0,87 lagi menuju Sangat Baik" in a.feedback.message
    assert "menurut pemberitaan" in a.comparison and "Kota Dumai tahun 2022 adalah 2,63 (predikat Baik)" in a.comparison
    assert "sama dengan angka itu" in a.comparison


def test_cukup_is_0_08_from_baik_and_below_dumai():
    a = compute(CUKUP)
    assert (a.index, a.predicate, a.gap, a.next_predicate) == (2.52, "Cukup", 0.08, "Baik")
    assert "Kurang 0,08 lagi menuju Baik" in a.feedback.message
    assert "0,11 lebih rendah" in a.comparison  # 2.63 − 2.52


def test_memuaskan_has_no_next_predicate():
    a = compute(MEMUASKAN)
    assert (a.index, a.predicate, a.gap, a.next_predicate) == (4.31, "Memuaskan", None, None)
    assert "predikat tertinggi" in a.feedback.message and "Kurang" not in a.feedback.message
    assert "1,68 lebih tinggi" in a.comparison  # 4.31 − 2.63


def test_text_scores_with_a_decimal_comma_are_accepted():
    a = compute({"kebijakan_internal": "3", "tata_kelola": "3,0", "manajemen": 3, "layanan": "3"})
    assert a.index == 3.0


def test_caveat_names_the_unverified_weights_from_the_index_result():
    a = compute(ALL_THREE)
    assert a.unverified_weights == spbe.index(ALL_THREE).unverified_weights == ("kebijakan_internal", "manajemen")
    assert "Kebijakan Internal SPBE (13%)" in a.caveat and "Manajemen SPBE (16,5%)" in a.caveat
    assert "perlu dicek ke Lampiran I PermenPANRB 59/2020" in a.caveat
    assert "Tata Kelola" not in a.caveat and "Layanan" not in a.caveat
    # built from whatever codes it is given, not hard-coded
    assert "Layanan SPBE (45,5%)" in caveat_text(("layanan",)) and "Manajemen" not in caveat_text(("layanan",))
    assert caveat_text(()) == ""


@pytest.mark.parametrize("scores, expected", [
    ({"kebijakan_internal": 3, "tata_kelola": 3, "layanan": 3}, "Manajemen SPBE belum diisi"),
    ({**ALL_THREE, "manajemen": None}, "Manajemen SPBE belum diisi"),
    ({**ALL_THREE, "tata_kelola": 0}, "Tata Kelola SPBE 0,0 di luar skala"),
    ({**ALL_THREE, "layanan": 6}, "Layanan SPBE 6,0 di luar skala"),
    ({**ALL_THREE, "layanan": "tinggi"}, "bukan angka"),
    ({**ALL_THREE, "keamanan": 3}, "Domain keamanan tidak dikenal"),
])
def test_malformed_scores_give_a_friendly_message(scores, expected):
    a = compute(scores)
    assert not a.ok and a.index is None and a.predicate is None
    assert a.feedback.correct is False and expected in a.feedback.message


def test_a_non_mapping_is_a_programmer_error():
    with pytest.raises(ValueError):
        compute([3, 3, 3, 3])


def test_result_html_has_the_caveat_comparison_and_a_png_chart():
    page = result_html(compute(LIKE_DUMAI))
    assert "⚠" in page and "perlu dicek" in page and "menurut pemberitaan" in page
    match = re.search(r'<img src="data:image/png;base64,([A-Za-z0-9+/=]+)"', page)
    assert match and base64.b64decode(match.group(1)).startswith(b"\x89PNG")


# --- the content ------------------------------------------------------------------------------------
def test_content_covers_every_domain_with_its_indicators():
    content = load()
    assert [d.code for d in content.domains] == [d.code for d in spbe.evaluation().domains]
    for domain, official in zip(content.domains, spbe.evaluation().domains, strict=True):
        assert domain.description and domain.aspects and domain.indicators == official.indicators
    assert sum(d.indicators for d in content.domains) == 47
    assert sum(len(d.aspects) for d in content.domains) == 8


def test_content_facts_exist_and_the_dumai_value_rests_on_a_v2_fact():
    facts = load_legal_facts()
    content = load()
    ids = list(content.facts) + [f for d in content.domains for f in d.facts] + [content.reference.fact]
    assert all(f in facts for f in ids)
    assert all(facts[f].status in ("V1", "V2") for f in content.facts)
    ref = content.reference
    assert (ref.label, ref.year, ref.value, ref.predicate, ref.fact) == ("Kota Dumai", 2022, 2.63, "Baik", "dumai-indeks-spbe-2022")
    assert facts[ref.fact].status == "V2" and "2,63" in facts[ref.fact].summary
    assert "pemberitaan" in ref.source_note


def test_broken_content_names_the_file_and_entry(tmp_path):
    data = exercise_yaml("spbe_mandiri")
    del data["domains"][1]["description"]
    data["domains"][2]["aspects"][0]["indicators"] = 7
    data["domains"][3]["facts"].append("fakta-karangan")
    text = content_error(load, write_yaml(tmp_path / "spbe_mandiri.yaml", data))
    assert "domains[2] (tata_kelola).description" in text
    assert "domains[3] (manajemen).aspects" in text and "10, padahal" in text
    assert "domains[4] (layanan).facts" in text and "fakta-karangan" in text


def test_broken_reference_and_missing_domain_are_reported(tmp_path):
    data = exercise_yaml("spbe_mandiri")
    data["reference"]["predicate"] = "Sangat Baik"
    data["domains"] = data["domains"][:3]
    text = content_error(load, write_yaml(tmp_path / "spbe_mandiri.yaml", data))
    assert "reference.predicate" in text and "berpredikat Baik" in text
    assert "domain belum ada: layanan" in text


def test_a_duplicated_domain_is_reported(tmp_path):
    data = exercise_yaml("spbe_mandiri")
    data["domains"][3] = dict(data["domains"][0])
    text = content_error(load, write_yaml(tmp_path / "spbe_mandiri.yaml", data))
    assert "domains[4] (kebijakan_internal).code" in text and "sudah ada" in text
    assert "domain belum ada: layanan" in text


def test_an_unverified_reference_fact_is_refused(tmp_path):
    data = exercise_yaml("spbe_mandiri")
    data["reference"]["fact"] = "dumai-indeks-spbe-2023"
    with pytest.raises(ContentError, match="reference.fact.*UNVERIFIED"):
        load(path=write_yaml(tmp_path / "spbe_mandiri.yaml", data))


# --- the view, headless -----------------------------------------------------------------------------
def set_scores(view, scores):
    for code, value in scores.items():
        view.nilai[code].value = value


def test_view_shows_index_predicate_gap_caveat_and_chart():
    view = SpbeMandiriView()
    assert set(view.nilai) == {"kebijakan_internal", "tata_kelola", "manajemen", "layanan"}
    assert view.tombol.description == "Hitung"
    set_scores(view, LIKE_DUMAI)
    view.tombol.click()
    page = output_html(view.hasil)
    assert "Indeks SPBE simulasi Anda 2,63, predikat Baik" in page and "Kurang 0,87 lagi menuju Sangat Baik" in page
    assert "Kebijakan Internal SPBE (13%)" in page and "perlu dicek" in page
    assert "menurut pemberitaan" in page
    assert '<img src="data:image/png;base64,' in page


def test_view_replaces_the_result_on_a_second_press():
    view = SpbeMandiriView()
    set_scores(view, LIKE_DUMAI)
    view.tombol.click()
    set_scores(view, MEMUASKAN)
    view.tombol.click()
    page = output_html(view.hasil)
    assert "4,31, predikat Memuaskan" in page and "predikat tertinggi" in page and "2,63, predikat Baik" not in page
    assert page.count("<img ") == 1


def test_view_sliders_stay_on_the_1_to_5_scale():
    view = SpbeMandiriView()
    slider = view.nilai["layanan"]
    assert (slider.min, slider.max, slider.step) == (1.0, 5.0, 0.1)
    slider.value = 7  # a slider clamps, so a learner cannot send an out-of-scale score
    view.tombol.click()
    assert "Layanan SPBE" in output_html(view.hasil) and "di luar skala" not in output_html(view.hasil)


def test_view_describes_each_domain_with_aspects_and_weight():
    view = SpbeMandiriView()
    assert view.nilai["layanan"].description == "Layanan SPBE"
    assert "Layanan Publik Berbasis Elektronik (6 indikator)" in view.keterangan["layanan"].value
    assert "45,5%." in view.keterangan["layanan"].value
    assert "13% (angka ini perlu dicek ke Lampiran I PermenPANRB 59/2020)" in view.keterangan["kebijakan_internal"].value


def test_tampilkan_returns_the_view_it_shows(capsys):
    view = tampilkan()
    assert isinstance(view, SpbeMandiriView) and view.widget.children[-1] is view.hasil


def test_the_chart_is_readable_and_described_in_words():
    from egov_course.exercises import CHART_FONT
    from egov_course.exercises.spbe_mandiri import chart, chart_alt

    a = compute(LIKE_DUMAI)
    fig = chart(a)
    sizes = [t.get_fontsize() for ax in fig.axes for t in ax.texts + ax.get_yticklabels() + [ax.xaxis.label]]
    assert sizes and min(sizes) >= CHART_FONT >= 11
    alt = chart_alt(a)
    assert f"predikat {a.predicate}" in alt and "Indeks SPBE" in alt
    assert all(d.name in alt for d in load().domains)
    assert alt in result_html(a)  # the img's alt text
