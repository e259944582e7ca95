-- Helpers shared by the specs: files, shell commands, JSON Lines, re-encoding.
local cjson = require("cjson")

local M = {}

--- The interpreter the specs run commands and scripts with: the runtime under test (the Makefile
-- sets ZHTEXT_TEST_LUA to its LUA), lua5.4 when busted is started by hand.
M.LUA = os.getenv("ZHTEXT_TEST_LUA") or "lua5.4"

function M.read(path)
  local f = assert(io.open(path, "rb"))
  local s = f:read("*a")
  f:close()
  return s
end

function M.write(path, s)
  local f = assert(io.open(path, "wb"))
  f:write(s)
  f:close()
end

--- Runs a shell command line with `stdin` as its input; returns stdout, stderr, exit code.
function M.sh(cmd, stdin)
  local out, err, inp = os.tmpname(), os.tmpname(), os.tmpname()
  M.write(inp, stdin or "")
  local r, _, code = os.execute(("(%s) <%s >%s 2>%s"):format(cmd, inp, out, err))
  -- Lua 5.1 and LuaJIT return the raw wait status alone
  if type(r) == "number" then code = r >= 256 and math.floor(r / 256) or r end
  local o, e = M.read(out), M.read(err)
  os.remove(out); os.remove(err); os.remove(inp)
  return o, e, code
end

--- The records of a JSON Lines text.
function M.records(jsonl)
  local out = {}
  for line in jsonl:gmatch("[^\n]+") do out[#out + 1] = cjson.decode(line) end
  return out
end

--- s (UTF-8) re-encoded by iconv, e.g. to "GBK" or "BIG5". Run without the ASan preload
-- that `make sanitize` sets, which iconv must not get.
function M.iconv(s, to)
  local tmp = os.tmpname()
  M.write(tmp, s)
  local out = M.sh("env -u LD_PRELOAD iconv -f UTF-8 -t " .. to .. " " .. tmp)
  os.remove(tmp)
  return out
end

return M
