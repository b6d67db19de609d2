-- Cancelling a slow model request from inside a real headless Neovim (0.7 and 0.11), three ways: the client's
-- own cancel_request ($/cancelRequest) for a codeAction/resolve, the work-done progress cancel
-- (window/workDoneProgress/cancel on the token the server announced), and the helper's :ArchmemCancel
-- during :ArchmemFixAll. Each time the scripted model's HTTP request must close (the test's fake server
-- writes `closed-N` into ARCHMEM_SIGNALS when the Nth request's connection closes before its answer ended,
-- `request-N` when it arrives) and the buffer stays as it was; then the server must still answer: the
-- generate action fills the stub and the file is written.
-- Environment: ARCHMEM_ROOT, ARCHMEM_PYTHON, ARCHMEM_CACHE, ARCHMEM_HELPER, ARCHMEM_SIGNALS.
-- Prints "PASS <step>" per step, "FAIL <step>: <why>" and exits 1 on the first failure, "ALL PASSED".
local root = assert(os.getenv('ARCHMEM_ROOT'))
local python = assert(os.getenv('ARCHMEM_PYTHON'))
local cache = assert(os.getenv('ARCHMEM_CACHE'))
local signals = assert(os.getenv('ARCHMEM_SIGNALS'))
vim.opt.runtimepath:append(assert(os.getenv('ARCHMEM_HELPER')))
local archmem = require('archmem')
archmem.setup()
-- Neovim logs the server's RequestCancelled answers ("cancellation ack") only at debug level.
if vim.lsp.log and vim.lsp.log.set_level then
  vim.lsp.log.set_level('debug')
else
  vim.lsp.set_log_level('debug')
end
local TIMEOUT = 20000
local NEW_011 = vim.fn.has('nvim-0.11') == 1

local function say(line)
  io.stdout:write('\n' .. line .. '\n')
  io.stdout:flush()
end
local function check(step, ok, why)
  if ok then
    say('PASS ' .. step)
  else
    say('FAIL ' .. step .. ': ' .. tostring(why))
    vim.cmd('cquit 1')
  end
end
local function read(path)
  local f = assert(io.open(path))
  local text = f:read('*a')
  f:close()
  return text
end
local function signalled(name)
  return vim.wait(TIMEOUT, function() return vim.fn.filereadable(signals .. '/' .. name) == 1 end, 20)
end
local function lines(bufnr)
  return table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), '\n') .. '\n'
end
-- 0.11 prefers method calls on the client; 0.7 has only the functions.
local function request(client, method, params, handler, bufnr)
  if NEW_011 then return client:request(method, params, handler, bufnr) end
  return client.request(method, params, handler, bufnr)
end
local function cancel_request(client, id)
  if NEW_011 then return client:cancel_request(id) end
  return client.cancel_request(id)
end
local function notify(client, method, params)
  if NEW_011 then return client:notify(method, params) end
  return client.notify(method, params)
end

-- The progress tokens archmem's actions announce, newest last.
local tokens = {}
local progress = vim.lsp.handlers['$/progress']
vim.lsp.handlers['$/progress'] = function(err, result, ctx, config)
  local value = result and result.value
  if value and value.kind == 'begin' and value.cancellable and (value.title or ''):find('^archmem: ') then
    table.insert(tokens, result.token)
  end
  return progress(err, result, ctx, config)
end

vim.cmd('edit ' .. vim.fn.fnameescape(root .. '/stub.py'))
local stub = vim.api.nvim_get_current_buf()
local original = read(root .. '/stub.py')
local config = {
  name = 'archmem',
  cmd = { python, '-m', 'archmem.server.cli', 'serve' },
  root_dir = root,
  init_options = { archmem = { index = { cacheDir = cache } } },
}
local client_id
if vim.lsp.start then
  client_id = vim.lsp.start(config)
else
  client_id = vim.lsp.start_client(config)
  vim.lsp.buf_attach_client(stub, client_id)
