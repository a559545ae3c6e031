"""The "daftar periksa standar pelayanan" exercise (UU 25/2009 Pasal 21): model, content and view."""

from __future__ import annotations

import pytest
from conftest import content_error, edited_exercise, exercise_yaml

from egov_course.content import load_legal_facts
from egov_course.exercises import output_html
from egov_course.exercises import standar_pelayanan as ex

# The 14 minimum components of UU 25/2009 Pasal 21, copied from law_facts.md section 5.
PASAL_21 = [
    "dasar hukum", "persyaratan", "sistem, mekanisme, dan prosedur", "jangka waktu penyelesaian", "biaya/tarif",
    "produk pelayanan", "sarana, prasarana, dan/atau fasilitas", "kompetensi pelaksana", "pengawasan internal",
    "penanganan pengaduan, saran, dan masukan", "jumlah pelaksana", "jaminan pelayanan",
    "jaminan keamanan dan keselamatan pelayanan", "evaluasi kinerja pelaksana",
]
# What the shipped draft contains, read by hand from the YAML: 10 components are present, these 4 are not.
MISSING = {"pengawasan_internal", "pengaduan", "jaminan_keamanan", "evaluasi_kinerja"}


@pytest.fixture(scope="module")
def draft():
    return ex.load()


@pytest.fixture(scope="module")
def present(draft):
    return {c.id for c in draft.components} - MISSING


@pytest.fixture(scope="module")
def raw():
    return exercise_yaml("standar_pelayanan")


def messages(details) -> str:
    return "\n".join(f.message for f in details)


# --- the model --------------------------------------------------------------------------------------
def test_all_right_ticks(draft, present):
    summary, details = ex.check(present, draft)
    assert summary.correct is True and summary.score == 1.0
    assert "Benar 14 dari 14" in summary.message
    assert details[0].correct is True and "10 dari 10" in details[0].message
    assert not [f for f in details if f.correct is False]
    # the missing components are listed even when the learner got them right
    assert "\"Penanganan pengaduan, saran, dan masukan\"" in messages(details)


def test_a_missing_component_ticked_as_present_is_named(draft, present):
    summary, details = ex.check(present | {"pengaduan"}, draft)
    assert summary.correct is False
    assert "Benar 13 dari 14" in summary.message
    assert summary.score == pytest.approx(13 / 14)
    wrong = [f for f in details if f.correct is False]
    assert len(wrong) == 1
    assert "\"Penanganan pengaduan, saran, dan masukan\" Anda centang" in wrong[0].message
    assert wrong[0].pasal == "UU 25/2009 Pasal 21"


def test_an_overlooked_component_names_the_draft_section(draft, present):
    summary, details = ex.check(present - {"persyaratan", "jangka_waktu"}, draft)
    assert "Benar 12 dari 14" in summary.message
    text = messages(details)
    assert "\"Persyaratan\" sebenarnya ada di rancangan (bagian \"Yang perlu dibawa\")" in text
    assert "\"Jangka waktu penyelesaian\" sebenarnya ada di rancangan (bagian \"Lama proses\")" in text
    assert "8 dari 10" in details[0].message


def test_confusing_the_two_guarantees(draft, present):
    # "Jaminan pelayanan" is in the draft ("Janji kami"); "Jaminan keamanan dan keselamatan" is not.
    summary, details = ex.check(present - {"jaminan_pelayanan"} | {"jaminan_keamanan"}, draft)
    assert summary.score == pytest.approx(12 / 14)
    text = messages(details)
    assert "\"Jaminan keamanan dan keselamatan pelayanan\" Anda centang" in text
    assert "\"Jaminan pelayanan\" sebenarnya ada" in text


def test_feedback_explains_pasal_20_22_36_and_40(draft):
    _, details = ex.check({"dasar_hukum"}, draft)
    pasal = " | ".join(f.pasal for f in details)
    assert "Pasal 20" in pasal and "Pasal 22" in pasal and "Pasal 36" in pasal and "Pasal 40" in pasal
    text = messages(details)
    assert "partisipasi publik" in text
    assert "maklumat pelayanan" in text and "jelas dan luas" in text
    assert "Ombudsman" in text
    assert "Komponen yang tidak ada di rancangan (4)" in text
    assert "Motto" in text  # the lines that are no component


def test_nothing_ticked_gives_a_friendly_hint(draft):
    summary, details = ex.check(set(), draft)
    assert summary.correct is None and "Belum ada komponen yang dicentang" in summary.message
    assert details == []


