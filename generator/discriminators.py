"""Discriminated unions: which tag values select which branch, and why pydantic would refuse one.

OpenAPI 3.0/3.1: a mapping key selects the schema it names; a branch no key maps to is selected
by its own schema name, unless the mapping gives that name to another branch. A schema that is a
branch of several unions keeps, as its own class, every value that selects it anywhere; a union
that wants fewer gets a subclass holding just its values (`Branch`).
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.ir import (
    AliasRef,
    EnumRef,
    Field,
    Json,
    LiteralType,
    Scalar,
    ScalarType,
    TypeExpr,
    UnionType,
)

# (schema location, direction): one model, the same across builder passes.
ModelKey = tuple[str, str]
# (schema location, direction, tag property): one class's tag, the same across builder passes.
TagKey = tuple[str, str, str]


@dataclass(frozen=True)
class Settled:
    """What a builder pass learnt, for the next to build every discriminated union right.

    A union built before a later one adds tag values to a class it shares, or while one of its
    options is still being built (a recursive union), needs these from the start.
    """

    tags: dict[TagKey, tuple[Json, ...]]  # every value selecting each class, over all unions
    fields: dict[ModelKey, dict[str, Field]]  # each model's fields by wire name


@dataclass(frozen=True)
class Branch:
    """A subclass of `base` whose tag holds only the values that select it in one union."""

    name: str
    base: str
    key: TagKey
    values: tuple[Json, ...]
    union: str  # the union's class name hint, for the docstring
    source: str  # the union's discriminator, where the spec asks for this class


def selecting(implicit: str | None, keys: list[str], mapping: dict[str, object]) -> list[str]:
    """The tag values that select one branch: the mapping keys naming it, else its own name.

    `implicit` is the branch's schema name (None for an inline branch, which has none).
    """
    if keys:
        return keys
    if implicit is None or implicit in mapping:
        return []
    return [implicit]


def tag_problem(field: Field | None) -> str:
    """Why pydantic would refuse this field as a discriminator, or "" when it would not.

    A nullable tag is fine: the union's class holds a Literal of its values, which refuses null.
    """
    if field is None:
        return "an option lacks the property"
    if not is_string(field.type):
        return "the property is not a string"
    return ""


def shared_tag(tags: dict[str, list[str]]) -> str:
    """A tag value that names two options (pydantic refuses the union), or ""."""
    owners: dict[str, str] = {}
    for model_name, values in tags.items():
        for value in values:
            if owners.setdefault(value, model_name) != model_name:
                return f"tag value {value!r} names both {owners[value]} and {model_name}"
    return ""


def is_string(t: TypeExpr) -> bool:
    """A string type, or a string or null: the tag's Literal is what refuses null."""
    match t:
        case UnionType(options):
            concrete = [o for o in options if o != ScalarType(Scalar.NONE)]
            return len(concrete) == 1 and is_string(concrete[0])
        case ScalarType(scalar):
            return scalar is Scalar.STR
        case AliasRef(_, target):
            return is_string(target)
        case LiteralType(values):
            return all(isinstance(v, str) for v in values)
        case EnumRef(_, integer):
            return not integer
    return False


def describe(branch: Branch, wire_name: str) -> str:
    """The subclass's docstring."""
    values = " or ".join(repr(v) for v in branch.values)
    return f"{branch.base} as a branch of {branch.union}, which selects it by {wire_name} {values}."
