"""The generated client talks to the generated app, in-process, for every operation."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

import httpx
import pytest

from generated.api_tokens import models as m
from generated.api_tokens import operations as o
from generated.api_tokens.client import AsyncClient, Client
from generated.api_tokens.server import (
    Credentials,
    Principal,
    ProblemError,
    RequestContext,
    Unauthorized,
    create_app,
)

ID = "6634a1f0c2d4e5f6a7b8c9d0"
USER = m.ApiUserInfoRead(user_id="65f0b2c3d4e5f6a7b8c9d0e1", user_name="Jane")
NOW = dt.datetime(2024, 5, 1, 12, tzinfo=dt.UTC)
ALL = frozenset(p.value for p in m.ApiPermission)


def record(**changes: Any) -> m.ApiApiTokenRead:
    base = m.ApiApiTokenRead(
        id=ID,
        version=0,
        creation_date=NOW,
        last_modified_date=NOW,
        created_user_info=USER,
        last_modified_user_info=USER,
        user_id="65f0b2c3d4e5f6a7b8c9d0e2",
        name="ci",
        partial_token="abcd",
        expiry=NOW + dt.timedelta(days=30),
        allowed_addresses=[],
        permissions=[m.ApiPermission.API_API_TOKENS_READ],
    )
    return base.model_copy(update=changes)


class Service:
    """Answers every operation with a fixed record, so only the plumbing is under test."""

    def __init__(self) -> None:
        self.seen: list[Any] = []

    async def create_api_token(
        self, request: o.CreateApiTokenRequest, context: RequestContext
    ) -> o.CreateApiTokenResponse:
        self.seen.append(request)
        created = m.ApiApiTokenCreated.model_validate(
            {**record(name=request.body.name).model_dump(mode="json"), "token": "s3cret"}
        )
        return o.CreateApiToken201Response(body=created)

    async def get_api_token(
        self, request: o.GetApiTokenRequest, context: RequestContext
    ) -> o.GetApiTokenResponse:
        self.seen.append(request)
        if request.api_token_id != ID:
            return o.GetApiToken404Response(
                body=m.Problem(title="Not Found", status=404, detail="no such token")
            )
        return o.GetApiToken200Response(body=record())

    async def update_api_token(
        self, request: o.UpdateApiTokenRequest, context: RequestContext
    ) -> o.UpdateApiTokenResponse:
        self.seen.append(request)
        if request.body.version != 0:
            raise ProblemError(409, "Conflict", "The current version is 0.")
        return o.UpdateApiToken200Response(body=record(name=request.body.name, version=1))

    async def delete_api_token(
        self, request: o.DeleteApiTokenRequest, context: RequestContext
    ) -> o.DeleteApiTokenResponse:
        self.seen.append(request)
        return o.DeleteApiToken204Response()

    async def query_api_tokens(
        self, request: o.QueryApiTokensRequest, context: RequestContext
    ) -> o.QueryApiTokensResponse:
        self.seen.append(request)
        page = m.ApiPageApiApiTokenRead(
            content=[record()],
            page_number=request.page or 0,
            page_size=request.size or 20,
            total_pages=1,
            total_elements=1,
            number_of_elements=1,
        )
        return o.QueryApiTokens200Response(body=page)

    async def get_current_api_token(
        self, request: o.GetCurrentApiTokenRequest, context: RequestContext
    ) -> o.GetCurrentApiTokenResponse:
        self.seen.append(context)
        return o.GetCurrentApiToken200Response(body=record())


class Tokens:
    """`good` holds every scope, `reader` only api.api-tokens.read."""

    async def authenticate(self, credentials: Credentials) -> Principal:
        scopes = {"good": ALL, "reader": frozenset({"api.api-tokens.read"})}
        if credentials.value not in scopes:
            raise Unauthorized()
        return Principal(subject=credentials.value, scopes=scopes[credentials.value])


class SyncASGI(httpx.BaseTransport):
    """Lets the sync client reach the ASGI app without a socket."""

    def __init__(self, app: Any) -> None:
        self.inner = httpx.ASGITransport(app=app)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        async def send() -> tuple[int, list[tuple[bytes, bytes]], bytes]:
            request.read()
            response = await self.inner.handle_async_request(request)
            return response.status_code, response.headers.raw, await response.aread()

        status, headers, content = asyncio.run(send())
        return httpx.Response(status, headers=headers, content=content)


@pytest.fixture
def service() -> Service:
    return Service()


@pytest.fixture
def client(service: Service) -> Client:
    app = create_app(service, Tokens())
    return Client("http://test/api", token="good", transport=SyncASGI(app))


def test_every_operation_round_trips(client: Client, service: Service) -> None:
    created = client.create_api_token(
        body=m.ApiApiTokenCreate(
            name="ci",
            expiry=NOW + dt.timedelta(days=1),
            permissions=[m.ApiPermission.API_API_TOKENS_READ],
        )
    )
    assert isinstance(created, o.CreateApiToken201Response)
    assert created.body.token == "s3cret"

    got = client.get_api_token(api_token_id=ID)
    assert isinstance(got, o.GetApiToken200Response)
    assert got.body.created_user_info == USER
    assert got.body.creation_date == NOW

    updated = client.update_api_token(
        api_token_id=ID, body=m.ApiApiTokenUpdate(version=0, name="renamed")
    )
    assert isinstance(updated, o.UpdateApiToken200Response)
    assert (updated.body.name, updated.body.version) == ("renamed", 1)

    deleted = client.delete_api_token(api_token_id=ID)
    assert isinstance(deleted, o.DeleteApiToken204Response)
    assert deleted.status_code == 204

    page = client.query_api_tokens(body=m.ApiApiTokenFilter(name="ci"), page=2, size=5)
    assert isinstance(page, o.QueryApiTokens200Response)
    assert (page.body.page_number, page.body.page_size) == (2, 5)
    query = service.seen[-1]
    assert isinstance(query, o.QueryApiTokensRequest)
    assert query.body is not None and query.body.name == "ci"

    current = client.get_current_api_token()
    assert isinstance(current, o.GetCurrentApiToken200Response)
    context = service.seen[-1]
    assert isinstance(context, RequestContext) and context.principal is not None
    assert context.principal.subject == "good"


def test_declared_errors_come_back_typed(client: Client) -> None:
    missing = client.get_api_token(api_token_id="0" * 24)
    assert isinstance(missing, o.GetApiToken404Response)
    assert missing.body.detail == "no such token"

    stale = client.update_api_token(api_token_id=ID, body=m.ApiApiTokenUpdate(version=7, name="x"))
    assert isinstance(stale, o.UpdateApiToken409Response)
    assert stale.body.detail == "The current version is 0."

    invalid = client.get_api_token(api_token_id="not-an-id")
    assert isinstance(invalid, o.GetApiToken400Response)
    assert invalid.body.problems is not None
    assert [p.field for p in invalid.body.problems] == ["path.apiTokenId"]


def test_authentication_and_scopes(service: Service) -> None:
    app = create_app(service, Tokens())
    anonymous = Client("http://test/api", transport=SyncASGI(app))
    assert isinstance(anonymous.get_api_token(api_token_id=ID), o.GetApiToken401Response)
    wrong = Client("http://test/api", token="nope", transport=SyncASGI(app))
    assert isinstance(wrong.get_api_token(api_token_id=ID), o.GetApiToken401Response)
    reader = Client("http://test/api", token="reader", transport=SyncASGI(app))
    assert isinstance(reader.get_api_token(api_token_id=ID), o.GetApiToken200Response)
    refused = reader.delete_api_token(api_token_id=ID)
    assert isinstance(refused, o.DeleteApiToken403Response)
    assert "api.api-tokens.delete" in (refused.body.detail or "")


def test_async_client(service: Service) -> None:
    app = create_app(service, Tokens())

    async def run() -> o.GetApiTokenResponse:
        transport = httpx.ASGITransport(app=app)
        async with AsyncClient("http://test/api", token="good", transport=transport) as client:
            return await client.get_api_token(api_token_id=ID)

    assert isinstance(asyncio.run(run()), o.GetApiToken200Response)


def _raw(app: Any, method: str, path: str, **kwargs: Any) -> httpx.Response:
    with httpx.Client(transport=SyncASGI(app), base_url="http://test") as http:
        return http.request(method, path, **kwargs)


@pytest.mark.parametrize(
    ("content", "content_type", "status"),
    [
        (b"{", "application/json", 400),
        (b'{"version": "1", "name": "x"}', "application/json", 400),
        (b'{"version": 1, "name": "x", "extra": 1}', "application/json", 400),
        (b"name=x", "application/x-www-form-urlencoded", 415),
        (b"x" * (1 << 20 + 1), "application/json", 413),
    ],
)
def test_bad_bodies_are_problems(
    service: Service, content: bytes, content_type: str, status: int
) -> None:
    app = create_app(service, Tokens())
    response = _raw(
        app,
        "PUT",
        f"/api/v1/api-tokens/{ID}",
        content=content,
        headers={"Authorization": "Bearer good", "Content-Type": content_type},
    )
    assert response.status_code == status
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["status"] == status


def test_unknown_path_and_method(service: Service) -> None:
    app = create_app(service, Tokens())
    assert _raw(app, "GET", "/api/v1/nothing").status_code == 404
    response = _raw(app, "PATCH", f"/api/v1/api-tokens/{ID}")
    assert response.status_code == 405
    assert response.headers["allow"] == "DELETE, GET, PUT"


def test_spec_is_served(service: Service) -> None:
    app = create_app(service, Tokens())
    spec = _raw(app, "GET", "/openapi.json").json()
    assert spec["paths"]["/v1/api-tokens/{apiTokenId}"]["put"]["operationId"] == "updateApiToken"
