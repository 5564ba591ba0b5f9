"""The reference server with ONE injected defect each, for the contract suite's own tests.

`python -m tests.broken_servers --defect NAME --port N --db PATH` serves it (API_BOOTSTRAP_TOKEN
as for `python -m reference`); `--defect hang` and `--defect garbage` serve no API at all.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import os
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any, ClassVar, Literal

import uvicorn

from generated.api_tokens import operations as o
from generated.api_tokens.server import Credentials, Principal, RequestContext, create_app
from reference.auth import TokenAuthenticator
from reference.service import ReferenceService, not_found
from reference.store import Store, bootstrap, now

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]


class StaleAccepted(ReferenceService):
    async def update_api_token(
        self, request: o.UpdateApiTokenRequest, context: RequestContext
    ) -> o.UpdateApiTokenResponse:
        row = await asyncio.to_thread(self.store.get, request.api_token_id)
        if row is not None:
            request.body.version = row.version  # ignores the version sent
        return await super().update_api_token(request, context)


class LostUpdate(ReferenceService):
    """Checks the version, then writes without re-checking it: check-then-act, not atomic.

    Waiting (up to 2 s) until a rival has passed the same check makes the race certain under
    any machine load, instead of depending on a sleep being long enough.
    """

    def __init__(self, store: Store) -> None:
        super().__init__(store)
        self._passed: dict[tuple[str, int], int] = {}

    async def update_api_token(
        self, request: o.UpdateApiTokenRequest, context: RequestContext
    ) -> o.UpdateApiTokenResponse:
        row = await asyncio.to_thread(self.store.get, request.api_token_id)
        if row is None or row.version != request.body.version:
            return await super().update_api_token(request, context)
        key = (request.api_token_id, row.version)
        self._passed[key] = self._passed.get(key, 0) + 1
        for _ in range(40):
            if self._passed[key] > 1:
                break
            await asyncio.sleep(0.05)
        fresh = await asyncio.to_thread(self.store.get, request.api_token_id)
        request.body.version = fresh.version if fresh else row.version
        return await super().update_api_token(request, context)


class CreationDateMoves(ReferenceService):
    async def update_api_token(
        self, request: o.UpdateApiTokenRequest, context: RequestContext
    ) -> o.UpdateApiTokenResponse:
        result = await super().update_api_token(request, context)
        if isinstance(result, o.UpdateApiToken200Response):
            result.body.creation_date = now()
        return result


class IdsUnstable(ReferenceService):
    async def get_api_token(
        self, request: o.GetApiTokenRequest, context: RequestContext
    ) -> o.GetApiTokenResponse:
        result = await super().get_api_token(request, context)
        if isinstance(result, o.GetApiToken200Response):
            result.body.id = result.body.id[::-1]
        return result


class PagesOverlap(ReferenceService):
    async def query_api_tokens(
        self, request: o.QueryApiTokensRequest, context: RequestContext
    ) -> o.QueryApiTokensResponse:
        earlier = dataclasses.replace(request, page=max((request.page or 0) - 1, 0))
        return await super().query_api_tokens(earlier, context)  # page 1 repeats page 0


class ServerError(ReferenceService):
    async def query_api_tokens(
        self, request: o.QueryApiTokensRequest, context: RequestContext
    ) -> o.QueryApiTokensResponse:
        if (request.size or 0) >= 90:
            raise RuntimeError("big pages crash")
        return await super().query_api_tokens(request, context)


class SoftDelete(ReferenceService):
    """Deleted tokens answer 404 but still authenticate."""

    deleted: ClassVar[set[str]] = set()

    async def get_api_token(
        self, request: o.GetApiTokenRequest, context: RequestContext
    ) -> o.GetApiTokenResponse:
        if request.api_token_id in self.deleted:
            return o.GetApiToken404Response(body=not_found(request.api_token_id))
        return await super().get_api_token(request, context)

    async def update_api_token(
        self, request: o.UpdateApiTokenRequest, context: RequestContext
    ) -> o.UpdateApiTokenResponse:
        if request.api_token_id in self.deleted:
            return o.UpdateApiToken404Response(body=not_found(request.api_token_id))
        return await super().update_api_token(request, context)

    async def delete_api_token(
        self, request: o.DeleteApiTokenRequest, context: RequestContext
    ) -> o.DeleteApiTokenResponse:
        if request.api_token_id in self.deleted or not self.store.get(request.api_token_id):
            return o.DeleteApiToken404Response(body=not_found(request.api_token_id))
        self.deleted.add(request.api_token_id)
        return o.DeleteApiToken204Response()


class AllScopes(TokenAuthenticator):
    async def authenticate(self, credentials: Credentials) -> Principal:
        p = await super().authenticate(credentials)
        every = _ALL_SCOPES
        return Principal(subject=p.subject, scopes=every, data=p.data)


class AnyAddress(TokenAuthenticator):
    async def authenticate(self, credentials: Credentials) -> Principal:
        anywhere = Credentials(credentials.scheme, credentials.value, None, credentials.headers)
        row = await asyncio.to_thread(self.store.by_secret, credentials.value)
        if row is not None and row.allowed_addresses:
            return Principal(subject=row.id, scopes=frozenset(row.permissions), data=row)
        return await super().authenticate(anywhere)


class NeverExpires(TokenAuthenticator):
    async def authenticate(self, credentials: Credentials) -> Principal:
        row = await asyncio.to_thread(self.store.by_secret, credentials.value)
        if row is not None:
            return Principal(subject=row.id, scopes=frozenset(row.permissions), data=row)
        return await super().authenticate(credentials)


def _all_scopes() -> frozenset[str]:
    from generated.api_tokens import models as m  # noqa: PLC0415

    return frozenset(p.value for p in m.ApiPermission)


_ALL_SCOPES = _all_scopes()


def json_middleware(app: App, edit: Callable[[Scope, Any], Any]) -> App:
    """Rewrites JSON response bodies with `edit(scope, body)` (and fixes Content-Length)."""

    async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        start: Message = {}
        chunks: list[bytes] = []

        async def capture(message: Message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body"):
                return
            body = b"".join(chunks)
            try:
                body = json.dumps(edit(scope, json.loads(body))).encode()
            except ValueError:
                pass
            headers = [(k, v) for k, v in start["headers"] if k.lower() != b"content-length"]
            await send(
                {**start, "headers": [*headers, (b"content-length", str(len(body)).encode())]}
            )
            await send({"type": "http.response.body", "body": body})

        await app(scope, receive, capture)

    return wrapped


def echo_secret(app: App) -> App:
    seen: list[str] = []

    def edit(scope: Scope, body: Any) -> Any:
        if isinstance(body, dict) and "token" in body:
            seen.append(body["token"])
        elif isinstance(body, dict) and "partialToken" in body and seen:
            body["token"] = seen[-1]
        return body

    return json_middleware(app, edit)


def drop_offsets(app: App) -> App:
    def edit(scope: Scope, body: Any) -> Any:
        if isinstance(body, dict) and isinstance(body.get("creationDate"), str):
            body["creationDate"] = body["creationDate"].rstrip("Z")
        return body

    return json_middleware(app, edit)


def bad_schema(app: App) -> App:
    def edit(scope: Scope, body: Any) -> Any:
        if scope["path"].endswith("/current") and isinstance(body, dict):
            body["version"] = "zero"
        return body

    return json_middleware(app, edit)


def create_is_200(app: App) -> App:
    async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
        async def patch(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] == 201:
                message = {**message, "status": 200}
            await send(message)

        await app(scope, receive, patch)

    return wrapped


def ignore_auth(app: App) -> App:
    boot = os.environ.get("API_BOOTSTRAP_TOKEN", "")

    async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            headers = [(k, v) for k, v in scope["headers"] if k.lower() != b"authorization"]
            scope = {**scope, "headers": [*headers, (b"authorization", f"Bearer {boot}".encode())]}
        await app(scope, receive, send)

    return wrapped


SERVICES: dict[str, type[ReferenceService]] = {
    "stale_version_accepted": StaleAccepted,
    "lost_update": LostUpdate,
    "creation_date_changes": CreationDateMoves,
    "ids_unstable": IdsUnstable,
    "pages_overlap": PagesOverlap,
    "server_error": ServerError,
    "deleted_still_authenticates": SoftDelete,
}
AUTHENTICATORS: dict[str, type[TokenAuthenticator]] = {
    "scopes_ignored": AllScopes,
    "addresses_ignored": AnyAddress,
    "expiry_ignored": NeverExpires,
}
MIDDLEWARE: dict[str, Callable[[App], App]] = {
    "secret_echoed": echo_secret,
    "timestamp_without_offset": drop_offsets,
    "schema_violation": bad_schema,
    "wrong_status_code": create_is_200,
    "auth_ignored": ignore_auth,
}
DEFECTS = [*SERVICES, *AUTHENTICATORS, *MIDDLEWARE]


def build(defect: str, store: Store) -> App:
    service = SERVICES.get(defect, ReferenceService)(store)
    authenticator = AUTHENTICATORS.get(defect, TokenAuthenticator)(store)
    app: App = create_app(service, authenticator)
    wrap = MIDDLEWARE.get(defect)
    return wrap(app) if wrap else app


async def hang(scope: Scope, receive: Receive, send: Send) -> None:
    await asyncio.sleep(3600)


async def garbage(scope: Scope, receive: Receive, send: Send) -> None:
    await send({"type": "http.response.start", "status": 200,
                "headers": [(b"content-type", b"application/json")]})  # fmt: skip
    await send({"type": "http.response.body", "body": b"<html>not json"})


def main() -> None:
    p = argparse.ArgumentParser(prog="python -m tests.broken_servers")
    p.add_argument("--defect", required=True, choices=[*DEFECTS, "hang", "garbage"])
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--db", required=True)
    args = p.parse_args()
    store = Store(args.db)
    bootstrap(store, os.environ.get("API_BOOTSTRAP_TOKEN") or None)
    special: dict[str, App] = {"hang": hang, "garbage": garbage}
    app = special.get(args.defect) or build(args.defect, store)
    lifespan: Literal["off", "auto"] = "off" if args.defect in special else "auto"
    uvicorn.run(app, host="127.0.0.1", port=args.port, log_level="warning", lifespan=lifespan)


if __name__ == "__main__":
    main()
