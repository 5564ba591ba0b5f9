"""The example-valid rule: every example validates against its schema (2020-12, formats on)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import jsonschema_rs

from generator.lint_spec import Found, Spec
from generator.source import Ref


class _Validators:
    """One validator per schema location, all sharing a registry of the spec's files."""

    def __init__(self, spec: Spec) -> None:
        self._registry = jsonschema_rs.Registry(
            [(ref.file.as_uri(), document) for ref, document in spec.documents()],
            draft=jsonschema_rs.Draft202012,
        )
        self._cache: dict[Ref, jsonschema_rs.Validator] = {}

    def errors(self, schema_at: Ref, instance: Any) -> list[str]:
        if schema_at not in self._cache:
            self._cache[schema_at] = jsonschema_rs.validator_for(
                {"$ref": schema_at.uri()},
                registry=self._registry,
                validate_formats=True,
            )
        found = []
        for error in self._cache[schema_at].iter_errors(instance):
            where = "/".join(str(p) for p in error.instance_path)
            found.append(f"{error.message} (at /{where})" if where else error.message)
        return found


def check_examples(spec: Spec) -> Iterator[Found]:
    try:
        validators = _Validators(spec)
    except (ValueError, jsonschema_rs.ReferencingError) as exc:
        yield _no_registry(spec, exc)
        return
    for at, node in spec.nodes():
        schema_at = at.child("schema") if isinstance(node.get("schema"), dict | bool) else at
        for value_at, value in _examples(spec, at, node, with_map="schema" in node):
            try:
                problems = validators.errors(schema_at, value)
            except (ValueError, jsonschema_rs.ReferencingError) as exc:
                yield Found(value_at, f"cannot check this example: {exc}")
                continue
            if problems:
                yield Found(value_at, "example does not match its schema: " + "; ".join(problems))


def _no_registry(spec: Spec, exc: Exception) -> Found:
    """Why no example can be checked; jsonschema-rs gives up on deep nesting without saying
    where, so the deepest place of the spec's files is named."""
    if "recursion limit" not in str(exc).lower():
        return Found(spec.sources.root, f"cannot build a schema registry: {exc}")
    depth, at = spec.sources.deepest()
    message = f"the spec nests {depth} levels deep here, too deep to check its examples"
    return Found(at, message)


def _examples(spec: Spec, at: Ref, node: dict[str, Any], with_map: bool) -> Iterator[Any]:
    """(where, value) of each example of a media type, parameter, header or schema node."""
    if "example" in node:
        yield at.child("example"), node["example"]
    examples = node.get("examples")
    if isinstance(examples, list) and not with_map:
        yield from ((at.child("examples", i), v) for i, v in enumerate(examples))
    elif isinstance(examples, dict) and with_map:
        for name, entry in examples.items():
            found = spec.mapping(entry, at.child("examples", name))
            if found is not None and "value" in found[1]:
                yield found[0].child("value"), found[1]["value"]
