//! Zed starts `strategy-lsp serve` from the PATH for Python files.

use zed_extension_api::{self as zed, LanguageServerId, Result};

struct StrategyLsp;

impl zed::Extension for StrategyLsp {
    fn new() -> Self {
        StrategyLsp
    }

    fn language_server_command(
        &mut self,
        _language_server_id: &LanguageServerId,
        worktree: &zed::Worktree,
    ) -> Result<zed::Command> {
        let command = worktree.which("strategy-lsp").ok_or_else(|| {
            "strategy-lsp is not on the PATH: run `pip install strategy-lsp`".to_string()
        })?;
        Ok(zed::Command {
            command,
            args: vec!["serve".into()],
            env: worktree.shell_env(),
        })
    }
}

zed::register_extension!(StrategyLsp);
