"""The rule registry: an explicit, sorted tuple of rule modules (one module per rule).

Each module has a docstring with the rule's docs, `RULE` (metadata) and `check(ctx)`.
"""

from __future__ import annotations

from types import ModuleType

from . import (
    api_import_source,
    await_convex_calls,
    cron_args_valid,
    cron_internal_only,
    crons_default_export,
    deprecated_validators,
    duplicate_cron_name,
    explicit_table_ids,
    function_in_non_entry_file,
    function_reference_required,
    http_default_export,
    http_handler_wrapped,
    http_no_path_params,
    http_route_spec,
    index_field_rules,
    index_name_convention,
    no_collect_length,
    no_date_now_in_query,
    no_db_in_action,
    no_duplicate_function_name,
    no_filter_in_query,
    no_old_function_syntax,
    no_query_delete,
    no_reserved_word_export,
    no_top_of_hour_crons,
    no_unbounded_collect,
    no_writes_in_query,
    registrar_import_source,
    require_args_validator,
    reserved_field_name,
    reserved_index_name,
    reserved_table_name,
    run_internal_only,
    schedule_internal_only,
    table_validator_shape,
    unknown_function_reference,
    unknown_index,
    unknown_table,
    unsupported_validators,
    vector_search_in_action_only,
)

RULE_MODULES: tuple[ModuleType, ...] = tuple(
    sorted(
        (
            api_import_source,
            await_convex_calls,
            cron_args_valid,
            cron_internal_only,
            crons_default_export,
            deprecated_validators,
            duplicate_cron_name,
            explicit_table_ids,
            function_in_non_entry_file,
            function_reference_required,
            http_default_export,
            http_handler_wrapped,
            http_no_path_params,
            http_route_spec,
            index_field_rules,
            index_name_convention,
            no_collect_length,
            no_date_now_in_query,
            no_db_in_action,
            no_duplicate_function_name,
            no_filter_in_query,
            no_old_function_syntax,
            no_query_delete,
            no_reserved_word_export,
            no_top_of_hour_crons,
            no_unbounded_collect,
            no_writes_in_query,
            registrar_import_source,
            require_args_validator,
            reserved_field_name,
            reserved_index_name,
            reserved_table_name,
            run_internal_only,
            schedule_internal_only,
            table_validator_shape,
            unknown_function_reference,
            unknown_index,
            unknown_table,
            unsupported_validators,
            vector_search_in_action_only,
        ),
        key=lambda m: m.RULE.id,
    )
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
