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
from urllib.parse import unquote, urlsplit

import jsonschema_rs

from generator.formats import unchecked_formats
from generator.source import Ref, Sources

_INT_RANGES = {"int32": (-(2**31), 2**31 - 1), "int64": (-(2**63), 2**63 - 1)}


def _is_base64(text: str) -> bool:
    try:
        base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return False
    return True


@cache
def _formats(version: str) -> dict[str, Callable[[str], bool]]:
    formats = unchecked_formats()
    if version == "3.0":
        formats["byte"] = _is_base64
    return formats


def _as_json_schema(node: Any, version: str) -> Any:
    """The schema as plain JSON Schema sees it: OpenAPI 3.0's `nullable: true` joins null to
    the type (and the enum), and the integer formats' ranges become bounds, as
    openapi-spec-validator's format checks hold integers to them at every depth."""
    if isinstance(node, list):
        return [_as_json_schema(item, version) for item in node]
    if not isinstance(node, dict):
        return node
    converted = {key: _as_json_schema(value, version) for key, value in node.items()}
    if version == "3.0" and node.get("nullable") is True:
        if isinstance(node.get("type"), str):
            converted["type"] = [node["type"], "null"]
        if isinstance(node.get("enum"), list) and None not in node["enum"]:
            converted["enum"] = [*node["enum"], None]
    _bound_integer_format(node, converted)
    return converted


def _bound_integer_format(node: dict[str, Any], converted: dict[str, Any]) -> None:
    """An int32/int64 schema's range as bounds on `converted`, where its own are looser."""
    form = node.get("format")
    kinds = node.get("type", "integer")
    if not isinstance(form, str) or form not in _INT_RANGES:
        return
    if kinds != "integer" and not (isinstance(kinds, list) and "integer" in kinds):
        return
    low, high = _INT_RANGES[form]
    for keyword, limit, tighter in (("minimum", low, max), ("maximum", high, min)):
        bound = node.get(keyword)
        if isinstance(bound, bool) or not isinstance(bound, int | float):
            converted[keyword] = limit
        elif tighter(bound, limit) != bound:
            converted[keyword] = limit
            exclusive = f"exclusive{keyword.title()}"
            if isinstance(node.get(exclusive), bool):  # 3.0's flag spoke of the looser bound
                del converted[exclusive]


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
            return None
        return f"the default does not match the schema: {error.message}"

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
                _as_json_schema(schema, self.version),
                validate_formats=True,
                formats=_formats(self.version),
            )
        target = {"$ref": at.uri()}
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
        return _as_json_schema(document, self.version)

    def _retrieve(self, uri: str) -> Any:
        """Serve the spec's own files not loaded yet; nothing is fetched from anywhere else."""
        parts = urlsplit(uri)
        if parts.scheme != "file":
            raise ValueError(f"remote references are not supported: {uri}")
        return self._document(Path(unquote(parts.path)))
