-- archmem's optional Neovim helper (0.7+): what plain LSP code actions cannot do.
--   :ArchmemExplain     explain the symbol under the cursor in a floating markdown window
--   :ArchmemFixAll      self-debug every diagnostic of the buffer, from all sources
--   :ArchmemLastPrompt  the last prompt sent to a model, exactly as sent, in a split
--   :ArchmemCancel      cancel archmem's running actions, the code-action menu's too (the model request closes)
--   require("archmem").statusline()  progress and state, for your 'statusline'
--   :ArchmemSuggest / :ArchmemAccept  a model's inline suggestion at the cursor as virtual text, and
--                       inserting it; map require("archmem").accept_suggestion() to a key in insert mode
-- Load with: vim.opt.runtimepath:append("/path/to/archmem/editors/nvim"); require("archmem").setup()
local M = {}

local state = { status = nil, progress = nil }

local function archmem_client(bufnr)
  local clients
  if vim.lsp.get_clients then
    clients = vim.lsp.get_clients({ bufnr = bufnr, name = "archmem" })
  else
    clients = {}
    for _, c in pairs(vim.lsp.buf_get_clients(bufnr)) do
      if c.name == "archmem" then
        table.insert(clients, c)
      end
    end
  end
  return clients[1]
end

local function request(client, method, params, handler, bufnr)
  if vim.fn.has("nvim-0.11") == 1 then
    return client:request(method, params, handler, bufnr)
  end
  return client.request(method, params, handler, bufnr)
end

local function cancel(client, id)
  if vim.fn.has("nvim-0.11") == 1 then
    return client:cancel_request(id)
  end
  return client.cancel_request(id)
end

local function notify(message, level)
  vim.notify("archmem: " .. message, level or vim.log.levels.INFO)
end

-- Runs one archmem command; `done(result)` gets the result when there was no error.
local function execute(bufnr, command, argument, done)
  local client = archmem_client(bufnr)
  if not client then
    notify("no archmem language server is attached to this buffer", vim.log.levels.WARN)
    return
  end
  request(client, "workspace/executeCommand", { command = command, arguments = { argument } },
    function(err, result)
      if err then
        notify(command .. " failed: " .. (err.message or vim.inspect(err)), vim.log.levels.ERROR)
      elseif done then
        done(result)
      end
    end, bufnr)
end

local function position_params(bufnr, client)
  local cursor = vim.api.nvim_win_get_cursor(0)
  local line = cursor[1] - 1
  local col = cursor[2]
  local encoding = client.offset_encoding or "utf-16"
  local ok, character = pcall(vim.lsp.util.character_offset, bufnr, line, col, encoding)
  return { line = line, character = ok and character or col }
end

function M.explain(bufnr)
  bufnr = bufnr or vim.api.nvim_get_current_buf()
  local client = archmem_client(bufnr)
  if not client then
    notify("no archmem language server is attached to this buffer", vim.log.levels.WARN)
    return
  end
  local argument = { uri = vim.uri_from_bufnr(bufnr), position = position_params(bufnr, client), show = false }
  execute(bufnr, "archmem.explain", argument, function(result)
    local lines = vim.split(result.markdown, "\n", { plain = true })
    local _, win = vim.lsp.util.open_floating_preview(lines, "markdown", { border = "rounded", max_width = 100 })
    M.explain_window = win
  end)
end

-- Every diagnostic Neovim shows for the buffer (archmem's, linters', type checkers'), as LSP diagnostics.
local function lsp_diagnostics(bufnr, client)
  local encoding = client.offset_encoding or "utf-16"
  local function character(line, col)
    local ok, value = pcall(vim.lsp.util.character_offset, bufnr, line, col, encoding)
    return ok and value or col
  end
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    local end_lnum = d.end_lnum or d.lnum
    local end_col = d.end_col or d.col
    table.insert(out, {
      range = {
        start = { line = d.lnum, character = character(d.lnum, d.col) },
        ["end"] = { line = end_lnum, character = character(end_lnum, end_col) },
      },
      severity = d.severity,
      message = d.message,
      source = d.source,
      code = d.code,
    })
  end
  return out
end

function M.fix_all(bufnr)
  bufnr = bufnr or vim.api.nvim_get_current_buf()
  local client = archmem_client(bufnr)
  if not client then
    notify("no archmem language server is attached to this buffer", vim.log.levels.WARN)
    return
  end
  local argument = {
    uri = vim.uri_from_bufnr(bufnr),
    version = vim.lsp.util.buf_versions[bufnr],
    diagnostics = lsp_diagnostics(bufnr, client),
  }
  execute(bufnr, "archmem.selfDebug", argument, function(result)
    M.last_fix = result
    notify(result.summary, result.applied and vim.log.levels.INFO or vim.log.levels.WARN)
  end)
end

function M.last_prompt(bufnr)
  bufnr = bufnr or vim.api.nvim_get_current_buf()
  execute(bufnr, "archmem.showLastPrompt", { show = false }, function(result)
    vim.cmd("new")
    local buf = vim.api.nvim_get_current_buf()
    vim.api.nvim_buf_set_lines(buf, 0, -1, false, vim.split(result.text, "\n", { plain = true }))
    vim.bo[buf].buftype = "nofile"
    vim.bo[buf].filetype = "markdown"
    vim.bo[buf].modifiable = false
    M.last_prompt_buffer = buf
  end)
end

-- Requests that may be waiting for a model: an action resolved from the code-action menu, or a command.
local CANCELLABLE = { ["codeAction/resolve"] = true, ["workspace/executeCommand"] = true }

-- Cancels the helper's own request and every archmem action Neovim itself is waiting for (the code-action
-- menu resolves the chosen action with `codeAction/resolve`), in any buffer.
function M.cancel()
  local clients = vim.lsp.get_clients and vim.lsp.get_clients({ name = "archmem" })
    or vim.tbl_filter(function(c) return c.name == "archmem" end, vim.lsp.get_active_clients())
  local cancelled = 0
  for _, client in ipairs(clients) do
    for id, pending in pairs(client.requests or {}) do
      if pending.type == "pending" and CANCELLABLE[pending.method] then
        cancel(client, id)
        cancelled = cancelled + 1
      end
    end
  end
  notify(cancelled > 0 and "cancelled" or "nothing to cancel")
