"""The deployment's settings, login cards and the dasbor service's file rule (no root needed)."""

from pathlib import Path

import pytest

from egov_course.errors import EgovCourseError
from egov_course.hub import settings as hub_settings
from egov_course.hub.accounts import PASSWORD_ALPHABET, new_password
from egov_course.hub.cards import Card, page_html
from egov_course.hub.config import roles
from egov_course.hub.dasbor import published_file
from egov_course.hub.settings import HubSettings


def test_settings_round_trip_and_derived_names(tmp_path):
    s = HubSettings(root=tmp_path / "opt", srv=tmp_path / "srv", name_prefix="t1-", port=18000).check()
    s.save()
    again = hub_settings.load(s.path)
    assert again == s
    assert again.grader == "t1-grader-spbe-dumai" and again.pseudonym_prefix == "t1-asn-"
    assert again.groups["pelatih"] == "t1-spbe-dumai-pelatih"
    assert again.ports == [18000, 18001, 18002, 18003]
    assert again.db_url.startswith("postgresql+psycopg://t1-grader-spbe-dumai@/t1_spbe_dumai?host=")


@pytest.mark.parametrize("change, word", [({"port": 80}, "port"), ({"name_prefix": "Bad"}, "name_prefix"),
                                          ({"root": Path("relative")}, "absolut")])
def test_bad_settings_are_named(change, word):
    with pytest.raises(EgovCourseError, match=word):
        HubSettings(**change).check()


def test_unknown_key_in_hub_yaml_is_named(tmp_path):
    path = tmp_path / "hub.yaml"
    path.write_text("port: 8000\nprot: 9000\n")
    with pytest.raises(EgovCourseError, match="prot"):
        hub_settings.load(path)


def test_passwords_are_random_and_unambiguous():
    seen = {new_password() for _ in range(200)}
    assert len(seen) == 200
    assert all(set(p.replace("-", "")) <= set(PASSWORD_ALPHABET) for p in seen)


def test_login_card_escapes_names_and_shows_login():
    page = page_html("Bappeda", [Card("asn-0001", "abcd-efgh-jkmn", "Sari <b>", "bappeda", "peserta")], "http://h:8000/")
    assert "asn-0001" in page and "abcd-efgh-jkmn" in page and "Sari &lt;b&gt;" in page


def test_dasbor_serves_only_published_files_of_known_kinds(tmp_path):
    (tmp_path / "dasbor_kompetensi.html").write_text("x")
    (tmp_path / "notes.txt").write_text("x")
    assert published_file(tmp_path, "") == tmp_path / "dasbor_kompetensi.html"
    assert published_file(tmp_path, "notes.txt") is None
    assert published_file(tmp_path, "../etc/passwd.html") is None


def test_analysts_get_the_dashboard_and_nothing_else():
    by_name = {r["name"]: r for r in roles(HubSettings())}
    assert by_name["egov-analis"]["scopes"] == ["access:services!service=dasbor"]
    assert "self" not in by_name["user"]["scopes"]
    assert "access:services!service=spbe-dumai" in by_name["egov-pelatih"]["scopes"]
