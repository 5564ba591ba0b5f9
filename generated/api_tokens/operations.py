"""Request and response classes of MindBridge API: API tokens's operations.

Generated from spec/api-tokens.yaml (sha256 5a553b158723a796) by `python -m generator`.
Do not edit: run `make generate` after changing the spec.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal, TypeAlias

from pydantic import Field

from .models import (
    ApiApiTokenCreate,
    ApiApiTokenCreated,
    ApiApiTokenFilter,
    ApiApiTokenRead,
    ApiApiTokenUpdate,
    ApiPageApiApiTokenRead,
    Integer,
    ObjectId,
    Problem,
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
class CreateApiTokenRequest:
    """Create an API token."""

    body: ApiApiTokenCreate


@dataclass(frozen=True, kw_only=True)
class CreateApiToken201Response:
    """Created"""

    body: ApiApiTokenCreated
    status_code: Literal[201] = 201
    headers: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class CreateApiToken400Response:
    """The request body, a parameter or the JSON is invalid."""

    body: Problem
    status_code: Literal[400] = 400
    headers: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class CreateApiToken401Response:
    """The bearer token is missing, unknown or expired."""

    body: Problem
    status_code: Literal[401] = 401
    headers: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class CreateApiToken403Response:
    """The token lacks the scope the operation requires, or the caller's address is not in the token's allowedAddresses."""

    body: Problem
    status_code: Literal[403] = 403
    headers: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class CreateApiToken413Response:
    """The request body is larger than 1 MiB (1048576 bytes)."""

    body: Problem
    status_code: Literal[413] = 413
    headers: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class CreateApiToken415Response:
    """The request body is not JSON."""

    body: Problem
    status_code: Literal[415] = 415
    headers: Mapping[str, str] = field(default_factory=dict)


CreateApiTokenResponse: TypeAlias = (
    CreateApiToken201Response
    | CreateApiToken400Response
    | CreateApiToken401Response
    | CreateApiToken403Response
    | CreateApiToken413Response
    | CreateApiToken415Response
)


@dataclass(frozen=True, kw_only=True)
class GetCurrentApiTokenRequest:
    """Get the API token used to authenticate this request."""

    pass


@dataclass(frozen=True, kw_only=True)
class GetCurrentApiToken200Response:
    """OK"""

    body: ApiApiTokenRead
    status_code: Literal[200] = 200
    headers: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class GetCurrentApiToken401Response:
    """The bearer token is missing, unknown or expired."""

    body: Problem
    status_code: Literal[401] = 401
    headers: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class GetCurrentApiToken403Response:
    """The token lacks the scope the operation requires, or the caller's address is not in the token's allowedAddresses."""

    body: Problem
    status_code: Literal[403] = 403
    headers: Mapping[str, str] = field(default_factory=dict)


GetCurrentApiTokenResponse: TypeAlias = (
    GetCurrentApiToken200Response | GetCurrentApiToken401Response | GetCurrentApiToken403Response
)


@dataclass(frozen=True, kw_only=True)
class QueryApiTokensRequest:
    """Query API tokens."""

    page: Annotated[Integer, Field(ge=0, le=2147483647)] | None = 0
    size: Annotated[Integer, Field(ge=1, le=100)] | None = 20
    sort: Annotated[str, Field(pattern="^(name|creationDate),(asc|desc)$")] | None = None
    body: ApiApiTokenFilter


@dataclass(frozen=True, kw_only=True)
class QueryApiTokens200Response:
    """OK"""

    body: ApiPageApiApiTokenRead
    status_code: Literal[200] = 200
    headers: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class QueryApiTokens400Response:
    """The request body, a parameter or the JSON is invalid."""

    body: Problem
    status_code: Literal[400] = 400
    headers: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class QueryApiTokens401Response:
    """The bearer token is missing, unknown or expired."""

    body: Problem
    status_code: Literal[401] = 401
    headers: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class QueryApiTokens403Response:
    """The token lacks the scope the operation requires, or the caller's address is not in the token's allowedAddresses."""

    body: Problem
    status_code: Literal[403] = 403
    headers: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class QueryApiTokens413Response:
    """The request body is larger than 1 MiB (1048576 bytes)."""

    body: Problem
    status_code: Literal[413] = 413
    headers: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class QueryApiTokens415Response:
    """The request body is not JSON."""

    body: Problem
    status_code: Literal[415] = 415
    headers: Mapping[str, str] = field(default_factory=dict)


QueryApiTokensResponse: TypeAlias = (
    QueryApiTokens200Response
    | QueryApiTokens400Response
    | QueryApiTokens401Response
    | QueryApiTokens403Response
    | QueryApiTokens413Response
    | QueryApiTokens415Response
)


@dataclass(frozen=True, kw_only=True)
class GetApiTokenRequest:
    """Get an API token, identified by its ID."""

    api_token_id: ObjectId


@dataclass(frozen=True, kw_only=True)
class GetApiToken200Response:
    """OK"""

    body: ApiApiTokenRead
    status_code: Literal[200] = 200
    headers: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class GetApiToken400Response:
    """The request body, a parameter or the JSON is invalid."""

    body: Problem
    status_code: Literal[400] = 400
    headers: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class GetApiToken401Response:
    """The bearer token is missing, unknown or expired."""

    body: Problem
    status_code: Literal[401] = 401
    headers: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class GetApiToken403Response:
    """The token lacks the scope the operation requires, or the caller's address is not in the token's allowedAddresses."""

    body: Problem
    status_code: Literal[403] = 403
    headers: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class GetApiToken404Response:
    """No API token has this ID."""

    body: Problem
    status_code: Literal[404] = 404
    headers: Mapping[str, str] = field(default_factory=dict)


GetApiTokenResponse: TypeAlias = (
    GetApiToken200Response
    | GetApiToken400Response
    | GetApiToken401Response
    | GetApiToken403Response
    | GetApiToken404Response
)


@dataclass(frozen=True, kw_only=True)
class UpdateApiTokenRequest:
    """Update an existing API token, identified by its ID."""

    api_token_id: ObjectId
    body: ApiApiTokenUpdate


@dataclass(frozen=True, kw_only=True)
class UpdateApiToken200Response:
    """OK"""

    body: ApiApiTokenRead
    status_code: Literal[200] = 200
    headers: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class UpdateApiToken400Response:
    """The request body, a parameter or the JSON is invalid."""

    body: Problem
    status_code: Literal[400] = 400
    headers: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class UpdateApiToken401Response:
    """The bearer token is missing, unknown or expired."""

    body: Problem
    status_code: Literal[401] = 401
    headers: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class UpdateApiToken403Response:
    """The token lacks the scope the operation requires, or the caller's address is not in the token's allowedAddresses."""

    body: Problem
    status_code: Literal[403] = 403
    headers: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class UpdateApiToken404Response:
    """No API token has this ID."""

    body: Problem
    status_code: Literal[404] = 404
    headers: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class UpdateApiToken409Response:
    """The `version` sent is stale; the detail names the current version."""

    body: Problem
    status_code: Literal[409] = 409
    headers: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class UpdateApiToken413Response:
    """The request body is larger than 1 MiB (1048576 bytes)."""

    body: Problem
    status_code: Literal[413] = 413
    headers: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class UpdateApiToken415Response:
    """The request body is not JSON."""

    body: Problem
    status_code: Literal[415] = 415
    headers: Mapping[str, str] = field(default_factory=dict)


UpdateApiTokenResponse: TypeAlias = (
    UpdateApiToken200Response
    | UpdateApiToken400Response
    | UpdateApiToken401Response
    | UpdateApiToken403Response
    | UpdateApiToken404Response
    | UpdateApiToken409Response
    | UpdateApiToken413Response
    | UpdateApiToken415Response
)


@dataclass(frozen=True, kw_only=True)
class DeleteApiTokenRequest:
    """Delete an API token, identified by its ID."""

    api_token_id: ObjectId


@dataclass(frozen=True, kw_only=True)
class DeleteApiToken204Response:
    """No Content"""

    status_code: Literal[204] = 204
    headers: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class DeleteApiToken400Response:
    """The request body, a parameter or the JSON is invalid."""

    body: Problem
    status_code: Literal[400] = 400
    headers: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class DeleteApiToken401Response:
    """The bearer token is missing, unknown or expired."""

    body: Problem
    status_code: Literal[401] = 401
    headers: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class DeleteApiToken403Response:
    """The token lacks the scope the operation requires, or the caller's address is not in the token's allowedAddresses."""

    body: Problem
    status_code: Literal[403] = 403
    headers: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class DeleteApiToken404Response:
    """No API token has this ID."""

    body: Problem
    status_code: Literal[404] = 404
    headers: Mapping[str, str] = field(default_factory=dict)


DeleteApiTokenResponse: TypeAlias = (
    DeleteApiToken204Response
    | DeleteApiToken400Response
    | DeleteApiToken401Response
    | DeleteApiToken403Response
    | DeleteApiToken404Response
)


OPERATIONS: Mapping[str, OperationInfo] = {
    "createApiToken": OperationInfo(
        operation_id="createApiToken",
        method="POST",
        path="/v1/api-tokens",
        request=CreateApiTokenRequest,
        parameters=(),
        body_type=ApiApiTokenCreate,
        body_media_type="application/json",
        body_required=True,
        responses={
            "201": ResponseInfo(CreateApiToken201Response, ApiApiTokenCreated, "application/json"),
            "400": ResponseInfo(CreateApiToken400Response, Problem, "application/problem+json"),
            "401": ResponseInfo(CreateApiToken401Response, Problem, "application/problem+json"),
            "403": ResponseInfo(CreateApiToken403Response, Problem, "application/problem+json"),
            "413": ResponseInfo(CreateApiToken413Response, Problem, "application/problem+json"),
            "415": ResponseInfo(CreateApiToken415Response, Problem, "application/problem+json"),
        },
        security=((("bearerAuth", ("api.api-tokens.write",)),),),
    ),
    "getCurrentApiToken": OperationInfo(
        operation_id="getCurrentApiToken",
        method="GET",
        path="/v1/api-tokens/current",
        request=GetCurrentApiTokenRequest,
        parameters=(),
        body_type=None,
        body_media_type=None,
        body_required=False,
        responses={
            "200": ResponseInfo(GetCurrentApiToken200Response, ApiApiTokenRead, "application/json"),
            "401": ResponseInfo(GetCurrentApiToken401Response, Problem, "application/problem+json"),
            "403": ResponseInfo(GetCurrentApiToken403Response, Problem, "application/problem+json"),
        },
        security=((("bearerAuth", ("api.api-tokens.read",)),),),
    ),
    "queryApiTokens": OperationInfo(
        operation_id="queryApiTokens",
        method="POST",
        path="/v1/api-tokens/query",
        request=QueryApiTokensRequest,
        parameters=(
            ParameterInfo("page", "page", "query", False),
            ParameterInfo("size", "size", "query", False),
            ParameterInfo("sort", "sort", "query", False),
        ),
        body_type=ApiApiTokenFilter,
        body_media_type="application/json",
        body_required=True,
        responses={
            "200": ResponseInfo(
                QueryApiTokens200Response, ApiPageApiApiTokenRead, "application/json"
            ),
            "400": ResponseInfo(QueryApiTokens400Response, Problem, "application/problem+json"),
            "401": ResponseInfo(QueryApiTokens401Response, Problem, "application/problem+json"),
            "403": ResponseInfo(QueryApiTokens403Response, Problem, "application/problem+json"),
            "413": ResponseInfo(QueryApiTokens413Response, Problem, "application/problem+json"),
            "415": ResponseInfo(QueryApiTokens415Response, Problem, "application/problem+json"),
        },
        security=((("bearerAuth", ("api.api-tokens.read",)),),),
    ),
    "getApiToken": OperationInfo(
        operation_id="getApiToken",
        method="GET",
        path="/v1/api-tokens/{apiTokenId}",
        request=GetApiTokenRequest,
        parameters=(ParameterInfo("api_token_id", "apiTokenId", "path", False),),
        body_type=None,
        body_media_type=None,
        body_required=False,
        responses={
            "200": ResponseInfo(GetApiToken200Response, ApiApiTokenRead, "application/json"),
            "400": ResponseInfo(GetApiToken400Response, Problem, "application/problem+json"),
            "401": ResponseInfo(GetApiToken401Response, Problem, "application/problem+json"),
            "403": ResponseInfo(GetApiToken403Response, Problem, "application/problem+json"),
            "404": ResponseInfo(GetApiToken404Response, Problem, "application/problem+json"),
        },
        security=((("bearerAuth", ("api.api-tokens.read",)),),),
    ),
    "updateApiToken": OperationInfo(
        operation_id="updateApiToken",
        method="PUT",
        path="/v1/api-tokens/{apiTokenId}",
        request=UpdateApiTokenRequest,
        parameters=(ParameterInfo("api_token_id", "apiTokenId", "path", False),),
        body_type=ApiApiTokenUpdate,
        body_media_type="application/json",
        body_required=True,
        responses={
            "200": ResponseInfo(UpdateApiToken200Response, ApiApiTokenRead, "application/json"),
            "400": ResponseInfo(UpdateApiToken400Response, Problem, "application/problem+json"),
            "401": ResponseInfo(UpdateApiToken401Response, Problem, "application/problem+json"),
            "403": ResponseInfo(UpdateApiToken403Response, Problem, "application/problem+json"),
            "404": ResponseInfo(UpdateApiToken404Response, Problem, "application/problem+json"),
            "409": ResponseInfo(UpdateApiToken409Response, Problem, "application/problem+json"),
            "413": ResponseInfo(UpdateApiToken413Response, Problem, "application/problem+json"),
            "415": ResponseInfo(UpdateApiToken415Response, Problem, "application/problem+json"),
        },
        security=((("bearerAuth", ("api.api-tokens.write",)),),),
    ),
    "deleteApiToken": OperationInfo(
        operation_id="deleteApiToken",
        method="DELETE",
        path="/v1/api-tokens/{apiTokenId}",
        request=DeleteApiTokenRequest,
        parameters=(ParameterInfo("api_token_id", "apiTokenId", "path", False),),
        body_type=None,
        body_media_type=None,
        body_required=False,
        responses={
            "204": ResponseInfo(DeleteApiToken204Response, None, None),
            "400": ResponseInfo(DeleteApiToken400Response, Problem, "application/problem+json"),
            "401": ResponseInfo(DeleteApiToken401Response, Problem, "application/problem+json"),
            "403": ResponseInfo(DeleteApiToken403Response, Problem, "application/problem+json"),
            "404": ResponseInfo(DeleteApiToken404Response, Problem, "application/problem+json"),
        },
        security=((("bearerAuth", ("api.api-tokens.delete",)),),),
    ),
}
