"""Formatting generated text and writing it: atomically, and only files whose bytes change."""

from __future__ import annotations

import difflib
import os
import shutil
import subprocess
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path


class FormatError(Exception):
    """ruff could not format a generated file: a generator bug, never the user's."""


def _ruff() -> str:
    # The wheel ships the binary beside this module; imported only when formatting is needed.
    from ruff.__main__ import find_ruff_bin  # type: ignore[import-untyped]  # noqa: PLC0415

    return os.fsdecode(find_ruff_bin())


# Unused imports go (templates import generously), imports and __all__ get sorted.
_RUFF_CONFIG = """\
line-length = 100
target-version = "py311"
[lint]
select = ["F401", "I", "RUF022"]
"""


def format_python(files: Mapping[str, str]) -> dict[str, str]:
    """Prune and sort imports, then format, every `.py` file: one ruff run in a scratch folder."""
    python = {name: text for name, text in files.items() if name.endswith(".py")}
    if not python:
        return dict(files)
    with tempfile.TemporaryDirectory(prefix="generator-format-") as scratch:
        root = Path(scratch)
        (root / "ruff.toml").write_text(_RUFF_CONFIG)
        for name, text in python.items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_text(text, encoding="utf-8")
        ruff = _ruff()
        for args in (
            ["check", "--fix", "--quiet", "--exit-zero", "--no-cache"],
            ["format", "--quiet", "--no-cache"],
        ):
            done = subprocess.run(
                [ruff, *args, "."], cwd=root, capture_output=True, text=True, check=False
            )
            if done.returncode != 0:
                raise FormatError(done.stderr.strip() or done.stdout.strip())
        formatted = {name: (root / name).read_text(encoding="utf-8") for name in python}
    return {**files, **formatted}


@dataclass(frozen=True)
class Drift:
    """How an output folder differs from what generation would write."""

    changed: tuple[str, ...]
    added: tuple[str, ...]
    removed: tuple[str, ...]
    diff: str

    def __bool__(self) -> bool:
        return bool(self.changed or self.added or self.removed)


def _existing(out: Path, packages: set[str]) -> dict[str, bytes]:
    found = {}
    for package in packages:
        folder = out / package
        if folder.is_dir():
            for path in sorted(folder.rglob("*")):
                if path.is_file() and "__pycache__" not in path.parts:
                    found[path.relative_to(out).as_posix()] = path.read_bytes()
    return found


def compare(files: Mapping[str, str], out: Path) -> Drift:
    packages = {name.split("/", 1)[0] for name in files}
    existing = _existing(out, packages)
    wanted = {name: text.encode("utf-8") for name, text in files.items()}
    changed = tuple(sorted(n for n in wanted if n in existing and existing[n] != wanted[n]))
    diff_lines: list[str] = []
    for name in changed:
        old = existing[name].decode("utf-8", "replace").splitlines(keepends=True)
        new = wanted[name].decode("utf-8").splitlines(keepends=True)
        diff_lines.extend(difflib.unified_diff(old, new, f"{out}/{name}", f"{out}/{name} (new)"))
    return Drift(
        changed=changed,
        added=tuple(sorted(set(wanted) - set(existing))),
        removed=tuple(sorted(set(existing) - set(wanted))),
        diff="".join(diff_lines),
    )


def write(files: Mapping[str, str], out: Path) -> list[str]:
    """Write what changed, each file through a temporary and a rename; remove stale files.

    Returns the names written. Everything is rendered before this runs, so a failing spec
    never reaches it and the folder is never left half-updated by the generator's own errors.
    """
    drift = compare(files, out)
    written = []
    for name in (*drift.added, *drift.changed):
        target = out / name
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(files[name].encode("utf-8"))
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        written.append(name)
    for name in drift.removed:
        (out / name).unlink()
        written.append(name)
    for package in {name.split("/", 1)[0] for name in drift.removed}:
        cache = out / package / "__pycache__"
        if cache.is_dir():
            shutil.rmtree(cache)
    return written
