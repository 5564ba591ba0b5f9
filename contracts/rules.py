"""The semantic checks: each a small named function, registered here, in the order they run.

A check takes the Context and raises ContractViolation (with the reproducing curl) when the
server breaks its rule. They rely only on what the spec declares (see spec.Facts).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import re
import time
import uuid
from collections.abc import Callable
from typing import Any

import httpx

from .context import Context, expect
from .failures import ContractViolation
from .http import Exchange, to_curl

Check = Callable[[Context], None]
RULES: dict[str, Check] = {}
OFFSET = re.compile(r"(?:[zZ]|[+-]\d\d:\d\d)$")


def rule(check: Check) -> Check:
    RULES[check.__name__] = check
    return check


def _name() -> str:
    return f"contracts-{uuid.uuid4().hex[:12]}"


def _when(text: Any) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(str(text).replace("z", "Z"))
    except ValueError:
        return None


@rule
def optimistic_concurrency(ctx: Context) -> None:
    """A fresh version is accepted and incremented; a stale one is 409 and changes nothing."""
    f, me = ctx.facts, "optimistic_concurrency"
    made = ctx.create(me)
    v, item = made[f.version_field], made[f.id_field]
    fresh = ctx.call(f.update, item=item, body=ctx.update_body(v, _name()))
    after = fresh.json() if fresh.status == 200 else None  # noqa: PLR2004
    expect(me, isinstance(after, dict), "200 for an update at the current version", fresh)
    assert isinstance(after, dict)
    got = after.get(f.version_field)
    expect(me, got == v + 1, f"{f.version_field} {v + 1} after the update", fresh, f"{got}")
    stale = ctx.call(f.update, item=item, body=ctx.update_body(v, _name()))
    expect(me, stale.status == 409, f"409 for the stale {f.version_field} {v}", stale)  # noqa: PLR2004
    now = ctx.call(f.read, item=item).json() or {}
    unchanged = (now.get(f.name_field), now.get(f.version_field)) == (
        after.get(f.name_field),
        after.get(f.version_field),
    )
    expect(me, unchanged, "the refused update changed nothing", stale, f"record is now {now}")


@rule
def lost_update(ctx: Context, racers: int = 10) -> None:
    """N concurrent updates at the same version: exactly one succeeds."""
    f, me = ctx.facts, "lost_update"
    made = ctx.create(me)
    item, v = made[f.id_field], made[f.version_field]
    url = ctx.http.url(f.update.item_path(item))
    bodies = [ctx.update_body(v, _name()) for _ in range(racers)]

    async def race() -> list[int]:
        headers = {"Authorization": f"Bearer {ctx.token}"}
        limits = httpx.Limits(max_connections=racers, max_keepalive_connections=0)
        async with httpx.AsyncClient(timeout=ctx.http.timeout, limits=limits) as client:
            sent = [client.request(f.update.method, url, headers=headers, json=b) for b in bodies]
            return [r.status_code for r in await asyncio.gather(*sent)]

    curl = to_curl(f.update.method, url, ctx.token, bodies[0], ctx.token)
    try:
        statuses = asyncio.run(race())
    except httpx.HTTPError as exc:
        raise ContractViolation(me, "every racing update answered", repr(exc), curl) from None
    wins = sum(200 <= s < 300 for s in statuses)  # noqa: PLR2004
    if wins != 1:
        seen = f"{wins} successes; statuses {sorted(statuses)}"
        raise ContractViolation(
            me, f"exactly one 2xx of {racers} same-version updates", seen, f"{curl}  # x{racers}"
        )


@rule
def update_changes_only_what_was_asked(ctx: Context) -> None:
    """Read-only fields stay; the last-modified time does not go backwards."""
    f, me = ctx.facts, "update_changes_only_what_was_asked"
    before = ctx.create(me)
    time.sleep(0.01)
    name = _name()
    ex = ctx.call(
        f.update, item=before[f.id_field], body=ctx.update_body(before[f.version_field], name)
    )
    after = ex.json() if ex.status == 200 else None  # noqa: PLR2004
    expect(me, isinstance(after, dict), "200 with the updated record", ex)
    assert isinstance(after, dict)
    expect(me, after.get(f.name_field) == name, f"{f.name_field} == {name!r}", ex)
    moving = {f.version_field} | {k for k in f.read_only_fields if k.startswith("lastModified")}
    for key in sorted(set(before) - moving - {f.name_field, *f.secret_fields}):
        same = before.get(key) == after.get(key)
        expect(me, same, f"{key} unchanged ({before.get(key)!r})", ex, f"{after.get(key)!r}")
    for key in sorted(moving & set(f.timestamp_fields)):
        old, new = _when(before.get(key)), _when(after.get(key))
        ok = old is not None and new is not None and new >= old
        expect(me, ok, f"{key} >= {before.get(key)}", ex, f"{after.get(key)!r}")


@rule
def scopes_enforced(ctx: Context) -> None:
    """A token lacking an operation's scope gets 403 there, and nothing changes."""
    f, me = ctx.facts, "scopes_enforced"
    target = ctx.create(me)
    item = target[f.id_field]
    for op in (f.read, f.update, f.delete):
        if not op.scopes:
            continue
        lacking = tuple(s for s in ctx.resource_scopes() if s not in op.scopes)
        weak = ctx.create(me, scopes=lacking)[f.secret_fields[0]]
        body = ctx.update_body(target[f.version_field], _name()) if op is f.update else None
        ex = ctx.call(op, item=item, token=weak, body=body)
        expect(me, ex.status == 403, f"403 for {op.operation_id} without {op.scopes}", ex)  # noqa: PLR2004
    now = ctx.call(f.read, item=item)
    expect(me, now.status == 200, "the record still there, unchanged", now)  # noqa: PLR2004
    same = (now.json() or {}).get(f.version_field) == target[f.version_field]
    expect(me, same, "the refused calls changed nothing", now)


