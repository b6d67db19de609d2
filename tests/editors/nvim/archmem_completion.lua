-- Completion in a real headless Neovim: members after `self.` from archmem's memory, typed in insert mode,
-- through `vim.lsp.completion` (autotrigger on `.`) on 0.11 and `omnifunc` (<C-x><C-o>) on 0.7.
-- Environment as for archmem_lsp.lua. Prints PASS/FAIL per step and "ALL PASSED" at the end.

local t = dofile(vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':h') .. '/common.lua')
local TIMEOUT, say, check = t.TIMEOUT, t.say, t.check
local NEW_011 = vim.fn.has('nvim-0.11') == 1

vim.cmd('edit ' .. vim.fn.fnameescape(t.root .. '/pkg/shapes.py'))
local bufnr = vim.api.nvim_get_current_buf()
local client = t.start()
check('completion advertised', client.server_capabilities.completionProvider ~= nil, 'no completionProvider')

-- A new line at the end of Circle.area's body, where `self.` has Circle's and Shape's members, typed as a
-- user types it (the edit reaches the server as didChange).
local last = vim.api.nvim_buf_line_count(bufnr)
vim.api.nvim_win_set_cursor(0, { last, 0 })
if NEW_011 then
  vim.lsp.completion.enable(true, client.id, bufnr, { autotrigger = true })
else
  vim.bo[bufnr].omnifunc = 'v:lua.vim.lsp.omnifunc'
end
-- Neovim's autoindent would put a tab before the typed spaces.
vim.bo[bufnr].autoindent = false
vim.api.nvim_feedkeys('o        return self.', 'tx', false)
local row = vim.api.nvim_buf_line_count(bufnr) - 1
local line = vim.api.nvim_buf_get_lines(bufnr, row, row + 1, false)[1]
check('typed', line == '        return self.', 'line: ' .. tostring(line))

-- What the menu would list: the client's own completion request at the end of the typed line.
local words = {}
local shown = t.poll(TIMEOUT, function()
  local responses = vim.lsp.buf_request_sync(bufnr, 'textDocument/completion', {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    position = { line = row, character = #line },
  }, TIMEOUT)
  words = {}
  for _, response in pairs(responses or {}) do
    local result = response.result or {}
    for _, item in ipairs(result.items or result) do
      words[item.label] = true
    end
  end
  return words.radius ~= nil
end)
local listed = {}
for word, _ in pairs(words) do
  table.insert(listed, word)
end
table.sort(listed)
say('INFO items: ' .. table.concat(listed, ' '))
check('members listed', shown and words.area and words.name and words.radius, 'items: ' .. table.concat(listed, ' '))
say('ALL PASSED')
vim.cmd('qall!')
