"""The 自评表 benchmark: does ``jxpj review FOLDER`` cost little more than opening the workbooks?

    python benchmarks/forms.py                      # 1,000 forms, 5 interleaved repeats
    python benchmarks/forms.py --forms 200 --repeat 3

It writes N filled-in .xlsx 自评表 to a temporary folder: the corpus's workbook layouts
(tests/forms: clean, with planted slips, transcribed real ones), each copy with its own project,
unit and goals, written by the corpus's own writer. Then it measures, in the same run, the
commands alternating so that load on the machine hits them alike:

* the floor: openpyxl opening each workbook with ``read_only=True`` and reading every cell of
  every sheet (``iter_rows(values_only=True)``), nothing else, in one process and in 2;
* ``jxpj review FOLDER --format csv --jobs 1`` and ``--jobs 2``, end to end.

Each figure is the median of the repeats, wall clock and CPU (user + system of the process and
its workers); the ratios compare jxpj with the floor at the same number of processes (target
≤ 1.5×). Before timing, the CSV is checked: one row per form, none unreadable, and each form's
findings and notes exactly what the corpus's rules plant in it. Not part of the test suite:
timings belong in benchmarks/README.md, not in assertions.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import dataclasses
import io
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "forms"))
from descriptions import CLEAN  # noqa: E402
from descriptions_slips import SLIPS  # noqa: E402
from form_layout import layout  # noqa: E402
from form_model import Form  # noqa: E402
from form_rules import review  # noqa: E402
from form_writers import write_xlsx  # noqa: E402
from real_forms import REAL  # noqa: E402

TARGET = 1.5
FLOOR = """
import multiprocessing, os, sys
from concurrent.futures import ProcessPoolExecutor
import openpyxl

def read(paths):
    for path in paths:
        book = openpyxl.load_workbook(path, read_only=True)
        for sheet in book.worksheets:
            for _row in sheet.iter_rows(values_only=True):
                pass
        book.close()

folder, jobs = sys.argv[1], int(sys.argv[2])
paths = sorted(os.path.join(folder, name) for name in os.listdir(folder) if name.endswith(".xlsx"))
if jobs == 1:
    read(paths)
