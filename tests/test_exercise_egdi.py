"""Exercise "Kalkulator EGDI": the formula, the groups and their boundaries, content and the view."""

import pytest
from conftest import content_error, exercise_yaml, write_yaml

from egov_course.content import load_legal_facts
from egov_course.errors import ContentError
from egov_course.exercises import output_html
from egov_course.exercises.egdi import EgdiView, compute, group, load, range_text, tampilkan


# --- the model --------------------------------------------------------------------------------------
def test_indonesia_2020_gives_0_6612_high():
    # (0.6824 + 0.5669 + 0.7342) / 3 = 1.9835 / 3 = 0.661166… → 0.6612, the published value
    r = compute(0.6824, 0.5669, 0.7342)
    assert (r.value, r.group) == (0.6612, "Tinggi (High)")
    assert r.ok and r.feedback.correct is None
    assert "EGDI = (0,6824 + 0,5669 + 0,7342) / 3 = 0,6612" in r.feedback.message
    assert "Tinggi (High)" in r.feedback.message and "0,50 sampai 0,75" in r.feedback.message
    assert "0,1379 lebih rendah daripada EGDI Indonesia 2024 (0,7991)" in r.feedback.message  # 0.7991 − 0.6612
    assert "OSI" in r.feedback.pasal


def test_comparison_with_every_published_year():
    r = compute(0.6824, 0.5669, 0.7342)
    assert r.comparison == ((2018, 0.5258, 0.1354), (2020, 0.6612, 0.0), (2022, 0.716, -0.0548), (2024, 0.7991, -0.1379))


def test_text_with_a_decimal_comma_is_accepted():
    assert compute("0,6824", "0,5669", "0,7342").value == 0.6612


@pytest.mark.parametrize("value, expected", [
    (1.0, "Sangat Tinggi (Very High)"),
    (0.7991, "Sangat Tinggi (Very High)"),  # Indonesia 2024, first time Very High
    (0.7501, "Sangat Tinggi (Very High)"),
    (0.75, None),  # exactly on the boundary: sources differ, so no group at all
    (0.75004, None),  # rounds to 0.7500
    (0.7499, "Tinggi (High)"),
    (0.7160, "Tinggi (High)"),
    (0.5258, "Tinggi (High)"),
    (0.50, "Tinggi (High)"),  # "0.50–0.75" includes 0.50
    (0.4999, "Menengah (Middle)"),
    (0.25, "Menengah (Middle)"),  # "Low < 0.25", so 0.25 is Middle
    (0.2499, "Rendah (Low)"),
    (0.0, "Rendah (Low)"),
])
def test_group_boundaries(value, expected):
    assert group(value) == expected


def test_boundaries_through_compute_and_rounding():
    assert compute(0.5, 0.5, 0.5).group == "Tinggi (High)"
    assert compute(0.25, 0.25, 0.25).group == "Menengah (Middle)"
    assert compute(0.7503, 0.75, 0.75).value == 0.7501 and compute(0.7503, 0.75, 0.75).group.startswith("Sangat Tinggi")
    assert compute(0.7497, 0.75, 0.75).value == 0.7499 and compute(0.7497, 0.75, 0.75).group == "Tinggi (High)"
    assert not compute(0.7497, 0.75, 0.75).on_boundary


@pytest.mark.parametrize("args", [(0.75, 0.75, 0.75), (0.7501, 0.75, 0.75), (0.7499, 0.75, 0.75), (0.9, 0.6, 0.75),
                                  ("0,75", "0,75", "0,75")])
def test_exactly_0_75_gets_a_neutral_message_instead_of_a_group(args):
    # 0.7501 + 0.75 + 0.75 = 2.2501, / 3 = 0.750033… and 2.2499 / 3 = 0.749966…: both 0.7500 at the
    # 4 decimals shown, so both are on the boundary
    r = compute(*args)
    assert r.ok and r.value == 0.75 and r.group is None and r.on_boundary
    assert r.feedback.correct is None
    message = r.feedback.message
    assert "= 0,7500." in message
    assert "tepat di batas antara kelompok Tinggi (High) dan Sangat Tinggi (Very High)" in message
    assert "Sumber-sumber berbeda" in message
    assert "Kelompok:" not in message and "karena kelompok ini mencakup" not in message
    assert "terverifikasi" not in message and "UNVERIFIED" not in message  # no research notes for learners


