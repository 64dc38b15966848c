-- nvim --headless -u NONE -l dump_config.lua <native|lspconfig> <config file> <path>...
-- Loads one of our Neovim configs and writes JSON to stdout: the table with functions replaced by
-- "<function>", plus `roots`: for each <path>, the root its root_dir chose (false for none).
local mode, file = arg[1], arg[2]

local config
if mode == 'lspconfig' then
  -- Stand-ins for nvim-lspconfig: record what the file registers and sets up.
  local registered, setup_calls = {}, {}
  package.preload['lspconfig.configs'] = function()
    return registered
  end
  package.preload['lspconfig'] = function()
    return setmetatable({}, {
      __index = function(_, name)
        return { setup = function(opts) table.insert(setup_calls, { name = name, opts = opts }) end }
      end,
    })
  end
  dofile(file)
  config = vim.deepcopy(registered.convex_lsp.default_config)
  config.setup_calls = setup_calls
else
  config = dofile(file)
end

local roots = {}
for i = 3, #arg do
  local path = arg[i]
  local found = false
  if mode == 'lspconfig' then
    found = config.root_dir(path) or false
  else
    local buf = vim.fn.bufadd(path)
    config.root_dir(buf, function(dir)
      found = dir
    end)
  end
  roots[path] = found
end

local function plain(value)
  if type(value) == 'function' then
    return '<function>'
  elseif type(value) == 'table' then
    local out = {}
    for k, v in pairs(value) do
      out[k] = plain(v)
    end
    return out
  end
  return value
end

local out = plain(config)
out.roots = roots
io.stdout:write(vim.json.encode(out))
