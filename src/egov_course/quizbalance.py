"""Balance of the answer keys across the quiz bank: can a test-wise learner score by a guessing rule?

``key_balance_problems(quizzes)`` takes the quizzes of ``quizbank.load_bank`` and returns one sentence
per problem, naming the quiz (and item where there is one). An empty list means the bank passes.

Rules and thresholds (chosen for a bank of about 11 true/false, 6 multi-select and 40 single-choice
items; see the review of issue 12, rows P5 and P6):

1. True/false ("benar_salah"). The share of "benar" keys must lie in ``TRUE_SHARE_BAND`` = 40–60 %,
   over the whole course and within each parallel form (pre-test, post-test). With 11 items the band
   allows 5 or 6 "benar"; a learner who always answers the same way then scores at most 6 of 11,
   little better than chance. Each parallel form has 2 items, so it must have exactly one of each.
   Quizzes with fewer than ``MIN_ITEMS`` such items are not judged on their own.
2. Multi-select ("pilihan_banyak"). With at least ``MIN_ITEMS`` items in the course: (a) the number of
   right options must not be the same in every item (otherwise "pick 3" becomes a strategy); (b) no
   letter may be right in every item (otherwise that letter is a free partial point). (c) In every item,
   the answers in ``COPIED_EXAMPLES`` must not earn credit, so that copying an example scores nothing.
   It holds "a, c", the example every multi-select answer line and quiz intro showed up to issue 12
   (review P6: left unchanged it earned 1,33 of 2 points in four items).
3. Single choice ("pilihan"). In a quiz with at least ``MIN_ITEMS`` such items, the keys must not all be
   the same letter, and no letter may be the key of more than ``MAX_LETTER_SHARE_QUIZ`` = 50 % of them
   (with 4–7 items per quiz, 50 % still allows e.g. 2 of 4; above it "always b" would pass a quiz).
   Over the whole course no letter may be the key of more than ``MAX_LETTER_SHARE_COURSE`` = 40 % of the
   items (chance is 25 % with four options; 40 % leaves room for a small bank but not for a habit).
"""

from __future__ import annotations

from collections import Counter

from .quizbank import PARALLEL_FORMS, Item, Quiz

TRUE_SHARE_BAND = (0.40, 0.60)
MAX_LETTER_SHARE_QUIZ = 0.50
MAX_LETTER_SHARE_COURSE = 0.40
MIN_ITEMS = 2
COPIED_EXAMPLES = ("a, c",)


def _items(quizzes: list[Quiz], code: str) -> list[tuple[Quiz, Item]]:
    return [(q, i) for q in quizzes for i in q.items if i.row.format == code]


def _key(item: Item):
    return item.fmt.parse(item.key)


def _where(quiz: Quiz, item: Item) -> str:
    return f"{quiz.assignment} soal {item.number} ({item.grade_id})"


def _percent(share: float) -> str:
    return f"{share:.0%}"


def true_false_problems(quizzes: list[Quiz]) -> list[str]:
    """Rule 1: the share of "benar" keys, course-wide and within each parallel form."""
    low, high = TRUE_SHARE_BAND
    problems = []
    groups = [("the course", _items(quizzes, "benar_salah"))]
    groups += [(q.assignment, _items([q], "benar_salah")) for q in quizzes if q.assignment in PARALLEL_FORMS]
    for name, items in groups:
        if len(items) < MIN_ITEMS:
            continue
        true = sum(_key(i) == "benar" for _, i in items)
        share = true / len(items)
        if not low <= share <= high:
            problems.append(f"true/false keys in {name}: {true} of {len(items)} are 'benar' ({_percent(share)}), "
                            f"outside {_percent(low)}–{_percent(high)}: "
                            + ", ".join(f"{_where(q, i)}={_key(i)}" for q, i in items))
    return problems


def multi_select_problems(quizzes: list[Quiz]) -> list[str]:
    """Rule 2: number of right options, a letter right everywhere, and the answer-line example."""
    items = _items(quizzes, "pilihan_banyak")
    problems = []
    for quiz, item in items:
        key = _key(item)
        for example in COPIED_EXAMPLES:
            picked = item.fmt.parse(example)
            if picked != key and len(picked & key) - len(picked - key) > 0:
                problems.append(f"{_where(quiz, item)}: the copied example \"{example}\" earns credit against "
                                f"the key {', '.join(sorted(key))}")
    if len(items) < MIN_ITEMS:
        return problems
    sizes = {len(_key(i)) for _, i in items}
    if len(sizes) == 1:
        problems.append(f"all {len(items)} multi-select items have exactly {sizes.pop()} right options: "
                        + ", ".join(_where(q, i) for q, i in items))
    everywhere = set.intersection(*(set(_key(i)) for _, i in items))
    for letter in sorted(everywhere):
        problems.append(f"letter '{letter}' is right in every multi-select item: "
                        + ", ".join(_where(q, i) for q, i in items))
    return problems


def _letter_share(items: list[tuple[Quiz, Item]], limit: float, name: str) -> list[str]:
    counts = Counter(_key(i) for _, i in items)
    if len(counts) == 1:
        return [f"single-choice keys in {name} are all '{next(iter(counts))}' ({len(items)} items)"]
    letter, count = counts.most_common(1)[0]
    if count / len(items) > limit:
        return [f"single-choice keys in {name}: '{letter}' is the key of {count} of {len(items)} items "
                f"({_percent(count / len(items))}, more than {_percent(limit)}): "
                + ", ".join(_where(q, i) for q, i in items if _key(i) == letter)]
    return []


def single_choice_problems(quizzes: list[Quiz]) -> list[str]:
    """Rule 3: per quiz and course-wide share of the most frequent key letter."""
    problems = []
    for quiz in quizzes:
        items = _items([quiz], "pilihan")
        if len(items) >= MIN_ITEMS:
            problems += _letter_share(items, MAX_LETTER_SHARE_QUIZ, quiz.assignment)
    items = _items(quizzes, "pilihan")
    if len(items) >= MIN_ITEMS:
        problems += _letter_share(items, MAX_LETTER_SHARE_COURSE, "the course")
    return problems


def key_balance_problems(quizzes: list[Quiz]) -> list[str]:
    """Every balance problem of the bank (rules 1–3 of the module docstring); empty when it passes."""
    return true_false_problems(quizzes) + multi_select_problems(quizzes) + single_choice_problems(quizzes)


def key_balance_summary(quizzes: list[Quiz]) -> dict[str, dict]:
    """Per quiz: true/false keys, multi-select right-option sets and single-choice key letters (for reports)."""
    return {q.assignment: {"benar_salah": [_key(i) for _, i in _items([q], "benar_salah")],
                           "pilihan_banyak": ["".join(sorted(_key(i))) for _, i in _items([q], "pilihan_banyak")],
                           "pilihan": "".join(_key(i) for _, i in _items([q], "pilihan"))}
            for q in quizzes}
