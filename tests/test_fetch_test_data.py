"""tests/fetch_test_data.py: the registry tarball is checked against its sha512 integrity, unpacked
under <cache>/<folder>/package with a marker, and nothing escapes the cache folder."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import tarfile

import fetch_test_data as ftd


def _tarball(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def _registry(monkeypatch, tgz: bytes, integrity: str | None = None, version: str = "1.2.3"):
    sri = integrity or "sha512-" + base64.b64encode(hashlib.sha512(tgz).digest()).decode()
    meta = {"version": version, "dist": {"tarball": "https://registry.npmjs.org/@x/pkg/-/pkg-1.2.3.tgz", "integrity": sri}}
    urls = []

    def get(url, timeout=60.0):
        urls.append(url)
        return tgz if url.endswith(".tgz") else json.dumps(meta).encode()

    monkeypatch.setattr(ftd, "_get", get)
    return urls


def test_fetch_unpacks_with_marker_and_stays_inside_the_cache(tmp_path, monkeypatch):
    tgz = _tarball({"package/package.json": b'{"version": "1.2.3"}', "package/src/a.ts": b"export {};", "../evil.txt": b"x", "package/../../evil2.txt": b"x"})
    urls = _registry(monkeypatch, tgz)
    logs = []
    assert ftd.fetch_package("@x/pkg@1.2.3", tmp_path, logs.append)
    assert urls[0] == "https://registry.npmjs.org/@x%2Fpkg/1.2.3"
    assert (tmp_path / "x__pkg" / "package" / "src" / "a.ts").read_bytes() == b"export {};"
    assert (tmp_path / "x__pkg" / ".fetched").read_text() == "@x/pkg@1.2.3\n"
    assert not list(tmp_path.parent.glob("evil*")) and not list(tmp_path.glob("evil*"))
    # a second call is a cache hit (no download)
    urls.clear()
    assert ftd.fetch_package("@x/pkg@1.2.3", tmp_path, logs.append) and urls == []
    assert logs[-1].startswith("cached")


def test_a_tarball_that_does_not_match_its_integrity_is_refused(tmp_path, monkeypatch):
    tgz = _tarball({"package/package.json": b"{}"})
    _registry(monkeypatch, tgz, integrity="sha512-" + base64.b64encode(b"\0" * 64).decode())
    logs = []
    assert not ftd.fetch_package("@x/pkg@1.2.3", tmp_path, logs.append)
    assert "integrity" in logs[-1] and not (tmp_path / "x__pkg").exists()


def test_a_registry_answering_another_version_is_refused(tmp_path, monkeypatch):
    _registry(monkeypatch, _tarball({"package/package.json": b"{}"}), version="9.9.9")
    logs = []
    assert not ftd.fetch_package("@x/pkg@1.2.3", tmp_path, logs.append)
    assert "9.9.9" in logs[-1]


def test_folder_names_match_the_corpus_layout():
    assert ftd.folder_name("@convex-dev/workpool@0.4.12") == "convex-dev__workpool"
    assert ftd.folder_name("convex-helpers@0.1.124") == "convex-helpers"
