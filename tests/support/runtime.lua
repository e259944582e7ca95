-- busted --helper for the runtimes other than Lua 5.4 (`make test LUA=lua5.3|lua5.1|luajit`).
-- The specs are written for Lua 5.4; this lets the same files run elsewhere without editing them:
--   * 5.1 and LuaJIT: the globals utf8, math.type, math.tointeger, table.unpack, math.maxinteger
--     (2^53) the specs use, taken from zhtext.compat (the library itself never sets globals), and
--     os.execute and the close of an io.popen handle returning 5.2's true | nil, "exit", code;
--   * 5.1, 5.3 and LuaJIT: spec sources are loaded with `local x <close>`/`<const>` attributes
--     removed (the variable is then closed by the collector; specs that check closing at the end
--     of a scope skip themselves below 5.4);
--   * 5.1 (not LuaJIT): "\xHH" and "\u{XXXX}" escapes are rewritten as decimal escapes;
--   * collectgarbage("incremental", pause, stepmul) maps onto setpause/setstepmul, and
--     collectgarbage("generational") leaves the collector incremental.
-- Specs using integer division or bitwise operators are not loadable below 5.3 and are left out by
-- the Makefile (docs/runtimes.md lists them).
-- luacheck: ignore 122 (the shims set fields of the standard tables)
local version = _VERSION:match("%d+%.%d+")
if version == "5.4" then return end
local is_jit = rawget(_G, "jit") ~= nil
local lua51 = version == "5.1" and not is_jit

if not math.type then
  local compat = require("zhtext.compat")
  _G.utf8 = compat.utf8
  math.type, math.tointeger = compat.mtype, compat.tointeger
  table.unpack = table.unpack or compat.unpack
  -- busted reloads the modules a spec file loads (insulation), except those loaded before it:
  -- zhtext.core must be reloaded with them, as on 5.4 (seg.lua takes methods out of its table)
  -- the close of an io.popen handle returns the command's status, as on 5.2+
  local pclose = require("zhtext.core").io.pclose
  local pipes = setmetatable({}, { __mode = "k" })
  local raw_popen = io.popen
  function io.popen(...)
    local fh, err = raw_popen(...)
    if fh then pipes[fh] = true end
    return fh, err
  end
  local methods = getmetatable(io.stdout).__index
  local raw_close = methods.close
  function methods.close(fh, ...)
    if pipes[fh] then
      pipes[fh] = nil
      return pclose(fh)
    end
    return raw_close(fh, ...)
  end
  package.loaded["zhtext.compat"], package.loaded["zhtext.core"] = nil, nil
  -- the largest integers a double holds exactly
  math.maxinteger, math.mininteger = 2 ^ 53, -2 ^ 53
  -- os.execute as 5.2+ returns it: true | nil, "exit" | "signal", code
  local raw_execute = os.execute
  function os.execute(cmd)
    if cmd == nil then return raw_execute() end
    local st = raw_execute(cmd)
    if type(st) ~= "number" then return st end
    local code = st >= 256 and math.floor(st / 256) or st
    if code == 0 then return true, "exit", 0 end
    return nil, "exit", code
  end
end

-- collectgarbage("incremental", pause, stepmul) is 5.4's; the same settings on 5.1/5.3/LuaJIT
local raw_collectgarbage = collectgarbage
function _G.collectgarbage(opt, a, b)
  if opt == "incremental" then
    local pause = raw_collectgarbage("setpause", a or 200)
    raw_collectgarbage("setstepmul", b or 100)
    return "incremental", pause
  end
  if opt == "generational" then return "incremental" end -- 5.4 only: stays incremental
  return raw_collectgarbage(opt, a, b)
end

local function utf8_bytes(cp)
  local s = _G.utf8.char(cp)
  return (s:gsub(".", function(c) return ("\\%03d"):format(c:byte()) end))
end

local function transform(src)
  src = src:gsub("(local%s+[%a_][%w_]*)%s*<close>", "%1"):gsub("(local%s+[%a_][%w_]*)%s*<const>", "%1")
  if lua51 then
    src = src:gsub("\\x(%x%x)", function(h) return ("\\%03d"):format(tonumber(h, 16)) end)
    src = src:gsub("\\u{(%x+)}", function(h) return utf8_bytes(tonumber(h, 16)) end)
  end
  return src
end

local raw_loadfile = loadfile
local load_string = rawget(_G, "loadstring") or load
-- busted loads each spec file through the global loadfile; on 5.1 its env argument (5.2's) is
-- applied with setfenv
local function with_env(env, chunk, err)
  if chunk and env ~= nil and rawget(_G, "setfenv") then _G.setfenv(chunk, env) end
  return chunk, err
end
function _G.loadfile(path, mode, env)
  if type(path) ~= "string" or not path:match("%.lua$") then return with_env(env, raw_loadfile(path, mode, env)) end
  local f = io.open(path, "rb")
  if not f then return with_env(env, raw_loadfile(path, mode, env)) end
  local src = f:read("*a")
  f:close()
  if src:sub(1, 1) == "#" then src = "--" .. src end
  src = transform(src)
  if rawget(_G, "setfenv") then return with_env(env, load_string(src, "@" .. path)) end
  if env ~= nil then return load(src, "@" .. path, mode, env) end
  return load(src, "@" .. path, mode)
end
