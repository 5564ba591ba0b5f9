"""The renderer: a forked child renders exactly what the parent would, and fails loudly."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator import render
from generator.build import build
from generator.ir import Api
from generator.renderer import FORK_BELOW, Renderer, RenderError, should_fork
from generator.source import parse_file
from tests.regen_goldens import golden_specs

ROOT = Path(__file__).resolve().parents[1]
TOKEN_SPEC = ROOT / "spec" / "api-tokens.yaml"


def _apis() -> list[Api]:
    return [build(spec).api for spec in [TOKEN_SPEC, *golden_specs()]]


def _no_children_left() -> bool:
    try:
        os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def test_the_child_renders_what_the_parent_would() -> None:
    apis = _apis()
    with Renderer([], fork=True) as renderer:
        forked = [list(files) for files in renderer.render(apis)]
    here = [list(files) for files in Renderer([], fork=False).render(apis)]
    assert forked == here
    assert [name for name, _ in forked[0]] == [
        f"api_tokens/{n}"
        for n in (*(name for _, name, _ in render.MODULES), "openapi.json", "py.typed")
    ]
    assert _no_children_left()


def test_a_failure_in_the_child_is_raised_with_its_traceback(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(api: Api) -> Iterator[tuple[str, str]]:
        raise ValueError(f"cannot render {api.title}")

    monkeypatch.setattr(render, "render_modules", broken)  # the child inherits it
    with Renderer([], fork=True) as renderer, pytest.raises(RenderError) as raised:
        renderer.render(_apis()[:1])
    assert "ValueError: cannot render" in str(raised.value)
    assert "Traceback" in str(raised.value)
    assert _no_children_left()


def test_a_child_that_dies_is_an_error_not_a_hang(monkeypatch: pytest.MonkeyPatch) -> None:
    def dying(api: Api) -> Any:
        os._exit(3)

    monkeypatch.setattr(render, "render_modules", dying)
    with Renderer([], fork=True) as renderer, pytest.raises(RenderError, match="without an answer"):
        renderer.render(_apis()[:1])
    assert _no_children_left()


def test_a_parent_that_fails_first_leaves_no_child() -> None:
    with pytest.raises(KeyError), Renderer([], fork=True):
        raise KeyError("the build failed")
    assert _no_children_left()


def test_the_child_parses_the_specs_for_the_parent(tmp_path: Path) -> None:
    copy = tmp_path / "spec.yaml"
    copy.write_bytes(TOKEN_SPEC.read_bytes())
    with Renderer([copy, tmp_path / "missing.yaml"], fork=True) as renderer:
        data, expected = parse_file(copy)
        assert renderer.parsed(copy.resolve(), data) == expected
        assert renderer.parsed(copy.resolve(), data + b"\n") is None  # not the bytes it read
        assert renderer.parsed((tmp_path / "missing.yaml").resolve(), b"") is None
        assert [list(files) for files in renderer.render([])] == []
    assert _no_children_left()


def test_the_parent_never_imports_yaml_or_jinja(tmp_path: Path) -> None:
    """What the child does for it, the parent must not do again (that was the point)."""
    code = f"""
import sys
from generator.cli import main
assert main(["generate", "--quiet", "--spec", {str(TOKEN_SPEC)!r}, "--out", {str(tmp_path)!r}]) == 0
if sys.platform == "linux":  # elsewhere there is no child: the parent does it all
    assert not [m for m in sys.modules if m.startswith(("yaml", "jinja2"))], sorted(sys.modules)
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert (tmp_path / "api_tokens" / "models.py").exists()


def test_only_small_specs_on_linux_fork(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert should_fork([TOKEN_SPEC]) is (sys.platform == "linux")
    assert not should_fork([tmp_path / "missing.yaml"])  # the build reports it, in-process
    monkeypatch.setattr("generator.renderer.FORK_BELOW", TOKEN_SPEC.stat().st_size)
    assert not should_fork([TOKEN_SPEC])
    assert FORK_BELOW > 100_000


def test_the_ir_is_loaded_before_the_fork() -> None:
    """Both sides need the IR's classes: defined once in the parent, the child inherits them."""
    code = """
import sys
from generator.renderer import Renderer
assert "generator.ir" not in sys.modules
with Renderer([], fork=True):
    assert "generator.ir" in sys.modules
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr[-2000:]


def test_an_unchanged_tree_neither_forks_nor_builds(tmp_path: Path) -> None:
    start = f"""
import os, sys
from generator.cli import main
args = ["generate", "--quiet", "--spec", {str(TOKEN_SPEC)!r}, "--out", {str(tmp_path)!r}]
"""
    again = """
os.fork = None  # forking fails
assert main(args) == 0
loaded = [m for m in sys.modules if m in ("generator.build", "generator.ir", "generator.output")]
assert not loaded, loaded
"""
    # The second process finds the first one's stamp.
    for script in (start + "assert main(args) == 0", start + again):
        done = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, check=False
        )
        assert done.returncode == 0, done.stderr[-2000:]
