"""Problems found in a spec: values with a severity and a location, reported together."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Location:
    """A place in a spec file; line and column are 1-based."""

    file: str
    line: int
    col: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"


@dataclass(frozen=True)
class Diagnostic:
    """One problem: where it is, how bad it is, which rule it breaks and what is wrong."""

    location: Location
    severity: Severity
    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.severity}: {self.message} [{self.code}]"

    def as_error(self) -> Diagnostic:
        return Diagnostic(self.location, Severity.ERROR, self.code, self.message)


class SpecError(Exception):
    """Raised when a spec cannot be turned into code; carries every problem found."""

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics = tuple(sorted(diagnostics, key=sort_key))
        super().__init__("\n".join(str(d) for d in self.diagnostics))


def sort_key(diagnostic: Diagnostic) -> tuple[Location, str, str]:
    return (diagnostic.location, diagnostic.code, diagnostic.message)


def errors(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    return [d for d in diagnostics if d.severity is Severity.ERROR]


def escalate(diagnostics: Iterable[Diagnostic], strict: bool) -> list[Diagnostic]:
    """Under --strict every problem is an error."""
    return [d.as_error() if strict else d for d in diagnostics]