@rule
def allowed_addresses_enforced(ctx: Context) -> None:
    """A token restricted to TEST-NET 192.0.2.0/24 is refused (403) from this address."""
    f, me = ctx.facts, "allowed_addresses_enforced"
    if not f.addresses_field:
        return
    made = ctx.create(me, addresses=["192.0.2.0/24"])
    ex = ctx.call(f.read, item=made[f.id_field], token=made[f.secret_fields[0]])
    expect(me, ex.status == 403, "403 from an address outside allowedAddresses", ex)  # noqa: PLR2004


@rule
def expiry_enforced(ctx: Context, lifetime: float = 2.0) -> None:
    """A token is accepted before its expiry and refused (401) after it."""
    f, me = ctx.facts, "expiry_enforced"
    if not f.expiry_field:
        return
    made = ctx.create(me, expires_in=lifetime)
    secret, item = made[f.secret_fields[0]], made[f.id_field]
    early = ctx.call(f.read, item=item, token=secret)
    expect(me, early.status == 200, "200 before the expiry", early)  # noqa: PLR2004
    time.sleep(lifetime + 0.5)
    late = ctx.call(f.read, item=item, token=secret)
    expect(me, late.status == 401, f"401 after the expiry {made.get(f.expiry_field)}", late)  # noqa: PLR2004


@rule
def deleted_stays_deleted(ctx: Context) -> None:
    """After delete: read, update and delete are 404; the deleted token no longer works (401)."""
    f, me = ctx.facts, "deleted_stays_deleted"
    made = ctx.create(me)
    item, secret = made[f.id_field], made[f.secret_fields[0]]
    gone = ctx.call(f.delete, item=item)
    expect(me, 200 <= gone.status < 300, "2xx for the delete", gone)  # noqa: PLR2004
    body = ctx.update_body(made[f.version_field], _name())
    for op, payload in ((f.read, None), (f.update, body), (f.delete, None)):
        ex = ctx.call(op, item=item, body=payload)
        expect(me, ex.status == 404, f"404 for {op.operation_id} of a deleted token", ex)  # noqa: PLR2004
    probe = f.current or f.read
    ex = ctx.call(probe, item=None if probe is f.current else item, token=secret)
    expect(me, ex.status == 401, "401 for a request made with the deleted token", ex)  # noqa: PLR2004


