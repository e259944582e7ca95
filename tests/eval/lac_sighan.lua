-- Word-segmentation F1 of accurate mode (zhtext.lac.cut) on the full SIGHAN 2005 PKU and MSR
-- test sets in ../shared/data/sighan2005, scored by ../shared/tools/segeval.py (every line).
-- Floors: PKU >= 0.83, MSR >= 0.88. Optional: --kernel portable|avx2, --chunk N.
-- Usage: lua5.4 tests/eval/lac_sighan.lua [shared-dir] [--kernel k] [--chunk n]
-- Skips cleanly (exit 0) when the data, python3 or the model is absent; exit 1 below a floor.

-- Run from anywhere: without LUA_PATH_5_4/LUA_CPATH_5_4, use the checkout's lua/ and build/.
do
  local root = (arg and arg[0] or ""):match("^(.*)/tests/eval/") or "."
  if not pcall(require, "zhtext.core") then
    package.path = root .. "/lua/?.lua;" .. root .. "/lua/?/init.lua;" .. package.path
    package.cpath = root .. "/build/?.so;" .. package.cpath
  end
end

local lac = require("zhtext.lac")

local here = (arg and arg[0] or ""):match("^(.*)/tests/eval/") or "."
local shared, kernel, chunk
local i = 1
while arg and arg[i] do
  if arg[i] == "--kernel" then kernel = arg[i + 1]; i = i + 2
  elseif arg[i] == "--chunk" then chunk = tonumber(arg[i + 1]); i = i + 2
  else shared = arg[i]; i = i + 1 end
end
shared = shared or os.getenv("ZHTEXT_SHARED") or (here .. "/../shared")
local data = shared .. "/data/sighan2005"
local scorer = shared .. "/tools/segeval.py"
local python = io.open("/usr/bin/python3") and "/usr/bin/python3" or "python3"

local function exists(p)
  local f = io.open(p, "rb")
  if f then f:close() return true end
  return false
end

if not (exists(data .. "/pku_test.utf8") and exists(scorer)) then
  print("lac_sighan: SKIP (no SIGHAN data or scorer under " .. shared .. ")")
  os.exit(0)
end
local model, err = lac.model()
if not model then
  print("lac_sighan: SKIP (" .. tostring(err) .. ")")
  os.exit(0)
end
if kernel then model:kernel(kernel) end
if chunk then model:chunk(chunk) end

local FLOORS = { pku = 0.83, msr = 0.88 }
local failed = 0
for _, corpus in ipairs({ "pku", "msr" }) do
  local test, gold = data .. "/" .. corpus .. "_test.utf8", data .. "/" .. corpus .. "_test_gold.utf8"
  if exists(test) and exists(gold) then
    local out = os.tmpname()
    local o = assert(io.open(out, "w"))
    local nchars, t = 0, 0
    for line in io.lines(test) do
      line = line:gsub("\r$", "")
      nchars = nchars + (utf8.len(line) or #line)
      local t0 = os.clock()
      local words = lac.cut(line)
      t = t + os.clock() - t0
      o:write(table.concat(words, "  "), "\n")
    end
    o:close()
    local p = io.popen(python .. " " .. scorer .. " " .. gold .. " " .. out .. " --json 2>&1")
    local res = p:read("a")
    p:close()
    os.remove(out)
    local f1 = tonumber(res:match('"F1"%s*:%s*([%d.]+)') or "")
    if not f1 then
      print("lac_sighan: " .. corpus .. ": cannot read the scorer's output: " .. res)
      failed = failed + 1
    else
      local ok = f1 >= FLOORS[corpus]
      if not ok then failed = failed + 1 end
      print(("lac_sighan: %s F1 %.4f (floor %.2f) %s  [%d chars, %.0f chars/s per-line calls, kernel %s, chunk %d]")
        :format(corpus, f1, FLOORS[corpus], ok and "OK" or "FAIL", nchars, nchars / t, model:kernel(),
          model:chunk()))
    end
  end
end
os.exit(failed == 0 and 0 or 1)
