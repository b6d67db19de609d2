-- archmem's code actions in a real headless Neovim (0.7 and 0.11), plain LSP then the helper.
-- Environment: ARCHMEM_ROOT, ARCHMEM_PYTHON, ARCHMEM_CACHE, ARCHMEM_HELPER (editors/nvim).
-- Prints "PASS <step>" per step, "FAIL <step>: <why>" and exits 1 on the first failure, "ALL PASSED".
local t = dofile(vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':h') .. '/common.lua')
vim.opt.runtimepath:append(assert(os.getenv('ARCHMEM_HELPER')))
local archmem = require('archmem')
archmem.setup()
local root, TIMEOUT, say, check, read = t.root, t.TIMEOUT, t.say, t.check, t.read

vim.cmd('edit ' .. vim.fn.fnameescape(root .. '/broken.py'))
local bufnr = vim.api.nvim_get_current_buf()
local client = t.start()
local client_id = client.id

-- Plain LSP: the published syntax error, the listed fix, resolved and applied, the buffer written.
check('diagnostics', vim.wait(TIMEOUT, function() return #vim.diagnostic.get(bufnr) > 0 end, 20), 'none')
local responses = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', {
  textDocument = { uri = vim.uri_from_bufnr(bufnr) },
  range = { start = { line = 0, character = 0 }, ['end'] = { line = 0, character = 0 } },
  context = { diagnostics = {} },
}, TIMEOUT)
local actions = responses and responses[client_id] and responses[client_id].result or {}
local fix, explain
for _, a in ipairs(actions) do
  if a.title:find('^archmem: Fix') then fix = a end
  if a.title:find('^archmem: Explain') then explain = a end
end
check('code actions listed', fix ~= nil and explain ~= nil, vim.inspect(actions))
local resolved = vim.lsp.buf_request_sync(bufnr, 'codeAction/resolve', fix, TIMEOUT)
local edit = resolved and resolved[client_id] and resolved[client_id].result and resolved[client_id].result.edit
check('self-debug resolved', edit ~= nil, vim.inspect(resolved))
vim.lsp.util.apply_workspace_edit(edit, client.offset_encoding)
vim.cmd('write')
check('self-debug applied and written', read(root .. '/broken.py'):find('def area%(r%):') ~= nil, read(root .. '/broken.py'))

-- Generate (offline scaffold): a docstring skeleton, through resolve.
vim.cmd('edit ' .. vim.fn.fnameescape(root .. '/util.py'))
local util = vim.api.nvim_get_current_buf()
vim.lsp.buf_attach_client(util, client_id)

local generate = t.listed(util, client, 1, 4, 'docstring skeleton')
check('generate listed', generate ~= nil, 'no docstring action')
resolved = vim.lsp.buf_request_sync(util, 'codeAction/resolve', generate, TIMEOUT)
edit = resolved and resolved[client_id] and resolved[client_id].result and resolved[client_id].result.edit
check('generate resolved', edit ~= nil, vim.inspect(resolved))
vim.lsp.util.apply_workspace_edit(edit, client.offset_encoding)
vim.cmd('write')
check('generate applied and written', read(root .. '/util.py'):find('"""') ~= nil, read(root .. '/util.py'))

-- The helper: explain in a float, fix-all relaying every diagnostic, statusline, last prompt.
vim.api.nvim_win_set_cursor(0, { 1, 5 })
vim.cmd('ArchmemExplain')
check('helper explain float', vim.wait(TIMEOUT, function()
  return archmem.explain_window ~= nil and vim.api.nvim_win_is_valid(archmem.explain_window)
end, 20), 'no floating window')
local float_buf = vim.api.nvim_win_get_buf(archmem.explain_window)
check('explain markdown', table.concat(vim.api.nvim_buf_get_lines(float_buf, 0, -1, false), '\n'):find('double') ~= nil, 'no symbol name')
vim.api.nvim_win_close(archmem.explain_window, true)

vim.cmd('edit ' .. vim.fn.fnameescape(root .. '/broken2.py'))
local b2 = vim.api.nvim_get_current_buf()
vim.lsp.buf_attach_client(b2, client_id)
check('fix-all diagnostics', vim.wait(TIMEOUT, function() return #vim.diagnostic.get(b2) > 0 end, 20), 'none')
vim.cmd('ArchmemFixAll')
check('helper fix-all applied', vim.wait(TIMEOUT, function() return archmem.last_fix ~= nil end, 20)
  and archmem.last_fix.applied, vim.inspect(archmem.last_fix))
vim.cmd('write')
check('fix-all written', read(root .. '/broken2.py'):find('if x > 0:') ~= nil, read(root .. '/broken2.py'))
check('statusline', archmem.statusline():find('^archmem: ') ~= nil, archmem.statusline())
vim.cmd('ArchmemLastPrompt')
check('helper last prompt', vim.wait(TIMEOUT, function() return archmem.last_prompt_buffer ~= nil end, 20), 'no buffer')
say('ALL PASSED')
vim.cmd('qall!')
