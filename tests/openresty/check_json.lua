-- tests/openresty/run.sh's checker: `lua check_json.lua FILE EXPR` exits 0 when FILE is JSON
-- and the Lua expression EXPR, over the decoded value `j`, is true; otherwise it prints why
-- (and the start of the answer) and exits 1.
local cjson = require("cjson")
local path, expr = arg[1], arg[2]
local f = assert(io.open(path, "rb"))
local s = f:read("a")
f:close()
local okj, j = pcall(cjson.decode, s)
if not okj then
  io.write("not JSON: ", s:sub(1, 200), "\n")
  os.exit(1)
end
local env = setmetatable({ j = j, null = cjson.null }, { __index = _G })
local chunk = assert(load("return " .. expr, "check", "t", env))
local okx, v = pcall(chunk)
if not (okx and v) then
  io.write(okx and "false" or tostring(v), " for: ", s:sub(1, 300), "\n")
  os.exit(1)
end
