"""The rule registry: an explicit, sorted list of rule modules (one module per rule).

Each module has a docstring with the rule's docs, `RULE` (metadata) and `check(ctx)`. Adding a rule
means adding its module name here (a meta test checks that every module is listed).
"""

from __future__ import annotations

from importlib import import_module
from types import ModuleType

RULE_NAMES: tuple[str, ...] = (
    "api_import_source",
    "args_destructure_mismatch",
    "auth_config_missing",
    "await_convex_calls",
    "cron_args_valid",
    "cron_internal_only",
    "crons_default_export",
    "deprecated_validators",
    "duplicate_cron_name",
    "explicit_table_ids",
    "function_in_non_entry_file",
    "function_reference_required",
    "http_default_export",
    "http_handler_wrapped",
    "http_no_path_params",
    "http_route_spec",
    "import_wrong_runtime",
    "index_field_rules",
    "index_name_convention",
    "index_range_order",
    "no_collect_length",
    "no_date_now_in_query",
    "no_db_in_action",
    "no_duplicate_function_name",
    "no_duplicate_indexes",
    "no_filter_in_query",
    "no_old_function_syntax",
    "no_process_env",
    "no_query_delete",
    "no_query_mutation_in_node",
    "no_reserved_word_export",
    "no_run_in_loop",
    "no_run_in_query_mutation",
    "no_schema_import_cycle",
    "no_sequential_run_in_action",
    "no_spoofable_auth_arg",
    "no_top_of_hour_crons",
    "no_unbounded_collect",
    "no_unexported_function",
    "no_writes_in_query",
    "node_import_requires_use_node",
    "paginate_validator",
    "registrar_import_source",
    "require_access_control",
    "require_args_validator",
    "reserved_field_name",
    "reserved_index_name",
    "reserved_table_name",
    "run_action_same_runtime",
    "run_internal_only",
    "schedule_internal_only",
    "scheduled_function_uses_auth",
    "search_index_usage",
    "table_id_mismatch",
    "table_validator_shape",
    "unknown_function_reference",
    "unknown_index",
    "unknown_table",
    "unsupported_validators",
    "use_node_position",
    "vector_search_in_action_only",
)

RULE_MODULES: tuple[ModuleType, ...] = tuple(
    sorted((import_module(f"{__name__}.{name}") for name in RULE_NAMES), key=lambda m: m.RULE.id)
)

RULES = {m.RULE.id: m for m in RULE_MODULES}
ALIASES = {m.RULE.ep_alias: m.RULE.id for m in RULE_MODULES if m.RULE.ep_alias}
CATEGORIES = sorted({m.RULE.category for m in RULE_MODULES})


def canonical_id(name: str) -> str | None:
    """Our id for a rule id or @convex-dev/eslint-plugin alias (with or without the `@convex-dev/` prefix)."""
    if name in RULES:
        return name
    short = name[len("@convex-dev/") :] if name.startswith("@convex-dev/") else name
    if short in RULES:
        return short
    return ALIASES.get(short)
