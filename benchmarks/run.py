"""The benchmark: is jxpj limited only by what its libraries and its files cost?

    python benchmarks/run.py            # N = 1,000 and 10,000; specs of 100 … 20,000 indicators
    python benchmarks/run.py --quick    # smaller N and fewer repeats: about a minute

Every figure is a whole process, measured against a floor measured in the same run, the two
interleaved (floor, jxpj, floor, jxpj, …) so that load on the machine hits both alike; each is
the median of the repeats, wall clock and CPU time (user + system, the process and its workers):

* single: ``jxpj score`` of the 2018 example (table and ``--format json``), ``jxpj --help`` and
  ``jxpj check`` against ``python -c "import typer, yaml; from pydantic import BaseModel; import
  rich.table"``: what any typer + pydantic + rich command pays before it does anything;
* batch, at each N: ``jxpj score DIR --format csv --jobs 1`` against one process parsing the same
  files with PyYAML's ``CSafeLoader``, and ``--jobs J`` against J such processes (equal
  parallelism); CPU time beside wall time; the peak memory at every N;
* scaling: ``jxpj score`` of one project whose spec has 100 … 20,000 indicators (composed with
  ``extends:``, facts named in every note) against parsing its three files, to show it linear.

Every command runs from this checkout with its bytecode compiled once beforehand, as an
installed package has it (an untimed first run of each command also warms the page cache).
Not part of the test suite: timings belong in benchmarks/README.md, not in assertions.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import EXAMPLE, ROOT, generate, generate_large

# The files under a folder parsed by JOBS processes (forked, each a stride of the sorted list).
FLOOR_PARSE = """
import os, sys, yaml
folder, jobs = sys.argv[1], int(sys.argv[2])
paths = []
for top, dirs, files in os.walk(folder):
    dirs.sort()
    paths += [os.path.join(top, n) for n in sorted(files) if n.endswith((".yaml", ".yml"))]
def parse(share):
    for path in share:
        with open(path, "rb") as f:
            yaml.load(f.read(), Loader=yaml.CSafeLoader)
children = []
for i in range(1, jobs):
    pid = os.fork()
    if pid == 0:
        parse(paths[i::jobs])
        os._exit(0)
    children.append(pid)
parse(paths[0::jobs])
for pid in children:
    os.waitpid(pid, 0)
"""
FLOOR_IMPORT = "import typer, yaml; from pydantic import BaseModel; import rich.table"
# The least a typer + pydantic + PyYAML command does with a file: one small model validated from
# it, printed as JSON (or a rich table); --help. What jxpj cannot go below with these libraries.
MINIMAL_APP = """
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
import yaml
from pydantic import BaseModel, ConfigDict

app = typer.Typer(add_completion=False, pretty_exceptions_enable=False)


class Lazy(BaseModel):
    # validators built on first use, as jxpj's are: --help builds none
    model_config = ConfigDict(defer_build=True)


class Project(Lazy):
    name: str
    year: int | None = None


class Entry(Lazy):
    value: str | None = None
    note: str | None = None
    facts: dict[str, object] | None = None


class Evidence(Lazy):
    spec: str
    project: Project
    indicators: dict[str, Entry] = {}


class Format(str, Enum):
    table = "table"
    json = "json"


@app.command()
def score(evidence: Annotated[Path, typer.Argument()], format: Annotated[Format, typer.Option("--format")] = Format.table) -> None:
    \"\"\"Read one evidence file.\"\"\"
    data = yaml.load(evidence.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    parsed = Evidence.model_validate({k: data[k] for k in ("spec", "project", "indicators")})
    if format == Format.json:
        print(parsed.model_dump_json(indent=2))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=parsed.project.name)
    for header in ("code", "value", "note"):
        table.add_column(header)
    for code, entry in parsed.indicators.items():
        table.add_row(code, entry.value or "", (entry.note or "")[:20])
    Console(width=120).print(table)


@app.command()
def check(evidence: Path) -> None:
    \"\"\"Nothing.\"\"\"


if __name__ == "__main__":
    app()
"""
# The least any typer command with rich help pays for --help: two commands, one str argument
# each, no models (typer's help imports rich's Markdown and syntax support whatever the app).
BARE_TYPER = """
import typer

app = typer.Typer(add_completion=False, pretty_exceptions_enable=False)


