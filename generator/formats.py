"""Formats jsonschema-rs must pass unchecked so its verdicts agree with Python's jsonschema.

Shared by the checks of schemas against their meta-schema (validation.py) and of defaults
against their schema (defaults.py): both stand in for openapi-spec-validator, which checks
formats with Python's jsonschema and whatever optional packages are installed.
"""

from __future__ import annotations

from collections.abc import Callable

# Formats Python's jsonschema passes unchecked without optional packages not installed here.
_UNCHECKED = (
    "hostname",
    "uri",
    "uri-reference",
    "iri",
    "iri-reference",
    "json-pointer",
    "relative-json-pointer",
    "uri-template",
    "duration",
)


def _anything(_: str) -> bool:
    return True


def unchecked_formats() -> dict[str, Callable[[str], bool]]:
    """A checker accepting anything for each format Python's jsonschema leaves unchecked here."""
    return dict.fromkeys(_UNCHECKED, _anything)