end
check('attach', vim.wait(TIMEOUT, function()
  local c = vim.lsp.get_client_by_id(client_id)
  return c ~= nil and c.initialized and c.server_capabilities and c.server_capabilities.codeActionProvider
end, 20), 'not attached')
local client = vim.lsp.get_client_by_id(client_id)

local generate
vim.wait(TIMEOUT, function()
  local r = vim.lsp.buf_request_sync(stub, 'textDocument/codeAction', {
    textDocument = { uri = vim.uri_from_bufnr(stub) },
    range = { start = { line = 2, character = 4 }, ['end'] = { line = 2, character = 4 } },
    context = { diagnostics = {} },
  }, TIMEOUT)
  for _, a in ipairs(r and r[client_id] and r[client_id].result or {}) do
    if a.title:find('^archmem: Generate the body') then generate = a end
  end
  return generate ~= nil
end, 100)
check('generate listed', generate ~= nil and generate.edit == nil, vim.inspect(generate))

-- 1. Plain LSP: the client cancels its own codeAction/resolve.
local answers = {}
local ok, id = request(client, 'codeAction/resolve', generate, function(err, result)
  table.insert(answers, { err = err, result = result })
end, stub)
check('resolve sent', ok and signalled('request-1'), 'the model was not asked')
cancel_request(client, id)
check('cancel_request closed the model request', signalled('closed-1'), 'the HTTP request stayed open')

-- 2. The work-done progress the server announced for the resolve, cancelled by its token.
ok = request(client, 'codeAction/resolve', generate, function(err, result)
  table.insert(answers, { err = err, result = result })
end, stub)
check('progress announced', ok and signalled('request-2') and vim.wait(TIMEOUT, function() return #tokens >= 2 end, 20),
  vim.inspect(tokens))
notify(client, 'window/workDoneProgress/cancel', { token = tokens[#tokens] })
check('progress cancel closed the model request', signalled('closed-2'), 'the HTTP request stayed open')
-- Neovim drops RequestCancelled answers: no handler ran, so nothing could have been applied.
check('no answer, buffer unchanged', #answers == 0 and lines(stub) == original and not vim.bo[stub].modified,
  vim.inspect(answers) .. lines(stub))

-- 3. The helper: :ArchmemCancel while :ArchmemFixAll waits for the model.
vim.cmd('edit ' .. vim.fn.fnameescape(root .. '/broken.py'))
local broken = vim.api.nvim_get_current_buf()
local broken_text = read(root .. '/broken.py')
vim.lsp.buf_attach_client(broken, client_id)
check('fix-all diagnostics', vim.wait(TIMEOUT, function() return #vim.diagnostic.get(broken) > 0 end, 20), 'none')
vim.cmd('ArchmemFixAll')
check('fix-all sent', signalled('request-3'), 'the model was not asked')
vim.cmd('ArchmemCancel')
check('helper cancel closed the model request', signalled('closed-3'), 'the HTTP request stayed open')
check('helper: nothing applied', archmem.last_fix == nil and lines(broken) == broken_text
  and not vim.bo[broken].modified, vim.inspect(archmem.last_fix) .. lines(broken))
check('statusline ready again', vim.wait(TIMEOUT, function()
  return archmem.statusline():find('^archmem: ready') ~= nil
end, 20), archmem.statusline())

-- The server serves on: the same generate action, resolved and applied the way Neovim does it.
vim.cmd('buffer ' .. stub)
local resolved = vim.lsp.buf_request_sync(stub, 'codeAction/resolve', generate, TIMEOUT)
local edit = resolved and resolved[client_id] and resolved[client_id].result and resolved[client_id].result.edit
check('served after the cancels', edit ~= nil, vim.inspect(resolved))
vim.lsp.util.apply_workspace_edit(edit, client.offset_encoding)
vim.cmd('write')
check('generate written', read(root .. '/stub.py'):find('result += x', 1, true) ~= nil, read(root .. '/stub.py'))
say('ALL PASSED')
vim.cmd('qall!')
