"""Thousands of broken copies of the example files: a clear answer every time, never a traceback.

Each case takes the 2018 example's spec or evidence, breaks it one way (a deleted key, a value of
the wrong type, NaN, a huge or negative number, a zero budget, an empty string, random bytes,
truncation, odd Unicode, a BOM, CRLF or tab line ends, swapped nesting…) and scores it
in-process through :func:`jxpj.load.score_file`. The outcome must be a result, or problems that
name the file and a line in it (exit 1), or a usage error (exit 2); any other exception fails
the case with the recipe to reproduce it. Every 25th case also runs through the real command
(Typer's CliRunner with ``catch_exceptions=False``) to check exit codes and message format.

CI runs a fixed seed and ``JXPJ_MUTATIONS`` cases (default 3,000); for a longer run by hand::

    JXPJ_MUTATIONS=50000 JXPJ_MUTATION_SEED=7 python -m pytest tests/test_mutations.py

A second, structural suite (hypothesis) puts a random value of any type (mapping, list, text,
number, NaN, yes/no, null) at a random place in the parsed files, writes them back as YAML and
scores them the same way.
"""

from __future__ import annotations

import io
import os
import random
import re
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import EXAMPLE
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from typer.testing import CliRunner

from jxpj.cli import app
from jxpj.cli.score import explanation_lines, score_table, summary_line
from jxpj.documents.yaml_reader import parse_yaml
from jxpj.errors import ProblemsError, UsageError
from jxpj.load import score_file
from jxpj.numbers import dumps
from jxpj.result import Status, result_to_dict
from jxpj.rules import RULES

CASES = int(os.environ.get("JXPJ_MUTATIONS", "3000"))
SEED = int(os.environ.get("JXPJ_MUTATION_SEED", "20180630"))
CPU_SECONDS_PER_FILE = 1.0  # the bound; a normal case takes ~15 ms of CPU
CLI_EVERY = 25
RENDER_TABLE_EVERY = 5

SPEC = (EXAMPLE / "spec.yaml").read_text(encoding="utf-8")
EVIDENCE = (EXAMPLE / "evidence.yaml").read_text(encoding="utf-8")

# The example uses seven rule kinds; this pair adds tiers, judgment and formula, and a rule with
# every optional parameter, so that mutations reach every rule's validators.
ALL_KINDS_SPEC = """\
title: 全部规则
total: 35
grades: [{name: 优, min: 27}, {name: 良, min: 24}, {name: 中, min: 18}, {name: 差, min: 0}]
rounding: {places: 2, mode: half_even, rate_places: 1}
rules:
  rate: {kind: threshold_deduction, threshold: 100, per_point: {points: 0.5}, direction: at_most}
indicators:
  - code: T
    name: 档次
    children:
      - code: T1
        name: 重点支出安排率
        weight: 5
        rule:
          kind: tiers
          unit: "%"
          bands:
            - {min: 90, points: 5}
            - {min: 80, max: 90, points: 4}
            - {min: 60, max: 80, share: 0.5}
            - {max: 60, min_inclusive: false, max_inclusive: false, points: 0}
      - code: T2
        name: 评价组判断
        weight: 5
        rule: {kind: judgment}
      - code: T3
        name: 成本节约率
        weight: 5
        rule:
          kind: formula
          expression: "min(max((planned - actual) / planned * 100 / per, 0), weight)"
          facts: [planned, actual]
          params: {per: 2}
  - code: U
    name: 其他
    weight: 15
    children:
      - {code: U1, name: 在职人员控制率, weight: 5, rule: rate}
      - code: U2
        name: 关注量
        weight: 5
        rule: {kind: target, op: increase, unit: 人}
      - code: U3
        name: 要素
        weight: 5
        allow_not_applicable: true
        rule:
          kind: checklist
          elements: [{name: 制度, share: 0.6}, {name: 台账, share: 0.4}]
  - code: V
    name: 定性
    children:
      - code: V1
        name: 年度目标达成
        weight: 5
        rule:
          kind: banded_judgment
          bands:
            达成: {min: 0.8, max: 1, max_inclusive: true}
            部分达成: {min: 0.6, max: 0.8}
            未达成: {min: 0, max: 0.6}
"""

