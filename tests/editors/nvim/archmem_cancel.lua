-- Cancelling a slow model request from inside a real headless Neovim (0.7 and 0.11), four ways: the
-- client's own cancel_request ($/cancelRequest) for a codeAction/resolve; the work-done progress cancel
-- (window/workDoneProgress/cancel on the token the server announced); the helper's :ArchmemCancel while
-- Neovim's code-action menu waits for the chosen action; and :ArchmemCancel during :ArchmemFixAll. Each time
-- the scripted model's HTTP request must close (the test's fake server writes `request-N` into
-- ARCHMEM_SIGNALS when the Nth request arrives, `closed-N` when its connection closed before the answer
-- ended) and the buffer stays as it was; then the server must still answer: generate fills the stub and the
-- file is written.
-- Environment: ARCHMEM_ROOT, ARCHMEM_PYTHON, ARCHMEM_CACHE, ARCHMEM_HELPER, ARCHMEM_SIGNALS.
-- Prints "PASS <step>" per step, "FAIL <step>: <why>" and exits 1 on the first failure, "ALL PASSED".
local t = dofile(vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':h') .. '/common.lua')
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
local check, read, text = t.check, t.read, t.buffer_text
local function signalled(name)
  return vim.wait(t.TIMEOUT, function() return vim.fn.filereadable(signals .. '/' .. name) == 1 end, 20)
end

-- The progress tokens of the generate runs, newest last (the index has its own, also cancellable).
local tokens = {}
local progress = vim.lsp.handlers['$/progress']
vim.lsp.handlers['$/progress'] = function(err, result, ctx, config)
  local value = result and result.value
  if value and value.kind == 'begin' and value.cancellable and (value.title or ''):find('^archmem: generate') then
    table.insert(tokens, result.token)
  end
  return progress(err, result, ctx, config)
end

vim.cmd('edit ' .. vim.fn.fnameescape(t.root .. '/stub.py'))
local stub = vim.api.nvim_get_current_buf()
local original = read(t.root .. '/stub.py')
local client = t.start()
local generate = t.listed(stub, client, 2, 4, '^archmem: Generate the body')
check('generate listed', generate ~= nil and generate.edit == nil, vim.inspect(generate))
local answers = {}
local function answered(err, result)
  table.insert(answers, { err = err, result = result })
end

-- 1. Plain LSP: the client cancels its own codeAction/resolve.
local ok, id = t.request(client, 'codeAction/resolve', generate, answered, stub)
check('resolve sent', ok and signalled('request-1'), 'the model was not asked')
t.cancel_request(client, id)
check('cancel_request closed the model request', signalled('closed-1'), 'the HTTP request stayed open')

-- 2. The work-done progress the server announced for the resolve, cancelled by its token.
local announced = #tokens
ok = t.request(client, 'codeAction/resolve', generate, answered, stub)
check('progress announced', ok and signalled('request-2')
  and vim.wait(t.TIMEOUT, function() return #tokens > announced end, 20), vim.inspect(tokens))
t.notify(client, 'window/workDoneProgress/cancel', { token = tokens[#tokens] })
check('progress cancel closed the model request', signalled('closed-2'), 'the HTTP request stayed open')

-- 3. The code-action menu, as a user meets it, and :ArchmemCancel while it waits for the model.
vim.api.nvim_win_set_cursor(0, { 3, 4 })
t.choose_code_action('^archmem: Generate the body')
check('menu action sent', signalled('request-3'), 'the model was not asked')
vim.cmd('ArchmemCancel')
check('helper cancel of the menu action closed the model request', signalled('closed-3'), 'the HTTP request stayed open')
-- Neovim drops RequestCancelled answers: no handler ran, so nothing could have been applied.
check('no answer, buffer unchanged', #answers == 0 and text(stub) == original and not vim.bo[stub].modified,
  vim.inspect(answers) .. text(stub))

-- 4. :ArchmemCancel while :ArchmemFixAll waits for the model.
local broken = t.open('broken.py', client)
local broken_text = read(t.root .. '/broken.py')
check('fix-all diagnostics', vim.wait(t.TIMEOUT, function() return #vim.diagnostic.get(broken) > 0 end, 20), 'none')
vim.cmd('ArchmemFixAll')
check('fix-all sent', signalled('request-4'), 'the model was not asked')
vim.cmd('ArchmemCancel')
check('helper cancel of fix-all closed the model request', signalled('closed-4'), 'the HTTP request stayed open')
check('fix-all: nothing applied', archmem.last_fix == nil and text(broken) == broken_text
  and not vim.bo[broken].modified, vim.inspect(archmem.last_fix) .. text(broken))
check('statusline ready again', vim.wait(t.TIMEOUT, function()
  return archmem.statusline():find('^archmem: ready') ~= nil
end, 20), archmem.statusline())

-- The server serves on: the same generate action through the menu, applied and written.
vim.cmd('buffer ' .. stub)
vim.api.nvim_win_set_cursor(0, { 3, 4 })
t.choose_code_action('^archmem: Generate the body')
check('served after the cancels', vim.wait(t.TIMEOUT, function()
  return text(stub):find('result += x', 1, true) ~= nil
end, 20), text(stub))
vim.cmd('write')
check('generate written', read(t.root .. '/stub.py'):find('result += x', 1, true) ~= nil, read(t.root .. '/stub.py'))
t.say('ALL PASSED')
vim.cmd('qall!')
