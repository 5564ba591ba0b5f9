"""Benchmark (not a test): the contract suite vs a plain `schemathesis run`, same spec and server.

Starts the reference server on a free loopback port with a temporary database, then times
`python -m contracts` and `schemathesis run` (same seed, max examples and time cap). Cases per
second = test cases schemathesis generated (from its JUnit report) plus semantic requests, over
wall time. Usage: `.venv/bin/python bench/contracts.py [--seed N] [--max-examples N]`.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from reference.launch import launch

ROOT = Path(__file__).resolve().parents[1]
BOOT = "bench-bootstrap-secret-Zb8Rk2vN4wQ7tY1mC6pL9sD3fH5jXq7c"


def timed(command: list[str], env: dict[str, str]) -> tuple[float, str, int]:
    started = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    return time.perf_counter() - started, done.stdout + done.stderr, done.returncode


def cases(output: str) -> int:
    found = re.search(r"(\d+) generated", output)
    return int(found.group(1)) if found else 0


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--max-examples", type=int, default=25)
    p.add_argument("--time-limit", type=int, default=120)
    args = p.parse_args()
    env = {**os.environ, "CONTRACT_TOKEN": BOOT}
    common = ["--seed", str(args.seed), "--max-examples", str(args.max_examples)]
    with tempfile.TemporaryDirectory() as tmp:
        server = launch(Path(tmp, "db"), BOOT)
        base = server.base_url
        try:
            ours = [sys.executable, "-m", "contracts", "--base-url", base, "--token", BOOT,
                    *common, "--time-limit", str(args.time_limit)]  # fmt: skip
            plain = [sys.executable, "-m", "schemathesis.cli", "run", "spec/api-tokens.yaml",
                     "--url", base, "-H", f"Authorization: Bearer {BOOT}", *common,
                     "--max-time", str(args.time_limit), "--no-color"]  # fmt: skip
            rows = []
            for name, command in (("contracts", ours), ("schemathesis run", plain)):
                seconds, output, code = timed(command, env)
                n = cases(output)
                rows.append((name, code, n, seconds, n / seconds if seconds else 0.0))
        finally:
            server.process.terminate()
            server.process.wait(timeout=30)
    print(f"{'tool':<18} {'exit':>4} {'st cases':>9} {'wall s':>7} {'cases/s':>8}")
    for name, code, n, seconds, rate in rows:
        print(f"{name:<18} {code:>4} {n:>9} {seconds:>7.1f} {rate:>8.1f}")


if __name__ == "__main__":
    main()