ALL_KINDS_EVIDENCE = """\
spec: spec.yaml
project: {name: 全部规则项目, year: 2019, report_date: 2020-03-31}
indicators:
  T1: {value: 84.5%, facts: {actual: 84.5}}
  T2: {facts: {score: 4.5, justification: 目标基本合理，酌情扣0.5分}}
  T3: {facts: {planned: "2,026,000", actual: 1990000}}
  U1: {facts: {actual: 101.5}}
  U2: {facts: {actual: 252000, baseline: 230000}}
  U3: {not_applicable: 本年度无相关业务}
  V1: {facts: {band: 部分达成, score: 3.5, justification: 两个服务点延期投运}}
"""
PAIRS = [(SPEC, EVIDENCE), (SPEC, EVIDENCE), (ALL_KINDS_SPEC, ALL_KINDS_EVIDENCE)]

HOSTILE_VALUES = [
    "", "''", '""', "~", "null", "NaN", ".nan", ".NaN", ".inf", "-.inf", "Infinity", "1e999",
    "1.0e+999", "-1.0e+999", "-5", "-0", "0", "0.0", "99999999999999999999", "9" * 5000,
    "0.00000000000001", "yes", "no", "true", "off", "[]", "{}", "[1, 2]", "{a: 1}", "[[[]]]",
    "120万元", "'120万元'", "'84.05%'", "'1,20,0000'", "'1,200,000.00'", "８４．０５", "'٣'",
    "0x1F", "010", "0o17", "1:30", "2018-06-30", "'\\u0000'", '"\\u0000"', '"\\x07"',
    "!!binary aGk=", "!!set {a, b}", "!!python/object/apply:os.system ['true']", "!custom x",
    "*undefined", "&anchor x", "*", "&", "|", ">", "- x", "? x", "%", "@", "`", "'unclosed",
    '"unclosed', "{unclosed", "[unclosed", "a: b: c", "'　'", "'\u200b'", "'\u202e'", "'🙂'",
    "'x' * 100000", "a" * 10_000, "'\ufeff'", "é", "e\u0301", "\u3000", "'\ud7ff'",
    "'[/]'", "'[bold]x'", "'[link=file:///etc/passwd]x'", r'"\e[31mred"', r'"\e]0;title\a"', r'"\N"',
    "'{{ 7 * 7 }}'", "'{% raw %}'", "'<script>'", "'%s%n'", "'${HOME}'",
]
ODD_CHARACTERS = ["\u2028", "\u2029", "\x85", "\ufeff", "\u200b", "\u3000", "\t", "\r", "\x00", "\x1b", "\ud7ff", "🙂", "\u0301", "\uffff"]
KEYS = re.compile(r"^(\s*-?\s*)([A-Za-z_][A-Za-z0-9_]*)(:)", re.MULTILINE)


def _lines(text: str) -> list[str]:
    return text.splitlines(keepends=True)


def delete_line(r: random.Random, text: str) -> tuple[str, str]:
    lines = _lines(text)
    i = r.randrange(len(lines))
    return "".join(lines[:i] + lines[i + 1 :]), f"delete line {i + 1}"


def delete_key_block(r: random.Random, text: str) -> tuple[str, str]:
    lines = _lines(text)
    starts = [i for i, line in enumerate(lines) if KEYS.match(line)]
    i = r.choice(starts)
    indent = len(lines[i]) - len(lines[i].lstrip(" -"))
    j = i + 1
    while j < len(lines) and (not lines[j].strip() or len(lines[j]) - len(lines[j].lstrip(" ")) > indent):
        j += 1
    return "".join(lines[:i] + lines[j:]), f"delete key block at line {i + 1}"


