-- What the Neovim scripts share (Neovim 0.7 and 0.11): PASS/FAIL reporting, starting
-- archmem on a buffer, the client calls whose spelling changed in 0.11, and the code-action menu as a user
-- drives it. Load with dofile(); environment: ARCHMEM_ROOT, ARCHMEM_PYTHON, ARCHMEM_CACHE, ARCHMEM_SERVER_LOG.
local M = {}
M.root = assert(os.getenv('ARCHMEM_ROOT'))
M.TIMEOUT = 20000
local NEW_011 = vim.fn.has('nvim-0.11') == 1

function M.say(line)
  io.stdout:write('\n' .. line .. '\n')
  io.stdout:flush()
end

-- Prints the step's PASS, or its FAIL and quits Neovim with exit code 1.
function M.check(step, ok, why)
  if ok then
    M.say('PASS ' .. step)
  else
    M.say('FAIL ' .. step .. ': ' .. tostring(why))
    vim.cmd('cquit 1')
  end
end

function M.read(path)
  local f = assert(io.open(path))
  local text = f:read('*a')
  f:close()
  return text
end

function M.buffer_text(bufnr)
  return table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), '\n') .. '\n'
end

-- Starts `archmem serve` for the current buffer and waits until it can list code actions; the client.
-- `handlers`: the client's handlers of server notifications (archmem/status), if any.
function M.start(handlers)
  local bufnr = vim.api.nvim_get_current_buf()
  local config = {
    handlers = handlers,
    name = 'archmem',
    cmd = { assert(os.getenv('ARCHMEM_PYTHON')), '-m', 'archmem.server.cli', 'serve', '--log-file',
      assert(os.getenv('ARCHMEM_SERVER_LOG')) },
    root_dir = M.root,
    init_options = { archmem = { index = { cacheDir = assert(os.getenv('ARCHMEM_CACHE')) }, log = { level = 'debug' } } },
  }
  local client_id
  if vim.lsp.start then
    client_id = vim.lsp.start(config)
  else
    client_id = vim.lsp.start_client(config)
    vim.lsp.buf_attach_client(bufnr, client_id)
  end
  M.check('attach', vim.wait(M.TIMEOUT, function()
    local c = vim.lsp.get_client_by_id(client_id)
    return c ~= nil and c.initialized and c.server_capabilities and c.server_capabilities.codeActionProvider
  end, 20), 'not attached')
  return vim.lsp.get_client_by_id(client_id)
end

-- Opens `rel` in the current window, attached to `client`; its buffer.
function M.open(rel, client)
  vim.cmd('edit ' .. vim.fn.fnameescape(M.root .. '/' .. rel))
  local bufnr = vim.api.nvim_get_current_buf()
  vim.lsp.buf_attach_client(bufnr, client.id)
  return bufnr
end

-- Calls `ask` until it returns true or `timeout` ms pass. `ask` may wait itself (buf_request_sync): a
-- vim.wait() nested in another vim.wait()'s condition hung Neovim now and then in CI, so the polling is a
-- plain loop here.
function M.poll(timeout, ask)
  local deadline = vim.loop.hrtime() + timeout * 1e6
  repeat
    if ask() then return true end
    vim.wait(50)
  until vim.loop.hrtime() > deadline
  return false
end

-- The code action titled like `pattern` at (line, character), once the server lists it (attaching sends
-- didOpen; the action is there once the server has the document).
function M.listed(bufnr, client, line, character, pattern)
  local found
  M.poll(M.TIMEOUT, function()
    local r = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', {
      textDocument = { uri = vim.uri_from_bufnr(bufnr) },
      range = { start = { line = line, character = character }, ['end'] = { line = line, character = character } },
      context = { diagnostics = {} },
    }, M.TIMEOUT)
    for _, a in ipairs(r and r[client.id] and r[client.id].result or {}) do
      if a.title:find(pattern) then found = a end
    end
    return found ~= nil
  end)
  return found
end

function M.request(client, method, params, handler, bufnr)
  if NEW_011 then return client:request(method, params, handler, bufnr) end
  return client.request(method, params, handler, bufnr)
end

function M.cancel_request(client, id)
  if NEW_011 then return client:cancel_request(id) end
  return client.cancel_request(id)
end

function M.notify(client, method, params)
  if NEW_011 then return client:notify(method, params) end
  return client.notify(method, params)
end

-- What a user does: the code-action menu at the cursor, choosing the action whose title matches `pattern`;
-- Neovim resolves it (codeAction/resolve) and applies the edit. 0.8+ chooses through `filter` + `apply`;
-- 0.7 has neither, so its vim.ui.select is answered once here.
function M.choose_code_action(pattern)
  if vim.fn.has('nvim-0.8') == 1 then
    vim.lsp.buf.code_action({ filter = function(a) return a.title:find(pattern) ~= nil end, apply = true })
    return
  end
  local select = vim.ui.select
  vim.ui.select = function(items, _, on_choice)
    vim.ui.select = select
    for _, item in ipairs(items) do
      if item[2].title:find(pattern) then
        return on_choice(item)
      end
    end
    M.check('code action ' .. pattern, false, vim.inspect(items))
  end
  vim.lsp.buf.code_action()
end

return M
