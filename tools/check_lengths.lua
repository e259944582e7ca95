-- The code-length limits of the project's standards, run by `make check`:
--   * no C function in src/ or tools/ longer than 150 lines (signature to closing brace);
--   * no src/zt_article*.c or src/zt_html*.c file longer than 900 lines.
-- Generated tables (build/gen) are not read. A function is a top-level definition: a line at
-- column 0 with a '(' whose body opens at the end of it (or of a continuation line) and closes
-- with a '}' at column 0, the style every C file here follows.
-- Usage: lua5.4 tools/check_lengths.lua [file.c ...]   (default: src/*.c tools/*.c)
local MAX_FN, MAX_FILE = 150, 900

local function files_from_dirs()
  local out = {}
  for _, dir in ipairs({ "src", "tools" }) do
    local p = assert(io.popen("ls " .. dir .. "/*.c 2>/dev/null"))
    for f in p:lines() do out[#out + 1] = f end
    p:close()
  end
  return out
end

local files = #arg > 0 and arg or files_from_dirs()
local bad = 0

local function report(fmt, ...)
  bad = bad + 1
  io.stderr:write(fmt:format(...), "\n")
end

for _, path in ipairs(files) do
  local lines = {}
  for l in io.lines(path) do lines[#lines + 1] = l end
  local base = path:match("[^/]+$")
  if (base:match("^zt_article.*%.c$") or base:match("^zt_html.*%.c$")) and #lines > MAX_FILE then
    report("%s: %d lines (limit %d for zt_article*/zt_html* files)", path, #lines, MAX_FILE)
  end
  local i = 1
  while i <= #lines do
    local l = lines[i]
    local head = l:match("^[%a_][^;]*%(") and not l:match("^typedef") and not l:match("=")
    if head and not l:match("{.*}%s*$") then -- one-line functions are short by definition
      -- the signature may continue; the body opens with a '{' ending a line
      local j = i
      while j <= #lines and not lines[j]:match("{%s*$") and not lines[j]:match(";%s*$") do j = j + 1 end
      if j <= #lines and lines[j]:match("{%s*$") then
        local k = j + 1
        while k <= #lines and lines[k] ~= "}" do k = k + 1 end
        local n = k - i + 1
        if n > MAX_FN then
          report("%s:%d: %s is %d lines (limit %d)", path, i, l:match("([%w_]+)%s*%(") or "?", n, MAX_FN)
        end
        i = k
      end
    end
    i = i + 1
  end
end

if bad > 0 then
  io.stderr:write(("check_lengths: %d over the limits\n"):format(bad))
  os.exit(1)
end
print(("check_lengths: %d files within the limits (functions <= %d lines, article/html files <= %d)"):format(
  #files, MAX_FN, MAX_FILE))
