#!/usr/bin/env bash
# CI for the VS Code extension: install from the lockfile, type-check, lint, test, then
# bundle and package the .vsix. Any failure fails the run. The tests that drive the real
# server need strategy-lsp installed (an activated virtual environment, the repository's
# .venv, or STRATEGY_LSP_PYTHON); without it they are skipped and say so.
set -euo pipefail
cd "$(dirname "$0")"

npm ci
npm run typecheck
npm run lint
npm test
npm run package
ls -l ./*.vsix
