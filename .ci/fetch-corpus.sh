#!/usr/bin/env bash
# Fetch the real-code corpus (pinned npm packages) into a cache folder outside the repository.
#
#   .ci/fetch-corpus.sh            # fetch all packages (required + extra)
#   CONVEX_LSP_CORPUS=/some/dir .ci/fetch-corpus.sh
#
# The work is done by tests/fetch_test_data.py (Python standard library, straight from the npm
# registry, sha512-checked; the package list lives there), which the test session also calls when
# something is missing. Layout: $CONVEX_LSP_CORPUS/<name: "@" dropped, "/" → "__">/package/...
# Exits non-zero only if a required package could not be fetched. Nothing fetched is committed.
set -u -o pipefail
cd "$(dirname "$0")/.."
exec python3 tests/fetch_test_data.py corpus
