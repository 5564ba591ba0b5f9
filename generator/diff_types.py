"""Comparing two IR type trees: what narrowed, what widened, and whom that breaks.

A request carries data from clients to servers, a response from servers to clients. A change
that lets fewer values through (narrowed) breaks the sender; more values (widened) the receiver.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum

from generator.annotations import unalias
from generator.ir import (
    Api,
    Constraint,
    DictType,
    EnumRef,
    Field,
    Json,
    ListType,
    LiteralType,
    Model,
    ModelType,
    Scalar,
    ScalarType,
    TypeExpr,
    UnionType,
)


class Flow(StrEnum):
    REQUEST = "request"
    RESPONSE = "response"


@dataclass(frozen=True, order=True)
class Change:
    """One difference between two specs and whom it breaks."""

    where: str  # "PUT /pets/{id} request body .name"
    kind: str  # "constraint-tightened", "operation-removed", ...
    message: str
    breaks_clients: bool
    breaks_servers: bool

    @property
    def breaking(self) -> bool:
        return self.breaks_clients or self.breaks_servers


# Whom a change breaks, as (breaks clients, breaks servers): the only spelling of it.
CLIENTS = (True, False)
SERVERS = (False, True)
BOTH = (True, True)
NEITHER = (False, False)


def narrowed(flow: Flow) -> tuple[bool, bool]:
    """Whom it breaks when fewer values pass: the sender."""
    return CLIENTS if flow is Flow.REQUEST else SERVERS


def widened(flow: Flow) -> tuple[bool, bool]:
    """Whom it breaks when more values pass: the receiver."""
    return SERVERS if flow is Flow.REQUEST else CLIENTS


def change(where: str, kind: str, message: str, breaks: tuple[bool, bool]) -> Change:
    return Change(where, kind, message, *breaks)


# JSON Schema names of the pydantic keywords the IR keeps.
LOWER = {"min_length": "minLength", "ge": "minimum", "gt": "exclusiveMinimum"}
UPPER = {"max_length": "maxLength", "le": "maximum", "lt": "exclusiveMaximum"}
OTHER = {"pattern": "pattern", "multiple_of": "multipleOf"}


def _number(value: Json) -> float | None:
    return value if isinstance(value, int | float) and not isinstance(value, bool) else None


def _bound_change(keyword: str, old: Json, new: Json) -> str | None:
    """ "tightened", "loosened", "changed" or None for one keyword's old and new value."""
    if old == new:
        return None
    if old is None:
        return "tightened"
    if new is None:
        return "loosened"
    before, after = _number(old), _number(new)
    if keyword in LOWER and before is not None and after is not None:
        return "tightened" if after > before else "loosened"
    if keyword in UPPER and before is not None and after is not None:
        return "tightened" if after < before else "loosened"
    return "changed"


def compare_constraints(
    old: tuple[Constraint, ...], new: tuple[Constraint, ...], where: str, flow: Flow
) -> Iterator[Change]:
    before = {c.keyword: c.value for c in old}
    after = {c.keyword: c.value for c in new}
    for keyword in sorted(before.keys() | after.keys()):
        how = _bound_change(keyword, before.get(keyword), after.get(keyword))
        if how is None:
            continue
        name = {**LOWER, **UPPER, **OTHER}.get(keyword, keyword)
        message = f"{name}: {_shown(before.get(keyword))} -> {_shown(after.get(keyword))}"
        breaks = {"tightened": narrowed(flow), "loosened": widened(flow)}.get(how, BOTH)
        yield change(where, f"constraint-{how}", message, breaks)


def _shown(value: Json) -> str:
    return "none" if value is None else repr(value)


_NUMERIC_WIDER = {(Scalar.INT, Scalar.FLOAT)}


