"""A spec's every problem, kept going after schema errors, and its own tests run."""

from __future__ import annotations

from collections.abc import Sequence

from jxpj.check.spectests import run_spec_tests
from jxpj.documents.compose import compose
from jxpj.documents.document import Document
from jxpj.errors import Problem, ProblemsError, Severity
from jxpj.models.salvage import Patches, repair_spec, validate_all
from jxpj.models.spec import Spec, rule_warnings, system_problems

# Checks whose problem is best shown at the key (``budget_execution:``) rather than its value.
_AT_KEY = {"unused-rule", "weight-total"}
# Checks that sum weights: meaningless once a weight had to be patched away.
_WEIGHT_CHECKS = {"weight-sum", "weight-total", "leaf-weight"}


def check_spec(source: Document) -> tuple[Spec | None, list[Problem]]:
    """Every problem in a spec document; the spec is returned only when it has no errors."""
    try:
        doc = compose(source)  # bases applied, each problem located in the file that caused it
    except ProblemsError as exc:
        return None, list(exc.problems)
    validated = validate_all(Spec, doc, repair_spec)
    problems = list(validated.problems)
    spec: Spec | None = validated.model
    if spec is None:
        return None, problems
    patches = validated.patches
    for loc, message, check in system_problems(spec):
        if not _patched(patches, loc, check):
            problems.append(doc.problem(loc, message, check=check, key=check in _AT_KEY))
    for loc, message, check in rule_warnings(spec):
        if not _patched(patches, loc, check):
            warning = doc.problem(loc, message, check=check, key=check in _AT_KEY).as_warning()
            # A base's rule that this spec's replacements no longer use is the base's business,
            # not a mistake in this file (the base is checked on its own).
            if check == "unused-rule" and warning.path != source.path:
                continue
            problems.append(warning)
    if any(p.severity == Severity.ERROR for p in problems):
        return None, problems
    problems.extend(run_spec_tests(spec, source))  # tests are not inherited: they sit in this file
    return spec, problems


def _patched(patches: Patches, loc: Sequence[str | int], check: str) -> bool:
    return patches.covers(loc) or check in patches.checks or (patches.weights and check in _WEIGHT_CHECKS)
