"""A row's largest deductions: only those kept get their note cut to a brief, in the same order."""

from __future__ import annotations

from conftest import EXAMPLE

from jxpj.load import score_file
from jxpj.portfolio.rows import Deduction, brief, largest_deductions
from jxpj.result import Status


def every_deduction(result):
    """What largest_deductions kept before: every deduction with its brief, largest first, stable."""
    lost = [
        Deduction(n.code, n.name, n.weight, n.score, n.weight - n.score, brief(n.note))
        for n in result.leaves()
        if n.status == Status.SCORED and n.score is not None and n.score < n.weight
    ]
    return tuple(sorted(lost, key=lambda d: d.lost, reverse=True))


def test_the_largest_deductions_are_the_first_of_all_of_them():
    for folder in sorted(EXAMPLE.parent.iterdir()):
        result = score_file(folder / "evidence.yaml")
        everything = every_deduction(result)
        assert len(everything) > 3, folder
        assert len({d.lost for d in everything}) < len(everything), "ties, to check the order"
        for limit in (1, 3, len(everything)):
            assert largest_deductions(result, limit) == everything[:limit]
