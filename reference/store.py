"""A small repository layer over sqlite3 (WAL mode) for API tokens.

The SQL is plain and parameterized so it would also run on PostgreSQL; only the PRAGMAs are
sqlite's. Secrets are never stored: a token is kept as the SHA-256 hex of its text.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import queue
import secrets
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Literal

from generated.api_tokens.models import ApiPermission

# "No expiry" for the bootstrap token: the latest instant a Timestamp can hold.
NEVER = dt.datetime(9999, 12, 31, 23, 59, 59, tzinfo=dt.UTC)

SCHEMA = (
    """
    CREATE TABLE IF NOT EXISTS api_token_users (
        id VARCHAR(24) PRIMARY KEY,
        name TEXT NOT NULL
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS api_tokens (
        id VARCHAR(24) PRIMARY KEY,
        version BIGINT NOT NULL,
        creation_date VARCHAR(32) NOT NULL,
        last_modified_date VARCHAR(32) NOT NULL,
        created_user_id VARCHAR(24) NOT NULL,
        created_user_name TEXT NOT NULL,
        last_modified_user_id VARCHAR(24) NOT NULL,
        last_modified_user_name TEXT NOT NULL,
        user_id VARCHAR(24) NOT NULL UNIQUE REFERENCES api_token_users (id),
        name TEXT NOT NULL,
        token_hash CHAR(64) NOT NULL UNIQUE,
        partial_token TEXT NOT NULL,
        expiry VARCHAR(32) NOT NULL,
        allowed_addresses TEXT NOT NULL,
        permissions TEXT NOT NULL
    )
    """,
    "CREATE INDEX IF NOT EXISTS api_tokens_name ON api_tokens (name)",
    "CREATE INDEX IF NOT EXISTS api_tokens_creation ON api_tokens (creation_date, id)",
)

COLUMNS = (
    "id, version, creation_date, last_modified_date, created_user_id, created_user_name, "
    "last_modified_user_id, last_modified_user_name, user_id, name, partial_token, expiry, "
    "allowed_addresses, permissions"
)

# Sort keys the API accepts, mapped to SQL; never interpolate anything else into ORDER BY.
SORTS = {
    ("name", "asc"): "name ASC, id ASC",
    ("name", "desc"): "name DESC, id DESC",
    ("creationDate", "asc"): "creation_date ASC, id ASC",
    ("creationDate", "desc"): "creation_date DESC, id DESC",
}


def new_id() -> str:
    """A 24-lowercase-hex id, shaped like a MongoDB ObjectId."""
    return secrets.token_hex(12)


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def partial(secret: str) -> str:
    """A hint that identifies a token to a person but is useless as a credential."""
    return secret[:4] + "…"


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _text(moment: dt.datetime) -> str:
    # Fixed width, always UTC, so text order is time order (and sorting needs no SQL casts).
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%f+00:00")


def _time(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).astimezone(dt.UTC)


@dataclass(frozen=True)
class User:
    id: str
    name: str


@dataclass(frozen=True)
class TokenRow:
    id: str
    version: int
    creation_date: dt.datetime
    last_modified_date: dt.datetime
    created_by: User
    last_modified_by: User
    user_id: str
    name: str
    partial_token: str
    expiry: dt.datetime
    allowed_addresses: tuple[str, ...]
    permissions: tuple[str, ...]

    @property
    def user(self) -> User:
        """The token's own API Token User."""
        return User(self.user_id, self.name)


def _row(values: Sequence[object]) -> TokenRow:
    (id_, version, created, modified, cu_id, cu_name, mu_id, mu_name, user_id, name, part) = values[
        :11
    ]
    expiry, addresses, permissions = values[11:14]
    return TokenRow(
        id=str(id_),
        version=int(str(version)),
        creation_date=_time(str(created)),
        last_modified_date=_time(str(modified)),
        created_by=User(str(cu_id), str(cu_name)),
        last_modified_by=User(str(mu_id), str(mu_name)),
        user_id=str(user_id),
        name=str(name),
        partial_token=str(part),
        expiry=_time(str(expiry)),
        allowed_addresses=tuple(json.loads(str(addresses))),
        permissions=tuple(json.loads(str(permissions))),
    )


@dataclass(frozen=True)
class NewToken:
    """What a new token is made of; `secret` is hashed, never stored."""

    name: str
    secret: str
    expiry: dt.datetime
    permissions: Sequence[str]
    allowed_addresses: Sequence[str] = ()


@dataclass(frozen=True)
class Page:
    rows: list[TokenRow]
    total: int


# The one transaction statement that is SQLite's own (besides the WAL pragma when a connection
# opens): IMMEDIATE takes the write lock at the start, so two
# writers cannot both read and then deadlock upgrading their locks. On PostgreSQL this is a
# plain BEGIN (its row locks do the same). The rest is portable SQL; `?` is merely the sqlite3
# driver's placeholder style (psycopg spells it %s).
BEGIN_WRITE = "BEGIN IMMEDIATE"

UpdateOutcome = TokenRow | Literal["not-found"] | int  # an int: the current (other) version


class Store:
    """API tokens in a sqlite3 database; safe to use from many threads at once."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._idle: queue.SimpleQueue[sqlite3.Connection] = queue.SimpleQueue()
        self._all: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._closed = False
        with self._connection() as conn:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute(BEGIN_WRITE)
            for statement in SCHEMA:
                conn.execute(statement)
            conn.execute("COMMIT")

    def _connect(self) -> sqlite3.Connection:
        # Autocommit mode: transactions are begun and ended explicitly below.
        conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        conn.execute("PRAGMA busy_timeout = 30000")
        conn.execute("PRAGMA synchronous = FULL")  # a 200 means the write survives a crash
        conn.execute("PRAGMA foreign_keys = ON")
        with self._lock:
            self._all.append(conn)
        return conn

    @contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        """A connection used by one thread at a time, returned to the pool afterwards."""
        if self._closed:
            raise RuntimeError("the store is closed")
        try:
            conn = self._idle.get_nowait()
        except queue.Empty:
            conn = self._connect()
        try:
            yield conn
        finally:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            self._idle.put(conn)

    def close(self) -> None:
        self._closed = True
        with self._lock:
            for conn in self._all:
                conn.close()
            self._all.clear()

    def insert(self, new: NewToken, created_by: User | None) -> TokenRow | None:
        """Store a new token and its API Token User; None if the secret is already stored.

        `created_by` None means the token creates itself (the bootstrap token).
        """
        name, secret = new.name, new.secret
        token_id = new_id()
        user_id = new_id()
        creator = created_by or User(user_id, name)
        stamp = _text(now())
        with self._connection() as conn:
            conn.execute(BEGIN_WRITE)
            cursor = conn.execute(
                "SELECT id FROM api_tokens WHERE token_hash = ?", (hash_secret(secret),)
            )
            if cursor.fetchone() is not None:
                conn.execute("ROLLBACK")
                return None
            conn.execute("INSERT INTO api_token_users (id, name) VALUES (?, ?)", (user_id, name))
            conn.execute(
                f"INSERT INTO api_tokens ({COLUMNS}, token_hash) "
                "VALUES (?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    token_id,
                    stamp,
                    stamp,
                    creator.id,
                    creator.name,
                    creator.id,
                    creator.name,
                    user_id,
                    name,
                    partial(secret),
                    _text(new.expiry),
                    json.dumps(list(new.allowed_addresses)),
                    json.dumps(list(new.permissions)),
                    hash_secret(secret),
                ),
            )
            row = self._get(conn, token_id)
            conn.execute("COMMIT")
        return row

    @staticmethod
    def _get(conn: sqlite3.Connection, token_id: str) -> TokenRow | None:
        found = conn.execute(
            f"SELECT {COLUMNS} FROM api_tokens WHERE id = ?", (token_id,)
        ).fetchone()
        return None if found is None else _row(found)

    def get(self, token_id: str) -> TokenRow | None:
        with self._connection() as conn:
            return self._get(conn, token_id)

    def by_secret(self, secret: str) -> TokenRow | None:
        with self._connection() as conn:
            found = conn.execute(
                f"SELECT {COLUMNS} FROM api_tokens WHERE token_hash = ?", (hash_secret(secret),)
            ).fetchone()
        return None if found is None else _row(found)

    def rename(self, token_id: str, version: int, name: str, by: User) -> UpdateOutcome:
        """Rename at `version`: the new row, "not-found", or the current version if stale."""
        with self._connection() as conn:
            conn.execute(BEGIN_WRITE)
            cursor = conn.execute(
                "UPDATE api_tokens SET name = ?, version = version + 1, last_modified_date = ?, "
                "last_modified_user_id = ?, last_modified_user_name = ? "
                "WHERE id = ? AND version = ?",
                (name, _text(now()), by.id, by.name, token_id, version),
            )
            if cursor.rowcount != 1:
                found = conn.execute(
                    "SELECT version FROM api_tokens WHERE id = ?", (token_id,)
                ).fetchone()
                conn.execute("ROLLBACK")
                return "not-found" if found is None else int(found[0])
            conn.execute(
                "UPDATE api_token_users SET name = ? "
                "WHERE id = (SELECT user_id FROM api_tokens WHERE id = ?)",
                (name, token_id),
            )
            row = self._get(conn, token_id)
            conn.execute("COMMIT")
        assert row is not None
        return row

    def delete(self, token_id: str) -> bool:
        """Delete the token and its API Token User; False if there was none."""
        with self._connection() as conn:
            conn.execute(BEGIN_WRITE)
            found = conn.execute(
                "SELECT user_id FROM api_tokens WHERE id = ?", (token_id,)
            ).fetchone()
            if found is None:
                conn.execute("ROLLBACK")
                return False
            conn.execute("DELETE FROM api_tokens WHERE id = ?", (token_id,))
            conn.execute("DELETE FROM api_token_users WHERE id = ?", (found[0],))
            conn.execute("COMMIT")
        return True

    def query(
        self,
        *,
        name: str | None,
        user_id: str | None,
        page: int,
        size: int,
        sort: tuple[str, str] = ("creationDate", "asc"),
    ) -> Page:
        conditions: list[str] = []
        args: list[object] = []
        if name is not None:
            conditions.append("name = ?")
            args.append(name)
        if user_id is not None:
            conditions.append("user_id = ?")
            args.append(user_id)
        where = f" WHERE {' AND '.join(conditions)}" if conditions else ""
        order = SORTS[sort]
        with self._connection() as conn:
            conn.execute("BEGIN")  # one snapshot for the count and the page
            total = int(conn.execute(f"SELECT COUNT(*) FROM api_tokens{where}", args).fetchone()[0])
            found = conn.execute(
                f"SELECT {COLUMNS} FROM api_tokens{where} ORDER BY {order} LIMIT ? OFFSET ?",
                [*args, size, page * size],
            ).fetchall()
            conn.execute("COMMIT")
        return Page([_row(r) for r in found], total)


def bootstrap(store: Store, secret: str | None) -> str | None:
    """Register the bootstrap token; returns the secret if one had to be made up.

    With `secret` given it is registered once (idempotently, by its hash); without, a fresh
    secret is made, registered and returned so the caller can show it once.
    """
    made = secret is None
    secret = secret or new_secret()
    new = NewToken("Bootstrap token", secret, NEVER, [p.value for p in ApiPermission])
    store.insert(new, created_by=None)
    return secret if made else None