else:  # chunked as jxpj chunks a folder for its workers
    size = max(1, min(16, len(paths) // (jobs * 8)))
    chunks = [paths[i : i + size] for i in range(0, len(paths), size)]
    with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork")) as pool:
        list(pool.map(read, chunks))
"""
PLACES = ("东城区", "西城区", "南湖县", "北山县", "青溪镇", "白云乡", "临江市", "长宁县", "平安县", "永和镇")
WORKS = ("维修", "运营", "补助", "建设", "服务", "管护", "采购", "培训")


def templates() -> list[Form]:
    return [form for form in (*CLEAN, *SLIPS, *REAL) if form.fmt == "xlsx"]


def variant(form: Form, i: int) -> Form:
    """The form filled in by another unit for another project: same layout, numbers and slips."""
    place, work = PLACES[i % len(PLACES)], WORKS[(i // len(PLACES)) % len(WORKS)]
    planned, actual = form.goal
    return dataclasses.replace(
        form,
        name=f"{i:05d}_{form.name}",
        project=f"{place}{form.project}{work}项目（第{i + 1}号）",
        unit=f"{place}{form.unit or '项目实施单位'}",
        goal=(f"{planned}（{place}第{i + 1}号）", f"{actual}（{place}）"),
    )


def generate(folder: Path, count: int) -> dict[str, int]:
    """Write ``count`` forms; each file's name → the number of findings the corpus's rules plant."""
    folder.mkdir(parents=True)
    forms = templates()
    planted = {form.name: len(review(form).findings) for form in forms}
    expected: dict[str, int] = {}
    for i in range(count):
        base = forms[i % len(forms)]
        form = variant(base, i)
        path = folder / f"{form.name}.xlsx"
        path.write_bytes(write_xlsx(form, layout(form)))
        expected[path.as_posix()] = planted[base.name]
    return expected


@dataclasses.dataclass
class Run:
    wall: float  # seconds
    cpu: float  # user + system seconds of the process and the workers it waited for
    out: bytes = b""


def run(argv: list[str], env: dict[str, str], *, keep: bool = False) -> Run:
    start = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE if keep else subprocess.DEVNULL, stderr=subprocess.PIPE)
    out = proc.stdout.read() if keep and proc.stdout else b""
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode() if proc.stderr else ""
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):  # 1: jxpj found slips, which the corpus plants
        raise SystemExit(f"{' '.join(argv)} exited {code}:\n{err}")
    return Run(wall, usage.ru_utime + usage.ru_stime, out)


def check(out: bytes, expected: dict[str, int]) -> None:
    rows = list(csv.DictReader(io.StringIO(out.decode("utf-8"))))
    if len(rows) != len(expected):
        raise SystemExit(f"jxpj reviewed {len(rows)} forms of {len(expected)}")
    for row in rows:
        if row["error"]:
            raise SystemExit(f"{row['path']}: not reviewed: {row['error']}")
        if int(row["findings"]) + int(row["notes"]) != expected[row["path"]]:  # the corpus plants notes too
            raise SystemExit(f"{row['path']}: {row['findings']} findings and {row['notes']} notes, the corpus plants {expected[row['path']]}")


def machine() -> str:
    model = platform.processor() or platform.machine()
    with contextlib.suppress(OSError, StopIteration):
        model = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name"))
    return f"{model}, {len(os.sched_getaffinity(0))} cores, Python {platform.python_version()}, {platform.system()} {platform.release()}"


def main() -> None:
    parser = argparse.ArgumentParser(description="jxpj review FOLDER benchmark")
    parser.add_argument("--forms", type=int, default=1_000)
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of each command (medians)")
    parser.add_argument("--jobs", type=int, default=2, help="the parallel figure's processes")
    parser.add_argument("--compare", type=Path, help="also time the jxpj whose src/ folder this is (e.g. an older commit's, from git archive)")
    args = parser.parse_args()
    py = sys.executable
    with tempfile.TemporaryDirectory(prefix="jxpj-forms-") as tmp:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env.update(PYTHONPATH=str(ROOT / "src"), PYTHONPYCACHEPREFIX=str(Path(tmp) / "pycache"))
        folder = Path(tmp) / "forms"
        started = time.perf_counter()
        expected = generate(folder, args.forms)
        print(f"machine: {machine()}")
        print(f"date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        print(f"generated {args.forms:,} forms ({len(templates())} layouts) in {time.perf_counter() - started:.1f} s")
        commands = {}
        for jobs in (1, args.jobs):
            commands[f"floor, {jobs} process{'es' if jobs > 1 else ''}"] = [py, "-c", FLOOR, str(folder), str(jobs)]
            commands[f"jxpj --jobs {jobs}"] = [py, "-m", "jxpj", "review", str(folder), "--format", "csv", "--jobs", str(jobs)]
            if args.compare is not None:
                commands[f"compared --jobs {jobs}"] = commands[f"jxpj --jobs {jobs}"]
        envs = {name: env | {"PYTHONPATH": str(args.compare.resolve())} if name.startswith("compared") else env for name in commands}
        for name, argv in commands.items():  # untimed: compiles bytecode, warms the page cache, checks the rows
            done = run(argv, envs[name], keep=not name.startswith("floor"))
            if not name.startswith("floor"):
                check(done.out, expected)
        runs: dict[str, list[Run]] = {name: [] for name in commands}
        for _ in range(args.repeat):
            for name, argv in commands.items():  # interleaved, so load hits every command alike
                runs[name].append(run(argv, envs[name]))
        wall = {name: statistics.median(r.wall for r in got) for name, got in runs.items()}
        cpu = {name: statistics.median(r.cpu for r in got) for name, got in runs.items()}
        for name in commands:
            print(f"{name:<20} wall {wall[name]:6.2f} s (runs {', '.join(f'{r.wall:.2f}' for r in runs[name])})  CPU {cpu[name]:6.2f} s")
        for jobs in (1, args.jobs):
            floor, ours = f"floor, {jobs} process{'es' if jobs > 1 else ''}", f"jxpj --jobs {jobs}"
            ratio = wall[ours] / wall[floor]
            verdict = "meets" if ratio <= TARGET else "MISSES"
            print(f"ratio at {jobs} process{'es' if jobs > 1 else ''}: wall {ratio:.2f}× (target ≤ {TARGET}×: {verdict}), CPU {cpu[ours] / cpu[floor]:.2f}×; "
                  f"per form {wall[ours] / args.forms * 1000:.1f} ms vs {wall[floor] / args.forms * 1000:.1f} ms")
            if args.compare is not None:
                other = f"compared --jobs {jobs}"
                print(f"    compared: wall {wall[other] / wall[floor]:.2f}×, CPU {cpu[other] / cpu[floor]:.2f}× the floor")
        print(f"load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
