"""Checks a spec as openapi-spec-validator does, but fast and with each problem at its line."""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema_rs

from generator.defaults import DefaultChecker
from generator.diagnostics import Diagnostic, Severity, SpecError, sort_key
from generator.formats import unchecked_formats
from generator.metaschema import check_structure, explain_all, refuse_retrieval, resource_json
from generator.source import Pointer, Ref, Sources

_OPERATIONS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_SUPPORTED = re.compile(r"3\.([01])(?:\.|$)")
_OAS31_DIALECT = "https://spec.openapis.org/oas/3.1/dialect/base"

# Keys whose values are literal data, not spec structure: a `$ref` inside is not a reference.
_LITERALS = frozenset({"example", "default", "enum", "const", "value"})
# Keys whose children are named by the author, so a child called `default` is no literal.
NAME_MAPS = frozenset(
    {
        "properties",
        "patternProperties",
        "$defs",
        "definitions",
        "dependentSchemas",
        "schemas",
        "responses",
        "parameters",
        "examples",
        "requestBodies",
        "headers",
        "securitySchemes",
        "links",
        "callbacks",
        "pathItems",
        "paths",
        "webhooks",
        "content",
        "encoding",
        "variables",
        "mapping",
        "scopes",
    }
)


def validate(sources: Sources) -> list[Diagnostic]:
    """Every problem in the spec: structure, references, operations, parameters and schemas."""
    root = sources.node(sources.root)
    version, found = _check_version(sources, root)
    if version is not None:
        found += check_structure(sources, root, version)
        found += _check_refs(sources)
        found += _check_semantics(sources, root, version)
    return _collapse([*found, *sources.load_warnings])


def _collapse(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """One diagnostic per place and rule: the first found says the most."""
    kept: dict[tuple[object, ...], Diagnostic] = {}
    for diagnostic in diagnostics:
        key: tuple[object, ...] = (diagnostic.location, diagnostic.code)
        if diagnostic.code in ("duplicate-key", "path-parameter"):
            key = (*key, diagnostic.message)  # distinct problems that may share a place
        kept.setdefault(key, diagnostic)
    return sorted(kept.values(), key=sort_key)


# --- version ---------------------------------------------------------------------------------


def _check_version(sources: Sources, root: Any) -> tuple[str | None, list[Diagnostic]]:
    """The '3.0' or '3.1' the spec is written in, or the problem that stops all other checks."""
    at = sources.root
    if not isinstance(root, dict):
        message = "a spec must be a mapping with an 'openapi' field"
        return None, [sources.diagnostic(at, Severity.ERROR, "version", message)]
    version = root.get("openapi")
    if version is None and "swagger" in root:
        message = "Swagger 2.0 is not supported; convert it to OpenAPI 3 first"
        return None, [sources.diagnostic(at.child("swagger"), Severity.ERROR, "version", message)]
    if version is None:
        message = "'openapi' is missing: which OpenAPI version is this?"
        return None, [sources.diagnostic(at, Severity.ERROR, "version", message)]
    if not isinstance(version, str):
        message = f"'openapi' must be a string such as \"3.1.0\", not {version!r} (quote it)"
        return None, [sources.diagnostic(at.child("openapi"), Severity.ERROR, "version", message)]
    match = _SUPPORTED.match(version)
    if match is None:
        message = f"OpenAPI {version!r} is not supported; use 3.0.x or 3.1.x"
        return None, [sources.diagnostic(at.child("openapi"), Severity.ERROR, "version", message)]
    return f"3.{match.group(1)}", []


# --- references ------------------------------------------------------------------------------


def _check_refs(sources: Sources) -> list[Diagnostic]:
    """Every `$ref` in the root file and in each file reached through refs resolves."""
    found: list[Diagnostic] = []
    pending = [sources.root.file]
    walked: set[Path] = set()
    while pending:
        path = pending.pop()
        if path in walked:
            continue
        walked.add(path)
        document = sources.node(Ref(path))
        # Whether a ref resolves depends only on its file and text: check each text once.
        holders: dict[str, dict[str, Any]] = {}
        for holder in _ref_holders(document):
            holders.setdefault(holder["$ref"], holder)
        for ref, holder in holders.items():
            try:
                target, _ = sources.follow(holder, Ref(path))
            except SpecError:
                found.extend(_ref_problems(sources, document, path, ref))
                continue
            pending.append(target.file)
    return found


def _ref_problems(sources: Sources, document: Any, path: Path, ref: str) -> list[Diagnostic]:
    """The broken ref's problem at each place it is written."""
    problems: list[Diagnostic] = []
    for pointer in _pointers_of_ref(document, ref):
        try:
            sources.follow({"$ref": ref}, Ref(path, pointer))
        except SpecError as exc:
            problems.extend(exc.diagnostics)
    return problems


def _ref_holders(document: Any) -> Iterator[dict[str, Any]]:
    """Each mapping with a `$ref` string, outside literal values (examples, defaults, enums...)."""
    for _, holder in _walk_refs(document, with_pointers=False):
        yield holder


def _pointers_of_ref(document: Any, ref: str) -> list[Pointer]:
    return [p for p, holder in _walk_refs(document, with_pointers=True) if holder["$ref"] == ref]


def _walk_refs(document: Any, with_pointers: bool) -> Iterator[tuple[Pointer, dict[str, Any]]]:
    # Pointers only on request: this walks every node of 13 MB specs.
    stack: list[tuple[Pointer, Any, bool]] = [((), document, False)]
    seen: set[int] = set()  # YAML aliases share nodes: walk each once
    while stack:
        pointer, value, names = stack.pop()
        if id(value) in seen:
            continue
        seen.add(id(value))
        if isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, dict | list):
                    stack.append(((*pointer, index) if with_pointers else (), item, False))
            continue
        if not isinstance(value, dict):  # a whole file may be a plain value
            continue
        if not names and isinstance(value.get("$ref"), str):
            yield pointer, value
        for key, item in value.items():
            if isinstance(item, dict | list) and (names or not is_literal(key, item)):
                child = (*pointer, key) if with_pointers else ()
                stack.append((child, item, not names and key in NAME_MAPS))


