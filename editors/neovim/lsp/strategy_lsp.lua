-- strategy-lsp for Neovim 0.11+: checks, explains and writes trading-strategy-tester
-- Strategy(...) calls in Python files.
--
-- Copy this file to ~/.config/nvim/lsp/strategy_lsp.lua and add
--     vim.lsp.enable('strategy_lsp')
-- to your init.lua (see init.lua beside this folder for keymaps and commands).
-- Override any field from your init.lua without editing this file, e.g.
--     vim.lsp.config('strategy_lsp', { init_options = { backend = 'ollama' } })
-- Tables are merged, so you name only what you change.

---@type vim.lsp.Config
return {
  -- `pip install strategy-lsp` puts `strategy-lsp` on PATH; from a virtual environment,
  -- give its full path: { '/path/to/.venv/bin/strategy-lsp', 'serve' }
  cmd = { 'strategy-lsp', 'serve' },
  filetypes = { 'python' },
  -- the nearest of these above the file is the workspace root; without one the server
  -- still runs for the single file
  root_markers = { 'pyproject.toml', 'setup.py', 'setup.cfg', 'requirements.txt', '.git' },

  -- Sent when the server starts (README.md shows how to change them while it runs). Keys
  -- are camelCase; a bad value is reported with a warning and its default used instead.
  -- Defaults are shown.
  init_options = {
    -- where strategies come from:
    --   'embedded': the small model shipped in the package, in-process; needs no server
    --   'ollama':   an Ollama server (ollamaHost), models modelSmall / modelLarge
    --   'openai':   any OpenAI-compatible server (openaiBaseUrl), e.g. mlx_lm.server
    backend = 'embedded',
    -- 'whole': one call to the large model for the whole strategy;
    -- 'fields': one call per parameter, run concurrently, each routed to the small model
    --           (ticker, dates, stop loss, ...) or the large one (buy and sell conditions)
    mode = 'whole',
    timeout = 60, -- seconds per model call
    rag = true, -- add the docs of the indicators the comment names to few-shot prompts
    fallbackToEmbedded = true, -- use the embedded model when the server cannot be reached

    -- Left unset so that the server's defaults apply:
    -- ollamaHost = 'http://127.0.0.1:11434', -- default: $OLLAMA_HOST, else this
    -- modelSmall = 'llama3.2:1b', -- default per backend
    -- modelLarge = 'llama3.2:3b', -- default per backend
    -- openaiBaseUrl = 'http://127.0.0.1:8080/v1',
    -- openaiApiKey = 'sk-...',
    -- ollamaKeepAlive = '10m',
    -- promptStyle = 'auto', -- 'few-shot' for base models, 'fine-tuned' for our models
    -- maxConcurrency = 8, -- model calls at once in 'fields' mode
    -- unsureBelow = 0.7, -- name generated parameters the model was less sure of (0: never)
    -- shortSides = "library", -- "entry": the server model writes a short's entry as buy_condition
    -- diagnosticsDelay = 0.15, -- seconds after typing before the buffer is checked
    -- parameterCompletion = true, -- offer a generated value after `take_profit=` etc.
    -- knowledgeDir = '/path/to/index', -- the docs index; default: $STRATEGY_LSP_CACHE_DIR,
    --                                   -- else the user's cache folder
  },
}
