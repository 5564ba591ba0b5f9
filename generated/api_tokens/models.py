"""Models for MindBridge API: API tokens: one pydantic class per schema.

Generated from spec/api-tokens.yaml (sha256 5a553b158723a796) by `python -m generator`.
Do not edit: run `make generate` after changing the spec.
"""

from __future__ import annotations

from enum import Enum, StrEnum
from typing import Annotated, Any, TypeAlias

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidatorFunctionWrapHandler,
    WrapValidator,
)


def _reject_null(value: Any) -> Any:
    # Absent and null differ: a property that is optional but not nullable may be left out,
    # never sent as null. Defaults are not validated, so this runs only for values sent.
    if value is None:
        raise ValueError("may be omitted but not null")
    return value


def unique_items(values: list[Any]) -> list[Any]:
    """uniqueItems: JSON equality, so 1 and 1.0 are the same item and True and 1 are not."""
    seen: list[Any] = []
    for value in values:
        key = _canonical(value)
        if key in seen:
            raise ValueError("items must be unique")
        seen.append(key)
    return values


def _canonical(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return _canonical(value.model_dump(mode="json", exclude_unset=True))
    if isinstance(value, Enum):
        return _canonical(value.value)
    if isinstance(value, bool):
        return ("bool", value)
    if isinstance(value, dict):
        return sorted((k, _canonical(v)) for k, v in value.items())
    if isinstance(value, list):
        return [_canonical(v) for v in value]
    return value


def _whole_number(value: Any) -> Any:
    # JSON Schema counts 1.0 as an integer; pydantic's strict int would refuse it.
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _reject_bool(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
    # pydantic matches JSON's true to an integer enum member or a literal 1, even in strict mode.
    if isinstance(value, bool):
        raise ValueError("a boolean is not one of the allowed values")
    return handler(value)


def json_enum(*allowed: Any) -> AfterValidator:
    """enum/const of arrays, objects or fractions: JSON equality, as for uniqueItems."""
    keys = [_canonical(value) for value in allowed]

    def check(value: Any) -> Any:
        if _canonical(value) not in keys:
            raise ValueError(f"must be one of {list(allowed)!r}")
        return value

    return AfterValidator(check)


# After, not before: a before-validator hands the type beneath it a Python value, and strict
# validation then refuses the JSON string of a date or date-time.
NotNull = AfterValidator(_reject_null)
# Wrap, not before or after: strict validation of an integer enum needs the JSON value itself.
NotBool = WrapValidator(_reject_bool)
Integer: TypeAlias = Annotated[int, BeforeValidator(_whole_number)]


class Base(BaseModel):
    """Shared configuration: snake_case attributes, camelCase (wire) names on the wire."""

    model_config = ConfigDict(
        validate_by_name=True,
        validate_by_alias=True,
        serialize_by_alias=True,
        use_enum_values=False,
        # Attribute names are kept clear of BaseModel's own by the generator; pydantic's
        # prefix check would only warn on import about safe ones such as `model_validate_`.
        protected_namespaces=(),
    )


class ApiPermission(StrEnum):
    """A permission (scope) an API token can hold."""

    API_ORGANIZATIONS_READ = "api.organizations.read"
    API_ORGANIZATIONS_WRITE = "api.organizations.write"
    API_ORGANIZATIONS_DELETE = "api.organizations.delete"
    API_ENGAGEMENTS_READ = "api.engagements.read"
    API_ENGAGEMENTS_WRITE = "api.engagements.write"
    API_ENGAGEMENTS_DELETE = "api.engagements.delete"
    API_ANALYSES_READ = "api.analyses.read"
    API_ANALYSES_WRITE = "api.analyses.write"
    API_ANALYSES_DELETE = "api.analyses.delete"
    API_ANALYSES_RUN = "api.analyses.run"
    API_ANALYSIS_SOURCES_READ = "api.analysis-sources.read"
    API_ANALYSIS_SOURCES_WRITE = "api.analysis-sources.write"
    API_ANALYSIS_SOURCES_DELETE = "api.analysis-sources.delete"
    API_FILE_MANAGER_READ = "api.file-manager.read"
    API_FILE_MANAGER_WRITE = "api.file-manager.write"
    API_FILE_MANAGER_DELETE = "api.file-manager.delete"
    API_LIBRARIES_READ = "api.libraries.read"
    API_LIBRARIES_WRITE = "api.libraries.write"
    API_LIBRARIES_DELETE = "api.libraries.delete"
    API_ACCOUNT_GROUPINGS_READ = "api.account-groupings.read"
    API_ACCOUNT_GROUPINGS_WRITE = "api.account-groupings.write"
    API_ACCOUNT_GROUPINGS_DELETE = "api.account-groupings.delete"
    API_ENGAGEMENT_ACCOUNT_GROUPINGS_READ = "api.engagement-account-groupings.read"
    API_ENGAGEMENT_ACCOUNT_GROUPINGS_WRITE = "api.engagement-account-groupings.write"
    API_ENGAGEMENT_ACCOUNT_GROUPINGS_DELETE = "api.engagement-account-groupings.delete"
    API_USERS_READ = "api.users.read"
    API_USERS_WRITE = "api.users.write"
    API_USERS_DELETE = "api.users.delete"
    API_DATA_TABLES_READ = "api.data-tables.read"
    API_API_TOKENS_READ = "api.api-tokens.read"
    API_API_TOKENS_WRITE = "api.api-tokens.write"
    API_API_TOKENS_DELETE = "api.api-tokens.delete"
    API_TASKS_READ = "api.tasks.read"
    API_TASKS_WRITE = "api.tasks.write"
    API_TASKS_DELETE = "api.tasks.delete"
    API_ADMIN_REPORTS_RUN = "api.admin-reports.run"
    API_ANALYSIS_TYPES_READ = "api.analysis-types.read"
    API_ANALYSIS_SOURCE_TYPES_READ = "api.analysis-source-types.read"
    API_ANALYSIS_TYPE_CONFIGURATION_READ = "api.analysis-type-configuration.read"
    API_ANALYSIS_TYPE_CONFIGURATION_WRITE = "api.analysis-type-configuration.write"
    API_ANALYSIS_TYPE_CONFIGURATION_DELETE = "api.analysis-type-configuration.delete"
    API_RISK_RANGES_READ = "api.risk-ranges.read"
    API_RISK_RANGES_WRITE = "api.risk-ranges.write"
    API_RISK_RANGES_DELETE = "api.risk-ranges.delete"
    API_FILTERS_READ = "api.filters.read"
    API_FILTERS_WRITE = "api.filters.write"
    API_FILTERS_DELETE = "api.filters.delete"
    API_FILE_INFOS_READ = "api.file-infos.read"
    API_WEBHOOKS_READ = "api.webhooks.read"
    API_WEBHOOKS_WRITE = "api.webhooks.write"
    API_WEBHOOKS_DELETE = "api.webhooks.delete"
    SCIM_USER_READ = "scim.user.read"
    SCIM_USER_WRITE = "scim.user.write"
    SCIM_USER_DELETE = "scim.user.delete"
    SCIM_USER_SCHEMA = "scim.user.schema"


class ApiApiTokenCreate(Base):
    """The fields of a new API token."""

    model_config = ConfigDict(extra="forbid")

    name: ApiTokenName = Field(
        description="The token record’s name. This will also be used as the API Token User’s name."
    )
    expiry: Timestamp = Field(description="The day on which the API token expires.")
    permissions: Annotated[
        list[ApiPermission], Field(min_length=1), AfterValidator(unique_items)
    ] = Field(
        description="The set of permissions that inform which endpoints this token is authorized to access."
    )
    allowed_addresses: Annotated[
        Annotated[list[IpAddressOrCidr], AfterValidator(unique_items)] | None, NotNull
    ] = Field(
        default=[],
        validation_alias="allowedAddresses",
        serialization_alias="allowedAddresses",
        description="Indicates the set of addresses that are allowed to use this token. If empty, any address may use it.",
    )


class ApiApiTokenUpdate(Base):
    """The fields of an existing API token that can be changed."""

    model_config = ConfigDict(extra="forbid")

    version: Annotated[Integer, Field(ge=0, le=9223372036854775807)] = Field(
        description="Indicates the data integrity version to ensure data consistency."
    )
    name: ApiTokenName = Field(
        description="The token record’s name. This will also be used as the API Token User’s name."
    )


class ApiApiTokenFilter(Base):
    """A filter on API tokens. The empty object matches every token; each field given matches by equality and the fields combine with AND."""

    model_config = ConfigDict(extra="forbid")

    name: Annotated[ApiTokenName | None, NotNull] = Field(
        default=None, description="Matches the tokens with exactly this name."
    )
    user_id: Annotated[ObjectId | None, NotNull] = Field(
        default=None,
        validation_alias="userId",
        serialization_alias="userId",
        description="Matches the token whose API Token User has this id.",
    )


class ApiUserInfoRead(Base):
    """A reference to a user."""

    model_config = ConfigDict(extra="allow")

    user_id: ObjectId = Field(
        validation_alias="userId", serialization_alias="userId", description="The user's id."
    )
    user_name: str = Field(
        validation_alias="userName", serialization_alias="userName", description="The user's name."
    )


class ApiApiTokenRead(Base):
    """An API token as stored; it never carries the secret token."""

    model_config = ConfigDict(extra="allow")

    id: ObjectId = Field(description="The unique object identifier.")
    version: Annotated[Integer, Field(ge=0, le=9223372036854775807)] = Field(
        description="Indicates the data integrity version to ensure data consistency."
    )
    creation_date: Timestamp = Field(
        validation_alias="creationDate",
        serialization_alias="creationDate",
        description="The date that the object was originally created.",
    )
    last_modified_date: Timestamp = Field(
        validation_alias="lastModifiedDate",
        serialization_alias="lastModifiedDate",
        description="The date that the object was last updated or modified.",
    )
    created_user_info: ApiUserInfoRead = Field(
        validation_alias="createdUserInfo",
        serialization_alias="createdUserInfo",
        description="Details about the user who created the object.",
    )
    last_modified_user_info: ApiUserInfoRead = Field(
        validation_alias="lastModifiedUserInfo",
        serialization_alias="lastModifiedUserInfo",
        description="Details about the user who last modified or updated the object.",
    )
    user_id: ObjectId = Field(
        validation_alias="userId",
        serialization_alias="userId",
        description="Identifies the API Token User associated with this token.",
    )
    name: ApiTokenName = Field(
        description="The token record’s name. This will also be used as the API Token User’s name."
    )
    partial_token: str = Field(
        validation_alias="partialToken",
        serialization_alias="partialToken",
        description="A partial representation of the API token.",
    )
    expiry: Timestamp = Field(description="The day on which the API token expires.")
    allowed_addresses: Annotated[list[IpAddressOrCidr], AfterValidator(unique_items)] = Field(
        validation_alias="allowedAddresses",
        serialization_alias="allowedAddresses",
        description="Indicates the set of addresses that are allowed to use this token. If empty, any address may use it.",
    )
    permissions: Annotated[list[ApiPermission], AfterValidator(unique_items)] = Field(
        description="The set of permissions that inform which endpoints this token is authorized to access."
    )


class ApiApiTokenCreated(Base):
    """A newly created API token, with its secret; returned only by createApiToken."""

    model_config = ConfigDict(extra="allow")

    id: ObjectId = Field(description="The unique object identifier.")
    version: Annotated[Integer, Field(ge=0, le=9223372036854775807)] = Field(
        description="Indicates the data integrity version to ensure data consistency."
    )
    creation_date: Timestamp = Field(
        validation_alias="creationDate",
        serialization_alias="creationDate",
        description="The date that the object was originally created.",
    )
    last_modified_date: Timestamp = Field(
        validation_alias="lastModifiedDate",
        serialization_alias="lastModifiedDate",
        description="The date that the object was last updated or modified.",
    )
    created_user_info: ApiUserInfoRead = Field(
        validation_alias="createdUserInfo",
        serialization_alias="createdUserInfo",
        description="Details about the user who created the object.",
    )
    last_modified_user_info: ApiUserInfoRead = Field(
        validation_alias="lastModifiedUserInfo",
        serialization_alias="lastModifiedUserInfo",
        description="Details about the user who last modified or updated the object.",
    )
    user_id: ObjectId = Field(
        validation_alias="userId",
        serialization_alias="userId",
        description="Identifies the API Token User associated with this token.",
    )
    name: ApiTokenName = Field(
        description="The token record’s name. This will also be used as the API Token User’s name."
    )
    partial_token: str = Field(
        validation_alias="partialToken",
        serialization_alias="partialToken",
        description="A partial representation of the API token.",
    )
    expiry: Timestamp = Field(description="The day on which the API token expires.")
    allowed_addresses: Annotated[list[IpAddressOrCidr], AfterValidator(unique_items)] = Field(
        validation_alias="allowedAddresses",
        serialization_alias="allowedAddresses",
        description="Indicates the set of addresses that are allowed to use this token. If empty, any address may use it.",
    )
    permissions: Annotated[list[ApiPermission], AfterValidator(unique_items)] = Field(
        description="The set of permissions that inform which endpoints this token is authorized to access."
    )
    token: Annotated[str, Field(min_length=1)] = Field(
        description="The secret API token, to send as the bearer token. It is shown only once, in this response, and cannot be retrieved again."
    )


class ApiPageApiApiTokenRead(Base):
    """One page of API tokens."""

    model_config = ConfigDict(extra="allow")

    content: list[ApiApiTokenRead] = Field(description="The tokens on this page.")
    page_number: Annotated[Integer, Field(ge=0, le=2147483647)] = Field(
        validation_alias="pageNumber",
        serialization_alias="pageNumber",
        description="The zero-based number of this page.",
    )
    page_size: Annotated[Integer, Field(ge=1, le=100)] = Field(
        validation_alias="pageSize",
        serialization_alias="pageSize",
        description="The requested number of tokens per page.",
    )
    total_pages: Annotated[Integer, Field(ge=0, le=2147483647)] = Field(
        validation_alias="totalPages",
        serialization_alias="totalPages",
        description="The number of pages.",
    )
    total_elements: Annotated[Integer, Field(ge=0, le=9223372036854775807)] = Field(
        validation_alias="totalElements",
        serialization_alias="totalElements",
        description="The number of tokens matching the filter, on all pages.",
    )
    number_of_elements: Annotated[Integer, Field(ge=0, le=2147483647)] = Field(
        validation_alias="numberOfElements",
        serialization_alias="numberOfElements",
        description="The number of tokens on this page.",
    )


class FieldProblem(Base):
    """One rejected field of the request body, or one rejected parameter."""

    model_config = ConfigDict(extra="allow")

    field: str = Field(
        description="The name of the body field or parameter, e.g. `name` or `size`."
    )
    reason: str = Field(description="Why the value was rejected.")


class Problem(Base):
    """An RFC 9457 problem details object."""

    model_config = ConfigDict(extra="allow")

    type: Annotated[str | None, NotNull] = Field(
        default="about:blank", description="A URI reference identifying the problem type."
    )
    title: str = Field(description="A short, human-readable summary of the problem type.")
    status: Annotated[Integer, Field(ge=400, le=599)] = Field(
        description="The HTTP status code of this occurrence of the problem."
    )
    detail: Annotated[str | None, NotNull] = Field(
        default=None, description="A human-readable explanation of this occurrence of the problem."
    )
    problems: Annotated[list[FieldProblem] | None, NotNull] = Field(
        default=None, description="The individual fields or parameters that were rejected, if any."
    )


# A MindBridge object id (a MongoDB ObjectId, 24 lowercase hex digits).
ObjectId: TypeAlias = Annotated[str, Field(pattern="^[0-9a-f]{24}$")]

# An RFC 3339 date-time with an offset.
Timestamp: TypeAlias = AwareDatetime

# A token name; it must contain a non-whitespace character.
ApiTokenName: TypeAlias = Annotated[str, Field(min_length=1, pattern="\\s*\\S+.*")]

# An IPv4 or IPv6 address, or a CIDR block (an address with a /prefix).
IpAddressOrCidr: TypeAlias = Annotated[
    str,
    Field(
        pattern="^((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])){3}(/(3[0-2]|[12]?[0-9]))?|(([0-9a-fA-F]{1,4}:){7}[0-9a-fA-F]{1,4}|([0-9a-fA-F]{1,4}:){1,7}:|([0-9a-fA-F]{1,4}:){1,6}:[0-9a-fA-F]{1,4}|([0-9a-fA-F]{1,4}:){1,5}(:[0-9a-fA-F]{1,4}){1,2}|([0-9a-fA-F]{1,4}:){1,4}(:[0-9a-fA-F]{1,4}){1,3}|([0-9a-fA-F]{1,4}:){1,3}(:[0-9a-fA-F]{1,4}){1,4}|([0-9a-fA-F]{1,4}:){1,2}(:[0-9a-fA-F]{1,4}){1,5}|[0-9a-fA-F]{1,4}:(:[0-9a-fA-F]{1,4}){1,6}|:((:[0-9a-fA-F]{1,4}){1,7}|:))(/(12[0-8]|1[01][0-9]|[1-9]?[0-9]))?)$"
    ),
]


ApiApiTokenCreate.model_rebuild()
ApiApiTokenUpdate.model_rebuild()
ApiApiTokenFilter.model_rebuild()
ApiUserInfoRead.model_rebuild()
ApiApiTokenRead.model_rebuild()
ApiApiTokenCreated.model_rebuild()
ApiPageApiApiTokenRead.model_rebuild()
FieldProblem.model_rebuild()
Problem.model_rebuild()
