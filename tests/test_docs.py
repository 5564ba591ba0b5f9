"""`generator docs`: the site's pages, escaping, determinism, atomic writes, and a real browser."""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator.cli import main
from generator.docs import MARKER, NotASite, docs, write_site
from tests.test_spec import (
    ALLOWED_ADDRESSES,
    BEARER_DESCRIPTION,
    EXPIRY,
    NAME,
    NAME_MIN_LENGTH,
    NAME_PATTERN,
    PERMISSIONS,
    READ_FIELDS,
    SCOPES,
    UPDATE_OK_DESCRIPTION,
    UPDATE_SCOPE,
    UPDATE_SUMMARY,
    VERSION,
)

TOKEN_SPEC = Path(__file__).resolve().parents[1] / "spec" / "api-tokens.yaml"
# Every fact of the reference page of updateApiToken.
SEED_FACTS = [
    UPDATE_SUMMARY,
    UPDATE_SCOPE,
    BEARER_DESCRIPTION,
    UPDATE_OK_DESCRIPTION,
    VERSION,
    NAME,
    f"Min length: {NAME_MIN_LENGTH}",
    NAME_PATTERN,
    EXPIRY,
    PERMISSIONS,
    ", ".join(SCOPES),
    *READ_FIELDS.values(),
    ALLOWED_ADDRESSES,
]
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1200,2000",
]


