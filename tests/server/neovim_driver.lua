-- Drives Neovim through what a user does with strategy-lsp, for tests/server/test_neovim.py:
-- open a Python file with description comments, wait for the server, hover an indicator in
-- a comment (K), list the code actions on it, run :StrategyGenerate, wait for the strategy,
-- write the file, then start a generation on a second comment and :StrategyCancel it.
-- Every observation goes into a JSON report that the test asserts on; a step that fails
-- stops the run and is named in the report.
local test = vim.json.decode(vim.env.STRATEGY_LSP_NVIM_TEST)
local WAIT_MS = test.wait_ms

local report = { steps = {}, notifications = {}, progress = {} }
local current_step

local function notified(message, level, source)
  table.insert(report.notifications, { message = tostring(message), level = level,
    source = source, step = current_step })
end

-- what the server tells the user: Neovim echoes window/showMessage (errors through
-- vim.notify), so record it at the handler, at its vim.log level
local LEVELS = { vim.log.levels.ERROR, vim.log.levels.WARN, vim.log.levels.INFO,
  vim.log.levels.DEBUG }
local show_message = vim.lsp.handlers['window/showMessage']
local showing = false
vim.lsp.handlers['window/showMessage'] = function(err, params, ctx)
  notified(params.message, LEVELS[params.type] or vim.log.levels.INFO, 'server')
  showing = true
  local ok, result = pcall(show_message, err, params, ctx)
  showing = false
  if not ok then error(result) end
  return result
end

-- and what Neovim itself has to say (a server that cannot start, a deprecated call)
vim.notify = function(message, level)
  if not showing then notified(message, level or vim.log.levels.INFO, 'neovim') end
end

vim.api.nvim_create_autocmd('LspAttach', {
  callback = function(event)
    local client = vim.lsp.get_client_by_id(event.data.client_id)
    if client and client.name == 'strategy_lsp' then report.attached_buffer = event.buf end
  end,
})

vim.api.nvim_create_autocmd('LspProgress', {
  callback = function(event)
    local value = event.data.params.value
    if type(value) == 'table' then
      table.insert(report.progress,
        { kind = value.kind, message = value.message or value.title, step = current_step })
    end
  end,
})

local function buffer_text(buf)
  return table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), '\n')
end

local function line_of(buf, needle)
  for n, line in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
    if line:find(needle, 1, true) then return n, line end
  end
  error('no line of the buffer contains ' .. needle, 0)
end

local function wait_for(what, condition)
  if not vim.wait(WAIT_MS, condition, 20) then
    error(('gave up after %d ms waiting for %s'):format(WAIT_MS, what), 0)
  end
end

--- Waits for `condition`, giving up early when the server warns or fails in this step (or
--- says anything at all at `level` or above).
local function wait_for_server(what, condition, level)
  local complaint
  wait_for(what, function()
    for _, note in ipairs(report.notifications) do
      if note.step == current_step and note.level >= (level or vim.log.levels.WARN) then
        complaint = note.message
        return true
      end
    end
    return condition()
  end)
  if complaint then error(('waiting for %s, the user was told: %s'):format(what, complaint), 0) end
end

local function progress_count(kind)
  local count = 0
  for _, event in ipairs(report.progress) do
    if event.kind == kind then count = count + 1 end
  end
  return count
end

local function floating_windows()
  local found = {}
  for _, win in ipairs(vim.api.nvim_list_wins()) do
    if vim.api.nvim_win_get_config(win).relative ~= '' then table.insert(found, win) end
  end
  return found
end

local client, buf

