"""LSP handlers, one module per area."""
