"""convex_lsp.server: the LSP edge (pygls), the loader and the command line."""
