-- Shared by the evaluation scripts: the checkout's modules, ../shared, reading and listing.
-- Load with: local E = dofile(((arg and arg[0] or ""):match("^(.*)/") or ".") .. "/evalutil.lua")
local M = {}

M.root = (arg and arg[0] or ""):match("^(.*)/tests/eval/") or "."

--- Makes the checkout's Lua modules and build tree (B=..., default build) findable, so a script
-- runs on its own as well as under make.
function M.use_checkout()
  package.path = M.root .. "/lua/?.lua;" .. M.root .. "/lua/?/init.lua;" .. package.path
  package.cpath = M.root .. "/" .. (os.getenv("B") or "build") .. "/?.so;" .. package.cpath
end

--- The shared data directory: the first argument, $ZHTEXT_SHARED, or ../shared.
function M.shared() return arg[1] or os.getenv("ZHTEXT_SHARED") or (M.root .. "/../shared") end

--- A file's bytes, or nil when it cannot be read.
function M.read(path)
  local f = io.open(path, "rb")
  if not f then return nil end
  local s = f:read("a")
  f:close()
  return s
end

--- The sorted names in dir that end with ext.
function M.list(dir, ext)
  local p = io.popen('ls "' .. dir .. '" 2>/dev/null')
  local out = {}
  if not p then return out end
  for name in p:lines() do
    if name:sub(-#ext) == ext then out[#out + 1] = name end
  end
  p:close()
  table.sort(out)
  return out
end

return M
