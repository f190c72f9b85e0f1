"""Write N evidence files derived from the 2018 example, each with its own facts.

Every file keeps the example's shape (30 indicators, six budget lines, its notes) and varies what
an evaluator would find: budget execution, grade levels, pass/fail checks, findings and their
points, checklist elements met, completion counts. A per-project quality draws totals across all
four grades. Deterministic for a given seed.

``generate_large`` writes one project whose spec has N indicators, for the scaling row: a base
spec, a spec that ``extends:`` it (adds half the leaves, some placed ``before:`` or ``after:`` a
sibling, restates weights, removes a few), and evidence whose every note names a fact.

    python benchmarks/generate.py OUT_DIR N [--seed 2018]
    python benchmarks/generate.py OUT_DIR N --large      # one spec of N indicators
"""

from __future__ import annotations

import argparse
import copy
import random
import shutil
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "2018_dangjian"
UNITS = ("上海市党建服务中心", "浦东新区党建服务中心", "徐汇区党建服务中心", "静安区党建服务中心", "闵行区党建服务中心")


def generate(out: Path, count: int, seed: int = 2018) -> list[Path]:
    """``out/spec.yaml`` and ``out/projects/p00000.yaml`` …; returns the evidence paths."""
    (out / "projects").mkdir(parents=True, exist_ok=True)
    shutil.copy(EXAMPLE / "spec.yaml", out / "spec.yaml")
    base = yaml.load((EXAMPLE / "evidence.yaml").read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    rules = _rules_by_code()
    paths = []
    for i in range(count):
        rng = random.Random(seed * 1_000_003 + i)
        data = _vary(base, rules, rng, i)
        path = out / "projects" / f"p{i:05d}.yaml"
        path.write_text(yaml.dump(data, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False), encoding="utf-8")
        paths.append(path)
    return paths


def _rules_by_code() -> dict[str, dict[str, Any]]:
    # The composed spec: the example extends the bundled Shanghai base, whose rules it names.
    sys.path.insert(0, str(ROOT / "src"))
    from jxpj.load import load_spec

    spec = load_spec(EXAMPLE / "spec.yaml")
    return {leaf.code: spec.rule_of(leaf).model_dump(mode="python") for leaf in spec.leaves()}


def _vary(base: dict[str, Any], rules: dict[str, dict[str, Any]], rng: random.Random, i: int) -> dict[str, Any]:
    data = copy.deepcopy(base)
    quality = rng.uniform(0.45, 1.0)  # how well this project went; drives every draw below
    data["spec"] = "../spec.yaml"
    project = data["project"]
    project["name"] = f"{project['name']}（样本{i:05d}）"
    project["unit"] = rng.choice(UNITS)
    project["year"] = rng.choice((2018, 2019, 2020))
    for line in data["budget"]["lines"]:
        line["actual"] = round(line["budget"] * rng.uniform(0.3 + 0.6 * quality, 1.3), 2)
    for code, entry in data["indicators"].items():
        facts = entry.get("facts")
        if facts:
            entry["facts"] = _facts(facts, rules[code], quality, rng)
    return data


def _facts(facts: dict[str, Any], rule: dict[str, Any], quality: float, rng: random.Random) -> dict[str, Any]:
    good = rng.random() < quality
    if "level" in facts:
        levels = list(rule["levels"])  # best first, as the spec lists them
        return {"level": levels[0] if good else rng.choice(levels[1:])}
    if "passed" in facts:
        return {"passed": good}
    if "met" in facts:
        elements = [e["name"] for e in rule["elements"]]
        return {"met": [e for e in elements if rng.random() < quality]}
    if "findings" in facts:
        # Each project's findings are its own, as an evaluator writes them: what was sampled and
        # what was found differ from file to file, so no two projects share a finding's text.
        findings = [] if good else [dict(f, reason=_sampled(f["reason"], rng), points=rng.choice((0.5, 1, 2))) for f in facts["findings"]]
        return {"findings": findings}
    if "target" in facts:
        return {"actual": facts["target"] if good else rng.randint(facts["target"] // 2, facts["target"]), "target": facts["target"]}
    if "baseline" in facts:
        return {"actual": int(facts["baseline"] * rng.uniform(0.9 if not good else 1.01, 1.2)), "baseline": facts["baseline"]}
    if "actual" in facts:
        return {"actual": 100 if good else rng.randint(60, 99)}
    return facts


def _sampled(reason: str, rng: random.Random) -> str:
    checked = rng.randint(20, 200)
    return f"{reason}（抽查{checked}笔，其中{rng.randint(1, checked // 4)}笔存在此问题）"


GROUP = 10  # leaves under each second-level indicator


def generate_large(out: Path, count: int) -> Path:
    """``out/base.yaml``, ``out/spec.yaml`` (extends the base) and ``out/evidence.yaml`` for a
    spec of about ``count`` leaves (every leaf weighs 1, the total is their number); returns the
    evidence path. Half the leaves are the base's, half are added by the derived spec one entry
    each, as a hostile or generated file would; a tenth of the added ones are placed with
    ``after:`` and a tenth with ``before:``."""
    out.mkdir(parents=True, exist_ok=True)
    groups = max(2, count // GROUP)
    base_groups, added_groups = groups - groups // 2, groups // 2
    removed = {f"A{g:05d}" for g in range(1, base_groups, 50)}  # every 50th base group goes

    def leaf(code: str, name: str) -> dict[str, Any]:
        return {"code": code, "name": name, "weight": 1, "rule": "ratio"}

    base = {
        "title": f"规模测试基础指标体系（{count}项）",
        "rules": {"ratio": {"kind": "ratio", "target": 100}},
        "indicators": [
            {"code": "A", "name": "项目产出", "children": [
                {"code": f"A{g:05d}", "name": f"产出指标组{g}", "weight": GROUP,
                 "children": [leaf(f"A{g:05d}_{j:02d}", f"产出指标{g}-{j}") for j in range(GROUP)]}
                for g in range(base_groups)
            ]},
            {"code": "B", "name": "项目效果", "children": [
                {"code": "B00000", "name": "效果指标组", "weight": GROUP,
                 "children": [leaf(f"B00000_{j:02d}", f"效果指标{j}") for j in range(GROUP)]},
            ]},
        ],
    }
    entries: list[dict[str, Any]] = []
    for g in range(added_groups):
        parent = f"B{g + 1:05d}"
        entries.append({"code": parent, "parent": "B", "name": f"新增效果指标组{g}", "weight": GROUP})
        for j in range(GROUP):
            entry = {**leaf(f"{parent}_{j:02d}", f"新增效果指标{g}-{j}"), "parent": parent}
            if j == 5:
                entry["after"] = f"{parent}_00"  # lands second
            elif j == 7:
                entry["before"] = f"{parent}_00"  # lands first
            entries.append(entry)
    for g in range(0, base_groups, 7):  # restated: the base's name and standard replaced
        if f"A{g:05d}" not in removed:
            entries.append({"code": f"A{g:05d}_03", "name": f"产出指标{g}-3（修订）", "standard": "按完成比例计分，满分为止。"})
    leaves = GROUP * (base_groups - len(removed) + 1 + added_groups)
    spec = {
        "extends": "base.yaml",
        "title": f"规模测试指标体系（{leaves}项）",
        "total": leaves,
        "grades": [{"name": "优", "min": leaves * 9 // 10}, {"name": "良", "min": leaves * 8 // 10},
                   {"name": "中", "min": leaves * 6 // 10}, {"name": "差", "min": 0}],
        "remove": sorted(removed),
        "indicators": entries,
    }
    codes = [f"A{g:05d}" for g in range(base_groups) if f"A{g:05d}" not in removed] + [f"B{g:05d}" for g in range(added_groups + 1)]
    rng = random.Random(count)
    indicators: dict[str, Any] = {}
    for group in codes:
        for j in range(GROUP):
            code = f"{group}_{j:02d}"
            note = f"计划100项，完成{{{code}.actual}}项。"
            if j == 0:  # one note in ten also cites another indicator's fact, anywhere in the spec
                other = f"{rng.choice(codes)}_{rng.randrange(GROUP):02d}"
                note += f"对照{other}：{{{other}.actual}}项。"
            # a fact and a note each: 20,000 indicators stay under the reader's 200,000 values
            indicators[code] = {"facts": {"actual": rng.randint(60, 100)}, "note": note}
    evidence = {"spec": "spec.yaml", "project": {"name": f"规模测试项目（{leaves}项指标）", "year": 2024}, "indicators": indicators}
    for name, data in (("base.yaml", base), ("spec.yaml", spec), ("evidence.yaml", evidence)):
        text = yaml.dump(data, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False)
        (out / name).write_text(text, encoding="utf-8")
    return out / "evidence.yaml"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("count", type=int)
    parser.add_argument("--seed", type=int, default=2018)
    parser.add_argument("--large", action="store_true", help="one project whose spec has COUNT leaves")
    args = parser.parse_args()
    if args.large:
        generate_large(args.out, args.count)
    else:
        generate(args.out, args.count, args.seed)


if __name__ == "__main__":
    main()
