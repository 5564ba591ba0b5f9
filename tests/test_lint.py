"""`generator lint`: one failing and one passing spec per rule, ignores, the token spec, the CLI."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from generator.cli import main
from generator.lint import lint
from generator.lint_rules import RULES

SPECS = Path(__file__).parent / "lint_specs"
CLEAN = SPECS / "clean.yaml"
TOKEN_SPEC = Path(__file__).resolve().parents[1] / "spec" / "api-tokens.yaml"
# Each failing fixture marks the lines it expects a problem on with `# <- rule-id`.
MARKER = re.compile(r"#\s*<-\s*([a-z-]+)")
RULE_IDS = [rule.id for rule in RULES] + ["path-parameter"]


def expected(spec: Path) -> set[tuple[int, str]]:
    lines = spec.read_text(encoding="utf-8").splitlines()
    return {(n, m.group(1)) for n, line in enumerate(lines, 1) if (m := MARKER.search(line))}


def found(spec: Path) -> set[tuple[int, str]]:
    return {(d.location.line, d.code) for d in lint(spec)}


def test_clean_spec_passes_every_rule() -> None:
    assert lint(CLEAN) == []


@pytest.mark.parametrize("rule", RULE_IDS)
def test_rule_reports_the_marked_lines(rule: str) -> None:
    spec = SPECS / f"{rule.replace('-', '_')}.yaml"
    marks = expected(spec)
    assert marks, f"{spec.name} marks no line"
    assert {code for _, code in marks} == {rule}
    assert found(spec) == marks


def test_example_rule_checks_formats() -> None:
    messages = [d.message for d in lint(SPECS / "example_valid.yaml")]
    assert any('is not a "date"' in m for m in messages), messages


def test_node_level_ignore_covers_the_node_and_below() -> None:
    assert lint(SPECS / "ignore_node.yaml") == []


def test_file_level_ignore_leaves_other_rules_on() -> None:
    spec = SPECS / "ignore_file.yaml"
    assert found(spec) == expected(spec) == {(41, "enum-unique")}


def test_token_spec_lints_clean() -> None:
    assert lint(TOKEN_SPEC) == []


def test_locations_are_file_line_col() -> None:
    (diagnostic,) = lint(SPECS / "unused_component.yaml")
    assert str(diagnostic) == (
        "tests/lint_specs/unused_component.yaml:48:5: warning: "
        "components/schemas/Unused is never referenced [unused-component]"
    )


def test_cli_json_format(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["lint", "--spec", str(SPECS / "enum_unique.yaml"), "--format", "json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 1
    assert out == [
        {
            "file": "tests/lint_specs/enum_unique.yaml",
            "line": 40,
            "col": 28,
            "severity": "error",
            "rule": "enum-unique",
            "message": 'enum value "dog" is listed twice',
        }
    ]


def test_cli_clean_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", "--spec", str(CLEAN), "--spec", str(TOKEN_SPEC)]) == 0
    assert capsys.readouterr().out == ""


def test_cli_usage_error_exits_2() -> None:
    with pytest.raises(SystemExit) as exc:
        main(["lint", "--format", "xml"])
    assert exc.value.code == 2


def test_unreadable_spec_is_a_problem(tmp_path: Path) -> None:
    (diagnostic,) = lint(tmp_path / "missing.yaml")
    assert diagnostic.code == "io"


def test_names_that_are_keywords_are_walked(tmp_path: Path) -> None:
    """A property or example called `default` is spec structure, not a literal value."""
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        "openapi: 3.1.0\ninfo: {title: t, version: '1', description: d}\npaths: {}\n"
        "components:\n  schemas:\n    Outer:\n      type: object\n      description: o\n"
        "      properties:\n        default: {$ref: '#/components/schemas/Inner'}\n"
        "    Inner: {type: string, description: i}\n",
        encoding="utf-8",
    )
    unused = [d for d in lint(spec) if d.code == "unused-component"]
    assert [d.message for d in unused] == ["components/schemas/Outer is never referenced"]


def test_a_spec_too_deep_for_the_example_checks_says_where(tmp_path: Path) -> None:
    """jsonschema-rs gives up on deep nesting without saying where: the deepest place is named."""
    inner: dict[str, object] = {"type": "string", "description": "d"}
    for _ in range(300):
        inner = {"type": "object", "description": "d", "properties": {"p": inner}}
    spec = tmp_path / "deep.json"
    document = {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1", "description": "d"},
        "paths": {},
        "components": {"schemas": {"Deep": inner}},
    }
    spec.write_text(json.dumps(document, indent=1), encoding="utf-8")
    [problem] = [d for d in lint(spec) if d.code == "example-valid"]
    assert problem.message == "the spec nests 604 levels deep here, too deep to check its examples"
    assert problem.location.line > 600  # where the nesting is deepest, not 1:1
