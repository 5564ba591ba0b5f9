"""Benchmark whole generator processes: ours against two peers, on the same OpenAPI input.

This is a benchmark, not a test. For every input it times, in fresh processes:

* ours: ``.venv/bin/python -m generator generate --spec SPEC --out TMP`` (run from the project);
* datamodel-code-generator: ``datamodel-codegen --input SPEC --input-file-type openapi
  --output TMP/models.py --output-model-type pydantic_v2.BaseModel``;
* fastapi-code-generator: ``fastapi-codegen --input SPEC --output TMP``.

Each peer lives in its own virtual environment under ``bench/.venvs/<tool>/``, made on first
use with ``python3 -m venv`` and ``pip install <tool>``; a failed install marks the tool
"unavailable (reason)" and the benchmark goes on without it.

How a run is measured: every run is started by a fresh ``python -c`` wrapper process. The
wrapper starts the tool in its own session, times it with ``time.perf_counter`` around
spawn-to-exit (so the wrapper's own start-up is not counted), kills the whole process group on
timeout, and reports ``getrusage(RUSAGE_CHILDREN).ru_maxrss``. Because the wrapper has no other
children, that number is the peak resident set size of the largest single process in the
tool's tree (the tool itself, or a helper it waited for, e.g. a formatter) -- not a sum.

Run ``python bench/generate.py --help`` for the options.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parent.parent
BENCH = PROJECT / "bench"
DEFAULT_SPEC = PROJECT / "spec" / "api-tokens.yaml"
DEFAULT_CORPUS = PROJECT.parent / "shared" / "corpus"
DEFAULT_VENVS = BENCH / ".venvs"
OURS = "ours"
DATAMODEL = "datamodel-code-generator"
FASTAPI = "fastapi-code-generator"
TOOLS = (OURS, DATAMODEL, FASTAPI)
PEER_EXECUTABLES = {DATAMODEL: "datamodel-codegen", FASTAPI: "fastapi-codegen"}
INSTALL_TIMEOUT = 900.0
WRAPPER_MARGIN = 30.0
STDERR_KEEP = 20
STATUS_WIDTH = 90

# Runs one command and prints one JSON line about it. Kept free of project imports so that it
# starts fast and its only child is the measured tool.
WRAPPER = r"""
import json, os, resource, signal, subprocess, sys, time
cmd, cwd, timeout = json.loads(sys.argv[1]), sys.argv[2], float(sys.argv[3])
start = time.perf_counter()
proc = subprocess.Popen(cmd, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                        stderr=subprocess.PIPE, start_new_session=True)
timed_out = False
try:
    out, err = proc.communicate(timeout=timeout)
except subprocess.TimeoutExpired:
    timed_out = True
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    out, err = proc.communicate()
elapsed = time.perf_counter() - start
if len(err) > 40000:
    err = err[:20000] + b"\n[...]\n" + err[-20000:]
peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"returncode": proc.returncode, "timed_out": timed_out, "seconds": elapsed,
                  "peak_kib": peak_kib, "stdout": out.decode("utf-8", "replace")[-4000:],
                  "stderr": err.decode("utf-8", "replace")}))
