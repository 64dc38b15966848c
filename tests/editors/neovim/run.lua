-- Driven by tests/editors/test_neovim.py after the file is loaded (-c 'luafile run.lua').
-- Writes what it saw to $CONVEX_LSP_RESULT as JSON, then quits. Each step needs the previous one.
local out = { steps = {} }
local attach_ms = tonumber(os.getenv('CONVEX_LSP_ATTACH_MS') or '15000')

local function clients()
  return vim.lsp.get_clients({ bufnr = 0, name = 'convex_lsp' })
end

local function first_result(responses)
  for _, response in pairs(responses or {}) do
    if response.err then
      error('LSP error: ' .. vim.inspect(response.err))
    end
    return response.result
  end
end

local function steps()
  out.filetype = vim.bo.filetype
  out.file = vim.api.nvim_buf_get_name(0)
  out.attached = vim.wait(attach_ms, function() return #clients() > 0 end, 50)
  out.root_dir_calls = _G.convex_test.root_dir_calls
  out.on_dir = _G.convex_test.on_dir
  out.shipped_root_dir = _G.convex_test.shipped_root_dir
  if not out.attached then
    return
  end
  local client = clients()[1]
  out.root_dir = client.root_dir
  out.cmd = client.config.cmd
  out.offset_encoding = client.offset_encoding
  table.insert(out.steps, 'attached')

  -- 1. Diagnostics.
  vim.wait(15000, function() return #vim.diagnostic.get(0) > 0 end, 50)
  out.diagnostics = {}
  local target
  for _, d in ipairs(vim.diagnostic.get(0)) do
    table.insert(out.diagnostics, {
      lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col,
      code = d.code, message = d.message, source = d.source,
    })
    if d.code == 'unknown-table' then
      target = d
    end
  end
  if not target then
    return
  end
  table.insert(out.steps, 'diagnostics')

  -- 2. Code actions for that diagnostic; apply "Replace with 'users'".
  local lsp_diag = target.user_data.lsp
  local actions = first_result(vim.lsp.buf_request_sync(0, 'textDocument/codeAction', {
    textDocument = vim.lsp.util.make_text_document_params(0),
    range = lsp_diag.range,
    context = { diagnostics = { lsp_diag } },
  }, 5000)) or {}
  out.code_actions = {}
  local chosen
  for _, action in ipairs(actions) do
    table.insert(out.code_actions, action.title)
    if action.title == "Replace with 'users'" then
      chosen = action
    end
  end
  if chosen then
    if not chosen.edit and not chosen.command then
      chosen = first_result(vim.lsp.buf_request_sync(0, 'codeAction/resolve', chosen, 5000)) or chosen
    end
    if chosen.edit then
      vim.lsp.util.apply_workspace_edit(chosen.edit, client.offset_encoding)
    end
    if chosen.command then
      client:exec_cmd(type(chosen.command) == 'table' and chosen.command or chosen, { bufnr = 0 })
    end
    vim.wait(200)
    out.fixed_line = vim.api.nvim_buf_get_lines(0, target.lnum, target.lnum + 1, false)[1]
    table.insert(out.steps, 'code_action')
  end

  -- 3. Completion inside ctx.db.query("") typed into the buffer (an incremental didChange).
  local lines = vim.api.nvim_buf_get_lines(0, 0, -1, false)
  for i, line in ipairs(lines) do
    local s = line:find('ctx.db.query("users").first()', 1, true)
    if s then
      local new = line:gsub('ctx%.db%.query%("users"%)', 'ctx.db.query("")')
      vim.api.nvim_buf_set_lines(0, i - 1, i, false, { new })
      local quote = new:find('query("', 1, true) + #'query("' - 1 -- byte col (0-based) just inside ""
      vim.api.nvim_win_set_cursor(0, { i, quote })
      out.completion_line = new
      out.completion_col = quote
      break
    end
  end
  local params = vim.lsp.util.make_position_params(0, client.offset_encoding)
  local result = first_result(vim.lsp.buf_request_sync(0, 'textDocument/completion', params, 5000))
  out.completion_labels = {}
  for _, item in ipairs((result and result.items) or result or {}) do
    table.insert(out.completion_labels, item.label)
  end
  table.insert(out.steps, 'completion')
end

local ok, err = xpcall(steps, debug.traceback)
if not ok then
  out.error = err
end
local file = assert(io.open(os.getenv('CONVEX_LSP_RESULT'), 'w'))
file:write(vim.json.encode(out))
file:close()
vim.cmd('qa!')
