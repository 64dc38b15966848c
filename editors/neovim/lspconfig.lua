-- convex-lsp with nvim-lspconfig, for Neovim 0.8-0.10 (on 0.11+ use lsp/convex_lsp.lua instead).
-- Put this in your init.lua (or require it from there). See editors/neovim/README.md.

local configs = require('lspconfig.configs')

local function read(path)
  local file = io.open(path, 'r')
  if not file then
    return nil
  end
  local text = file:read('*a')
  file:close()
  return text
end

local function is_dir(path)
  return vim.fn.isdirectory(path) == 1
end

local function depends_on_convex(package_json)
  local ok, pkg = pcall(vim.fn.json_decode, read(package_json) or '')
  if not ok or type(pkg) ~= 'table' then
    return false
  end
  for _, key in ipairs({ 'dependencies', 'devDependencies', 'peerDependencies' }) do
    if type(pkg[key]) == 'table' and pkg[key].convex ~= nil then
      return true
    end
  end
  return false
end

local function defines_component(config_file)
  local text = read(config_file)
  return text ~= nil and text:find('%f[%w_]defineComponent%s*%(') ~= nil
end

-- The Convex root rule, as in lsp/convex_lsp.lua: convex.json; else package.json depending on
-- convex next to a convex/ folder; else convex.config.ts calling defineComponent. Nearest wins.
local function convex_root(fname)
  local dir = vim.fn.fnamemodify(fname, ':p:h')
  while true do
    if vim.fn.filereadable(dir .. '/convex.json') == 1 then
      return dir
    end
    if is_dir(dir .. '/convex') and depends_on_convex(dir .. '/package.json') then
      return dir
    end
    if defines_component(dir .. '/convex.config.ts') or defines_component(dir .. '/convex.config.js') then
      return dir
    end
    local parent = vim.fn.fnamemodify(dir, ':h')
    if parent == dir then
      return nil
    end
    dir = parent
  end
end

if not configs.convex_lsp then
  configs.convex_lsp = {
    default_config = {
      cmd = { 'convex-lsp', 'serve' },
      filetypes = { 'typescript', 'typescriptreact' },
      root_dir = convex_root, -- nil outside a Convex root: the server is not started
      single_file_support = false,
      settings = { convexLsp = { enable = true } },
    },
    docs = {
      description = 'convex-lsp: diagnostics, completion and quick fixes for Convex backends.',
    },
  }
end

require('lspconfig').convex_lsp.setup({})
