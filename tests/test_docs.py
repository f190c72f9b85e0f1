"""The README's promises are checked: its test command is what CI runs, every rule is documented."""

from __future__ import annotations

import re

from conftest import ROOT

from jxpj.rules import RULES

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_ci_runs_the_readme_test_command_verbatim():
    blocks = re.findall(r"```sh\n(.*?)\n```", README, re.S)
    test_command = next(b for b in blocks if "pytest" in b)
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert test_command in ci.splitlines()


def test_every_rule_kind_has_a_docstring_with_a_yaml_example_and_a_readme_row():
    for kind, rule in RULES.items():
        assert re.search(r"Spec[^\n]*::", rule.doc) and "Evidence" in rule.doc, kind
        assert f"| `{kind}` |" in README, kind


def test_every_template_context_name_is_documented():
    from conftest import EXAMPLE

    from jxpj import score_file
    from jxpj.report.context import build_context

    documented = (ROOT / "templates" / "README.md").read_text(encoding="utf-8")
    context = build_context(score_file(EXAMPLE / "evidence.yaml"))
    for name in context:
        assert f"- `{name}`" in documented, name


def test_every_narrative_section_is_in_the_readme():
    from jxpj.models.evidence import Narrative

    for name in Narrative.model_fields:
        assert f"`{name}`" in README, name
