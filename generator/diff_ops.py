"""Comparing the operations of two Apis: paths, security, parameters, bodies and responses.

Operations are matched by method and path template (parameter names aside), parameters by
location and wire name (path parameters by their place in the template, so a rename shows as
one), responses by status: never by the generated Python names.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from generator.diff_types import (
    BOTH,
    CLIENTS,
    NEITHER,
    SERVERS,
    Change,
    Flow,
    TypeComparer,
    change,
)
from generator.ir import Api, Operation, Parameter, RequestBody, Response

_TEMPLATE = re.compile(r"\{[^}]*\}")


def _key(op: Operation) -> tuple[str, str]:
    return op.http_method, _TEMPLATE.sub("{}", op.path)


def compare_apis(old: Api, new: Api) -> list[Change]:
    """Every change from old to new, sorted by place."""
    types = TypeComparer(old, new)
    before = {_key(op): op for op in old.operations}
    after = {_key(op): op for op in new.operations}
    found: list[Change] = []
    for key, op in before.items():
        if key not in after:
            found.append(change(_title(op), "operation-removed", "operation removed", CLIENTS))
    for key, op in after.items():
        if key not in before:
            found.append(change(_title(op), "operation-added", "operation added", SERVERS))
        else:
            found.extend(_operation(types, before[key], op))
    found.extend(_paths(before, after))
    return sorted(set(found))


def _paths(
    before: dict[tuple[str, str], Operation], after: dict[tuple[str, str], Operation]
) -> Iterator[Change]:
    old_paths = {path: op.path for (_, path), op in before.items()}
    new_paths = {path: op.path for (_, path), op in after.items()}
    for path, shown in old_paths.items():
        if path not in new_paths:
            yield change(shown, "path-removed", "path removed", CLIENTS)
    for path, shown in new_paths.items():
        if path not in old_paths:
            yield change(shown, "path-added", "path added", SERVERS)


def _title(op: Operation) -> str:
    return f"{op.http_method} {op.path}"


def _operation(types: TypeComparer, old: Operation, new: Operation) -> Iterator[Change]:
    where = _title(new)
    if old.operation_id != new.operation_id:
        message = f"operationId {old.operation_id!r} -> {new.operation_id!r}"
        # Generated clients name their methods after it.
        yield change(where, "operation-id-changed", message, CLIENTS)
    yield from _security(old, new, where)
    yield from _parameters(types, old, new, where)
    yield from _body(types, old.body, new.body, f"{where} request body")
    yield from _responses(types, old.responses, new.responses, where)


def _scopes(op: Operation) -> set[str]:
    return {
        f"{scheme}:{scope}"
        for requirement in op.security
        for scheme, scopes in requirement.schemes
        for scope in scopes
    }


def _anonymous(op: Operation) -> bool:
    return not op.security or any(r.anonymous for r in op.security)


def _security(old: Operation, new: Operation, where: str) -> Iterator[Change]:
    before, after = _scopes(old), _scopes(new)
    for scope in sorted(after - before):
        yield change(where, "security-scope-added", f"now requires scope {scope}", CLIENTS)
    for scope in sorted(before - after):
        yield change(where, "security-scope-removed", f"no longer requires {scope}", SERVERS)
    if _anonymous(old) and not _anonymous(new):
        yield change(where, "security-added", "now requires authentication", CLIENTS)
    if not _anonymous(old) and _anonymous(new):
        yield change(where, "security-removed", "no longer requires authentication", SERVERS)


def _parameters(
    types: TypeComparer, old_op: Operation, new_op: Operation, where: str
) -> Iterator[Change]:
    before = {_parameter_key(old_op, p): p for p in old_op.parameters}
    after = {_parameter_key(new_op, p): p for p in new_op.parameters}
    for key, p in before.items():
        if key not in after:
            yield change(_at(where, p), "parameter-removed", "parameter removed", CLIENTS)
    for key, p in after.items():
        if key not in before:
            kind = "required-parameter-added" if p.required else "parameter-added"
            yield change(_at(where, p), kind, "parameter added", CLIENTS if p.required else NEITHER)
            continue
        if before[key].wire_name != p.wire_name:
            message = (
                f"renamed from {before[key].wire_name!r}: the same URL, but generated clients "
                "name the argument after it"
            )
            yield change(_at(where, p), "path-parameter-renamed", message, CLIENTS)
        yield from _parameter(types, before[key], p, _at(where, p))


def _parameter_key(op: Operation, p: Parameter) -> tuple[str, str | int]:
    """Location and wire name; for a path parameter, its place among the template's."""
    if p.location == "path":
        names = [m.group()[1:-1] for m in _TEMPLATE.finditer(op.path)]
        if p.wire_name in names:
            return p.location, names.index(p.wire_name)
    return p.location, p.wire_name


def _at(where: str, p: Parameter) -> str:
    return f"{where} {p.location} parameter {p.wire_name!r}"


def _parameter(types: TypeComparer, old: Parameter, new: Parameter, where: str) -> Iterator[Change]:
    if old.required != new.required:
        now = "required" if new.required else "optional"
        breaks = CLIENTS if new.required else SERVERS
        yield change(where, "required-changed", f"now {now}", breaks)
    if (old.has_default, old.default) != (new.has_default, new.default):
        shown = [repr(p.default) if p.has_default else "none" for p in (old, new)]
        yield change(where, "default-changed", f"default: {shown[0]} -> {shown[1]}", BOTH)
    yield from types.compare(old.type, new.type, where, Flow.REQUEST)


def _body(
    types: TypeComparer, old: RequestBody | None, new: RequestBody | None, where: str
) -> Iterator[Change]:
    if old is None and new is None:
        return
    if old is None or new is None:
        added = new is not None
        kind = "request-body-added" if added else "request-body-removed"
        breaks = CLIENTS if (new is not None and new.required) or not added else NEITHER
        yield change(where, kind, kind.replace("-", " "), breaks)
        return
    if old.content_type != new.content_type:
        message = f"content type {old.content_type} -> {new.content_type}"
        yield change(where, "content-type-changed", message, BOTH)
    if old.required != new.required:
        breaks = CLIENTS if new.required else SERVERS
        yield change(
            where, "required-changed", f"required: {old.required} -> {new.required}", breaks
        )
    yield from types.compare(old.type, new.type, where, Flow.REQUEST)


def _responses(
    types: TypeComparer, old: tuple[Response, ...], new: tuple[Response, ...], where: str
) -> Iterator[Change]:
    before = {r.status: r for r in old}
    after = {r.status: r for r in new}
    for status in before.keys() - after.keys():
        # Code handling it stops compiling; an old server may still send it.
        yield change(f"{where} {status}", "response-removed", f"status {status} removed", BOTH)
    for status in after.keys() - before.keys():
        # Clients refuse a status they do not know (UnexpectedStatus).
        yield change(f"{where} {status}", "response-added", f"status {status} added", CLIENTS)
    for status in sorted(before.keys() & after.keys()):
        yield from _response(types, before[status], after[status], f"{where} {status}")


def _response(types: TypeComparer, old: Response, new: Response, where: str) -> Iterator[Change]:
    if old.content_type != new.content_type:
        message = f"content type {old.content_type} -> {new.content_type}"
        yield change(where, "content-type-changed", message, BOTH)
    if old.body is None or new.body is None:
        if (old.body is None) != (new.body is None):
            added = "added" if new.body is not None else "removed"
            yield change(where, "response-body-changed", f"body {added}", BOTH)
        return
    yield from types.compare(old.body, new.body, where, Flow.RESPONSE)