class _Text(HTMLParser):
    """The visible text of a page: no scripts or styles."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._hidden += tag in ("style", "script", "title")

    def handle_endtag(self, tag: str) -> None:
        self._hidden -= tag in ("style", "script", "title")

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def page_text(markup: str) -> str:
    parser = _Text()
    parser.feed(markup)
    return " ".join(" ".join(parser.parts).split())


def squeeze(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site") / "docs"
    docs(TOKEN_SPEC, out)
    return out


def test_one_page_per_operation_and_an_index(site: Path) -> None:
    assert sorted(p.name for p in site.iterdir()) == [
        MARKER,
        "createApiToken.html",
        "deleteApiToken.html",
        "getApiToken.html",
        "getCurrentApiToken.html",
        "index.html",
        "queryApiTokens.html",
        "updateApiToken.html",
    ]


def test_update_page_has_every_seed_fact(site: Path) -> None:
    text = page_text((site / "updateApiToken.html").read_text(encoding="utf-8"))
    missing = [fact for fact in SEED_FACTS if squeeze(fact) not in text]
    assert missing == []


def test_index_links_operations_and_lists_enum_values(site: Path) -> None:
    index = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="updateApiToken.html"' in index
    assert ", ".join(SCOPES) in page_text(index)


def test_no_external_assets(site: Path) -> None:
    for page in site.iterdir():
        markup = page.read_text(encoding="utf-8")
        assert not re.search(r"(src|href)=\"(https?:)?//", markup), page.name
        assert "<link" not in markup and "<script" not in markup


def test_spec_text_is_escaped(tmp_path: Path) -> None:
    spec = tmp_path / "evil.yaml"
    spec.write_text(
        TOKEN_SPEC.read_text(encoding="utf-8").replace(
            "summary: Update an existing API token, identified by its ID.",
            "summary: '<script>alert(1)</script> & {{ x }}'",
        ),
        encoding="utf-8",
    )
    docs(spec, tmp_path / "out")
    markup = (tmp_path / "out" / "updateApiToken.html").read_text(encoding="utf-8")
    assert "<script>" not in markup
    assert html.escape("<script>alert(1)</script> & {{ x }}", quote=False) in markup


def test_output_is_deterministic_and_replaces_the_folder(tmp_path: Path) -> None:
    out = tmp_path / "docs"
    docs(TOKEN_SPEC, out)
    (out / "stale.html").write_text("old", encoding="utf-8")  # a page an older spec had
    first = docs(TOKEN_SPEC, out)
    snapshot = {p.name: p.read_bytes() for p in out.iterdir()}
    assert docs(TOKEN_SPEC, out) == first
    assert {p.name: p.read_bytes() for p in out.iterdir()} == snapshot
    assert "stale.html" not in snapshot
    assert [p.name for p in tmp_path.iterdir()] == ["docs"]  # no temporary folders left


@pytest.mark.parametrize("kind", ["folder of other files", "file", "symlink"])
def test_out_holding_anything_else_is_refused_and_kept(
    tmp_path: Path, kind: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "mine"
    if kind == "file":
        out.write_text("notes\n", encoding="utf-8")
    elif kind == "symlink":
        (tmp_path / "elsewhere").mkdir()
        out.symlink_to(tmp_path / "elsewhere")
    else:
        out.mkdir()
        (out / "notes.txt").write_text("notes\n", encoding="utf-8")
    before = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*"))
    with pytest.raises(NotASite):
        docs(TOKEN_SPEC, out)
    assert main(["docs", "--spec", str(TOKEN_SPEC), "--out", str(out)]) == 2
    assert "it was left as it was" in capsys.readouterr().err
    assert sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*")) == before


def test_the_current_folder_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # empty: it would otherwise qualify
    with pytest.raises(NotASite, match="is the current folder or holds it"):
        docs(TOKEN_SPEC.resolve(), Path("."))
    assert list(tmp_path.iterdir()) == []


def test_a_failed_swap_puts_the_previous_site_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "docs"
    write_site({"index.html": "v1"}, out)
    real_rename = Path.rename

    def rename(self: Path, target: Path) -> Path:
        if self.name.startswith(".docs.new-"):  # the new site into place: fails
            raise OSError(16, "Device or resource busy")
        return real_rename(self, target)

    monkeypatch.setattr(Path, "rename", rename)
    with pytest.raises(OSError):
        write_site({"index.html": "v2"}, out)
    assert (out / "index.html").read_text(encoding="utf-8") == "v1"
    assert [p.name for p in tmp_path.iterdir()] == ["docs"]


def test_an_empty_folder_becomes_the_site(tmp_path: Path) -> None:
    out = tmp_path / "docs"
    out.mkdir()
    docs(TOKEN_SPEC, out)
    assert (out / "index.html").is_file() and (out / MARKER).is_file()


def test_failed_write_leaves_the_old_site(tmp_path: Path) -> None:
    out = tmp_path / "docs"
    write_site({"index.html": "v1"}, out)
    with pytest.raises(OSError):
        write_site({"index.html": "v2", "sub/dir.html": "no such folder"}, out)
    assert (out / "index.html").read_text(encoding="utf-8") == "v1"
    assert [p.name for p in tmp_path.iterdir()] == ["docs"]


def test_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["docs", "--spec", str(TOKEN_SPEC), "--out", str(tmp_path / "d")]) == 0
    assert "wrote 7 pages" in capsys.readouterr().err
    broken = tmp_path / "broken.yaml"
    broken.write_text("openapi: [\n", encoding="utf-8")
    assert main(["docs", "--spec", str(broken), "--out", str(tmp_path / "d")]) == 1
    assert (tmp_path / "d" / "index.html").exists()


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail("chromium is not installed (apt-get install -y chromium)")
        pytest.skip("chromium is not installed; CI installs it")
    return found


def run_chromium(binary: str, profile: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [binary, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        timeout=120,
        check=True,
    )


def test_update_page_in_a_real_browser(site: Path, tmp_path: Path) -> None:
    binary = chromium()
    url = (site / "updateApiToken.html").as_uri()
    png = tmp_path / "update.png"
    run_chromium(binary, tmp_path / "profile", f"--screenshot={png}", url)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert png.stat().st_size > 20_000  # a rendered page, not a blank one
    dom = run_chromium(binary, tmp_path / "profile", "--dump-dom", url).stdout.decode()
    text = page_text(dom)
    missing = [fact for fact in SEED_FACTS if squeeze(fact) not in text]
    assert missing == []
