"""The server interface of Corpus regressions and its FastAPI app factory.

Generated from tests/specs/corpus_regressions.yaml (sha256 be9b49d608fc9c3b) by `python -m generator`.
Do not edit: run `make generate` after changing the spec.
"""

from __future__ import annotations

import ipaddress
import json
import logging
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from typing import Any, Protocol

from fastapi import FastAPI
from pydantic import TypeAdapter, ValidationError
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from .operations import (
    OPERATIONS,
    OperationInfo,
    Search2Request,
    Search2Response,
)

logger = logging.getLogger(__name__)

BASE_PATH = ""
PROBLEM_JSON = "application/problem+json"
# Security schemes: (name, kind, where the credential travels, header/query/cookie name).
SECURITY_SCHEMES: Mapping[str, tuple[str, str, str]] = {}


@dataclass(frozen=True)
class Principal:
    """Who is calling, as the authenticator established it."""

    subject: str
    scopes: frozenset[str]
    data: Any = None  # anything the authenticator wants the implementation to see


@dataclass(frozen=True)
class Credentials:
    """A credential as presented in a request, for the authenticator to judge."""

    scheme: str  # the security scheme's name in the spec
    value: str  # the bearer token, API key or basic credentials, as sent
    client: str | None  # the caller's address (the socket peer, or a trusted proxy's client)
    headers: Mapping[str, str]


@dataclass(frozen=True)
class RequestContext:
    principal: Principal | None
    client: str | None
    headers: Mapping[str, str]


class ProblemError(Exception):
    """Raise anywhere in an implementation to answer with application/problem+json."""

    def __init__(
        self,
        status: int,
        title: str,
        detail: str = "",
        problems: Sequence[Mapping[str, str]] = (),
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(f"{status} {title}: {detail}")
        self.status = status
        self.title = title
        self.detail = detail
        self.problems = list(problems)
        self.headers = dict(headers or {})

    def response(self) -> JSONResponse:
        content: dict[str, Any] = {
            "type": "about:blank",
            "title": self.title,
            "status": self.status,
            "detail": self.detail,
        }
        if self.problems:
            content["problems"] = self.problems
        return JSONResponse(
            content, status_code=self.status, headers=self.headers, media_type=PROBLEM_JSON
        )


class Unauthorized(ProblemError):
    def __init__(self, detail: str = "Missing, unknown or expired credentials.") -> None:
        super().__init__(401, "Unauthorized", detail, headers={"WWW-Authenticate": "Bearer"})


class Forbidden(ProblemError):
    status = 403

    def __init__(self, detail: str = "The credentials do not allow this operation.") -> None:
        super().__init__(403, "Forbidden", detail)


class Authenticator(Protocol):
    async def authenticate(self, credentials: Credentials) -> Principal:
        """Return who presented these credentials; raise Unauthorized or Forbidden otherwise."""
        ...


class CorpusRegressionsService(Protocol):
    """What an implementation of Corpus regressions provides: one method per operation."""

    async def search(self, request: Search2Request, context: RequestContext) -> Search2Response:
        """search

        GET /things
        """
        ...


Handler = Callable[[Any, RequestContext], Awaitable[Any]]


def _handlers(service: CorpusRegressionsService) -> dict[str, Handler]:
    return {
        "search": service.search,
    }


@cache
def _adapter(type_: Any) -> TypeAdapter[Any]:
    return TypeAdapter(type_)


def load_spec() -> dict[str, Any]:
    """The OpenAPI document this package was generated from."""
    return dict(json.loads(files(__package__).joinpath("openapi.json").read_text("utf-8")))


def create_app(
    service: CorpusRegressionsService,
    authenticator: Authenticator | None = None,
    *,
    base_path: str = BASE_PATH,
    max_body_bytes: int = 1 << 20,
    trusted_proxies: Iterable[str] = (),
) -> FastAPI:
    """A FastAPI app that parses, validates and authenticates, then calls `service`."""
    app = FastAPI(title="Corpus regressions", openapi_url=None, docs_url=None, redoc_url=None)
    dispatcher = _Dispatcher(
        _handlers(service), authenticator, max_body_bytes, _networks(trusted_proxies)
    )
    spec = load_spec()

    async def openapi(request: Request) -> Response:
        return JSONResponse(spec)

    app.add_route("/openapi.json", openapi, methods=["GET"], include_in_schema=False)
    by_path: dict[str, list[OperationInfo]] = {}
    for info in OPERATIONS.values():
        by_path.setdefault(info.path, []).append(info)
    # Literal segments before templated ones, so /tokens/current is not taken for /tokens/{id}.
    for path in sorted(by_path, key=_route_order):
        app.add_route(
            base_path + path,
            dispatcher.endpoint(by_path[path]),
            methods=_ALL_METHODS,  # the endpoint answers 405 itself, with the right Allow
            include_in_schema=False,
        )
    app.add_exception_handler(ProblemError, _problem_handler)
    app.add_exception_handler(HTTPException, _http_error_handler)
    app.add_exception_handler(Exception, _unexpected_handler)
    return app


_ALL_METHODS = ["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"]


def _route_order(path: str) -> list[tuple[int, str]]:
    return [(1 if "{" in segment else 0, segment) for segment in path.split("/")]


def _networks(
    addresses: Iterable[str],
) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(a, strict=False) for a in addresses)


