"""Prompts that ask the same question twice, anywhere on the site.

Each quiz should stand alone, and no quiz should ask one thing twice. Two prompts are compared by
the words that carry their meaning:

- what a reader sees (:func:`model.comparable`: compatibility forms folded, invisible characters
  dropped, case ignored), without Markdown punctuation and without asides in brackets such as
  "(Select all that apply.)";
- split into words, without the commonest English words ("the", "you", "which", ...), each cut to
  a rough stem ("declines" and "declined" are "declin").

Their similarity is the Dice coefficient of those two sets of stems, ``2|A∩B| / (|A| + |B|)``:
1.0 for the same words in any order, 0.0 for none in common. From :data:`LIMIT` (0.6) up, the
later prompt (by file name, then by position) is a problem that names the earlier one. A prompt
with no meaningful word ("You...") is not compared. Quiz boilerplate ("anti-pattern", "select all
that apply") counts as common words, and a link's target is an aside like any other.

The limit was set on the site's own prompts: the one real repeat (the same "someone declines
your offer" scene in both quizzes) scored 0.89; the closest pair of different questions (a
connection request accepted, and one about to be sent) scored 0.50.

Comparing every pair would be quadratic in the site's questions; candidates come from prefix
filtering (see :func:`similar_in`): two sets this similar must share some of their rarest
few words, so only prompts that do are compared.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, NamedTuple

from .errors import Problem

if TYPE_CHECKING:  # a build whose quizzes are all cached compares cached prompts only
    from .loader import Loaded

LIMIT = 0.6
"""The Dice similarity of stems from which two prompts count as the same question."""

_COMMON_WORDS = """a about after again all also am an and any are as at be been before being but
    by can could did do does doing for from had has have having he her here him his how i if in
    into is it its just me more most my no nor not now of on once only or other our out over own
    same she should so some such than that the their them then there these they this those
    through to too under until up very was we were what when where which while who whom why will
    with would you your yours anti pattern patterns select apply following"""
_COMMON = frozenset(_COMMON_WORDS.split())
_ASIDE = re.compile(r"\([^()]*\)")
_WORD = re.compile(r"[^\W_]+")
_SUFFIXES = ("ing", "ed", "es", "s", "e")
# Most prompts are ASCII, and so their own comparable form but for case: their words are found
# in C, as bytes, with a table that keeps letters (lowercased) and digits and makes any other
# byte a space. ``[^\W_]`` is exactly what ``str.isalnum`` accepts.
_ASCII_ASIDE = re.compile(rb"\([^()]*\)")
_ASCII_WORDS = bytes(c if c < 128 and chr(c).isalnum() else 32 for c in range(256)).lower()


class Stems(dict[str | bytes, str]):
    """The stem of each word already met ("" for a common word): a caller reading many
    prompts shares one, as words repeat from prompt to prompt."""

    def __missing__(self, word: str | bytes) -> str:
        text = word.decode() if isinstance(word, bytes) else word
        stem = self[word] = "" if text in _COMMON else _stem(text)
        return stem


def stems(prompt: str, known: Stems | None = None) -> frozenset[str]:
    """The meaningful words of a prompt, each cut to a rough stem."""
    if prompt.isascii():
        raw = prompt.encode()
        if b"(" in raw:
            raw = _ASCII_ASIDE.sub(b" ", raw)
        words: list[str] | list[bytes] = raw.translate(_ASCII_WORDS).split()
    else:
        from .model import comparable

        words = _WORD.findall(_ASIDE.sub(" ", comparable(prompt)))
    return frozenset(filter(None, map((Stems() if known is None else known).__getitem__, words)))


def _stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a or b else 0.0


# Dice >= LIMIT needs an overlap of at least 0.3 (a + b) words, for sets of a and b words, and
# so (with b >= 3a/7) of at least JACCARD * a = ceil(3a/7) words, whatever b is. A hair lower,
# so rounding never shortens a prefix.
_JACCARD = LIMIT / (2 - LIMIT) - 1e-9


class Prompt(NamedTuple):
    """What the lint needs of one prompt: its file, where it is in the file's data (for the
    line and column of a message, looked up only if one is needed), its question's id and the
    prompt's stems. Plain data, so a build can keep it in its cache."""

    path: str
    loc: tuple[str | int, ...]
    question: str
    stems: frozenset[str]