def replace_value(r: random.Random, text: str) -> tuple[str, str]:
    spots = [m for m in re.finditer(r"(?<=: )[^\n{}\[\],#]+", text)]
    m = r.choice(spots)
    value = r.choice(HOSTILE_VALUES)
    return text[: m.start()] + value + text[m.end() :], f"replace {m.group()!r} at {m.start()} with {value!r}"


def replace_flow_value(r: random.Random, text: str) -> tuple[str, str]:
    spots = [m for m in re.finditer(r"(?<=: )[^\n{}\[\],#:]+(?=[,}\]])", text)]
    m = r.choice(spots)
    value = r.choice(HOSTILE_VALUES)
    return text[: m.start()] + value + text[m.end() :], f"replace flow {m.group()!r} at {m.start()} with {value!r}"


def zero_budgets(r: random.Random, text: str) -> tuple[str, str]:
    key = r.choice(["budget", "actual", "weight", "threshold", "share", "points"])
    value = r.choice(["0", "0.00", "-0", "-1", "100000000000000000"])
    return re.sub(rf"\b{key}: [0-9.]+", f"{key}: {value}", text), f"every {key} to {value}"


def misspell_key(r: random.Random, text: str) -> tuple[str, str]:
    matches = list(KEYS.finditer(text))
    m = r.choice(matches)
    key = m.group(2)
    if len(key) > 1:
        i = r.randrange(len(key) - 1)
        wrong = key[:i] + key[i + 1] + key[i] + key[i + 2 :]
    else:
        wrong = key + key
    return text[: m.start(2)] + wrong + text[m.end(2) :], f"misspell {key!r} as {wrong!r}"


def shift_indent(r: random.Random, text: str) -> tuple[str, str]:
    lines = _lines(text)
    i = r.randrange(len(lines))
    delta = r.choice([-4, -2, 2, 4])
    line = lines[i]
    lines[i] = (" " * delta + line) if delta > 0 else line[min(-delta, len(line) - len(line.lstrip(" "))) :]
    return "".join(lines), f"indent line {i + 1} by {delta}"


def swap_nesting(r: random.Random, text: str) -> tuple[str, str]:
    """Move a block under its neighbour (or out of it): a list becomes a mapping's value etc."""
    lines = _lines(text)
    i = r.randrange(len(lines) - 1)
    j = min(len(lines), i + r.randint(2, 8))
    delta = r.choice([-2, 2])
    moved = [(" " * delta + ln) if delta > 0 else ln[min(2, len(ln) - len(ln.lstrip(" "))) :] for ln in lines[i:j]]
    return "".join(lines[:i] + moved + lines[j:]), f"re-indent lines {i + 1}-{j} by {delta}"


def swap_lines(r: random.Random, text: str) -> tuple[str, str]:
    lines = _lines(text)
    i = r.randrange(len(lines) - 1)
    lines[i], lines[i + 1] = lines[i + 1], lines[i]
    return "".join(lines), f"swap lines {i + 1} and {i + 2}"


def duplicate_line(r: random.Random, text: str) -> tuple[str, str]:
    lines = _lines(text)
    i = r.randrange(len(lines))
    return "".join(lines[: i + 1] + lines[i:]), f"duplicate line {i + 1}"


def truncate(r: random.Random, text: str) -> tuple[str, str]:
    n = r.randrange(len(text))
    return text[:n], f"truncate at {n}"


def odd_character(r: random.Random, text: str) -> tuple[str, str]:
    n = r.randrange(len(text))
    char = r.choice(ODD_CHARACTERS)
    return text[:n] + char + text[n:], f"insert {char!r} at {n}"


def bom(r: random.Random, text: str) -> tuple[str, str]:
    return "\ufeff" + text, "BOM"


