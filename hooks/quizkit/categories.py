"""The proof that every outcome of a ``scoring: categories`` quiz can win.

The rule (``scoring.tally`` and ``scoring.winner`` are its reference): every chosen choice adds
its votes to outcomes; the outcome with the most votes wins, and among tied outcomes the one
listed first. An outcome the rule can never pick is a promise the quiz cannot keep, so the build
looks, for each outcome, for answers under which it wins with at least one vote: one choice per
pick-one question, any set of choices for a pick-any question.

How it looks: first an exact test pair by pair, since the most an outcome can lead another by is
the sum of its best lead on each question (failing it gives the reason, "always loses to 'ghost'
on ties"); then a hill climb from answers that favour the outcome, which finds a winning set at
once in any quiz written to be played; and where the climb gets stuck, every set of answers,
question by question and choice by choice, kept apart only by what decides whether the outcome
wins (see :meth:`Ballot._search`). What is found is kept: ``make check --explain`` prints it for
the author to try, the outcome's page draws its tally, and the browser tests play it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model import Quiz

CLIMB_UP_TO = 200
"""Changes the hill climb may make: each weighs every possible change, so a long climb on a big
quiz whose outcome cannot win would take minutes; a quiz written to be played wins in a few."""

SEARCH_UP_TO = 100_000
"""Steps (one set of answers so far, extended by one answer) the search after a stuck climb may
take; past this, the outcome is reported as not found (with the closest result) rather than
proved impossible."""

Answers = dict[str, tuple[int, ...]]
"""Question id to the chosen choices (YAML positions, sorted)."""


@dataclass(frozen=True)
class Proof:
    """How ``outcome`` wins (``answers``, and the ``totals`` they give, outcome id to votes), or
    why it cannot (``reason``)."""

    outcome: str
    answers: Answers | None = None
    totals: dict[str, int] | None = None
    reason: str | None = None


class Ballot:
    """The votes of one quiz as numbers: per question, per choice, one count per outcome."""

    def __init__(self, quiz: Quiz) -> None:
        self.ids = [outcome.id for outcome in quiz.outcomes]
        place = {outcome: i for i, outcome in enumerate(self.ids)}
        self.questions = []
        for question in quiz.questions:
            rows = []
            for choice in question.choices:
                row = [0] * len(self.ids)
                for outcome, votes in choice.votes.items():
                    if outcome in place:
                        row[place[outcome]] += votes
                rows.append(row)
            self.questions.append((question.id, question.multiple, rows))
        self._proofs: dict[str, Proof] = {}
        self._most: dict[str, int] | None = None

    def most(self) -> dict[str, int]:
        """The most votes each outcome can get, by id: its best choice on every pick-one
        question, every choice that votes for it on a pick-any one. Worked out once: every
        picture of the quiz's votes (its page, each outcome's page) asks."""
        if self._most is None:
            self._most = {
                outcome: sum(
                    sum(row[x] for row in rows) if multiple else max(row[x] for row in rows)
                    for _, multiple, rows in self.questions
                )
                for x, outcome in enumerate(self.ids)
            }
        return self._most

    def how_to_win(self, outcome: str) -> Proof:
        if outcome not in self._proofs:
            self._proofs[outcome] = self._prove(self.ids.index(outcome))
        return self._proofs[outcome]

    def _prove(self, x: int) -> Proof:
        outcome = self.ids[x]
        if not any(row[x] for _, _, rows in self.questions for row in rows):
            return Proof(outcome, reason="no choice votes for it")
        if reason := self._pairwise(x):
            return Proof(outcome, reason=reason)
        best = None
        for start in (self._leaning(x, strict=True), self._leaning(x, strict=False)):
            chosen, totals = self._climb(x, start)
            if self._wins(x, totals):
                return self._proof(x, chosen, totals)
            if best is None or self._standing(x, totals) > self._standing(x, best[1]):
                best = (chosen, totals)
        chosen, complete = self._search(x)
        if chosen is not None:
            return self._proof(x, chosen, self._totals(chosen))
        return Proof(outcome, reason=self._closest(x, best[1], proved=complete))

    def _pairwise(self, x: int) -> str | None:
        """Why ``x`` can never beat some other outcome, if it cannot: the most ``x`` can lead
        ``y`` by is the sum of its best lead on each question, independently."""
        for y, rival in enumerate(self.ids):
            if y == x:
                continue
            lead = 0
            for _, multiple, rows in self.questions:
                leads = [row[x] - row[y] for row in rows]
                lead += sum(v for v in leads if v > 0) if multiple else max(leads)
            if lead < 0:
                return f"it always has fewer votes than '{rival}' (at best {-lead} fewer)"
            if lead == 0 and y < x:
                return (
                    f"always loses to '{rival}' on ties (at best it ties, and '{rival}' is "
                    "listed first)"
                )
        return None

    def _leaning(self, x: int, *, strict: bool) -> list:
        """Answers that favour ``x``: on each question the choice that leads the others by most
        (``strict``), or simply gives ``x`` most; pick-any: the choices that lead."""
        chosen = []
        for _, multiple, rows in self.questions:
            leads = [
                row[x] - max((v for y, v in enumerate(row) if y != x), default=0) for row in rows
            ]
            if multiple:
                chosen.append({k for k, lead in enumerate(leads) if lead > 0})
            elif strict:
                chosen.append(max(range(len(rows)), key=lambda k: (leads[k], rows[k][x])))
            else:
                chosen.append(max(range(len(rows)), key=lambda k: (rows[k][x], leads[k])))
        return chosen

    def _climb(self, x: int, chosen: list) -> tuple[list, list[int]]:
        """Change one answer at a time, always the change that most improves ``x``'s worst
        margin (then its total shortfall), until ``x`` wins or no change helps."""
        totals = self._totals(chosen)
        for _ in range(CLIMB_UP_TO):
            if self._wins(x, totals):
                break
            best, step = self._standing(x, totals), None
            for q, (_, multiple, rows) in enumerate(self.questions):
                for k, row in enumerate(rows):
                    if multiple:
                        sign = -1 if k in chosen[q] else 1
                        delta = [sign * v for v in row]
                    elif k != chosen[q]:
                        delta = [v - w for v, w in zip(row, rows[chosen[q]], strict=True)]
                    else:
                        continue
                    moved = [t + d for t, d in zip(totals, delta, strict=True)]
                    if (standing := self._standing(x, moved)) > best:
                        best, step = standing, (q, k, moved)
            if step is None:
                break
            q, k, totals = step
            if self.questions[q][1]:
                chosen[q] = chosen[q] ^ {k}
            else:
                chosen[q] = k
        return chosen, totals

    def _margins(self, x: int, totals: list[int]) -> list[int]:
        """How far ``x`` is from winning against each rival (and from one vote): >= 0 is enough."""
        return [totals[x] - 1] + [totals[x] - t - (y < x) for y, t in enumerate(totals) if y != x]

    def _wins(self, x: int, totals: list[int]) -> bool:
        return min(self._margins(x, totals)) >= 0

    def _standing(self, x: int, totals: list[int]) -> tuple[int, int]:
        margins = self._margins(x, totals)
        return min(margins), sum(m for m in margins if m < 0)

    def _closest(self, x: int, totals: list[int], *, proved: bool) -> str:
        ahead = max(
            (y for y in range(len(self.ids)) if y != x),
            key=lambda y: (totals[y] + (y < x), -y),
        )
        told = (
            f"with the answers that favour it most it has {totals[x]} "
            f"vote{'s' if totals[x] != 1 else ''}, "
            f"and '{self.ids[ahead]}' has {totals[ahead]}"
        )
        if totals[ahead] == totals[x]:
            told += " and is listed first"
        if proved:
            return f"no set of answers makes it win ({told})"
        return f"no answers were found under which it wins ({told})"

    def _totals(self, chosen: list) -> list[int]:
        totals = [0] * len(self.ids)
        for (_, multiple, rows), picked in zip(self.questions, chosen, strict=True):
            for k in picked if multiple else (picked,):
                for y, v in enumerate(rows[k]):
                    totals[y] += v
        return totals

    def _search(self, x: int) -> tuple[list | None, bool]:
        """Every set of answers, one decision at a time (a pick-one question, or one box of a
        pick-any question), for answers under which ``x`` wins: the chosen answers, or None and
        whether every set was tried (within :data:`SEARCH_UP_TO` steps).

        Two sets that give ``x`` the same lead over each rival, and both a vote or both none,
        fare alike whatever comes next: only one of them is kept. A set behind a rival by more
        than the rest of the quiz can make up is dropped. Each set is kept as a chain (earlier
        chain, question, choice), so extending it costs the same at any length.
        """
        rivals = [y for y in range(len(self.ids)) if y != x]
        need = [int(y < x) for y in rivals]  # the lead that wins: ties go to the one listed first
        decisions = []  # (question, [(choice, its row)]): None for a box left empty
        for q, (_, multiple, rows) in enumerate(self.questions):
            if not multiple:
                decisions.append((q, list(enumerate(rows))))
                continue
            for k, row in enumerate(rows):
                # A box that gives x nothing never helps it, one that gives x at least as much
                # as every rival never hurts: the search need not try the other way.
                if not row[x]:
                    continue
                if all(row[x] >= row[y] for y in rivals):
                    decisions.append((q, [(k, row)]))
                else:
                    decisions.append((q, [(None, None), (k, row)]))
        # ahead[d][j]: the most x can still gain on rival j from decision d on.
        ahead = [[0] * len(rivals)]
        for _, options in reversed(decisions):
            gains = [
                max(0 if row is None else row[x] - row[y] for _, row in options) for y in rivals
            ]
            ahead.append([g + a for g, a in zip(gains, ahead[-1], strict=True)])
        ahead.reverse()
        states: dict[tuple, tuple | None] = {((0,) * len(rivals), 0): None}
        steps = 0
        for d, (q, options) in enumerate(decisions):
            following: dict[tuple, tuple | None] = {}
            for (leads, voted), chain in states.items():
                for k, row in options:
                    steps += 1
                    if steps > SEARCH_UP_TO:
                        return None, False
                    if row is None:
                        key = (leads, voted)
                    else:
                        key = (
                            tuple(v + row[x] - row[y] for v, y in zip(leads, rivals, strict=True)),
                            min(1, voted + row[x]),
                        )
                    if key in following or any(
                        v + a < n for v, a, n in zip(key[0], ahead[d + 1], need, strict=True)
                    ):
                        continue
                    following[key] = chain if k is None else (chain, q, k)
            states = following
        winning = [chain for (_, voted), chain in states.items() if voted]
        if not winning:
            return None, True
        chain = winning[0]
        chosen: list = [set() if multiple else None for _, multiple, _ in self.questions]
        while chain is not None:
            chain, q, k = chain
            if self.questions[q][1]:
                chosen[q].add(k)
            else:
                chosen[q] = k
        return chosen, True

    def _proof(self, x: int, chosen: list, totals: list[int]) -> Proof:
        answers = {
            qid: tuple(sorted(picked)) if multiple else (picked,)
            for (qid, multiple, _), picked in zip(self.questions, chosen, strict=True)
        }
        return Proof(self.ids[x], answers, dict(zip(self.ids, totals, strict=True)))
