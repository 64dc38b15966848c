"""Fetch the data the tests read and that is never committed: the real-code corpus (pinned npm
packages) and the official SARIF 2.1.0 schema. Python standard library only, straight from the npm
registry (no npm needed), each tarball checked against the registry's sha512 integrity.

    python tests/fetch_test_data.py [corpus] [sarif] [--with-multitool]   # default: both

The test session calls `ensure()` first (tests/conftest.py), so `python -m pytest` on a fresh
machine fetches what is missing; `.ci/fetch-corpus.sh` and `.ci/fetch-sarif-schema.sh` call this
file too. Set CONVEX_LSP_NO_FETCH=1 to never touch the network (the tests that need the data then
fail with a message saying how to fetch it).

Caches (outside the repository):
  ${CONVEX_LSP_CORPUS:-~/.cache/convex-lsp/corpus}/<name, "@" dropped, "/" → "__">/package/…
      with a `.fetched` marker naming the pinned `name@version`;
  ${CONVEX_LSP_CACHE:-~/.cache/convex-lsp}/sarif/sarif-2.1.0.json
      (from @microsoft/sarif-multitool-linux, Microsoft's SARIF validator, which ships the schema).
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import shutil
import sys
import tarfile
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

REGISTRY = "https://registry.npmjs.org"
CORPUS_REQUIRED = ("@convex-dev/workpool@0.4.12", "@convex-dev/agent@0.7.3", "convex-helpers@0.1.124")
CORPUS_EXTRA = (
    "@convex-dev/rag@0.7.6",
    "@convex-dev/aggregate@0.3.1",
    "@convex-dev/workflow@0.4.8",
    "@convex-dev/rate-limiter@0.4.0",
    "@convex-dev/stripe@0.1.6",
    "@convex-dev/migrations@0.3.6",
    "@convex-dev/auth@0.0.95",
)
SARIF_SPEC = "@microsoft/sarif-multitool-linux@5.7.0"
MARKER = ".fetched"


def corpus_dir() -> Path:
    env = os.environ.get("CONVEX_LSP_CORPUS")
    return Path(env) if env else Path.home() / ".cache" / "convex-lsp" / "corpus"


def sarif_schema_path() -> Path:
    env = os.environ.get("CONVEX_LSP_CACHE")
    return (Path(env) if env else Path.home() / ".cache" / "convex-lsp") / "sarif" / "sarif-2.1.0.json"


def package_folder(name: str) -> str:
    """"@convex-dev/workpool" → "convex-dev__workpool"."""
    return name.lstrip("@").replace("/", "__")


def folder_name(spec: str) -> str:
    """"@convex-dev/workpool@0.4.12" → "convex-dev__workpool"."""
    return package_folder(spec.rpartition("@")[0])


def _get(url: str, timeout: float = 60.0) -> bytes:
    last: Exception | None = None
    for attempt in range(3):
        try:
            with urllib.request.urlopen(url, timeout=timeout) as resp:  # noqa: S310 - fixed https registry URL
                return resp.read()
        except OSError as exc:  # URLError is an OSError
            last = exc
            time.sleep(1 + attempt)
    raise OSError(f"cannot download {url}: {last}")


def download(spec: str) -> bytes:
    """The tarball of `name@version`, checked against the registry's integrity hash."""
    name, _, version = spec.rpartition("@")
    meta = json.loads(_get(f"{REGISTRY}/{urllib.parse.quote(name, safe='@')}/{version}"))
    if meta.get("version") != version:
        raise OSError(f"{spec}: the registry answered version {meta.get('version')}")
    dist = meta["dist"]
    data = _get(dist["tarball"], timeout=300.0)
    integrity = dist.get("integrity", "")
    if integrity.startswith("sha512-"):
        digest = base64.b64encode(hashlib.sha512(data).digest()).decode()
        if digest != integrity[len("sha512-") :]:
            raise OSError(f"{spec}: tarball does not match the registry's sha512 integrity")
    elif dist.get("shasum") and hashlib.sha1(data).hexdigest() != dist["shasum"]:  # noqa: S324 - npm's own legacy checksum
        raise OSError(f"{spec}: tarball does not match the registry's shasum")
    return data


def _safe_members(tar: tarfile.TarFile, prefix: str = "package/"):
    for m in tar.getmembers():
        p = Path(m.name)
        if m.name.startswith(prefix) and not p.is_absolute() and ".." not in p.parts and (m.isfile() or m.isdir()):
            yield m


