"""The house rules of `generator lint`: each a function from a Spec to what it found."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from generator.diagnostics import Severity, SpecError
from generator.lint_examples import check_examples
from generator.lint_spec import Found, Spec
from generator.source import Ref

PROBLEM_JSON = "application/problem+json"
PARAMETER_PREFIXES = ("path.", "query.", "header.", "cookie.")


def operation_id(spec: Spec) -> Iterator[Found]:
    for op in spec.operations:
        if not isinstance(op.value.get("operationId"), str) or not op.value["operationId"]:
            yield Found(op.at, f"{op.title} has no operationId")


def operation_summary(spec: Spec) -> Iterator[Found]:
    for op in spec.operations:
        summary = op.value.get("summary")
        if not isinstance(summary, str) or not summary.strip():
            yield Found(op.at, f"{op.title} has no summary")


def operation_security(spec: Spec) -> Iterator[Found]:
    for op in spec.operations:
        own = "security" in op.value
        security = op.value["security"] if own else spec.root.get("security")
        at = op.at.child("security") if own else op.at
        if not isinstance(security, list) or not security:
            yield Found(at, f"{op.title} has no security requirement")
            continue
        for requirement in security:
            if not isinstance(requirement, dict) or not requirement:
                yield Found(at, f"{op.title} may be called anonymously")
            elif not any(isinstance(s, list) and s for s in requirement.values()):
                names = ", ".join(sorted(requirement))
                yield Found(at, f"{op.title}: the requirement on {names} names no scope")


def problem_json(spec: Spec) -> Iterator[Found]:
    for op in spec.operations:
        responses = spec.mapping(op.value.get("responses"), op.at.child("responses"))
        if responses is None:
            continue
        for status, value in responses[1].items():
            if str(status)[:1] not in "45":
                continue
            response = spec.mapping(value, responses[0].child(status))
            content = response[1].get("content") if response else None
            types = sorted(content) if isinstance(content, dict) else []
            if types != [PROBLEM_JSON]:
                shown = ", ".join(types) or "no content"
                message = f"{op.title} {status} must be {PROBLEM_JSON} only, not {shown}"
                yield Found(responses[0].child(status), message)


def property_description(spec: Spec) -> Iterator[Found]:
    for at, node in spec.nodes():
        properties = node.get("properties")
        if not isinstance(properties, dict):
            continue
        for name, schema in properties.items():
            where = at.child("properties", name)
            if not _described(spec, schema, where):
                yield Found(where, f"property '{name}' has no description")


def _described(spec: Spec, schema: Any, at: Ref) -> bool:
    if not isinstance(schema, dict):
        return True  # a boolean schema has nothing to describe
    if isinstance(schema.get("description"), str) and schema["description"].strip():
        return True
    if "$ref" not in schema:
        return False
    target = spec.follow(schema, at)
    return target is not None and _described(spec, target[1], target[0])


def examples_valid(spec: Spec) -> Iterator[Found]:
    yield from check_examples(spec)


COMPONENT_SECTIONS = (
    "schemas",
    "responses",
    "parameters",
    "examples",
    "requestBodies",
    "headers",
    "links",
    "callbacks",
    "pathItems",
)


def unused_component(spec: Spec) -> Iterator[Found]:
    components = spec.root.get("components")
    if not isinstance(components, dict):
        return
    base = spec.sources.root.child("components")
    referenced = _referenced_components(spec, base)
    for section in COMPONENT_SECTIONS:
        entries = components.get(section)
        for name in entries if isinstance(entries, dict) else ():
            at = base.child(section, name)
            if at not in referenced:
                yield Found(at, f"components/{section}/{name} is never referenced")
    schemes = components.get("securitySchemes")
    used = _scheme_names(spec)
    for name in schemes if isinstance(schemes, dict) else ():
        if name not in used:
            at = base.child("securitySchemes", name)
            yield Found(at, f"security scheme '{name}' is never required")


def _ref_targets(spec: Spec) -> Iterator[tuple[Ref, Ref]]:
    for at, node in spec.nodes():
        if isinstance(node.get("$ref"), str):
            try:
                yield at, spec.sources.resolve(node["$ref"], at)
            except SpecError:
                continue


def _referenced_components(spec: Spec, base: Ref) -> set[Ref]:
    """Each component some `$ref` outside it points into: one pass, then a lookup per name."""
    depth = len(base.pointer) + 2  # components/<section>/<name>
    used: set[Ref] = set()
    for src, target in _ref_targets(spec):
        if target.file == base.file and target.pointer[: len(base.pointer)] == base.pointer:
            component = Ref(target.file, target.pointer[:depth])
            if len(target.pointer) >= depth and not _inside(src, component):
                used.add(component)
    return used


def _inside(ref: Ref, container: Ref) -> bool:
    size = len(container.pointer)
    return ref.file == container.file and ref.pointer[:size] == container.pointer


def _scheme_names(spec: Spec) -> set[str]:
    lists = [spec.root.get("security"), *(op.value.get("security") for op in spec.operations)]
    return {
        name
        for security in lists
        if isinstance(security, list)
        for requirement in security
        if isinstance(requirement, dict)
        for name in requirement
    }


def link_target(spec: Spec) -> Iterator[Found]:
    by_id = {op.value.get("operationId"): op for op in spec.operations}
    seen: set[Ref] = set()
    for at, node in spec.nodes():
        links = node.get("links")
        if not isinstance(links, dict) or not (
            "description" in node or at.pointer == ("components",)
        ):
            continue
        for name, value in links.items():
            link = spec.mapping(value, at.child("links", name))
            if link is None or link[0] in seen:
                continue
            seen.add(link[0])
            yield from _check_link(spec, str(name), *link, by_id)


def _check_link(
    spec: Spec, name: str, at: Ref, link: dict[str, Any], by_id: dict[Any, Any]
) -> Iterator[Found]:
    target_id = link.get("operationId")
    if target_id is None:
        return
    target = by_id.get(target_id)
    if target is None:
        yield Found(at.child("operationId"), f"link '{name}': no operation has id '{target_id}'")
        return
    parameters = link.get("parameters")
    names = spec.parameter_names(target)
    for key in parameters if isinstance(parameters, dict) else ():
        bare = next((key[len(p) :] for p in PARAMETER_PREFIXES if key.startswith(p)), key)
        if bare not in names:
            message = f"link '{name}': {target_id} has no parameter '{bare}'"
            yield Found(at.child("parameters", key), message)


def enum_unique(spec: Spec) -> Iterator[Found]:
    for at, node in spec.nodes():
        values = node.get("enum")
        if not isinstance(values, list):
            continue
        seen: set[str] = set()
        for index, value in enumerate(values):
            key = json.dumps(value, sort_keys=True)
            if key in seen:
                yield Found(at.child("enum", index), f"enum value {key} is listed twice")
            seen.add(key)


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    check: Callable[[Spec], Iterator[Found]]
    summary: str


RULES = (
    Rule("operation-id", Severity.ERROR, operation_id, "every operation has an operationId"),
    Rule("operation-summary", Severity.WARNING, operation_summary, "every operation has a summary"),
    Rule(
        "operation-security",
        Severity.ERROR,
        operation_security,
        "every operation needs a security requirement naming scopes",
    ),
    Rule("problem-json", Severity.WARNING, problem_json, "4xx/5xx responses are problem+json"),
    Rule(
        "property-description",
        Severity.WARNING,
        property_description,
        "every schema property has a description",
    ),
    Rule("example-valid", Severity.ERROR, examples_valid, "examples validate against schemas"),
    Rule("unused-component", Severity.WARNING, unused_component, "every component is used"),
    Rule("link-target", Severity.ERROR, link_target, "links name existing operations and params"),
    Rule("enum-unique", Severity.ERROR, enum_unique, "enum values are unique"),
)
