"""`python -m generator diff OLD NEW`: what changed between two specs, and whom it breaks.

Both specs are built into the IR (`generator.build.build`) and compared there: operations by
method and path template, parameters by location and wire name, properties by wire name,
responses by status. Each change says whether it breaks clients (code written against OLD
calling a server of NEW) and servers (a server written against OLD answering clients of NEW).

OLD and NEW are files or `git:REF:path`, path as `git show` reads it (from the top of the
repository, or from the current folder when it starts with `./`). The revision's copy of the
spec's folder is extracted into a temporary folder, so a spec split across files is read whole.
Exit codes: 0 nothing breaking (or --allow-breaking), 1 breaking changes or an invalid spec,
2 usage (a revision or file that cannot be read).
"""

from __future__ import annotations

import argparse
import io
import posixpath
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from generator.build import build
from generator.diagnostics import SpecError
from generator.diff_ops import compare_apis
from generator.diff_types import Change
from generator.ir import Api

GIT_PREFIX = "git:"


class UsageError(Exception):
    """OLD or NEW names nothing that can be read."""


@contextmanager
def spec_file(name: str) -> Iterator[Path]:
    """A path to the spec named: the file itself, or its folder extracted from a git revision."""
    if not name.startswith(GIT_PREFIX):
        if not Path(name).is_file():
            raise UsageError(f"{name}: no such file")
        yield Path(name)
        return
    ref, _, path = name.removeprefix(GIT_PREFIX).partition(":")
    if not ref or not path:
        raise UsageError(f"{name}: expected git:REF:path")
    top = _git(name, "rev-parse", "--show-toplevel").decode().strip()
    if path.startswith("./"):
        path = _git(name, "rev-parse", "--show-prefix").decode().strip() + path[2:]
    path = posixpath.normpath(path)
    folder_in_repo = posixpath.dirname(path) or "."
    archive = _git(name, "-C", top, "archive", "--format=tar", ref, "--", folder_in_repo)
    with tempfile.TemporaryDirectory(prefix="specforge-diff-") as folder:
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(folder, filter="data")  # refuses links and paths leaving the folder
        copy = Path(folder) / path
        if not copy.is_file():
            raise UsageError(f"{name}: no such file in {ref}")
        yield copy


def _git(name: str, *args: str) -> bytes:
    done = subprocess.run(["git", *args], capture_output=True, check=False)
    if done.returncode != 0:
        raise UsageError(f"{name}: {done.stderr.decode(errors='replace').strip()}")
    return done.stdout


def load_api(name: str) -> Api:
    with spec_file(name) as path:
        return build(path).api


def compare(old: str, new: str) -> list[Change]:
    """The changes from spec old to spec new (files or git:REF:path)."""
    return compare_apis(load_api(old), load_api(new))


def _who(c: Change) -> str:
    parts = [
        name for name, hit in (("clients", c.breaks_clients), ("servers", c.breaks_servers)) if hit
    ]
    return "breaks " + " and ".join(parts) if parts else "compatible"


def format_text(changes: list[Change]) -> str:
    lines = [f"{_who(c)}: {c.where}: {c.message} [{c.kind}]" for c in _ordered(changes)]
    breaking = sum(1 for c in changes if c.breaking)
    lines.append(f"{len(changes)} change(s), {breaking} breaking")
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def format_markdown(changes: list[Change]) -> str:
    breaking = sum(1 for c in changes if c.breaking)
    lines = [
        "## API changes",
        "",
        f"{len(changes)} change(s), **{breaking} breaking**."
        if breaking
        else f"{len(changes)} change(s), none breaking.",
    ]
    if changes:
        lines += ["", "| | Change | Where | Clients | Servers |", "|---|---|---|---|---|"]
        for c in _ordered(changes):
            mark = ":x:" if c.breaking else ":white_check_mark:"
            clients = "**breaks**" if c.breaks_clients else "ok"
            servers = "**breaks**" if c.breaks_servers else "ok"
            lines.append(
                f"| {mark} | `{c.kind}`: {_cell(c.message)} | `{_cell(c.where)}` "
                f"| {clients} | {servers} |"
            )
    return "\n".join(lines) + "\n"


def _ordered(changes: list[Change]) -> list[Change]:
    return sorted(changes, key=lambda c: (not c.breaking, c.where, c.kind, c.message))


def main(args: argparse.Namespace) -> int:
    try:
        changes = compare(args.old, args.new)
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except SpecError as exc:
        for diagnostic in exc.diagnostics:
            print(diagnostic, file=sys.stderr)
        return 1
    render = format_markdown if args.format == "markdown" else format_text
    sys.stdout.write(render(changes))
    return 1 if any(c.breaking for c in changes) and not args.allow_breaking else 0
