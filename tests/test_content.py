"""Content checks over the real quizzes in quiz/ and the essays in docs/blog/posts/.

The engine's own behaviour is tested in tests/unit; these tests hold the writing to its brief.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from quizkit.errors import QuizError
from quizkit.loader import load_quizzes
from quizkit.scoring import result

ROOT = Path(__file__).resolve().parents[1]
QUIZ_DIR = ROOT / "quiz"
DOCS_DIR = ROOT / "docs"
QUIZ_IDS = sorted(path.stem for path in QUIZ_DIR.glob("*.yml"))
# Quizzes whose questions have right answers (the rest are scored by points); read from the
# files directly so a quiz that fails to load still shows up in the tests as a failure.
CORRECT_IDS = [
    path.stem
    for path in sorted(QUIZ_DIR.glob("*.yml"))
    if (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("scoring", "correct")
    == "correct"
]
ESSAYS = sorted((DOCS_DIR / "blog" / "posts").glob("*.md"))

ANTI_PATTERNS = "networking-anti-patterns"  # scoring: correct
EXPERT = "networking-expert"  # scoring: points
ARCHETYPES = "networking-archetypes"  # scoring: categories

FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)
HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
WORD = re.compile(r"[A-Za-z0-9]+(?:['\u2019-][A-Za-z0-9]+)*")


@pytest.fixture(scope="module")
def quizzes():
    try:
        return {quiz.id: quiz for quiz in load_quizzes(QUIZ_DIR)}
    except QuizError as error:
        pytest.fail(f"the quizzes do not load:\n{error}", pytrace=False)


def get(quizzes, quiz_id):
    if quiz_id not in quizzes:
        pytest.fail(f"no quiz with id {quiz_id!r} in quiz/", pytrace=False)
    return quizzes[quiz_id]


def body_words(essay: Path) -> int:
    text = FRONT_MATTER.sub("", essay.read_text(encoding="utf-8"), count=1)
    return len(WORD.findall(HTML_COMMENT.sub("", text)))


# The quizzes the site is built around


def test_anti_patterns_quiz_is_scored_by_correct_answers(quizzes):
    assert get(quizzes, ANTI_PATTERNS).scoring == "correct"


def test_anti_patterns_quiz_has_at_least_12_questions(quizzes):
    assert len(get(quizzes, ANTI_PATTERNS).questions) >= 12


def test_anti_patterns_quiz_mixes_pick_one_and_at_least_4_pick_all(quizzes):
    questions = get(quizzes, ANTI_PATTERNS).questions
    pick_all = sum(question.multiple for question in questions)
    assert 4 <= pick_all < len(questions)


def test_expert_quiz_has_at_least_10_questions(quizzes):
    assert len(get(quizzes, EXPERT).questions) >= 10


def test_expert_quiz_has_exactly_4_outcomes(quizzes):
    assert len(get(quizzes, EXPERT).outcomes) == 4


def test_archetypes_quiz_is_scored_by_categories(quizzes):
    assert get(quizzes, ARCHETYPES).scoring == "categories"


def test_archetypes_quiz_has_at_least_10_questions(quizzes):
    assert len(get(quizzes, ARCHETYPES).questions) >= 10


def test_archetypes_quiz_has_4_to_6_outcomes(quizzes):
    assert 4 <= len(get(quizzes, ARCHETYPES).outcomes) <= 6


def top_votes(question) -> set[str]:
    """The outcomes given the largest vote any choice of ``question`` gives."""
    votes = [(outcome, n) for choice in question.choices for outcome, n in choice.votes.items()]
    most = max((n for _, n in votes), default=None)
    return {outcome for outcome, n in votes if n == most}


def test_every_archetype_is_the_top_vote_of_at_least_2_questions(quizzes):
    quiz = get(quizzes, ARCHETYPES)
    tops = {o.id: sum(o.id in top_votes(q) for q in quiz.questions) for o in quiz.outcomes}
    assert {outcome: n for outcome, n in tops.items() if n < 2} == {}


def test_plain_answers_lead_to_the_actual_human_in_the_archetypes_quiz(quizzes):
    quiz = get(quizzes, ARCHETYPES)
    answers = {}
    for q in quiz.questions:
        human = [n for n, choice in enumerate(q.choices) if choice.votes.get("actual-human")]
        # The plainest answer of a pick-one question; every plain one of a pick-any question.
        plainest = max(human, key=lambda n: q.choices[n].votes["actual-human"])
        answers[q.id] = human if q.multiple else [plainest]
    assert result(quiz, answers)[1].id == "actual-human"


def test_archetypes_questions_have_explanation_and_see(quizzes):
    quiz = get(quizzes, ARCHETYPES)
    missing = [q.id for q in quiz.questions if not (q.explanation and q.see)]
    assert not missing, f"questions without explanation or see: {missing}"


# Every quiz


@pytest.mark.parametrize("quiz_id", CORRECT_IDS)
def test_correct_scored_questions_have_explanation_and_see(quizzes, quiz_id):
    quiz = get(quizzes, quiz_id)
    missing = [q.id for q in quiz.questions if not (q.explanation and q.see)]
    assert not missing, f"questions without explanation or see: {missing}"


@pytest.mark.parametrize("quiz_id", CORRECT_IDS)
def test_correct_scored_wrong_choices_have_feedback(quizzes, quiz_id):
    quiz = get(quizzes, quiz_id)
    missing = [
        f"{q.id}: {c.text}"
        for q in quiz.questions
        for c in q.choices
        if not c.correct and not c.feedback
    ]
    assert not missing, f"wrong choices without feedback: {missing}"


@pytest.mark.parametrize("quiz_id", QUIZ_IDS)
def test_no_two_questions_share_a_prompt(quizzes, quiz_id):
    prompts = [" ".join(q.prompt.split()).lower() for q in get(quizzes, quiz_id).questions]
    repeated = sorted({prompt for prompt in prompts if prompts.count(prompt) > 1})
    assert not repeated, f"repeated prompts: {repeated}"


def test_anti_patterns_quiz_asks_for_the_anti_pattern_in_every_question(quizzes):
    astray = [q.id for q in get(quizzes, ANTI_PATTERNS).questions if "anti-pattern" not in q.prompt]
    assert not astray, f"questions that ask for something else: {astray}"


def test_outcome_titles_are_spelled_the_same_in_every_quiz(quizzes):
    titles = {o.title for quiz in quizzes.values() for o in quiz.outcomes}
    clashes = sorted(
        {tuple(sorted(t for t in titles if t.casefold() == title.casefold())) for title in titles}
    )
    assert [clash for clash in clashes if len(clash) > 1] == []


def test_every_essay_has_a_quiz_question_linking_into_it(quizzes):
    linked = {q.see.partition("#")[0] for quiz in quizzes.values() for q in quiz.questions if q.see}
    unlinked = [e.name for e in ESSAYS if f"blog/posts/{e.name}" not in linked]
    assert not unlinked, f"essays no quiz question points into: {unlinked}"


# Every essay


def test_there_are_at_least_eight_essays():
    assert len(ESSAYS) >= 8


@pytest.mark.parametrize("essay", ESSAYS, ids=lambda path: path.stem)
def test_essay_drops_the_act_once_in_an_afterword(essay):
    headings = re.findall(r"^## (.+)$", essay.read_text(encoding="utf-8"), re.M)
    afterwords = [n for n, heading in enumerate(headings) if heading.startswith("Afterword")]
    # One afterword, followed at most by the line that points at a quiz.
    assert len(afterwords) == 1 and afterwords[0] >= len(headings) - 2, headings


# A running joke belongs to one essay (the authors' guide lists them); words, case ignored.
RUNNING_JOKES = {
    "invoice": "endorsed-for-skills-you-never-saw.md",
    "pipeline": "the-pitch-in-the-first-message.md",
    "bump": "the-pitch-in-the-first-message.md",
}


@pytest.mark.parametrize("joke", sorted(RUNNING_JOKES))
def test_a_running_joke_appears_in_its_own_essay_only(joke):
    pages = [*ESSAYS, DOCS_DIR / "index.md", DOCS_DIR / "about.md", *sorted(QUIZ_DIR.glob("*.yml"))]
    where = [p.name for p in pages if re.search(rf"\b{joke}", p.read_text("utf-8"), re.I)]
    assert where == [RUNNING_JOKES[joke]]


def test_the_flagship_keeps_the_source_facts():
    text = (DOCS_DIR / "blog" / "posts" / "the-expert-who-taught-me-networking.md").read_text(
        encoding="utf-8"
    )
    assert "23 August 2015" in text
    assert "already a best seller" in text


@pytest.mark.parametrize("essay", ESSAYS, ids=lambda path: path.stem)
def test_essay_has_at_least_600_words(essay):
    assert body_words(essay) >= 600


@pytest.mark.parametrize("essay", ESSAYS, ids=lambda path: path.stem)
def test_essay_has_at_most_1500_words(essay):
    assert body_words(essay) <= 1500


# -- Material templates we override --------------------------------------------------------------


def changed_lines(override: str) -> list[tuple[str, str]]:
    """The lines of ``overrides/<override>`` that differ from Material's own file, which the
    override copies after a comment of its own (Material's file opens with three lines)."""
    import material

    theirs = (Path(material.__file__).parent / "templates" / override).read_text(encoding="utf-8")
    ours = (ROOT / "overrides" / override).read_text(encoding="utf-8")
    ours = ours[ours.index("-#}\n") + len("-#}\n") :]
    pairs = zip(theirs.splitlines()[3:], ours.splitlines(), strict=True)
    return [(a.strip(), b.strip()) for a, b in pairs if a != b]


def test_essay_override_differs_from_material_only_by_its_nav_names() -> None:
    assert changed_lines("blog-post.html") == [
        (
            '<nav class="md-nav md-nav--primary">',
            '<nav class="md-nav md-nav--primary" aria-label="{{ page.title | striptags | e }}">',
        ),
        ('<nav class="md-nav">', '<nav class="md-nav" aria-label="{{ lang.t(\'blog.meta\') }}">'),
        (
            '<nav class="md-nav">',
            '<nav class="md-nav" aria-label="{{ lang.t(\'blog.references\') }}">',
        ),
    ]


def test_site_meta_override_differs_from_material_only_by_escaping() -> None:
    import material

    def block(text: str) -> list[str]:
        start = text.index("{% block site_meta %}")
        lines = text[start : text.index("{% endblock %}", start)].splitlines()
        return [line.strip() for line in lines if line.strip()]

    theirs = block((Path(material.__file__).parent / "templates" / "base.html").read_text("utf-8"))
    ours = block((ROOT / "overrides" / "main.html").read_text(encoding="utf-8"))
    assert [(a, b) for a, b in zip(theirs, ours, strict=True) if a != b] == [
        (
            f'<meta name="{name}" content="{{{{ {value} }}}}">',
            f'<meta name="{name}" content="{{{{ {value} | e }}}}">',
        )
        for name, value in [
            ("description", "page.meta.description"),
            ("description", "config.site_description"),
            ("author", "page.meta.author"),
            ("author", "config.site_author"),
        ]
    ]


def test_essay_card_override_differs_from_material_only_by_two_navs_made_divs() -> None:
    assert changed_lines("partials/post.html") == [
        ('<nav class="md-post__authors md-typeset">', '<div class="md-post__authors md-typeset">'),
        ("</nav>", "</div>"),
        ('<nav class="md-post__action">', '<div class="md-post__action">'),
        ("</nav>", "</div>"),
    ]
