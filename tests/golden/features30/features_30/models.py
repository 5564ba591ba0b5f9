"""Models for Features 3.0: one pydantic class per schema.

Generated from tests/specs/features30.yaml (sha256 f69c5e0ea42ab14a) by `python -m generator`.
Do not edit: run `make generate` after changing the spec.
"""

from __future__ import annotations

import datetime
from enum import Enum, IntEnum, StrEnum
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


class Kind(StrEnum):
    """What kind of pet."""

    DOG = "dog"
    CAT = "cat"
    VALUE = ""
    VALUE_2_LEGGED = "2-legged"
    CLASS = "class"


class PetSize(IntEnum):
    """PetSize"""

    VALUE_1 = 1
    VALUE_2 = 2
    VALUE_3 = 3


class PetInputSize(IntEnum):
    """PetInputSize"""

    VALUE_1 = 1
    VALUE_2 = 2
    VALUE_3 = 3


class Person(Base):
    """Person"""

    model_config = ConfigDict(extra="allow")

    name: str = Field()
    friends: Annotated[list[Person] | None, NotNull] = Field(default=None)


class Owner(Base):
    """Owner"""

    model_config = ConfigDict(extra="allow")

    name: str = Field()
    friends: Annotated[list[Person] | None, NotNull] = Field(default=None)
    since: AwareDatetime = Field()


class Circle(Base):
    """Circle"""

    model_config = ConfigDict(extra="allow")

    shape_type: Literal["circle"] = Field(
        validation_alias="shapeType", serialization_alias="shapeType"
    )
    radius: float = Field()


class Square(Base):
    """Square"""

    model_config = ConfigDict(extra="allow")

    shape_type: Literal["square"] = Field(
        validation_alias="shapeType", serialization_alias="shapeType"
    )
    side: float = Field()


class Pet(Base):
    """A pet. Quotes: \"\"\" and a trailing quote\""""

    model_config = ConfigDict(extra="allow")

    id: Annotated[Integer, Field(ge=-9223372036854775808, le=9223372036854775807)] = Field()
    name: Annotated[str, Field(min_length=1, max_length=40)] = Field()
    kind: Kind = Field(description="What kind of pet.")
    nickname: str | None = Field(default=None)
    weight: Annotated[Annotated[float, Field(le=200, gt=0)] | None, NotNull] = Field(default=None)
    birthday: Annotated[datetime.date | None, NotNull] = Field(default=None)
    tags: Annotated[
        Annotated[list[str], Field(max_length=5), AfterValidator(unique_items)] | None, NotNull
    ] = Field(default=None)
    owner: Annotated[Owner | None, NotNull] = Field(default=None)
    size: Annotated[Annotated[PetSize, NotBool] | None, NotNull] = Field(default=None)
    mixed: Annotated[Literal["a", 1, None], NotBool] = Field(default=None)
    shape: Annotated[Shape | None, NotNull] = Field(default=None)


class Error(Base):
    """Error"""

    model_config = ConfigDict(extra="forbid")

    code: Integer = Field()
    message: Annotated[str | None, NotNull] = Field(default=None)


class PetInput(Base):
    """A pet. Quotes: \"\"\" and a trailing quote\""""

    model_config = ConfigDict(extra="allow")

    name: Annotated[str, Field(min_length=1, max_length=40)] = Field()
    kind: Kind = Field(description="What kind of pet.")
    nickname: str | None = Field(default=None)
    weight: Annotated[Annotated[float, Field(le=200, gt=0)] | None, NotNull] = Field(default=None)
    birthday: Annotated[datetime.date | None, NotNull] = Field(default=None)
    secret: Annotated[str | None, NotNull] = Field(default=None)
    tags: Annotated[
        Annotated[list[str], Field(max_length=5), AfterValidator(unique_items)] | None, NotNull
    ] = Field(default=None)
    owner: Annotated[Owner | None, NotNull] = Field(default=None)
    size: Annotated[Annotated[PetInputSize, NotBool] | None, NotNull] = Field(default=None)
    mixed: Annotated[Literal["a", 1, None], NotBool] = Field(default=None)
    shape: Annotated[Shape | None, NotNull] = Field(default=None)


class ImportBody(Base):
    """ImportBody"""

    model_config = ConfigDict(extra="allow")

    def_: Annotated[str | None, NotNull] = Field(
        default=None, validation_alias="def", serialization_alias="def"
    )
    value_2_fa: Annotated[bool | None, NotNull] = Field(
        default=None, validation_alias="2fa", serialization_alias="2fa"
    )
    foo_bar: Annotated[str | None, NotNull] = Field(
        default=None, validation_alias="fooBar", serialization_alias="fooBar"
    )
    foo_bar2: Annotated[str | None, NotNull] = Field(
        default=None, validation_alias="foo_bar", serialization_alias="foo_bar"
    )
    unicode: Annotated[Annotated[float, Field(multiple_of=0.5)] | None, NotNull] = Field(
        default=None, validation_alias="Ünïcödé", serialization_alias="Ünïcödé"
    )


Shape: TypeAlias = Annotated[Circle | Square, Field(discriminator="shape_type")]

Lookaround: TypeAlias = Annotated[str, Field(pattern="^(?!admin).+$")]

# Accepts any JSON value.
Loose: TypeAlias = Any


Person.model_rebuild()
Owner.model_rebuild()
Circle.model_rebuild()
Square.model_rebuild()
Pet.model_rebuild()
Error.model_rebuild()
PetInput.model_rebuild()
ImportBody.model_rebuild()
