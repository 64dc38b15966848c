"""The example project (examples/chat-app) builds a complete model.

If the example ships an `expected.json` (fixture format), it is the oracle; otherwise the facts
below, read by hand from the example's sources, are checked.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from model_facts import check_facts

from convex_lsp.server.loader import load_host, to_posix

EXAMPLES = Path(__file__).resolve().parent.parent.parent / "examples"
CHAT = EXAMPLES / "chat-app"


def _q(kind, vis="public", runtime="convex"):
    return {"kind": kind, "visibility": vis, "runtime": runtime}


CHAT_FACTS = {
    "tables": {
        "users": {"indexes": {"by_tokenIdentifier": {"kind": "db"}, "by_email": {"kind": "db"}, "by_status": {"kind": "db"}}},
        "channels": {"indexes": {"by_name": {"kind": "db"}, "by_kind": {"kind": "db"}}},
        "memberships": {"indexes": {"by_channelId_and_userId": {"kind": "db"}, "by_userId": {"kind": "db"}}},
        "messages": {
            "indexes": {"by_channelId": {"kind": "db"}, "by_authorId": {"kind": "db"}, "search_body": {"kind": "search"}},
            "staged_indexes": ["by_authorId"],
        },
        "embeddings": {"indexes": {"by_messageId": {"kind": "db"}, "by_embedding": {"kind": "vector"}}},
        "reports": {"indexes": {"by_status": {"kind": "db"}}},
    },
    "functions": {
        "internal.ai.embedMessage": _q("action", "internal", "node"),
        "api.ai.translate": _q("action", runtime="node"),
        "api.ai.similar": _q("action", runtime="node"),
        "internal.ai.summarizeChannel": _q("action", "internal", "node"),
        "api.channels.mine": _q("query"),
        "api.channels.browse": _q("query"),
        "api.channels.create": _q("mutation"),
        "api.channels.join": _q("mutation"),
        "api.channels.archive": _q("mutation"),
        "internal.channels.scheduleDigests": _q("mutation", "internal"),
        "internal.channels.saveSummary": _q("mutation", "internal"),
        "api.messages.list": _q("query"),
        "api.messages.recent": _q("query"),
        "api.messages.latest": _q("query"),
        "api.messages.pinned": _q("query"),
        "api.messages.search": _q("query"),
        "api.messages.send": _q("mutation"),
        "api.messages.edit": _q("mutation"),
        "api.messages.markRead": _q("mutation"),
        "internal.messages.getForAi": _q("query", "internal"),
        "internal.messages.saveEmbedding": _q("mutation", "internal"),
        "internal.messages.saveTranslation": _q("mutation", "internal"),
        "internal.messages.hydrateSearchResults": _q("query", "internal"),
        "internal.messages.recentForSummary": _q("query", "internal"),
        "internal.messages.postFromWebhook": _q("mutation", "internal"),
        "api.users.current": _q("query"),
        "api.users.store": _q("mutation"),
        "api.users.setStatus": _q("mutation"),
        "api.users.updatePreferences": _q("mutation"),
        "internal.users.markIdleUsersAway": _q("mutation", "internal"),
        "api.admin.reports.file": _q("mutation"),
        "api.admin.reports.listOpen": _q("query"),
        "api.admin.reports.resolve": _q("mutation"),
        "api.admin.reports.stats": _q("query"),
        "api.admin.reports.clearResolved": {**_q("mutation"), "args": None},
        "internal.admin.reports.openCount": _q("query", "internal"),
        "internal.admin.reports.sendDigest": _q("action", "internal"),
    },
    "absent_functions": ["api.lib.pool.aiPool", "api.http.default", "api.crons.default", "api.schema.default"],
    "http_routes": [
        {"method": "GET", "path": "/health"},
        {"method": "POST", "path_prefix": "/hooks/"},
        {"method": "OPTIONS", "path_prefix": "/hooks/"},
    ],
    "crons": [
        {"name": "mark idle users away", "method": "interval", "target": "internal.users.markIdleUsersAway"},
        {"name": "channel digests", "method": "daily", "target": "internal.channels.scheduleDigests"},
        {"name": "report digest", "method": "cron", "target": "internal.admin.reports.sendDigest"},
    ],
    "components": [{"name": "aiWorkpool", "source": "@convex-dev/workpool/convex.config"}],
    "modules": {
        "ai": {"entry": True, "runtime": "node"},
        "admin/reports": {"entry": True, "invalid": False},
        "lib/auth": {"entry": True},
        "schema": {"entry": False},
        "convex.config": {"entry": False},
        "auth.config": {"entry": False},
    },
}


@pytest.mark.skipif(not CHAT.is_dir(), reason="examples/chat-app not present")
def test_chat_app_model():
    base = to_posix(str(CHAT))
    snap = load_host([base]).snapshot()
    assert [r.functions_dir for r in snap.roots] == [base + "/convex"]
    model = snap.project(snap.roots[0])
    exp_file = CHAT / "expected.json"
    expected = json.loads(exp_file.read_text("utf-8")) if exp_file.is_file() else CHAT_FACTS
    errors = check_facts(model, expected)
    assert not errors, "chat-app:\n  " + "\n  ".join(errors)
    if not exp_file.is_file():
        # every registered export of the example is listed above
        assert {f.api_path for f in model.functions} == set(CHAT_FACTS["functions"])
    assert model.schema is not None and model.schema.unresolved == ()
    assert model.auth_providers and model.auth_providers[0].application_id == "convex"
    assert model.config is not None and dict(model.config.env).keys() >= {"OPENAI_API_KEY", "WEBHOOK_SECRET"}
