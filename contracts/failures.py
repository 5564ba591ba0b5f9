"""Violations: what a check found, with the request that reproduces it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Violation:
    """One broken rule: which, what was expected, what was seen, and a curl that shows it."""

    rule: str
    expected: str
    seen: str
    curl: str
    source: str = "semantic"  # "semantic" or "schemathesis"

    def render(self) -> str:
        return (
            f"[{self.rule}] ({self.source})\n"
            f"  expected: {self.expected}\n"
            f"  seen:     {self.seen}\n"
            f"  reproduce:\n    {self.curl.replace(chr(10), chr(10) + '    ')}"
        )


class ContractViolation(Exception):
    """Raised by a semantic check; carries the violation and its reproducing request."""

    def __init__(self, rule: str, expected: str, seen: str, curl: str) -> None:
        super().__init__(f"{rule}: expected {expected}, saw {seen}")
        self.violation = Violation(rule, expected, seen, curl)


class CouldNotRun(Exception):
    """The suite cannot run at all (exit 2): bad arguments, unreachable server, invalid spec."""
