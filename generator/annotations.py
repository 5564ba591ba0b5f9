"""Python annotation text for IR type trees; the templates' only way to print a type."""

from __future__ import annotations

from collections.abc import Iterator

from generator.ir import (
    AliasRef,
    Constraint,
    Default,
    DictType,
    EnumRef,
    EnumValue,
    Json,
    ListType,
    LiteralType,
    ModelType,
    ParsedValue,
    Scalar,
    ScalarType,
    TypeExpr,
    UnionType,
)

_SCALARS = {
    Scalar.STR: "str",
    Scalar.INT: "Integer",
    Scalar.FLOAT: "float",
    Scalar.BOOL: "bool",
    Scalar.DATETIME: "AwareDatetime",
    Scalar.DATE: "datetime.date",
    Scalar.TIME: "datetime.time",
    Scalar.UUID: "uuid.UUID",
    Scalar.BYTES: "bytes",
    Scalar.ANY: "Any",
    Scalar.NONE: "None",
}


# The call the generated code makes to turn a default the spec writes as text into its value;
# the builder checks a default with the same call (schemas._parse).
PARSERS = {
    Scalar.DATETIME: "datetime.datetime.fromisoformat",
    Scalar.DATE: "datetime.date.fromisoformat",
    Scalar.TIME: "datetime.time.fromisoformat",
    Scalar.UUID: "uuid.UUID",
}


def py_literal(value: Json | Default) -> str:  # noqa: PLR0911 - one case per kind of value
    """A Python expression for a JSON value (or a default built from one), stable across runs."""
    if isinstance(value, EnumValue):
        return f"{value.enum}.{value.member}"
    if isinstance(value, ParsedValue):
        return f"{PARSERS[value.scalar]}({value.text!r})"
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, bool) or value is None:
        return repr(value)
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(py_literal(v) for v in value) + "]"
    items = ", ".join(f"{py_literal(k)}: {py_literal(v)}" for k, v in value.items())
    return "{" + items + "}"


def field_args(constraints: tuple[Constraint, ...]) -> str:
    return ", ".join(f"{c.keyword}={py_literal(c.value)}" for c in constraints)


def _constrained(base: str, constraints: tuple[Constraint, ...], unique: bool = False) -> str:
    metadata = []
    if constraints:
        metadata.append(f"Field({field_args(constraints)})")
    if unique:
        metadata.append("AfterValidator(unique_items)")
    if not metadata:
        return base
    return f"Annotated[{base}, {', '.join(metadata)}]"


def _literal(values: tuple[Json, ...]) -> str:
    listed = ", ".join(py_literal(v) for v in values)
    if not all(v is None or isinstance(v, str | int) for v in values):  # bool is an int
        # Arrays, objects and fractions cannot be Literal parameters: compared as JSON instead.
        return f"Annotated[Any, json_enum({listed})]"
    numbers = any(isinstance(v, int) and not isinstance(v, bool) for v in values)
    booleans = any(isinstance(v, bool) for v in values)
    # pydantic matches JSON's true to 1 even in strict mode; JSON Schema keeps them apart.
    literal = f"Literal[{listed}]"
    return f"Annotated[{literal}, NotBool]" if numbers and not booleans else literal


def annotation(t: TypeExpr) -> str:  # noqa: PLR0911 - one case per kind of type
    """The annotation for `t`, e.g. `list[Annotated[str, Field(min_length=1)]]`."""
    match t:
        case ScalarType(scalar, constraints):
            return _constrained(_SCALARS[scalar], constraints)
        case EnumRef(name, integer):
            return f"Annotated[{name}, NotBool]" if integer else name
        case ModelType(name) | AliasRef(name):
            return name
        case LiteralType(values):
            return _literal(values)
        case ListType(item, constraints, unique):
            return _constrained(f"list[{annotation(item)}]", constraints, unique)
        case DictType(value, constraints):
            return _constrained(f"dict[str, {annotation(value)}]", constraints)
        case UnionType(options, discriminator, _):
            text = " | ".join(annotation(o) for o in options)
            if discriminator is not None:
                return f"Annotated[{text}, Field(discriminator={discriminator!r})]"
            return text
    raise TypeError(f"not a type expression: {t!r}")


def optional(t: TypeExpr) -> str:
    """The annotation of a field that may be absent or null."""
    if is_nullable(t) and not (isinstance(t, ScalarType) and t.scalar is Scalar.ANY):
        return annotation(t)
    if isinstance(t, ScalarType) and t.scalar is Scalar.ANY:
        return "Any"
    return f"{annotation(t)} | None"


def walk(t: TypeExpr) -> Iterator[TypeExpr]:
    """`t` and every type nested in it."""
    yield t
    match t:
        case AliasRef(_, target):
            yield from walk(target)
        case ListType(item):
            yield from walk(item)
        case DictType(value):
            yield from walk(value)
        case UnionType(options):
            for option in options:
                yield from walk(option)


def is_nullable(t: TypeExpr) -> bool:
    """Does the type accept JSON null?"""
    if isinstance(t, ScalarType):
        return t.scalar in (Scalar.NONE, Scalar.ANY)
    if isinstance(t, UnionType):
        return any(is_nullable(o) for o in t.options)
    if isinstance(t, AliasRef):
        return is_nullable(t.target)
    return isinstance(t, LiteralType) and None in t.values


def unalias(t: TypeExpr) -> TypeExpr:
    """The type an alias (or a chain of them) stands for; t itself when it is no alias."""
    while isinstance(t, AliasRef):
        t = t.target
    return t
