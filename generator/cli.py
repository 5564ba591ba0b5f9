"""The `python -m generator` command line: generate, check, and lint, diff, docs for reviewers."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from generator import naming
from generator.diagnostics import Diagnostic, SpecError
from generator.renderer import Renderer, should_fork
from generator.stamps import is_stamp, seal_stamps, stamp, up_to_date

EXIT_OK, EXIT_PROBLEM, EXIT_USAGE = 0, 1, 2
DEFAULT_SPEC = Path("spec/api-tokens.yaml")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m generator",
        description="Generate pydantic models, a strict server interface and a typed client "
        "from OpenAPI 3.0/3.1 documents.",
        epilog="Exit codes: 0 ok, 1 invalid spec or drift, 2 usage error.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, text in (
        ("generate", "write generated code for each spec under --out"),
        ("check", "exit 1 when --out differs from what `generate` would write now"),
    ):
        command = commands.add_parser(name, help=text, description=text)
        _spec_option(command)
        command.add_argument(
            "--out", type=Path, default=Path("generated"), help="output folder (default generated)"
        )
        command.add_argument(
            "--strict", action="store_true", help="treat every warning about the spec as an error"
        )
        command.add_argument(
            "--quiet", action="store_true", help="print errors only, not warnings or a summary"
        )
    _add_review_commands(commands)
    return parser


def _add_review_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """lint, diff and docs, for people who review changes to a spec."""
    lint = commands.add_parser(
        "lint",
        help="check specs for validity and house style (rules: generator/lint.py)",
        description="Validity plus house rules; `x-lint-ignore: [rule-id]` on any object (or "
        "at the root of a file) turns rules off there. Exit 1 when any problem is found.",
    )
    _spec_option(lint)
    lint.add_argument("--format", choices=("text", "json"), default="text")
    diff = commands.add_parser(
        "diff",
        help="list the changes between two specs and whether they break clients or servers",
        description="OLD and NEW are files or git:REF:path. Exit 1 when a change breaks "
        "clients or servers, unless --allow-breaking.",
    )
    diff.add_argument("old", metavar="OLD")
    diff.add_argument("new", metavar="NEW")
    diff.add_argument("--format", choices=("text", "markdown"), default="text")
    diff.add_argument("--allow-breaking", action="store_true", help="exit 0 even when breaking")
    docs = commands.add_parser("docs", help="write a static HTML site documenting a spec")
    docs.add_argument("--spec", type=Path, default=DEFAULT_SPEC, metavar="PATH")
    docs.add_argument("--out", type=Path, default=Path("build/docs"), help="default build/docs")


def _spec_option(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--spec",
        action="append",
        type=Path,
        metavar="PATH",
        help=f"an OpenAPI document, YAML or JSON (repeatable; default {DEFAULT_SPEC})",
    )


def _distinct(specs: Sequence[Path]) -> list[Path]:
    """The specs, each file once (named twice, it would be generated twice)."""
    seen: dict[Path, Path] = {}
    for spec in specs:
        seen.setdefault(spec.resolve(), spec)
    return list(seen.values())


def _package_clash(specs: Sequence[Path]) -> str | None:
    """Why these specs cannot share --out: two that generate into one package."""
    owners: dict[str, Path] = {}
    for spec in specs:
        if not spec.is_file():
            continue  # the build says what is wrong with it
        package = naming.package_name(spec)
        if package in owners:
            return (
                f"{owners[package]} and {spec} would both generate package '{package}' under "
                "--out; generate them into different folders, or rename one"
            )
        owners[package] = spec
    return None


def _report(diagnostics: Sequence[Diagnostic]) -> None:
    for diagnostic in diagnostics:
        print(diagnostic, file=sys.stderr)


def _render_all(
    renderer: Renderer, specs: list[Path], strict: bool, quiet: bool
) -> dict[str, str] | None:
    """Every file of every spec, formatted; None (after reporting) when any spec fails."""
    from generator.build import Built, build  # noqa: PLC0415 - see main
    from generator.output import Formatter  # noqa: PLC0415

    with Formatter() as formatter:
        done: list[Built] = []
        for spec in specs:
            try:
                built = build(spec, strict=strict, parsed=renderer.parsed)
            except SpecError as exc:
                _report(exc.diagnostics)
                n = sum(1 for d in exc.diagnostics if d.severity == "error")
                print(f"{spec}: {n} error(s); nothing was written", file=sys.stderr)
                continue
            if not quiet:
                _report(built.diagnostics)
            done.append(built)
        if len(done) < len(specs):
            return None
        stamps: dict[str, dict[str, object]] = {}
        for built, files in zip(done, renderer.render([b.api for b in done]), strict=True):
            for name, text in files:
                formatter.add(name, text)
            stamps |= stamp(built.api)
        return seal_stamps(formatter.finish(), stamps)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command in ("lint", "diff", "docs"):
        return _review(args)
    specs = _distinct(args.spec or [DEFAULT_SPEC])
    clash = _package_clash(specs)
    if clash is not None:
        print(f"python -m generator: {clash}", file=sys.stderr)
        return EXIT_USAGE
    if args.out.exists() and not args.out.is_dir():
        print(f"python -m generator: --out {args.out} is a file, not a folder", file=sys.stderr)
        return EXIT_USAGE
    unchanged = up_to_date(specs, args.out)  # the stamps say so
    if unchanged is not None:
        if not args.quiet:
            if args.command == "check":
                print(f"{args.out} is up to date ({unchanged} files)", file=sys.stderr)
            else:
                print(f"wrote 0 of {unchanged} files under {args.out}", file=sys.stderr)
        return EXIT_OK
    # The renderer forks before the rest is imported, so that the child parses the specs
    # (PyYAML) and loads Jinja while the parent imports the builders and builds
    # (generator/renderer.py).
    with Renderer(specs, fork=should_fork(specs)) as renderer:
        return _generate_or_check(renderer, args, specs)


def _generate_or_check(renderer: Renderer, args: argparse.Namespace, specs: list[Path]) -> int:
    from generator.output import compare, write  # noqa: PLC0415 - see main

    files = _render_all(renderer, specs, args.strict, args.quiet)
    if files is None:
        return EXIT_PROBLEM
    if args.command == "check":
        drift = compare(files, args.out)
        if drift:
            sys.stdout.write(drift.diff[:20000])
            for label, names in (
                ("changed", drift.changed),
                ("missing", drift.added),
                ("stale", drift.removed),
            ):
                for name in names:
                    print(f"{label}: {args.out / name}", file=sys.stderr)
            print(f"{args.out} is out of date: run `make generate`", file=sys.stderr)
            return EXIT_PROBLEM
        if not args.quiet:
            total = sum(not is_stamp(name) for name in files)
            print(f"{args.out} is up to date ({total} files)", file=sys.stderr)
        return EXIT_OK
    try:
        written = write(files, args.out)
    except OSError as exc:  # a read-only folder, a full disk: each file is whole or untouched
        where = exc.filename or args.out
        print(f"{where}: cannot write: {exc.strerror or exc}", file=sys.stderr)
        print(f"{args.out}: generation stopped; rerun once it can be written", file=sys.stderr)
        return EXIT_PROBLEM
    if not args.quiet:
        total = sum(not is_stamp(name) for name in files)
        print(f"wrote {len(written)} of {total} files under {args.out}", file=sys.stderr)
    return EXIT_OK


def _review(args: argparse.Namespace) -> int:
    """lint, diff or docs; each imported only when asked for."""
    if args.command == "lint":
        from generator.lint import main as lint  # noqa: PLC0415

        return lint(args)
    if args.command == "diff":
        from generator.diff import main as diff  # noqa: PLC0415

        return diff(args)
    from generator.docs import main as docs  # noqa: PLC0415

    return docs(args)


def run() -> NoReturn:
    """The entry point of `python -m generator` and `specforge-generate`: main, then a fast exit.

    Tearing the interpreter down (freeing the IR, every module, jsonschema-rs's validators)
    takes about 20 ms, a tenth of a run on a small spec, and does nothing for the user: every
    file is written and closed by then. mypy ends the same way.
    """
    code = main()
    try:
        sys.stdout.flush()
    except OSError as exc:  # a full disk, a closed pipe: as Python's own exit would, say so
        print(f"python -m generator: cannot write its output: {exc}", file=sys.stderr)
        code = code or 120
    try:
        sys.stderr.flush()
    except OSError:
        code = code or 120
    os._exit(code)
