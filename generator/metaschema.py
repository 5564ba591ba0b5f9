"""Structural validation against the OpenAPI meta-schema, with readable, located messages.

Most meta-schema errors come from oneOf/anyOf branches; this picks the branch the author meant
and says what is wrong with it, instead of listing every branch's complaint.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import jsonschema_rs

from generator.diagnostics import Diagnostic, Severity
from generator.source import Pointer, Sources

_MAX_MESSAGES = 3
_MAX_OPTIONS = 8
_SHORT = 30
# How clearly a oneOf/anyOf branch was not the one meant, from most to least.
_WRONG_KIND = 3  # a string where the branch wants an object, or no `$ref` for a Reference
_WRONG_VARIANT = 2  # a field with a value of another variant, e.g. `in: query` for path
_MISSING_FIELD = 1  # a required field is absent: weaker, the author may have forgotten it


def resource_json(package: str, name: str) -> Any:
    """A JSON file shipped inside an installed package."""
    # find_spec locates the package without importing it (importlib.resources.files would
    # import openapi_spec_validator, and with it pydantic: 0.2 s for nothing).
    spec = find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"package {package} is not installed")
    folder = Path(next(iter(spec.submodule_search_locations)))
    return json.loads((folder / name).read_text(encoding="utf-8"))


def refuse_retrieval(uri: str) -> Any:
    """Meta-schemas must come from installed packages: validation never uses the network."""
    raise ValueError(f"{uri} is not shipped with the installed packages; not fetching it")


def check_structure(sources: Sources, root: Any, version: str) -> list[Diagnostic]:
    """The document against the OpenAPI meta-schema that openapi-spec-validator ships."""
    metaschema = resource_json(
        "openapi_spec_validator", f"resources/schemas/v{version}/schema.json"
    )
    # The same validator class and options openapi-spec-validator uses, so formats agree.
    validator_class = jsonschema_rs.validator_cls_for(metaschema)
    validator = validator_class(metaschema, retriever=refuse_retrieval)
    problems = explain_all(validator.iter_errors(root), metaschema, root)
    return [
        sources.diagnostic(sources.root.child(*pointer), Severity.WARNING, "schema", message)
        for pointer, message in problems
    ]


def explain_all(
    errors: Iterator[jsonschema_rs.ValidationError], metaschema: Any, instance: Any
) -> list[tuple[Pointer, str]]:
    """Readable messages for a meta-schema's errors, joined per place."""
    by_place: dict[Pointer, list[str]] = {}
    for error in errors:
        for pointer, message in _explain(error, metaschema, instance):
            messages = by_place.setdefault(pointer, [])
            if message not in messages:
                messages.append(message)
    return [(pointer, _join(messages)) for pointer, messages in by_place.items()]


def _join(messages: list[str]) -> str:
    shown = "; ".join(messages[:_MAX_MESSAGES])
    hidden = len(messages) - _MAX_MESSAGES
    return f"{shown} (and {hidden} more)" if hidden > 0 else shown


def _explain(
    error: jsonschema_rs.ValidationError, metaschema: Any, instance: Any
) -> list[tuple[Pointer, str]]:
    """Where an error is and what it says; for oneOf/anyOf, the errors of the branch meant."""
    pointer = _typed(instance, error.instance_path)
    branches: list[list[jsonschema_rs.ValidationError]] | None = getattr(
        error.kind, "context", None
    )
    several = isinstance(error.kind, jsonschema_rs.ValidationErrorKind.OneOfMultipleValid)
    if error.kind.name not in ("oneOf", "anyOf") or not branches or several:
        return [_message(error, pointer)]
    meant = _meant_branch(branches, pointer, instance)
    if meant is None:
        return [_no_branch(error, branches, pointer, metaschema, instance)]
    return [explained for sub in meant for explained in _explain(sub, metaschema, instance)]


def _no_branch(
    error: jsonschema_rs.ValidationError,
    branches: list[list[jsonschema_rs.ValidationError]],
    pointer: Pointer,
    metaschema: Any,
    instance: Any,
) -> tuple[Pointer, str]:
    """What to say when no single branch was evidently meant."""
    variants = _variant_options(branches, pointer, instance)
    if variants is not None:
        key, options = variants
        return (*pointer, key), f"'{key}' must be one of {_quoted(options)}"
    wanted = _required_choices(branches, pointer, instance)
    if wanted:
        return pointer, f"{_subject(pointer)} needs one of {', '.join(map(repr, wanted))}"
    names = _branch_names(metaschema, error.schema_path, len(branches))
    return pointer, f"{_subject(pointer)} is not a valid {names}"


