"""Formatting generated text and writing it: atomically, and only files whose bytes change."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from generator.naming import import_order
from generator.stamps import is_stamp


class FormatError(Exception):
    """ruff could not format a generated file: a generator bug, never the user's."""


def _ruff() -> str:
    """The ruff binary of this environment.

    In a virtual environment the wheel puts it in the scripts folder, `bin` (`Scripts` on
    Windows), so that is looked at first: ruff's own finder imports sysconfig and tries five
    places (~3 ms a run).
    """
    if sys.prefix == sys.base_prefix:  # not a virtual environment: the scripts folder varies
        return _ruff_by_its_finder()
    windows = sys.platform == "win32"
    beside = os.path.join(
        sys.prefix, "Scripts" if windows else "bin", "ruff.exe" if windows else "ruff"
    )
    return beside if os.path.isfile(beside) else _ruff_by_its_finder()


def _ruff_by_its_finder() -> str:
    from ruff.__main__ import find_ruff_bin  # type: ignore[import-untyped]  # noqa: PLC0415

    return os.fsdecode(find_ruff_bin())


_LINE_LENGTH = 100
# Settings on the command line, no configuration file searched for, no .gitignore or git
# configuration read (ruff's file walker reads them): the scratch folder has none of its own.
_RUFF_FORMAT = (
    *("format", "--quiet", "--no-cache", "--isolated", "--no-respect-gitignore"),
    *("--line-length", str(_LINE_LENGTH), "--target-version", "py311"),
)

# Only `ruff format` runs. Templates import generously and in sorted order, and `__all__` comes
# sorted from the IR, so pruning unused imports here leaves what `ruff check --fix` (F401, I,
# RUF022) would leave, without its second process: ~15 ms on a small spec, and ~3 s and
# ~450 MB on the GitHub spec's 10 MB of output, where it lints twice.
_FORMAT_AT_ONCE = 1_000_000  # characters of a module that gets a ruff process of its own
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# Names in code, skipping string literals and comments: the spec's text lands only there, and a
# word in a description ("uuid", "Literal") must not keep an unused import alive. An f-string
# is code: its text (group 1) is scanned for names as a whole.
_CODE_NAME = re.compile(
    r"""[rR]?[fF][rR]?("(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*')"""
    r'''|"""(?:\\.|[^\\])*?"""'''
    r"""|'''(?:\\.|[^\\])*?'''"""
    r"""|"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'|#[^\n]*"""
    r"|([A-Za-z_][A-Za-z0-9_]*)"
)
_FROM_IMPORT = re.compile(r"from (\S+) import (.*)")


def prune_imports(text: str) -> str:
    """Drop imported names the module's code never mentions (strings and comments aside), and
    sort the rest, as ruff's F401 and I001 fixes would."""
    lines = text.split("\n")
    start = next((i for i, line in enumerate(lines) if line.startswith(("from ", "import "))), None)
    if start is None:
        return text
    statements: list[tuple[int, int, str]] = []  # (first line, last line, joined statement)
    i = start
    while i < len(lines):
        line = lines[i]
        if line.startswith(("from ", "import ")):
            first = i
            joined = line
            if line.rstrip().endswith("("):
                while not lines[i].startswith(")"):
                    i += 1
                    joined += " " + lines[i].strip()
            statements.append((first, i, joined))
        elif line.strip() and not line.startswith("#"):
            break
        i += 1
    code = lines[i:]  # untouched: on 5 MB modules a loop over every line costs a second
    used = _names_in_code("\n".join(code))
    replaced = {first: (last, _pruned(joined, used)) for first, last, joined in statements}
    block_end = statements[-1][1]
    head: list[str] = []
    j = 0
    while j < i:
        if j in replaced:
            last, statement = replaced[j]
            if statement is not None:
                head.append(statement)
            j = last + 1
        else:
            # A dropped statement can leave two group separators side by side: keep one.
            if j > block_end or lines[j].strip() or not head or head[-1].strip():
                head.append(lines[j])
            j += 1
    return "\n".join(head + code)


def _names_in_code(text: str) -> set[str]:
    names: set[str] = set()
    for f_string, name in _CODE_NAME.findall(text):
        if name:
            names.add(name)
        elif f_string:
            names.update(_IDENTIFIER.findall(f_string))
    return names


