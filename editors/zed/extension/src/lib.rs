//! Zed extension that registers the `convex-lsp` language server for TypeScript and TSX.
//! The server itself is the `convex-lsp` command (`pip install convex-lsp`); this only starts it.

use zed_extension_api::{self as zed, settings::LspSettings, LanguageServerId, Result};

struct ConvexLsp;

impl zed::Extension for ConvexLsp {
    fn new() -> Self {
        ConvexLsp
    }

    /// `lsp.convex-lsp.binary.path` / `.arguments` from settings.json when given, else `convex-lsp serve` from PATH.
    fn language_server_command(
        &mut self,
        id: &LanguageServerId,
        worktree: &zed::Worktree,
    ) -> Result<zed::Command> {
        let binary = LspSettings::for_worktree(id.as_ref(), worktree)
            .ok()
            .and_then(|settings| settings.binary);
        let configured = binary.as_ref().and_then(|b| b.path.clone());
        let command = match configured {
            Some(path) if path.contains('/') || path.contains('\\') => path,
            Some(name) => worktree.which(&name).ok_or(format!("{name} not found on PATH"))?,
            None => worktree
                .which("convex-lsp")
                .ok_or("convex-lsp not found on PATH: pip install convex-lsp, or set lsp.convex-lsp.binary.path")?,
        };
        let args = binary
            .and_then(|b| b.arguments)
            .unwrap_or_else(|| vec!["serve".to_string()]);
        Ok(zed::Command { command, args, env: worktree.shell_env() })
    }

    /// Answers workspace/configuration with `lsp.convex-lsp.settings` (`{"convexLsp": {...}}`).
    fn language_server_workspace_configuration(
        &mut self,
        id: &LanguageServerId,
        worktree: &zed::Worktree,
    ) -> Result<Option<zed::serde_json::Value>> {
        Ok(LspSettings::for_worktree(id.as_ref(), worktree)
            .ok()
            .and_then(|settings| settings.settings))
    }
}

zed::register_extension!(ConvexLsp);