def _variant_options(
    branches: list[list[jsonschema_rs.ValidationError]], pointer: Pointer, instance: Any
) -> tuple[str | int, list[Any]] | None:
    """When every branch rejects the same field's value (`in: querry`), that field's options."""
    keys: set[str | int] = set()
    options: list[Any] = []
    for branch in branches:
        found = False
        for sub in branch:
            path = _typed(instance, sub.instance_path)
            if _rejects_field_value(sub, path, pointer):
                details = sub.kind.as_dict()
                values = details.get("options", [details.get("expected_value")])
                options.extend(v for v in values if v not in options)
                keys.add(path[-1])
                found = True
        if not found:
            return None
    return (keys.pop(), options) if len(keys) == 1 else None


def _required_choices(
    branches: list[list[jsonschema_rs.ValidationError]], pointer: Pointer, instance: Any
) -> list[str]:
    """When every branch only misses fields (schema or content), the fields to choose from."""
    wanted: list[str] = []
    for branch in branches:
        for sub in branch:
            if sub.kind.name != "required" or _typed(instance, sub.instance_path) != pointer:
                return []
            name = str(sub.kind.as_dict().get("property"))
            if name not in wanted:
                wanted.append(name)
    return wanted


def _typed(instance: Any, path: list[str | int]) -> Pointer:
    """jsonschema-rs reports keys like "200" as ints; the document says which are keys."""
    pointer: list[str | int] = []
    value = instance
    for segment in path:
        if isinstance(value, list):
            index = int(segment)
            value = value[index] if 0 <= index < len(value) else None
            key: str | int = index
        else:
            key = str(segment)
            value = value.get(key) if isinstance(value, dict) else None
        pointer.append(key)
    return tuple(pointer)


def _meant_branch(
    branches: list[list[jsonschema_rs.ValidationError]], pointer: Pointer, instance: Any
) -> list[jsonschema_rs.ValidationError] | None:
    """The one branch the author evidently meant, or None when that is unclear."""
    scored = sorted(
        (_mismatch(branch, pointer, instance), len(branch), index)
        for index, branch in enumerate(branches)
    )
    best_mismatch, best_size, best_index = scored[0]
    if best_mismatch >= _WRONG_KIND:
        return None
    if len(scored) > 1 and scored[1][:2] == (best_mismatch, best_size):
        return None
    return branches[best_index]


def _mismatch(branch: list[jsonschema_rs.ValidationError], pointer: Pointer, instance: Any) -> int:
    """How clearly a branch does not apply (see _WRONG_KIND and below)."""
    worst = 0
    for error in branch:
        path = _typed(instance, error.instance_path)
        kind = error.kind.name
        if path == pointer and (kind == "type" or _misses_ref(error)):
            worst = max(worst, _WRONG_KIND)
        elif _rejects_field_value(error, path, pointer):
            worst = max(worst, _WRONG_VARIANT)
        elif path == pointer and kind == "required":
            worst = max(worst, _MISSING_FIELD)
    return worst


def _rejects_field_value(
    error: jsonschema_rs.ValidationError, path: Pointer, pointer: Pointer
) -> bool:
    """An enum or const error on a field right below pointer: a value of another variant."""
    return len(path) == len(pointer) + 1 and error.kind.name in ("enum", "const")


def _misses_ref(error: jsonschema_rs.ValidationError) -> bool:
    """The Reference Object branch failing on a value that is no reference."""
    return error.kind.name == "required" and error.kind.as_dict().get("property") == "$ref"


def _branch_names(metaschema: Any, schema_path: list[str | int], count: int) -> str:
    """'Schema Object or Reference Object': the alternatives a oneOf/anyOf offers."""
    node = metaschema
    for segment in schema_path:
        if isinstance(node, dict) and segment in node:
            node = node[segment]
        elif isinstance(node, list) and 0 <= int(segment) < len(node):
            node = node[int(segment)]
        else:  # the path went through a $ref into another meta-schema
            return f"match for any of its {count} alternatives"
    return " or ".join(_branch_name(branch, i) for i, branch in enumerate(node))


