"""textDocument/completion → `convex_lsp.analysis.completions.complete(snap, path, offset)`."""

from __future__ import annotations

from typing import Any

from lsprotocol import types

from .. import convert
from .common import analysis_function, guarded, locate

TRIGGER_CHARACTERS = ['"', "'", ".", "/"]


def register(server: Any) -> None:
    session = server.session

    @server.feature(types.TEXT_DOCUMENT_COMPLETION, types.CompletionOptions(trigger_characters=TRIGGER_CHARACTERS))
    @guarded(lambda: None)
    async def completion(params: types.CompletionParams) -> Any:
        complete = analysis_function("completions", "complete")
        if complete is None:
            return None
        found = await locate(session, params.text_document.uri, params.position)
        if found is None:
            return None
        snap, path, offset = found
        # Snippet *syntax* (tab stops in v.* items) follows the client; the setting only decides
        # whether the snippet files are offered (the VS Code extension ships them itself).
        snippets = session.supports("text_document.completion.completion_item.snippet_support")
        offer_snippet_files = session.settings.snippets

        def work() -> list[types.CompletionItem]:
            lines, enc = snap.line_index(path), session.encoding
            found = complete(snap, path, offset, snippets=snippets) or ()
            if not offer_snippet_files:
                found = [i for i in found if i.kind != "snippet"]
            items = (convert.to_completion_item(i, lines, enc, snippets) for i in found)
            return [i for i in items if i is not None]

        return types.CompletionList(is_incomplete=False, items=await session.run_interactive(work))
