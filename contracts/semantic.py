"""Runs the registered semantic checks within a deadline, then cleans up what they made."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from .context import Context
from .failures import ContractViolation, Violation
from .http import Unresponsive
from .rules import RULES


@dataclass
class RuleResult:
    name: str
    status: str  # "pass", "FAIL", "not run"
    seconds: float = 0.0
    violations: list[Violation] = field(default_factory=list)


def run_rule(name: str, ctx: Context) -> RuleResult:
    started = time.monotonic()
    result = RuleResult(name, "pass")
    try:
        RULES[name](ctx)
    except ContractViolation as exc:
        result.violations.append(exc.violation)
    except Unresponsive as exc:
        result.violations.append(Violation("responsive", "an HTTP answer", str(exc), exc.curl))
    except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
        seen = f"an unusable response ({type(exc).__name__}: {exc})"
        curl = ctx.http.log[-1].curl if ctx.http.log else ""
        result.violations.append(Violation(name, "responses shaped as the spec says", seen, curl))
    if result.violations:
        result.status = "FAIL"
    result.seconds = time.monotonic() - started
    return result


def run_all(
    ctx: Context, deadline: float, progress: Callable[[str], None], only: list[str] | None = None
) -> list[RuleResult]:
    results = []
    for name in only or list(RULES):
        if time.monotonic() >= deadline:
            results.append(RuleResult(name, "not run"))
            continue
        progress(f"semantic: {name} ...")
        result = run_rule(name, ctx)
        progress(f"semantic: {name} {result.status} ({result.seconds:.1f} s)")
        results.append(result)
    return results
