from pathlib import Path

from convex_lsp.analysis.config import settings_markdown

DOC = Path(__file__).resolve().parents[2] / "docs" / "settings.md"


def test_settings_doc_is_fresh():
    assert settings_markdown() in DOC.read_text(encoding="utf-8"), "docs/settings.md is stale: regenerate it from analysis/config.py"
