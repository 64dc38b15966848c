"""The loader reads regular files only: a FIFO or a device under a `.ts` name (or a symlink to
/dev/zero) would block the initial index forever or read without end."""

from __future__ import annotations

import json
import os

from convex_lsp.server.loader import MAX_FILE_BYTES, load_host, read_bytes


def test_special_files_are_skipped(tmp_path):
    (tmp_path / "convex").mkdir()
    (tmp_path / "package.json").write_text(json.dumps({"dependencies": {"convex": "^1.20.0"}}))
    (tmp_path / "convex" / "ok.ts").write_text("export const x = 1;\n")
    os.mkfifo(tmp_path / "convex" / "fifo.ts")  # open() for reading would block: nobody writes
    (tmp_path / "convex" / "zero.ts").symlink_to("/dev/zero")  # getsize 0, endless read
    host = load_host([str(tmp_path)])  # returns at all: nothing blocked
    names = sorted(p.rsplit("/", 1)[1] for p in host.paths())
    assert names == ["ok.ts"]
    assert read_bytes(str(tmp_path / "convex" / "fifo.ts")) is None
    assert read_bytes(str(tmp_path / "convex" / "zero.ts")) is None


def test_size_limit(tmp_path):
    big = tmp_path / "big.ts"
    with open(big, "wb") as fh:
        fh.truncate(MAX_FILE_BYTES * 4 + 1)  # sparse: no disk used
    assert read_bytes(str(big)) is None
    small = tmp_path / "small.ts"
    small.write_bytes(b"x" * 10)
    assert read_bytes(str(small)) == b"x" * 10
