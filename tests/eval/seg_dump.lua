-- Segments a file line by line with zhtext (the counterpart of tests/eval/jieba_ref.py).
-- usage: lua5.4 tests/eval/seg_dump.lua MODE FILE [SEP]
-- MODE: precise | precise_nohmm | precise_norm | precise_nohmm_norm | precise_merge |
--       precise_norm_merge | full | search |
--       search_nohmm | pos | pos_nohmm
-- One output line per input line (CR/LF stripped); words joined by SEP (default U+001F).
local zt = require("zhtext")

local mode, path, sep = arg[1], arg[2], arg[3] or "\31"
local opts = ({
  precise = {}, precise_nohmm = { hmm = false },
  precise_norm = { normalize = true }, precise_nohmm_norm = { hmm = false, normalize = true },
  precise_merge = { ascii = "merge" }, precise_norm_merge = { normalize = true, ascii = "merge" },
  full = { mode = "full" }, search = { mode = "search" }, search_nohmm = { mode = "search", hmm = false },
  pos = {}, pos_nohmm = { hmm = false },
})[mode]
if not opts or not path then
  io.stderr:write("usage: seg_dump.lua MODE FILE [SEP]\n")
  os.exit(2)
end
local tagged = mode:match("^pos") ~= nil
local out = {}
for line in io.lines(path) do
  line = line:gsub("\r$", "")
  if tagged then
    local t = {}
    for i, wt in ipairs(zt.pos(line, opts)) do t[i] = wt[1] .. "/" .. wt[2] end
    out[#out + 1] = table.concat(t, sep)
  else
    out[#out + 1] = table.concat(zt.cut(line, opts), sep)
  end
end
io.write(table.concat(out, "\n"), "\n")