def is_literal(key: str, value: Any) -> bool:
    """Whether the value at key is literal data (an example, a default), where `$ref` is no ref."""
    # In a 3.1 Schema Object `examples` is a list of literal values, elsewhere a map of Examples.
    return (
        key in _LITERALS or key.startswith("x-") or (key == "examples" and isinstance(value, list))
    )


# --- operations, parameters, tags ------------------------------------------------------------


@dataclass
class _Context:
    """What one validation run has found and seen so far."""

    sources: Sources
    version: str
    root: Any
    found: list[Diagnostic] = field(default_factory=list)
    operation_ids: dict[str, Ref] = field(default_factory=dict)
    meta_checked: set[int] = field(default_factory=set)
    schemas_seen: set[int] = field(default_factory=set)
    meta_validators: dict[str, jsonschema_rs.Validator | None] = field(default_factory=dict)
    defaults: DefaultChecker | None = None

    def warn(self, at: Ref, code: str, message: str) -> None:
        self.found.append(self.sources.diagnostic(at, Severity.WARNING, code, message))

    def deref(self, value: Any, at: Ref) -> tuple[Ref, Any] | None:
        """The node value refers to; None when the reference is broken (reported elsewhere)."""
        try:
            return self.sources.follow(value, at)
        except SpecError:
            return None

    def mapping(self, value: Any, at: Ref) -> tuple[Ref, dict[str, Any]] | None:
        resolved = self.deref(value, at)
        if resolved is None or not isinstance(resolved[1], dict):
            return None
        return resolved


def _check_semantics(sources: Sources, root: dict[str, Any], version: str) -> list[Diagnostic]:
    """The checks openapi-spec-validator makes beyond the meta-schema, in the same order."""
    context = _Context(sources, version, root, defaults=DefaultChecker(sources, version))
    _check_tags(context)
    paths = context.mapping(root.get("paths"), sources.root.child("paths"))
    if paths is not None:
        for url, item in paths[1].items():
            _check_path(context, url, item, paths[0].child(url))
        _check_equivalent_paths(context, paths[1], paths[0])
    components = context.mapping(root.get("components"), sources.root.child("components"))
    if components is not None:
        _check_component_schemas(context, *components)
    return context.found


def _check_tags(context: _Context) -> None:
    tags = context.root.get("tags")
    if not isinstance(tags, list):
        return
    seen: set[str] = set()
    for index, tag in enumerate(tags):
        name = tag.get("name") if isinstance(tag, dict) else None
        if not isinstance(name, str):
            continue
        if name in seen:
            at = context.sources.root.child("tags", index, "name")
            context.warn(at, "duplicate-tag", f"tag '{name}' is declared twice")
        seen.add(name)


_TEMPLATE = re.compile(r"\{[^{}]*\}")


