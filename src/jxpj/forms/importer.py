"""``jxpj import``: a read 自评表 written as a jxpj spec and evidence, to go on with score, report, diff.

The files are what :func:`jxpj.forms.review.review_form` reviews in memory, so reviewing them gives
the same findings as reviewing the form. Numbers are written with their exact digits (jxpj reads a
YAML number as a decimal from its text); the output is the same, byte for byte, for the same form.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from jxpj.errors import Problem, UsageError, display_path
from jxpj.files import write_files
from jxpj.forms.review import score_form
from jxpj.numbers import fmt_num


class _Dumper(yaml.SafeDumper):
    """Safe YAML with exact decimals, Chinese as written, no line folding and no anchors."""

    def ignore_aliases(self, data: Any) -> bool:
        return True  # a score written twice (facts, claims) is two plain numbers, not &id001


def _decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.ScalarNode:
    text = fmt_num(value)
    return dumper.represent_scalar("tag:yaml.org,2002:float" if "." in text else "tag:yaml.org,2002:int", text)


_Dumper.add_representer(Decimal, _decimal)


def dump(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10_000, default_flow_style=False)


def import_form(
    path: str | Path, output: Path, *, spec_path: str | Path | None = None, force: bool = False
) -> tuple[tuple[Path, Path], list[Problem]]:
    """Write ``output/spec.yaml`` and ``output/evidence.yaml`` for the form at ``path``; the files,
    and what reading the form noticed (located warnings)."""
    if output.exists() and not output.is_dir():
        raise UsageError(f"{display_path(output)} is a file; give -o a folder")
    targets = (output / "spec.yaml", output / "evidence.yaml")
    existing = [t for t in targets if t.exists() or t.is_symlink()]
    if existing and not force:
        raise UsageError(f"{display_path(existing[0])} already exists; pass --force to overwrite")
    form, data, _result, _doc = score_form(path, spec_path=spec_path)  # it must score before it is written
    source = display_path(path)
    data.evidence["spec"] = "spec.yaml"
    header = f"# Imported by jxpj from {source} ({form.format}); every number as the form states it.\n"
    spec_text = header + "# The form's own indicators and weights on the national self-evaluation form.\n" + dump(data.spec)
    evidence_text = header + "# claims: are the form's own scores, total and grade, for jxpj review.\n" + dump(data.evidence)
    write_files({targets[0]: spec_text.encode("utf-8"), targets[1]: evidence_text.encode("utf-8")})
    return targets, data.warnings
