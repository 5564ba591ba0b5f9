"""What semantic checks work with: the spec's facts, a recording client, and created tokens."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Any

from .failures import ContractViolation
from .http import Exchange, Http
from .spec import Facts, Op


def future(seconds: float) -> str:
    when = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=seconds)
    return when.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def expect(rule: str, ok: bool, expected: str, exchange: Exchange, seen: str = "") -> None:
    """Raise the rule's violation, reproduced by `exchange`, unless `ok`."""
    if not ok:
        shown = seen or f"HTTP {exchange.status}: {exchange.text[:300]}"
        raise ContractViolation(rule, expected, shown, exchange.curl)


@dataclass
class Context:
    facts: Facts
    http: Http
    token: str  # the main token, holding every scope the suite needs
    created: dict[str, str] = field(default_factory=dict)  # id -> secret, for clean-up

    def create(
        self,
        rule: str,
        *,
        scopes: tuple[str, ...] | None = None,
        addresses: list[str] | None = None,
        expires_in: float = 3600.0,
        name: str | None = None,
    ) -> dict[str, Any]:
        """A fresh resource made with the main token; its record includes the secret."""
        f = self.facts
        body = dict(f.create_example)
        body[f.name_field] = name or f"contracts-{uuid.uuid4().hex[:12]}"
        if f.expiry_field:
            body[f.expiry_field] = future(expires_in)
        if f.scopes_field:
            body[f.scopes_field] = list(scopes if scopes is not None else self.resource_scopes())
        if f.addresses_field:
            body[f.addresses_field] = addresses or []
        ex = self.call(f.create, body=body)
        record = ex.json()
        ok = ex.status == 201 and isinstance(record, dict) and f.id_field in record  # noqa: PLR2004
        expect(rule, ok, "201 with the created record (set-up step)", ex)
        secret = next((str(record[s]) for s in f.secret_fields if s in record), "")
        self.created[str(record[f.id_field])] = secret
        return dict(record)

    def resource_scopes(self) -> tuple[str, ...]:
        f = self.facts
        ops = [f.create, f.read, f.update, f.delete, f.current, f.query]
        return tuple(dict.fromkeys(s for op in ops if op for s in op.scopes))

    def call(
        self,
        op: Op,
        *,
        item: str | None = None,
        token: str | None = None,
        body: Any = None,
        params: dict[str, Any] | None = None,
    ) -> Exchange:
        path = op.item_path(item) if item is not None else op.path
        return self.http.send(
            op.method, path, token=self.token if token is None else token, body=body, params=params
        )

    def update_body(self, version: Any, name: str) -> dict[str, Any]:
        return {self.facts.version_field: version, self.facts.name_field: name}

    def clean_up(self) -> list[str]:
        """Delete every resource the suite made; the ids that could not be deleted."""
        left = []
        for item in list(self.created):
            try:
                ex = self.call(self.facts.delete, item=item)
            except Exception:
                left.append(item)
                continue
            if ex.status >= 300 and ex.status != 404:  # noqa: PLR2004
                left.append(item)
        return left
