--- What the Lua layer needs from Lua 5.3/5.4 and does not find on Lua 5.1 or LuaJIT 2.1.
-- On 5.3 and 5.4 every field is the runtime's own function; on 5.1 and LuaJIT, whose numbers
-- are doubles, a small replacement (docs/runtimes.md). Internal: not part of the `zhtext` API.
-- @module zhtext.compat
-- @local

local core = require("zhtext.core")

local floor, huge, byte, char, format = math.floor, math.huge, string.byte, string.char, string.format

local M = {}

--- True on 5.3 and 5.4 (a 64-bit integer subtype); false on 5.1 and LuaJIT. Told from the
-- numbers themselves (2^53 + 1 is exact only as an integer), not from math.type, which a program
-- may have filled in.
M.integers = 9007199254740993 ~= 9007199254740992

--- math.type: "integer", "float" or nil. Without an integer subtype, a whole finite number
-- counts as an integer.
M.mtype = M.integers and math.type or function(x)
  if type(x) ~= "number" then return nil end
  if x == floor(x) and x > -huge and x < huge then return "integer" end
  return "float"
end
local mtype = M.mtype

--- math.tointeger for numbers.
M.tointeger = M.integers and math.tointeger or function(x)
  if mtype(x) == "integer" then return x end
  return nil
end

--- table.unpack (5.1 and LuaJIT: unpack).
M.unpack = table.unpack or _G.unpack

--- table.move (LuaJIT has it; 5.1 does not).
M.move = table.move or function(a1, f, e, t, a2)
  a2 = a2 or a1
  if e >= f then
    if t > f or t > e or a1 ~= a2 then
      for i = 0, e - f do a2[t + i] = a1[f + i] end
    else
      for i = e - f, 0, -1 do a2[t + i] = a1[f + i] end
    end
  end
  return a2
end