def _check_equivalent_paths(context: _Context, paths: dict[str, Any], at: Ref) -> None:
    """Paths alike but for their parameters' names (`/a/{x}`, `/a/{y}`), which OpenAPI forbids
    and openapi-spec-validator lets pass, with a method in common: a server routes those
    requests to the first. (Different methods still tell them apart, as in GitHub's spec.)"""
    first: dict[tuple[str, str], str] = {}  # (path shape, method) -> the path that has it
    for url, item in paths.items():
        resolved = context.mapping(item, at.child(url))
        if resolved is None:
            continue
        shape = _TEMPLATE.sub("{}", url)
        for method in _OPERATIONS:
            if method not in resolved[1]:
                continue
            earlier = first.setdefault((shape, method), url)
            if earlier != url:
                message = (
                    f"{method.upper()} '{url}' is {method.upper()} '{earlier}' but for its "
                    "parameters' names, which OpenAPI forbids; a server sends these requests "
                    "to the first"
                )
                context.warn(resolved[0].child(method), "duplicate-path", message)


def _check_path(context: _Context, url: str, item: Any, at: Ref) -> None:
    resolved = context.mapping(item, at)
    if resolved is None:
        return
    item_at, path_item = resolved
    shared = _parameters(context, path_item.get("parameters"), item_at.child("parameters"))
    for method in _OPERATIONS:
        resolved_operation = context.mapping(path_item.get(method), item_at.child(method))
        if resolved_operation is not None:
            _check_operation(context, _Operation(url, method, *resolved_operation), shared)


@dataclass(frozen=True)
class _Parameter:
    """A parameter as validation sees it."""

    at: Ref  # where it is listed (its `$ref` when it is a reference)
    name: str
    location: str
    value: dict[str, Any]


def _parameters(context: _Context, value: Any, at: Ref) -> list[_Parameter]:
    """The parameters of a list, references followed; duplicates and their schemas checked."""
    if not isinstance(value, list):
        return []
    parameters: list[_Parameter] = []
    seen: set[tuple[str, str]] = set()
    for index, item in enumerate(value):
        resolved = context.mapping(item, at.child(index))
        if resolved is None:
            continue
        target, parameter = resolved
        name, location = parameter.get("name"), parameter.get("in")
        if not isinstance(name, str) or not isinstance(location, str):
            continue
        if (name, location) in seen:
            message = f"parameter '{name}' (in: {location}) is listed twice"
            context.warn(at.child(index), "duplicate-parameter", message)
        seen.add((name, location))
        parameters.append(_Parameter(at.child(index), name, location, parameter))
        if "schema" in parameter:
            _check_schema_tree(context, parameter["schema"], target.child("schema"))
    return parameters


@dataclass(frozen=True)
class _Operation:
    """An operation as validation sees it."""

    url: str
    method: str
    at: Ref
    value: dict[str, Any]


def _check_operation(context: _Context, operation: _Operation, shared: list[_Parameter]) -> None:
    at = operation.at
    _check_operation_id(context, operation.value, at)
    responses = context.mapping(operation.value.get("responses"), at.child("responses"))
    if responses is not None:
        for code, response in responses[1].items():
            _check_response(context, response, responses[0].child(code))
    own = _parameters(context, operation.value.get("parameters"), at.child("parameters"))
    _check_path_parameters(context, operation, [*own, *shared])


def _check_operation_id(context: _Context, operation: dict[str, Any], at: Ref) -> None:
    operation_id = operation.get("operationId")
    if operation_id is None:
        return
    key = str(operation_id)
    first = context.operation_ids.get(key)
    if first is None:
        context.operation_ids[key] = at.child("operationId")
        return
    where = context.sources.locate(first)
    message = f"operationId '{key}' is already used at {where}"
    context.warn(at.child("operationId"), "duplicate-operation-id", message)


def _check_response(context: _Context, response: Any, at: Ref) -> None:
    resolved = context.mapping(response, at)
    if resolved is None:
        return
    content = context.mapping(resolved[1].get("content"), resolved[0].child("content"))
    if content is None:
        return
    for media_type, entry in content[1].items():
        media = context.mapping(entry, content[0].child(media_type))
        if media is not None and "schema" in media[1]:
            _check_schema_tree(context, media[1]["schema"], media[0].child("schema"))


def _template_names(url: str) -> list[str] | None:
    """The {names} in a path template, read as openapi-spec-validator reads them."""
    try:
        return [name for _, name, _, _ in string.Formatter().parse(url) if name]
    except ValueError:
        return None


