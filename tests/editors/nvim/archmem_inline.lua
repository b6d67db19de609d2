-- The helper's inline suggestion in a real headless Neovim, from the scripted model: :ArchmemSuggest shows
-- it as virtual text, accept_suggestion() inserts it, and archmem counts the acceptance.
-- Environment as for archmem_lsp.lua, plus ARCHMEM_HELPER (editors/nvim). PASS/FAIL per step.

local t = dofile(vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':h') .. '/common.lua')
local TIMEOUT, say, check = t.TIMEOUT, t.say, t.check
vim.opt.runtimepath:append(assert(os.getenv('ARCHMEM_HELPER')))
local archmem = require('archmem')
archmem.setup()

vim.cmd('edit ' .. vim.fn.fnameescape(t.root .. '/pkg/util.py'))
local bufnr = vim.api.nvim_get_current_buf()
local client = t.start()
local last = vim.api.nvim_buf_line_count(bufnr)
vim.api.nvim_buf_set_lines(bufnr, last, last, false, { 'half = ' })
-- The cursor after the typed text, as in insert mode (normal mode stops on the last character).
vim.o.virtualedit = 'onemore'
vim.api.nvim_win_set_cursor(0, { last + 1, 7 })

vim.cmd('ArchmemSuggest')
check('suggestion shown', vim.wait(TIMEOUT, function() return archmem.suggestion() ~= nil end, 20),
  'no suggestion')
local ns = vim.api.nvim_get_namespaces()['archmem_inline']
local marks = vim.api.nvim_buf_get_extmarks(bufnr, ns, 0, -1, { details = true })
local shown = marks[1] and marks[1][4].virt_text and marks[1][4].virt_text[1][1]
check('virtual text', shown == 'double(0.5)', 'extmarks: ' .. vim.inspect(marks))

check('accepted', archmem.accept_suggestion(), 'nothing to accept')
local line = vim.api.nvim_buf_get_lines(bufnr, last, last + 1, false)[1]
check('inserted', line == 'half = double(0.5)', 'line: ' .. tostring(line))
check('virtual text cleared', #vim.api.nvim_buf_get_extmarks(bufnr, ns, 0, -1, {}) == 0, 'marks left')

local counted
-- Asked in short attempts over a long window: on a loaded machine one answer was seen to take over 20 s
-- (the server's log, shown on failure, has each request received and answered).
t.poll(3 * TIMEOUT, function()
  local r = vim.lsp.buf_request_sync(bufnr, 'workspace/executeCommand',
    { command = 'archmem.completionStats', arguments = {} }, 5000)
  if not r then say('NOTE completionStats unanswered after 5 s') end
  local stats = r and r[client.id] and r[client.id].result
  counted = stats and stats.python
  return counted and counted.accepted == 1
end)
check('acceptance counted', counted and counted.accepted == 1 and counted.acceptedChars == 11,
  vim.inspect(counted))
say('ALL PASSED')
vim.cmd('qall!')
