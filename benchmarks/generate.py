"""Write N evidence files derived from the 2018 example, each with its own facts.

Every file keeps the example's shape (30 indicators, six budget lines, its notes) and varies what
an evaluator would find: budget execution, grade levels, pass/fail checks, findings and their
points, checklist elements met, completion counts. A per-project quality draws totals across all
four grades. Deterministic for a given seed.

    python benchmarks/generate.py OUT_DIR N [--seed 2018]
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
        findings = [] if good else [dict(f, points=rng.choice((0.5, 1, 2))) for f in facts["findings"]]
        return {"findings": findings}
    if "target" in facts:
        return {"actual": facts["target"] if good else rng.randint(facts["target"] // 2, facts["target"]), "target": facts["target"]}
    if "baseline" in facts:
        return {"actual": int(facts["baseline"] * rng.uniform(0.9 if not good else 1.01, 1.2)), "baseline": facts["baseline"]}
    if "actual" in facts:
        return {"actual": 100 if good else rng.randint(60, 99)}
    return facts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("count", type=int)
    parser.add_argument("--seed", type=int, default=2018)
    args = parser.parse_args()
    generate(args.out, args.count, args.seed)


if __name__ == "__main__":
    main()
