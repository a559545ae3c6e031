"""Key balance of the quiz bank: the real bank passes, and each rule catches a crafted bad bank."""

import copy
from dataclasses import replace

import pytest
from conftest import REPO

from egov_course.quizbalance import (
    MAX_LETTER_SHARE_QUIZ,
    key_balance_problems,
    key_balance_summary,
    multi_select_problems,
    single_choice_problems,
    true_false_problems,
)
from egov_course.quizbank import load_bank


@pytest.fixture(scope="module")
def quizzes():
    return load_bank(REPO)[1]


def _rekey(quizzes, fmt, keys):
    """A deep copy of the bank whose items of format ``fmt`` get the keys in ``keys`` (in course order)."""
    bank = copy.deepcopy(quizzes)
    targets = [i for q in bank for i in q.items if i.row.format == fmt]
    for item, key in zip(targets, keys, strict=False):
        item.key = key
    return bank


def _items(quizzes, fmt):
    return [i for q in quizzes for i in q.items if i.row.format == fmt]


def test_the_real_bank_is_balanced(quizzes):
    assert key_balance_problems(quizzes) == []


def test_the_summary_lists_every_quiz(quizzes):
    summary = key_balance_summary(quizzes)
    assert list(summary) == [q.assignment for q in quizzes]
    assert sum(len(s["benar_salah"]) for s in summary.values()) == len(_items(quizzes, "benar_salah"))


def test_all_salah_true_false_keys_fail(quizzes):
    bank = _rekey(quizzes, "benar_salah", ["salah"] * 20)
    problems = true_false_problems(bank)
    assert any(p.startswith("true/false keys in the course: 0 of") for p in problems), problems
    assert any("true/false keys in pretest" in p for p in problems)


def test_a_lopsided_parallel_form_fails_even_when_the_course_is_balanced(quizzes):
    bank = copy.deepcopy(quizzes)
    pretest = next(q for q in bank if q.assignment == "pretest")
    for item in (i for i in pretest.items if i.row.format == "benar_salah"):
        item.key = "benar"
    problems = true_false_problems(bank)
    assert any("true/false keys in pretest: 2 of 2" in p for p in problems), problems


def test_multi_select_items_with_the_same_number_of_right_options_fail(quizzes):
    keys = [["a", "b", "d"], ["b", "d", "e"], ["a", "d", "e"], ["b", "c", "e"], ["a", "b", "e"], ["c", "d", "e"]]
    problems = multi_select_problems(_rekey(quizzes, "pilihan_banyak", keys))
    assert any("have exactly 3 right options" in p for p in problems), problems


def test_a_letter_right_in_every_multi_select_item_fails(quizzes):
    keys = [["c", "e"], ["b", "c", "d"], ["a", "c", "d", "e"], ["c", "d"], ["b", "c", "e"], ["b", "c"]]
    problems = multi_select_problems(_rekey(quizzes, "pilihan_banyak", keys))
    assert any(p.startswith("letter 'c' is right in every multi-select item") for p in problems), problems
    assert not any("right options:" in p for p in problems)


def test_a_key_that_rewards_the_copied_example_fails(quizzes):
    bank = _rekey(quizzes, "pilihan_banyak", [["a", "c", "e"]])
    problems = multi_select_problems(bank)
    first = _items(bank, "pilihan_banyak")[0]
    assert any(first.grade_id in p and 'copied example "a, c"' in p for p in problems), problems


def test_single_choice_keys_all_the_same_letter_fail(quizzes):
    bank = copy.deepcopy(quizzes)
    quiz = next(q for q in bank if q.assignment == "kuis_02_ite")
    for item in quiz.items:
        if item.row.format == "pilihan":
            item.key = "d"
    problems = single_choice_problems(bank)
    assert any(p.startswith("single-choice keys in kuis_02_ite are all 'd'") for p in problems), problems


def test_one_letter_above_the_quiz_share_fails(quizzes):
    bank = copy.deepcopy(quizzes)
    quiz = next(q for q in bank if q.assignment == "pretest")
    items = [i for i in quiz.items if i.row.format == "pilihan"]
    for item in items[: int(len(items) * MAX_LETTER_SHARE_QUIZ) + 1]:
        item.key = "a"
    problems = single_choice_problems(bank)
    assert any(p.startswith("single-choice keys in pretest: 'a' is the key of") for p in problems), problems


def test_one_letter_above_the_course_share_fails(quizzes):
    items = _items(quizzes, "pilihan")
    keys = ["b" if n % 2 == 0 else ("a" if n % 4 == 1 else "c") for n in range(len(items))]
    problems = single_choice_problems(_rekey(quizzes, "pilihan", keys))
    assert any(p.startswith("single-choice keys in the course: 'b'") for p in problems), problems


def test_the_old_salah_habit_fails_when_built_with_dataclass_replace(quizzes):
    """Module quizzes 1, 4 and 6 back to "salah" (as before issue 12): 3 of 11 "benar" is below the band."""
    flipped = {"kuis_01_spbe", "kuis_04_pdp", "kuis_06_satu_data"}
    bank = [replace(q, items=[replace(i, key="salah") if i.row.format == "benar_salah" else i for i in q.items])
            if q.assignment in flipped else q for q in quizzes]
    problems = true_false_problems(bank)
    assert any(p.startswith("true/false keys in the course: 3 of 11") for p in problems), problems
    assert key_balance_problems(quizzes) == []  # the real bank is untouched
