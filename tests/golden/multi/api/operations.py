"""Request and response classes of Multi file's operations.

Generated from tests/specs/multi/api.yaml (sha256 ffd28f4c4a15a13c) by `python -m generator`.
Do not edit: run `make generate` after changing the spec.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, TypeAlias

from .models import (
    Id,
    Node,
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
class GetNodeRequest:
    """Get a node."""

    id: Id


@dataclass(frozen=True, kw_only=True)
class GetNode200Response:
    """The node."""

    body: Node
    status_code: Literal[200] = 200
    headers: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class GetNode404Response:
    """No such node."""

    status_code: Literal[404] = 404
    headers: Mapping[str, str] = field(default_factory=dict)


GetNodeResponse: TypeAlias = GetNode200Response | GetNode404Response


OPERATIONS: Mapping[str, OperationInfo] = {
    "getNode": OperationInfo(
        operation_id="getNode",
        method="GET",
        path="/nodes/{id}",
        request=GetNodeRequest,
        parameters=(ParameterInfo("id", "id", "path", False),),
        body_type=None,
        body_media_type=None,
        body_required=False,
        responses={
            "200": ResponseInfo(GetNode200Response, Node, "application/json"),
            "404": ResponseInfo(GetNode404Response, None, None),
        },
        security=(),
    ),
}
