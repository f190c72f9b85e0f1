"""A portfolio (项目组合): many scored projects, ranked and summarised.

Scoring many files is :mod:`jxpj.portfolio.batch`'s business; this module keeps what a portfolio table and
summary need of each project (a :class:`ProjectRow`, a few hundred bytes, never the whole
:class:`~jxpj.result.Result`), ranks the rows and computes the summary figures: the grade
distribution, first-level averages and the largest deductions of the projects graded 中 or 差.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import TypeVar

from jxpj.numbers import HUNDRED, ZERO, quantize, ratio_percent
from jxpj.result import Result, Status

MAX_DEDUCTIONS = 3  # the largest deductions listed for each project graded 中 or 差
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class FirstLevel:
    """One first-level indicator (一级指标) of a project: its weight and score."""

    code: str
    name: str
    weight: Decimal
    score: Decimal | None


@dataclass(frozen=True, slots=True)
class Deduction:
    """A leaf indicator that lost points (扣分指标)."""

    code: str
    name: str
    weight: Decimal
    score: Decimal
    lost: Decimal
    note: str | None  # the 评分说明's first sentence (see brief()), the evaluator's reason


Layout = tuple[tuple[str, str, Decimal], ...]  # (code, name, weight) of each 一级指标


@dataclass(frozen=True, slots=True)
class ProjectRow:
    """What the portfolio keeps of one scored project: a few hundred bytes, since a portfolio
    holds every row until it is ranked (values shared between rows are kept once, see Interner)."""

    path: str
    name: str
    year: int | None
    unit: str | None
    framework: str  # the spec's framework name, or its title when it names none
    layout: Layout  # the first-level indicators, shared by every row of one spec
    scores: tuple[Decimal | None, ...]  # their scores, in the same order
    total: Decimal | None  # None while evidence is missing (incomplete)
    grade: str | None
    grades: tuple[str, ...]  # the spec's grade names, highest first
    low: bool  # graded in the lower half of its spec's bands: 中 or 差 in 优/良/中/差
    deductions: tuple[Deduction, ...] = ()  # largest first; kept for low projects only

    @property
    def indicators(self) -> tuple[FirstLevel, ...]:
        return tuple(FirstLevel(c, n, w, s) for (c, n, w), s in zip(self.layout, self.scores, strict=True))


def row_of(result: Result, path: str) -> ProjectRow:
    """The portfolio row of one scored project."""
    spec = result.spec
    project = result.evidence.project
    names = tuple(band.name for band in sorted(spec.grades, key=lambda b: b.min, reverse=True))
    low = result.grade is not None and result.grade in names[len(names) // 2 :]
    return ProjectRow(
        path=path,
        name=project.name,
        year=project.year,
        unit=project.unit,
        framework=spec.framework.name if spec.framework else spec.title,
        layout=tuple((n.code, n.name, n.weight) for n in result.indicators),
        scores=tuple(n.score for n in result.indicators),
        total=result.total,
        grade=result.grade,
        grades=names,
        low=low,
        deductions=largest_deductions(result) if low else (),
    )


def largest_deductions(result: Result, limit: int = MAX_DEDUCTIONS) -> tuple[Deduction, ...]:
    """The leaves that lost most points, largest first (ties in the spec's order)."""
    lost = [
        (n.weight - n.score, n.score, n)
        for n in result.leaves()
        if n.status == Status.SCORED and n.score is not None and n.score < n.weight
    ]
    # sorted() is stable, so equal losses keep the spec's order; only the largest get a brief
    largest = sorted(lost, key=lambda loss: loss[0], reverse=True)[:limit]
    return tuple(Deduction(n.code, n.name, n.weight, score, cut, brief(n.note)) for cut, score, n in largest)


BRIEF_CHARS = 60


def brief(note: str | None, limit: int = BRIEF_CHARS) -> str | None:
    """A 评分说明 cut to its first sentence, at most ``limit`` characters (…), on one line: the
    summary names the reason; the project's own report gives it in full."""
    if not note:
        return None
    text = " ".join(note.split())
    for stop in "。；":
        if stop in text:
            text = text[: text.index(stop) + 1]
    return text if len(text) <= limit else text[: limit - 1] + "…"


class Interner:
    """One shared object for each value repeated across rows (units, grades, indicator names,
    scores), so that rows arriving from worker processes, each unpickled with its own copies,
    cost little more than their own name and path."""

    def __init__(self) -> None:
        self._seen: dict[object, object] = {}

    def __call__(self, value: T) -> T:
        # Decimals by their text: 9 and 9.00 are equal but print differently
        key = (type(value), str(value)) if isinstance(value, Decimal) else (type(value), value)
        return self._seen.setdefault(key, value)  # type: ignore[return-value]

    def row(self, row: ProjectRow) -> ProjectRow:
        one = self
        layout = one(tuple((one(c), one(n), one(w)) for c, n, w in row.layout))
        return ProjectRow(
            path=row.path,
            name=row.name,
            year=one(row.year),
            unit=one(row.unit),
            framework=one(row.framework),
            layout=layout,
            scores=tuple(one(s) for s in row.scores),
            total=one(row.total),
            grade=one(row.grade),
            grades=one(row.grades),
            low=row.low,
            deductions=tuple(
                Deduction(one(d.code), one(d.name), one(d.weight), one(d.score), one(d.lost), one(d.note)) for d in row.deductions
            ),
        )


def rank_key(row: ProjectRow) -> tuple[bool, Decimal, str, str]:
    """Highest total first; incomplete projects last; ties by name, then path (deterministic)."""
    return (row.total is None, -(row.total if row.total is not None else ZERO), row.name, row.path)


@dataclass(frozen=True, slots=True)
class Average:
    """The mean score of one first-level indicator over the projects that weight it alike.

    Scores of different scales are never averaged together: a 10-point and a 20-point 产出 are two
    averages, and totals out of 36 and out of 100 have no mean total (see
    :meth:`Portfolio.average_total` and :meth:`Portfolio.average_rate`).
    """

    name: str
    weight: Decimal | None  # the weight every project counted here gives it
    sum: Decimal  # exact; the mean and the rate are rounded from it, once
    count: int
    places: int = 2

    @property
    def mean(self) -> Decimal:
        return quantize(self.sum / self.count, self.places)

    @property
    def rate(self) -> Decimal | None:
        """平均得分率: the exact mean over the weight, in percent."""
        return ratio_percent(self.sum, self.weight * self.count, self.places) if self.weight else None


@dataclass(frozen=True, slots=True)
class Portfolio:
    """Ranked rows and the figures that summarise them."""

    rows: tuple[ProjectRow, ...]
    failed: int = 0  # files that could not be scored

    @classmethod
    def of(cls, rows: Iterable[ProjectRow], *, failed: int = 0) -> Portfolio:
        return cls(tuple(sorted(rows, key=rank_key)), failed)

    @property
    def scored(self) -> tuple[ProjectRow, ...]:
        return tuple(r for r in self.rows if r.total is not None)

    @property
    def incomplete(self) -> int:
        return sum(1 for r in self.rows if r.total is None)

    def ranks(self) -> list[int | None]:
        """Rank of each row: equal totals share a rank (1, 2, 2, 4); incomplete rows have none."""
        ranks: list[int | None] = []
        previous: Decimal | None = None
        for position, row in enumerate(self.rows, start=1):
            if row.total is None:
                ranks.append(None)
            elif row.total == previous:
                ranks.append(ranks[-1])
            else:
                ranks.append(position)
            previous = row.total
        return ranks

    def columns(self) -> tuple[str, ...]:
        """First-level indicator names, in the order they first appear in the ranking."""
        seen: dict[str, None] = {}
        for row in self.rows:
            seen.update((i.name, None) for i in row.indicators)
        return tuple(seen)

    def distribution(self) -> tuple[tuple[str, int], ...]:
        """(grade, number of projects) for every grade of the specs, highest first."""
        order: dict[str, int] = {}
        for row in self.rows:
            order.update((g, 0) for g in row.grades if g not in order)
        for row in self.rows:
            if row.grade is not None:
                order[row.grade] += 1
        return tuple(order.items())

    def averages(self, places: int = 2) -> tuple[Average, ...]:
        """Mean of each first-level indicator per weight it is given, rounded half-up once, at
        the end: a 预算执行率 of 10 points and one of 20 are two averages, never one mixed mean."""
        sums: dict[tuple[str, Decimal], list[Decimal]] = {}
        for row in self.rows:
            for indicator in row.indicators:
                if indicator.score is not None:
                    sums.setdefault((indicator.name, indicator.weight), []).append(indicator.score)
        order = {name: i for i, name in enumerate(self.columns())}
        keys = sorted(sums, key=lambda key: order[key[0]])  # stable: a name's weights as they first appear
        return tuple(Average(name, weight, sum(sums[name, weight], ZERO), len(sums[name, weight]), places) for name, weight in keys)

    def average_total(self, places: int = 2) -> Average | None:
        """The mean total when every scored project has the same full score; None when they
        differ (a total of 30 out of 36 and one of 85 out of 100 have no meaningful mean: see
        :meth:`average_rate`) or nothing is scored."""
        full = {self._full(r) for r in self.scored}
        totals = [r.total for r in self.scored if r.total is not None]
        if not totals or len(full) != 1:
            return None
        return Average("总分", full.pop(), sum(totals, ZERO), len(totals), places)

    def average_rate(self, places: int = 2) -> Decimal | None:
        """The mean 得分率 of the scored projects (each total over its own full score), exact and
        rounded once: what compares projects scored out of different totals."""
        rates = [r.total / full * HUNDRED for r in self.scored if r.total is not None and (full := self._full(r))]
        return quantize(sum(rates, ZERO) / len(rates), places) if rates else None

    @staticmethod
    def _full(row: ProjectRow) -> Decimal:
        return sum((w for _, _, w in row.layout), ZERO)

    def frameworks(self) -> tuple[str, ...]:
        """The frameworks of the rows, in ranking order of first appearance."""
        return tuple(dict.fromkeys(r.framework for r in self.rows))

    def only(self, framework: str) -> Portfolio:
        """The rows of one framework, as a portfolio of their own (for averages by framework)."""
        return Portfolio(tuple(r for r in self.rows if r.framework == framework))

    def low(self) -> tuple[ProjectRow, ...]:
        """The projects graded 中 or 差 (the lower half of their spec's grades), in rank order."""
        return tuple(r for r in self.rows if r.low)