local steps = {
  { 'open the file and attach the server', function()
    local resolved = vim.lsp.config.strategy_lsp
    report.resolved_config = resolved and { cmd = resolved.cmd, filetypes = resolved.filetypes }
      or vim.NIL
    vim.cmd.edit(vim.fn.fnameescape(test.file))
    buf = vim.api.nvim_get_current_buf()
    report.filetype = vim.bo[buf].filetype
    wait_for('LspAttach of strategy_lsp', function() return report.attached_buffer == buf end)
    client = vim.lsp.get_clients({ bufnr = buf, name = 'strategy_lsp' })[1]
    report.config = {
      cmd = client.config.cmd,
      filetypes = client.config.filetypes,
      root_markers = client.config.root_markers,
      init_options = client.config.init_options,
    }
    report.maps = {}
    for _, lhs in ipairs({ 'K', '<leader>ca', '<leader>sg', '<leader>sc' }) do
      report.maps[lhs] = vim.fn.maparg(lhs, 'n', false, true).desc or vim.NIL
    end
  end },

  { 'hover an indicator in the comment with K', function()
    local n, line = line_of(buf, test.comment)
    local start = assert(line:find(test.hover_word, 1, true), 'no ' .. test.hover_word)
    -- on the word's last letter (a byte column; the server agreed to UTF-8 positions), so
    -- that a server counting the multibyte text before it differently lands past the word
    vim.api.nvim_win_set_cursor(0, { n, start + #test.hover_word - 2 })
    vim.cmd.normal('K')
    -- an empty answer is told with vim.notify ('No information available')
    wait_for_server('the hover window', function() return #floating_windows() > 0 end,
      vim.log.levels.INFO)
    local float = floating_windows()[1]
    report.hover = buffer_text(vim.api.nvim_win_get_buf(float))
    vim.api.nvim_win_close(float, true)
  end },

  { 'list the code actions on the comment', function()
    local position = { line = line_of(buf, test.comment) - 1, character = 0 }
    local response, err = client:request_sync('textDocument/codeAction', {
      textDocument = { uri = vim.uri_from_bufnr(buf) },
      range = { start = position, ['end'] = position },
      context = { diagnostics = {} },
    }, WAIT_MS, buf)
    assert(response, 'textDocument/codeAction: ' .. tostring(err))
    assert(not response.err, 'textDocument/codeAction: ' .. vim.inspect(response.err))
    report.code_actions = {}
    for _, action in ipairs(response.result or {}) do
      table.insert(report.code_actions, action.title)
    end
  end },

  { 'run :StrategyGenerate on the comment', function()
    vim.api.nvim_win_set_cursor(0, { line_of(buf, test.comment), 0 })
    vim.cmd('StrategyGenerate')
    wait_for_server('Strategy( in the buffer', function()
      return buffer_text(buf):find('Strategy(', 1, true) ~= nil
    end)
  end },

  { 'write the file', function()
    vim.cmd.write()
    report.text = buffer_text(buf)
  end },

  { 'cancel a generation with :StrategyCancel', function()
    local ended = progress_count('end')
    local begun = progress_count('begin')
    vim.api.nvim_win_set_cursor(0, { line_of(buf, test.slow_comment), 0 })
    vim.cmd('StrategyGenerate')
    wait_for_server('the generation to begin', function()
      return progress_count('begin') > begun
    end)
    vim.cmd('StrategyCancel')
    wait_for_server('the generation to end', function() return progress_count('end') > ended end)
    wait_for_server('the server to confirm the cancellation', function()
      for _, note in ipairs(report.notifications) do
        if note.step == current_step then return true end
      end
      return false
    end)
    report.text_after_cancel = buffer_text(buf)
  end },
}

for _, step in ipairs(steps) do
  local name, run = step[1], step[2]
  current_step = name
  local ok, err = xpcall(run, debug.traceback)
  table.insert(report.steps, name)
  if not ok then
    report.failed = { step = name, error = tostring(err) }
    break
  end
end
current_step = 'stop the server'

report.messages = vim.fn.execute('messages')
report.lsp_log = vim.lsp.log.get_filename()
if buf and not report.text then report.text = buffer_text(buf) end

-- shutdown and exit, as when the user quits, so that how the server ends is checked too
if client then
  client:stop()
  vim.wait(WAIT_MS, function() return _G.strategy_lsp_exit ~= nil end, 20)
  report.server_exit = _G.strategy_lsp_exit or vim.NIL
end

vim.fn.writefile({ vim.json.encode(report) }, test.report)