@rule
def timestamps_carry_offset(ctx: Context) -> None:
    """Every date-time the read model declares ends with Z or +hh:mm."""
    f, me = ctx.facts, "timestamps_carry_offset"
    made = ctx.create(me)
    ex = ctx.call(f.read, item=made[f.id_field])
    record = ex.json() or {}
    for key in f.timestamp_fields:
        value = record.get(key)
        ok = isinstance(value, str) and bool(OFFSET.search(value))
        expect(me, ok, f"{key} with an offset (Z or +hh:mm)", ex, f"{key}={value!r}")


@rule
def ids_stable(ctx: Context) -> None:
    """The id from create is the id read, updated and found by query."""
    f, me = ctx.facts, "ids_stable"
    made = ctx.create(me)
    item = made[f.id_field]
    read = ctx.call(f.read, item=item)
    expect(me, (read.json() or {}).get(f.id_field) == item, f"{f.id_field} {item}", read)
    body = ctx.update_body(made[f.version_field], _name())
    upd = ctx.call(f.update, item=item, body=body)
    expect(me, (upd.json() or {}).get(f.id_field) == item, f"{f.id_field} {item}", upd)


def _page(ctx: Context, name: str, page: int, size: int) -> tuple[list[str], Any]:
    f, me = ctx.facts, "query_pages"
    assert f.query is not None
    ex = ctx.call(f.query, body={f.name_field: name}, params={"page": page, "size": size})
    data = ex.json()
    ok = ex.status == 200 and isinstance(data, dict) and isinstance(data.get("content"), list)  # noqa: PLR2004
    expect(me, ok, "200 with a page of content", ex)
    return [str(r.get(f.id_field)) for r in data["content"]], ex


@rule
def query_pages(ctx: Context, count: int = 5, size: int = 2) -> None:
    """Paging through a filter returns each match exactly once."""
    f, me = ctx.facts, "query_pages"
    if f.query is None:
        return
    name = _name()
    made = {ctx.create(me, name=name)[f.id_field] for _ in range(count)}
    seen: list[str] = []
    for page in range(count // size + 2):
        ids, ex = _page(ctx, name, page, size)
        seen += ids
    ok = sorted(seen) == sorted(made)
    expect(me, ok, f"each of {sorted(made)} once", ex, f"pages gave {seen}")


@rule
def secret_never_echoed(ctx: Context) -> None:
    """A create-time secret is in its create response only; the partial token is not it."""
    f, me = ctx.facts, "secret_never_echoed"
    made = ctx.create(me)
    secret, item = made[f.secret_fields[0]], made[f.id_field]
    partial = str(made.get("partialToken", ""))
    if partial:
        expect(me, secret not in partial, "partialToken not the secret", ctx.http.log[-1])
    ctx.call(f.read, item=item, token=secret)
    if f.current:
        ctx.call(f.current, token=secret)
    if f.query:
        ctx.call(f.query, body={}, token=secret)
    ctx.call(f.update, item=item, body=ctx.update_body(made[f.version_field], _name()))
    _scan_for_secrets(ctx)


def _own_secret(ctx: Context, ex: Exchange) -> str | None:
    """The secret a create response may carry: the one of the record it returns."""
    f = ctx.facts
    if ex.method != f.create.method or not ex.url.endswith(f.create.path):
        return None
    record = ex.json()
    return ctx.created.get(str(record.get(f.id_field))) if isinstance(record, dict) else None


def _scan_for_secrets(ctx: Context) -> None:
    """No response carries a secret, except the create response that made it."""
    secrets = {s: i for i, s in ctx.created.items() if len(s) >= 8}  # noqa: PLR2004
    for ex in ctx.http.log:
        own = _own_secret(ctx, ex)
        for s in (s for s in secrets if s != own and s in ex.text):
            seen = f"the secret of {secrets[s]} in HTTP {ex.status}: {ex.text[:200]}"
            raise ContractViolation(
                "secret_never_echoed", "the secret only in its create response", seen, ex.curl
            )
