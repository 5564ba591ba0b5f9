"""Real-world specs: every corpus document generates code that compiles and imports, or is refused.

The corpus lives beside the project (`../shared/corpus/`, read in place). Each document runs in
its own generator process (60 s limit), in a pool of two; a document the generator cannot
represent must be refused with located errors (`file:line:col: error: ...`), never a
traceback. Output of small documents (< 200 KB) is also checked with `mypy --strict`: in CI a
fixed sample (`MYPY_SAMPLE`), all of them with `CORPUS_FULL=1`. `python -m tests.test_corpus`
runs it outside pytest and prints the table.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
FOLDERS = ("apis-guru", "readme-examples/3.0", "readme-examples/3.1", "github")
TIMEOUT = 60.0
IMPORT_TIMEOUT = 120.0  # the GitHub spec's 7,000 pydantic classes take ~25 s to import
SMALL = 200_000
MYPY_SAMPLE = 12  # small documents type-checked in CI, every n-th by name
_LOCATED_ERROR = re.compile(r"^.+:\d+:\d+: error: .+", re.MULTILINE)


@dataclass(frozen=True)
class Outcome:
    spec: Path
    status: str  # ok, refused, failed
    detail: str
    seconds: float
    package: Path | None = None


def documents() -> list[Path]:
    found: list[Path] = []
    for folder in FOLDERS:
        found += sorted(
            p for p in (CORPUS / folder).glob("*") if p.suffix in {".json", ".yaml", ".yml"}
        )
    return found


def _generate(spec: Path, out: Path) -> Outcome:
    command = [sys.executable, "-m", "generator", "generate", "--quiet", "--spec", str(spec)]
    started = _now()
    try:
        done = subprocess.run(
            [*command, "--out", str(out)],
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            cwd=ROOT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return Outcome(spec, "failed", f"timeout (> {TIMEOUT:.0f} s)", _now() - started)
    seconds = _now() - started
    if "Traceback" in done.stderr:
        return Outcome(spec, "failed", done.stderr.strip().splitlines()[-1], seconds)
    if done.returncode == 1:
        located = _LOCATED_ERROR.search(done.stderr)
        if located:
            return Outcome(spec, "refused", located.group(0), seconds)
    if done.returncode != 0:
        return Outcome(spec, "failed", f"exit {done.returncode}: {done.stderr[-300:]}", seconds)
    packages = [p for p in out.iterdir() if p.is_dir()]
    if len(packages) != 1:
        return Outcome(spec, "failed", f"expected one package, found {packages}", seconds)
    return _import(Outcome(spec, "ok", "", seconds, packages[0]))


def _import(outcome: Outcome) -> Outcome:
    assert outcome.package is not None
    name = outcome.package.name
    code = f"import {name}.models, {name}.operations, {name}.server, {name}.client"
    try:
        done = subprocess.run(
            [sys.executable, "-c", code],
            cwd=outcome.package.parent,
            capture_output=True,
            text=True,
            timeout=IMPORT_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return Outcome(outcome.spec, "failed", "import timed out", outcome.seconds)
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["?"])[-1]
        return Outcome(outcome.spec, "failed", f"import: {last}", outcome.seconds)
    return outcome


def _now() -> float:
    import time  # noqa: PLC0415 - only the runner needs it

    return time.perf_counter()


def run_all(specs: list[Path], out: Path) -> list[Outcome]:
    """Generate (and import) every spec, two at a time; each in its own output folder."""
    folders = [out / f"{i:03d}" for i in range(len(specs))]
    # Threads only wait on child processes, so two threads keep two cores busy.
    with ThreadPoolExecutor(max_workers=2) as pool:
        return list(pool.map(_generate, specs, folders))


def mypy_targets(outcomes: list[Outcome], full: bool) -> list[Outcome]:
    small = [o for o in outcomes if o.status == "ok" and o.spec.stat().st_size < SMALL]
    if full:
        return small
    step = max(1, len(small) // MYPY_SAMPLE)
    return small[::step][:MYPY_SAMPLE]


def _batches(outcomes: list[Outcome]) -> Iterator[list[Outcome]]:
    """Groups without two packages of one name (mypy refuses duplicate modules)."""
    pending = list(outcomes)
    while pending:
        names: set[str] = set()
        batch = []
        for outcome in list(pending):
            assert outcome.package is not None
            if outcome.package.name not in names:
                names.add(outcome.package.name)
                batch.append(outcome)
                pending.remove(outcome)
        yield batch


def type_check(outcomes: list[Outcome]) -> list[Outcome]:
    """mypy --strict over the outputs, in batches; the failed ones, with mypy's first error."""
    failed = []
    for batch in _batches(outcomes):
        folders = [str(o.package) for o in batch if o.package is not None]
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "mypy",
                "--config-file",
                os.devnull,
                "--strict",
                "--no-incremental",
                *folders,
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode == 0:
            continue
        for o in batch:
            assert o.package is not None
            errors = [line for line in done.stdout.splitlines() if str(o.package) in line]
            if errors:
                failed.append(Outcome(o.spec, "failed", f"mypy: {errors[0]}", o.seconds))
    return failed


def table(outcomes: list[Outcome]) -> str:
    lines = [f"{'document':58} {'status':8} {'s':>6}  detail"]
    for o in outcomes:
        name = o.spec.relative_to(CORPUS).as_posix()
        lines.append(f"{name[:58]:58} {o.status:8} {o.seconds:6.1f}  {o.detail[:160]}")
    counts = {s: sum(1 for o in outcomes if o.status == s) for s in ("ok", "refused", "failed")}
    lines.append(", ".join(f"{n} {s}" for s, n in counts.items()))
    return "\n".join(lines)


def run(full: bool) -> tuple[list[Outcome], str]:
    specs = documents()
    with tempfile.TemporaryDirectory(prefix="corpus-") as scratch:
        outcomes = run_all(specs, Path(scratch))
        checked = type_check(mypy_targets(outcomes, full))
    by_spec = {o.spec: o for o in checked}
    merged = [by_spec.get(o.spec, o) for o in outcomes]
    return merged, table(merged)


@pytest.mark.corpus
def test_corpus_generates_imports_and_type_checks(capsys: pytest.CaptureFixture[str]) -> None:
    if not CORPUS.is_dir() or not documents():
        if os.environ.get("CI"):
            pytest.fail(f"the corpus is missing: {CORPUS}")
        pytest.skip(f"no corpus at {CORPUS}")
    outcomes, text = run(full=bool(os.environ.get("CORPUS_FULL")))
    with capsys.disabled():
        print("\n" + text)
    failed = [o for o in outcomes if o.status == "failed"]
    assert not failed, text


if __name__ == "__main__":
    results, printed = run(full=True)
    print(printed)
    sys.exit(1 if any(o.status == "failed" for o in results) else 0)
