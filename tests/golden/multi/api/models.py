"""Models for Multi file: one pydantic class per schema.

Generated from tests/specs/multi/api.yaml (sha256 ffd28f4c4a15a13c) by `python -m generator`.
Do not edit: run `make generate` after changing the spec.
"""

from __future__ import annotations

from enum import Enum
from typing import Annotated, Any, Literal, TypeAlias

from pydantic import (
    AfterValidator,
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


class Node(Base):
    """Node"""

    model_config = ConfigDict(extra="allow")

    id: Id = Field()
    children: Annotated[list[Node] | None, NotNull] = Field(default=None)
    parent: Node | None = Field(default=None)


class Envelope(Base):
    """Envelope"""

    model_config = ConfigDict(extra="allow")

    kind: Literal["envelope"] = Field()
    node: Node = Field()
    note: str | None = Field(default=None)
    count: Annotated[Annotated[Integer, Field(gt=0, lt=10)] | None, NotNull] = Field(default=None)
    any: Annotated[str | Integer | None, NotNull] = Field(default=None)


Id: TypeAlias = Annotated[str, Field(min_length=3)]


Node.model_rebuild()
Envelope.model_rebuild()
