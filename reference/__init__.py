"""A reference server for the MindBridge API-token resource, backed by sqlite3.

`build_app` wires the generated FastAPI app to the sqlite-backed service and authenticator;
`python -m reference --help` serves it with uvicorn.
"""

from __future__ import annotations

from collections.abc import Iterable

from fastapi import FastAPI

from generated.api_tokens.server import create_app

from .auth import TokenAuthenticator
from .service import ReferenceService
from .store import Store, bootstrap

__all__ = ["ReferenceService", "Store", "TokenAuthenticator", "bootstrap", "build_app"]


def build_app(store: Store, *, trusted_proxies: Iterable[str] = ()) -> FastAPI:
    """The generated app, answering from `store`."""
    return create_app(
        ReferenceService(store), TokenAuthenticator(store), trusted_proxies=trusted_proxies
    )
