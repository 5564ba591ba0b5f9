"""The contract suite (`python -m contracts`) against the reference server and broken variants.

Every server is a subprocess on a free loopback port with a temporary database.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from reference.launch import free_port, launch

ROOT = Path(__file__).resolve().parents[1]
BOOT = "contracts-bootstrap-secret-Zb8Rk2vN4wQ7tY1mC6pL9sD3fH5jXq7c"
Serve = Callable[..., str]


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[Serve]:
    started: list[subprocess.Popen[bytes]] = []

    def start(module: str = "reference", *extra: str) -> str:
        name = tmp_path / f"server{len(started)}"
        server = launch(name.with_suffix(".sqlite3"), BOOT, server=(module, *extra),
                        log=name.with_suffix(".log"))  # fmt: skip
        started.append(server.process)
        return server.base_url

    yield start
    for process in started:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:  # uvicorn waits for hanging requests: kill it
            process.kill()
            process.wait(timeout=30)


def suite(base: str, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "contracts", "--base-url", base, "--token", BOOT, *args]
    return subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, timeout=timeout, check=False
    )


@pytest.mark.parametrize("seed", [1, 2])
def test_reference_server_passes(serve: Serve, seed: int, tmp_path: Path) -> None:
    junit = tmp_path / "junit.xml"
    done = suite(serve(), "--seed", str(seed), "--max-examples", "8", "--time-limit", "35",
                 "--junit-xml", str(junit))  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 violation(s)" in done.stdout and "secret_never_echoed" in done.stdout
    assert "<testsuites" in junit.read_text() and BOOT not in junit.read_text()


SEMANTIC = [  # defect -> the semantic check that must report it
    ("stale_version_accepted", "optimistic_concurrency"),
    ("lost_update", "lost_update"),
    ("creation_date_changes", "update_changes_only_what_was_asked"),
    ("secret_echoed", "secret_never_echoed"),
    ("scopes_ignored", "scopes_enforced"),
    ("addresses_ignored", "allowed_addresses_enforced"),
    ("expiry_ignored", "expiry_enforced"),
    ("deleted_still_authenticates", "deleted_stays_deleted"),
    ("timestamp_without_offset", "timestamps_carry_offset"),
    ("ids_unstable", "ids_stable"),
    ("pages_overlap", "query_pages"),
]
SCHEMATHESIS = [  # defect -> the schemathesis check that must report it
    ("server_error", "not_a_server_error"),
    ("schema_violation", "response_schema_conformance"),
    ("wrong_status_code", "status_code_conformance"),
    ("auth_ignored", "ignored_auth"),
]


@pytest.mark.parametrize(("defect", "check"), SEMANTIC)
def test_semantic_check_catches(serve: Serve, defect: str, check: str) -> None:
    base = serve("tests.broken_servers", "--defect", defect)
    done = suite(base, "--only", "semantic", "--rule", check, "--time-limit", "30")
    assert done.returncode == 1, done.stdout + done.stderr
    assert f"[{check}] (semantic)" in done.stdout, done.stdout
    # caught by the check itself, not by a crash in it or in its set-up
    assert "an unusable response" not in done.stdout, done.stdout
    assert "(set-up step)" not in done.stdout, done.stdout
    assert "curl -sS -X" in done.stdout


@pytest.mark.parametrize(("defect", "check"), SCHEMATHESIS)
def test_schemathesis_check_catches(serve: Serve, defect: str, check: str) -> None:
    base = serve("tests.broken_servers", "--defect", defect)
    done = suite(base, "--only", "schemathesis", "--max-examples", "5", "--time-limit", "25")
    assert done.returncode == 1, done.stdout + done.stderr
    assert f"[{check}] (schemathesis)" in done.stdout, done.stdout
    assert "curl -X" in done.stdout


@pytest.mark.parametrize("defect", ["hang", "garbage"])
def test_broken_transport_is_reported_in_time(serve: Serve, defect: str) -> None:
    base = serve("tests.broken_servers", "--defect", defect)
    started = time.monotonic()
    done = suite(base, "--time-limit", "10", "--request-timeout", "2", timeout=30)
    assert time.monotonic() - started < 20
    assert done.returncode == 1, done.stdout + done.stderr
    assert "[responsive]" in done.stdout


def test_unreachable_server_is_exit_2() -> None:
    done = suite(f"http://127.0.0.1:{free_port()}/api", timeout=30)
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0 and "unreachable" in done.stderr


def test_bad_arguments_are_exit_2() -> None:
    done = suite("http://127.0.0.1:1/api", "--time-limit", "0", timeout=30)
    assert done.returncode == 2 and done.stderr.startswith("contracts: error:")


def test_hook_moves_a_past_expiry_named_by_the_runner(monkeypatch: pytest.MonkeyPatch) -> None:
    from types import SimpleNamespace  # noqa: PLC0415 - schemathesis loads only for this test

    from contracts import st_hooks  # noqa: PLC0415
    from contracts.st_runner import EXPIRY_FIELD_ENV  # noqa: PLC0415

    def case(body: dict[str, object]) -> SimpleNamespace:
        return SimpleNamespace(method="post", body=body)

    past = "2001-02-03T04:05:06Z"
    monkeypatch.setenv(EXPIRY_FIELD_ENV, "validUntil")
    moved = case({"validUntil": past, "expiry": past})
    st_hooks.before_call(None, moved, {})
    assert moved.body["validUntil"] > "2026" and moved.body["expiry"] == past
    invalid = case({"validUntil": "not a date"})  # stays exactly as invalid as it was
    st_hooks.before_call(None, invalid, {})
    assert invalid.body == {"validUntil": "not a date"}
    monkeypatch.setenv(EXPIRY_FIELD_ENV, "")  # a spec without an expiry: nothing moves
    untouched = case({"expiry": past})
    st_hooks.before_call(None, untouched, {})
    assert untouched.body == {"expiry": past}