def test_range_texts_state_the_boundaries():
    groups = {g.code: g for g in load().groups}
    assert range_text(groups["very_high"]) == "lebih dari 0,75 sampai 1"
    assert range_text(groups["high"]) == "0,50 sampai 0,75"
    assert range_text(groups["middle"]) == "0,25 sampai kurang dari 0,50"
    assert range_text(groups["low"]) == "0,00 sampai kurang dari 0,25"


@pytest.mark.parametrize("value", [-0.1, 1.2, float("nan"), "0,5", None, True])
def test_group_of_a_non_egdi_is_a_programmer_error(value):
    with pytest.raises(ValueError):
        group(value)


@pytest.mark.parametrize("args, expected", [
    ((-0.2, 0.5, 0.5), "Nilai OSI -0,2 negatif"),
    ((0.5, 1.5, 0.5), "Nilai TII 1,5 lebih dari 1"),
    ((0.5, 0.5, 68.24), "bagi dulu dengan 100"),
    ((0.5, "tinggi", 0.5), "Nilai TII ('tinggi') bukan angka"),
    ((None, 0.5, 0.5), "Nilai OSI belum diisi"),
    ((0.5, 0.5, "  "), "Nilai HCI belum diisi"),
])
def test_malformed_input_gives_a_friendly_message(args, expected):
    r = compute(*args)
    assert not r.ok and r.value is None and r.group is None
    assert r.feedback.correct is False and expected in r.feedback.message


# --- the content ------------------------------------------------------------------------------------
def test_content_values_rest_on_v2_facts():
    facts = load_legal_facts()
    content = load()
    assert [(p.year, p.value, p.rank, p.fact) for p in content.indonesia] == [
        (2018, 0.5258, 107, "egdi-2018"), (2020, 0.6612, 88, "egdi-2020"),
        (2022, 0.7160, 77, "egdi-2022"), (2024, 0.7991, 64, "egdi-2024")]
    for fact_id in [*content.facts, *(p.fact for p in content.indonesia), content.example.fact]:
        assert facts[fact_id].status in ("V1", "V2")
    for p in content.indonesia:
        assert f"{p.value:.4f}".replace(".", ",") in facts[p.fact].summary
    assert [g.code for g in content.groups] == ["very_high", "high", "middle", "low"]
    # the boundary caveat rests on an UNVERIFIED fact: it is only a caveat, never a group
    assert (content.boundary.value, content.boundary.fact) == (0.75, "egdi-batas-075")
    assert facts["egdi-batas-075"].status == "UNVERIFIED" and "egdi-batas-075" not in content.facts
    assert [c.code for c in content.components] == ["osi", "tii", "hci"]


def test_example_is_indonesia_2020():
    e = load().example
    assert (e.label, e.osi, e.tii, e.hci, e.expected) == ("Coba data Indonesia 2020", 0.6824, 0.5669, 0.7342, 0.6612)


def test_broken_content_names_the_file_and_entry(tmp_path):
    data = exercise_yaml("egdi")
    data["example"]["expected"] = 0.6613
    data["indonesia"][3]["group"] = "high"
    data["indonesia"][0]["fact"] = "egdi-2008"  # UNVERIFIED
    del data["groups"][1]["english"]
    text = content_error(load, write_yaml(tmp_path / "egdi.yaml", data))
    assert "example.expected" in text and "= 0.6612" in text
    assert "indonesia[1] (2018).fact" in text and "UNVERIFIED" in text
    assert "groups[2] (high).english" in text


def test_a_stated_group_that_contradicts_the_rule_is_reported(tmp_path):
    data = exercise_yaml("egdi")
    data["indonesia"][3]["group"] = "high"
    with pytest.raises(ContentError, match=r"indonesia\[4\] \(2024\)\.group.*very_high"):
        load(path=write_yaml(tmp_path / "egdi.yaml", data))