"""


@dataclass
class RunResult:
    ok: bool
    seconds: float
    peak_mib: float
    status: str
    stderr_excerpt: list[str] = field(default_factory=list)


@dataclass
class Row:
    input: str
    input_path: str
    tool: str
    version: str
    status: str
    runs: int
    median_seconds: float | None = None
    all_seconds: list[float] = field(default_factory=list)
    peak_mib: float | None = None
    ratio_vs_ours: float | None = None
    stderr_excerpt: list[str] = field(default_factory=list)


@dataclass
class Tool:
    name: str
    available: bool
    reason: str = ""
    version: str = "?"
    executable: Path | None = None


WARNING_LINE = re.compile(r"^\S+:\d+: \w*Warning: ")
TRACEBACK = re.compile(r"Traceback \(most recent call last\)")
BOX_CHARS = "\u2500\u2502\u256d\u256e\u2570\u256f"


def error_line(stderr: str, stdout: str) -> str:
    """One line that says what went wrong.

    Python warnings (``file:line: SomeWarning: ...`` and the source line printed under each)
    are skipped. If a traceback is present, the exception is taken: a plain traceback's last
    line, or the first line after a rich-drawn traceback box; otherwise the first remaining
    line of stderr (or of stdout).
    """
    raw = stderr.splitlines() or stdout.splitlines()
    lines: list[str] = []
    skip_next = False
    for line in raw:
        if WARNING_LINE.match(line):
            skip_next = True
            continue
        if skip_next and line.startswith(" "):
            skip_next = False
            continue
        skip_next = False
        if line.strip():
            lines.append(line.strip())
    if not lines:
        return "no output"
    if any(TRACEBACK.search(line) for line in lines):
        boxed = [i for i, line in enumerate(lines) if any(c in BOX_CHARS for c in line)]
        after = lines[boxed[-1] + 1 :] if boxed else []
        # rich's box ends with the exception, which can run on for a few lines
        return (after[0] if after else lines[-1])[:200]
    return lines[0][:200]


def find_largest(corpus: Path) -> Path | None:
    files = [p for p in corpus.rglob("*") if p.is_file() and p.suffix in {".json", ".yaml", ".yml"}]
    return max(files, key=lambda p: p.stat().st_size) if files else None


def venv_python(venv: Path) -> Path:
    return venv / "bin" / "python"


def package_version(python: Path, package: str) -> str:
    code = f"import importlib.metadata as m; print(m.version({package!r}))"
    try:
        done = subprocess.run(
            [str(python), "-c", code], capture_output=True, text=True, timeout=60, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"? ({exc})"
    return done.stdout.strip() if done.returncode == 0 else "?"


def ensure_peer(name: str, venvs: Path, base_python: str, *, install: bool) -> Tool:
    """Make ``venvs/<name>`` with the tool installed, once; say why not if it can't."""
    venv = venvs / name
    marker = venv / ".bench-installed"
    executable = venv / "bin" / PEER_EXECUTABLES[name]
    if not marker.exists():
        if not install:
            return Tool(name, False, "not installed and --no-install given")
        print(f"installing {name} into {venv} ...", file=sys.stderr, flush=True)
        if venv.exists():
            shutil.rmtree(venv)  # a half-made venv from an earlier, failed attempt
        steps = [
            [base_python, "-m", "venv", str(venv)],
            [str(venv_python(venv)), "-m", "pip", "install", "--quiet", "--upgrade", "pip"],
            [str(venv_python(venv)), "-m", "pip", "install", "--quiet", name],
        ]
        for step in steps:
            try:
                done = subprocess.run(
                    step, capture_output=True, text=True, timeout=INSTALL_TIMEOUT, check=False
                )
            except (OSError, subprocess.TimeoutExpired) as exc:
                return Tool(name, False, f"{' '.join(step[-3:])}: {exc}")
            if done.returncode != 0:
                errors = [ln for ln in done.stderr.splitlines() if ln.startswith("ERROR")]
                why = errors[0] if errors else error_line(done.stderr, done.stdout)
                return Tool(name, False, why[:200])
        marker.write_text("ok\n")
    if not executable.exists():
        return Tool(name, False, f"{executable.name} missing from {venv}")
    return Tool(name, True, version=package_version(venv_python(venv), name), executable=executable)


def ours_tool() -> Tool:
    python = PROJECT / ".venv" / "bin" / "python"
    if not python.exists():
        return Tool(OURS, False, f"{python} missing")
    version = package_version(python, "specforge")
    # pip compiles a package's bytecode when it installs it, so the peers never compile theirs
    # at run time; our editable checkout has none where PYTHONDONTWRITEBYTECODE is set (as on
    # this machine), so compile it the same way once, or every run would pay ~0.07 s for it.
    subprocess.run(
        [str(python), "-m", "compileall", "-q", str(PROJECT / "generator")],
        check=True,
        capture_output=True,
    )
    return Tool(OURS, True, version=version, executable=python)


def command(tool: Tool, spec: Path, out: Path) -> list[str]:
    assert tool.executable is not None
    exe = str(tool.executable)
    if tool.name == OURS:
        return [exe, "-m", "generator", "generate", "--spec", str(spec), "--out", str(out)]
    if tool.name == DATAMODEL:
        out.mkdir()
        return [
            exe,
            "--input",
            str(spec),
            "--input-file-type",
            "openapi",
            "--output",
            str(out / "models.py"),
            "--output-model-type",
            "pydantic_v2.BaseModel",
        ]
    return [exe, "--input", str(spec), "--output", str(out)]