def crlf(r: random.Random, text: str) -> tuple[str, str]:
    ending = r.choice(["\r\n", "\r"])
    return text.replace("\n", ending), f"line ends {ending!r}"


def tabs(r: random.Random, text: str) -> tuple[str, str]:
    return re.sub(r"^(  )+", lambda m: "\t" * (len(m.group()) // 2), text, flags=re.MULTILINE), "indent with tabs"


def wrong_type_block(r: random.Random, text: str) -> tuple[str, str]:
    """Turn a mapping value into a list or a scalar: `project:` followed by a list, etc."""
    matches = [m for m in re.finditer(r"^(\s*)([A-Za-z_][A-Za-z0-9_]*):\s*$", text, re.MULTILINE)]
    m = r.choice(matches)
    value = r.choice([" []", " {}", " 5", " x", " [a, b]", " ~"])
    return text[: m.end()] + value + text[m.end() :], f"give {m.group(2)!r} the value {value!r}"


TEXT_MUTATIONS: list[Callable[[random.Random, str], tuple[str, str]]] = [
    delete_line, delete_key_block, replace_value, replace_flow_value, zero_budgets, misspell_key,
    shift_indent, swap_nesting, swap_lines, duplicate_line, truncate, odd_character, bom, crlf,
    tabs, wrong_type_block,
]


def random_bytes(r: random.Random, data: bytes) -> tuple[bytes, str]:
    n = r.randrange(len(data))
    junk = bytes(r.randrange(256) for _ in range(r.randint(1, 8)))
    return data[:n] + junk + data[n:], f"insert bytes {junk!r} at {n}"


def flip_byte(r: random.Random, data: bytes) -> tuple[bytes, str]:
    n = r.randrange(len(data))
    return data[:n] + bytes([data[n] ^ (1 << r.randrange(8))]) + data[n + 1 :], f"flip a bit of byte {n}"


BYTE_MUTATIONS = [random_bytes, flip_byte]


@dataclass
class Case:
    index: int
    target: str  # "spec" or "evidence"
    recipe: list[str]
    spec: bytes
    evidence: bytes


def make_case(index: int) -> Case:
    r = random.Random(f"{SEED}:{index}")
    spec_text, evidence_text = r.choice(PAIRS)
    target = r.choice(["spec", "evidence", "evidence"])
    text = spec_text if target == "spec" else evidence_text
    recipe = []
    data: bytes | None = None
    for _ in range(r.choice([1, 1, 1, 2, 3])):
        try:
            if r.random() < 0.1:
                data, step = r.choice(BYTE_MUTATIONS)(r, data if data is not None else text.encode("utf-8", "surrogatepass"))
            elif data is None:
                text, step = r.choice(TEXT_MUTATIONS)(r, text)
            else:
                continue
        except (IndexError, ValueError):  # nothing left to mutate that way (an emptied file)
            continue
        recipe.append(step)
    mutated = data if data is not None else text.encode("utf-8", "surrogatepass")
    spec, evidence = (mutated, evidence_text.encode()) if target == "spec" else (spec_text.encode(), mutated)
    return Case(index, target, recipe, spec, evidence)


LOCATED = re.compile(r"^(?P<path>.+?):(?P<line>[0-9]+):(?P<col>[0-9]+): (?:error|warning): .+ \[[a-z-]+\]$")


def check_problems(case: Case, folder: Path, error: ProblemsError) -> None:
    files = {"spec": folder / "spec.yaml", "evidence": folder / "evidence.yaml"}
    assert error.problems, "ProblemsError without problems"
    for problem in error.problems:
        shown = str(problem)
        assert "\n" not in shown, f"a problem spans lines: {shown!r}"
        assert LOCATED.match(shown), shown
        path = Path(problem.path)
        assert path in files.values(), f"problem names {problem.path}, not one of the files"
        content = files["spec" if path == files["spec"] else "evidence"].read_bytes()
        # libyaml also counts NEL, LS and PS as line breaks
        breaks = (b"\n", b"\r", "\x85".encode(), "\u2028".encode(), "\u2029".encode())
        lines = sum(content.count(b) for b in breaks) + 2
        assert 1 <= problem.line <= lines and problem.col >= 1, shown


def check_result(result) -> None:
    for node in result.walk():
        if node.score is not None:
            assert Decimal(0) <= node.score <= node.weight, node
    if result.total is not None:
        assert Decimal(0) <= result.total
        assert result.status == Status.SCORED


def render(result, table: bool) -> None:
    """A scored case is also printed as the commands print it (JSON, explanations, the table)."""
    if table:  # rich's table is the slow part: drawn for every RENDER_TABLE_EVERY-th case
        Console(file=io.StringIO(), width=120, no_color=True).print(score_table(result))
    summary_line(result)
    dumps(result_to_dict(result))
    for node in result.walk():
        explanation_lines(node)


def run_case(case: Case, folder: Path) -> str:
    (folder / "spec.yaml").write_bytes(case.spec)
    (folder / "evidence.yaml").write_bytes(case.evidence)
    return run_case_files(case, folder)


def run_case_files(case: Case, folder: Path) -> str:
    start = time.process_time()
    try:
        result = score_file(folder / "evidence.yaml")
    except ProblemsError as error:
        outcome = "problems"
        check_problems(case, folder, error)
    except UsageError as error:
        outcome = "usage"
        assert str(error).startswith(folder.as_posix()), str(error)
    else:
        outcome = "scored"
        check_result(result)
        render(result, table=case.index % RENDER_TABLE_EVERY == 0)
    elapsed = time.process_time() - start
    assert elapsed < CPU_SECONDS_PER_FILE, f"took {elapsed:.2f}s of CPU"
    return outcome


def run_cli(case: Case, folder: Path, runner: CliRunner) -> None:
    run = runner.invoke(app, ["score", str(folder / "evidence.yaml")], catch_exceptions=False)
    assert run.exit_code in (0, 1, 2), run.exit_code
    assert "Traceback" not in run.stderr
    if run.exit_code == 1:
        lines = run.stderr.splitlines()
        assert lines[-1].endswith(("problem found", "problems found")), run.stderr
        for line in lines[:-1]:
            assert LOCATED.match(line), line
    elif run.exit_code == 2:
        assert run.stderr.startswith("error: "), run.stderr


def test_mutated_examples_never_crash(tmp_path):
    runner = CliRunner()
    outcomes: Counter[str] = Counter()
    failures = []
    for index in range(CASES):
        case = make_case(index)
        folder = tmp_path / f"c{index % 8}"
        folder.mkdir(exist_ok=True)
        try:
            outcomes[run_case(case, folder)] += 1
            if index % CLI_EVERY == 0:
                run_cli(case, folder, runner)
        except Exception as exc:  # noqa: BLE001 - every escape is a failure to report with its recipe
            recipe = "; ".join(case.recipe)
            failures.append(f"case {index} ({case.target}: {recipe[:300]}): {type(exc).__name__}: {str(exc)[:500]}")
            if len(failures) >= 20:
                break
    assert not failures, f"{len(failures)} failing mutations (seed {SEED}):\n" + "\n".join(failures)
    # The mutations must mostly break the files, yet some must still score.
    assert outcomes["problems"] > CASES // 2 and outcomes["scored"] > 0, outcomes


def test_the_all_kinds_pair_scores_every_kind(tmp_path):
    (tmp_path / "spec.yaml").write_text(ALL_KINDS_SPEC, encoding="utf-8")
    (tmp_path / "evidence.yaml").write_text(ALL_KINDS_EVIDENCE, encoding="utf-8")
    result = score_file(tmp_path / "evidence.yaml")
    scores = {n.code: n.score for n in result.leaves()}
    # T1 in [80, 90) → 4; T2 judged 4.5; T3 (2026000 − 1990000) ÷ 2026000 × 100 ÷ 2 = 0.888… → 0.89;
    # U1 (101.5 − 100) × 0.5 = 0.75 deducted → 4.25; U2 increased → 5; U3 not applicable.
    # V1 部分达成 [60%, 80%) of 5 = [3, 4): judged 3.5.
    assert scores == {"T1": 4, "T2": Decimal("4.5"), "T3": Decimal("0.89"), "U1": Decimal("4.25"), "U2": 5, "U3": None, "V1": Decimal("3.5")}
    # 22.14 of the applicable 30, rescaled to 35: 25.83, grade 良
    assert (result.total, result.grade) == (Decimal("25.83"), "良")
    assert {n.kind for n in result.leaves()} | {"grade", "ratio", "pass_fail", "deductions"} == set(RULES)


@pytest.mark.parametrize("mutation", TEXT_MUTATIONS, ids=lambda m: m.__name__)
def test_each_text_mutation_changes_the_file(mutation):
    r = random.Random(1)
    changed, recipe = mutation(r, EVIDENCE)
    assert changed != EVIDENCE or recipe.startswith("every"), recipe


# ---- structural mutations: any value, of any type, anywhere in the files ----------------------



class _Dumper(yaml.SafeDumper):
    """Writes Decimals back as YAML numbers with their exact digits."""


_Dumper.add_representer(Decimal, lambda d, v: d.represent_scalar("tag:yaml.org,2002:float", str(v)))

_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.sampled_from(["", "适应", "yes", "84.05%", "1,200", "budget_execution_rate", "pass_fail", "tiers", "A11", "B11"]),
)
_values = st.recursive(_scalars, lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.one_of(st.text(max_size=6), st.sampled_from(["kind", "weight", "facts", "level", "children", "code", "name", "rule", "lines", "budget"])), inner, max_size=3)), max_leaves=8)