async def _problem_handler(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ProblemError)
    return exc.response()


async def _http_error_handler(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    titles = {404: "Not Found", 405: "Method Not Allowed"}
    title = titles.get(exc.status_code, "Error")
    return ProblemError(exc.status_code, title, str(exc.detail), headers=exc.headers).response()


async def _unexpected_handler(request: Request, exc: Exception) -> Response:
    logger.exception("unhandled error in %s %s", request.method, request.url.path)
    return ProblemError(500, "Internal Server Error", "The server failed to answer.").response()


@dataclass
class _Dispatcher:
    """Turns an HTTP request into a typed request object and a typed response into HTTP."""

    handlers: dict[str, Handler]
    authenticator: Authenticator | None
    max_body_bytes: int
    trusted: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...] = field(default=())

    def endpoint(self, infos: list[OperationInfo]) -> Callable[[Request], Awaitable[Response]]:
        by_method = {info.method: info for info in infos}
        allow = ", ".join(sorted(by_method))

        async def endpoint(request: Request) -> Response:
            info = by_method.get(request.method)
            if info is None:
                raise ProblemError(
                    405, "Method Not Allowed", f"Allowed: {allow}.", headers={"Allow": allow}
                )
            return await self.dispatch(info, request)

        return endpoint

    async def dispatch(self, info: OperationInfo, request: Request) -> Response:
        client = self.client_address(request)
        headers = {k.lower(): v for k, v in request.headers.items()}
        principal = await self.authenticate(info, request, client, headers)
        typed = await self.parse(info, request)
        context = RequestContext(principal=principal, client=client, headers=headers)
        result = await self.handlers[info.operation_id](typed, context)
        return _to_http(info, result)

    def client_address(self, request: Request) -> str | None:
        peer = request.client.host if request.client else None
        forwarded = request.headers.get("x-forwarded-for")
        if peer is None or not forwarded or not _in_networks(peer, self.trusted):
            return peer
        # Walk back from the nearest hop; the first address we do not trust is the client.
        for hop in reversed([h.strip() for h in forwarded.split(",") if h.strip()]):
            if not _in_networks(hop, self.trusted):
                return hop
        return peer

    async def authenticate(
        self, info: OperationInfo, request: Request, client: str | None, headers: dict[str, str]
    ) -> Principal | None:
        if not info.security:
            return None
        failure: ProblemError = Unauthorized()
        for alternative in info.security:
            if not alternative:
                return None  # `{}` in the spec: anonymous calls are admitted
            try:
                return await self._satisfy(alternative, request, client, headers)
            except ProblemError as exc:
                # Report the most telling failure: a refusal beats a missing credential.
                if exc.status == Forbidden.status or failure.status != Forbidden.status:
                    failure = exc
        raise failure

    async def _satisfy(
        self,
        alternative: tuple[tuple[str, tuple[str, ...]], ...],
        request: Request,
        client: str | None,
        headers: dict[str, str],
    ) -> Principal:
        principal: Principal | None = None
        for scheme, scopes in alternative:
            value = _credential(scheme, request)
            if value is None:
                raise Unauthorized("Missing credentials.")
            if self.authenticator is None:
                raise Unauthorized("No authenticator is configured.")
            principal = await self.authenticator.authenticate(
                Credentials(scheme=scheme, value=value, client=client, headers=headers)
            )
            missing = sorted(set(scopes) - principal.scopes)
            if missing:
                raise Forbidden(f"Missing scope: {', '.join(missing)}.")
        assert principal is not None
        return principal

    async def parse(self, info: OperationInfo, request: Request) -> Any:
        problems: list[dict[str, str]] = []
        values: dict[str, Any] = {}
        sources: dict[str, Any] = {
            "path": request.path_params,
            "query": request.query_params,
            "header": request.headers,
            "cookie": request.cookies,
        }
        wire_names = {}
        for p in info.parameters:
            source = sources[p.location]
            wire_names[p.name] = f"{p.location}.{p.wire_name}"
            if p.many and p.location == "query":
                found = request.query_params.getlist(p.wire_name)
                if found:
                    values[p.name] = found
            elif p.wire_name in source:
                values[p.name] = source[p.wire_name]
        if info.body_type is not None:
            body = await self.read_body(info, request, problems)
            if body is not _ABSENT:
                values["body"] = body
        try:
            typed = _adapter(info.request).validate_python(values)
        except ValidationError as exc:
            for error in exc.errors(include_url=False):
                location = [str(x) for x in error["loc"]]
                head = wire_names.get(location[0], location[0]) if location else ""
                if location and location[0] == "body":
                    continue  # reported by read_body, with the body's own paths
                problems.append({"field": ".".join([head, *location[1:]]), "reason": error["msg"]})
            typed = None
        if problems:
            raise ProblemError(400, "Bad Request", "The request is not valid.", problems)
        return typed

    async def read_body(
        self, info: OperationInfo, request: Request, problems: list[dict[str, str]]
    ) -> Any:
        raw = await _read_limited(request, self.max_body_bytes)
        if not raw:
            if info.body_required:
                problems.append({"field": "body", "reason": "A request body is required."})
            return _ABSENT
        media = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if info.body_media_type == "application/octet-stream" or not _is_json(
            info.body_media_type or ""
        ):
            return raw
        if not _is_json(media):
            raise ProblemError(
                415, "Unsupported Media Type", f"Send the body as {info.body_media_type}."
            )
        try:
            # Strict: JSON "1" is not the integer 1, exactly as JSON Schema sees it.
            return _adapter(info.body_type).validate_json(
                raw, strict=True, by_alias=True, by_name=False
            )
        except ValidationError as exc:
            for error in exc.errors(include_url=False):
                path = ".".join(["body", *(str(x) for x in error["loc"])])
                problems.append({"field": path, "reason": error["msg"]})
            return _ABSENT


