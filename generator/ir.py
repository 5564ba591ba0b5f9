"""The typed intermediate representation: every decision the templates need, made in Python.

Templates receive an `Api` and nothing else. Names here are already valid, unique Python
identifiers; types are trees that `annotations.py` turns into text.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import Field as DataclassField
from dataclasses import dataclass, field, fields
from enum import StrEnum
from operator import attrgetter
from typing import Any

# A JSON value from the spec (examples, defaults, enum values, constraint bounds).
Json = None | bool | int | float | str | list["Json"] | dict[str, "Json"]


class _Node:
    """The base of the IR's dataclasses: one `__repr__`, `__eq__` and `__hash__` for all, doing
    what dataclass would (fields by their `repr`, `compare` and `hash` flags, same class only;
    a value compares equal to itself even if it is NaN, as in Python 3.11's tuples).

    dataclass compiles those methods anew for every class, about half of the cost of defining
    the IR (~6 ms), which every run pays at start-up.
    """

    __slots__ = ()

    def __repr__(self) -> str:
        shown = ", ".join(f"{f.name}={getattr(self, f.name)!r}" for f in fields(self) if f.repr)  # type: ignore[arg-type]
        return f"{type(self).__qualname__}({shown})"

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        compared = _getter(type(self), _compared)
        return compared(self) == compared(other)

    def __hash__(self) -> int:
        return hash(_getter(type(self), _hashed)(self))


Values = Callable[[object], tuple[object, ...]]
# Per IR class and purpose (comparing, hashing), a getter of the values of the fields that
# count for it, made on first use.
_GETTERS: dict[tuple[type, Callable[[DataclassField[Any]], bool]], Values] = {}


def _compared(f: DataclassField[Any]) -> bool:
    return f.compare


def _hashed(f: DataclassField[Any]) -> bool:
    return f.compare if f.hash is None else f.hash


def _getter(cls: type, counts: Callable[[DataclassField[Any]], bool]) -> Values:
    getter = _GETTERS.get((cls, counts))
    if getter is None:
        names = tuple(f.name for f in fields(cls) if counts(f))
        getter = _GETTERS[cls, counts] = _values_of(names)
    return getter


def _values_of(names: tuple[str, ...]) -> Values:
    if len(names) > 1:
        return attrgetter(*names)
    if names:  # attrgetter of one name gives the value itself, not a 1-tuple
        single = attrgetter(names[0])

        def one(node: object) -> tuple[object, ...]:
            return (single(node),)

        return one
    return lambda node: ()


class Scalar(StrEnum):
    """Python scalar types a schema can map to."""

    STR = "str"
    INT = "int"
    FLOAT = "float"
    BOOL = "bool"
    DATETIME = "datetime"
    DATE = "date"
    TIME = "time"
    UUID = "uuid"
    BYTES = "bytes"
    ANY = "any"
    NONE = "none"


@dataclass(frozen=True, repr=False, eq=False)
class Constraint(_Node):
    """One pydantic `Field` keyword argument taken from the schema (`min_length=1`)."""

    keyword: str
    value: Json


@dataclass(frozen=True, repr=False, eq=False)
class ScalarType(_Node):
    """A JSON scalar (or any value), with the constraints its schema states."""

    scalar: Scalar
    constraints: tuple[Constraint, ...] = ()


@dataclass(frozen=True, repr=False, eq=False)
class ModelType(_Node):
    """A reference to a generated model class."""

    name: str


@dataclass(frozen=True, repr=False, eq=False)
class EnumRef(_Node):
    """A reference to a generated enum class."""

    name: str
    integer: bool = False  # an IntEnum: JSON's true must not pass for its member 1


@dataclass(frozen=True, repr=False, eq=False)
class AliasRef(_Node):
    """A reference to a named non-object schema, emitted as a type alias (`ObjectId`)."""

    name: str
    target: TypeExpr


@dataclass(frozen=True, repr=False, eq=False)
class LiteralType(_Node):
    """`const`, or an enum too small or odd to deserve a class (a single value, mixed types,
    arrays, objects or fractions, which are compared as JSON rather than as a `Literal`)."""

    values: tuple[Json, ...]


@dataclass(frozen=True, repr=False, eq=False)
class ListType(_Node):
    """An array: its items' type, length bounds and uniqueItems."""

    item: TypeExpr
    constraints: tuple[Constraint, ...] = ()
    unique: bool = False


@dataclass(frozen=True, repr=False, eq=False)
class DictType(_Node):
    """An object with no named properties: its values' type and size bounds."""

    value: TypeExpr
    constraints: tuple[Constraint, ...] = ()


@dataclass(frozen=True, repr=False, eq=False)
class UnionType(_Node):
    """anyOf/oneOf/type lists; `discriminator` is the wire name of the tag property."""

    options: tuple[TypeExpr, ...]
    discriminator: str | None = None  # the tag property's attribute name in every option
    exclusive: bool = False  # oneOf: exactly one option may match


TypeExpr = (
    ScalarType | ModelType | EnumRef | AliasRef | LiteralType | ListType | DictType | UnionType
)


@dataclass(frozen=True, repr=False, eq=False)
class Alias(_Node):
    """`Name: TypeAlias = ...` for a component schema that is not an object or an enum."""

    name: str
    type: TypeExpr
    description: str
    source: str


@dataclass(frozen=True, repr=False, eq=False)
class EnumMember(_Node):
    """One member of a generated enum: its Python name and its JSON value."""

    name: str
    value: str | int


@dataclass(frozen=True, repr=False, eq=False)
class EnumType(_Node):
    """A generated enum class (StrEnum or IntEnum)."""

    name: str
    description: str
    base: Scalar  # STR or INT
    members: tuple[EnumMember, ...]
    source: str  # "file#/pointer" for the header comment


@dataclass(frozen=True, repr=False, eq=False)
class EnumValue(_Node):
    """A default that is a member of a generated enum, printed `Enum.MEMBER`."""

    enum: str
    member: str


@dataclass(frozen=True, repr=False, eq=False)
class ParsedValue(_Node):
    """A default the spec wrote as text for a date, date-time or UUID, printed as its parse."""

    scalar: Scalar
    text: str


# A default as the generated code holds it: JSON, with enum members and parsed text in place.
Default = (
    None
    | bool
    | int
    | float
    | str
    | EnumValue
    | ParsedValue
    | list["Default"]
    | dict[str, "Default"]
)


@dataclass(frozen=True, repr=False, eq=False)
class Field(_Node):
    """One property of a model."""

    name: str  # the Python attribute
    wire_name: str  # the JSON property name (the alias)
    type: TypeExpr
    required: bool
    nullable: bool  # an explicit null is allowed
    description: str
    default: Json = None  # as the spec wrote it (docs, diff)
    has_default: bool = False  # False also when the spec's default does not fit the type
    python_default: Default = None  # as the generated code holds it
    read_only: bool = False
    write_only: bool = False
    secret: bool = False  # x-secret: the value must never be echoed after creation
    tag: bool = False  # a discriminator's property: a bare Literal, never None


@dataclass(frozen=True, repr=False, eq=False)
class Model(_Node):
    """A generated pydantic model: one per object schema (and shape, read or write)."""

    name: str
    description: str
    fields: tuple[Field, ...]
    extra: str  # pydantic `extra`: "allow", "forbid"
    extra_type: TypeExpr | None  # additionalProperties' schema, when it has one
    python_re: bool  # a pattern needs Python's `re` (lookarounds, backreferences)
    source: str
    examples: tuple[Json, ...] = ()
    base: str = "Base"  # the class it extends: a union's branch extends the branch's class

    def all_fields(self, models: Mapping[str, Model]) -> tuple[Field, ...]:
        """Its fields with those of the model it extends, in that model's order; its own win."""
        own = {f.wire_name: f for f in self.fields}
        base = models.get(self.base)
        inherited = base.all_fields(models) if base else ()
        kept = tuple(own.get(f.wire_name, f) for f in inherited)
        return (*kept, *(f for f in self.fields if f.wire_name not in {k.wire_name for k in kept}))


class Location(StrEnum):
    PATH = "path"
    QUERY = "query"
    HEADER = "header"
    COOKIE = "cookie"


@dataclass(frozen=True, repr=False, eq=False)
class Parameter(_Node):
    """A path, query, header or cookie parameter of an operation."""

    name: str
    wire_name: str
    location: Location
    type: TypeExpr
    required: bool
    description: str
    default: Json = None  # as the spec wrote it (docs, diff)
    has_default: bool = False  # False also when the spec's default does not fit the type
    python_default: Default = None  # as the generated code holds it


@dataclass(frozen=True, repr=False, eq=False)
class RequestBody(_Node):
    """An operation's request body."""

    type: TypeExpr
    required: bool
    content_type: str  # the JSON media type it is sent with
    description: str


@dataclass(frozen=True, repr=False, eq=False)
class Response(_Node):
    """One declared status of an operation, with the class that carries it."""

    class_name: str
    status: str  # "200", "4XX" or "default"
    description: str
    body: TypeExpr | None
    content_type: str | None

    @property
    def fixed_status(self) -> int | None:
        return int(self.status) if self.status.isdigit() else None


@dataclass(frozen=True, repr=False, eq=False)
class SecurityRequirement(_Node):
    """One alternative of an operation's `security`: every scheme named must pass."""

    schemes: tuple[tuple[str, tuple[str, ...]], ...]  # (scheme name, required scopes)

    @property
    def anonymous(self) -> bool:
        return not self.schemes


@dataclass(frozen=True, repr=False, eq=False)
class SecurityScheme(_Node):
    """A security scheme the spec declares, as the generated app checks it."""

    name: str
    kind: str  # "bearer", "apiKey", "basic", "oauth2", "openIdConnect"
    location: str  # where the credential is read: "header", "query" or "cookie"
    parameter: str  # header, query or cookie name
    description: str


@dataclass(frozen=True, repr=False, eq=False)
class Operation(_Node):
    """One operation: its request, its responses per status and its security."""

    operation_id: str
    method_name: str  # the Python method on the Protocol and the client
    class_prefix: str  # prefix of its request and response classes
    http_method: str  # upper case
    path: str
    summary: str
    description: str
    deprecated: bool
    parameters: tuple[Parameter, ...]
    body: RequestBody | None
    responses: tuple[Response, ...]
    security: tuple[SecurityRequirement, ...]  # empty: no authentication

    @property
    def request_class(self) -> str:
        return f"{self.class_prefix}Request"

    @property
    def response_union(self) -> str:
        return f"{self.class_prefix}Response"


@dataclass(frozen=True, repr=False, eq=False)
class Api(_Node):
    """Everything the templates render for one spec."""

    title: str
    version: str
    description: str
    package: str  # the Python package the output lands in
    spec_file: str  # as named in the headers: relative to the project
    spec_digest: str
    base_path: str  # path part of the first server URL, without a trailing slash
    models: tuple[Model, ...]
    enums: tuple[EnumType, ...]
    aliases: tuple[Alias, ...]  # in dependency order
    operations: tuple[Operation, ...]
    security_schemes: tuple[SecurityScheme, ...]
    protocol_name: str
    exports: tuple[str, ...] = ()  # the package's `__all__`, in the order ruff wants it
    spec_json: str = field(repr=False, default="")  # the bundled spec, served at /openapi.json
    # (path relative to the spec's folder, sha256) of every file the spec was read from, and
    # how many warnings it gave: what the output's stamp records to skip unchanged regeneration
    spec_files: tuple[tuple[str, str], ...] = ()
    warnings: int = 0
