"""How generation time and memory grow with the size of a spec: a script, not a test.

For each size (10, 100, 1,000 and 5,000 operations by default) it writes a synthetic spec into
a temporary folder -- every operation with its own request and response schemas -- and runs
``python -m generator generate`` on it as a child process, into a fresh output folder (so the
no-change fast path never applies). Each run is started by a fresh ``python -c`` wrapper that
times spawn-to-exit and reports ``getrusage(RUSAGE_CHILDREN).ru_maxrss``: with the generator as
its only child, that is the peak RSS of the generator process (or of a helper it waited for,
such as ruff), not a sum.

The table shows seconds, peak MB and milliseconds per operation, so linear growth shows as a
flat last column. ``python bench/scale.py --help`` for the options.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parent.parent
SIZES = (10, 100, 1_000, 5_000)
TIMEOUT = 1_800.0

# Kept free of project imports so that it starts fast and its only child is the generator.
WRAPPER = r"""
import json, resource, subprocess, sys, time
cmd, cwd, timeout = json.loads(sys.argv[1]), sys.argv[2], float(sys.argv[3])
start = time.perf_counter()
done = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=timeout)
elapsed = time.perf_counter() - start
peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"returncode": done.returncode, "seconds": elapsed, "peak_kib": peak_kib,
                  "stderr": done.stderr[-2000:]}))
"""


@dataclass(frozen=True)
class Result:
    operations: int
    spec_kib: float
    seconds: float  # median over the runs
    peak_mib: float  # largest over the runs


def synthetic_spec(operations: int, defaults: bool = True) -> dict[str, Any]:
    """`operations` operations, each with its own request and response schemas."""
    paths: dict[str, Any] = {}
    schemas: dict[str, Any] = {
        "Problem": {
            "type": "object",
            "required": ["title", "status"],
            "properties": {"title": {"type": "string"}, "status": {"type": "integer"}},
        }
    }
    for i in range(operations):
        request, response = f"Thing{i}Create", f"Thing{i}"
        schemas[request] = {
            "type": "object",
            "required": ["name"],
            "properties": {
                "name": {"type": "string", "minLength": 1, "maxLength": 100},
                "count": {"type": "integer", "minimum": 0, **({"default": 1} if defaults else {})},
                "kind": {"type": "string", "enum": ["a", "b", "c"]},
                "tags": {"type": "array", "items": {"type": "string"}, "maxItems": 10},
                "when": {"type": "string", "format": "date-time"},
            },
        }
        schemas[response] = {
            "allOf": [
                {"$ref": f"#/components/schemas/{request}"},
                {
                    "type": "object",
                    "required": ["id"],
                    "properties": {"id": {"type": "string", "format": "uuid", "readOnly": True}},
                },
            ]
        }
        paths[f"/things{i}/{{id}}"] = {
            "put": {
                "operationId": f"putThing{i}",
                "summary": f"Replace thing {i}",
                "parameters": [
                    {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}},
                    {"name": "dryRun", "in": "query", "schema": {"type": "boolean"}},
                ],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {"schema": {"$ref": f"#/components/schemas/{request}"}}
                    },
                },
                "responses": {
                    "200": {
                        "description": "the thing",
                        "content": {
                            "application/json": {
                                "schema": {"$ref": f"#/components/schemas/{response}"}
                            }
                        },
                    },
                    "404": {
                        "description": "no such thing",
                        "content": {
                            "application/problem+json": {
                                "schema": {"$ref": "#/components/schemas/Problem"}
                            }
                        },
                    },
                },
            }
        }
    return {
        "openapi": "3.0.3",
        "info": {"title": f"Scale {operations}", "version": "1"},
        "paths": paths,
        "components": {"schemas": schemas},
    }


def run_once(spec: Path, out: Path, timeout: float) -> tuple[float, float]:
    """Seconds and peak MiB of one generator process, measured by a fresh wrapper."""
    command = [sys.executable, "-m", "generator", "generate", "--quiet"]
    command += ["--spec", str(spec), "--out", str(out)]
    done = subprocess.run(
        [sys.executable, "-c", WRAPPER, json.dumps(command), str(PROJECT), str(timeout)],
        capture_output=True,
        text=True,
        check=True,
    )
    report = json.loads(done.stdout)
    if report["returncode"] != 0:
        raise RuntimeError(f"generation failed on {spec.name}:\n{report['stderr']}")
    return float(report["seconds"]), report["peak_kib"] / 1024


def measure(operations: int, scratch: Path, runs: int, timeout: float, defaults: bool) -> Result:
    spec = scratch / f"scale_{operations}.json"
    spec.write_text(json.dumps(synthetic_spec(operations, defaults), indent=1))
    seconds, peaks = [], []
    for run in range(runs):
        took, peak = run_once(spec, scratch / f"out_{operations}_{run}", timeout)
        seconds.append(took)
        peaks.append(peak)
    return Result(operations, spec.stat().st_size / 1024, statistics.median(seconds), max(peaks))


def table(results: list[Result]) -> str:
    lines = [
        f"{'operations':>10} {'spec KiB':>9} {'seconds':>8} {'peak MB':>8} {'ms/op':>7}",
    ]
    for r in results:
        per_op = 1000 * r.seconds / r.operations
        lines.append(
            f"{r.operations:>10,} {r.spec_kib:>9.0f} {r.seconds:>8.2f} "
            f"{r.peak_mib:>8.0f} {per_op:>7.2f}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--sizes",
        type=lambda text: [int(n) for n in text.split(",")],
        default=list(SIZES),
        help="comma-separated operation counts (default: %(default)s)",
    )
    parser.add_argument("--runs", type=int, default=1, help="runs per size; the median time")
    parser.add_argument("--timeout", type=float, default=TIMEOUT, help="seconds per run")
    parser.add_argument(
        "--no-defaults",
        action="store_true",
        help="leave `default` out of the synthetic schemas (each one is checked on its own)",
    )
    args = parser.parse_args(argv)
    results = []
    with tempfile.TemporaryDirectory(prefix="scale-") as scratch:
        for size in args.sizes:
            results.append(
                measure(size, Path(scratch), args.runs, args.timeout, not args.no_defaults)
            )
            print(table(results).splitlines()[-1], file=sys.stderr, flush=True)
    print(table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
