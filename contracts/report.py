"""The end-of-run report: violations, a summary table, and JUnit XML."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

from .failures import Violation
from .semantic import RuleResult
from .st_runner import StResult


def table(rules: list[RuleResult], st: StResult | None, violations: int, total: float) -> str:
    rows = [("check", "source", "status", "violations", "seconds")]
    rows += [(r.name, "semantic", r.status, str(len(r.violations)), f"{r.seconds:.1f}")
             for r in rules]  # fmt: skip
    if st is not None:
        by_check = Counter(v.rule for v in st.violations)
        status = "killed" if st.killed else ("FAIL" if by_check else "pass")
        rows.append(("schemathesis (all checks)", "schemathesis", status,
                     str(len(st.violations)), f"{st.seconds:.1f}"))  # fmt: skip
        rows += [(f"  {name}", "schemathesis", "FAIL", str(n), "") for name, n in by_check.items()]
    # The caller's count: it includes violations no row shows (set-up, the time limit).
    rows.append(("total", "", "", str(violations), f"{total:.1f}"))
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(line.rstrip() for line in lines)


def _suite(name: str, cases: list[ET.Element]) -> ET.Element:
    failures = sum(1 for c in cases if c.find("failure") is not None)
    errors = sum(1 for c in cases if c.find("error") is not None)
    suite = ET.Element("testsuite", name=name, tests=str(len(cases)),
                       failures=str(failures), errors=str(errors))  # fmt: skip
    suite.extend(cases)
    return suite


def _case(result: RuleResult) -> ET.Element:
    case = ET.Element("testcase", classname="contracts.semantic", name=result.name,
                      time=f"{result.seconds:.3f}")  # fmt: skip
    if result.status == "not run":
        ET.SubElement(case, "skipped", message="time limit reached")
    for v in result.violations:
        failure = ET.SubElement(case, "failure", type=v.rule, message=v.expected)
        failure.text = v.render()
    return case


def write_junit(path: Path, rules: list[RuleResult], st: StResult | None,
                extra: list[Violation]) -> None:  # fmt: skip
    root = ET.Element("testsuites")
    cases = [_case(r) for r in rules]
    for v in extra:
        cases.append(_case(RuleResult(v.rule, "FAIL", violations=[v])))
    root.append(_suite("contracts.semantic", cases))
    if st is not None and st.junit is not None:
        root.extend(st.junit.iter("testsuite"))
    path.parent.mkdir(parents=True, exist_ok=True)
    ET.ElementTree(root).write(path, encoding="utf-8", xml_declaration=True)
