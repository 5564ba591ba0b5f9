"""Bad specs: each is refused with its located message, and the output folder is untouched."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BAD = sorted((ROOT / "tests" / "bad_specs").glob("*.yaml"))


def _expected(spec: Path) -> list[str]:
    """Each line of `<spec>.expected` must appear in stderr (path:line:col: severity: text)."""
    return [line for line in spec.with_suffix(".expected").read_text().splitlines() if line.strip()]


@pytest.mark.parametrize("spec", BAD, ids=lambda p: p.stem)
def test_bad_spec_is_refused_with_location(spec: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "keep").mkdir(parents=True)
    sentinel = out / "keep" / "mine.py"
    sentinel.write_text("# user code\n")
    command = [sys.executable, "-m", "generator", "generate", "--strict"]
    done = subprocess.run(
        [*command, "--spec", str(spec.relative_to(ROOT)), "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    for line in _expected(spec):
        assert line in done.stderr, f"{line!r} not in:\n{done.stderr}"
    assert done.stderr.rstrip().splitlines()[-1].endswith("nothing was written")
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == ["keep", "keep/mine.py"]
    assert sentinel.read_text() == "# user code\n"


def test_every_bad_spec_has_expectations() -> None:
    assert BAD, "tests/bad_specs is empty"
    for spec in BAD:
        assert _expected(spec), f"{spec.name} has no .expected lines"


def test_usage_error_exits_2() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "generator", "generate", "--no-such-flag"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
