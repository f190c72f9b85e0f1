"""Byte-identical output: across runs, hash seeds and the order keys are written in.

A finance bureau re-running an evaluation must get the same bytes, or a diff of two reports
shows changes nobody made. (Atomic report writes are tested with the report renderer.)
"""

from __future__ import annotations

import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import EXAMPLE, ROOT

from jxpj.documents.yaml_reader import load_yaml

HASH_SEEDS = ["0", "1", "4242", "random"]


def run(args: list[str], seed: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "PYTHONHASHSEED": seed, "COLUMNS": "120"}
    return subprocess.run([sys.executable, "-m", "jxpj", *args], check=False, capture_output=True, env=env, cwd=cwd, timeout=60)


@pytest.mark.parametrize(
    "args",
    [
        ["score", "examples/2018_dangjian/evidence.yaml", "--format", "json"],
        ["score", "examples/2018_dangjian/evidence.yaml"],
        ["explain", "examples/2018_dangjian/evidence.yaml", "B11"],
    ],
    ids=["json", "table", "explain"],
)
def test_output_is_identical_across_hash_seeds(args):
    outputs = {seed: run(args, seed) for seed in HASH_SEEDS}
    first = outputs["0"]
    assert first.returncode == 0, first.stderr.decode()
    assert first.stdout  # something to compare
    for seed, out in outputs.items():
        assert (out.returncode, out.stdout, out.stderr) == (first.returncode, first.stdout, first.stderr), seed


def test_problems_are_listed_identically_across_hash_seeds(tmp_path):
    spec = (EXAMPLE / "spec.yaml").read_text(encoding="utf-8")
    evidence = (EXAMPLE / "evidence.yaml").read_text(encoding="utf-8")
    # several problems of different kinds, in both files' checks
    evidence = evidence.replace("facts: {level: 适应}", "facts: {level: 很适应}").replace("  year: 2018", "  yaer: 2018")
    evidence += "  Z99: {value: x}\n  A11: {value: twice}\n"
    (tmp_path / "spec.yaml").write_text(spec, encoding="utf-8")
    (tmp_path / "evidence.yaml").write_text(evidence, encoding="utf-8")
    outputs = {seed: run(["score", "evidence.yaml"], seed, cwd=tmp_path) for seed in HASH_SEEDS}
    first = outputs["0"]
    assert first.returncode == 1 and first.stderr.count(b": error: ") >= 2, first.stderr.decode()
    for seed, out in outputs.items():
        assert (out.returncode, out.stderr) == (first.returncode, first.stderr), seed


# ---- input key order ------------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    """Writes Decimals back as YAML numbers with their exact digits."""


_Dumper.add_representer(Decimal, lambda d, v: d.represent_scalar("tag:yaml.org,2002:float", str(v)))


def reorder(value: Any) -> Any:
    """Every mapping's keys in reverse order; lists (whose order is content) untouched."""
    if isinstance(value, dict):
        return {k: reorder(value[k]) for k in reversed(list(value))}
    if isinstance(value, list):
        return [reorder(v) for v in value]
    return value


def rewrite(source: Path, target: Path) -> None:
    data = reorder(load_yaml(source).data)
    target.write_text(yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_output_does_not_depend_on_the_order_keys_are_written_in(cli, tmp_path):
    rewrite(EXAMPLE / "spec.yaml", tmp_path / "spec.yaml")
    rewrite(EXAMPLE / "evidence.yaml", tmp_path / "evidence.yaml")
    # the rewrite really reordered: the evidence now starts with its last key
    last = list(yaml.safe_load((EXAMPLE / "evidence.yaml").read_text(encoding="utf-8")))[-1]
    assert (tmp_path / "evidence.yaml").read_text(encoding="utf-8").startswith(f"{last}:")
    for args in (["--format", "json"], []):
        original = cli("score", EXAMPLE / "evidence.yaml", *args)
        reordered = cli("score", tmp_path / "evidence.yaml", *args)
        assert original.exit_code == reordered.exit_code == 0, reordered.stderr
        assert reordered.stdout == original.stdout
    assert '"total": 85.12' in original.stdout or "total: 85.12" in original.stdout


def test_output_is_identical_run_after_run_in_one_process(cli):
    first = cli("score", EXAMPLE / "evidence.yaml", "--format", "json").stdout
    for _ in range(3):
        assert cli("score", EXAMPLE / "evidence.yaml", "--format", "json").stdout == first