def _branch_name(branch: Any, index: int) -> str:
    if isinstance(branch, dict) and isinstance(branch.get("$ref"), str):
        name = branch["$ref"].rsplit("/", 1)[-1]
        words = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name).replace("-", " ").split()
        return " ".join(w if w == "or" else w[:1].upper() + w[1:] for w in words) + " Object"
    description = branch.get("description") if isinstance(branch, dict) else None
    if isinstance(description, str) and len(description) <= _SHORT:  # "Parameter in path"
        return description
    return f"alternative {index + 1}"


def _subject(pointer: Pointer) -> str:
    if not pointer:
        return "the document"
    if isinstance(pointer[-1], int):
        return f"item {pointer[-1]} of '{pointer[-2]}'" if len(pointer) > 1 else "the item"
    return f"'{pointer[-1]}'"


def _message(error: jsonschema_rs.ValidationError, pointer: Pointer) -> tuple[Pointer, str]:
    """A short message for a plain (non-branching) error, at the most precise place."""
    details = error.kind.as_dict()
    kind = error.kind.name
    subject = _subject(pointer)
    if kind in ("additionalProperties", "unevaluatedProperties"):
        unexpected = [str(name) for name in details.get("unexpected", [])]
        if len(unexpected) == 1:
            return (*pointer, unexpected[0]), f"property '{unexpected[0]}' is not allowed here"
        names = ", ".join(f"'{name}'" for name in unexpected)
        return pointer, f"properties {names} are not allowed here"
    if isinstance(error.kind, jsonschema_rs.ValidationErrorKind.PropertyNames):
        return _bad_name(error.kind.error, pointer)
    message = _MESSAGES.get(kind, _generic)(subject, details)
    return pointer, message


def _bad_name(error: jsonschema_rs.ValidationError, pointer: Pointer) -> tuple[Pointer, str]:
    """A mapping key that breaks `propertyNames`, reported at the key."""
    name = error.instance
    describe = _MESSAGES.get(error.kind.name, _generic)
    message = describe(f"the name '{name}'", error.kind.as_dict())
    return ((*pointer, name) if isinstance(name, str) else pointer), message


def _quoted(values: Any) -> str:
    shown = [json.dumps(value) for value in values]
    cut = shown[:_MAX_OPTIONS]
    return ", ".join(cut) + (", ..." if len(shown) > len(cut) else "")


def _generic(subject: str, details: dict[str, Any]) -> str:
    shown = {key: value for key, value in details.items() if key != "context"}
    return f"{subject} is invalid ({shown})" if shown else f"{subject} is invalid"


def _at_least(subject: str, limit: Any, things: str) -> str:
    return f"{subject} must not be empty" if limit == 1 else f"{subject} needs {limit}+ {things}"


def _must_not(subject: str, schema: Any) -> str:
    required = schema.get("required") if isinstance(schema, dict) and len(schema) == 1 else None
    if isinstance(required, list) and len(required) == 1:
        return f"{subject} must not have '{required[0]}' here"
    if isinstance(required, list):
        return f"{subject} must not have {' and '.join(map(repr, required))} together"
    return f"{subject} must not match {json.dumps(schema)}"


_MESSAGES: dict[str, Callable[[str, dict[str, Any]], str]] = {
    "required": lambda s, d: f"missing required field '{d.get('property')}'",
    "enum": lambda s, d: f"{s} must be one of {_quoted(d.get('options', []))}",
    "const": lambda s, d: f"{s} must be {json.dumps(d.get('expected_value'))}",
    "type": lambda s, d: f"{s} must be of type {' or '.join(d.get('types', []))}",
    "pattern": lambda s, d: f"{s} must match the pattern {d.get('pattern')}",
    "format": lambda s, d: f"{s} is not a valid '{d.get('format')}'",
    "falseSchema": lambda s, d: f"{s} is not allowed here",
    "minItems": lambda s, d: _at_least(s, d.get("limit"), "items"),
    "minProperties": lambda s, d: _at_least(s, d.get("limit"), "entries"),
    "maxItems": lambda s, d: f"{s} must have at most {d.get('limit')} item(s)",
    "minLength": lambda s, d: f"{s} must be at least {d.get('limit')} character(s) long",
    "uniqueItems": lambda s, d: f"{s} must not contain the same item twice",
    "minimum": lambda s, d: f"{s} must be at least {d.get('limit')}",
    "maximum": lambda s, d: f"{s} must be at most {d.get('limit')}",
    "oneOf": lambda s, d: f"{s} matches more than one alternative; it must match exactly one",
    "not": lambda s, d: _must_not(s, d.get("schema")),
}
