-- archmem with a (scripted) model in a real headless Neovim (0.7 and 0.11): self-debug through Neovim's own
-- code-action path (request, choose, codeAction/resolve, apply), generate filling a stub, the helper's
-- :ArchmemFixAll; each buffer written to disk. The model endpoint comes from the environment the server is
-- started in (OPENAI_BASE_URL, ARCHMEM_MODEL, OPENAI_API_KEY), as docs/editors/neovim.md tells users.
-- Environment: ARCHMEM_ROOT, ARCHMEM_PYTHON, ARCHMEM_CACHE, ARCHMEM_HELPER (editors/nvim).
-- Prints "PASS <step>" per step, "FAIL <step>: <why>" and exits 1 on the first failure, "ALL PASSED".
local t = dofile(vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':h') .. '/common.lua')
vim.opt.runtimepath:append(assert(os.getenv('ARCHMEM_HELPER')))
local archmem = require('archmem')
archmem.setup()
local check, read, text = t.check, t.read, t.buffer_text

vim.cmd('edit ' .. vim.fn.fnameescape(t.root .. '/broken.py'))
local broken = vim.api.nvim_get_current_buf()
local client = t.start()

-- Self-debug: pyflakes' undefined name; the model's first answer is wrong (verification sends it back with
-- what is still wrong), its second is right.
check('diagnostics', vim.wait(t.TIMEOUT, function()
  for _, d in ipairs(vim.diagnostic.get(broken)) do
    if d.message:find('jsn') then return true end
  end
  return false
end, 20), vim.inspect(vim.diagnostic.get(broken)))
vim.api.nvim_win_set_cursor(0, { 6, 15 })
t.choose_code_action('^archmem: Fix 1 problem')
check('self-debug applied', vim.wait(t.TIMEOUT, function()
  return text(broken):find('return json.load(handle)', 1, true) ~= nil
end, 20), text(broken))
vim.cmd('write')
check('self-debug written', read(t.root .. '/broken.py'):find('json.load(handle)', 1, true) ~= nil,
  read(t.root .. '/broken.py'))

-- Generate: the body of a `pass` stub, from the model's (streamed) answer.
local stub = t.open('stub.py', client)
check('generate listed', t.listed(stub, client, 2, 4, '^archmem: Generate the body') ~= nil, 'not listed')
vim.api.nvim_win_set_cursor(0, { 3, 4 })
t.choose_code_action('^archmem: Generate the body')
check('generate applied', vim.wait(t.TIMEOUT, function()
  return text(stub):find('result += x', 1, true) ~= nil
end, 20), text(stub))
vim.cmd('write')
check('generate written', read(t.root .. '/stub.py'):find('result += x', 1, true) ~= nil, read(t.root .. '/stub.py'))

-- The helper's :ArchmemFixAll sends the buffer's diagnostics to archmem.selfDebug; the model answers.
local b2 = t.open('broken2.py', client)
check('fix-all diagnostics', vim.wait(t.TIMEOUT, function() return #vim.diagnostic.get(b2) > 0 end, 20), 'none')
vim.cmd('ArchmemFixAll')
check('helper fix-all applied', vim.wait(t.TIMEOUT, function() return archmem.last_fix ~= nil end, 20)
  and archmem.last_fix.applied, vim.inspect(archmem.last_fix))
vim.cmd('write')
check('fix-all written', read(t.root .. '/broken2.py'):find('return 3.14159 * r * r', 1, true) ~= nil,
  read(t.root .. '/broken2.py'))
t.say('ALL PASSED')
vim.cmd('qall!')