def measure_once(tool: Tool, spec: Path, timeout: float) -> RunResult:
    with tempfile.TemporaryDirectory(prefix=f"bench-{tool.name}-") as tmp:
        out = Path(tmp) / "out"
        cmd = command(tool, spec, out)
        cwd = str(PROJECT) if tool.name == OURS else tmp
        wrapper = [sys.executable, "-c", WRAPPER, json.dumps(cmd), cwd, str(timeout)]
        try:
            done = subprocess.run(
                wrapper,
                capture_output=True,
                text=True,
                timeout=timeout + WRAPPER_MARGIN,
                check=False,
            )
        except subprocess.TimeoutExpired:
            return RunResult(False, timeout, 0.0, f"timeout (>{timeout:g} s, wrapper hung)")
        if done.returncode != 0:
            return RunResult(False, 0.0, 0.0, f"wrapper failed: {error_line(done.stderr, '')}")
        report: dict[str, Any] = json.loads(done.stdout)
        seconds = float(report["seconds"])
        peak_mib = float(report["peak_kib"]) / 1024
        stderr = str(report["stderr"])
        stdout = str(report["stdout"])
        all_lines = stderr.splitlines() or stdout.splitlines()
        head = all_lines[:STDERR_KEEP]
        if len(all_lines) > STDERR_KEEP:
            head += ["[...]", *all_lines[-STDERR_KEEP:]]
        if report["timed_out"]:
            return RunResult(False, seconds, peak_mib, f"timeout (>{timeout:g} s)", head)
        code = int(report["returncode"])
        if code != 0:
            why = error_line(stderr, stdout)
            return RunResult(False, seconds, peak_mib, f"failed (exit {code}): {why}", head)
        return RunResult(True, seconds, peak_mib, "ok", head)


@dataclass
class Plan:
    label: str
    spec: Path
    runs: int
    warmup: int
    timeout: float


def bench_input(tools: list[Tool], plan: Plan) -> list[Row]:
    """Every tool on one input, run in rounds (each tool once per round) so that the machine's
    drift over the measurement (this one's speed moves by a third within an hour) falls on all
    tools alike instead of on whichever ran last."""
    label, spec, runs, warmup, timeout = plan.label, plan.spec, plan.runs, plan.warmup, plan.timeout
    rows = {tool.name: Row(label, str(spec), tool.name, tool.version, "", runs) for tool in tools}
    results: dict[str, list[RunResult]] = {tool.name: [] for tool in tools}
    running = []
    for tool in tools:
        if tool.available:
            running.append(tool)
        else:
            rows[tool.name].status = f"unavailable ({tool.reason})"
    for i in range(warmup + runs):
        for tool in list(running):
            result = measure_once(tool, spec, timeout)
            print(
                f"  {label} {tool.name} run {i + 1}/{warmup + runs}"
                f"{' (warm-up)' if i < warmup else ''}: {result.status} {result.seconds:.2f} s",
                file=sys.stderr,
                flush=True,
            )
            if not result.ok:  # a failure or a timeout is not retried
                row = rows[tool.name]
                row.status = result.status
                row.stderr_excerpt = result.stderr_excerpt
                row.peak_mib = result.peak_mib or None
                running.remove(tool)
            elif i >= warmup:
                results[tool.name].append(result)
    for tool in running:
        row, done = rows[tool.name], results[tool.name]
        row.status = "ok"
        row.all_seconds = [r.seconds for r in done]
        row.median_seconds = statistics.median(row.all_seconds)
        row.peak_mib = max(r.peak_mib for r in done)
        row.stderr_excerpt = done[-1].stderr_excerpt
    return [rows[tool.name] for tool in tools]


def fill_ratios(rows: list[Row]) -> None:
    ours = {r.input: r.median_seconds for r in rows if r.tool == OURS}
    for row in rows:
        base = ours.get(row.input)
        if row.median_seconds is not None and base:
            row.ratio_vs_ours = row.median_seconds / base


def shorten(text: str) -> str:
    return text if len(text) <= STATUS_WIDTH else text[: STATUS_WIDTH - 3] + "..."


