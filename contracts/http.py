"""A recording HTTP client: every exchange is kept and can be replayed as a curl command."""

from __future__ import annotations

import json
import shlex
from dataclasses import dataclass, field
from typing import Any

import httpx


@dataclass(frozen=True)
class Exchange:
    """One request and the response it got."""

    method: str
    url: str
    status: int
    headers: dict[str, str]
    text: str
    curl: str

    def json(self) -> Any:
        """The body as JSON, or None when it is not JSON."""
        try:
            return json.loads(self.text)
        except ValueError:
            return None


class Unresponsive(Exception):
    """The server did not answer properly (timeout, closed connection)."""

    def __init__(self, message: str, curl: str) -> None:
        super().__init__(message)
        self.curl = curl


def to_curl(method: str, url: str, token: str | None, body: Any, main_token: str) -> str:
    parts = ["curl", "-sS", "-X", method]
    if token is not None:
        shown = '"$CONTRACT_TOKEN"' if token == main_token else shlex.quote(token)
        parts += ["-H", f"'Authorization: Bearer '{shown}"]
    if body is not None:
        parts += ["-H", "'Content-Type: application/json'", "-d", shlex.quote(json.dumps(body))]
    parts.append(shlex.quote(url))
    return " ".join(parts)


@dataclass
class Http:
    """Sends JSON requests relative to `base_url`; `log` keeps every exchange."""

    base_url: str
    main_token: str
    timeout: float = 5.0
    log: list[Exchange] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.client = httpx.Client(timeout=self.timeout, follow_redirects=False)

    def url(self, path: str) -> str:
        return self.base_url.rstrip("/") + path

    def send(
        self,
        method: str,
        path: str,
        *,
        token: str | None,
        body: Any = None,
        params: dict[str, Any] | None = None,
    ) -> Exchange:
        url = str(httpx.URL(self.url(path), params=params or {}))
        curl = to_curl(method, url, token, body, self.main_token)
        headers = {"Authorization": f"Bearer {token}"} if token is not None else {}
        try:
            response = self.client.request(method, url, headers=headers, json=body)
        except httpx.TimeoutException as exc:
            raise Unresponsive(f"no answer within {self.timeout:g} s ({exc!r})", curl) from exc
        except httpx.TransportError as exc:
            raise Unresponsive(f"transport error: {exc!r}", curl) from exc
        exchange = Exchange(
            method, url, response.status_code, dict(response.headers), response.text, curl
        )
        self.log.append(exchange)
        return exchange

    def close(self) -> None:
        self.client.close()
