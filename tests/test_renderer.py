"""The renderer: a forked child renders exactly what the parent would, and fails loudly."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator import render
from generator.build import build
from generator.ir import Api
from generator.renderer import FORK_BELOW, Renderer, RenderError, should_fork
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
    with Renderer(fork=True) as renderer:
        forked = [list(files) for files in renderer.render(apis)]
    here = [list(files) for files in Renderer(fork=False).render(apis)]
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
    with Renderer(fork=True) as renderer, pytest.raises(RenderError) as raised:
        renderer.render(_apis()[:1])
    assert "ValueError: cannot render" in str(raised.value)
    assert "Traceback" in str(raised.value)
    assert _no_children_left()


def test_a_child_that_dies_is_an_error_not_a_hang(monkeypatch: pytest.MonkeyPatch) -> None:
    def dying(api: Api) -> Any:
        os._exit(3)

    monkeypatch.setattr(render, "render_modules", dying)
    with Renderer(fork=True) as renderer, pytest.raises(RenderError, match="without an answer"):
        renderer.render(_apis()[:1])
    assert _no_children_left()


def test_a_parent_that_fails_first_leaves_no_child() -> None:
    with pytest.raises(KeyError), Renderer(fork=True):
        raise KeyError("the build failed")
    assert _no_children_left()


def test_only_small_specs_on_linux_fork(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert should_fork([TOKEN_SPEC]) is (sys.platform == "linux")
    assert not should_fork([tmp_path / "missing.yaml"])  # the build reports it, in-process
    monkeypatch.setattr("generator.renderer.FORK_BELOW", TOKEN_SPEC.stat().st_size)
    assert not should_fork([TOKEN_SPEC])
    assert FORK_BELOW > 100_000
