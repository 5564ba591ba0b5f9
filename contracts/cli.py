"""`python -m contracts`: contract-test a running server against its OpenAPI spec.

Exit 0: no violation; 1: violations (each printed with its rule, expected, seen and a curl);
2: could not run (bad arguments, unreachable server, invalid spec), said in one line.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import httpx

from .context import Context
from .failures import CouldNotRun, Violation
from .http import Http, Unresponsive
from .report import table, write_junit
from .rules import RULES
from .semantic import RuleResult, run_all
from .spec import Facts, read_facts
from .st_runner import StOptions, StResult
from .st_runner import run as run_schemathesis


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(2, f"contracts: error: {message} (see --help)\n")


def parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="python -m contracts",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="Semantic checks: " + ", ".join(RULES) + ". The token the suite creates are "
        "deleted at the end. Curl commands use $CONTRACT_TOKEN for --token.",
    )
    p.add_argument(
        "--base-url", required=True, help="the API's base URL, e.g. http://127.0.0.1:8000/api"
    )
    p.add_argument(
        "--token", required=True, help="a bearer token holding every scope the suite needs"
    )
    p.add_argument(
        "--spec",
        type=Path,
        default=Path("spec/api-tokens.yaml"),
        help="OpenAPI spec (default %(default)s)",
    )
    p.add_argument(
        "--seed",
        type=int,
        default=0,
        help="the same seed replays the same cases (default %(default)s)",
    )
    p.add_argument(
        "--max-examples",
        type=_positive,
        default=25,
        help="schemathesis cases per operation and phase (default %(default)s)",
    )
    p.add_argument(
        "--time-limit",
        type=_positive,
        default=120,
        help="cap on the whole run, seconds (default %(default)s)",
    )
    p.add_argument(
        "--request-timeout",
        type=float,
        default=5.0,
        help="per request, seconds (default %(default)s)",
    )
    p.add_argument("--junit-xml", type=Path, help="write a JUnit XML report here")
    p.add_argument(
        "--workers", type=_positive, default=1, help="schemathesis workers (non-stateful phases)"
    )
    p.add_argument("--only", choices=["semantic", "schemathesis"], help="run one half of the suite")
    p.add_argument(
        "--rule",
        action="append",
        choices=list(RULES),
        help="run only this semantic check (repeatable)",
    )
    return p  # fmt: skip


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an integer: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {value}")
    return value


def progress(line: str) -> None:
    print(f"  .. {line}", file=sys.stderr, flush=True)


@dataclass
class Outcome:
    rules: list[RuleResult]
    st: StResult | None
    extra: list[Violation]


def preflight(ctx: Context) -> Violation | None:
    """None when the server answers the main token; raises CouldNotRun when unreachable."""
    op = ctx.facts.current or ctx.facts.query
    assert op is not None
    body: dict[str, object] | None = {} if op is ctx.facts.query else None
    try:
        ex = ctx.call(op, body=body)
    except Unresponsive as exc:
        if isinstance(exc.__cause__, httpx.ConnectError):
            raise CouldNotRun(f"server unreachable at {ctx.http.base_url}: {exc}") from None
        return Violation("responsive", "an HTTP answer", str(exc), exc.curl)
    if ex.status in (401, 403):
        raise CouldNotRun(f"the server refused --token (HTTP {ex.status})")
    if ex.status != 200 or not isinstance(ex.json(), dict):  # noqa: PLR2004
        seen = f"HTTP {ex.status} {ex.headers.get('content-type')}: {ex.text[:200]!r}"
        return Violation("responsive", f"200 JSON from {op.operation_id}", seen, ex.curl)
    return None


def run_suite(args: argparse.Namespace, facts: Facts, started: float) -> Outcome:
    deadline = started + args.time_limit
    http = Http(args.base_url, args.token, timeout=args.request_timeout)
    ctx = Context(facts, http, args.token)
    outcome = Outcome([], None, [])
    try:
        broken = preflight(ctx)
        if broken is not None:
            outcome.extra.append(broken)
            return outcome
        if args.only != "schemathesis":
            semantic_deadline = started + args.time_limit * 0.5
            outcome.rules = run_all(ctx, semantic_deadline, progress, args.rule)
        if args.only != "semantic":
            opts = StOptions(args.spec, args.base_url, args.token, args.seed,
                             args.max_examples, args.workers, args.request_timeout,
                             facts.expiry_field)  # fmt: skip
            budget = deadline - time.monotonic() - 3
            outcome.st = run_schemathesis(opts, budget, progress)
            ctx.created.update(dict.fromkeys(outcome.st.created_ids, ""))
    finally:
        left = _clean_up(ctx, deadline)
        http.close()
    if left:
        progress(f"could not delete {len(left)} created resources: {', '.join(left[:5])}")
    return outcome


def _clean_up(ctx: Context, deadline: float) -> list[str]:
    if not ctx.created or time.monotonic() > deadline + 10:
        return list(ctx.created)
    progress(f"cleaning up {len(ctx.created)} created resources")
    return ctx.clean_up()


def report(args: argparse.Namespace, outcome: Outcome, seconds: float) -> int:
    violations = [v for r in outcome.rules for v in r.violations] + outcome.extra
    violations += outcome.st.violations if outcome.st else []
    if outcome.st and outcome.st.killed:
        violations.append(Violation("time_limit", f"schemathesis done within {args.time_limit} s",
                                    "killed at the time limit", "", "schemathesis"))  # fmt: skip
    for number, v in enumerate(violations, 1):
        print(f"\n{number}. {v.render()}")
    print("\n" + table(outcome.rules, outcome.st, len(violations), seconds))
    if args.junit_xml:
        write_junit(args.junit_xml, outcome.rules, outcome.st, outcome.extra)
    print(f"\n{len(violations)} violation(s); seed {args.seed}; {seconds:.1f} s")
    return 1 if violations else 0


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    started = time.monotonic()
    try:
        facts = read_facts(args.spec)
        outcome = run_suite(args, facts, started)
    except CouldNotRun as exc:
        print(f"contracts: error: {exc}", file=sys.stderr)
        return 2
    return report(args, outcome, time.monotonic() - started)
