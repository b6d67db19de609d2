-- archmem in a real headless Neovim (0.7 and 0.11): attach, document symbols, definition, hover.
-- Environment: ARCHMEM_ROOT (the workspace), ARCHMEM_PYTHON (the interpreter that has archmem),
-- ARCHMEM_CACHE (where the server keeps its index).
-- Prints "PASS <step>" per step and "FAIL <step>: <why>" then exits 1 on the first failure;
-- "ALL PASSED" at the end. Neovim's own messages carry no newlines, so markers start on a fresh line.

local t = dofile(vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':h') .. '/common.lua')
local root, TIMEOUT, say, check = t.root, t.TIMEOUT, t.say, t.check

-- The single answer of the archmem client to a request, or nil and why not.
local function request(bufnr, method, params)
  local responses, err = vim.lsp.buf_request_sync(bufnr, method, params, TIMEOUT)
  if not responses then
    return nil, err or 'no response'
  end
  for _, response in pairs(responses) do
    if response.error then
      return nil, vim.inspect(response.error)
    end
    return response.result, nil
  end
  return nil, 'empty response'
end

-- Put the cursor on the first occurrence of `needle` in the current buffer (0-based line, byte column).
local function cursor_to(needle)
  for i, line in ipairs(vim.api.nvim_buf_get_lines(0, 0, -1, false)) do
    local col = line:find(needle, 1, true)
    if col then
      vim.api.nvim_win_set_cursor(0, { i, col - 1 })
      return i - 1
    end
  end
  check('cursor', false, 'no ' .. needle .. ' in the buffer')
end

local function location_list(result)
  if result == nil then
    return {}
  end
  if result.uri or result.targetUri then
    return { result }
  end
  return result
end

vim.cmd('edit ' .. vim.fn.fnameescape(root .. '/pkg/shapes.py'))
local bufnr = vim.api.nvim_get_current_buf()
local state = nil
-- archmem's own notification: cross-file answers are complete once the workspace is indexed.
local client = t.start({ ['archmem/status'] = function(_, result) state = result.state end })
local client_id = client.id
say('INFO neovim ' .. tostring(vim.version().major) .. '.' .. tostring(vim.version().minor)
  .. ', offset encoding ' .. tostring(client.offset_encoding))

-- Document symbols: the two classes, with their methods nested.
local symbols, why = request(bufnr, 'textDocument/documentSymbol', {
  textDocument = vim.lsp.util.make_text_document_params(bufnr),
})
local names = {}
for _, s in ipairs(symbols or {}) do
  table.insert(names, s.name)
end
check('documentSymbol', table.concat(names, ',') == 'Shape,Circle', why or vim.inspect(names))
check(
  'documentSymbol children',
  symbols and symbols[1].children and symbols[1].children[1].name == '__init__',
  vim.inspect(symbols and symbols[1])
)

check('status ready', vim.wait(TIMEOUT, function()
  return state == 'ready'
end, 20), 'archmem/status never said ready (last: ' .. tostring(state) .. ')')

-- Definition across files: `double` in shapes.py is defined in pkg/util.py, line 4.
cursor_to('double(self')
local found
found, why = request(bufnr, 'textDocument/definition', vim.lsp.util.make_position_params(0, client.offset_encoding))
local target = location_list(found)[1]
check(
  'definition',
  target ~= nil and (target.uri or target.targetUri):match('/pkg/util%.py$') and target.range.start.line == 3,
  why or vim.inspect(found)
)

-- Hover: the memory's summary of `double`.
local hover
hover, why = request(bufnr, 'textDocument/hover', vim.lsp.util.make_position_params(0, client.offset_encoding))
local text = hover and hover.contents and (hover.contents.value or hover.contents) or ''
check('hover', type(text) == 'string' and text:find('Twice x.', 1, true) ~= nil, why or vim.inspect(hover))

-- Non-ASCII text before the name: the client's encoding and the server's must agree.
vim.cmd('edit ' .. vim.fn.fnameescape(root .. '/wide.py'))
local wide = vim.api.nvim_get_current_buf()
vim.lsp.buf_attach_client(wide, client_id)
local line = cursor_to('target)')
found, why = request(wide, 'textDocument/definition', vim.lsp.util.make_position_params(0, client.offset_encoding))
target = location_list(found)[1]
-- `x = "é𝄞"; ` before `target`: 14 UTF-8 bytes, 11 UTF-16 units, 10 code points.
local expected = ({ ['utf-8'] = 14, ['utf-16'] = 11, ['utf-32'] = 10 })[client.offset_encoding]
check(
  'definition on a non-ASCII line',
  target ~= nil and line == 1 and target.range.start.line == 0 and target.range.start.character == expected,
  why or vim.inspect(found) .. ' expected character ' .. tostring(expected)
)

vim.lsp.stop_client(client_id)
vim.wait(5000, function()
  return vim.lsp.get_client_by_id(client_id) == nil
end, 20)
say('ALL PASSED')
vim.cmd('qall!')