def _paths(value: Any, here: tuple = ()) -> list[tuple]:
    found = [here]
    if isinstance(value, dict):
        for key, child in value.items():
            found += _paths(child, (*here, key))
    elif isinstance(value, list):
        for i, child in enumerate(value):
            found += _paths(child, (*here, i))
    return found


def _replace(value: Any, path: tuple, new: Any) -> Any:
    if not path:
        return new
    head, rest = path[0], path[1:]
    if isinstance(value, dict):
        return {k: (_replace(v, rest, new) if k == head else v) for k, v in value.items()}
    return [(_replace(v, rest, new) if i == head else v) for i, v in enumerate(value)]


_DATA = {
    name: (parse_yaml(spec, "spec.yaml").data, parse_yaml(evidence, "evidence.yaml").data)
    for name, (spec, evidence) in {"example": (SPEC, EVIDENCE), "all_kinds": (ALL_KINDS_SPEC, ALL_KINDS_EVIDENCE)}.items()
}


# A third of the profile's examples: each writes and scores two files (CI: ~330, ~15 s).
@settings(max_examples=max(100, settings.default.max_examples // 3))
@given(st.sampled_from(sorted(_DATA)), st.sampled_from(["spec", "evidence"]), st.data())
def test_any_value_anywhere_is_a_result_or_located_problems(tmp_path_factory, pair, target, data):
    spec, evidence = _DATA[pair]
    original = spec if target == "spec" else evidence
    path = data.draw(st.sampled_from(_paths(original)), label="path")
    mutated = _replace(original, path, data.draw(_values, label="value"))
    folder = tmp_path_factory.mktemp("s")
    files = {"spec": mutated if target == "spec" else spec, "evidence": mutated if target == "evidence" else evidence}
    for name, content in files.items():
        (folder / f"{name}.yaml").write_text(yaml.dump(content, Dumper=_Dumper, allow_unicode=True, sort_keys=False), encoding="utf-8")
    case = Case(0, target, [f"{path} ← value"], b"", b"")
    run_case_files(case, folder)