--- rawlen (5.1 and LuaJIT: #, which has no __len for tables there).
M.rawlen = _G.rawlen or function(v) return #v end

--- package.searchpath (5.2+; LuaJIT has it, 5.1 does not).
M.searchpath = package.searchpath or function(name, path)
  local fname, tried = name:gsub("%.", "/"), {}
  for tpl in path:gmatch("[^;]+") do
    local p = tpl:gsub("%?", (fname:gsub("%%", "%%%%")))
    local f = io.open(p, "rb")
    if f then
      f:close()
      return p
    end
    tried[#tried + 1] = "\n\tno file '" .. p .. "'"
  end
  return nil, table.concat(tried)
end

--- A 64-bit hash or fingerprint (a Lua integer on 5.3/5.4, 16 hex digits on 5.1/LuaJIT) as 16
-- lowercase hex digits.
function M.hex64(v)
  if type(v) == "string" then return v:lower() end
  return format("%016x", v)
end

--- The runtime's form of 16 hex digits: a Lua integer on 5.3/5.4 (wrapping above 2^63 as
-- zt.simhash does), the lowercase string on 5.1/LuaJIT.
if M.integers then
  function M.from_hex64(s) return tonumber(s, 16) end
else
  function M.from_hex64(s) return s:lower() end
end

--- file:close() of an io.popen handle, with the command's status: ok, "exit" | "signal", code
-- (5.1's and LuaJIT's close reports none; core.io.pclose does it there).
if M.integers then
  function M.pclose(fh) return fh:close() end
else
  function M.pclose(fh) return core.io.pclose(fh) end
end

--- os.execute(cmd) succeeded (true on 5.2+, status 0 on 5.1 and LuaJIT).
function M.execute_ok(cmd)
  local r = os.execute(cmd)
  return r == true or r == 0
end

--- True for the all-zero fingerprint (no content) in either form.
function M.is_zero64(v) return v == 0 or v == "0000000000000000" end

-- ---- utf8 (5.3) for runtimes without it: validation and length come from the C core ----
local function utf8_shim()
  local c_len, c_valid = core.utf8_len, core.utf8_valid
  local U = { charpattern = "[%z\1-\127\194-\253][\128-\191]*" }

  -- the code point at byte i of a string known to be valid there, and the next byte
  local function decode(s, i)
    local c = byte(s, i)
    if c < 0x80 then return c, i + 1 end
    if c < 0xE0 then return (c - 0xC0) * 0x40 + byte(s, i + 1) - 0x80, i + 2 end
    local c2, c3 = byte(s, i + 1, i + 2)
    if c < 0xF0 then return (c - 0xE0) * 0x1000 + (c2 - 0x80) * 0x40 + c3 - 0x80, i + 3 end
    return (c - 0xF0) * 0x40000 + (c2 - 0x80) * 0x1000 + (c3 - 0x80) * 0x40 + byte(s, i + 3) - 0x80, i + 4
  end

  local function range(s, i, j)
    local n = #s
    i, j = i or 1, j or -1
    if i < 0 then i = n + i + 1 end
    if j < 0 then j = n + j + 1 end
    return i, j
  end

  function U.len(s, i, j)
    if i == nil and j == nil then return c_len(s) end
    i, j = range(s, i, j)
    local n, bad = c_len(s:sub(i, j))
    if n then return n end
    return nil, bad + i - 1
  end

  function U.codepoint(s, i, j)
    i = i or 1
    j = j or i
    i, j = range(s, i, j)
    if i > j then return end
    local ok, bad = c_valid(s:sub(i, j))
    if not ok then error(("bad argument #1 to 'codepoint' (invalid UTF-8 code at byte %d)"):format(bad + i - 1), 2) end
    local out, k = {}, i
    while k <= j do
      out[#out + 1], k = decode(s, k)
    end
    return M.unpack(out)
  end

  function U.codes(s)
    local ok, bad = c_valid(s)
    if not ok then error(("bad argument #1 to 'codes' (invalid UTF-8 code at byte %d)"):format(bad), 2) end
    local k = 1
    return function()
      if k > #s then return nil end
      local at = k
      local cp
      cp, k = decode(s, k)
      return at, cp
    end
  end

  -- the byte where the n-th character (counted from byte i) starts; only n >= 1 (what zhtext uses)
  function U.offset(s, n, i)
    i = i or 1
    if n < 1 then error("zhtext.compat: utf8.offset needs n >= 1", 2) end
    local k = i
    for _ = 2, n do
      if k > #s then return nil end
      local c = byte(s, k)
      k = k + (c < 0x80 and 1 or c < 0xE0 and 2 or c < 0xF0 and 3 or 4)
    end
    if k > #s + 1 then return nil end
    return k
  end

  function U.char(...)
    local out = {}
    for idx = 1, select("#", ...) do
      local cp = select(idx, ...)
      if cp < 0x80 then out[idx] = char(cp)
      elseif cp < 0x800 then out[idx] = char(0xC0 + floor(cp / 0x40), 0x80 + cp % 0x40)
      elseif cp < 0x10000 then
        out[idx] = char(0xE0 + floor(cp / 0x1000), 0x80 + floor(cp / 0x40) % 0x40, 0x80 + cp % 0x40)
      else
        out[idx] = char(0xF0 + floor(cp / 0x40000), 0x80 + floor(cp / 0x1000) % 0x40,
          0x80 + floor(cp / 0x40) % 0x40, 0x80 + cp % 0x40)
      end
    end
    return table.concat(out)
  end
  return U
end

--- The utf8 library: the runtime's (5.3, 5.4) or a replacement with len, codepoint, codes,
-- offset (n >= 1), char and charpattern.
M.utf8 = _G.utf8 or utf8_shim()
-- for tests/runtimes_spec.lua, which checks the replacement against 5.4's own library
M.utf8_shim = utf8_shim

--- Integer division of numbers (a // b).
function M.idiv(a, b) return floor(a / b) end

return M
