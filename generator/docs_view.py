"""IR -> what the docs pages show: every wording and layout decision the templates need."""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.annotations import unalias
from generator.ir import (
    AliasRef,
    Api,
    Constraint,
    DictType,
    EnumRef,
    EnumType,
    Field,
    ListType,
    LiteralType,
    ModelType,
    Operation,
    Parameter,
    Response,
    Scalar,
    ScalarType,
    TypeExpr,
)

SCALARS = {
    Scalar.STR: "string",
    Scalar.INT: "integer",
    Scalar.FLOAT: "number",
    Scalar.BOOL: "boolean",
    Scalar.DATETIME: "string (date-time)",
    Scalar.DATE: "string (date)",
    Scalar.TIME: "string (time)",
    Scalar.UUID: "string (uuid)",
    Scalar.BYTES: "binary",
    Scalar.ANY: "any",
    Scalar.NONE: "null",
}
CONSTRAINTS = {
    "min_length": "Min length",
    "max_length": "Max length",
    "pattern": "Pattern",
    "ge": "Minimum",
    "le": "Maximum",
    "gt": "Greater than",
    "lt": "Less than",
    "multiple_of": "Multiple of",
}
LIST_CONSTRAINTS = {"min_length": "Min items", "max_length": "Max items"}


@dataclass(frozen=True)
class Row:
    """One request field, parameter or response field."""

    name: str
    type: str
    required: bool
    constraints: tuple[str, ...]
    values: tuple[str, ...]  # enum values, in the spec's order
    description: str


@dataclass(frozen=True)
class ResponseView:
    status: str
    description: str
    content_type: str
    type: str
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Auth:
    scheme: str
    description: str


@dataclass(frozen=True)
class OperationView:
    page: str  # file name of its page
    method: str
    path: str
    operation_id: str
    summary: str
    description: str
    deprecated: bool
    scopes: tuple[str, ...]
    auth: tuple[Auth, ...]
    parameters: tuple[Row, ...]
    body_type: str
    body_content_type: str
    body_rows: tuple[Row, ...]
    responses: tuple[ResponseView, ...]


@dataclass(frozen=True)
class EnumView:
    name: str
    description: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class Site:
    title: str
    version: str
    description: str
    operations: tuple[OperationView, ...]
    enums: tuple[EnumView, ...]


class Viewer:
    """Turns one Api into a Site."""

    def __init__(self, api: Api) -> None:
        self.api = api
        self.models = {m.name: m for m in api.models}
        self.enums = {e.name: e for e in api.enums}

    def site(self) -> Site:
        return Site(
            title=self.api.title,
            version=self.api.version,
            description=self.api.description,
            operations=tuple(self.operation(op) for op in self.api.operations),
            enums=tuple(self.enum(e) for e in self.api.enums),
        )

    def enum(self, e: EnumType) -> EnumView:
        return EnumView(e.name, e.description, tuple(str(m.value) for m in e.members))

    def operation(self, op: Operation) -> OperationView:
        schemes = {s.name: s for s in self.api.security_schemes}
        used = sorted({name for r in op.security for name, _ in r.schemes})
        body = op.body
        return OperationView(
            page=page_name(op.operation_id),
            method=op.http_method,
            path=op.path,
            operation_id=op.operation_id,
            summary=op.summary,
            description=op.description,
            deprecated=op.deprecated,
            scopes=tuple(dict.fromkeys(s for r in op.security for _, ss in r.schemes for s in ss)),
            auth=tuple(Auth(n, schemes[n].description if n in schemes else "") for n in used),
            parameters=tuple(self.parameter(p) for p in op.parameters),
            body_type=self.type_name(body.type) if body else "",
            body_content_type=body.content_type if body else "",
            body_rows=self.rows(body.type) if body else (),
            responses=tuple(self.response(r) for r in op.responses),
        )

    def parameter(self, p: Parameter) -> Row:
        return Row(
            name=f"{p.wire_name} ({p.location})",
            type=self.type_name(p.type),
            required=p.required,
            constraints=self.constraints(p.type, p.default if p.has_default else None),
            values=self.values(p.type),
            description=p.description,
        )

    def response(self, r: Response) -> ResponseView:
        return ResponseView(
            status=r.status,
            description=r.description,
            content_type=r.content_type or "",
            type=self.type_name(r.body) if r.body is not None else "",
            rows=self.rows(r.body) if r.body is not None else (),
        )

    def rows(self, t: TypeExpr) -> tuple[Row, ...]:
        """The fields of the object a body carries (or of its items, for a list)."""
        t = unalias(t)
        if isinstance(t, ListType):
            t = unalias(t.item)
        model = self.models.get(t.name) if isinstance(t, ModelType) else None
        return tuple(self.field(f) for f in model.all_fields(self.models)) if model else ()

    def field(self, f: Field) -> Row:
        return Row(
            name=f.wire_name,
            type=self.type_name(f.type) + (" or null" if f.nullable else ""),
            required=f.required,
            constraints=self.constraints(f.type, f.default if f.has_default else None),
            values=self.values(f.type),
            description=f.description,
        )

    def type_name(self, t: TypeExpr) -> str:  # noqa: PLR0911 - one case per kind of type
        if isinstance(t, AliasRef):
            return self.type_name(t.target)
        if isinstance(t, ScalarType):
            return SCALARS[t.scalar]
        if isinstance(t, ModelType):
            return f"object ({t.name})"
        if isinstance(t, EnumRef):
            return f"enum ({t.name})"
        if isinstance(t, LiteralType):
            return "one of the values below"
        if isinstance(t, ListType):
            return f"array of {self.type_name(t.item)}"
        if isinstance(t, DictType):
            return f"map of {self.type_name(t.value)}"
        return " or ".join(self.type_name(o) for o in t.options)

    def constraints(self, t: TypeExpr, default: object) -> tuple[str, ...]:
        t = unalias(t)
        found = [f"Default: {default}"] if default is not None else []
        if isinstance(t, ScalarType):
            found += [_constraint(c, CONSTRAINTS) for c in t.constraints]
        elif isinstance(t, ListType | DictType):
            found += [_constraint(c, {**CONSTRAINTS, **LIST_CONSTRAINTS}) for c in t.constraints]
            if isinstance(t, ListType) and t.unique:
                found.append("Unique items")
        return tuple(found)

    def values(self, t: TypeExpr) -> tuple[str, ...]:
        t = unalias(t)
        if isinstance(t, ListType):
            t = unalias(t.item)
        if isinstance(t, EnumRef) and t.name in self.enums:
            return tuple(str(m.value) for m in self.enums[t.name].members)
        if isinstance(t, LiteralType):
            return tuple(str(v) for v in t.values)
        return ()


def _constraint(c: Constraint, names: dict[str, str]) -> str:
    return f"{names.get(c.keyword, c.keyword)}: {c.value}"


def page_name(operation_id: str) -> str:
    """A file name for an operation's page that is safe on every file system."""
    return re.sub(r"[^A-Za-z0-9_.-]", "-", operation_id) + ".html"
