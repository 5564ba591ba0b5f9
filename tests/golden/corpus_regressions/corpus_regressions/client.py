"""Typed httpx clients, sync and async, for Corpus regressions.

Generated from tests/specs/corpus_regressions.yaml (sha256 be9b49d608fc9c3b) by `python -m generator`.
Do not edit: run `make generate` after changing the spec.
"""

from __future__ import annotations

import datetime
import enum
import json
from collections.abc import Mapping
from functools import cache
from types import TracebackType
from typing import Any, Self, cast
from urllib.parse import quote

import httpx
from pydantic import BaseModel, TypeAdapter, ValidationError

from .models import (
    Colour,
)
from .operations import (
    OPERATIONS,
    OperationInfo,
    Search2Response,
)

DEFAULT_BASE_URL = ""


class ClientError(Exception):
    """The server answered in a way the spec does not allow."""

    def __init__(self, message: str, response: httpx.Response) -> None:
        super().__init__(message)
        self.response = response
        self.status_code = response.status_code
        self.content = response.content


class UnexpectedStatus(ClientError):
    """A status the operation does not declare."""


class InvalidResponse(ClientError):
    """A declared status whose body does not match the spec."""


@cache
def _adapter(type_: Any) -> TypeAdapter[Any]:
    return TypeAdapter(type_)


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, BaseModel | dict | list):
        return json.dumps(_adapter(Any).dump_python(value, mode="json", by_alias=True))
    return str(value)


def _request_parts(
    base_url: str,
    info: OperationInfo,
    values: Mapping[str, Any],
    body: Any,
    auth: Mapping[str, str],
) -> dict[str, Any]:
    """The method, URL, query, headers, cookies and content of one call."""
    path = info.path
    params: list[tuple[str, str]] = []
    headers: dict[str, str] = {}
    cookies: dict[str, str] = {}
    for p in info.parameters:
        value = values.get(p.name)
        if value is None:
            continue
        if p.location == "path":
            path = path.replace("{" + p.wire_name + "}", quote(_text(value), safe=""))
        elif p.location == "query":
            items = value if p.many else [value]
            params.extend((p.wire_name, _text(v)) for v in items)
        elif p.location == "header":
            headers[p.wire_name] = _text(value)
        else:
            cookies[p.wire_name] = _text(value)
    content: bytes | None = None
    if info.body_type is not None and body is not None:
        headers["Content-Type"] = info.body_media_type or "application/json"
        if isinstance(body, bytes):
            content = body
        else:
            content = _adapter(info.body_type).dump_json(body, by_alias=True, exclude_unset=True)
    headers.update(auth)
    if cookies:
        # Sent as a header: httpx deprecates per-request cookie jars.
        headers["Cookie"] = "; ".join(f"{k}={quote(v, safe='')}" for k, v in cookies.items())
    return {
        "method": info.method,
        "url": base_url + path,
        "params": params,
        "headers": headers,
        "content": content,
    }


def _parse(info: OperationInfo, response: httpx.Response) -> Any:
    status = str(response.status_code)
    declared = (
        info.responses.get(status)
        or info.responses.get(status[0] + "XX")
        or info.responses.get("default")
    )
    if declared is None:
        raise UnexpectedStatus(
            f"{info.operation_id}: undeclared status {response.status_code}", response
        )
    fields: dict[str, Any] = {"headers": dict(response.headers)}
    if declared.cls.__dataclass_fields__["status_code"].default != response.status_code:
        fields["status_code"] = response.status_code
    if declared.body_type is not None:
        if declared.media_type is not None and "json" not in declared.media_type:
            fields["body"] = response.content
        else:
            try:
                fields["body"] = _adapter(declared.body_type).validate_json(
                    response.content, strict=True, by_alias=True, by_name=False
                )
            except ValidationError as exc:
                raise InvalidResponse(
                    f"{info.operation_id}: {response.status_code} body does not match the spec: "
                    f"{exc.error_count()} error(s), first: {exc.errors()[0]['msg']}",
                    response,
                ) from exc
    return declared.cls(**fields)


def _auth_headers(token: str | None, api_keys: Mapping[str, str]) -> dict[str, str]:
    headers = dict(api_keys)
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    return headers


class Client:
    """Synchronous client for Corpus regressions; one method per operation."""

    def __init__(
        self,
        base_url: str = DEFAULT_BASE_URL,
        *,
        token: str | None = None,
        api_keys: Mapping[str, str] | None = None,
        timeout: float = 30.0,
        transport: httpx.BaseTransport | None = None,
        http: httpx.Client | None = None,
    ) -> None:
        self._base_url = base_url.rstrip("/")
        self._auth = _auth_headers(token, api_keys or {})
        self._http = http or httpx.Client(timeout=timeout, transport=transport)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    def _call(self, operation_id: str, values: Mapping[str, Any], body: Any) -> Any:
        info = OPERATIONS[operation_id]
        parts = _request_parts(self._base_url, info, values, body, self._auth)
        response = self._http.request(**parts)
        return _parse(info, response)

    def search(
        self,
        *,
        keys: list[str] | None = None,
        sort: list[Colour] | None = [Colour.RED],
        float_: float | None = 1,
        since: datetime.date | None = datetime.date.fromisoformat("2024-01-31"),
    ) -> Search2Response:
        """search"""
        values: dict[str, Any] = {
            "keys": keys,
            "sort": sort,
            "float_": float_,
            "since": since,
        }
        result = self._call("search", values, None)
        return cast(Search2Response, result)


class AsyncClient:
    """Asynchronous client for Corpus regressions; one method per operation."""

    def __init__(
        self,
        base_url: str = DEFAULT_BASE_URL,
        *,
        token: str | None = None,
        api_keys: Mapping[str, str] | None = None,
        timeout: float = 30.0,
        transport: httpx.AsyncBaseTransport | None = None,
        http: httpx.AsyncClient | None = None,
    ) -> None:
        self._base_url = base_url.rstrip("/")
        self._auth = _auth_headers(token, api_keys or {})
        self._http = http or httpx.AsyncClient(timeout=timeout, transport=transport)

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._http.aclose()

    async def _call(self, operation_id: str, values: Mapping[str, Any], body: Any) -> Any:
        info = OPERATIONS[operation_id]
        parts = _request_parts(self._base_url, info, values, body, self._auth)
        response = await self._http.request(**parts)
        return _parse(info, response)

    async def search(
        self,
        *,
        keys: list[str] | None = None,
        sort: list[Colour] | None = [Colour.RED],
        float_: float | None = 1,
        since: datetime.date | None = datetime.date.fromisoformat("2024-01-31"),
    ) -> Search2Response:
        """search"""
        values: dict[str, Any] = {
            "keys": keys,
            "sort": sort,
            "float_": float_,
            "since": since,
        }
        result = await self._call("search", values, None)
        return cast(Search2Response, result)
