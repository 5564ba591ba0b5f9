"""Does a schema's `default` satisfy the schema? The verdict openapi-spec-validator gives, fast.

openapi-spec-validator checks defaults with openapi-schema-validator, whose import alone costs
a quarter of a second; jsonschema-rs gives the same verdicts once it checks the same formats:
OpenAPI's own (int32, int64, byte), the standard ones Python's jsonschema checks with the
packages installed here, and none of those it leaves unchecked (the URI family, hostname...).
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlsplit

import jsonschema_rs

from generator.source import Ref, Sources

_INT_RANGES = {"int32": (-(2**31), 2**31 - 1), "int64": (-(2**63), 2**63 - 1)}
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


def _is_base64(text: str) -> bool:
    try:
        base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return False
    return True


@cache
def _formats(version: str) -> dict[str, Callable[[str], bool]]:
    formats: dict[str, Callable[[str], bool]] = dict.fromkeys(_UNCHECKED, _anything)
    if version == "3.0":
        formats["byte"] = _is_base64
    return formats


def _nullable_as_type(node: Any) -> Any:
    """OpenAPI 3.0's `nullable: true` spelt as JSON Schema: null joins the type (and the enum)."""
    if isinstance(node, list):
        return [_nullable_as_type(item) for item in node]
    if not isinstance(node, dict):
        return node
    converted = {key: _nullable_as_type(value) for key, value in node.items()}
    if node.get("nullable") is True:
        if isinstance(node.get("type"), str):
            converted["type"] = [node["type"], "null"]
        if isinstance(node.get("enum"), list) and None not in node["enum"]:
            converted["enum"] = [*node["enum"], None]
    return converted


def _refers(node: Any) -> bool:
    """Whether node holds a `$`-keyword (`$ref`, `$id`, `$dynamicRef`...) that needs a registry."""
    if isinstance(node, list):
        return any(_refers(item) for item in node)
    if not isinstance(node, dict):
        return False
    return any(key.startswith("$") or _refers(value) for key, value in node.items())


class DefaultChecker:
    """Checks defaults in one spec: one shared registry, a small validator per default."""

    def __init__(self, sources: Sources, version: str) -> None:
        self.sources = sources
        self.version = version
        self._registry: jsonschema_rs.Registry | None = None

    def problem(self, schema: dict[str, Any], at: Ref) -> str | None:
        """Why the default does not fit its schema, or None when it does."""
        default = schema["default"]
        if default is None and schema.get("nullable") is True:
            return None
        try:
            validator = self._validator(schema, at)
            error = next(iter(validator.iter_errors(default)), None)
        except (jsonschema_rs.ValidationError, jsonschema_rs.ReferencingError, ValueError) as exc:
            return f"the default cannot be checked: {exc}"
        if error is None:
            error_text = self._range_problem(schema, default)
            return None if error_text is None else f"the default does not match: {error_text}"
        return f"the default does not match the schema: {error.message}"

    def _range_problem(self, schema: dict[str, Any], default: Any) -> str | None:
        bounds = _INT_RANGES.get(str(schema.get("format")))
        if bounds is None or isinstance(default, bool) or not isinstance(default, int):
            return None
        low, high = bounds
        return None if low <= default <= high else f"{default} is out of {schema['format']} range"

    def _validator(self, schema: dict[str, Any], at: Ref) -> jsonschema_rs.Validator:
        draft = (
            jsonschema_rs.Draft4Validator
            if self.version == "3.0"
            else (jsonschema_rs.Draft202012Validator)
        )
        if not _refers(schema):
            # Most defaults sit on small self-contained schemas: validate them alone and skip
            # the registry of the whole spec, which costs ~0.5 s on a 13 MB document.
            return draft(
                _nullable_as_type(schema) if self.version == "3.0" else schema,
                validate_formats=True,
                formats=_formats(self.version),
            )
        pointer = "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in at.pointer)
        target = {"$ref": f"{at.file.as_uri()}#{quote(pointer, safe='/~')}"}
        return draft(
            target,
            validate_formats=True,
            formats=_formats(self.version),
            registry=self._shared_registry(),
        )

    def _shared_registry(self) -> jsonschema_rs.Registry:
        """One registry of the spec's files for every default: built once, so cost stays linear."""
        if self._registry is None:
            draft = jsonschema_rs.Draft4 if self.version == "3.0" else jsonschema_rs.Draft202012
            resources = [(path.as_uri(), self._document(path)) for path in self.sources.files()]
            self._registry = jsonschema_rs.Registry(
                resources, draft=draft, retriever=self._retrieve
            )
        return self._registry

    def _document(self, path: Path) -> Any:
        document = self.sources.node(Ref(path))
        return _nullable_as_type(document) if self.version == "3.0" else document

    def _retrieve(self, uri: str) -> Any:
        """Serve the spec's own files not loaded yet; nothing is fetched from anywhere else."""
        parts = urlsplit(uri)
        if parts.scheme != "file":
            raise ValueError(f"remote references are not supported: {uri}")
        return self._document(Path(unquote(parts.path)))
