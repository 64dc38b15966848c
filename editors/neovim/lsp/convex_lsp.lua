-- convex-lsp for Neovim 0.11+ (vim.lsp.config style).
-- Copy this file to ~/.config/nvim/lsp/convex_lsp.lua (or add editors/neovim to 'runtimepath'),
-- then call vim.lsp.enable('convex_lsp'). See editors/neovim/README.md.

local uv = vim.uv or vim.loop

local function exists(path, kind)
  local stat = uv.fs_stat(path)
  return stat ~= nil and (kind == nil or stat.type == kind)
end

local function read(path)
  local file = io.open(path, 'r')
  if not file then
    return nil
  end
  local text = file:read('*a')
  file:close()
  return text
end

local function depends_on_convex(package_json)
  local ok, pkg = pcall(vim.json.decode, read(package_json) or '')
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

-- A Convex root (architecture.md, "Definitions every part shares"): a directory with a convex.json;
-- else one whose package.json depends on convex and that has a convex/ folder; else one holding a
-- convex.config.ts (or .js) that calls defineComponent. The nearest such directory wins.
local function is_convex_root(dir)
  if exists(dir .. '/convex.json', 'file') then
    return true
  end
  if exists(dir .. '/convex', 'directory') and exists(dir .. '/package.json', 'file') then
    if depends_on_convex(dir .. '/package.json') then
      return true
    end
  end
  return defines_component(dir .. '/convex.config.ts') or defines_component(dir .. '/convex.config.js')
end

local function convex_root(path)
  for dir in vim.fs.parents(path) do
    if is_convex_root(dir) then
      return dir
    end
  end
  return nil
end

---@type vim.lsp.Config
return {
  cmd = { 'convex-lsp', 'serve' },
  filetypes = { 'typescript', 'typescriptreact' },
  -- Outside every Convex root on_dir is never called, so the server is not started.
  root_dir = function(bufnr, on_dir)
    local name = vim.api.nvim_buf_get_name(bufnr)
    if name == '' or name:match('^%a[%w+.-]*://') then -- unnamed, or not a file (fugitive://, oil://)
      return
    end
    local root = convex_root(vim.fs.normalize(name))
    if root then
      on_dir(root)
    end
  end,
  -- Same keys as convex-lsp.toml; these win over the file (docs/settings).
  settings = {
    convexLsp = {
      enable = true,
      diagnostics = { enable = true },
      completion = { snippets = true },
    },
  },
}
