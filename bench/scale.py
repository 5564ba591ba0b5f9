"""How generation time and memory grow with the size of a spec: a script, not a test.

For each size (10, 100, 1,000 and 5,000 operations by default) it writes a synthetic spec into
a temporary folder -- every operation with its own request and response schemas -- and runs
``python -m generator generate`` on it as a child process, into a fresh output folder (so the
no-change fast path never applies). Each run is measured as ``bench/generate.py`` measures
ours (its ``measure_once``): a fresh ``python -c`` wrapper times spawn-to-exit and reports
``getrusage(RUSAGE_CHILDREN).ru_maxrss``, with the generator as its only child, so the peak RSS
of the generator process (or of a helper it waited for, such as ruff), not a sum.

The table shows seconds, peak MB and milliseconds per operation, so linear growth shows as a
flat last column. ``python bench/scale.py --help`` for the options.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.generate import Tool, measure_once, ours_tool

SIZES = (10, 100, 1_000, 5_000)
TIMEOUT = 1_800.0


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


def run_once(ours: Tool, spec: Path, timeout: float) -> tuple[float, float]:
    """Seconds and peak MiB of one generator process, measured as bench/generate.py does."""
    result = measure_once(ours, spec, timeout)
    if not result.ok:
        excerpt = "\n".join(result.stderr_excerpt)
        raise RuntimeError(f"generation failed on {spec.name}: {result.status}\n{excerpt}")
    return result.seconds, result.peak_mib


def write_spec(scratch: Path, operations: int, defaults: bool) -> Path:
    spec = scratch / f"scale_{operations}.json"
    spec.write_text(json.dumps(synthetic_spec(operations, defaults), indent=1))
    return spec


def measure(ours: Tool, spec: Path, operations: int, runs: int, timeout: float) -> Result:
    seconds, peaks = [], []
    for _ in range(runs):
        took, peak = run_once(ours, spec, timeout)
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
    ours = ours_tool()
    if not ours.available:
        print(f"bench/scale.py: cannot run the generator: {ours.reason}", file=sys.stderr)
        return 1
    results = []
    with tempfile.TemporaryDirectory(prefix="scale-") as scratch:
        for size in args.sizes:
            spec = write_spec(Path(scratch), size, not args.no_defaults)
            results.append(measure(ours, spec, size, args.runs, args.timeout))
            print(table(results).splitlines()[-1], file=sys.stderr, flush=True)
    print(table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
