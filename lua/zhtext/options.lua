--- Option-table checking shared by the Lua modules (the C functions check theirs in C).
-- @module zhtext.options

local M = {}

--- Returns opts (or {} for nil) after checking it is a table with only known keys; errors are
-- raised at the caller of the function named `fname`.
function M.check(fname, opts, known)
  if opts == nil then return {} end
  if type(opts) ~= "table" then error(("bad argument to '%s' (options must be a table)"):format(fname), 3) end
  for k in pairs(opts) do
    if not known[k] then error(("bad argument to '%s' (unknown option '%s')"):format(fname, tostring(k)), 3) end
  end
  return opts
end

return M
