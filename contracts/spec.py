"""What the suite needs to know about a resource, read from the spec through the generator's IR.

The roles of operations are found from what the spec declares: the create operation is the one
whose success response carries an `x-secret` field; read, update and delete act on the item
path under it; the update body's integer field that the read model marks readOnly is the
optimistic-locking version; each operation's security scopes are the ones it needs.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator import ir
from generator.annotations import unalias
from generator.build import build
from generator.diagnostics import SpecError

from .failures import CouldNotRun


@dataclass(frozen=True)
class Op:
    operation_id: str
    method: str
    path: str
    scopes: tuple[str, ...]

    def item_path(self, item_id: str) -> str:
        head, _, rest = self.path.partition("{")
        return head + item_id + rest.partition("}")[2]


@dataclass(frozen=True)
class Facts:
    create: Op
    read: Op
    update: Op
    delete: Op
    current: Op | None
    query: Op | None
    scopes_field: str | None  # the create body's list of scopes
    addresses_field: str | None  # the create body's list of allowed addresses
    expiry_field: str | None  # the create body's required date-time
    secret_fields: tuple[str, ...]  # x-secret / writeOnly fields of the create response
    version_field: str
    name_field: str  # the update body's other required field: what an update changes
    read_only_fields: tuple[str, ...]  # of the read model: must not change on update
    timestamp_fields: tuple[str, ...]  # date-time fields of the read model
    id_field: str
    create_example: dict[str, Any]


def _scopes(op: ir.Operation) -> tuple[str, ...]:
    return tuple(s for req in op.security[:1] for _, scopes in req.schemes for s in scopes)


def _op(op: ir.Operation) -> Op:
    return Op(op.operation_id, op.http_method, op.path, _scopes(op))


def _success_model(op: ir.Operation) -> str | None:
    for response in op.responses:
        if response.status.startswith("2") and isinstance(response.body, ir.ModelType):
            return response.body.name
    return None


def _body_model(op: ir.Operation) -> str | None:
    return op.body.type.name if op.body and isinstance(op.body.type, ir.ModelType) else None


class _Lookup:
    def __init__(self, api: ir.Api) -> None:
        self.models = {m.name: m for m in api.models}
        self.enums = {e.name: e for e in api.enums}

    def fields(self, model: str | None) -> tuple[ir.Field, ...]:
        return self.models[model].all_fields(self.models) if model in self.models else ()

    def is_scalar(self, t: ir.TypeExpr, scalar: ir.Scalar) -> bool:
        r = unalias(t)
        return isinstance(r, ir.ScalarType) and r.scalar == scalar

    def enum_values(self, t: ir.TypeExpr) -> tuple[str, ...]:
        r = unalias(t)
        if isinstance(r, ir.ListType):
            r = unalias(r.item)
        if isinstance(r, ir.EnumRef) and r.name in self.enums:
            return tuple(str(m.value) for m in self.enums[r.name].members)
        return ()


def _find_create(api: ir.Api, look: _Lookup) -> ir.Operation:
    for op in api.operations:
        fields = look.fields(_success_model(op))
        if op.http_method == "POST" and any(f.secret or f.write_only for f in fields):
            return op
    raise CouldNotRun("the spec has no create operation whose response has an x-secret field")


def _on_item(api: ir.Api, create: ir.Operation, method: str) -> ir.Operation:
    prefix = create.path.rstrip("/") + "/{"
    for op in api.operations:
        if op.http_method == method and op.path.startswith(prefix) and op.path.endswith("}"):
            return op
    raise CouldNotRun(f"the spec has no {method} operation on {prefix}...}}")


def _find_current(api: ir.Api, read_model: str | None) -> ir.Operation | None:
    for op in api.operations:
        plain = not op.parameters and op.body is None
        if op.http_method == "GET" and plain and _success_model(op) == read_model:
            return op
    return None


def _find_query(api: ir.Api, look: _Lookup, read_model: str | None) -> ir.Operation | None:
    for op in api.operations:
        for f in look.fields(_success_model(op)):
            t = unalias(f.type)
            if isinstance(t, ir.ListType) and t.item == ir.ModelType(read_model or ""):
                return op
    return None


def _version_field(look: _Lookup, update: ir.Operation, read_model: str | None) -> str:
    read_only = {f.wire_name for f in look.fields(read_model) if f.read_only}
    for f in look.fields(_body_model(update)):
        if look.is_scalar(f.type, ir.Scalar.INT) and f.wire_name in read_only:
            return f.wire_name
    raise CouldNotRun("the update body has no integer field the read model marks readOnly")


def _example(api: ir.Api, create: ir.Operation) -> dict[str, Any]:
    """The create body's example, from the spec the build already read (no second load)."""
    doc = json.loads(api.spec_json)
    body = doc["paths"][create.path][create.http_method.lower()].get("requestBody", {})
    media = body.get("content", {}).get("application/json", {})
    example = media.get("example")
    if example is None and media.get("examples"):
        example = next(iter(media["examples"].values())).get("value")
    return dict(example or {})


def read_facts(path: Path) -> Facts:
    """Everything the semantic checks need, or CouldNotRun naming what is missing."""
    try:
        api = build(path).api
    except SpecError as exc:
        first = exc.diagnostics[0] if exc.diagnostics else exc
        raise CouldNotRun(f"invalid spec {path}: {first}") from None
    except (OSError, ValueError) as exc:
        raise CouldNotRun(f"cannot read spec {path}: {exc}") from None
    look = _Lookup(api)
    create = _find_create(api, look)
    read, update = _on_item(api, create, "GET"), _on_item(api, create, "PUT")
    read_model = _success_model(read)
    create_fields = look.fields(_body_model(create))
    version = _version_field(look, update, read_model)
    update_fields = [f for f in look.fields(_body_model(update)) if f.wire_name != version]
    scopes_field = next((f for f in create_fields if look.enum_values(f.type)), None)
    read_fields = look.fields(read_model)
    current, query = _find_current(api, read_model), _find_query(api, look, read_model)
    return Facts(
        create=_op(create),
        read=_op(read),
        update=_op(update),
        delete=_op(_on_item(api, create, "DELETE")),
        current=_op(current) if current else None,
        query=_op(query) if query else None,
        scopes_field=scopes_field.wire_name if scopes_field else None,
        addresses_field=next(
            (f.wire_name for f in create_fields if "address" in f.wire_name.lower()), None
        ),
        expiry_field=next(
            (
                f.wire_name
                for f in create_fields
                if f.required and look.is_scalar(f.type, ir.Scalar.DATETIME)
            ),
            None,
        ),
        secret_fields=tuple(
            f.wire_name for f in look.fields(_success_model(create)) if f.secret or f.write_only
        ),
        version_field=version,
        name_field=next(f.wire_name for f in update_fields if f.required),
        read_only_fields=tuple(f.wire_name for f in read_fields if f.read_only),
        timestamp_fields=tuple(
            f.wire_name for f in read_fields if look.is_scalar(f.type, ir.Scalar.DATETIME)
        ),
        id_field="id",  # the path parameter names the record by it; the spec has no other id
        create_example=_example(api, create),
    )
