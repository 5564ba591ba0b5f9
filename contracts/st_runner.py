"""Runs `schemathesis run` as a subprocess (killed at the deadline) and reads its JUnit report.

A subprocess rather than the in-process engine: the CLI is schemathesis's stable interface, its
phases, workers and reports come for free, and a hanging run can always be killed.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .failures import Violation

ROOT = Path(__file__).resolve().parents[1]
# Tells the hooks (st_hooks.py, in schemathesis's process) which create field is the expiry.
EXPIRY_FIELD_ENV = "CONTRACTS_EXPIRY_FIELD"
CHECK_BY_CODE = {  # schemathesis failure codes -> the check that raises them
    "ST101": "not_a_server_error", "ST102": "not_a_server_error",
    "ST103": "status_code_conformance", "ST104": "content_type_conformance",
    "ST105": "content_type_conformance", "ST106": "content_type_conformance",
    "ST107": "response_headers_conformance", "ST108": "response_schema_conformance",
    "ST109": "response_schema_conformance", "ST110": "response_schema_conformance",
    "ST111": "response_schema_conformance", "ST112": "max_response_time",
    "ST201": "negative_data_rejection", "ST202": "positive_data_acceptance",
    "ST203": "missing_required_header", "ST204": "unsupported_method",
    "ST205": "allow_header_conformance", "ST301": "use_after_free",
    "ST302": "ensure_resource_availability", "ST401": "ignored_auth",
}  # fmt: skip
CONFIG = """\
[generation]
database = "none"

[phases.stateful.inference]
algorithms = []  # follow the spec's explicit links only

[checks.positive_data_acceptance]
expected-statuses = ["2xx", "401", "403", "404", "409"]

[checks.object_level_authorization]
enabled = false

[headers]
Authorization = "Bearer ${CONTRACT_TOKEN}"
"""


@dataclass(frozen=True)
class StOptions:
    spec: Path
    base_url: str
    token: str
    seed: int
    max_examples: int
    workers: int
    request_timeout: float
    expiry_field: str | None = None  # the create body's date-time the server holds to the future


@dataclass
class StResult:
    violations: list[Violation] = field(default_factory=list)
    created_ids: list[str] = field(default_factory=list)
    killed: bool = False
    junit: ET.Element | None = None
    seconds: float = 0.0


def command(opts: StOptions, config: Path, junit: Path, max_time: int) -> list[str]:
    return [
        sys.executable, "-m", "schemathesis.cli", "--config-file", str(config), "run",
        str(opts.spec.resolve()), "--url", opts.base_url, "--seed", str(opts.seed),
        "--max-examples", str(opts.max_examples), "--max-time", str(max_time),
        "--request-timeout", str(opts.request_timeout), "--workers", str(opts.workers),
        "--report", "junit", "--report-junit-path", str(junit), "--no-color",
        "--suppress-health-check", "all",
    ]  # fmt: skip


def _stream(process: subprocess.Popen[str], progress: Callable[[str], None]) -> None:
    assert process.stdout is not None
    for line in process.stdout:
        if line.strip():
            progress(line.rstrip())


def _wait(process: subprocess.Popen[str], seconds: float) -> bool:
    """Wait up to `seconds`; kill the process group then. True when it had to be killed."""
    try:
        process.wait(timeout=max(seconds, 0.1))
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        return True
    return False


def run(opts: StOptions, budget: float, progress: Callable[[str], None]) -> StResult:
    """Run schemathesis for at most `budget` seconds; its failures as violations."""
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="contracts-st-") as tmp:
        config, junit, created = Path(tmp, "st.toml"), Path(tmp, "junit.xml"), Path(tmp, "ids")
        config.write_text(CONFIG)
        env = {
            **os.environ, "CONTRACT_TOKEN": opts.token, "CONTRACTS_CREATED_LOG": str(created),
            "SCHEMATHESIS_HOOKS": "contracts.st_hooks", EXPIRY_FIELD_ENV: opts.expiry_field or "",
            "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
            "PYTHONWARNINGS": "ignore",
        }  # fmt: skip
        max_time = max(int(budget) - 5, 1)
        process = subprocess.Popen(
            command(opts, config, junit, max_time), cwd=tmp, env=env, text=True,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        reader = threading.Thread(target=_stream, args=(process, progress), daemon=True)
        reader.start()
        result = StResult(killed=_wait(process, budget))
        reader.join(timeout=2)
        if created.exists():
            result.created_ids = created.read_text().split()
        if junit.exists():
            read_junit(junit, result)
        elif not result.killed:
            result.violations.append(_no_report(process.returncode))
    result.seconds = time.monotonic() - started
    return result


def _no_report(code: int | None) -> Violation:
    return Violation(
        "schemathesis_run", "a completed run with a report", f"exit {code}, no report",
        "python -m schemathesis.cli run ...", "schemathesis",
    )  # fmt: skip


CASE = re.compile(r"^\d+\. Test Case ID: \S+$", re.M)
CODE = re.compile(r"^- (ST\d{3}) (.+)$", re.M)


def read_junit(path: Path, result: StResult) -> None:
    root = ET.parse(path).getroot()
    result.junit = root
    for case in root.iter("testcase"):
        for node in [*case.findall("failure"), *case.findall("error")]:
            result.violations += parse_block(case.get("name", ""), node)


def _curl(text: str) -> str:
    curls = [line.strip() for line in text.splitlines() if line.strip().startswith("curl ")]
    joined = "\n".join(curls) or "(no request: see the message)"
    return joined.replace(
        "'Authorization: [Filtered]'", "'Authorization: Bearer '\"$CONTRACT_TOKEN\""
    )


def _seen(text: str) -> str:
    status = re.search(r"^\[(\d{3})\] (.*)$", text, re.M)
    body = re.search(r"^\s+`(.*)`$", text, re.M)
    parts = [status.group(0) if status else "", body.group(1)[:300] if body else ""]
    return " ".join(p for p in parts if p) or text.strip().splitlines()[-1][:300]


def parse_block(operation: str, node: ET.Element) -> list[Violation]:
    """One JUnit <failure>/<error>: a violation per failure code of each test case in it."""
    text = node.text or node.get("message") or ""
    if node.tag == "error":
        first = next((ln for ln in text.splitlines() if ln.strip()), "error")
        return [Violation("schemathesis_error", f"{operation}: no error", first[:300],
                          _curl(text), "schemathesis")]  # fmt: skip
    out = []
    for chunk in [c for c in CASE.split(text) if CODE.search(c)]:
        codes = CODE.findall(chunk)
        for code, title in codes:
            detail = chunk.split(f"- {code} {title}", 1)[1].split("\n- ST", 1)[0]
            expected = " ".join(detail.split("[", 1)[0].split())[:300]
            out.append(Violation(
                CHECK_BY_CODE.get(code, code), f"{operation}: {title}. {expected}",
                _seen(chunk), _curl(chunk), "schemathesis",
            ))  # fmt: skip
    return out
