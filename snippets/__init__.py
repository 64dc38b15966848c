"""Snippets (VS Code JSON format) served by the server and shipped with the VS Code extension."""
