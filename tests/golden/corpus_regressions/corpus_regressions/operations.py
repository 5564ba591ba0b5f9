"""Request and response classes of Corpus regressions's operations.

Generated from tests/specs/corpus_regressions.yaml (sha256 be9b49d608fc9c3b) by `python -m generator`.
Do not edit: run `make generate` after changing the spec.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, TypeAlias

from .models import (
    ClientError2,
    Colour,
    SearchResponse,
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
class Search2Request:
    """search"""

    keys: list[str] | None = None
    sort: list[Colour] | None = field(default_factory=lambda: [Colour.RED])
    float_: float | None = 1
    since: datetime.date | None = datetime.date.fromisoformat("2024-01-31")


@dataclass(frozen=True, kw_only=True)
class Search2200Response:
    """ok"""

    body: SearchResponse
    status_code: Literal[200] = 200
    headers: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class Search2400Response:
    """bad"""

    body: ClientError2
    status_code: Literal[400] = 400
    headers: Mapping[str, str] = field(default_factory=dict)


Search2Response: TypeAlias = Search2200Response | Search2400Response


OPERATIONS: Mapping[str, OperationInfo] = {
    "search": OperationInfo(
        operation_id="search",
        method="GET",
        path="/things",
        request=Search2Request,
        parameters=(
            ParameterInfo("keys", "keys", "query", True),
            ParameterInfo("sort", "sort", "query", True),
            ParameterInfo("float_", "float", "query", False),
            ParameterInfo("since", "since", "query", False),
        ),
        body_type=None,
        body_media_type=None,
        body_required=False,
        responses={
            "200": ResponseInfo(Search2200Response, SearchResponse, "application/json"),
            "400": ResponseInfo(Search2400Response, ClientError2, "application/json"),
        },
        security=(),
    ),
}