@app.command()
def score(evidence: str) -> None:
    \"\"\"Score one evidence file.\"\"\"


@app.command()
def check(path: str) -> None:
    \"\"\"Check a spec.\"\"\"


if __name__ == "__main__":
    app()
"""
OLD_FLOOR_IMPORT = "import typer, pydantic, rich, yaml"  # the floor of earlier runs, for comparison
TARGETS = {"table": 1.6, "json": 1.3, "help": 1.1, "batch": 1.3, "memory": 1.3}
SCALING_TARGET = 1.0  # seconds, end to end, at 5,000 indicators


@dataclass
class Run:
    wall: float  # seconds
    cpu: float  # user + system seconds, the process and the children it waited for
    rss: int  # peak resident set of the largest process, KiB


@dataclass
class Median:
    wall: float
    cpu: float
    rss: int  # the largest of the runs
    runs: int


def run(argv: list[str], env: dict[str, str], ok: tuple[int, ...] = (0,)) -> Run:
    with open(os.devnull, "wb") as devnull:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, env=env, stdout=devnull, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    stderr = proc.stderr.read().decode() if proc.stderr else ""
    code = os.waitstatus_to_exitcode(status)
    if code not in ok:
        raise SystemExit(f"{' '.join(argv)} exited {code}:\n{stderr}")
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss)


def measure(commands: dict[str, list[str]], env: dict[str, str], repeat: int, *, warm: bool = True) -> dict[str, Median]:
    """Each command ``repeat`` times, interleaved; the medians."""
    if warm:
        for argv in commands.values():  # untimed: compiles bytecode, warms the page cache
            run(argv, env)
    runs: dict[str, list[Run]] = {name: [] for name in commands}
    for _ in range(repeat):
        for name, argv in commands.items():
            runs[name].append(run(argv, env))
    return {
        name: Median(statistics.median(r.wall for r in rs), statistics.median(r.cpu for r in rs), max(r.rss for r in rs), len(rs))
        for name, rs in runs.items()
    }


def machine() -> str:
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{model}, {cores()} cores, Python {platform.python_version()}, {platform.system()} {platform.release()}"


def cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def load() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:  # pragma: no cover - not on every OS
        return "n/a"


def verdict(ratio: float, target: float) -> str:
    return "meets" if ratio <= target else "MISSES"


class Report:
    """Lines printed as they come, and the Markdown table for benchmarks/README.md at the end."""

    def __init__(self) -> None:
        self.rows: list[str] = []

    def add(self, figure: str, jxpj: str, floor: str, ratio: float, target: float | None, note: str = "", cpu: float | None = None) -> None:
        """One figure; ``ratio`` is what the target applies to, ``cpu`` the CPU ratio beside it."""
        aim = f"≤ {target}×: {verdict(ratio, target)}" if target is not None else "(shown)"
        both = f"{ratio:.2f}×" + (f" (CPU {cpu:.2f}×)" if cpu is not None else "")
        print(f"{figure:<36} jxpj {jxpj:<26} floor {floor:<26} {both:<18} {aim}{'  ' + note if note else ''}")
        self.rows.append(f"| {figure} | {jxpj} | {floor} | {both} | {aim.replace('MISSES', '**misses**')}{'; ' + note if note else ''} |")

    def markdown(self) -> str:
        head = "| figure | jxpj | floor | ratio | target |\n|---|---|---|---|---|"
        return "\n".join([head, *self.rows])


def ms(m: Median) -> str:
    return f"{m.wall * 1000:.0f} ms (CPU {m.cpu * 1000:.0f})"


def secs(m: Median) -> str:
    return f"{m.wall:.2f} s (CPU {m.cpu:.2f})"


def single(report: Report, py: str, env: dict[str, str], repeat: int) -> None:
    jxpj = [py, "-m", "jxpj"]
    example = str(EXAMPLE / "evidence.yaml")
    minimal = Path(env["PYTHONPYCACHEPREFIX"]).parent / "minimal_app.py"
    minimal.write_text(MINIMAL_APP, encoding="utf-8")
    bare = minimal.with_name("bare_typer.py")
    bare.write_text(BARE_TYPER, encoding="utf-8")
    got = measure(
        {
            "floor": [py, "-c", FLOOR_IMPORT],
            "old floor": [py, "-c", OLD_FLOOR_IMPORT],
            "minimal table": [py, str(minimal), "score", example],
            "minimal json": [py, str(minimal), "score", example, "--format", "json"],
            "minimal help": [py, str(minimal), "--help"],
            "bare help": [py, str(bare), "--help"],
            "table": [*jxpj, "score", example],
            "json": [*jxpj, "score", example, "--format", "json"],
            "help": [*jxpj, "--help"],
            "check": [*jxpj, "check", str(EXAMPLE)],
        },
        env,
        repeat,
    )
    floor = got["floor"]
    print(f"single, median of {repeat}: floor {ms(floor)}; the earlier floor `{OLD_FLOOR_IMPORT}` {ms(got['old floor'])}")
    for name, figure in (("table", "score (table)"), ("json", "score --format json"), ("help", "--help"), ("check", "check (the example folder)")):
        report.add(figure, ms(got[name]), ms(floor), got[name].wall / floor.wall, TARGETS.get(name), cpu=got[name].cpu / floor.cpu)
    # the same floor, paid by the least typer + pydantic + PyYAML command (MINIMAL_APP)
    for name, figure in (("table", "minimal app: score (table)"), ("json", "minimal app: score --format json"), ("help", "minimal app: --help")):
        least = got[f"minimal {name}"]
        report.add(figure, ms(least), ms(floor), least.wall / floor.wall, None, cpu=least.cpu / floor.cpu, note=f"jxpj is {got[name].wall / least.wall:.2f}× this")
    bare_help = got["bare help"]
    note = f"jxpj is {got['help'].wall / bare_help.wall:.2f}× this"
    report.add("bare typer app (two commands, no models): --help", ms(bare_help), ms(floor), bare_help.wall / floor.wall, None, cpu=bare_help.cpu / floor.cpu, note=note)


def batch(report: Report, py: str, env: dict[str, str], folder: Path, size: int, jobs: int, repeat: int, warm: bool) -> dict[str, Median]:
    score = [py, "-m", "jxpj", "score", str(folder), "--format", "csv"]
    got = measure(
        {
            "floor 1": [py, "-c", FLOOR_PARSE, str(folder), "1"],
            "jxpj 1": [*score, "--jobs", "1"],
            f"floor {jobs}": [py, "-c", FLOOR_PARSE, str(folder), str(jobs)],
            f"jxpj {jobs}": [*score, "--jobs", str(jobs)],
        },
        env,
        repeat,
        warm=warm,
    )
    one, floor_one = got["jxpj 1"], got["floor 1"]
    many, floor_many = got[f"jxpj {jobs}"], got[f"floor {jobs}"]
    per_file = f"{one.cpu / size * 1000:.2f} ms/file"
    report.add(f"batch N={size:,} CPU, 1 process", f"{one.cpu:.2f} s ({per_file})", f"{floor_one.cpu:.2f} s ({floor_one.cpu / size * 1000:.2f} ms/file)", one.cpu / floor_one.cpu, TARGETS["batch"])
    report.add(f"batch N={size:,} wall, --jobs 1", secs(one), secs(floor_one), one.wall / floor_one.wall, None, cpu=one.cpu / floor_one.cpu)
    report.add(f"batch N={size:,} wall, --jobs {jobs}", secs(many), secs(floor_many), many.wall / floor_many.wall, TARGETS["batch"], cpu=many.cpu / floor_many.cpu)
    return got


def scaling(report: Report, py: str, env: dict[str, str], tmp: Path, sizes: list[int], repeat: int) -> None:
    previous: tuple[int, float] | None = None
    for size in sizes:
        folder = tmp / f"spec{size}"
        evidence = generate_large(folder, size)
        files = [str(folder / name) for name in ("base.yaml", "spec.yaml", "evidence.yaml")]
        floor_code = "import sys, yaml\nfor p in sys.argv[1:]:\n    yaml.load(open(p, 'rb').read(), Loader=yaml.CSafeLoader)"
        got = measure(
            {"floor": [py, "-c", floor_code, *files], "jxpj": [py, "-m", "jxpj", "score", str(evidence), "--format", "json"]},
            env,
            repeat,
        )
        one, floor = got["jxpj"], got["floor"]
        growth = ""
        if previous is not None:
            growth = f"{size / previous[0]:.0f}× the indicators: {one.wall / previous[1]:.1f}× the time"
        target = SCALING_TARGET if size == 5_000 else None
        aim = f"; {'under' if one.wall < SCALING_TARGET else 'OVER'} {SCALING_TARGET:.0f} s" if target else ""
        report.add(f"spec of {size:,} indicators", secs(one), secs(floor), one.wall / floor.wall, None, growth + aim, cpu=one.cpu / floor.cpu)
        previous = (size, one.wall)


def main() -> None:
    parser = argparse.ArgumentParser(description="jxpj benchmark: every figure against its floor, in one run")
    parser.add_argument("--quick", action="store_true", help="N = 200 and 2,000, specs up to 5,000 indicators, fewer repeats")
    parser.add_argument("--sizes", type=int, nargs="+", help="batch sizes (default 1,000 and 10,000)")
    parser.add_argument("--repeat", type=int, help="timed runs of each batch command (default 3)")
    parser.add_argument("--single-repeat", type=int, help="timed runs of each single command (default 15)")
    parser.add_argument("--jobs", type=int, default=cores(), help="processes for the parallel batch and its floor (default: the cores)")
    parser.add_argument("--scaling", type=int, nargs="*", help="spec sizes in indicators (default 100 1,000 5,000 20,000)")
    parser.add_argument("--skip", nargs="*", default=[], choices=["single", "batch", "scaling"], help="sections not to run")
    args = parser.parse_args()
    sizes = args.sizes or ([200, 2_000] if args.quick else [1_000, 10_000])
    repeat = args.repeat or (2 if args.quick else 3)
    single_repeat = args.single_repeat or (7 if args.quick else 15)
    spec_sizes = args.scaling if args.scaling is not None else ([100, 1_000, 5_000] if args.quick else [100, 1_000, 5_000, 20_000])

    py = sys.executable
    report = Report()
    with tempfile.TemporaryDirectory(prefix="jxpj-bench-") as name:
        tmp = Path(name)
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPATH")}
        env.update(PYTHONPATH=str(ROOT / "src"), PYTHONPYCACHEPREFIX=str(tmp / "pycache"), COLUMNS="120")
        command = " ".join(["python benchmarks/run.py", *sys.argv[1:]])
        print(f"command: {command}")
        print(f"machine: {machine()}")
        print(f"date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; load average at start: {load()}")
        if "single" not in args.skip:
            single(report, py, env, single_repeat)
        if "batch" not in args.skip:
            batches(report, py, env, tmp, sizes, args.jobs, repeat)
        if "scaling" not in args.skip:
            scaling(report, py, env, tmp, spec_sizes, min(repeat, 3))
        print(f"load average at end: {load()}")
        print("\n" + report.markdown())


def batches(report: Report, py: str, env: dict[str, str], tmp: Path, sizes: list[int], jobs: int, repeat: int) -> None:
    rss: dict[int, int] = {}
    cpu: dict[int, tuple[float, float]] = {}
    for i, size in enumerate(sizes):
        folder = tmp / f"n{size}"
        started = time.perf_counter()
        generate(folder, size)
        print(f"generated {size:,} evidence files in {time.perf_counter() - started:.1f} s")
        got = batch(report, py, env, folder, size, jobs, repeat, warm=i == 0)
        rss[size] = got[f"jxpj {jobs}"].rss
        cpu[size] = (got["jxpj 1"].cpu, got["floor 1"].cpu)
    if len(sizes) > 1:
        small, large = min(sizes), max(sizes)
        # CPU per file once start-up is taken out: the difference between the two sizes
        extra = large - small
        jxpj_file = (cpu[large][0] - cpu[small][0]) / extra * 1000
        floor_file = (cpu[large][1] - cpu[small][1]) / extra * 1000
        report.add(f"batch CPU per added file ({small:,} → {large:,})", f"{jxpj_file:.2f} ms", f"{floor_file:.2f} ms", jxpj_file / floor_file, None)
        report.add(f"batch memory, N={large:,} / N={small:,}", f"{rss[large] / 1024:.0f} MiB", f"{rss[small] / 1024:.0f} MiB", rss[large] / rss[small], TARGETS["memory"], "peak RSS of --jobs J")


if __name__ == "__main__":
    main()
