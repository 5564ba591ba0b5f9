"""The reference server (reference/), through the generated client.

In-process tests run the app over an ASGI transport; the concurrency and durability tests
start `python -m reference` as a subprocess and talk real HTTP to it.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import re
import signal
import sqlite3
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from generated.api_tokens import models as m
from generated.api_tokens import operations as o
from generated.api_tokens.client import AsyncClient, Client
from reference import build_app
from reference.auth import address_allowed
from reference.launch import launch
from reference.store import NewToken, Store, bootstrap, hash_secret

BOOT = "test-bootstrap-secret-Zb8Rk2vN4wQ7tY1mC6pL9sD3fH5jXq7c"
ALL = [p for p in m.ApiPermission]
READ = m.ApiPermission.API_API_TOKENS_READ
WRITE = m.ApiPermission.API_API_TOKENS_WRITE
HEX24 = re.compile(r"^[0-9a-f]{24}$")
LOCAL = ("127.0.0.1", 123)


def later(days: int = 30) -> dt.datetime:
    return dt.datetime.now(dt.UTC) + dt.timedelta(days=days)


class RecordingASGI(httpx.BaseTransport):
    """Lets the sync client reach the ASGI app without a socket; keeps every response."""

    def __init__(self, app: Any, client: tuple[str, int], seen: list[bytes]) -> None:
        self.inner = httpx.ASGITransport(app=app, client=client)
        self.seen = seen

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        async def send() -> tuple[int, list[tuple[bytes, bytes]], bytes]:
            request.read()
            response = await self.inner.handle_async_request(request)
            return response.status_code, response.headers.raw, await response.aread()

        status, headers, content = asyncio.run(send())
        self.seen.append(b"\n".join(k + b": " + v for k, v in headers) + b"\n\n" + content)
        return httpx.Response(status, headers=headers, content=content)


class Env:
    """A store with the bootstrap token, its app, and clients for any token and address."""

    def __init__(self, db: Path) -> None:
        self.db = db
        self.store = Store(str(db))
        bootstrap(self.store, BOOT)
        self.app = build_app(self.store)
        self.responses: list[bytes] = []
        self.clients: list[Client] = []

    def client(self, token: str | None = BOOT, address: tuple[str, int] = LOCAL) -> Client:
        transport = RecordingASGI(self.app, address, self.responses)
        client = Client("http://test/api", token=token, transport=transport)
        self.clients.append(client)
        return client

    def create(
        self,
        name: str = "ci",
        permissions: list[m.ApiPermission] | None = None,
        addresses: list[str] | None = None,
    ) -> m.ApiApiTokenCreated:
        body = m.ApiApiTokenCreate(
            name=name,
            expiry=later(),
            permissions=permissions or ALL,
            allowed_addresses=addresses or [],
        )
        created = self.client().create_api_token(body=body)
        assert isinstance(created, o.CreateApiToken201Response)
        return created.body

    def close(self) -> None:
        for client in self.clients:
            client.close()
        self.store.close()


@pytest.fixture
def env(tmp_path: Path) -> Iterator[Env]:
    e = Env(tmp_path / "tokens.sqlite3")
    yield e
    e.close()


def read_fields(token: m.ApiApiTokenRead | m.ApiApiTokenCreated) -> dict[str, Any]:
    data = token.model_dump(mode="json", by_alias=True)
    data.pop("token", None)
    return data


def test_every_operation(env: Env) -> None:
    boot = env.client()
    me = boot.get_current_api_token()
    assert isinstance(me, o.GetCurrentApiToken200Response)
    boot_user = m.ApiUserInfoRead(user_id=me.body.user_id, user_name=me.body.name)
    assert set(me.body.permissions) == set(ALL) and len(ALL) == 55

    created = env.create("CI pipeline", [READ], ["203.0.113.0/24", "2001:db8::/32", "127.0.0.1"])
    assert HEX24.match(created.id) and HEX24.match(created.user_id)
    assert created.user_id not in (created.id, boot_user.user_id)
    assert created.version == 0
    assert created.created_user_info == boot_user == created.last_modified_user_info
    assert created.creation_date.tzinfo is not None and created.expiry.tzinfo is not None
    assert created.partial_token == created.token[:4] + "…"
    assert created.allowed_addresses == ["203.0.113.0/24", "2001:db8::/32", "127.0.0.1"]

    got = boot.get_api_token(api_token_id=created.id)
    assert isinstance(got, o.GetApiToken200Response)
    assert read_fields(got.body) == read_fields(created)

    mine = env.client(created.token).get_current_api_token()
    assert isinstance(mine, o.GetCurrentApiToken200Response)
    assert mine.body.id == created.id

    everything = boot.query_api_tokens(body=m.ApiApiTokenFilter())
    assert isinstance(everything, o.QueryApiTokens200Response)
    assert [t.id for t in everything.body.content] == [me.body.id, created.id]
    assert (everything.body.total_elements, everything.body.total_pages) == (2, 1)
    assert (everything.body.page_number, everything.body.page_size) == (0, 20)
    by_name = boot.query_api_tokens(body=m.ApiApiTokenFilter(name="CI pipeline"))
    assert isinstance(by_name, o.QueryApiTokens200Response)
    assert [t.id for t in by_name.body.content] == [created.id]
    by_user = boot.query_api_tokens(body=m.ApiApiTokenFilter(user_id=created.user_id))
    assert isinstance(by_user, o.QueryApiTokens200Response)
    assert [t.id for t in by_user.body.content] == [created.id]

    updated = boot.update_api_token(
        api_token_id=created.id, body=m.ApiApiTokenUpdate(version=0, name="nightly")
    )
    assert isinstance(updated, o.UpdateApiToken200Response)
    assert (updated.body.name, updated.body.version) == ("nightly", 1)

    deleted = boot.delete_api_token(api_token_id=created.id)
    assert isinstance(deleted, o.DeleteApiToken204Response)
    assert isinstance(boot.get_api_token(api_token_id=created.id), o.GetApiToken404Response)
    gone = boot.update_api_token(
        api_token_id=created.id, body=m.ApiApiTokenUpdate(version=1, name="x")
    )
    assert isinstance(gone, o.UpdateApiToken404Response)
    assert isinstance(boot.delete_api_token(api_token_id=created.id), o.DeleteApiToken404Response)
    assert isinstance(
        env.client(created.token).get_current_api_token(), o.GetCurrentApiToken401Response
    )


def test_update_changes_only_name_version_and_last_modified(env: Env) -> None:
    target = env.create("before")
    editor = env.create("editor", [READ, WRITE])
    time.sleep(0.002)
    updated = env.client(editor.token).update_api_token(
        api_token_id=target.id, body=m.ApiApiTokenUpdate(version=0, name="after")
    )
    assert isinstance(updated, o.UpdateApiToken200Response)
    before, after = read_fields(target), read_fields(updated.body)
    assert after["name"] == "after" and after["version"] == 1
    assert after["lastModifiedUserInfo"] == {"userId": editor.user_id, "userName": "editor"}
    assert updated.body.last_modified_date > target.last_modified_date
    changed = {"name", "version", "lastModifiedDate", "lastModifiedUserInfo"}
    assert {k: v for k, v in before.items() if k not in changed} == {
        k: v for k, v in after.items() if k not in changed
    }
    # The API Token User is renamed with its token.
    with sqlite3.connect(env.db) as conn:
        names = conn.execute(
            "SELECT name FROM api_token_users WHERE id = ?", (target.user_id,)
        ).fetchall()
    conn.close()
    assert names == [("after",)]


def test_stale_version_is_409_naming_the_current_one(env: Env) -> None:
    token = env.create()
    boot = env.client()
    first = boot.update_api_token(
        api_token_id=token.id, body=m.ApiApiTokenUpdate(version=0, name="a")
    )
    assert isinstance(first, o.UpdateApiToken200Response)
    stale = boot.update_api_token(
        api_token_id=token.id, body=m.ApiApiTokenUpdate(version=0, name="b")
    )
    assert isinstance(stale, o.UpdateApiToken409Response)
    assert "current version is 1" in (stale.body.detail or "")
    got = boot.get_api_token(api_token_id=token.id)
    assert isinstance(got, o.GetApiToken200Response)
    assert (got.body.name, got.body.version) == ("a", 1)


def test_past_expiry_is_400(env: Env) -> None:
    body = m.ApiApiTokenCreate(name="old", expiry=later(-1), permissions=[READ])
    refused = env.client().create_api_token(body=body)
    assert isinstance(refused, o.CreateApiToken400Response)
    assert [p.field for p in refused.body.problems or []] == ["body.expiry"]


def test_unauthorized(env: Env) -> None:
    assert isinstance(env.client(None).get_current_api_token(), o.GetCurrentApiToken401Response)
    unknown = env.client("no-such-token").get_current_api_token()
    assert isinstance(unknown, o.GetCurrentApiToken401Response)
    expired = "expired-secret-0123456789"
    env.store.insert(NewToken("expired", expired, later(-1), [READ.value]), created_by=None)
    stale = env.client(expired).get_current_api_token()
    assert isinstance(stale, o.GetCurrentApiToken401Response)
    token = env.create()
    assert isinstance(
        env.client().delete_api_token(api_token_id=token.id), o.DeleteApiToken204Response
    )
    deleted = env.client(token.token).get_current_api_token()
    assert isinstance(deleted, o.GetCurrentApiToken401Response)


def test_forbidden(env: Env) -> None:
    reader = env.create("reader", [READ])
    refused = env.client(reader.token).update_api_token(
        api_token_id=reader.id, body=m.ApiApiTokenUpdate(version=0, name="x")
    )
    assert isinstance(refused, o.UpdateApiToken403Response)
    assert "api.api-tokens.write" in (refused.body.detail or "")

    fenced = env.create("fenced", [READ], ["192.0.2.0/24", "2001:db8::/32"])
    outside = env.client(fenced.token, ("127.0.0.1", 123)).get_current_api_token()
    assert isinstance(outside, o.GetCurrentApiToken403Response)
    inside = env.client(fenced.token, ("192.0.2.77", 123)).get_current_api_token()
    assert isinstance(inside, o.GetCurrentApiToken200Response)
    inside6 = env.client(fenced.token, ("2001:db8::5", 123)).get_current_api_token()
    assert isinstance(inside6, o.GetCurrentApiToken200Response)
    outside6 = env.client(fenced.token, ("2001:db9::5", 123)).get_current_api_token()
    assert isinstance(outside6, o.GetCurrentApiToken403Response)


def test_address_matching() -> None:
    assert address_allowed("10.1.2.3", ())
    assert address_allowed("192.0.2.9", ("192.0.2.0/24",))
    assert address_allowed("::ffff:192.0.2.9", ("192.0.2.0/24",))
    assert address_allowed("198.51.100.7", ("198.51.100.7",))
    assert not address_allowed("198.51.100.8", ("198.51.100.7",))
    assert not address_allowed(None, ("0.0.0.0/0",))
    assert not address_allowed("2001:db8::1", ("0.0.0.0/0",))
    assert address_allowed("2001:db8::1", ("::/0",))


def test_query_pages_and_sorts(env: Env) -> None:
    ids = {name: env.create(name).id for name in ("c", "a", "b")}
    boot = env.client()
    flt = m.ApiApiTokenFilter()
    first = boot.query_api_tokens(body=flt, page=0, size=2, sort="name,asc")
    second = boot.query_api_tokens(body=flt, page=1, size=2, sort="name,asc")
    assert isinstance(first, o.QueryApiTokens200Response)
    assert isinstance(second, o.QueryApiTokens200Response)
    names = [t.name for t in first.body.content + second.body.content]
    assert names == sorted(names) and len(names) == 4  # with the bootstrap token
    assert (first.body.total_pages, first.body.total_elements) == (2, 4)
    assert (second.body.number_of_elements, second.body.page_number) == (2, 1)
    newest = boot.query_api_tokens(body=flt, sort="creationDate,desc", size=3)
    assert isinstance(newest, o.QueryApiTokens200Response)
    assert [t.id for t in newest.body.content] == [ids["b"], ids["a"], ids["c"]]
    empty = boot.query_api_tokens(body=flt, page=5)
    assert isinstance(empty, o.QueryApiTokens200Response)
    assert (empty.body.content, empty.body.total_elements) == ([], 4)
    bad = boot.query_api_tokens(body=flt, size=101)
    assert isinstance(bad, o.QueryApiTokens400Response)


def test_secret_is_never_echoed_nor_stored(env: Env) -> None:
    created = env.create("secretive")
    secret = created.token
    assert sum(secret.encode() in r for r in env.responses) == 1  # the 201 only
    before = len(env.responses)
    them = env.client(secret)
    them.get_current_api_token()
    them.get_api_token(api_token_id=created.id)
    them.query_api_tokens(body=m.ApiApiTokenFilter())
    them.update_api_token(api_token_id=created.id, body=m.ApiApiTokenUpdate(version=0, name="n"))
    them.update_api_token(api_token_id=created.id, body=m.ApiApiTokenUpdate(version=0, name="n"))
    them.delete_api_token(api_token_id=created.id)
    them.get_current_api_token()
    later_responses = env.responses[before:]
    assert len(later_responses) == 7
    assert not any(secret.encode() in r or BOOT.encode() in r for r in later_responses)
    files = [p for p in env.db.parent.iterdir() if p.name.startswith(env.db.name)]
    assert files
    for path in files:
        data = path.read_bytes()
        assert secret.encode() not in data and BOOT.encode() not in data
    assert hash_secret(secret).encode() in b"".join(p.read_bytes() for p in files)


def test_timestamps_carry_an_offset(env: Env) -> None:
    env.create()
    raw = env.responses[-1].split(b"\n\n", 1)[1].decode()
    stamps = re.findall(r'"(?:creationDate|lastModifiedDate|expiry)":"([^"]+)"', raw)
    assert len(stamps) == 3
    assert all(re.search(r"(Z|[+-]\d\d:\d\d)$", s) for s in stamps)


def test_bootstrap_is_idempotent(tmp_path: Path) -> None:
    store = Store(str(tmp_path / "b.sqlite3"))
    try:
        assert bootstrap(store, BOOT) is None
        assert bootstrap(store, BOOT) is None
        made = bootstrap(store, None)
        assert made is not None and len(made) >= 40
        page = store.query(name=None, user_id=None, page=0, size=100)
        assert page.total == 2
        found = store.by_secret(made)
        assert found is not None and len(found.permissions) == 55
    finally:
        store.close()


# ---- Real HTTP, against `python -m reference` ---------------------------------------------


def answers(port: int) -> bool:
    """Ready means the API answers the bootstrap token, not merely that the port is open."""
    try:
        with Client(f"http://127.0.0.1:{port}/api", token=BOOT, timeout=2) as client:
            return isinstance(client.get_current_api_token(), o.GetCurrentApiToken200Response)
    except httpx.TransportError:
        return False


class Server:
    def __init__(self, db: Path, log: Path) -> None:
        launched = launch(db, BOOT, log=log, ready=answers)
        self.process, self.base = launched.process, launched.base_url

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.process.poll() is None:
            self.process.send_signal(sig)
        self.process.wait(timeout=30)


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[Callable[[], Server]]:
    started: list[Server] = []

    def start() -> Server:
        server = Server(tmp_path / "served.sqlite3", tmp_path / "server.log")
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()
    log = (tmp_path / "server.log").read_bytes()
    assert BOOT.encode() not in log


def test_concurrent_updates_one_wins(serve: Callable[[], Server]) -> None:
    server = serve()
    with Client(server.base, token=BOOT) as client:
        created = client.create_api_token(
            body=m.ApiApiTokenCreate(name="contended", expiry=later(), permissions=[READ])
        )
        assert isinstance(created, o.CreateApiToken201Response)
    token_id = created.body.id

    async def race() -> list[o.UpdateApiTokenResponse]:
        limits = httpx.Limits(max_connections=100, max_keepalive_connections=0)
        async with (
            httpx.AsyncClient(limits=limits, timeout=60) as http,
            AsyncClient(server.base, token=BOOT, http=http) as client,
        ):
            return await asyncio.gather(
                *(
                    client.update_api_token(
                        api_token_id=token_id, body=m.ApiApiTokenUpdate(version=0, name=f"n{i}")
                    )
                    for i in range(50)
                )
            )

    results = asyncio.run(race())
    winners = [r for r in results if isinstance(r, o.UpdateApiToken200Response)]
    losers = [r for r in results if isinstance(r, o.UpdateApiToken409Response)]
    assert (len(winners), len(losers)) == (1, 49)
    assert all("current version is 1" in (r.body.detail or "") for r in losers)
    with Client(server.base, token=BOOT) as client:
        got = client.get_api_token(api_token_id=token_id)
    assert isinstance(got, o.GetApiToken200Response)
    assert (got.body.version, got.body.name) == (1, winners[0].body.name)


def test_acknowledged_updates_survive_sigkill(serve: Callable[[], Server]) -> None:
    server = serve()
    with Client(server.base, token=BOOT) as client:
        created = client.create_api_token(
            body=m.ApiApiTokenCreate(name="durable", expiry=later(), permissions=[READ])
        )
        assert isinstance(created, o.CreateApiToken201Response)
        token_id = created.body.id
        acknowledged = 0
        for i in range(25):
            r = client.update_api_token(
                api_token_id=token_id, body=m.ApiApiTokenUpdate(version=i, name=f"v{i + 1}")
            )
            assert isinstance(r, o.UpdateApiToken200Response)
            acknowledged = r.body.version
    server.stop(signal.SIGKILL)
    again = serve()
    with Client(again.base, token=BOOT) as client:
        got = client.get_api_token(api_token_id=token_id)
    assert isinstance(got, o.GetApiToken200Response)
    assert (got.body.version, got.body.name) == (acknowledged, f"v{acknowledged}")
    assert acknowledged == 25
