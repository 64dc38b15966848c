"""convex_lsp.analysis: the pure core of convex-lsp.

Invariants (see docs/architecture.md):
1. No pygls or lsprotocol import; no file, network or process I/O. Texts and settings in, frozen data out.
2. Parsing never raises; every derived value is a pure function of texts and settings.
3. Editing a function body never invalidates the project model: the per-file `FileInterface` is the firewall.
4. Ranges are byte offsets into UTF-8 text; conversions to lines/columns happen at the edges (`text.LineIndex`).
"""
