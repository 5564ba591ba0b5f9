"""Bad specs: each is refused with its located message, and the output folder is untouched."""

from __future__ import annotations

import json
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


def _generate(spec: Path, out: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "generator", "generate", "--spec", str(spec)]
    command += ["--out", str(out)]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)


def _nested(levels: int) -> str:
    """A JSON spec whose one schema nests `levels` inline objects (two JSON levels each)."""
    schema = '{"type": "string"}'
    for _ in range(levels):
        schema = '{"type": "object", "properties": {"n": ' + schema + "}}"
    return (
        '{"openapi": "3.0.3", "info": {"title": "Deep", "version": "1"}, "paths": {},\n'
        ' "components": {"schemas": {"Deep": ' + schema + "}}}\n"
    )


@pytest.mark.parametrize(
    ("levels", "at", "expected"),
    [
        # More than the builders' recursion follows: refused at the deepest place, the key of
        # the innermost schema.
        (300, '"n"', "error: the spec nests 604 levels deep here, deeper than the generator"),
        # More than the json module reads (it recurses per level): refused by the parser at
        # the innermost bracket.
        (3000, '{"type": "string"}', "error: nested 6004 levels deep here, deeper than the JSON"),
    ],
)
def test_nesting_too_deep_is_refused_with_location(
    levels: int, at: str, expected: str, tmp_path: Path
) -> None:
    spec = tmp_path / "deep.json"
    text = _nested(levels)
    spec.write_text(text)
    line_two = text.index("\n") + 1
    column = text.rindex(at) - line_two + 1
    out = tmp_path / "out"
    done = _generate(spec, out)
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert f"{spec}:2:{column}: {expected}" in done.stderr, done.stderr
    assert not out.exists()


def test_deep_but_followable_nesting_generates(tmp_path: Path) -> None:
    spec = tmp_path / "deep.json"
    spec.write_text(_nested(100))  # four times the deepest spec of the corpus
    done = _generate(spec, tmp_path / "out")
    assert done.returncode == 0, done.stderr


def test_a_chain_of_refs_too_long_to_follow_is_refused(tmp_path: Path) -> None:
    # S0 -> S1 -> ... -> S1499 through a property each: no file nests deep, but building one
    # schema builds the next inside it.
    schemas = {
        f"S{i}": {
            "type": "object",
            "properties": {"next": {"$ref": f"#/components/schemas/S{i + 1}"}},
        }
        for i in range(1499)
    }
    schemas["S1499"] = {"type": "string"}
    spec = tmp_path / "chain.json"
    spec.write_text(
        json.dumps(
            {
                "openapi": "3.0.3",
                "info": {"title": "Chain", "version": "1"},
                "paths": {},
                "components": {"schemas": schemas},
            }
        )
    )
    done = _generate(spec, tmp_path / "out")
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert f"{spec}:1:1: error: schemas refer to one another in a chain" in done.stderr
    assert not (tmp_path / "out").exists()