def test_boundary_is_checked(tmp_path):
    data = exercise_yaml("egdi")
    data["boundary"]["value"] = 0.7
    del data["boundary"]["message"]
    data["boundary"]["fact"] = "egdi-karangan"
    text = content_error(load, write_yaml(tmp_path / "egdi.yaml", data))
    assert "boundary.value" in text and "boundary.message" in text and "'egdi-karangan' tidak ada" in text
    data = exercise_yaml("egdi")
    del data["boundary"]
    assert "boundary" in content_error(load, write_yaml(tmp_path / "egdi2.yaml", data))


def test_a_published_value_on_the_boundary_may_not_state_a_group(tmp_path):
    data = exercise_yaml("egdi")
    data["indonesia"][2].update(value=0.75, group="high")
    text = content_error(load, write_yaml(tmp_path / "egdi.yaml", data))
    assert "indonesia[3] (2022).group" in text and "tepat di batas" in text


def test_groups_out_of_order_are_reported(tmp_path):
    data = exercise_yaml("egdi")
    data["groups"][0], data["groups"][1] = data["groups"][1], data["groups"][0]
    with pytest.raises(ContentError, match="urut dari kelompok tertinggi"):
        load(path=write_yaml(tmp_path / "egdi.yaml", data))


# --- the view, headless -----------------------------------------------------------------------------
def test_view_computes_and_shows_the_table_and_chart():
    view = EgdiView()
    assert view.tombol.description == "Hitung" and view.tombol_contoh.description == "Coba data Indonesia 2020"
    view.osi.value, view.tii.value, view.hci.value = 0.9, 0.8, 0.7
    view.tombol.click()
    page = output_html(view.hasil)
    assert "= 0,8000" in page and "Sangat Tinggi (Very High)" in page  # (0.9 + 0.8 + 0.7) / 3 = 0.8
    assert "<table" in page and "0,5258" in page and "menurut pemberitaan" in page
    assert '<img src="data:image/png;base64,' in page


def test_view_on_the_boundary_shows_the_neutral_message():
    view = EgdiView()
    view.osi.value, view.tii.value, view.hci.value = 0.75, 0.75, 0.75
    view.tombol.click()
    page = output_html(view.hasil)
    assert "= 0,7500" in page and "tepat di batas" in page and "Kelompok:" not in page
    assert '<img src="data:image/png;base64,' in page  # the chart still shows the value


def test_example_button_fills_indonesia_2020():
    view = EgdiView()
    view.tombol_contoh.click()
    assert (view.osi.value, view.tii.value, view.hci.value) == (0.6824, 0.5669, 0.7342)
    page = output_html(view.hasil)
    assert "= 0,6612" in page and "Tinggi (High)" in page


def test_view_out_of_range_input_gets_a_friendly_message_and_no_chart():
    view = EgdiView()
    view.tombol_contoh.click()
    view.tii.value = 1.5
    view.tombol.click()
    page = output_html(view.hasil)
    assert "lebih dari 1" in page and "✗" in page
    assert "<img" not in page and "0,6612" not in page


def test_tampilkan_returns_the_view_it_shows(capsys):
    view = tampilkan()
    assert isinstance(view, EgdiView) and view.widget.children[-1] is view.hasil
    assert view.osi.description == "Online Service Index (OSI)"


def test_the_chart_is_readable_and_described_in_words():
    from egov_course.exercises import CHART_FONT
    from egov_course.exercises.egdi import chart, chart_alt

    result = compute(0.7, 0.6, 0.8)
    fig = chart(result)
    ax = fig.axes[0]
    sizes = [t.get_fontsize() for t in ax.texts + [ax.xaxis.label, ax.yaxis.label] + ax.get_legend().get_texts()]
    assert min(sizes) >= CHART_FONT >= 11
    alt = chart_alt(result)
    assert alt.startswith("Grafik EGDI Indonesia per tahun survei: 2018 ") and "nilai Anda, 0,7000" in alt
