"""IR -> module text through Jinja templates; the filters are the only code templates call."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

import jinja2

from generator.annotations import annotation, optional, py_literal, walk
from generator.ir import (
    Api,
    Field,
    ListType,
    Model,
    Operation,
    Parameter,
    RequestBody,
    Response,
)


def docstring(text: str) -> str:
    """Text that is safe inside a triple-quoted string, whatever the spec wrote."""
    text = text.strip().replace("\\", "\\\\").replace('"""', '\\"\\"\\"').replace("\r", "")
    if not text.replace("\n", "").isprintable():  # rare: the per-character pass is slow
        text = "".join(c if c.isprintable() or c == "\n" else f"\\x{ord(c):02x}" for c in text)
    # A closing quote would merge with the `"""` after it, unless already escaped (an odd
    # number of backslashes before it, as after the `\"\"\"` replacement above).
    body = text.rstrip('"')
    if body != text and (len(body) - len(body.rstrip("\\"))) % 2 == 0:
        text = text[:-1] + '\\"'
    return text


def comment(text: str) -> str:
    """Text that is safe in a `#` comment: one line, no control characters."""
    return " ".join(docstring(text).split())


def field_annotation(f: Field) -> str:
    if f.required or f.tag:  # pydantic wants a discriminator's field a plain Literal
        return annotation(f.type)
    if f.nullable:
        return optional(f.type)
    # Optional but not nullable: None stands for "absent", and an explicit null is refused.
    return f"Annotated[{optional(f.type)}, NotNull]"


def field_arguments(f: Field) -> str:
    args = []
    if not f.required:
        args.append(f"default={py_literal(f.python_default)}" if f.has_default else "default=None")
    if f.wire_name != f.name:
        args.append(f"validation_alias={f.wire_name!r}")
        args.append(f"serialization_alias={f.wire_name!r}")
    if f.description:
        args.append(f"description={f.description!r}")
    return ", ".join(args)


def model_config(model: Model) -> str:
    args = [f"extra={model.extra!r}"]
    if model.python_re:
        args.append('regex_engine="python-re"')
    return ", ".join(args)


def parameter_annotation(p: Parameter) -> str:
    return annotation(p.type) if p.required else optional(p.type)


def parameter_default(p: Parameter) -> str:
    return py_literal(p.python_default) if p.has_default else "None"


def dataclass_default(p: Parameter) -> str:
    """A request dataclass field's default: lists and objects through a factory."""
    text = parameter_default(p)
    if p.has_default and isinstance(p.python_default, list | dict):
        return f"field(default_factory=lambda: {text})"
    return text


def body_annotation(op: Operation) -> str:
    assert op.body is not None
    return annotation(op.body.type) if op.body.required else optional(op.body.type)


def response_body(r: Response) -> str:
    return "None" if r.body is None else annotation(r.body)


def status_literal(r: Response) -> str:
    return f"Literal[{r.fixed_status}]" if r.fixed_status is not None else "int"


def is_many(p: Parameter) -> str:
    """`True` when the parameter is a list (repeated in the query), as Python source."""
    return repr(any(isinstance(t, ListType) for t in walk(p.type)))


def body_type(body: RequestBody) -> str:
    return annotation(body.type)


def response_type(r: Response) -> str:
    return "None" if r.body is None else annotation(r.body)


class _BytecodeCache(jinja2.FileSystemBytecodeCache):
    """Jinja's per-user cache of compiled templates, minus its one way to fail a run.

    Compiling the templates is about half of a cold run on a small spec; with the cache a run
    loads them instead. Entries are keyed by the template's source and Jinja's and Python's
    versions, so an edited template or an upgrade simply misses.
    """

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass  # a cache we cannot write only makes the next run compile again


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    try:
        return _BytecodeCache()
    except (OSError, RuntimeError):  # no private temporary folder: run without a cache
        return None


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("generator", "templates"),
        bytecode_cache=_bytecode_cache(),
        autoescape=False,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=False,
    )
    env.filters.update(
        docstring=docstring,
        comment=comment,
        pyliteral=py_literal,
        annotation=annotation,
        field_annotation=field_annotation,
        field_arguments=field_arguments,
        model_config=model_config,
        parameter_annotation=parameter_annotation,
        parameter_default=parameter_default,
        dataclass_default=dataclass_default,
        body_annotation=body_annotation,
        response_body=response_body,
        status_literal=status_literal,
        is_many=is_many,
        body_type=body_type,
        response_type=response_type,
    )
    return env


# (template, output file, summary line of the module's docstring)
MODULES = (
    ("init.py.jinja", "__init__.py", "Generated package for {title}."),
    ("models.py.jinja", "models.py", "Models for {title}: one pydantic class per schema."),
    (
        "operations.py.jinja",
        "operations.py",
        "Request and response classes of {title}'s operations.",
    ),
    (
        "server.py.jinja",
        "server.py",
        "The server interface of {title} and its FastAPI app factory.",
    ),
    ("client.py.jinja", "client.py", "Typed httpx clients, sync and async, for {title}."),
)


def render_modules(api: Api) -> Iterator[tuple[str, str]]:
    """The package's files, by path relative to the output folder, one by one so that each can
    be formatted while the next is rendered."""
    env = environment()
    for template, name, summary in MODULES:
        text = env.get_template(template).render(api=api, summary=summary.format(title=api.title))
        yield f"{api.package}/{name}", text
    yield f"{api.package}/openapi.json", api.spec_json + "\n"
    yield f"{api.package}/py.typed", ""
