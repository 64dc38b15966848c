#!/usr/bin/env bash
# Fetch the official SARIF 2.1.0 JSON schema into a cache folder outside the repository.
#
#   .ci/fetch-sarif-schema.sh                  # schema only
#   .ci/fetch-sarif-schema.sh --with-multitool # also unpack Microsoft's validator (Sarif.Multitool)
#   CONVEX_LSP_CACHE=/some/dir .ci/fetch-sarif-schema.sh
#
# The schema ships with Microsoft's official SARIF validator on npm: the platform package
# @microsoft/sarif-multitool-linux holds `sarif-2.1.0.json` next to the `Sarif.Multitool` binary.
# Result: $CONVEX_LSP_CACHE/sarif/sarif-2.1.0.json (default cache: ~/.cache/convex-lsp), read by
# tests/cli/test_sarif_schema.py. With --with-multitool, $CONVEX_LSP_CACHE/sarif/multitool/Sarif.Multitool
# can validate by hand:
#   DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 Sarif.Multitool validate out.sarif -j sarif-2.1.0.json -o report.sarif
# The work is done by tests/fetch_test_data.py (Python standard library, sha512-checked).
set -u -o pipefail
cd "$(dirname "$0")/.."
exec python3 tests/fetch_test_data.py sarif "$@"
