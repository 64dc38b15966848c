"""textDocument/completion → `convex_lsp.analysis.completions.complete(snap, path, offset)`."""

from __future__ import annotations

from typing import Any

from lsprotocol import types

from .. import convert
from ..session import capability
from .common import analysis_function, guarded, locate

TRIGGER_CHARACTERS = ['"', "'", ".", "/"]


def register(server: Any) -> None:
    session = server.session

    # Documentation is sent lazily (completionItem/resolve) to clients that say they resolve it:
    # the table list of `query("` carries every table's field list, ~175 KB on a large schema. The
    # documentation of the latest answer is kept here; items point into it by (answer, index).
    latest: dict[str, Any] = {"answer": 0, "docs": []}

    @server.feature(types.TEXT_DOCUMENT_COMPLETION, types.CompletionOptions(trigger_characters=TRIGGER_CHARACTERS, resolve_provider=True))
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

        items = await session.run_interactive(work)
        resolve = capability(session.client, "text_document.completion.completion_item.resolve_support")
        if resolve is not None and "documentation" in (resolve.properties or ()):
            latest["answer"] += 1
            latest["docs"] = [i.documentation for i in items]
            for n, item in enumerate(items):
                if item.documentation is not None:
                    item.documentation = None
                    item.data = {"convexLsp": [latest["answer"], n]}
        return types.CompletionList(is_incomplete=False, items=items)

    @server.feature(types.COMPLETION_ITEM_RESOLVE)
    def completion_resolve(item: types.CompletionItem) -> Any:
        # (not `guarded`: the answer to a resolve must be the item, never null)
        ref = item.data.get("convexLsp") if isinstance(item.data, dict) else None
        if isinstance(ref, list) and len(ref) == 2 and ref[0] == latest["answer"] and isinstance(ref[1], int) and 0 <= ref[1] < len(latest["docs"]):
            item.documentation = latest["docs"][ref[1]]
        return item  # an item of an older answer (or another server's) comes back as it is