def _pruned(statement: str, used: set[str]) -> str | None:
    """The import statement keeping only used names; None when nothing is left."""
    if "#" in statement or "__future__" in statement or "*" in statement:
        return statement
    match = _FROM_IMPORT.fullmatch(statement)
    if match is None:  # `import a, b`
        names = [n.strip() for n in statement[len("import ") :].split(",")]
        kept = [n for n in names if n.split(" as ")[-1].split(".")[0] in used]
        return f"import {', '.join(kept)}" if kept else None
    module, rest = match.groups()
    names = [n.strip() for n in rest.strip("() ").split(",") if n.strip()]
    kept = import_order(n for n in names if n.split(" as ")[-1] in used)
    if not kept:
        return None
    single = f"from {module} import {', '.join(kept)}"
    # A parenthesized import keeps its shape, as ruff's isort does with a magic trailing comma.
    if len(single) <= _LINE_LENGTH and not rest.startswith("("):
        return single
    return f"from {module} import (\n" + "".join(f"    {n},\n" for n in kept) + ")"


class Formatter:
    """Formats modules with ruff in a scratch folder as they are rendered.

    Small modules wait for one ruff run at the end. A large one is formatted as soon as it
    arrives, by a ruff process of its own on the other core, while Python renders the next
    modules: on the GitHub spec (a 5 MB models.py) that hides most of ruff's time.
    """

    def __init__(self) -> None:
        self._scratch = tempfile.TemporaryDirectory(prefix="generator-format-")
        self._root = Path(self._scratch.name)
        self._files: dict[str, str | None] = {}  # None: formatted in the scratch folder
        self._waiting: list[str] = []
        self._running: list[subprocess.Popen[str]] = []

    def __enter__(self) -> Formatter:
        return self

    def __exit__(self, *exc: object) -> None:
        for process in self._running:  # still running only when an error cut the run short
            process.kill()
            process.wait()
        self._scratch.cleanup()

    def add(self, name: str, text: str) -> None:
        """One file of the output; `.py` files are pruned here and formatted by ruff."""
        if not name.endswith(".py"):
            self._files[name] = text
            return
        text = prune_imports(text)
        path = self._root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        self._files[name] = None
        if len(text) > _FORMAT_AT_ONCE:
            self._start([name])
        else:
            self._waiting.append(name)

    def finish(self) -> dict[str, str]:
        """Every file added, in order, the `.py` ones formatted; FormatError if ruff fails."""
        if self._waiting:
            self._start(self._waiting)
        running, self._running = self._running, []
        for process in running:
            out, err = process.communicate()
            if process.returncode != 0:
                raise FormatError(err.strip() or out.strip())
        return {
            name: (self._root / name).read_text(encoding="utf-8") if text is None else text
            for name, text in self._files.items()
        }

    def _start(self, names: list[str]) -> None:
        command = [_ruff(), *_RUFF_FORMAT, *names]
        self._running.append(
            subprocess.Popen(
                command,
                cwd=self._root,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
        )


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


def _unified_diff(old: list[str], new: list[str], before: str, after: str) -> Iterator[str]:
    import difflib  # noqa: PLC0415 - only `check` shows a diff, and only on drift

    return difflib.unified_diff(old, new, before, after)


def compare(files: Mapping[str, str], out: Path) -> Drift:
    packages = {name.split("/", 1)[0] for name in files}
    # The stamp is a cache, not output: a stale one only makes the next run take the long way.
    existing = {n: d for n, d in _existing(out, packages).items() if not is_stamp(n)}
    wanted = {n: text.encode("utf-8") for n, text in files.items() if not is_stamp(n)}
    changed = tuple(sorted(n for n in wanted if n in existing and existing[n] != wanted[n]))
    diff_lines: list[str] = []
    for name in changed:
        old = existing[name].decode("utf-8", "replace").splitlines(keepends=True)
        new = wanted[name].decode("utf-8").splitlines(keepends=True)
        diff_lines.extend(_unified_diff(old, new, f"{out}/{name}", f"{out}/{name} (new)"))
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
    mode = 0o666 & ~_umask()
    stamps = [n for n in files if is_stamp(n) and _read(out / n) != files[n].encode("utf-8")]
    # Stamps last: one written only after the files it vouches for.
    for name in (*drift.added, *drift.changed, *stamps):
        target = out / name
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(files[name].encode("utf-8"))
            # mkstemp makes the file private (0600); generated code is read by others too.
            os.chmod(temporary, _mode(target, mode))
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        written.append(name)
    for name in drift.removed:
        (out / name).unlink()
        written.append(name)
    written = [n for n in written if not is_stamp(n)]
    for package in {name.split("/", 1)[0] for name in drift.removed}:
        cache = out / package / "__pycache__"
        if cache.is_dir():
            shutil.rmtree(cache)
    return written


def _umask() -> int:
    mask = os.umask(0)  # the only way to read it is to set it
    os.umask(mask)
    return mask


def _mode(target: Path, new: int) -> int:
    """A replaced file keeps its permissions; a new one gets what `open` would give it."""
    try:
        return target.stat().st_mode & 0o7777
    except FileNotFoundError:
        return new


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None
