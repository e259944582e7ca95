--- zhtext.lac: accurate mode — Baidu's lac_small BiGRU-CRF (from Debian's python3-jieba) in C.
-- Word segmentation, LAC part-of-speech tags and named entities (PER, LOC, ORG, TIME).
--
--   local lac = require "zhtext.lac"
--   lac.cut(s)        --> {"新华社", "北京", ...}
--   lac.tokenize(s)   --> {{"新华社", 1, 9}, ...}        1-based inclusive byte offsets
--   lac.pos(s)        --> {{"新华社", "ORG"}, {"北京", "LOC"}, ...}
--   lac.entities(s)   --> {{text = "李强", type = "PER", start = 10, stop = 15}, ...}
--
-- Every function takes an optional options table: `model` (a model file path or a model from
-- `lac.load`) and `mode` (accepted when it is "accurate", so zhtext.cut's options can be passed
-- through). The model file is found in this order: the explicit path, $ZHTEXT_LAC,
-- $ZHTEXT_DATA_DIR/lac.bin, the rock's install directory (zhtext/lac.bin beside the Lua modules),
-- then a cached conversion of Debian's files ($XDG_CACHE_HOME or ~/.cache, zhtext/lac.bin),
-- converted on first use. When no model can be found the functions return nil, message.
-- @module zhtext.lac

local core = require("zhtext.core")

local M = {}

local FILE = "lac.bin"
--- Where Debian's python3-jieba keeps lac_small (the source of the last lookup step).
M.debian_dir = "/usr/lib/python3/dist-packages/jieba/lac_small"

local loaded = {}      -- path -> model
local default_model    -- the model found by the lookup order
local default_err

local function readable(path)
  local f = io.open(path, "rb")
  if f then f:close() return true end
  return false
end

local function installed_path()
  local tpl = {}
  for t in package.path:gmatch("[^;]+") do
    if t:sub(-4) == ".lua" then tpl[#tpl + 1] = t:sub(1, -5) .. ".bin" end
  end
  return require("zhtext.compat").searchpath("zhtext.lac", table.concat(tpl, ";"))
end

local function cache_path()
  local base = os.getenv("XDG_CACHE_HOME")
  if not base or base == "" then
    local home = os.getenv("HOME")
    if not home or home == "" then return nil end
    base = home .. "/.cache"
  end
  return base .. "/zhtext", base .. "/zhtext/" .. FILE
end

local function mkdir_p(dir)
  local ok, lfs = pcall(require, "lfs")
  if ok then
    local p = ""
    for part in dir:gmatch("[^/]+") do
      p = p .. "/" .. part
      if not lfs.attributes(p) then lfs.mkdir(p) end
    end
    return lfs.attributes(dir, "mode") == "directory"
  end
  return require("zhtext.compat").execute_ok("mkdir -p '" .. dir:gsub("'", "'\\''") .. "'")
end

--- Loads a model file (cached per path). Returns the model or nil, message.
function M.load(path)
  if type(path) ~= "string" then
    error(("bad argument #1 to 'load' (string expected, got %s)"):format(type(path)), 2)
  end
  if loaded[path] then return loaded[path] end
  local m, err = core.lac_load(path)
  if not m then return nil, err end
  loaded[path] = m
  return m
end

--- Converts the Debian lac_small directory into a model file. Returns true or nil, message.
function M.convert(dir, out)
  if type(dir) ~= "string" or type(out) ~= "string" then
    error("bad arguments to 'convert' (two strings expected)", 2)
  end
  return core.lac_convert(dir, out)
end

local function find_default()
  local env = os.getenv("ZHTEXT_LAC")
  if env and env ~= "" then return M.load(env) end
  local dd = os.getenv("ZHTEXT_DATA_DIR")
  if dd and dd ~= "" and readable(dd .. "/" .. FILE) then return M.load(dd .. "/" .. FILE) end
  local inst = installed_path()
  if inst then return M.load(inst) end
  local dir, cached = cache_path()
  if cached and readable(cached) then
    local m = M.load(cached)
    if m then return m end
  end
  if not readable(M.debian_dir .. "/word.dic") then
    return nil, "zhtext.lac: no model file found and " .. M.debian_dir ..
      " is missing (install python3-jieba, or set ZHTEXT_LAC)"
  end
  local target = cached
  if not (dir and mkdir_p(dir)) then target = os.tmpname() end
  local ok, err = core.lac_convert(M.debian_dir, target)
  if not ok then return nil, err end
  local m, lerr = M.load(target)
  if target ~= cached then os.remove(target) end
  return m, lerr
end

--- The default model (found by the lookup order, loaded once). Returns it or nil, message.
function M.model()
  if default_model then return default_model end
  if default_err then return nil, default_err end
  default_model, default_err = find_default()
  return default_model, default_err
end

local OPTIONS = { model = true, mode = true }

local function resolve(fname, s, opts)
  if type(s) ~= "string" then
    error(("bad argument #1 to '%s' (string expected, got %s)"):format(fname, type(s)), 3)
  end
  if opts == nil then return M.model() end
  if type(opts) ~= "table" then
    error(("bad argument #2 to '%s' (table expected, got %s)"):format(fname, type(opts)), 3)
  end
  for k in pairs(opts) do
    if not OPTIONS[k] then
      error(("bad argument #2 to '%s' (unknown option '%s')"):format(fname, tostring(k)), 3)
    end
  end
  if opts.mode ~= nil and opts.mode ~= "accurate" then
    error(("bad argument #2 to '%s' (option 'mode' must be \"accurate\" here)"):format(fname), 3)
  end
  local m = opts.model
  if m == nil then return M.model() end
  if type(m) == "string" then return M.load(m) end
  if type(m) == "userdata" then return m end
  error(("bad argument #2 to '%s' (option 'model' must be a path or a model)"):format(fname), 3)
end

local function api(what)
  return function(s, opts)
    local m, err = resolve(what, s, opts)
    if not m then return nil, err end
    return m:analyze(s, what)
  end
end

--- Words of s: {word, ...}. White space is never part of a word and is dropped.
-- @function cut
-- @tparam string s
-- @tparam[opt] table opts `model`, `mode`
-- @treturn {string,...} words, or nil and a message when no model is found
M.cut = api("cut")
--- Words with byte offsets: {{word, start, stop}, ...}, s:sub(start, stop) == word.
-- @function tokenize
-- @tparam string s
-- @tparam[opt] table opts `model`, `mode`
-- @treturn table or nil and a message
M.tokenize = api("tokenize")
--- Words with LAC tags: {{word, tag}, ...}; tags n, v, a, ..., nr, ns, nt, PER, LOC, ORG, TIME.
-- @function pos
-- @tparam string s
-- @tparam[opt] table opts `model`, `mode`
-- @treturn table or nil and a message
M.pos = api("pos")
--- Named entities: {{text=, type=, start=, stop=}, ...} with type PER, LOC, ORG or TIME and byte
-- offsets into s (traditional input is analysed through OpenCC t2s and mapped back). They are the
-- words tagged PER, LOC, ORG, TIME, plus ns (place names, as LOC) and nt (organisations, as ORG).
-- Also `zt.entities`.
-- @function entities
-- @tparam string s
-- @tparam[opt] table opts `model`, `mode`
-- @treturn table or nil and a message
M.entities = api("entities")

return M
