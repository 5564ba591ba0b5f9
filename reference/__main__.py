"""Serve the reference API-token server: `python -m reference --help`."""

from __future__ import annotations

import argparse
import ipaddress
import os
import sys
from collections.abc import Sequence

import uvicorn

from . import build_app
from .store import Store, bootstrap


def _network(text: str) -> str:
    try:
        ipaddress.ip_network(text, strict=False)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not an address or CIDR block: {text}") from exc
    return text


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m reference",
        description=(
            "Serve the MindBridge API-token resource (spec/api-tokens.yaml) from a sqlite "
            "database. Set API_BOOTSTRAP_TOKEN to a secret to make it a valid token with every "
            "permission; otherwise a fresh one is made and printed once at start-up."
        ),
    )
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default %(default)s)")
    p.add_argument("--port", type=int, default=8000, help="port to listen on (default %(default)s)")
    p.add_argument(
        "--db", default="api-tokens.sqlite3", help="sqlite database file (default %(default)s)"
    )
    p.add_argument(
        "--trusted-proxy",
        action="append",
        default=[],
        type=_network,
        metavar="CIDR",
        help="a proxy whose X-Forwarded-For is believed; repeat for several",
    )
    p.add_argument("--ssl-certfile", metavar="F", help="serve HTTPS with this certificate (PEM)")
    p.add_argument("--ssl-keyfile", metavar="F", help="the certificate's private key (PEM)")
    return p


def main(argv: Sequence[str] | None = None) -> None:
    args = parser().parse_args(argv)
    if bool(args.ssl_certfile) != bool(args.ssl_keyfile):
        parser().error("--ssl-certfile and --ssl-keyfile go together")
    store = Store(args.db)
    try:
        made = bootstrap(store, os.environ.get("API_BOOTSTRAP_TOKEN") or None)
        if made is not None:
            # Shown once, on purpose: the only copy of the secret outside the operator's hands.
            print(f"Bootstrap API token (shown only once): {made}", flush=True)
        app = build_app(store, trusted_proxies=args.trusted_proxy)
        uvicorn.run(
            app,
            host=args.host,
            port=args.port,
            ssl_certfile=args.ssl_certfile,
            ssl_keyfile=args.ssl_keyfile,
        )
    finally:
        store.close()


if __name__ == "__main__":
    main(sys.argv[1:])
