"""Request and response classes of Features 3.0's operations.

Generated from tests/specs/features30.yaml (sha256 f69c5e0ea42ab14a) by `python -m generator`.
Do not edit: run `make generate` after changing the spec.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal, TypeAlias

from pydantic import Field

from .models import (
    Error,
    ImportBody,
    Integer,
    Pet,
    PetInput,
)


@dataclass(frozen=True)
class ParameterInfo:
    """Where a request field travels: its Python name, wire name and place in the request."""

    name: str
    wire_name: str
    location: Literal["path", "query", "header", "cookie"]
    many: bool  # a list, sent as repeated values


@dataclass(frozen=True)
class ResponseInfo:
    cls: type[Any]
    body_type: Any  # None when the response has no body
    media_type: str | None


@dataclass(frozen=True)
class OperationInfo:
    """What the app and the clients need to know of one operation, taken from the spec."""

    operation_id: str
    method: str
    path: str
    request: Any  # the request dataclass; Any because mypy does not see classes as Hashable
    parameters: tuple[ParameterInfo, ...]
    body_type: Any  # None when the operation takes no body
    body_media_type: str | None
    body_required: bool
    responses: Mapping[str, ResponseInfo]  # by status: "200", "4XX", "default"
    # Alternatives, any of which admits the call; each names schemes and their scopes.
    security: tuple[tuple[tuple[str, tuple[str, ...]], ...], ...]


@dataclass(frozen=True, kw_only=True)
class ListPetsRequest:
    """List pets \"\"\" with quotes \\n and {{ jinja }}"""

    limit: Annotated[Integer, Field(ge=1, le=50)] | None = 10
    tag: list[str] | None = None
    x_request_id: uuid.UUID | None = None
    session: str | None = None


@dataclass(frozen=True, kw_only=True)
class ListPets200Response:
    """The pets."""

    body: list[Pet]
    status_code: Literal[200] = 200
    headers: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class ListPetsDefaultResponse:
    """Anything else."""

    body: Error
    status_code: int
    headers: Mapping[str, str] = field(default_factory=dict)


ListPetsResponse: TypeAlias = ListPets200Response | ListPetsDefaultResponse


@dataclass(frozen=True, kw_only=True)
class CreatePetRequest:
    """Create a pet."""

    body: PetInput


@dataclass(frozen=True, kw_only=True)
class CreatePet201Response:
    """Created."""

    body: Pet
    status_code: Literal[201] = 201
    headers: Mapping[str, str] = field(default_factory=dict)


CreatePetResponse: TypeAlias = CreatePet201Response


@dataclass(frozen=True, kw_only=True)
class DeletePetRequest:
    """Delete a pet."""

    pet_id: Annotated[str, Field(pattern="^[a-z0-9-]+$")]


@dataclass(frozen=True, kw_only=True)
class DeletePet204Response:
    """Deleted."""

    status_code: Literal[204] = 204
    headers: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class DeletePet4XXResponse:
    """A client error."""

    body: Error
    status_code: int
    headers: Mapping[str, str] = field(default_factory=dict)


DeletePetResponse: TypeAlias = DeletePet204Response | DeletePet4XXResponse


@dataclass(frozen=True, kw_only=True)
class ImportRequest:
    """A Python keyword as operationId and parameter names."""

    from_: Integer
    class_: bool | None = None
    body: ImportBody | None = None


@dataclass(frozen=True, kw_only=True)
class Import200Response:
    """Echo."""

    body: dict[str, Integer]
    status_code: Literal[200] = 200
    headers: Mapping[str, str] = field(default_factory=dict)


ImportResponse: TypeAlias = Import200Response


OPERATIONS: Mapping[str, OperationInfo] = {
    "listPets": OperationInfo(
        operation_id="listPets",
        method="GET",
        path="/pets",
        request=ListPetsRequest,
        parameters=(
            ParameterInfo("limit", "limit", "query", False),
            ParameterInfo("tag", "tag", "query", True),
            ParameterInfo("x_request_id", "X-Request-Id", "header", False),
            ParameterInfo("session", "session", "cookie", False),
        ),
        body_type=None,
        body_media_type=None,
        body_required=False,
        responses={
            "200": ResponseInfo(ListPets200Response, list[Pet], "application/json"),
            "default": ResponseInfo(ListPetsDefaultResponse, Error, "application/json"),
        },
        security=(),
    ),
    "createPet": OperationInfo(
        operation_id="createPet",
        method="POST",
        path="/pets",
        request=CreatePetRequest,
        parameters=(),
        body_type=PetInput,
        body_media_type="application/json",
        body_required=True,
        responses={
            "201": ResponseInfo(CreatePet201Response, Pet, "application/json"),
        },
        security=((("apiKey", ()),),),
    ),
    "deletePet": OperationInfo(
        operation_id="deletePet",
        method="DELETE",
        path="/pets/{petId}",
        request=DeletePetRequest,
        parameters=(ParameterInfo("pet_id", "petId", "path", False),),
        body_type=None,
        body_media_type=None,
        body_required=False,
        responses={
            "204": ResponseInfo(DeletePet204Response, None, None),
            "4XX": ResponseInfo(DeletePet4XXResponse, Error, "application/problem+json"),
        },
        security=(),
    ),
    "import": OperationInfo(
        operation_id="import",
        method="PUT",
        path="/class/{from}",
        request=ImportRequest,
        parameters=(
            ParameterInfo("from_", "from", "path", False),
            ParameterInfo("class_", "class", "query", False),
        ),
        body_type=ImportBody,
        body_media_type="application/json",
        body_required=False,
        responses={
            "200": ResponseInfo(Import200Response, dict[str, Integer], "application/json"),
        },
        security=(),
    ),
}