def _check_path_parameters(
    context: _Context, operation: _Operation, parameters: list[_Parameter]
) -> None:
    """Template names and `in: path` parameters must match, as openapi-spec-validator checks."""
    url, at = operation.url, operation.at
    in_template = _template_names(url)
    if in_template is None:
        message = f"path template '{url}' has unbalanced braces"
        context.warn(_parent(at), "path-parameter", message)
        return
    declared = [p for p in parameters if p.location == "path"]
    declared_names = {p.name for p in declared}
    for name in sorted(set(in_template) - declared_names):
        message = (
            f"path parameter '{name}' of '{url}' is not declared for {operation.method.upper()}"
        )
        context.warn(at, "path-parameter", message)
    for parameter in declared:
        if parameter.name not in in_template:
            message = f"path parameter '{parameter.name}' does not appear in '{url}'"
            context.warn(parameter.at, "path-parameter", message)
        if parameter.value.get("required") is not True:
            message = f"path parameter '{parameter.name}' must have 'required: true'"
            context.warn(parameter.at, "path-parameter", message)


def _parent(at: Ref) -> Ref:
    return Ref(at.file, at.pointer[:-1])


# --- schemas ---------------------------------------------------------------------------------


def _check_component_schemas(context: _Context, at: Ref, components: dict[str, Any]) -> None:
    schemas = context.mapping(components.get("schemas"), at.child("schemas"))
    if schemas is None:
        return
    for name, schema in schemas[1].items():
        _check_schema_tree(context, schema, schemas[0].child(name))


def _check_schema_tree(context: _Context, schema: Any, at: Ref) -> None:
    """A schema met at the top (component, parameter or media type) and every schema inside."""
    # A place is a Ref plus keys below it, joined into a Ref only when one is needed.
    pending: list[tuple[Any, Ref, Pointer, bool]] = [(schema, at, (), True)]
    while pending:
        value, base, keys, top = pending.pop()
        if isinstance(value, dict) and "$ref" in value:
            resolved = context.deref(value, _joined(base, keys))
            if resolved is None:
                continue
            (base, value), keys = resolved, ()
        if not isinstance(value, dict | bool):
            message = "a Schema Object must be a mapping (or a boolean)"
            context.warn(_joined(base, keys), "schema", message)
            continue
        if top and not _meta_check(context, value, _joined(base, keys)):
            continue
        # Identity, as openapi-spec-validator does: the documents live as long as the sources.
        if isinstance(value, bool) or id(value) in context.schemas_seen:
            continue
        context.schemas_seen.add(id(value))
        subschemas = reversed(_subschemas(value))
        pending.extend((sub, base, (*keys, *sub_keys), False) for sub, sub_keys in subschemas)
        if top and "allOf" in value:
            _check_required(context, value, _joined(base, keys))
        if "default" in value:
            _check_default(context, value, _joined(base, keys))


def _joined(base: Ref, keys: Pointer) -> Ref:
    return Ref(base.file, base.pointer + keys) if keys else base


def _subschemas(schema: dict[str, Any]) -> list[tuple[Any, Pointer]]:
    """The subschemas openapi-spec-validator descends into, with their keys below schema."""
    found: list[tuple[Any, Pointer]] = []
    for keyword in ("allOf", "anyOf", "oneOf"):
        if isinstance(schema.get(keyword), list):
            found.extend((sub, (keyword, i)) for i, sub in enumerate(schema[keyword]))
    for keyword in ("not", "items"):
        if keyword in schema:
            found.append((schema[keyword], (keyword,)))
    if isinstance(schema.get("properties"), dict):
        found.extend((sub, ("properties", name)) for name, sub in schema["properties"].items())
    return found


def _meta_check(context: _Context, schema: dict[str, Any] | bool, at: Ref) -> bool:
    """Check a schema against its JSON Schema dialect's meta-schema; True when it passes."""
    if id(schema) in context.meta_checked:
        return True
    context.meta_checked.add(id(schema))
    dialect = _dialect(context, schema)
    if not isinstance(dialect, str) or (validator := _meta_validator(context, dialect)) is None:
        context.warn(at, "schema", f"unknown JSON Schema dialect {dialect!r}")
        return False
    errors = list(validator.iter_errors(schema))
    if not errors:  # the common case: no need for the meta-schema itself
        return True
    problems = explain_all(iter(errors), _meta_schema(dialect), schema)
    for pointer, message in problems:
        context.warn(at.child(*pointer), "schema", message)
    return not problems


