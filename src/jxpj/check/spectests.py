"""Run the cases a spec carries under ``tests:``: small evidence fragments and the scores they give.

A spec's author writes down, next to the rules, what the trickiest of them must give (B11 at an
execution rate of 84.05% gives 3.12); ``jxpj check`` scores each fragment with the real engine and
reports every case whose scores differ, with the expected and the actual score and the working,
located at the expected value in the spec file.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from jxpj.documents.document import Document
from jxpj.engine import EvidenceIssues, evaluate
from jxpj.errors import Problem, ProblemsError
from jxpj.models.evidence import Evidence
from jxpj.models.spec import Spec, SpecTest
from jxpj.models.validate import validate
from jxpj.numbers import fmt_num
from jxpj.result import Result

CHECK = "spec-test"


def run_spec_tests(spec: Spec, doc: Document) -> list[Problem]:
    """Every failure of every test case in ``spec`` (read from ``doc``), as located problems."""
    problems: list[Problem] = []
    for index, test in enumerate(spec.tests):
        problems.extend(_run(spec, doc, index, test))
    return problems


def _run(spec: Spec, doc: Document, index: int, test: SpecTest) -> list[Problem]:
    where = ("tests", index)
    label = f"test {test.name!r}"
    # The fragment is evidence without the parts a test does not need; the rest comes from here.
    data = {"spec": "(this spec)", "project": {"name": test.name}, **test.evidence}
    fragment = doc.sub((*where, "evidence"), data)
    try:
        evidence = validate(Evidence, fragment)
    except ProblemsError as exc:
        return [_tagged(p, label) for p in exc.problems]
    try:
        result = evaluate(spec, evidence)
    except EvidenceIssues as exc:
        return [_tagged(fragment.problem(i.loc, i.message, key=i.key), label) for i in exc.issues]
    problems = []
    for code, expected in test.expect.items():
        message = _compare_node(result, code, expected)
        if message:
            problems.append(doc.problem((*where, "expect", code), f"{label}: {message}", check=CHECK))
    if test.total is not None:
        message = _compare_total(result, test.total)
        if message:
            problems.append(doc.problem((*where, "total"), f"{label}: {message}", check=CHECK))
    return problems


def _compare_node(result: Result, code: str, expected: Decimal) -> str | None:
    node = result.find(code)
    if node is None:
        return f"expects a score for {code}, which is not in this spec"
    if node.score is None:
        status = str(node.status).replace("_", " ")
        return f"{code} expected {fmt_num(expected)}, but it has no score ({status}); give its facts in the test's evidence"
    if node.score != expected:
        working = f" ({node.explanation})" if node.explanation else ""
        return f"{code} expected {fmt_num(expected)}, got {fmt_num(node.score)}{working}"
    return None


def _compare_total(result: Result, expected: Decimal) -> str | None:
    if result.total is None:
        return f"total expected {fmt_num(expected)}, but the fragment leaves indicators without evidence, so there is no total"
    if result.total != expected:
        return f"total expected {fmt_num(expected)}, got {fmt_num(result.total)}"
    return None


def _tagged(problem: Problem, label: str) -> Problem:
    return replace(problem, message=f"{label}: {problem.message}", check=CHECK)
