"""Text synchronisation: the server's own bytes stay exact through incremental edits.

Edits are expressed as LSP ranges computed by an independent reference (e2e_helpers.position),
in the negotiated encoding, around emoji, accented letters, U+2028 inside a string (which pygls'
TextDocument would treat as a line break), CRLF and lone CR line ends.
"""

from __future__ import annotations

import pytest
from e2e_helpers import change_doc, close_doc, debug_text, encoding_of, open_doc, pget, position, range_of
from lsprotocol import types

pytestmark = pytest.mark.asyncio(loop_scope="module")

LS = "\u2028"


def partial(rng: types.Range, text: str) -> types.TextDocumentContentChangePartial:
    return types.TextDocumentContentChangePartial(range=rng, text=text)


async def assert_text(client, uri: str, expected: str, version: int) -> None:
    got = await debug_text(client, uri)
    assert pget(got, "text") == expected
    assert pget(got, "hostText") == expected
    assert pget(got, "version") == version


async def test_incremental_edits_with_emoji_and_u2028(client):
    enc = encoding_of(client)
    path = client.workspace / "project" / "convex" / "sync_test.ts"
    text = f'const a = "é😀{LS}x";\r\nconst b = "😀😀";\rconst c = ctx.db.query("messages");\n// end\n'
    uri, _ = open_doc(client, path, text)
    await assert_text(client, uri, text, 1)

    # 1. replace the "x" after U+2028 (same line for LSP: U+2028 is not a line break)
    rng = range_of(text, "x", enc)
    assert rng.start.line == 0
    text2 = text.replace(f"{LS}x", f"{LS}yé")
    change_doc(client, uri, 2, partial(rng, "yé"))
    await assert_text(client, uri, text2, 2)

    # 2. several changes in one notification, applied in order; second line ends with a lone CR
    r1 = range_of(text2, "😀😀", enc)
    text3 = text2.replace("😀😀", "ok")
    r2 = range_of(text3, '"messages"', enc)
    text4 = text3.replace('"messages"', '"users"')
    assert r2.start.line == 2
    change_doc(client, uri, 3, partial(r1, "ok"), partial(r2, '"users"'))
    await assert_text(client, uri, text4, 3)

    # 3. insert a new line with an emoji at the very end, then delete across a CRLF
    end = range_of(text4, "// end\n", enc).end
    text5 = text4 + "const d = '😀';"
    change_doc(client, uri, 4, partial(types.Range(start=end, end=end), "const d = '😀';"))
    await assert_text(client, uri, text5, 4)
    i, j = text5.index(";\r\n") + 1, text5.index("const b")
    start, stop = range_of(text5, text5[i:j], enc).start, range_of(text5, text5[i:j], enc).end
    text6 = text5[:i] + text5[j:]
    change_doc(client, uri, 5, partial(types.Range(start=start, end=stop), ""))
    await assert_text(client, uri, text6, 5)

    # 4. a full-text change (forwarded to the host as the smallest edit)
    text7 = text6.replace("é", "e", 1)
    change_doc(client, uri, 6, types.TextDocumentContentChangeWholeDocument(text=text7))
    await assert_text(client, uri, text7, 6)

    # close: the file does not exist on disk, so the host forgets it
    close_doc(client, uri)
    got = await debug_text(client, uri)
    assert pget(got, "text") is None and pget(got, "hostText") is None


@pytest.mark.profiles("visual-studio-code")
async def test_edits_after_a_lone_utf16_surrogate(client):
    """A lone surrogate is legal in an editor's (UTF-16) text and counts as one UTF-16 unit: edits
    after it on the same line land where the client means them (the server stores it in its
    3-byte form and never splits it)."""
    path = client.workspace / "project" / "convex" / "lone_surrogate.ts"
    text = 'const s = "a\ud800bc"; const t = ctx.db.query("messages");\n'
    uri, _ = open_doc(client, path, text)
    await assert_text(client, uri, text, 1)
    at = position(text, text.index("bc"), "utf-16")
    assert at.character == 13
    text2 = text.replace("\ud800bc", "\ud800Xbc")
    change_doc(client, uri, 2, partial(types.Range(start=at, end=at), "X"))
    await assert_text(client, uri, text2, 2)
    rng = range_of(text2, '"messages"', "utf-16")
    text3 = text2.replace('"messages"', '"users"')
    change_doc(client, uri, 3, partial(rng, '"users"'))
    await assert_text(client, uri, text3, 3)
    close_doc(client, uri)


async def test_one_file_open_under_two_uris(client):
    """`file:///…` and `file://localhost/…` name the same file: the analysed text follows the
    document edited last, and closing one leaves the other's text (never a mix of the two)."""
    path = client.workspace / "project" / "convex" / "two_uris.ts"
    a = path.as_uri()
    b = a.replace("file://", "file://localhost", 1)
    open_doc(client, path, "// A\n")
    client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=types.TextDocumentItem(uri=b, language_id="typescript", version=1, text="// B\n")))
    await assert_text(client, b, "// B\n", 1)
    end = types.Position(line=1, character=0)
    change_doc(client, a, 2, partial(types.Range(start=types.Position(line=0, character=0), end=end), "export const ZZ = 1;\n"))
    got = await debug_text(client, a)
    assert (pget(got, "text"), pget(got, "hostText")) == ("export const ZZ = 1;\n", "export const ZZ = 1;\n")
    client.text_document_did_close(types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=a)))
    got = await debug_text(client, b)
    assert (pget(got, "text"), pget(got, "hostText")) == ("// B\n", "// B\n")
    close_doc(client, b)


async def test_close_reverts_to_disk_text(client):
    path = client.workspace / "project" / "convex" / "messages.ts"
    disk = path.read_text(encoding="utf-8")
    uri, _ = open_doc(client, path, disk + "// unsaved\n")
    assert pget(await debug_text(client, uri), "hostText") == disk + "// unsaved\n"
    close_doc(client, uri)
    got = await debug_text(client, uri)
    assert pget(got, "text") is None and pget(got, "hostText") == disk


async def test_a_text_change_whose_text_is_not_a_string_is_refused(client):
    """cattrs would turn `"text": null` into the string "None": the change is refused instead, the
    document keeps its text, and the next good change applies."""
    uri, text = open_doc(client, client.workspace / "project" / "convex" / "null_text.ts", "export const a = 1;\n")
    for n, change in enumerate(({"text": None}, {"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}, "text": 7})):
        client.protocol._send_data(
            {"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {"textDocument": {"uri": uri, "version": 2 + n}, "contentChanges": [change]}}
        )
    got = await debug_text(client, uri)
    assert (pget(got, "text"), pget(got, "hostText"), pget(got, "version")) == (text, text, 1)
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=5),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text="export const b = 2;\n")],
        )
    )
    got = await debug_text(client, uri)
    assert (pget(got, "text"), pget(got, "hostText"), pget(got, "version")) == ("export const b = 2;\n", "export const b = 2;\n", 5)
    close_doc(client, uri)
