"""Authenticates bearer API tokens against the store."""

from __future__ import annotations

import asyncio
import ipaddress

from generated.api_tokens.server import Credentials, Forbidden, Principal, Unauthorized

from .store import Store, TokenRow, now


def address_allowed(client: str | None, allowed: tuple[str, ...]) -> bool:
    """Whether `client` is inside one of `allowed` (addresses or CIDR blocks); empty allows all."""
    if not allowed:
        return True
    if client is None:
        return False
    try:
        ip = ipaddress.ip_address(client)
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped  # a dual-stack socket reports IPv4 callers as ::ffff:a.b.c.d
    for entry in allowed:
        try:
            network = ipaddress.ip_network(entry, strict=False)
        except ValueError:
            continue
        if ip.version == network.version and ip in network:
            return True
    return False


class TokenAuthenticator:
    """Implements the generated Authenticator: a Principal per valid, unexpired token."""

    def __init__(self, store: Store) -> None:
        self.store = store

    async def authenticate(self, credentials: Credentials) -> Principal:
        row: TokenRow | None = await asyncio.to_thread(self.store.by_secret, credentials.value)
        if row is None or row.expiry <= now():
            raise Unauthorized("The bearer token is missing, unknown or expired.")
        if not address_allowed(credentials.client, row.allowed_addresses):
            raise Forbidden("This token may not be used from this address.")
        return Principal(subject=row.id, scopes=frozenset(row.permissions), data=row)
