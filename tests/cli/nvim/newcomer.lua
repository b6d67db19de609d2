-- A newcomer's Neovim 0.11: the configuration from docs/editors/neovim.md (in NEWCOMER_CONFIG, run as the
-- user's init would), then a Python file with an unused import: attach, documentSymbol, the fix applied.
-- Prints "PASS <step>" per step, "FAIL <step>: <why>" and exits 1 on the first failure, "ALL PASSED".
local TIMEOUT = 30000
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

-- `-u NONE` leaves filetype detection off; a user's Neovim has it on, and vim.lsp.enable starts on FileType.
vim.cmd('filetype on')
dofile(assert(os.getenv('NEWCOMER_CONFIG')))
vim.cmd('edit ' .. vim.fn.fnameescape(assert(os.getenv('NEWCOMER_FILE'))))
local bufnr = vim.api.nvim_get_current_buf()

local client
check('attach', vim.wait(TIMEOUT, function()
  client = vim.lsp.get_clients({ name = 'archmem', bufnr = bufnr })[1]
  return client ~= nil and client.initialized
end, 50), 'archmem did not attach (is it on PATH?)')

local symbols = vim.lsp.buf_request_sync(bufnr, 'textDocument/documentSymbol',
  { textDocument = { uri = vim.uri_from_bufnr(bufnr) } }, TIMEOUT)
local names = {}
for _, s in ipairs(symbols and symbols[client.id] and symbols[client.id].result or {}) do
  table.insert(names, s.name)
end
check('documentSymbol', vim.tbl_contains(names, 'area'), vim.inspect(symbols))

-- The fix is listed once the server has checked the document; then the user picks it from the menu.
local listed = vim.wait(TIMEOUT, function()
  local r = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    range = { start = { line = 0, character = 0 }, ['end'] = { line = 0, character = 0 } },
    context = { diagnostics = {} },
  }, TIMEOUT)
  for _, a in ipairs(r and r[client.id] and r[client.id].result or {}) do
    if a.title:find('^archmem: Fix') then return true end
  end
  return false
end, 100)
check('fix listed', listed, 'no archmem: Fix action')
vim.api.nvim_win_set_cursor(0, { 1, 0 })
vim.lsp.buf.code_action({ filter = function(a) return a.title:find('^archmem: Fix') ~= nil end, apply = true })
check('fix applied', vim.wait(TIMEOUT, function()
  return vim.api.nvim_buf_get_lines(bufnr, 0, 1, false)[1] ~= 'import os'
end, 50), table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), '\n'))
say('ALL PASSED')
vim.cmd('qall!')
