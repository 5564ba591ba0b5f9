"""Models for Corpus regressions: one pydantic class per schema.

Generated from tests/specs/corpus_regressions.yaml (sha256 be9b49d608fc9c3b) by `python -m generator`.
Do not edit: run `make generate` after changing the spec.
"""

from __future__ import annotations

import datetime
from enum import Enum, StrEnum
from typing import Annotated, Any, Literal, TypeAlias

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidatorFunctionWrapHandler,
    WrapValidator,
)


def _reject_null(value: Any) -> Any:
    # Absent and null differ: a property that is optional but not nullable may be left out,
    # never sent as null. Defaults are not validated, so this runs only for values sent.
    if value is None:
        raise ValueError("may be omitted but not null")
    return value


def unique_items(values: list[Any]) -> list[Any]:
    """uniqueItems: JSON equality, so 1 and 1.0 are the same item and True and 1 are not."""
    seen: list[Any] = []
    for value in values:
        key = _canonical(value)
        if key in seen:
            raise ValueError("items must be unique")
        seen.append(key)
    return values


def _canonical(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return _canonical(value.model_dump(mode="json", exclude_unset=True))
    if isinstance(value, Enum):
        return _canonical(value.value)
    if isinstance(value, bool):
        return ("bool", value)
    if isinstance(value, dict):
        return sorted((k, _canonical(v)) for k, v in value.items())
    if isinstance(value, list):
        return [_canonical(v) for v in value]
    return value


def _whole_number(value: Any) -> Any:
    # JSON Schema counts 1.0 as an integer; pydantic's strict int would refuse it.
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _reject_bool(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
    # pydantic matches JSON's true to an integer enum member or a literal 1, even in strict mode.
    if isinstance(value, bool):
        raise ValueError("a boolean is not one of the allowed values")
    return handler(value)


def json_enum(*allowed: Any) -> AfterValidator:
    """enum/const of arrays, objects or fractions: JSON equality, as for uniqueItems."""
    keys = [_canonical(value) for value in allowed]

    def check(value: Any) -> Any:
        if _canonical(value) not in keys:
            raise ValueError(f"must be one of {list(allowed)!r}")
        return value

    return AfterValidator(check)


# After, not before: a before-validator hands the type beneath it a Python value, and strict
# validation then refuses the JSON string of a date or date-time.
NotNull = AfterValidator(_reject_null)
# Wrap, not before or after: strict validation of an integer enum needs the JSON value itself.
NotBool = WrapValidator(_reject_bool)
Integer: TypeAlias = Annotated[int, BeforeValidator(_whole_number)]


class Base(BaseModel):
    """Shared configuration: snake_case attributes, camelCase (wire) names on the wire."""

    model_config = ConfigDict(
        validate_by_name=True,
        validate_by_alias=True,
        serialize_by_alias=True,
        use_enum_values=False,
        # Attribute names are kept clear of BaseModel's own by the generator; pydantic's
        # prefix check would only warn on import about safe ones such as `model_validate_`.
        protected_namespaces=(),
    )


class CircleKind(StrEnum):
    """CircleKind"""

    CIRCLE = "circle"


class Colour(StrEnum):
    """Colour"""

    RED = "red"
    GREEN = "green"


class SettingsMode(StrEnum):
    """SettingsMode"""

    FAST = "fast"
    SLOW = "slow"


class SettingsLevel(StrEnum):
    """SettingsLevel"""

    LOW = "low"
    HIGH = "high"


class NodeNextKind(StrEnum):
    """NodeNextKind"""

    CIRCLE = "circle"


class Circle(Base):
    """Circle"""

    model_config = ConfigDict(extra="allow")

    kind: Literal["circle"] = Field(default="circle")
    radius: Annotated[float | None, NotNull] = Field(default=None)


class Square(Base):
    """Square"""

    model_config = ConfigDict(extra="allow")

    kind: Literal["square", "Square", "Circle"] = Field()
    side: Annotated[float | None, NotNull] = Field(default=None)


class SearchResponse(Base):
    """SearchResponse"""

    model_config = ConfigDict(extra="allow")

    items: Annotated[list[Shape] | None, NotNull] = Field(default=None)


class SearchRequest(Base):
    """SearchRequest"""

    model_config = ConfigDict(extra="allow")

    q: Annotated[str | None, NotNull] = Field(default=None)


class ClientError2(Base):
    """ClientError2"""

    model_config = ConfigDict(extra="allow")

    message: Annotated[str | None, NotNull] = Field(default=None)


class UnexpectedStatus2(Base):
    """UnexpectedStatus2"""

    model_config = ConfigDict(extra="allow")

    status: Annotated[Integer | None, NotNull] = Field(default=None)


class Principal2(Base):
    """Principal2"""

    model_config = ConfigDict(extra="allow")

    subject: Annotated[str | None, NotNull] = Field(default=None)


class Request2(Base):
    """Request2"""

    model_config = ConfigDict(extra="allow")

    id: Annotated[str | None, NotNull] = Field(default=None)


class ValueError2(Base):
    """ValueError2"""

    model_config = ConfigDict(extra="allow")

    reason: Annotated[str | None, NotNull] = Field(default=None)


class Settings(Base):
    """Settings"""

    model_config = ConfigDict(extra="allow", regex_engine="python-re")

    colour: Annotated[Colour | None, NotNull] = Field(default=None)
    mode: Annotated[SettingsMode | None, NotNull] = Field(default=SettingsMode.SLOW)
    colours: Annotated[list[Colour] | None, NotNull] = Field(default=[Colour.GREEN, Colour.RED])
    label: Annotated[str | None, NotNull] = Field(default=None)
    level: Annotated[SettingsLevel | None, NotNull] = Field(default=None)
    size: Annotated[Annotated[Integer, Field(le=10)] | None, NotNull] = Field(default=None)
    ratio: Annotated[Integer | None, NotNull] = Field(default=2)
    started: Annotated[AwareDatetime | None, NotNull] = Field(
        default=datetime.datetime.fromisoformat("2024-01-01T00:00:00Z")
    )
    pair: Annotated[Annotated[Any, json_enum([1, 2], [3, 4])] | None, NotNull] = Field(default=None)
    point: Annotated[Annotated[Any, json_enum({"x": 1})] | None, NotNull] = Field(default={"x": 1})
    host: Annotated[Annotated[str, Field(pattern="\\A[a-z]+\\Z")] | None, NotNull] = Field(
        default=None
    )


class NullableKind(Base):
    """NullableKind"""

    model_config = ConfigDict(extra="allow")

    kind: Literal["NullableKind"] = Field(default="NullableKind")


class Counted(Base):
    """Counted"""

    model_config = ConfigDict(extra="allow")

    kind: Integer = Field()


class NodeNext(Base):
    """NodeNext"""

    model_config = ConfigDict(extra="allow")

    next: Annotated[NodeNext | None, NotNull] = Field(default=None)
    kind: Annotated[NodeNextKind | None, NotNull] = Field(default=NodeNextKind.CIRCLE)
    radius: Annotated[float | None, NotNull] = Field(default=None)


class Node(Base):
    """Node"""

    model_config = ConfigDict(extra="allow")

    next: Annotated[NodeNext | None, NotNull] = Field(default=None)


class Loop(Base):
    """Loop"""

    model_config = ConfigDict(extra="allow")

    n: Annotated[Integer | None, NotNull] = Field(default=None)


class ShapeSquare(Square):
    """Square as a branch of Shape, which selects it by kind 'square'."""

    model_config = ConfigDict(extra="allow")

    kind: Literal["square"] = Field()


class NullableTagSquare(Square):
    """Square as a branch of NullableTag, which selects it by kind 'Square'."""

    model_config = ConfigDict(extra="allow")

    kind: Literal["Square"] = Field()


class SharedTagSquare(Square):
    """Square as a branch of SharedTag, which selects it by kind 'Circle'."""

    model_config = ConfigDict(extra="allow")

    kind: Literal["Circle"] = Field()


Shape: TypeAlias = Annotated[Circle | ShapeSquare, Field(discriminator="kind")]

NullableTag: TypeAlias = Annotated[NullableKind | NullableTagSquare, Field(discriminator="kind")]

SharedTag: TypeAlias = SharedTagSquare

IntegerTag: TypeAlias = Counted | Circle


Circle.model_rebuild()
Square.model_rebuild()
SearchResponse.model_rebuild()
SearchRequest.model_rebuild()
ClientError2.model_rebuild()
UnexpectedStatus2.model_rebuild()
Principal2.model_rebuild()
Request2.model_rebuild()
ValueError2.model_rebuild()
Settings.model_rebuild()
NullableKind.model_rebuild()
Counted.model_rebuild()
NodeNext.model_rebuild()
Node.model_rebuild()
Loop.model_rebuild()
ShapeSquare.model_rebuild()
NullableTagSquare.model_rebuild()
SharedTagSquare.model_rebuild()
