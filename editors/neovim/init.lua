-- strategy-lsp in Neovim 0.11+: paste into your init.lua (or save as
-- ~/.config/nvim/plugin/strategy_lsp.lua) after copying lsp/strategy_lsp.lua into
-- ~/.config/nvim/lsp/.
--
--   :StrategyGenerate   with the cursor on a comment that describes a strategy, insert a
--                       validated Strategy(...) call (and its imports) under it
--   :StrategyCancel     stop a generation that is running; nothing is inserted
--
-- Neovim 0.11 already maps K (hover) and gra (code actions) in every buffer with a
-- language server; the maps below add shorter ones for this server only.

vim.lsp.enable('strategy_lsp')

local GENERATE = 'Generate strategy from comment'

--- Runs the server's "Generate strategy from comment" code action at the cursor.
local function generate_from_comment()
  vim.lsp.buf.code_action({
    filter = function(action) return action.title == GENERATE end,
    apply = true, -- the only match runs without a menu
  })
end

-- progress tokens of the generations running now, per client id
local running = {}

local function cancel_generation()
  local cancelled = 0
  for client_id, tokens in pairs(running) do
    local client = vim.lsp.get_client_by_id(client_id)
    for token in pairs(tokens) do
      if client then
        client:notify('window/workDoneProgress/cancel', { token = token })
        cancelled = cancelled + 1
      end
    end
  end
  if cancelled == 0 then vim.notify('strategy-lsp: no generation is running') end
end

vim.api.nvim_create_user_command('StrategyGenerate', generate_from_comment,
  { desc = 'strategy-lsp: ' .. GENERATE .. ' (cursor on the comment)' })
vim.api.nvim_create_user_command('StrategyCancel', cancel_generation,
  { desc = 'strategy-lsp: cancel the running generation' })

local group = vim.api.nvim_create_augroup('strategy_lsp', { clear = true })

vim.api.nvim_create_autocmd('LspAttach', {
  group = group,
  callback = function(event)
    local client = vim.lsp.get_client_by_id(event.data.client_id)
    if not client or client.name ~= 'strategy_lsp' then return end
    local function map(lhs, rhs, desc)
      vim.keymap.set('n', lhs, rhs, { buffer = event.buf, desc = 'strategy-lsp: ' .. desc })
    end
    map('K', vim.lsp.buf.hover, 'docs of the indicator under the cursor')
    map('<leader>ca', vim.lsp.buf.code_action, 'code actions (quick fixes, generate)')
    map('<leader>sg', generate_from_comment, GENERATE)
    map('<leader>sc', cancel_generation, 'cancel generation')
  end,
})

-- Show per-parameter progress in the message area and remember what can be cancelled.
vim.api.nvim_create_autocmd('LspProgress', {
  group = group,
  callback = function(event)
    local client = vim.lsp.get_client_by_id(event.data.client_id)
    if not client or client.name ~= 'strategy_lsp' then return end
    local token, value = event.data.params.token, event.data.params.value
    if type(value) ~= 'table' then return end
    running[client.id] = running[client.id] or {}
    if value.kind == 'end' then
      running[client.id][token] = nil
    else
      running[client.id][token] = true
    end
    local text = value.kind == 'end' and 'done' or (value.message or value.title or '')
    vim.api.nvim_echo({ { 'strategy-lsp: ' .. text } }, false, {})
  end,
})
