"""`python -m generator lint`: is a spec valid and in house style?

Every problem is reported as `file:line:col: severity: message [rule]` (or as JSON objects
with `--format json`); the exit code is 1 when any problem remains, 0 otherwise.

Rules (ids):

- validity: every code of `generator.validation` (`schema`, `ref`, `syntax`, `path-parameter`
  for path parameters that are not declared, not used or not required,
  `duplicate-operation-id`, ...), with its own severity;
- `operation-id`, `operation-summary`: every operation has an operationId and a summary;
- `operation-security`: every operation has a security requirement (its own or the root's),
  and every alternative names at least one scope;
- `problem-json`: every 4xx/5xx response has `application/problem+json` content, only;
- `property-description`: every schema property has a description (its own or its $ref's);
- `example-valid`: every example (schema `example`/`examples`, media type, parameter and
  header examples) validates against its schema: JSON Schema 2020-12, formats checked;
- `unused-component`: every component is referenced, every security scheme required;
- `link-target`: a link's operationId exists and the parameters it names exist there;
- `enum-unique`: no enum lists a value twice.

Turning rules off: `x-lint-ignore: [rule-id, ...]` on any object turns those rules off for
that object and everything below it (in the file where it is written); at the root of a file
it turns them off for the whole file. `x-lint-ignore: [all]` turns every rule off there.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from generator.diagnostics import Diagnostic, Severity, SpecError, errors, sort_key
from generator.lint_rules import RULES
from generator.lint_spec import Spec
from generator.source import Pointer, display_path, load
from generator.validation import validate

IGNORE_KEY = "x-lint-ignore"
DEFAULT_SPEC = Path("spec/api-tokens.yaml")
ALL = "all"


def lint(path: Path) -> list[Diagnostic]:
    """Every problem in the spec at path that no `x-lint-ignore` turns off, sorted."""
    try:
        sources = load(path)
        found = validate(sources)
    except SpecError as exc:
        return list(exc.diagnostics)
    spec = Spec(sources)
    if not errors(found):
        found += _house_rules(spec)
    ignores = list(_ignores(spec))
    kept = {d for d in found if not any(rule.covers(d) for rule in ignores)}
    return sorted(kept, key=sort_key)


def _house_rules(spec: Spec) -> list[Diagnostic]:
    return [
        spec.sources.diagnostic(found.at, rule.severity, rule.id, found.message)
        for rule in RULES
        for found in rule.check(spec)
    ]


@dataclass(frozen=True)
class _Ignore:
    """Rules turned off between two places of one file (inclusive)."""

    file: str
    start: tuple[int, int]
    end: tuple[int, int]
    rules: frozenset[str]

    def covers(self, diagnostic: Diagnostic) -> bool:
        where = diagnostic.location
        return (
            where.file == self.file
            and (ALL in self.rules or diagnostic.code in self.rules)
            and self.start <= (where.line, where.col) <= self.end
        )


def _ignores(spec: Spec) -> Iterator[_Ignore]:
    for path in spec.sources.files():
        marked = [
            (at.pointer, node[IGNORE_KEY])
            for at, node in spec.file_nodes(path)
            if IGNORE_KEY in node
        ]
        if not marked:
            continue
        text = path.read_text(encoding="utf-8-sig")
        tree = yaml.compose(text, Loader=yaml.SafeLoader)
        shown = display_path(path)
        for pointer, rules in marked:
            names = frozenset(str(r) for r in rules) if isinstance(rules, list) else frozenset()
            start, end = _span(tree, pointer) if pointer else ((0, 0), (10**9, 0))
            yield _Ignore(shown, start, end, names)


def _span(node: Node | None, pointer: Pointer) -> tuple[tuple[int, int], tuple[int, int]]:
    """1-based (line, col) of the key (or item) at pointer and of the end of its value."""
    start = (1, 1)
    for key in pointer:
        if isinstance(node, MappingNode):
            pairs = [(k, v) for k, v in node.value if isinstance(k, ScalarNode) and k.value == key]
            if not pairs:
                break
            key_node, node = pairs[-1]
            start = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
        elif isinstance(node, SequenceNode) and isinstance(key, int):
            node = node.value[key]
            start = (node.start_mark.line + 1, node.start_mark.column + 1)
    if node is None:
        return start, start
    return start, (node.end_mark.line + 1, node.end_mark.column + 1)


# --- command line ----------------------------------------------------------------------------


def as_json(diagnostic: Diagnostic) -> dict[str, object]:
    where = diagnostic.location
    return {
        "file": where.file,
        "line": where.line,
        "col": where.col,
        "severity": str(diagnostic.severity),
        "rule": diagnostic.code,
        "message": diagnostic.message,
    }


def main(args: argparse.Namespace) -> int:
    """Lint each spec; print the problems; 1 when there are any."""
    specs: list[Path] = args.spec or [DEFAULT_SPEC]
    found = [d for spec in specs for d in lint(spec)]
    if args.format == "json":
        json.dump([as_json(d) for d in found], sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        for diagnostic in found:
            print(diagnostic)
        count = sum(1 for d in found if d.severity is Severity.ERROR)
        print(f"{len(found)} problem(s), {count} error(s)", file=sys.stderr)
    return 1 if found else 0
