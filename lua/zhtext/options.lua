--- Option-table checking shared by the Lua modules (the C functions check theirs in C), and
-- the form in which errors reach users.
-- @module zhtext.options

local mtype = require("zhtext.compat").mtype -- Lua 5.1/LuaJIT: zhtext.compat
local M = {}

local function quoted_list(values)
  local out = {}
  for i, v in ipairs(values) do out[i] = "'" .. tostring(v) .. "'" end
  return table.concat(out, ", ")
end

-- Checks one value against its rule; returns nil when it is fine, else what is wrong.
-- A rule is `true` (anything), a type name ("boolean", "string", "number", "integer", "table",
-- "function"; several as "string|table"), a list of allowed values, or a function
-- `value -> nil | message`.
local function bad_value(rule, v)
  if rule == true then return nil end
  local rt = type(rule)
  if rt == "function" then return rule(v) end
  if rt == "table" then
    for _, ok in ipairs(rule) do
      if v == ok then return nil end
    end
    return ("bad value '%s' (expected one of %s)"):format(tostring(v), quoted_list(rule))
  end
  for name in rule:gmatch("[^|]+") do
    if name == "integer" then
      if mtype(v) == "integer" then return nil end
    elseif type(v) == name then
      return nil
    end
  end
  return ("%s expected, got %s"):format((rule:gsub("|", " or ")), mtype(v) or type(v))
end

--- Returns opts (or {} for nil) after checking it is a table with only known keys, each value
-- matching its rule in `known` (see bad_value above; `true` accepts any value); errors are
-- raised at the caller of the function named `fname` (`level` frames up, default 3).
-- A nil value is never checked (an option left out).
function M.check(fname, opts, known, level)
  level = level or 3
  if opts == nil then return {} end
  if type(opts) ~= "table" then error(("bad argument to '%s' (options must be a table)"):format(fname), level) end
  for k, v in pairs(opts) do
    local rule = known[k]
    if not rule then error(("bad argument to '%s' (unknown option '%s')"):format(fname, tostring(k)), level) end
    local why = bad_value(rule, v)
    if why then error(("bad argument to '%s' (option '%s': %s)"):format(fname, tostring(k), why), level) end
  end
  return opts
end

--- An error value as a message for people: where inside zhtext's own Lua files it was raised
-- ("…/zhtext/pipeline.lua:77: ") is left out, since it means nothing to a user; positions in
-- the user's own scripts are kept.
function M.message(e)
  local s = tostring(e)
  s = s:gsub("[^%s:]*zhtext/[%w_]+%.lua:%d+: ", ""):gsub("[^%s:]*bin/zhtext:%d+: ", "")
  return s
end

return M
