"""The portfolio benchmark: is jxpj limited only by the cost of reading the files?

    python benchmarks/run.py                    # N = 1,000 and 10,000; a few minutes
    python benchmarks/run.py --sizes 200 --repeat 1

For each N it writes N evidence files derived from the 2018 example (benchmarks/generate.py) to a
temporary folder, then measures, in the same run and alternating so that load on the machine
hits both alike:

* the floor: a Python process that parses the same files with PyYAML's C loader, nothing else;
* ``jxpj score DIR --format csv`` end to end (the automatic ``--jobs``);
* the peak memory (largest resident set of any process of the run) at every N;

and, once, ``jxpj score`` of the single example against ``python -c "import typer, pydantic,
rich, yaml"``. Each time is the best of the repeats (other load on the machine only ever adds
time; the medians are printed too), and its ratio to the floor is printed beside the target:
batch ≤ 1.5×, single ≤ 1.2×, memory at the largest N ≤ 1.5× the smallest.

Every command runs from this checkout with its bytecode compiled once beforehand, as an
installed package has it (the first, untimed, run of each command also warms the page cache).
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
from generate import EXAMPLE, ROOT, generate

FLOOR_PARSE = """
import os, sys, yaml
for top, dirs, files in os.walk(sys.argv[1]):
    dirs.sort()
    for name in sorted(files):
        if name.endswith((".yaml", ".yml")):
            with open(os.path.join(top, name), "rb") as f:
                yaml.load(f.read(), Loader=yaml.CSafeLoader)
"""
FLOOR_IMPORT = "import typer, pydantic, rich, yaml"
TARGETS = {"batch": 1.5, "single": 1.2, "memory": 1.5}


@dataclass
class Run:
    wall: float  # seconds
    cpu: float  # user + system seconds, the process and its workers
    rss: int  # peak resident set of the largest process, KiB
    median: float = 0.0  # of the walls, when this Run sums up repeats


def run(argv: list[str], env: dict[str, str]) -> Run:
    with open(os.devnull, "wb") as devnull:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, env=env, stdout=devnull, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    stderr = proc.stderr.read().decode() if proc.stderr else ""
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0,):
        raise SystemExit(f"{' '.join(argv)} exited {proc.returncode}:\n{stderr}")
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss)


def best(runs: list[Run]) -> Run:
    """The least disturbed run (as timeit reports: other load only ever adds time), with the
    median wall time kept for comparison; memory is the largest seen."""
    fastest = min(runs, key=lambda r: r.wall)
    return Run(fastest.wall, fastest.cpu, max(r.rss for r in runs), statistics.median(r.wall for r in runs))


def measure(commands: dict[str, list[str]], env: dict[str, str], repeat: int) -> dict[str, Run]:
    for argv in commands.values():  # untimed: compiles bytecode, warms the page cache
        run(argv, env)
    runs: dict[str, list[Run]] = {name: [] for name in commands}
    for _ in range(repeat):
        for name, argv in commands.items():  # alternating, so load hits every command alike
            runs[name].append(run(argv, env))
    return {name: best(r) for name, r in runs.items()}


def machine() -> str:
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return f"{model}, {cores} cores, Python {platform.python_version()}, {platform.system()} {platform.release()}"


def load() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:  # pragma: no cover - not on every OS
        return "n/a"


def verdict(ratio: float, target: float) -> str:
    return "meets" if ratio <= target else "MISSES"


def main() -> None:
    parser = argparse.ArgumentParser(description="jxpj portfolio benchmark")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000])
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of each command (best and median)")
    parser.add_argument("--single-repeat", type=int, default=15)
    args = parser.parse_args()

    py = sys.executable
    with tempfile.TemporaryDirectory(prefix="jxpj-bench-") as tmp:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env.update(PYTHONPATH=str(ROOT / "src"), PYTHONPYCACHEPREFIX=str(Path(tmp) / "pycache"), COLUMNS="120")
        print(f"machine: {machine()}")
        print(f"date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; load average at start: {load()}")
        lines: list[str] = []
        rss: dict[int, int] = {}
        for size in args.sizes:
            folder = Path(tmp) / f"n{size}"
            started = time.perf_counter()
            generate(folder, size)
            print(f"generated {size:,} evidence files in {time.perf_counter() - started:.1f} s")
            got = measure(
                {
                    "floor": [py, "-c", FLOOR_PARSE, str(folder)],
                    "jxpj": [py, "-m", "jxpj", "score", str(folder), "--format", "csv"],
                },
                env,
                args.repeat,
            )
            floor, jxpj = got["floor"], got["jxpj"]
            rss[size] = jxpj.rss
            ratio = jxpj.wall / floor.wall
            lines.append(
                f"batch N={size:<6,} jxpj {jxpj.wall:7.2f} s  floor {floor.wall:7.2f} s  ratio {ratio:4.2f}× "
                f"(target ≤ {TARGETS['batch']}×: {verdict(ratio, TARGETS['batch'])}); "
                f"medians {jxpj.median:.2f} s / {floor.median:.2f} s ({jxpj.median / floor.median:.2f}×); "
                f"CPU {jxpj.cpu:.2f} s vs {floor.cpu:.2f} s ({jxpj.cpu / floor.cpu:.2f}×); "
                f"peak RSS {jxpj.rss / 1024:.0f} MiB (floor {floor.rss / 1024:.0f} MiB)"
            )
            print(lines[-1])
        example = str(EXAMPLE / "evidence.yaml")
        got = measure(
            {"floor": [py, "-c", FLOOR_IMPORT], "jxpj": [py, "-m", "jxpj", "score", example]},
            env,
            args.single_repeat,
        )
        one, floor = got["jxpj"], got["floor"]
        ratio = one.wall / floor.wall
        lines.append(
            f"single      jxpj {one.wall * 1000:7.0f} ms floor {floor.wall * 1000:6.0f} ms  ratio {ratio:4.2f}× "
            f"(target ≤ {TARGETS['single']}×: {verdict(ratio, TARGETS['single'])}); "
            f"medians {one.median * 1000:.0f} ms / {floor.median * 1000:.0f} ms ({one.median / floor.median:.2f}×)"
        )
        print(lines[-1])
        if len(rss) > 1:
            small, large = min(rss), max(rss)
            ratio = rss[large] / rss[small]
            lines.append(
                f"memory      N={large:,}: {rss[large] / 1024:.0f} MiB, N={small:,}: {rss[small] / 1024:.0f} MiB, ratio {ratio:4.2f}× "
                f"(target ≤ {TARGETS['memory']}×: {verdict(ratio, TARGETS['memory'])})"
            )
            print(lines[-1])
        print(f"load average at end: {load()}")


if __name__ == "__main__":
    main()
