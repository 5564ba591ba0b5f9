"""Tests for the hand-maintained OpenAPI document spec/api-tokens.yaml.

The facts of the MindBridge reference page for "update an API token" are listed here as
literals (the project must not depend on the scraped page), one parametrized case per fact
so that a failure names the fact that is missing or reworded.
"""

from __future__ import annotations

import functools
import ipaddress
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate
from referencing import Registry
from referencing.jsonschema import DRAFT202012

SPEC_PATH = Path(__file__).resolve().parents[1] / "spec" / "api-tokens.yaml"
SPEC_URI = "urn:specforge:spec:api-tokens"
SCHEMAS = "#/components/schemas/"
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
PROBLEM_JSON = "application/problem+json"

# ---- Facts of the reference page ------------------------------------------------------------

UPDATE_SUMMARY = "Update an existing API token, identified by its ID."
UPDATE_SCOPE = "api.api-tokens.write"
BEARER_DESCRIPTION = (
    "Bearer authentication header of the form Bearer <token>, where <token> is your auth token."
)
UPDATE_OK_DESCRIPTION = "OK"
NAME_PATTERN = r"\s*\S+.*"
NAME_MIN_LENGTH = 1

VERSION = "Indicates the data integrity version to ensure data consistency."
# U+2019 (typographic apostrophe), exactly as the page writes it.
NAME = "The token record\u2019s name. This will also be used as the API Token User\u2019s name."
EXPIRY = "The day on which the API token expires."
PERMISSIONS = (
    "The set of permissions that inform which endpoints this token is authorized to access."
)
ALLOWED_ADDRESSES = (
    "Indicates the set of addresses that are allowed to use this token. "
    "If empty, any address may use it."
)

# The response fields of ApiApiTokenRead, in order, with the page's description of each.
READ_FIELDS: dict[str, str] = {
    "id": "The unique object identifier.",
    "version": VERSION,
    "creationDate": "The date that the object was originally created.",
    "lastModifiedDate": "The date that the object was last updated or modified.",
    "createdUserInfo": "Details about the user who created the object.",
    "lastModifiedUserInfo": "Details about the user who last modified or updated the object.",
    "userId": "Identifies the API Token User associated with this token.",
    "name": NAME,
    "partialToken": "A partial representation of the API token.",
    "expiry": EXPIRY,
    "allowedAddresses": ALLOWED_ADDRESSES,
    "permissions": PERMISSIONS,
}
UPDATE_FIELDS: dict[str, str] = {"version": VERSION, "name": NAME}
CREATE_FIELDS: dict[str, str] = {
    "name": NAME,
    "expiry": EXPIRY,
    "permissions": PERMISSIONS,
    "allowedAddresses": ALLOWED_ADDRESSES,
}
USER_INFO_FIELDS = ["userId", "userName"]

# The 55 permissions, in the page's order.
SCOPES = [
    "api.organizations.read",
    "api.organizations.write",
    "api.organizations.delete",
    "api.engagements.read",
    "api.engagements.write",
    "api.engagements.delete",
    "api.analyses.read",
    "api.analyses.write",
    "api.analyses.delete",
    "api.analyses.run",
    "api.analysis-sources.read",
    "api.analysis-sources.write",
    "api.analysis-sources.delete",
    "api.file-manager.read",
    "api.file-manager.write",
    "api.file-manager.delete",
    "api.libraries.read",
    "api.libraries.write",
    "api.libraries.delete",
    "api.account-groupings.read",
    "api.account-groupings.write",
    "api.account-groupings.delete",
    "api.engagement-account-groupings.read",
    "api.engagement-account-groupings.write",
    "api.engagement-account-groupings.delete",
    "api.users.read",
    "api.users.write",
    "api.users.delete",
    "api.data-tables.read",
    "api.api-tokens.read",
    "api.api-tokens.write",
    "api.api-tokens.delete",
    "api.tasks.read",
    "api.tasks.write",
    "api.tasks.delete",
    "api.admin-reports.run",
    "api.analysis-types.read",
    "api.analysis-source-types.read",
    "api.analysis-type-configuration.read",
    "api.analysis-type-configuration.write",
    "api.analysis-type-configuration.delete",
    "api.risk-ranges.read",
    "api.risk-ranges.write",
    "api.risk-ranges.delete",
    "api.filters.read",
    "api.filters.write",
    "api.filters.delete",
    "api.file-infos.read",
    "api.webhooks.read",
    "api.webhooks.write",
    "api.webhooks.delete",
    "scim.user.read",
    "scim.user.write",
    "scim.user.delete",
    "scim.user.schema",
]
SCOPE_COUNT = 55