end

-- "archmem: self-debug: round 1/3, 2 diagnostics left" while an action runs, else "archmem: ready".
function M.statusline()
  if state.progress then
    return "archmem: " .. state.progress
  end
  if state.status then
    return "archmem: " .. state.status
  end
  return ""
end

-- Inline suggestions: textDocument/inlineCompletion at the cursor, shown as virtual text (inline on 0.10+,
-- at the end of the line before), inserted by accept_suggestion(), which also tells archmem (it counts
-- accepted suggestions locally).
local inline_ns = vim.api.nvim_create_namespace("archmem_inline")
local suggestion = nil

function M.clear_suggestion()
  if suggestion then
    pcall(vim.api.nvim_buf_clear_namespace, suggestion.bufnr, inline_ns, 0, -1)
  end
  suggestion = nil
end

-- The text of the suggestion shown, or nil.
function M.suggestion()
  return suggestion and suggestion.text
end

function M.suggest(bufnr)
  bufnr = bufnr or vim.api.nvim_get_current_buf()
  local client = archmem_client(bufnr)
  if not client then
    return
  end
  local cursor = vim.api.nvim_win_get_cursor(0)
  local row, col = cursor[1] - 1, cursor[2]
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    position = position_params(bufnr, client),
    context = { triggerKind = 1 },
  }
  request(client, "textDocument/inlineCompletion", params, function(err, result)
    local items = result and (result.items or result) or {}
    local item = items[1]
    if err or not item then
      return
    end
    local text = type(item.insertText) == "table" and item.insertText.value or item.insertText
    M.clear_suggestion()
    local lines = vim.split(text, "\n", { plain = true })
    local opts = { virt_text = { { lines[1], "Comment" } } }
    opts.virt_text_pos = vim.fn.has("nvim-0.10") == 1 and "inline" or "eol"
    if #lines > 1 then
      opts.virt_lines = {}
      for i = 2, #lines do
        table.insert(opts.virt_lines, { { lines[i], "Comment" } })
      end
    end
    vim.api.nvim_buf_set_extmark(bufnr, inline_ns, row, col, opts)
    suggestion = { bufnr = bufnr, row = row, col = col, text = text, command = item.command, client = client }
  end, bufnr)
end

-- Inserts the suggestion shown; false when there is none (so a mapping can fall back to its key).
function M.accept_suggestion()
  local s = suggestion
  if not s then
    return false
  end
  M.clear_suggestion()
  local lines = vim.split(s.text, "\n", { plain = true })
  vim.api.nvim_buf_set_text(s.bufnr, s.row, s.col, s.row, s.col, lines)
  if s.command then
    request(s.client, "workspace/executeCommand",
      { command = s.command.command, arguments = s.command.arguments }, function() end, s.bufnr)
  end
  return true
end

function M.setup()
  local progress = vim.lsp.handlers["$/progress"]
  vim.lsp.handlers["$/progress"] = function(err, result, ctx, config)
    local client = vim.lsp.get_client_by_id(ctx.client_id)
    if client and client.name == "archmem" and result and result.value then
      local value = result.value
      if value.kind == "end" then
        state.progress = nil
      else
        state.progress = value.message or value.title or state.progress
      end
      vim.cmd("redrawstatus")
    end
    if progress then
      return progress(err, result, ctx, config)
    end
  end
  vim.lsp.handlers["archmem/status"] = function(_, result)
    if result then
      state.status = result.state .. (result.message and (" · " .. result.message) or "")
    end
  end
  vim.api.nvim_create_user_command("ArchmemExplain", function() M.explain() end, {})
  vim.api.nvim_create_user_command("ArchmemFixAll", function() M.fix_all() end, {})
  vim.api.nvim_create_user_command("ArchmemLastPrompt", function() M.last_prompt() end, {})
  vim.api.nvim_create_user_command("ArchmemCancel", function() M.cancel() end, {})
  vim.api.nvim_create_user_command("ArchmemSuggest", function() M.suggest() end, {})
  vim.api.nvim_create_user_command("ArchmemAccept", function() M.accept_suggestion() end, {})
end

return M
