"""The working of a score in Chinese, as an evaluator writes it in a report, a 复核意见, a 自评表 or a
workbook: ``(95% − 84.05%) × 2% × 4 = 0.876，扣0.88分，得3.12分``; ``100 ≥ 100，达到目标，得满分10分``.

The rules write their steps for the terminal (``→ full marks 10``, ``evaluator's judgment``). This
module reads those steps, whose shapes the rules fix (see each rule's ``score``), and says the same
in Chinese; the arithmetic (``expr.shown``) is already the evaluator's notation and is kept as it is.
:func:`prose` is the report's sentence: arithmetic only where the rule is arithmetic, a deduction
with its reasons and points, a judgment with its justification.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from jxpj.explain import Explanation, Step, show_value
from jxpj.numbers import fmt_num

# Rule kinds whose score is plain arithmetic on the facts: their working is shown as a calculation.
ARITHMETIC = frozenset({"threshold_deduction", "ratio", "target", "formula", "tiers", "checklist"})
DEDUCTION = frozenset({"deductions"})
JUDGMENT = frozenset({"judgment", "banded_judgment"})

_FULL = re.compile(r"^→ full marks (\S+)$")
_POINTS = re.compile(r"^→ (\S+) points(?: \((.*)\))?$")
_JUDGED = re.compile(r"^→ (\S+) of (\S+): (.*)$", re.DOTALL)
_FINDING = re.compile(r"^−(\S+?)(?: × (\d+))?: (.*)$", re.DOTALL)
_CHANGE = re.compile(r"^(.+) ([<>]) (.+) \((increased|decreased)\)$")
_NO_CHANGE = re.compile(r"^(.+) vs (.+) \(not (increased|decreased)\)$")
_ELEMENTS = re.compile(r"^(\d+) of (\d+) elements met(?: \((.*)\))?:?$")
_IN_BAND = re.compile(r"^(.+) in ([\[(].*, .*[\])])$")
_BANDED = re.compile(r"^(.+) ([\[(].*, .*[\])]) of (\S+) = ([\[(].*, .*[\])])$")
_CAPPED = re.compile(r"^(\S+) capped at the weight (\S+)$")
_CAP = re.compile(r"^capped at the weight (\S+)$")
_ROUNDED = re.compile(r"^(\S+) rounded to (\d+) decimals?$")
_FUNCTIONS = {"min(": "取较小值(", "max(": "取较大值(", "abs(": "绝对值("}
_WORDS = {"increased": "上升", "decreased": "下降"}


@dataclass(frozen=True, slots=True)
class Working:
    """A score's working in Chinese: its parts in order, the last one the score (``得3.12分``)."""

    parts: tuple[str, ...]
    outcome: str

    def __str__(self) -> str:
        return "，".join((*self.parts, self.outcome)).replace("；，", "；")


def chinese(explanation: Explanation | None, kind: str | None = None) -> str | None:
    """The whole working in Chinese, for the 计算过程 of a workbook, a 自评表 or a 复核意见."""
    working = translate(explanation, kind)
    return str(working) if working is not None else None


def translate(explanation: Explanation | None, kind: str | None = None) -> Working | None:
    if explanation is None or not explanation.steps:
        return None
    parts: list[str] = []
    outcome = ""
    after_deduction = False
    for step in explanation.steps:
        said, outcome_here, deducting = _step(step, kind, after_deduction)
        if outcome and (said or outcome_here):  # an earlier step's result is a count, not the score
            if not (said and said[0].startswith(("超过满分", "低于0分"))):  # a cap says its own result
                parts.append(f"计为{outcome.removeprefix('得满分').removeprefix('得').removesuffix('分')}")
            outcome = ""
        parts.extend(said)
        if outcome_here:
            outcome = outcome_here
        after_deduction = after_deduction or deducting
    if not outcome and parts:  # a statement with no score of its own (cannot happen for a leaf)
        outcome = parts.pop()
    return Working(tuple(parts), outcome)