def _dialect(context: _Context, schema: dict[str, Any] | bool) -> Any:
    if context.version == "3.0":
        return "http://json-schema.org/draft-04/schema#"
    if isinstance(schema, dict) and "$schema" in schema:
        return schema["$schema"]
    dialect = context.root.get("jsonSchemaDialect")
    return dialect if isinstance(dialect, str) else _OAS31_DIALECT


# Meta-schemas the installed packages ship as data, read without importing them (importing
# openapi-schema-validator, which registers OpenAPI's dialect with jsonschema, costs 0.25 s).
_SHIPPED_DIALECTS = {
    "http://json-schema.org/draft-04/schema": (
        "jsonschema_specifications",
        "schemas/draft4/metaschema.json",
    ),
    "https://json-schema.org/draft/2020-12/schema": (
        "jsonschema_specifications",
        "schemas/draft202012/metaschema.json",
    ),
    _OAS31_DIALECT: ("openapi_schema_validator", "schemas/oas3.1/metaschema.json"),
}


@cache
def _meta_schema(dialect: str) -> Any:
    """The dialect's meta-schema; None for a dialect jsonschema does not know either."""
    shipped = _SHIPPED_DIALECTS.get(dialect.rstrip("#"))
    if shipped is not None:
        return resource_json(*shipped)
    # Rarer dialects (drafts 6, 7, 2019-09) as jsonschema knows them, imported only for them.
    import openapi_schema_validator  # noqa: F401, PLC0415 - registers OpenAPI's dialects
    from jsonschema.validators import validator_for  # noqa: PLC0415

    known = validator_for({"$schema": dialect}, default=None)  # type: ignore[arg-type]
    return None if known is None else known.META_SCHEMA


def _meta_validator(context: _Context, dialect: str) -> jsonschema_rs.Validator | None:
    """A fast validator for the dialect's meta-schema; None for unknown dialects."""
    if dialect not in context.meta_validators:
        meta = _meta_schema(dialect)
        context.meta_validators[dialect] = None if meta is None else _compile_meta(meta)
    return context.meta_validators[dialect]


def _compile_meta(meta_schema: Any) -> jsonschema_rs.Validator:
    # Python's format checker only checks 'regex' among the meta-schemas' formats (with re);
    # the others it could meet need packages that are not installed (formats.py): they pass
    # there and here.
    formats: dict[str, Callable[[str], bool]] = {"regex": _is_python_regex}
    formats |= unchecked_formats()
    return jsonschema_rs.validator_for(
        meta_schema,
        validate_formats=True,
        formats=formats,
        registry=_openapi_dialects(),
        retriever=refuse_retrieval,
    )


def _openapi_dialects() -> jsonschema_rs.Registry:
    """The OpenAPI 3.1 dialect and vocabulary that openapi-schema-validator ships."""
    names = ("schemas/oas3.1/metaschema.json", "schemas/oas3.1/vocabularies/base")
    contents = [resource_json("openapi_schema_validator", name) for name in names]
    return jsonschema_rs.Registry([(content["$id"], content) for content in contents])


def _is_python_regex(pattern: str) -> bool:
    try:
        re.compile(pattern)
    except re.error:
        return False
    return True


def _check_required(context: _Context, schema: dict[str, Any], at: Ref) -> None:
    """With allOf, every required name must be a property here or in the parts."""
    required = schema.get("required")
    if not isinstance(required, list):
        return
    defined = _property_names(context, schema, at)
    missing = [name for name in required if isinstance(name, str) and name not in defined]
    if missing:
        names = ", ".join(f"'{name}'" for name in missing)
        context.warn(at.child("required"), "schema", f"required {names} not defined as properties")


def _property_names(context: _Context, schema: dict[str, Any], at: Ref) -> set[str]:
    """Property names defined in a schema and the subschemas it combines, refs followed."""
    names: set[str] = set()
    pending: list[tuple[Any, Ref]] = [(schema, at)]
    seen: set[int] = set()
    while pending:
        resolved = context.deref(*pending.pop())
        if resolved is None or not isinstance(resolved[1], dict) or id(resolved[1]) in seen:
            continue
        where, value = resolved
        seen.add(id(value))
        if isinstance(value.get("properties"), dict):
            names.update(value["properties"])
        pending.extend((sub, where.child(*keys)) for sub, keys in _subschemas(value))
    return names


def _check_default(context: _Context, schema: dict[str, Any], at: Ref) -> None:
    """A default must satisfy its schema (a null default of a nullable schema always does)."""
    assert context.defaults is not None
    problem = context.defaults.problem(schema, at)
    if problem is not None:
        context.warn(at.child("default"), "default", problem)