@pytest.mark.parametrize("ticked, fragment", [
    ({"motto"}, "unknown component"),
    ("dasar_hukum", "collection"),
    (None, "collection"),
])
def test_programmer_misuse_raises_value_error(draft, ticked, fragment):
    with pytest.raises(ValueError, match=fragment):
        ex.check(ticked, draft)


def test_check_accepts_any_iterable_and_loads_default(present):
    summary, _ = ex.check(sorted(present))
    assert summary.correct is True


# --- the content ------------------------------------------------------------------------------------
def test_components_are_the_14_of_pasal_21(draft):
    names = [c.name.lower() for c in draft.components]
    assert len(names) == 14
    assert names == PASAL_21
    summary = load_legal_facts()["yanlik-21"].summary.lower()
    assert "14 komponen" in summary
    for name in names:
        assert name in summary, name
    assert draft.facts == ("yanlik-21",)


def test_the_draft_has_10_components_4_missing_and_extra_lines(draft, raw):
    assert {c.id for c in draft.missing} == MISSING
    assert len(draft.present) == 10
    extra = [line.heading for line in draft.lines if line.component is None]
    assert 1 <= len(extra) <= 2 and "Motto kantor" in extra
    assert "Dumai" in draft.provider and "fiktif" in draft.provider
    ids = [c["id"] for c in raw["components"]]
    assert len(ids) == len(set(ids))
    # headings are not copies of component names, so the learner has to read
    names = {c.name.lower() for c in draft.components}
    assert not [line.heading for line in draft.lines if line.heading.lower() in names]


def test_every_fact_is_in_the_register_and_verified(draft):
    register = load_legal_facts()
    used = list(draft.facts) + [f for c in draft.components for f in c.facts] + [f for fs in draft.closing_facts for f in fs]
    assert {"yanlik-20", "yanlik-21", "yanlik-22", "yanlik-36", "yanlik-40"} <= set(used)
    for fact_id in used:
        assert register[fact_id].status in ("V1", "V2"), fact_id


# --- broken content files ---------------------------------------------------------------------------
@pytest.mark.parametrize("mutate, fragment", [
    (lambda d: d["draft"]["lines"][2].update(component="syarat"), "draft.lines[3] (Yang perlu dibawa).component"),
    (lambda d: d["draft"]["lines"][4].update(component="dasar_hukum"), "sudah diisi oleh draft.lines[1]"),
    (lambda d: d["components"][1].update(id="dasar_hukum"), "components[2] (dasar_hukum).id"),
    (lambda d: d["components"][9].update(facts=["yanlik-99"]), "id fakta 'yanlik-99' tidak ada"),
    (lambda d: d["closing"][0].update(facts=["pdp-lembaga-terbentuk"]), "closing[1].facts"),
    (lambda d: d["components"][3].pop("name"), "components[4] (jangka_waktu).name"),
    (lambda d: d["draft"].pop("extra_note"), "draft.extra_note"),
    (lambda d: d.pop("draft"), "kolom 'draft'"),
    (lambda d: d["draft"].update(lines=[]), "kolom 'draft.lines'"),
])
def test_broken_content_names_file_and_entry(tmp_path, mutate, fragment):
    assert fragment in content_error(ex.load, edited_exercise(tmp_path, "standar_pelayanan", mutate))


# --- the view, headless -----------------------------------------------------------------------------
def test_view_right_ticks(draft, present):
    view = ex.StandarPelayananView(draft)
    assert "Motto kantor" in view.rancangan.value and "Surat Keterangan Domisili" in view.rancangan.value
    for component_id in present:
        view.centang[component_id].value = True
    view.tombol.click()
    shown = output_html(view.hasil)
    assert "Benar 14 dari 14" in shown
    assert "✗" not in shown


def test_view_wrong_tick_and_reset(draft, present):
    view = ex.StandarPelayananView(draft)
    for component_id in present | {"evaluasi_kinerja"}:
        view.centang[component_id].value = True
    view.tombol.click()
    shown = output_html(view.hasil)
    assert "Benar 13 dari 14" in shown
    assert "&quot;Evaluasi kinerja pelaksana&quot; Anda centang" in shown  # HTML-escaped in the view
    view.ulang.click()
    assert output_html(view.hasil) == "" and view.ticked() == set()


def test_view_with_nothing_ticked(draft):
    view = ex.StandarPelayananView(draft)
    view.tombol.click()
    assert "Belum ada komponen yang dicentang" in output_html(view.hasil)


def test_tampilkan_returns_the_view():
    view = ex.tampilkan()
    assert isinstance(view, ex.StandarPelayananView)
    assert len(view.centang) == 14 and view.tombol.description == "Periksa"
