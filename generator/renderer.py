"""Rendering in a forked child, so that start-up work overlaps loading and building the spec.

A run on a small spec spends most of its time starting up: PyYAML and parsing the spec (about
20 ms), Jinja and the templates' bytecode (about 25 ms), jsonschema-rs and the IR's dataclasses
(about 30 ms). The renderer forks before any of them is imported. The child parses each spec's
root file and sends the result (pickled), then loads Jinja and the templates; the parent takes
the parse (if the file's bytes are still those the child read), validates and builds, then
hands the child the IR (about 1 ms for the token spec) and gets the rendered modules back.

Large specs render in-process: pickling the GitHub spec's IR there and back costs about 1.8 s,
far more than the overlap saves. So do platforms without a plain `fork` (only Linux forks here;
macOS's system libraries are not fork-safe once loaded).
"""

from __future__ import annotations

import hashlib
import importlib
import os
import pickle
import signal
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from generator.source import Parsed, parse_file

if TYPE_CHECKING:
    from generator.ir import Api

# Spec files up to this size (all together) render in a child.
FORK_BELOW = 1_000_000


class RenderError(Exception):
    """The child failed to render: a generator bug, with the child's traceback."""


def should_fork(specs: Sequence[Path]) -> bool:
    """Is forking worth it for these specs (and possible here)?"""
    if sys.platform != "linux":
        return False
    try:
        return sum(spec.stat().st_size for spec in specs) < FORK_BELOW
    except OSError:
        return False  # the build reports the missing file


class Renderer:
    """Renders each Api's files: in a child forked at construction, or here if `fork` is false."""

    def __init__(self, specs: Sequence[Path], *, fork: bool) -> None:
        self._child: int | None = None
        self._to_child: BinaryIO | None = None
        self._from_child: BinaryIO | None = None
        self._parsed: dict[str, tuple[str, Parsed]] | None = None
        if fork:
            self._fork(specs)

    def parsed(self, path: Path, data: bytes) -> Parsed | None:
        """The child's parse of this file, if it parsed these very bytes (see ParsedElsewhere)."""
        found = self._prefetched().get(str(path))
        if found is None or found[0] != hashlib.sha256(data).hexdigest():
            return None
        return found[1]

    def _prefetched(self) -> dict[str, tuple[str, Parsed]]:
        """The child's first message, read once: its parse of each spec's root file."""
        if self._parsed is None:
            self._parsed = {}
            if self._from_child is not None:
                try:
                    self._parsed = pickle.load(self._from_child)
                except EOFError:
                    pass  # the child is gone: render() says so
        return self._parsed

    def __enter__(self) -> Renderer:
        return self

    def __exit__(self, *exc: object) -> None:
        self._close()
        if self._child is not None:
            os.kill(self._child, signal.SIGKILL)  # harmless if it has exited; reaped below
            os.waitpid(self._child, 0)
            self._child = None

    def render(self, apis: Sequence[Api]) -> Iterator[Iterator[tuple[str, str]]]:
        """Per Api, its files by path relative to the output folder (see render_modules)."""
        if self._child is None:
            from generator.render import render_modules  # noqa: PLC0415 - imported on first use

            return (render_modules(api) for api in apis)
        assert self._to_child is not None and self._from_child is not None
        self._prefetched()  # the child's first message, if the build did not need it
        try:
            with self._to_child:
                pickle.dump(list(apis), self._to_child, protocol=pickle.HIGHEST_PROTOCOL)
        except BrokenPipeError:
            pass  # the child failed before reading: its reply says why
        try:
            with self._from_child:
                ok, result = pickle.load(self._from_child)
        except EOFError:
            ok, result = False, "the rendering process ended without an answer"
        os.waitpid(self._child, 0)
        self._child = None
        if not ok:
            raise RenderError(result)
        return (iter(files) for files in result)

    def _fork(self, specs: Sequence[Path]) -> None:
        # Loaded once, before forking, what both sides need: the parent builds the IR with it
        # and the child unpickles and renders it (the IR's dataclasses take ~15 ms to define).
        importlib.import_module("generator.annotations")
        down_read, down_write = os.pipe()
        up_read, up_write = os.pipe()
        child = os.fork()
        if child == 0:  # pragma: no cover - runs in the child, whose coverage is not collected
            os.close(down_write)
            os.close(up_read)
            _serve(os.fdopen(down_read, "rb"), os.fdopen(up_write, "wb"), specs)
        os.close(down_read)
        os.close(up_write)
        self._child = child
        self._to_child = os.fdopen(down_write, "wb")
        self._from_child = os.fdopen(up_read, "rb")

    def _close(self) -> None:
        for pipe in (self._to_child, self._from_child):
            if pipe is not None and not pipe.closed:
                pipe.close()


def _serve(
    requests: BinaryIO, replies: BinaryIO, specs: Sequence[Path]
) -> None:  # pragma: no cover - in the child
    """The child: parse the specs, load the templates, render what the parent sends; never
    returns."""
    try:
        pickle.dump(_parse_all(specs), replies, protocol=pickle.HIGHEST_PROTOCOL)
        replies.flush()
        reply: tuple[bool, object]
        try:
            from generator.render import MODULES, environment, render_modules  # noqa: PLC0415

            env = environment()
            for template, _, _ in MODULES:
                env.get_template(template)
            with requests:
                apis = pickle.load(requests)
            reply = (True, [list(render_modules(api)) for api in apis])
        except EOFError:  # the parent failed before it had anything to render
            os._exit(0)
        except Exception:  # every failure goes back to the parent, with its traceback
            import traceback  # noqa: PLC0415 - only on failure

            reply = (False, traceback.format_exc())
        with replies:
            pickle.dump(reply, replies, protocol=pickle.HIGHEST_PROTOCOL)
    finally:
        # Never back into the parent's code: no atexit handlers, no flushing its buffers.
        os._exit(0)


def _parse_all(specs: Sequence[Path]) -> dict[str, tuple[str, Parsed]]:  # pragma: no cover
    """Each spec's root file parsed, by resolved path, with the sha256 of the bytes parsed."""
    parsed = {}
    for spec in specs:
        try:
            data, result = parse_file(spec)
        except Exception:
            continue
        parsed[str(spec.resolve())] = (hashlib.sha256(data).hexdigest(), result)
    return parsed
