-- The README's main job: parse a scraped article (text or HTML, any encoding) into a record
-- and print it as JSON; with --clean, print the cleaned text instead.
-- Usage: lua5.4 examples/run.lua [--clean] [FILE]      (default: examples/article.txt)
local zt = require("zhtext")

local clean_only = arg[1] == "--clean"
local path = arg[clean_only and 2 or 1] or "examples/article.txt"
local f = assert(io.open(path, "rb"))
local bytes = f:read("a")
f:close()

local text = zt.decode(bytes)
if clean_only then
  io.write((zt.clean(text)), "\n")
else
  io.write(zt.article.to_json(zt.article.parse(text)), "\n")
end
