"""Schemathesis hooks, loaded by `st run` through SCHEMATHESIS_HOOKS=contracts.st_hooks.

- A create body whose expiry (the field named by CONTRACTS_EXPIRY_FIELD, which the runner takes
  from the spec) is a valid date-time in the past is moved into the future: the server rightly
  refuses past expiries, which the schema cannot say. The case stays exactly as valid or
  invalid as it was.
- Every 201 response's `id` is appended to CONTRACTS_CREATED_LOG so the suite deletes it.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

import schemathesis

from .st_runner import EXPIRY_FIELD_ENV


def _in_past(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    try:
        when = dt.datetime.fromisoformat(value)
    except ValueError:
        return False
    return when.tzinfo is not None and when <= dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)


@schemathesis.hook
def before_call(context: schemathesis.HookContext, case: Any, kwargs: dict[str, Any]) -> None:
    if case.method.upper() != "POST" or not isinstance(case.body, dict):
        return
    # This runs in schemathesis's process, which has no spec Facts: the runner names the field.
    name = os.environ.get(EXPIRY_FIELD_ENV)
    if name and _in_past(case.body.get(name)):
        later = dt.datetime.now(dt.UTC) + dt.timedelta(days=365)
        case.body[name] = later.isoformat().replace("+00:00", "Z")


@schemathesis.hook
def after_call(
    context: schemathesis.HookContext, case: Any, response: schemathesis.Response
) -> None:
    log = os.environ.get("CONTRACTS_CREATED_LOG")
    if not log or response.status_code != 201:  # noqa: PLR2004
        return
    try:
        record = response.json()
    except ValueError:
        return
    if isinstance(record, dict) and isinstance(record.get("id"), str):
        with open(log, "a", encoding="utf-8") as out:
            out.write(record["id"] + "\n")