Where = Callable[[Prompt], tuple[int, int]]
"""The line and column of a prompt in its file."""


def prompts_of(item: Loaded, known: Stems | None = None) -> list[Prompt]:
    """The prompts of one quiz, in order."""
    known = Stems() if known is None else known
    return [
        Prompt(
            item.document.path,
            ("questions", i, "prompt"),
            question.id,
            stems(question.prompt, known),
        )
        for i, question in enumerate(item.quiz.questions)
    ]


def similar_prompts(loaded: Sequence[Loaded]) -> list[Problem]:
    """A problem for every prompt that nearly repeats an earlier one, in any quiz."""
    documents = {item.document.path: item.document for item in loaded}

    def where(prompt: Prompt) -> tuple[int, int]:
        mark = documents[prompt.path].mark(prompt.loc)
        return mark.line, mark.col

    known = Stems()
    return similar_in([prompts_of(item, known) for item in loaded], where)


def similar_in(quizzes: Sequence[Sequence[Prompt]], where: Where) -> list[Problem]:
    """A problem for every prompt that nearly repeats an earlier one, in any quiz (each quiz's
    prompts in order, the quizzes in order).

    Candidates, exactly (the tests compare with every pair): two sets sharing o >= 2 words
    share at least two among each one's first ``len - o + 2`` words, rarest first (the
    l-prefix lemma of Wang et al., "Can we beat the prefix filtering?", 2012). Sharing one
    word is only enough for sets of one or two words, which are indexed whole.
    """
    prompts = [(n, prompt) for n, quiz in enumerate(quizzes) for prompt in quiz]
    # Each stem's place in the order rarest first (ties by the stem itself), as a number: a
    # prompt's stems in that order are its numbers, sorted.
    frequency = Counter(itertools.chain.from_iterable(prompt.stems for _, prompt in prompts))
    by_rarity = sorted(sorted(frequency), key=frequency.__getitem__)  # sorts are stable
    rank = dict(zip(by_rarity, itertools.count()))
    prefixed: list[list[int]] = [[] for _ in by_rarity]  # rank -> earlier prompts, by prefix
    tiny: dict[str, list[int]] = defaultdict(list)  # stem -> earlier prompts of 1 or 2 stems
    problems = []
    for n, (_, prompt) in enumerate(prompts):
        words = prompt.stems
        if not words:
            continue
        rarest = sorted(map(rank.__getitem__, words))
        # The earlier prompts of each stem of the prefix, which this one then joins.
        lists = [prefixed[r] for r in rarest[: len(words) - math.ceil(_JACCARD * len(words)) + 2]]
        candidates = _in_two(lists)
        if len(words) <= 2:
            candidates.update(m for stem in words for m in tiny[stem])
            for stem in words:
                tiny[stem].append(n)
        if candidates:
            # The most similar, and the first of equals.
            score, first = max((similarity(words, prompts[m][1].stems), -m) for m in candidates)
            if score >= LIMIT:
                problems.append(_problem(prompts[n], prompts[-first], score, where))
        for earlier in lists:
            earlier.append(n)
    return problems


def _in_two(lists: list[list[int]]) -> set[int]:
    """The prompts in two or more of ``lists`` (no list holds a prompt twice). In C, with sets:
    the lists of common stems are long."""
    seen: set[int] = set()
    found: set[int] = set()
    *most, last = [earlier for earlier in lists if earlier] or [[]]
    for earlier in most:
        found.update(seen.intersection(earlier))
        seen.update(earlier)
    found.update(seen.intersection(last))  # the last list only meets what the others held
    return found


def _problem(
    this: tuple[int, Prompt], earlier: tuple[int, Prompt], score: float, where: Where
) -> Problem:
    (quiz, prompt), (other_quiz, first) = this, earlier
    place = "this quiz" if other_quiz == quiz else first.path
    line, col = where(prompt)
    return Problem(
        prompt.path,
        line,
        col,
        f"question '{prompt.question}': prompt nearly repeats question '{first.question}' "
        f"({place}, line {where(first)[0]}): similarity {score:.2f}, limit {LIMIT:g}; "
        "ask each question once",
    )
