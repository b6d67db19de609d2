-- archmem with a (scripted) model in a real headless Neovim (0.7 and 0.11): self-debug through Neovim's own
-- code-action path (request, choose, codeAction/resolve, apply), generate filling a stub, the helper's
-- :ArchmemFixAll; each buffer written to disk. The model endpoint comes from the environment the server is
-- started in (OPENAI_BASE_URL, ARCHMEM_MODEL, OPENAI_API_KEY), as docs/editors/neovim.md tells users.
-- Environment: ARCHMEM_ROOT, ARCHMEM_PYTHON, ARCHMEM_CACHE, ARCHMEM_HELPER (editors/nvim).
-- Prints "PASS <step>" per step, "FAIL <step>: <why>" and exits 1 on the first failure, "ALL PASSED".
local root = assert(os.getenv('ARCHMEM_ROOT'))
local python = assert(os.getenv('ARCHMEM_PYTHON'))
local cache = assert(os.getenv('ARCHMEM_CACHE'))
vim.opt.runtimepath:append(assert(os.getenv('ARCHMEM_HELPER')))
local archmem = require('archmem')
archmem.setup()
local TIMEOUT = 20000

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
local function buffer_text(bufnr)
  return table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), '\n')
end

-- What a user does: the code-action menu at the cursor, choosing the action whose title matches `pattern`.
-- 0.8+ chooses through `filter` + `apply`; 0.7 has neither, so its vim.ui.select is answered once here.
local function choose_code_action(pattern)
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
    say('FAIL no code action matches ' .. pattern .. ': ' .. vim.inspect(items))
    vim.cmd('cquit 1')
  end
  vim.lsp.buf.code_action()
end

vim.cmd('edit ' .. vim.fn.fnameescape(root .. '/broken.py'))
local bufnr = vim.api.nvim_get_current_buf()
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
  vim.lsp.buf_attach_client(bufnr, client_id)
end
check('attach', vim.wait(TIMEOUT, function()
  local c = vim.lsp.get_client_by_id(client_id)
  return c ~= nil and c.initialized and c.server_capabilities and c.server_capabilities.codeActionProvider
end, 20), 'not attached')

-- Self-debug: pyflakes' undefined name, the model's first answer is wrong (verification sends it back),
-- its second is right; Neovim resolves the action and applies the edit.
check('diagnostics', vim.wait(TIMEOUT, function()
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if d.message:find('jsn') then return true end
  end
  return false
end, 20), vim.inspect(vim.diagnostic.get(bufnr)))
vim.api.nvim_win_set_cursor(0, { 6, 15 })
choose_code_action('^archmem: Fix 1 problem')
check('self-debug applied', vim.wait(TIMEOUT, function()
  return buffer_text(bufnr):find('return json.load(handle)', 1, true) ~= nil
end, 20), buffer_text(bufnr))
vim.cmd('write')
check('self-debug written', read(root .. '/broken.py'):find('json.load(handle)', 1, true) ~= nil, read(root .. '/broken.py'))

-- Generate: the body of a `pass` stub, from the model's answer.
vim.cmd('edit ' .. vim.fn.fnameescape(root .. '/stub.py'))
local stub = vim.api.nvim_get_current_buf()
vim.lsp.buf_attach_client(stub, client_id)
vim.api.nvim_win_set_cursor(0, { 3, 4 })
-- Attaching sends didOpen; the memory has the document once the server lists the generate action.
check('generate listed', vim.wait(TIMEOUT, function()
  local r = vim.lsp.buf_request_sync(stub, 'textDocument/codeAction', {
    textDocument = { uri = vim.uri_from_bufnr(stub) },
    range = { start = { line = 2, character = 4 }, ['end'] = { line = 2, character = 4 } },
    context = { diagnostics = {} },
  }, TIMEOUT)
  for _, a in ipairs(r and r[client_id] and r[client_id].result or {}) do
    if a.title:find('^archmem: Generate the body') then return true end
  end
  return false
end, 100), 'no generate action')
choose_code_action('^archmem: Generate the body')
check('generate applied', vim.wait(TIMEOUT, function()
  return buffer_text(stub):find('result += x', 1, true) ~= nil
end, 20), buffer_text(stub))
vim.cmd('write')
check('generate written', read(root .. '/stub.py'):find('result += x', 1, true) ~= nil, read(root .. '/stub.py'))

-- The helper's :ArchmemFixAll sends the buffer's diagnostics to archmem.selfDebug; the model answers.
vim.cmd('edit ' .. vim.fn.fnameescape(root .. '/broken2.py'))
local b2 = vim.api.nvim_get_current_buf()
vim.lsp.buf_attach_client(b2, client_id)
check('fix-all diagnostics', vim.wait(TIMEOUT, function() return #vim.diagnostic.get(b2) > 0 end, 20), 'none')
vim.cmd('ArchmemFixAll')
check('helper fix-all applied', vim.wait(TIMEOUT, function() return archmem.last_fix ~= nil end, 20)
  and archmem.last_fix.applied, vim.inspect(archmem.last_fix))
vim.cmd('write')
check('fix-all written', read(root .. '/broken2.py'):find('return 3.14159 * r * r', 1, true) ~= nil, read(root .. '/broken2.py'))
say('ALL PASSED')
vim.cmd('qall!')
