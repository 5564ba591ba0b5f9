"""`python -m generator docs`: a static HTML site for a spec, one page per operation.

The pages come from the IR (`generator.build.build`) through Jinja templates under
`generator/templates/docs/` with autoescaping on; CSS is inline, so the site opens from disk
with no network. Output is deterministic and replaces `--out` atomically (written to a
temporary folder beside it, then renamed). A folder is replaced only if it is empty or holds a
site this command wrote (its MARKER file): `--out` naming a folder of other files, or a file,
is refused rather than deleted.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from functools import cache
from pathlib import Path

import jinja2

from generator.build import build
from generator.diagnostics import SpecError
from generator.docs_view import Site, Viewer

MARKER = ".generator-docs"
_MARKER_TEXT = "Written by `python -m generator docs`, which replaces this whole folder.\n"


class NotASite(Exception):
    """--out holds something this command did not write: replacing it would delete it."""


@cache
def environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("generator", "templates/docs"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_site(site: Site) -> dict[str, str]:
    """{file name: HTML} for the index and every operation."""
    env = environment()
    files = {"index.html": env.get_template("index.html.jinja").render(site=site)}
    page = env.get_template("operation.html.jinja")
    for op in site.operations:
        files[op.page] = page.render(site=site, op=op)
    return files


def write_site(files: dict[str, str], out: Path) -> None:
    """Replace out with exactly these files (and the marker), atomically: nothing
    half-written is ever seen. NotASite when out holds anything else."""
    _check_replaceable(out)
    out = out.resolve()  # `.` has no name to rename, nor a parent to stage beside
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    old: Path | None = None
    try:
        for name in sorted(files):
            (staging / name).write_text(files[name], encoding="utf-8")
        (staging / MARKER).write_text(_MARKER_TEXT, encoding="utf-8")
        staging.chmod(0o755)
        if out.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
            out.rename(old / out.name)
        staging.rename(out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        if old is not None:
            if not out.exists():  # put the previous site back
                (old / out.name).rename(out)
            shutil.rmtree(old, ignore_errors=True)
        raise
    if old is not None:
        shutil.rmtree(old)


def _check_replaceable(out: Path) -> None:
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        raise NotASite(f"--out {out} is not a folder; it was left as it was")
    here = Path.cwd()
    if out.resolve() in (here, *here.parents):
        raise NotASite(f"--out {out} is the current folder or holds it; name a folder inside")
    if out.is_dir() and not (out / MARKER).is_file() and any(out.iterdir()):
        raise NotASite(
            f"--out {out} holds files this command did not write, and each run replaces the "
            "whole folder; name a new or empty folder (it was left as it was)"
        )


def docs(spec: Path, out: Path) -> dict[str, str]:
    """Build the spec and write its site under out; returns the files written."""
    files = render_site(Viewer(build(spec).api).site())
    write_site(files, out)
    return files


def main(args: argparse.Namespace) -> int:
    try:
        files = docs(args.spec, args.out)
    except SpecError as exc:
        for diagnostic in exc.diagnostics:
            print(diagnostic, file=sys.stderr)
        print(f"{args.spec}: invalid; {args.out} was left as it was", file=sys.stderr)
        return 1
    except NotASite as exc:
        print(f"python -m generator docs: {exc}", file=sys.stderr)
        return 2
    print(f"wrote {len(files)} pages under {args.out}", file=sys.stderr)
    return 0