_ABSENT = object()


def _is_json(media: str) -> bool:
    return media == "application/json" or (
        media.startswith("application/") and media.endswith("+json")
    )


async def _read_limited(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise ProblemError(413, "Content Too Large", f"The body may be at most {limit} bytes.")
    chunks = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise ProblemError(413, "Content Too Large", f"The body may be at most {limit} bytes.")
        chunks.append(chunk)
    return b"".join(chunks)


def _credential(scheme: str, request: Request) -> str | None:
    kind, location, name = SECURITY_SCHEMES.get(scheme, ("bearer", "header", "Authorization"))
    if kind in ("bearer", "oauth2", "openIdConnect", "basic"):
        prefix = "basic " if kind == "basic" else "bearer "
        header = request.headers.get("authorization", "")
        if header[: len(prefix)].lower() != prefix or not header[len(prefix) :].strip():
            return None
        return header[len(prefix) :].strip()
    sources: dict[str, Mapping[str, str]] = {
        "header": request.headers,
        "query": request.query_params,
        "cookie": request.cookies,
    }
    return sources.get(location, request.headers).get(name) or None


def _in_networks(
    address: str, networks: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]
) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def _to_http(info: OperationInfo, result: Any) -> Response:
    for response in info.responses.values():
        if isinstance(result, response.cls):
            headers = dict(result.headers)
            if response.body_type is None:
                return Response(status_code=result.status_code, headers=headers)
            if response.media_type is not None and not _is_json(response.media_type):
                return Response(
                    result.body, result.status_code, headers, media_type=response.media_type
                )
            content = _adapter(response.body_type).dump_json(
                result.body, by_alias=True, exclude_unset=True
            )
            media = response.media_type or "application/json"
            return Response(content, result.status_code, headers, media_type=media)
    raise TypeError(
        f"{info.operation_id} returned {type(result).__name__}, not a declared response"
    )