# ---- Structure facts ------------------------------------------------------------------------

TOKENS = "/v1/api-tokens"
TOKEN = "/v1/api-tokens/{apiTokenId}"
# operationId: (method, path, scope, success status)
OPERATIONS: dict[str, tuple[str, str, str, str]] = {
    "createApiToken": ("post", TOKENS, "api.api-tokens.write", "201"),
    "getApiToken": ("get", TOKEN, "api.api-tokens.read", "200"),
    "updateApiToken": ("put", TOKEN, "api.api-tokens.write", "200"),
    "deleteApiToken": ("delete", TOKEN, "api.api-tokens.delete", "204"),
    "queryApiTokens": ("post", "/v1/api-tokens/query", "api.api-tokens.read", "200"),
    "getCurrentApiToken": ("get", "/v1/api-tokens/current", "api.api-tokens.read", "200"),
}
ERRORS: dict[str, set[str]] = {
    "createApiToken": {"400", "401", "403", "413", "415"},
    "getApiToken": {"400", "401", "403", "404"},
    "updateApiToken": {"400", "401", "403", "404", "409", "413", "415"},
    "deleteApiToken": {"400", "401", "403", "404"},
    "queryApiTokens": {"400", "401", "403", "413", "415"},
    "getCurrentApiToken": {"401", "403"},
}
SUCCESS_SCHEMAS: dict[str, str] = {
    "createApiToken": "ApiApiTokenCreated",
    "getApiToken": "ApiApiTokenRead",
    "updateApiToken": "ApiApiTokenRead",
    "queryApiTokens": "ApiPageApiApiTokenRead",
    "getCurrentApiToken": "ApiApiTokenRead",
}
REQUEST_SCHEMAS: dict[str, str] = {
    "createApiToken": "ApiApiTokenCreate",
    "updateApiToken": "ApiApiTokenUpdate",
    "queryApiTokens": "ApiApiTokenFilter",
}
SERVER_SET = [
    "id",
    "version",
    "creationDate",
    "lastModifiedDate",
    "createdUserInfo",
    "lastModifiedUserInfo",
    "userId",
    "partialToken",
]
CLIENT_SET = ["name", "expiry", "allowedAddresses", "permissions"]
TIMESTAMPS = ["creationDate", "lastModifiedDate", "expiry"]
PAGE_FIELDS = [
    "content",
    "pageNumber",
    "pageSize",
    "totalPages",
    "totalElements",
    "numberOfElements",
]
ID_FROM_BODY = "$response.body#/id"
# (response operationId, status, link target operationId, request body passed or None)
LINKS: list[tuple[str, str, str, dict[str, str] | None]] = [
    ("createApiToken", "201", "getApiToken", None),
    (
        "createApiToken",
        "201",
        "updateApiToken",
        {"version": "$response.body#/version", "name": "$response.body#/name"},
    ),
    ("createApiToken", "201", "deleteApiToken", None),
    (
        "getApiToken",
        "200",
        "updateApiToken",
        {"version": "$response.body#/version", "name": "$response.body#/name"},
    ),
]
TOP_LEVEL_ORDER = ["openapi", "info", "servers", "tags", "security", "paths", "components"]

# ---- Helpers --------------------------------------------------------------------------------


@functools.cache
def load_spec() -> dict[str, Any]:
    with SPEC_PATH.open(encoding="utf-8") as handle:
        document = yaml.safe_load(handle)
    assert isinstance(document, dict)
    return document


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    return load_spec()


def as_dict(value: object) -> dict[str, Any]:
    assert isinstance(value, dict), f"expected a mapping, got {value!r}"
    return value


def escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def unescape(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def at(document: dict[str, Any], pointer: str) -> Any:
    """The value at a JSON Pointer ("/a/b") in the document."""
    node: Any = document
    for token in pointer.split("/")[1:]:
        node = node[int(token)] if isinstance(node, list) else node[unescape(token)]
    return node


def deref(document: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    """Follow local $refs (Reference Objects) to the object they point at."""
    while "$ref" in node:
        ref = node["$ref"]
        assert ref.startswith("#/"), ref
        node = as_dict(at(document, ref[1:]))
    return node


def effective(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    """A schema with its $ref inlined; keywords next to the $ref win (OpenAPI 3.1)."""
    if "$ref" not in schema:
        return schema
    merged = dict(effective(document, as_dict(at(document, schema["$ref"][1:]))))
    merged.update({key: value for key, value in schema.items() if key != "$ref"})
    return merged


def schema(document: dict[str, Any], name: str) -> dict[str, Any]:
    return as_dict(document["components"]["schemas"][name])


def properties(document: dict[str, Any], name: str) -> dict[str, Any]:
    return as_dict(schema(document, name)["properties"])


def operations(document: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(path, method, operation) for every operation."""
    for path, item in document["paths"].items():
        for method in HTTP_METHODS:
            if method in item:
                yield path, method, as_dict(item[method])


def operation(document: dict[str, Any], operation_id: str) -> dict[str, Any]:
    found = [op for _, _, op in operations(document) if op.get("operationId") == operation_id]
    assert len(found) == 1, f"{operation_id}: found {len(found)} operations"
    return found[0]


def op_pointer(document: dict[str, Any], operation_id: str) -> str:
    for path, method, op in operations(document):
        if op.get("operationId") == operation_id:
            return f"/paths/{escape(path)}/{method}"
    raise AssertionError(f"no operation {operation_id}")


def response(document: dict[str, Any], operation_id: str, status: str) -> dict[str, Any]:
    return deref(document, as_dict(operation(document, operation_id)["responses"][status]))


def request_body(document: dict[str, Any], operation_id: str) -> dict[str, Any]:
    return deref(document, as_dict(operation(document, operation_id)["requestBody"]))


SUBSCHEMA_MAPS = ("properties", "$defs", "patternProperties", "dependentSchemas")
SUBSCHEMA_LISTS = ("allOf", "anyOf", "oneOf", "prefixItems")
SUBSCHEMA_SINGLE = ("items", "not", "additionalProperties", "contains", "if", "then", "else")


def subschemas(node: dict[str, Any], pointer: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """The schema at pointer and every schema nested in it, with their pointers."""
    yield pointer, node
    for keyword in SUBSCHEMA_MAPS:
        for key, child in node.get(keyword, {}).items():
            yield from subschemas(child, f"{pointer}/{keyword}/{escape(key)}")
    for keyword in SUBSCHEMA_LISTS:
        for index, child in enumerate(node.get(keyword, [])):
            yield from subschemas(child, f"{pointer}/{keyword}/{index}")
    for keyword in SUBSCHEMA_SINGLE:
        if isinstance(node.get(keyword), dict):
            yield from subschemas(node[keyword], f"{pointer}/{keyword}")


def media_holders(document: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Request bodies and responses defined in place (not $refs), with their pointers."""
    for name, body in document["components"].get("requestBodies", {}).items():
        yield f"/components/requestBodies/{escape(name)}", body
    for name, resp in document["components"].get("responses", {}).items():
        yield f"/components/responses/{escape(name)}", resp
    for path, method, op in operations(document):
        base = f"/paths/{escape(path)}/{method}"
        if "requestBody" in op and "$ref" not in op["requestBody"]:
            yield f"{base}/requestBody", op["requestBody"]
        for status, resp in op["responses"].items():
            if "$ref" not in resp:
                yield f"{base}/responses/{escape(status)}", resp


def parameter_holders(document: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Parameters defined in place (not $refs), with their pointers."""
    for name, param in document["components"].get("parameters", {}).items():
        yield f"/components/parameters/{escape(name)}", param
    for path, item in document["paths"].items():
        holders = [(f"/paths/{escape(path)}", item)]
        holders += [(f"/paths/{escape(path)}/{m}", item[m]) for m in HTTP_METHODS if m in item]
        for base, holder in holders:
            for index, param in enumerate(holder.get("parameters", [])):
                if "$ref" not in param:
                    yield f"{base}/parameters/{index}", param


def schema_roots(document: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for name, node in document["components"]["schemas"].items():
        yield f"/components/schemas/{escape(name)}", node
    for pointer, holder in media_holders(document):
        for media, content in holder.get("content", {}).items():
            if "schema" in content:
                yield f"{pointer}/content/{escape(media)}/schema", content["schema"]
    for pointer, param in parameter_holders(document):
        if "schema" in param:
            yield f"{pointer}/schema", param["schema"]


def example_values(document: dict[str, Any], holder: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    """A media type's or a parameter's examples: (label, value)."""
    if "example" in holder:
        yield "example", holder["example"]
    for name, example in holder.get("examples", {}).items():
        yield f"examples/{name}", deref(document, example)["value"]


@functools.cache
def validator(pointer: str) -> Draft202012Validator:
    """A 2020-12 validator (format checking on) for the schema at this pointer in the spec."""
    registry: Registry[Any] = Registry().with_resource(
        SPEC_URI, DRAFT202012.create_resource(load_spec())
    )
    return Draft202012Validator(
        {"$ref": f"{SPEC_URI}#{pointer}"},
        registry=registry,
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )


def problems(pointer: str, label: str, value: Any) -> list[str]:
    return [
        f"{pointer} {label}: {error.message} (at {error.json_path})"
        for error in validator(pointer).iter_errors(value)
    ]


def all_refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield value
            else:
                yield from all_refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from all_refs(value)


def property_locations(document: dict[str, Any], name: str) -> list[str]:
    """Pointers of every schema that declares a property with this name."""
    return [
        pointer
        for root_pointer, root in schema_roots(document)
        for pointer, node in subschemas(root, root_pointer)
        if name in node.get("properties", {})
    ]


# ---- 1. The document is valid OpenAPI 3.1 ---------------------------------------------------


def test_spec_is_valid_openapi_3_1(spec: dict[str, Any]) -> None:
    assert spec["openapi"] == "3.1.0"
    validate(spec)


def test_top_level_sections_are_in_order(spec: dict[str, Any]) -> None:
    assert list(spec) == TOP_LEVEL_ORDER


def test_every_ref_resolves(spec: dict[str, Any]) -> None:
    unresolved = []
    for ref in set(all_refs(spec)):
        try:
            at(spec, ref[1:])
        except (KeyError, IndexError, ValueError):
            unresolved.append(ref)
    assert unresolved == []


# ---- 2. Examples ----------------------------------------------------------------------------


def test_format_checking_is_effective(spec: dict[str, Any]) -> None:
    # Guards test_every_example_validates: a date-time without an offset must fail.
    assert spec["components"]["schemas"]["Timestamp"]["format"] == "date-time"
    assert problems("/components/schemas/Timestamp", "probe", "2024-05-01T12:00:00")
    assert not problems("/components/schemas/Timestamp", "probe", "2024-05-01T12:00:00Z")


def test_every_example_validates(spec: dict[str, Any]) -> None:
    failures: list[str] = []
    for root_pointer, root in schema_roots(spec):
        for pointer, node in subschemas(root, root_pointer):
            if "example" in node:
                failures += problems(pointer, "example", node["example"])
            for index, value in enumerate(node.get("examples", [])):
                failures += problems(pointer, f"examples/{index}", value)
    for pointer, holder in media_holders(spec):
        for media, content in holder.get("content", {}).items():
            media_pointer = f"{pointer}/content/{escape(media)}"
            for label, value in example_values(spec, content):
                failures += problems(f"{media_pointer}/schema", label, value)
    for pointer, param in parameter_holders(spec):
        for label, value in example_values(spec, param):
            failures += problems(f"{pointer}/schema", label, value)
    assert not failures, "invalid examples:\n" + "\n".join(failures)


def test_every_component_schema_has_an_example(spec: dict[str, Any]) -> None:
    missing = [
        name
        for name, node in spec["components"]["schemas"].items()
        if not node.get("examples") and "example" not in node
    ]
    assert missing == []


def test_every_parameter_has_an_example(spec: dict[str, Any]) -> None:
    missing = [p for p, param in parameter_holders(spec) if not list(example_values(spec, param))]
    assert missing == []


@pytest.mark.parametrize("operation_id", OPERATIONS)
def test_operation_has_examples(spec: dict[str, Any], operation_id: str) -> None:
    success = OPERATIONS[operation_id][3]
    holders = [response(spec, operation_id, success)]
    if "requestBody" in operation(spec, operation_id):
        holders.append(request_body(spec, operation_id))
    for holder in holders:
        for media, content in holder.get("content", {}).items():
            assert list(example_values(spec, content)), f"{operation_id} {media}: no example"


# ---- 3. Facts of the reference page ---------------------------------------------------------


def test_update_summary(spec: dict[str, Any]) -> None:
    assert operation(spec, "updateApiToken")["summary"] == UPDATE_SUMMARY


def test_update_scope(spec: dict[str, Any]) -> None:
    assert operation(spec, "updateApiToken")["security"] == [{"bearerAuth": [UPDATE_SCOPE]}]


def test_bearer_scheme_description(spec: dict[str, Any]) -> None:
    scheme = spec["components"]["securitySchemes"]["bearerAuth"]
    assert scheme == {"type": "http", "scheme": "bearer", "description": BEARER_DESCRIPTION}


def test_update_ok_response(spec: dict[str, Any]) -> None:
    ok = response(spec, "updateApiToken", "200")
    assert ok["description"] == UPDATE_OK_DESCRIPTION
    assert ok["content"]["application/json"]["schema"] == {"$ref": SCHEMAS + "ApiApiTokenRead"}


def test_update_body_is_api_api_token_update(spec: dict[str, Any]) -> None:
    body = request_body(spec, "updateApiToken")
    assert body["required"] is True
    assert body["content"] == {
        "application/json": {
            "schema": {"$ref": SCHEMAS + "ApiApiTokenUpdate"},
            "example": body["content"]["application/json"]["example"],
        }
    }


def test_update_body_has_version_and_name_only(spec: dict[str, Any]) -> None:
    update = schema(spec, "ApiApiTokenUpdate")
    assert update["type"] == "object"
    assert list(update["properties"]) == ["version", "name"]
    assert sorted(update["required"]) == ["name", "version"]
    assert update["additionalProperties"] is False


def test_update_version_is_int64(spec: dict[str, Any]) -> None:
    version = effective(spec, properties(spec, "ApiApiTokenUpdate")["version"])
    assert (version["type"], version["format"]) == ("integer", "int64")
    assert version["minimum"] == 0
    assert not version.get("readOnly", False)


def test_update_name_constraints(spec: dict[str, Any]) -> None:
    name = effective(spec, properties(spec, "ApiApiTokenUpdate")["name"])
    assert name["type"] == "string"
    assert name["minLength"] == NAME_MIN_LENGTH
    assert name["pattern"] == NAME_PATTERN


@pytest.mark.parametrize(("field", "description"), UPDATE_FIELDS.items())
def test_update_field_description(spec: dict[str, Any], field: str, description: str) -> None:
    assert properties(spec, "ApiApiTokenUpdate")[field]["description"] == description


def test_read_has_exactly_the_twelve_fields(spec: dict[str, Any]) -> None:
    assert list(properties(spec, "ApiApiTokenRead")) == list(READ_FIELDS)
    assert sorted(schema(spec, "ApiApiTokenRead")["required"]) == sorted(READ_FIELDS)


@pytest.mark.parametrize(("field", "description"), READ_FIELDS.items())
def test_read_field_description(spec: dict[str, Any], field: str, description: str) -> None:
    assert properties(spec, "ApiApiTokenRead")[field]["description"] == description


@pytest.mark.parametrize(("field", "description"), CREATE_FIELDS.items())
def test_create_field_description(spec: dict[str, Any], field: str, description: str) -> None:
    assert properties(spec, "ApiApiTokenCreate")[field]["description"] == description


@pytest.mark.parametrize("field", ["createdUserInfo", "lastModifiedUserInfo"])
def test_user_info_fields_reference_api_user_info_read(spec: dict[str, Any], field: str) -> None:
    assert properties(spec, "ApiApiTokenRead")[field]["$ref"] == SCHEMAS + "ApiUserInfoRead"


def test_api_user_info_read_fields(spec: dict[str, Any]) -> None:
    assert list(properties(spec, "ApiUserInfoRead")) == USER_INFO_FIELDS


def test_permission_enum_is_the_55_scopes_in_order(spec: dict[str, Any]) -> None:
    assert len(SCOPES) == SCOPE_COUNT == len(set(SCOPES))
    assert schema(spec, "ApiPermission")["enum"] == SCOPES


@pytest.mark.parametrize(("index", "scope"), list(enumerate(SCOPES)), ids=SCOPES)
def test_permission_scope_listed(spec: dict[str, Any], index: int, scope: str) -> None:
    assert schema(spec, "ApiPermission")["enum"][index] == scope


@pytest.mark.parametrize("name", ["ApiApiTokenRead", "ApiApiTokenCreate"])
def test_permissions_is_a_set_of_api_permission(spec: dict[str, Any], name: str) -> None:
    permissions = properties(spec, name)["permissions"]
    assert permissions["type"] == "array"
    assert permissions["uniqueItems"] is True
    assert permissions["items"] == {"$ref": SCHEMAS + "ApiPermission"}


# ---- 4. Structure ---------------------------------------------------------------------------


def test_exactly_the_six_operations(spec: dict[str, Any]) -> None:
    assert sorted(op["operationId"] for _, _, op in operations(spec)) == sorted(OPERATIONS)


@pytest.mark.parametrize("operation_id", OPERATIONS)
def test_operation_route_scope_and_success(spec: dict[str, Any], operation_id: str) -> None:
    method, path, scope, success = OPERATIONS[operation_id]
    op = as_dict(spec["paths"][path][method])
    assert op["operationId"] == operation_id
    assert op["summary"]
    assert op["tags"] == ["API Tokens"]
    assert op["security"] == [{"bearerAuth": [scope]}]
    assert [status for status in op["responses"] if status.startswith("2")] == [success]


@pytest.mark.parametrize("operation_id", OPERATIONS)
def test_operation_error_responses(spec: dict[str, Any], operation_id: str) -> None:
    statuses = set(operation(spec, operation_id)["responses"])
    assert {status for status in statuses if not status.startswith("2")} == ERRORS[operation_id]


@pytest.mark.parametrize("operation_id", OPERATIONS)
def test_operation_schemas(spec: dict[str, Any], operation_id: str) -> None:
    success = response(spec, operation_id, OPERATIONS[operation_id][3])
    expected = SUCCESS_SCHEMAS.get(operation_id)
    if expected is None:
        assert "content" not in success
    else:
        assert success["content"]["application/json"]["schema"] == {"$ref": SCHEMAS + expected}
    op = operation(spec, operation_id)
    if operation_id in REQUEST_SCHEMAS:
        body = request_body(spec, operation_id)
        assert body["required"] is True
        assert list(body["content"]) == ["application/json"]
        expected_body = {"$ref": SCHEMAS + REQUEST_SCHEMAS[operation_id]}
        assert body["content"]["application/json"]["schema"] == expected_body
    else:
        assert "requestBody" not in op


def test_servers_end_in_api(spec: dict[str, Any]) -> None:
    urls = [server["url"] for server in spec["servers"]]
    assert urls == ["https://{tenant}.mindbridge.ai/api", "http://localhost:8000/api"]
    assert spec["servers"][0]["variables"]["tenant"]["default"]


def test_every_error_response_is_problem_json(spec: dict[str, Any]) -> None:
    wrong = []
    for path, method, op in operations(spec):
        for status, resp in op["responses"].items():
            if status.startswith("2"):
                continue
            content = deref(spec, resp).get("content", {})
            problem_schema = content.get(PROBLEM_JSON, {}).get("schema")
            if list(content) != [PROBLEM_JSON] or problem_schema != {"$ref": SCHEMAS + "Problem"}:
                wrong.append(f"{method.upper()} {path} {status}")
    assert wrong == []


def test_problem_schema(spec: dict[str, Any]) -> None:
    problem = properties(spec, "Problem")
    assert list(problem) == ["type", "title", "status", "detail", "problems"]
    assert problem["type"]["format"] == "uri-reference"
    assert problem["status"]["type"] == "integer"
    assert problem["problems"]["items"] == {"$ref": SCHEMAS + "FieldProblem"}
    assert list(properties(spec, "FieldProblem")) == ["field", "reason"]


@pytest.mark.parametrize(("source", "status", "target", "body"), LINKS)
def test_link(
    spec: dict[str, Any], source: str, status: str, target: str, body: dict[str, str] | None
) -> None:
    links = response(spec, source, status)["links"]
    found = [deref(spec, link) for link in links.values()]
    matching = [link for link in found if link["operationId"] == target]
    assert len(matching) == 1, f"{source} {status}: no single link to {target}"
    link = matching[0]
    assert link["parameters"] == {"apiTokenId": ID_FROM_BODY}
    assert link.get("requestBody") == body


def test_links_target_existing_operations_and_fields(spec: dict[str, Any]) -> None:
    """Each link's parameters and request-body fields exist on the operation it targets."""
    for name, link in spec["components"]["links"].items():
        target = op_pointer(spec, link["operationId"])
        path_item = as_dict(at(spec, target.rsplit("/", 1)[0]))
        declared = path_item.get("parameters", []) + at(spec, target).get("parameters", [])
        names = {deref(spec, param)["name"] for param in declared}
        assert set(link["parameters"]) <= names, name
        if "requestBody" in link:
            media = request_body(spec, link["operationId"])["content"]["application/json"]
            fields = effective(spec, media["schema"])["properties"]
            assert set(link["requestBody"]) <= set(fields), name


def test_token_is_only_in_the_create_response(spec: dict[str, Any]) -> None:
    assert property_locations(spec, "token") == ["/components/schemas/ApiApiTokenCreated/allOf/1"]
    refs = [ref for ref in all_refs(spec["paths"]) if ref == SCHEMAS + "ApiApiTokenCreated"]
    assert refs == [SCHEMAS + "ApiApiTokenCreated"]
    created = operation(spec, "createApiToken")["responses"]["201"]
    assert created["content"]["application/json"]["schema"]["$ref"] == refs[0]


def test_token_is_a_required_read_only_secret(spec: dict[str, Any]) -> None:
    created = schema(spec, "ApiApiTokenCreated")
    assert created["allOf"][0] == {"$ref": SCHEMAS + "ApiApiTokenRead"}
    extra = created["allOf"][1]
    assert "token" in extra["required"]
    token = extra["properties"]["token"]
    assert token["type"] == "string"
    assert token["readOnly"] is True
    assert token["x-secret"] is True
    assert "only once" in token["description"]


@pytest.mark.parametrize("field", SERVER_SET)
def test_server_set_field_is_read_only(spec: dict[str, Any], field: str) -> None:
    assert properties(spec, "ApiApiTokenRead")[field]["readOnly"] is True


@pytest.mark.parametrize("field", CLIENT_SET)
def test_client_set_field_is_writable(spec: dict[str, Any], field: str) -> None:
    assert "readOnly" not in effective(spec, properties(spec, "ApiApiTokenRead")[field])


@pytest.mark.parametrize("name", sorted(REQUEST_SCHEMAS.values()))
def test_request_bodies_have_no_read_only_fields(spec: dict[str, Any], name: str) -> None:
    read_only = [
        f for f, prop in properties(spec, name).items() if effective(spec, prop).get("readOnly")
    ]
    assert read_only == []


def test_object_id(spec: dict[str, Any]) -> None:
    object_id = schema(spec, "ObjectId")
    assert (object_id["type"], object_id["pattern"]) == ("string", "^[0-9a-f]{24}$")
    param = deref(spec, spec["paths"][TOKEN]["parameters"][0])
    assert (param["name"], param["in"], param["required"]) == ("apiTokenId", "path", True)
    assert param["schema"] == {"$ref": SCHEMAS + "ObjectId"}
    for field in ("id", "userId"):
        assert properties(spec, "ApiApiTokenRead")[field]["$ref"] == SCHEMAS + "ObjectId"


@pytest.mark.parametrize("field", TIMESTAMPS)
def test_timestamp_is_date_time(spec: dict[str, Any], field: str) -> None:
    prop = effective(spec, properties(spec, "ApiApiTokenRead")[field])
    assert (prop["type"], prop["format"]) == ("string", "date-time")


def test_read_version_is_int64(spec: dict[str, Any]) -> None:
    version = properties(spec, "ApiApiTokenRead")["version"]
    assert (version["type"], version["format"], version["minimum"]) == ("integer", "int64", 0)


def test_create_body(spec: dict[str, Any]) -> None:
    create = schema(spec, "ApiApiTokenCreate")
    assert sorted(create["required"]) == ["expiry", "name", "permissions"]
    assert create["properties"]["permissions"]["minItems"] == 1
    addresses = create["properties"]["allowedAddresses"]
    assert addresses["items"] == {"$ref": SCHEMAS + "IpAddressOrCidr"}
    assert effective(spec, create["properties"]["name"])["pattern"] == NAME_PATTERN


def test_filter_and_page(spec: dict[str, Any]) -> None:
    assert list(properties(spec, "ApiApiTokenFilter")) == ["name", "userId"]
    assert {} in schema(spec, "ApiApiTokenFilter")["examples"]
    assert list(properties(spec, "ApiPageApiApiTokenRead")) == PAGE_FIELDS
    assert schema(spec, "ApiPageApiApiTokenRead")["required"] == PAGE_FIELDS


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("page", {"minimum": 0, "default": 0}),
        ("size", {"minimum": 1, "maximum": 100, "default": 20}),
    ],
)
def test_paging_parameter(spec: dict[str, Any], name: str, expected: dict[str, int]) -> None:
    params = [deref(spec, p) for p in operation(spec, "queryApiTokens")["parameters"]]
    param = next(p for p in params if p["name"] == name)
    assert param["in"] == "query"
    assert {key: param["schema"].get(key) for key in expected} == expected


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("name,asc", True),
        ("name,desc", True),
        ("creationDate,asc", True),
        ("creationDate,desc", True),
        ("id,asc", False),
        ("name", False),
        ("name,up", False),
    ],
)
def test_sort_pattern(spec: dict[str, Any], value: str, valid: bool) -> None:
    pattern = spec["components"]["parameters"]["Sort"]["schema"]["pattern"]
    assert bool(re.search(pattern, value)) is valid


ADDRESSES = [
    "198.51.100.7",
    "203.0.113.0/24",
    "0.0.0.0/0",
    "255.255.255.255/32",
    "::",
    "::1",
    "::/0",
    "2001:db8::/32",
    "2001:0db8:85a3:0000:0000:8a2e:0370:7334",
    "fe80::1:2",
    "1:2:3:4:5:6:7::",
    "::2:3:4:5:6:7:8",
    "2001:db8::/128",
]
NOT_ADDRESSES = [
    "",
    "example.com",
    "256.1.1.1",
    "01.2.3.4",
    "1.2.3",
    "1.2.3.4/33",
    "1.2.3.4/",
    ":::",
    "1::2::3",
    "1:2:3:4:5:6:7:8:9",
    "12345::",
    "2001:db8::/129",
    "1.2.3.4 ",
]


@pytest.mark.parametrize("value", ADDRESSES)
def test_address_pattern_accepts(spec: dict[str, Any], value: str) -> None:
    ipaddress.ip_network(value, strict=False)  # the sample itself is a real address or block
    assert re.search(schema(spec, "IpAddressOrCidr")["pattern"], value)


@pytest.mark.parametrize("value", NOT_ADDRESSES)
def test_address_pattern_rejects(spec: dict[str, Any], value: str) -> None:
    assert not re.search(schema(spec, "IpAddressOrCidr")["pattern"], value)


def test_every_property_has_a_description(spec: dict[str, Any]) -> None:
    missing = [
        f"{pointer}/properties/{name}"
        for root_pointer, root in schema_roots(spec)
        for pointer, node in subschemas(root, root_pointer)
        for name, prop in node.get("properties", {}).items()
        if not prop.get("description")
    ]
    assert missing == []


def test_no_unused_components(spec: dict[str, Any]) -> None:
    refs = set(all_refs(spec))
    unused = [
        f"{section}/{name}"
        for section, entries in spec["components"].items()
        if section != "securitySchemes"
        for name in entries
        if f"#/components/{section}/{escape(name)}" not in refs
    ]
    assert unused == []
    used_schemes = {
        scheme
        for requirement in spec["security"]
        + [r for _, _, op in operations(spec) for r in op.get("security", [])]
        for scheme in requirement
    }
    assert used_schemes == set(spec["components"]["securitySchemes"])