@dataclass
class TypeComparer:
    """Compares type trees of two Apis, following models by wire name, each pair once."""

    old_api: Api
    new_api: Api
    seen: set[tuple[str, str, Flow]] = field(default_factory=set)
    old_models: dict[str, Model] = field(init=False)
    new_models: dict[str, Model] = field(init=False)

    def __post_init__(self) -> None:
        self.old_models = {m.name: m for m in self.old_api.models}
        self.new_models = {m.name: m for m in self.new_api.models}

    def compare(self, old: TypeExpr, new: TypeExpr, where: str, flow: Flow) -> Iterator[Change]:
        old, new = unalias(old), unalias(new)
        old_values, new_values = self._values(old, self.old_api), self._values(new, self.new_api)
        if old_values is not None and new_values is not None:
            yield from _compare_values(old_values, new_values, where, flow)
        elif isinstance(old, ScalarType) and isinstance(new, ScalarType):
            yield from self._scalars(old, new, where, flow)
        elif isinstance(old, ListType) and isinstance(new, ListType):
            yield from _unique(old.unique, new.unique, where, flow)
            yield from compare_constraints(old.constraints, new.constraints, where, flow)
            yield from self.compare(old.item, new.item, f"{where}[]", flow)
        elif isinstance(old, DictType) and isinstance(new, DictType):
            yield from compare_constraints(old.constraints, new.constraints, where, flow)
            yield from self.compare(old.value, new.value, f"{where}{{}}", flow)
        elif isinstance(old, ModelType) and isinstance(new, ModelType):
            yield from self._models(old.name, new.name, where, flow)
        elif (
            isinstance(old, UnionType)
            and isinstance(new, UnionType)
            and len(old.options) == len(new.options)
        ):
            for a, b in zip(old.options, new.options, strict=True):
                yield from self.compare(a, b, where, flow)
        elif _is_any(new) != _is_any(old):
            kind, breaks = (
                ("type-widened", widened(flow))
                if _is_any(new)
                else (
                    "type-narrowed",
                    narrowed(flow),
                )
            )
            yield change(where, kind, f"{_kind(old)} -> {_kind(new)}", breaks)
        elif old != new:
            yield change(where, "type-changed", f"{_kind(old)} -> {_kind(new)}", BOTH)

    def _scalars(
        self, old: ScalarType, new: ScalarType, where: str, flow: Flow
    ) -> Iterator[Change]:
        if old.scalar != new.scalar:
            message = f"{old.scalar} -> {new.scalar}"
            if (old.scalar, new.scalar) in _NUMERIC_WIDER:
                yield change(where, "type-widened", message, widened(flow))
            elif (new.scalar, old.scalar) in _NUMERIC_WIDER:
                yield change(where, "type-narrowed", message, narrowed(flow))
            else:
                yield change(where, "type-changed", message, BOTH)
            return
        yield from compare_constraints(old.constraints, new.constraints, where, flow)

    def _models(self, old: str, new: str, where: str, flow: Flow) -> Iterator[Change]:
        if (old, new, flow) in self.seen:
            return
        self.seen.add((old, new, flow))
        before = self.old_models.get(old)
        after = self.new_models.get(new)
        if before is None or after is None:
            return
        yield from self._fields(before, after, where, flow)

    def _fields(self, old: Model, new: Model, where: str, flow: Flow) -> Iterator[Change]:
        """Properties by wire name (inherited ones too): removed, renamed, added, and changed."""
        before = {f.wire_name: f for f in old.all_fields(self.old_models)}
        after = {f.wire_name: f for f in new.all_fields(self.new_models)}
        removed = [f for name, f in before.items() if name not in after]
        added = [f for name, f in after.items() if name not in before]
        for gone in removed:
            twin = next((f for f in added if _same_shape(gone, f)), None)
            if twin is not None:
                added.remove(twin)
                message = f"property {gone.wire_name!r} renamed to {twin.wire_name!r}"
                yield change(where, "property-renamed", message, BOTH)
            else:
                message = f"property {gone.wire_name!r} removed"
                yield change(where, "property-removed", message, CLIENTS)
        for new_field in added:
            yield _added(new_field, old, where, flow)
        for name in sorted(before.keys() & after.keys()):
            at = f"{where}.{name}"
            yield from field_flags(before[name], after[name], at, flow)
            yield from self.compare(before[name].type, after[name].type, at, flow)
        if old.extra != new.extra:
            breaks = widened(flow) if new.extra == "allow" else narrowed(flow)
            message = f"additional properties: {old.extra} -> {new.extra}"
            yield change(where, "additional-properties-changed", message, breaks)

    def _values(self, t: TypeExpr, api: Api) -> tuple[Json, ...] | None:
        if isinstance(t, LiteralType):
            return t.values
        if isinstance(t, EnumRef):
            found = next((e for e in api.enums if e.name == t.name), None)
            return tuple(m.value for m in found.members) if found else None
        return None


def _same_shape(a: Field, b: Field) -> bool:
    return (a.type, a.required, a.nullable) == (b.type, b.required, b.nullable)


def _added(f: Field, model: Model, where: str, flow: Flow) -> Change:
    if f.required:
        kind = "required-property-added"
        breaks = narrowed(flow)
    else:
        kind = "property-added"
        # An old server refusing unknown request fields would refuse the new one.
        breaks = SERVERS if flow is Flow.REQUEST and model.extra == "forbid" else NEITHER
    return change(where, kind, f"property {f.wire_name!r} added", breaks)


def _is_any(t: TypeExpr) -> bool:
    return isinstance(t, ScalarType) and t.scalar is Scalar.ANY


def _kind(t: TypeExpr) -> str:
    if isinstance(t, ScalarType):
        return str(t.scalar)
    if isinstance(t, ModelType):
        return "object"
    return type(t).__name__.removesuffix("Type").lower()


def _unique(old: bool, new: bool, where: str, flow: Flow) -> Iterator[Change]:
    if old != new:
        how, breaks = ("tightened", narrowed(flow)) if new else ("loosened", widened(flow))
        yield change(where, f"constraint-{how}", f"uniqueItems: {old} -> {new}", breaks)


def _compare_values(
    old: tuple[Json, ...], new: tuple[Json, ...], where: str, flow: Flow
) -> Iterator[Change]:
    for value in old:
        if value not in new:
            message = f"enum value {value!r} removed"
            yield change(where, "enum-value-removed", message, narrowed(flow))
    for value in new:
        if value not in old:
            yield change(where, "enum-value-added", f"enum value {value!r} added", widened(flow))


def field_flags(old: Field, new: Field, where: str, flow: Flow) -> Iterator[Change]:
    """Required, nullable and default of a property that exists on both sides."""
    if old.required != new.required:
        breaks = narrowed(flow) if new.required else widened(flow)
        now = "required" if new.required else "optional"
        yield change(where, "required-changed", f"now {now}", breaks)
    if old.nullable != new.nullable:
        breaks = widened(flow) if new.nullable else narrowed(flow)
        yield change(
            where, "nullable-changed", f"nullable: {old.nullable} -> {new.nullable}", breaks
        )
    if (old.has_default, old.default) != (new.has_default, new.default):
        message = f"default: {_default(old)} -> {_default(new)}"
        yield change(where, "default-changed", message, BOTH)


def _default(f: Field) -> str:
    return repr(f.default) if f.has_default else "none"