def _step(step: Step, kind: str | None, after_deduction: bool) -> tuple[list[str], str, bool]:
    """What one step says: its parts, the score it ends on (if any), whether it deducts."""
    prefix, label = step.prefix.strip(), step.label.strip()
    arithmetic = _arithmetic(step)
    if prefix == "evaluator's judgment":
        found = _JUDGED.match(label)
        if found:
            score, _weight, why = found.groups()
            return [f"评价组综合判断：{_clause(why)}"], f"得{score}分", False
    if label == "deducted" and arithmetic:
        if kind in DEDUCTION:
            return [f"共扣{_rounded(step)}分"], "", True
        return [arithmetic, f"扣{_rounded(step)}分"], "", True
    if label == "(floor 0)":
        return ["扣完为止"], "得0分", False
    found = _FINDING.match(prefix)
    if found and not label:
        points, times, reason = found.groups()
        if times:
            return [f"{_clause(reason)}，每次扣{points}分，共{times}次；"], "", True
        return [f"{_clause(reason)}，扣{points}分；"], "", True
    capped = _CAP.match(prefix)
    if capped and not label:  # a formula's result above the weight
        return [f"超过满分，按满分{capped.group(1)}分计"], f"得{capped.group(1)}分", False
    if prefix == "floor 0" and not label:
        return ["低于0分，按0分计"], "得0分", False
    lead = [_lead(prefix, kind, full=bool(_FULL.match(label)))] if prefix else []
    if arithmetic and not label:
        if after_deduction:  # 4 − 0.88 = 3.12 after the deduction: the score is what it leaves
            return lead, f"得{show_value(step.value or Decimal(0))}分", False
        return [*lead, arithmetic], f"得{_rounded(step)}分", False
    if arithmetic:  # a calculation with a label the rules do not use: keep the calculation
        return [*lead, arithmetic], "", False
    full = _FULL.match(label)
    if full:
        return lead, f"得满分{full.group(1)}分", False
    pts = _POINTS.match(label)
    if pts:
        return lead + _point_notes(pts.group(2)), f"得{pts.group(1)}分", False
    if label == "target not met":
        return [*lead, "未达到目标"], "", False
    if label in ("target not met → 0", "→ 0"):
        return [*lead, "未达到目标"] if label != "→ 0" else lead, "得0分", False
    return lead, "", False


def _lead(prefix: str, kind: str | None, *, full: bool) -> str:
    """The statement before a score: a comparison, a level, a band, the elements met."""
    text = prefix.removesuffix(":").removesuffix("→").strip()
    if text == "yes":
        return "符合要求"
    if text == "no":
        return "不符合要求"
    if text == "no findings":
        return "未发现扣分事项"
    if text == "not-applicable indicators excluded":
        return "剔除不适用指标，按适用指标得分折算"
    found = _LATE.match(text)
    if found:
        done, due, span, counted = found.groups()
        return f"{done}完成，晚于{due}，逾期{_span(span)}{_counted(counted)}"
    found = _CHANGE.match(text)
    if found:
        a, sign, b, word = found.groups()
        return f"{a} {sign} {b}，较上期{_WORDS[word]}"
    found = _NO_CHANGE.match(text)
    if found:
        a, b, word = found.groups()
        return f"{a}与{b}相比未{_WORDS[word]}"
    found = _ELEMENTS.match(text)
    if found:
        k, n, names = found.groups()
        return f"{n}项要素中满足{k}项" + (f"（{names}）" if names else "")
    found = _BANDED.match(text)
    if found:
        band, shares, _weight, span = found.groups()
        return f"评价为“{band}”档（权重的{_band(shares)}，即{_band(span, '分')}）"
    found = _IN_BAND.match(text)
    if found:
        value, band = found.groups()
        return f"{value}处于{_band(band)}区间"
    if kind == "grade":
        return f"评价为“{text}”"
    if full and any(sign in text for sign in ("≥", "≤", " = ", " > ", " < ")):
        return f"{text}，达到目标"
    return text