def fetch_package(spec: str, root: Path, log=print) -> bool:
    """Unpack `spec` into root/<folder>/package unless the marker says it is there. True on success."""
    dest = root / folder_name(spec)
    marker = dest / MARKER
    if marker.is_file() and (dest / "package").is_dir() and marker.read_text().splitlines()[:1] == [spec]:
        log(f"cached   {spec} -> {dest / 'package'}")
        return True
    try:
        data = download(spec)
        root.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".tmp.", dir=root))
        try:
            with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
                tar.extractall(tmp, members=list(_safe_members(tar)))  # noqa: S202 - members filtered above
            if not (tmp / "package").is_dir():
                raise OSError(f"{spec}: the tarball has no package/ folder")
            shutil.rmtree(dest, ignore_errors=True)
            dest.mkdir(parents=True)
            (tmp / "package").rename(dest / "package")
            marker.write_text(spec + "\n")
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    except (OSError, tarfile.TarError, KeyError, ValueError) as exc:
        log(f"FAILED   {spec} ({exc})")
        return False
    log(f"fetched  {spec} -> {dest / 'package'}")
    return True


def fetch_corpus(log=print) -> bool:
    """Every corpus package; False when a required one could not be fetched."""
    root = corpus_dir()
    ok = all([fetch_package(spec, root, log) for spec in CORPUS_REQUIRED])
    for spec in CORPUS_EXTRA:
        fetch_package(spec, root, log)
    return ok


def fetch_sarif(with_multitool: bool = False, log=print) -> bool:
    schema = sarif_schema_path()
    tool = schema.parent / "multitool" / "Sarif.Multitool"
    if schema.is_file() and schema.stat().st_size > 0 and (not with_multitool or tool.is_file()):
        log(f"cached   {schema}")
        return True
    try:
        data = download(SARIF_SPEC)
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
            member = tar.extractfile("package/sarif-2.1.0.json")
            if member is None:
                raise OSError(f"{SARIF_SPEC} has no package/sarif-2.1.0.json")
            text = member.read()
            json.loads(text)  # a schema that does not parse is not cached
            schema.parent.mkdir(parents=True, exist_ok=True)
            tmp = schema.with_suffix(".tmp")
            tmp.write_bytes(text)
            tmp.replace(schema)
            log(f"fetched  {SARIF_SPEC} -> {schema}")
            if with_multitool:
                binary = tar.extractfile("package/Sarif.Multitool")
                if binary is not None:
                    tool.parent.mkdir(parents=True, exist_ok=True)
                    tool.write_bytes(binary.read())
                    tool.chmod(0o755)
                    log(f"unpacked {tool}")
    except (OSError, tarfile.TarError, KeyError, ValueError) as exc:
        log(f"FAILED   {SARIF_SPEC} ({exc})")
        return False
    return True


def missing() -> list[str]:
    """What the tests need and the caches do not hold."""
    out = []
    root = corpus_dir()
    for spec in (*CORPUS_REQUIRED, *CORPUS_EXTRA):
        marker = root / folder_name(spec) / MARKER
        if not (marker.is_file() and marker.read_text().splitlines()[:1] == [spec]):
            out.append(spec)
    if not sarif_schema_path().is_file():
        out.append(SARIF_SPEC)
    return out


def ensure(log=print) -> None:
    """Fetch what is missing (called before the test session); never raises."""
    if os.environ.get("CONVEX_LSP_NO_FETCH") == "1" or not missing():
        return
    log("convex-lsp tests: fetching the corpus and the SARIF schema from the npm registry (once; cached outside the repository)")
    try:
        fetch_corpus(log)
        fetch_sarif(log=log)
    except Exception as exc:  # noqa: BLE001 - the tests that need the data say what is missing
        log(f"convex-lsp tests: fetching failed: {exc}")


def main(argv: list[str]) -> int:
    what = [a for a in argv if not a.startswith("-")] or ["corpus", "sarif"]
    unknown = [w for w in what if w not in ("corpus", "sarif")]
    if unknown:
        print(f"usage: fetch_test_data.py [corpus] [sarif] [--with-multitool] (unknown: {' '.join(unknown)})", file=sys.stderr)
        return 2
    ok = True
    if "corpus" in what:
        ok = fetch_corpus() and ok
    if "sarif" in what:
        ok = fetch_sarif("--with-multitool" in argv) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
