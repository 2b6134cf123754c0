-- The init file of tests/server/test_neovim.py: Neovim with the shipped config under test
-- (editors/neovim/lsp/strategy_lsp.lua on the runtimepath, editors/neovim/init.lua sourced),
-- overriding only what the test needs. The test passes its settings as JSON in
-- $STRATEGY_LSP_NVIM_TEST.
local test = vim.json.decode(vim.env.STRATEGY_LSP_NVIM_TEST)

vim.opt.runtimepath:prepend(test.editor_dir)
vim.lsp.log.set_level('debug') -- every message, for the failure report

-- merged over the shipped lsp/strategy_lsp.lua: the venv's server, the fake Ollama
vim.lsp.config('strategy_lsp', {
  cmd = test.cmd,
  cmd_env = test.cmd_env,
  init_options = test.init_options,
  -- the driver waits for the server to exit and reports how it exited
  on_exit = function(code, signal) _G.strategy_lsp_exit = { code = code, signal = signal } end,
})

dofile(test.editor_dir .. '/init.lua')