def table(rows: list[Row]) -> str:
    header = ["input", "tool", "status", "median s", "peak MiB", "peer/ours"]
    body = [
        [
            row.input,
            f"{row.tool} {row.version}" if row.version != "?" else row.tool,
            shorten(row.status),
            f"{row.median_seconds:.3f}" if row.median_seconds is not None else "-",
            f"{row.peak_mib:.0f}" if row.peak_mib is not None else "-",
            f"{row.ratio_vs_ours:.2f}" if row.ratio_vs_ours is not None else "-",
        ]
        for row in rows
    ]
    widths = [max(len(line[i]) for line in [header, *body]) for i in range(len(header))]

    def fmt(line: list[str]) -> str:
        return "  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)).rstrip()

    return "\n".join([fmt(header), "  ".join("-" * w for w in widths), *map(fmt, body)])


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="bench/generate.py",
        description=(
            "Time whole generator processes (ours, datamodel-code-generator, "
            "fastapi-code-generator) on the token spec and on the largest document of the "
            "shared corpus. Reports the median wall time, the peak RSS of the tool's largest "
            "process and peer_time / our_time (>1 means we are faster). Peers are installed on "
            "first use into their own venvs under bench/.venvs/<tool>/."
        ),
        epilog=(
            "Each run is started by a fresh `python -c` wrapper that times spawn-to-exit and "
            "reads getrusage(RUSAGE_CHILDREN).ru_maxrss, so peak RSS is per run and not mixed "
            "up with earlier runs. A failed or timed-out run ends that tool's measurement on "
            "that input (no retries)."
        ),
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    parser.add_argument("--spec", type=Path, default=DEFAULT_SPEC, help="the small input")
    parser.add_argument(
        "--large",
        type=Path,
        default=None,
        help=f"the large input (default: the largest .json/.yaml file under {DEFAULT_CORPUS}, "
        "found at run time and read in place)",
    )
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="where to look")
    parser.add_argument("--no-large", action="store_true", help="benchmark the small input only")
    parser.add_argument("--runs", type=int, default=5, help="timed runs on the small input")
    parser.add_argument("--large-runs", type=int, default=1, help="timed runs on the large input")
    parser.add_argument(
        "--warmup",
        type=int,
        default=1,
        help="untimed runs before the timed ones, on inputs timed more than once",
    )
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds per tool run")
    parser.add_argument(
        "--tools", nargs="+", choices=TOOLS, default=list(TOOLS), help="tools to benchmark"
    )
    parser.add_argument("--venvs", type=Path, default=DEFAULT_VENVS, help="where peer venvs live")
    parser.add_argument(
        "--python",
        default=shutil.which("python3") or sys.executable,
        help="interpreter that makes the peer venvs (python3 -m venv)",
    )
    parser.add_argument("--no-install", action="store_true", help="don't make missing peer venvs")
    parser.add_argument("--json", type=Path, default=None, help="also write the results here")
    args = parser.parse_args(argv)
    if args.runs < 1 or args.large_runs < 1 or args.warmup < 0 or args.timeout <= 0:
        parser.error("--runs and --large-runs must be >= 1, --warmup >= 0, --timeout > 0")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    inputs: list[tuple[str, Path, int]] = [(args.spec.name, args.spec.resolve(), args.runs)]
    if not args.no_large:
        large = args.large or find_largest(args.corpus)
        if large is None:
            print(f"no .json/.yaml document under {args.corpus}; large input skipped")
        else:
            inputs.append((large.name, large.resolve(), args.large_runs))
    for _, path, _ in inputs:
        if not path.is_file():
            print(f"no such input: {path}", file=sys.stderr)
            return 2

    tools: list[Tool] = []
    for name in args.tools:
        if name == OURS:
            tools.append(ours_tool())
        else:
            tools.append(ensure_peer(name, args.venvs, args.python, install=not args.no_install))

    rows: list[Row] = []
    for label, path, runs in inputs:
        size = path.stat().st_size / 1e6
        print(f"{label} ({size:.1f} MB, {runs} run(s)):", file=sys.stderr, flush=True)
        warmup = args.warmup if runs > 1 else 0
        plan = Plan(label, path, runs, warmup, args.timeout)
        rows.extend(bench_input(tools, plan))
    fill_ratios(rows)

    print(table(rows))
    print("peer/ours = peer median time / our median time: >1 means we are faster.")
    if args.json:
        payload = {
            "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "nproc": os.cpu_count(),
            "python": sys.version.split()[0],
            "timeout_seconds": args.timeout,
            "peak_rss": "ru_maxrss of RUSAGE_CHILDREN in a fresh wrapper process per run",
            "results": [asdict(row) for row in rows],
        }
        args.json.write_text(json.dumps(payload, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