_LATE = re.compile(r"^(.+) > (.+): (.+?) late(?:: (.+))?$")
_UNITS = re.compile(r"(\d+) (day|month|whole month)s?")
_UNIT_WORDS = {"day": "天", "month": "个月", "whole month": "个整月"}


def _span(text: str) -> str:
    """``1 month and 5 days`` → ``1个月5天``."""
    return _UNITS.sub(lambda m: f"{m.group(1)}{_UNIT_WORDS[m.group(2)]}", text).replace(" and ", "")


def _counted(text: str | None) -> str:
    """What a late span counts as: ``2 whole months counted`` / ``counted as 2 months (a started month counts)``."""
    if not text:
        return ""
    if text.startswith("counted as "):
        amount = _span(text.removeprefix("counted as ").split(" (")[0])
        return f"，按{amount}计（不足一月按一月计）"
    return f"，计{_span(text.removesuffix(' counted'))}"


def _band(shown: str, unit: str = "") -> str:
    """``[60%, 80%)`` → ``60%（含）至80%``; open ends → ``60%以下`` / ``90%（含）以上``."""
    low_mark, inner, high_mark = shown[0], shown[1:-1], shown[-1]
    low, high = (s.strip() for s in inner.split(", ", 1))
    low_text = f"{low}{unit}{'（含）' if low_mark == '[' else ''}"
    high_text = f"{high}{unit}{'（含）' if high_mark == ']' else ''}"
    if low == "-∞":
        return f"{high_text}以下" if high_mark == ")" else f"{high_text}及以下"
    if high == "+∞":
        return f"{low_text}以上"
    return f"{low_text}至{high_text}"


def _point_notes(notes: str | None) -> list[str]:
    out = []
    for note in (notes or "").split("; "):
        capped, rounded = _CAPPED.match(note), _ROUNDED.match(note)
        if capped:
            out.append(f"{capped.group(1)}分超过权重，按{capped.group(2)}分计")
        elif rounded:
            out.append(f"{rounded.group(1)}分按{rounded.group(2)}位小数取舍")
    return out


def _arithmetic(step: Step) -> str:
    if step.expr is None or step.value is None:
        return ""
    shown = step.expr.shown
    for name, word in _FUNCTIONS.items():
        shown = shown.replace(name, word)
    note = f"（{step.note}）" if getattr(step, "note", "") else ""  # the rule's own remark, in Chinese
    return f"{shown} = {show_value(step.value)}{note}"


def _rounded(step: Step) -> str:
    value = step.rounded if step.rounded is not None else step.value
    return fmt_num(value) if value is not None else ""


def _clause(text: str) -> str:
    """Evaluator text inside a sentence: without its own closing full stop."""
    return text.strip().rstrip("。；;.")


def prose(explanation: Explanation | None, kind: str | None, *, weight: Decimal, score: Decimal) -> str | None:
    """The report's sentence for a deducted indicator, before 根据评分标准，该指标满分……:

    arithmetic rules give their calculation (``计算过程：(95% − 84.05%) × 2% × 4 = 0.876，扣0.88分。``);
    deductions their reasons and points (``……，故扣除1分。``); judgments their justification;
    anything else what was found and what it cost (``评价为“一般”，扣0.5分。``).
    """
    working = translate(explanation, kind)
    if working is None:
        return None
    lost = fmt_num(weight - score)
    if kind in DEDUCTION:
        reasons = [p.removesuffix("；") for p in working.parts if p.endswith("；")]
        if len(reasons) == 1:
            reason = reasons[0].rsplit("，扣", 1)[0]
            return f"{reason}，故扣除{lost}分。"
        return f"{'；'.join(reasons)}，共扣除{lost}分。"
    if kind in JUDGMENT:
        return "，".join(working.parts) + "。"
    if kind in ARITHMETIC and any(" = " in p for p in working.parts):
        return f"计算过程：{'，'.join(working.parts)}。"
    lead = "，".join(p for p in working.parts if " = " not in p)  # a level's share is no calculation
    cost = "不得分" if score == 0 else f"扣{lost}分"
    return f"{lead}，{cost}。" if lead else f"{cost}。"
