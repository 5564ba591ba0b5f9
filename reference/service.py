"""Implements the generated ApiTokensService over the sqlite store.

Routing, validation and scope checks are the generated app's; this adds only the resource's
own rules (future expiry, optimistic locking, not found).
"""

from __future__ import annotations

import asyncio
import math

from generated.api_tokens import models as m
from generated.api_tokens import operations as o
from generated.api_tokens.server import RequestContext, Unauthorized

from .store import NewToken, Store, TokenRow, User, new_secret, now


def _user_info(user: User) -> m.ApiUserInfoRead:
    return m.ApiUserInfoRead(user_id=user.id, user_name=user.name)


def to_read(row: TokenRow) -> m.ApiApiTokenRead:
    return m.ApiApiTokenRead(
        id=row.id,
        version=row.version,
        creation_date=row.creation_date,
        last_modified_date=row.last_modified_date,
        created_user_info=_user_info(row.created_by),
        last_modified_user_info=_user_info(row.last_modified_by),
        user_id=row.user_id,
        name=row.name,
        partial_token=row.partial_token,
        expiry=row.expiry,
        allowed_addresses=list(row.allowed_addresses),
        permissions=[m.ApiPermission(p) for p in row.permissions],
    )


def _problem(status: int, title: str, detail: str, **extra: str) -> m.Problem:
    problems = [m.FieldProblem(field=k, reason=v) for k, v in extra.items()]
    if problems:
        return m.Problem(
            type="about:blank", title=title, status=status, detail=detail, problems=problems
        )
    return m.Problem(type="about:blank", title=title, status=status, detail=detail)


def not_found(token_id: str) -> m.Problem:
    """The 404 body for an unknown token id (public: tests/broken_servers.py answers with it)."""
    return _problem(404, "Not Found", f"No API token has id {token_id}.")


class ReferenceService:
    """Implements the generated ApiTokensService."""

    def __init__(self, store: Store) -> None:
        self.store = store

    @staticmethod
    def _caller(context: RequestContext) -> TokenRow:
        principal = context.principal
        if principal is None or not isinstance(principal.data, TokenRow):
            raise Unauthorized()
        return principal.data

    async def create_api_token(
        self, request: o.CreateApiTokenRequest, context: RequestContext
    ) -> o.CreateApiTokenResponse:
        caller = self._caller(context)
        body = request.body
        if body.expiry <= now():
            return o.CreateApiToken400Response(
                body=_problem(
                    400,
                    "Bad Request",
                    "The request is not valid.",
                    **{"body.expiry": "must be in the future"},
                )
            )
        secret = new_secret()
        new = NewToken(
            name=body.name,
            secret=secret,
            expiry=body.expiry,
            permissions=[p.value for p in body.permissions],
            allowed_addresses=list(body.allowed_addresses or []),
        )
        row = await asyncio.to_thread(self.store.insert, new, caller.user)
        assert row is not None  # a fresh 256-bit secret cannot be stored already
        created = m.ApiApiTokenCreated(**dict(to_read(row)), token=secret)
        return o.CreateApiToken201Response(body=created)

    async def get_current_api_token(
        self, request: o.GetCurrentApiTokenRequest, context: RequestContext
    ) -> o.GetCurrentApiTokenResponse:
        row = await asyncio.to_thread(self.store.get, self._caller(context).id)
        if row is None:  # deleted since it authenticated
            raise Unauthorized()
        return o.GetCurrentApiToken200Response(body=to_read(row))

    async def query_api_tokens(
        self, request: o.QueryApiTokensRequest, context: RequestContext
    ) -> o.QueryApiTokensResponse:
        page = 0 if request.page is None else request.page
        size = 20 if request.size is None else request.size
        prop, direction = (request.sort or "creationDate,asc").split(",")
        found = await asyncio.to_thread(
            self.store.query,
            name=request.body.name,
            user_id=request.body.user_id,
            page=page,
            size=size,
            sort=(prop, direction),
        )
        body = m.ApiPageApiApiTokenRead(
            content=[to_read(r) for r in found.rows],
            page_number=page,
            page_size=size,
            total_pages=math.ceil(found.total / size),
            total_elements=found.total,
            number_of_elements=len(found.rows),
        )
        return o.QueryApiTokens200Response(body=body)

    async def get_api_token(
        self, request: o.GetApiTokenRequest, context: RequestContext
    ) -> o.GetApiTokenResponse:
        row = await asyncio.to_thread(self.store.get, request.api_token_id)
        if row is None:
            return o.GetApiToken404Response(body=not_found(request.api_token_id))
        return o.GetApiToken200Response(body=to_read(row))

    async def update_api_token(
        self, request: o.UpdateApiTokenRequest, context: RequestContext
    ) -> o.UpdateApiTokenResponse:
        caller = self._caller(context)
        token_id, body = request.api_token_id, request.body
        outcome = await asyncio.to_thread(
            self.store.rename, token_id, body.version, body.name, caller.user
        )
        if outcome == "not-found":
            return o.UpdateApiToken404Response(body=not_found(token_id))
        if isinstance(outcome, int):
            detail = f"Version {body.version} is stale: the current version is {outcome}."
            return o.UpdateApiToken409Response(body=_problem(409, "Conflict", detail))
        assert isinstance(outcome, TokenRow)
        return o.UpdateApiToken200Response(body=to_read(outcome))

    async def delete_api_token(
        self, request: o.DeleteApiTokenRequest, context: RequestContext
    ) -> o.DeleteApiTokenResponse:
        if not await asyncio.to_thread(self.store.delete, request.api_token_id):
            return o.DeleteApiToken404Response(body=not_found(request.api_token_id))
        return o.DeleteApiToken204Response()
