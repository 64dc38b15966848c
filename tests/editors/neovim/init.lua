-- Test init for a headless Neovim 0.11+: loads OUR editors/neovim/lsp/convex_lsp.lua from the
-- runtimepath, overrides only `cmd` (to run the server from the test's Python) and records what
-- root_dir decided. Env: CONVEX_LSP_REPO (repo root), CONVEX_LSP_PYTHON (interpreter).
vim.opt.runtimepath:prepend(os.getenv('CONVEX_LSP_REPO') .. '/editors/neovim')
vim.opt.swapfile = false

local shipped = vim.lsp.config.convex_lsp -- resolved from lsp/convex_lsp.lua on the runtimepath
_G.convex_test = { shipped_root_dir = type(shipped.root_dir), root_dir_calls = 0, on_dir = nil }

vim.lsp.config('convex_lsp', {
  cmd = { os.getenv('CONVEX_LSP_PYTHON'), '-m', 'convex_lsp.server' },
  root_dir = function(bufnr, on_dir)
    _G.convex_test.root_dir_calls = _G.convex_test.root_dir_calls + 1
    shipped.root_dir(bufnr, function(dir)
      _G.convex_test.on_dir = dir
      on_dir(dir)
    end)
  end,
})
vim.lsp.enable('convex_lsp')
