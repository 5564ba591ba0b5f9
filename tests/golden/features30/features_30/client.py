"""Typed httpx clients, sync and async, for Features 3.0.

Generated from tests/specs/features30.yaml (sha256 f69c5e0ea42ab14a) by `python -m generator`.
Do not edit: run `make generate` after changing the spec.
"""

from __future__ import annotations

import datetime
import enum
import json
import uuid
from collections.abc import Mapping
from functools import cache
from types import TracebackType
from typing import Annotated, Any, Self, cast
from urllib.parse import quote

import httpx
from pydantic import BaseModel, Field, TypeAdapter, ValidationError

from .models import (
    ImportBody,
    Integer,
    PetInput,
)
from .operations import (
    OPERATIONS,
    CreatePetResponse,
    DeletePetResponse,
    ImportResponse,
    ListPetsResponse,
    OperationInfo,
)

DEFAULT_BASE_URL = "/base"


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
    """Synchronous client for Features 3.0; one method per operation."""

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

    def list_pets(
        self,
        *,
        limit: Annotated[Integer, Field(ge=1, le=50)] | None = 10,
        tag: list[str] | None = None,
        x_request_id: uuid.UUID | None = None,
        session: str | None = None,
    ) -> ListPetsResponse:
        """List pets \"\"\" with quotes \\n and {{ jinja }}"""
        values: dict[str, Any] = {
            "limit": limit,
            "tag": tag,
            "x_request_id": x_request_id,
            "session": session,
        }
        result = self._call("listPets", values, None)
        return cast(ListPetsResponse, result)

    def create_pet(
        self,
        *,
        body: PetInput,
    ) -> CreatePetResponse:
        """Create a pet."""
        values: dict[str, Any] = {}
        result = self._call("createPet", values, body)
        return cast(CreatePetResponse, result)

    def delete_pet(
        self,
        *,
        pet_id: Annotated[str, Field(pattern="^[a-z0-9-]+$")],
    ) -> DeletePetResponse:
        """Delete a pet."""
        values: dict[str, Any] = {
            "pet_id": pet_id,
        }
        result = self._call("deletePet", values, None)
        return cast(DeletePetResponse, result)

    def import_(
        self,
        *,
        from_: Integer,
        body: ImportBody | None = None,
        class_: bool | None = None,
    ) -> ImportResponse:
        """A Python keyword as operationId and parameter names."""
        values: dict[str, Any] = {
            "from_": from_,
            "class_": class_,
        }
        result = self._call("import", values, body)
        return cast(ImportResponse, result)


class AsyncClient:
    """Asynchronous client for Features 3.0; one method per operation."""

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

    async def list_pets(
        self,
        *,
        limit: Annotated[Integer, Field(ge=1, le=50)] | None = 10,
        tag: list[str] | None = None,
        x_request_id: uuid.UUID | None = None,
        session: str | None = None,
    ) -> ListPetsResponse:
        """List pets \"\"\" with quotes \\n and {{ jinja }}"""
        values: dict[str, Any] = {
            "limit": limit,
            "tag": tag,
            "x_request_id": x_request_id,
            "session": session,
        }
        result = await self._call("listPets", values, None)
        return cast(ListPetsResponse, result)

    async def create_pet(
        self,
        *,
        body: PetInput,
    ) -> CreatePetResponse:
        """Create a pet."""
        values: dict[str, Any] = {}
        result = await self._call("createPet", values, body)
        return cast(CreatePetResponse, result)

    async def delete_pet(
        self,
        *,
        pet_id: Annotated[str, Field(pattern="^[a-z0-9-]+$")],
    ) -> DeletePetResponse:
        """Delete a pet."""
        values: dict[str, Any] = {
            "pet_id": pet_id,
        }
        result = await self._call("deletePet", values, None)
        return cast(DeletePetResponse, result)

    async def import_(
        self,
        *,
        from_: Integer,
        body: ImportBody | None = None,
        class_: bool | None = None,
    ) -> ImportResponse:
        """A Python keyword as operationId and parameter names."""
        values: dict[str, Any] = {
            "from_": from_,
            "class_": class_,
        }
        result = await self._call("import", values, body)
        return cast(ImportResponse, result)
