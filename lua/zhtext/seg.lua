--- Word segmentation: jieba's answers from a C core (precise / full / search modes, HMM for
-- unknown words, POS tags, user words, byte offsets, TF-IDF and TextRank keywords).
-- Module-level functions use a default segmenter created on first use, so `require "zhtext"`
-- stays cheap. See docs/segmentation.md. Merged into `zhtext` (`zt.cut`...).
-- @submodule zhtext

local compat = require("zhtext.compat") -- Lua 5.1/LuaJIT: zhtext.compat
local core = require("zhtext.core")

local M = {}

local DICT_NAME = "seg.ztd"
local JIEBA_DIR = "/usr/lib/python3/dist-packages/jieba"
local methods = core.seg_methods
local cut, tokenize, pos = methods.cut, methods.tokenize, methods.pos

local function exists(path)
  local f = io.open(path, "rb")
  if f then f:close() return true end
  return false
end

local function is_compiled(path)
  local f = io.open(path, "rb")
  if not f then return false end
  local head = f:read(7)
  f:close()
  return head == "ZTJIEBA"
end

--- Where the default dictionary is: ZHTEXT_DICT, $ZHTEXT_DATA_DIR/seg.ztd, the rock's install
-- directory, then a cache built from Debian's python3-jieba (~1 s, once).
-- @treturn string path, or nil and a message
function M.seg_dict_path()
  local p = os.getenv("ZHTEXT_DICT")
  if p and p ~= "" then return p end
  local dir = os.getenv("ZHTEXT_DATA_DIR")
  if dir and dir ~= "" and exists(dir .. "/" .. DICT_NAME) then return dir .. "/" .. DICT_NAME end
  p = compat.searchpath("zhtext.seg", (package.path:gsub("%.lua", ".ztd")))
  if p then return p end
  local cache = os.getenv("XDG_CACHE_HOME")
  if not cache or cache == "" then cache = (os.getenv("HOME") or "/tmp") .. "/.cache" end
  cache = cache .. "/zhtext/seg-v" .. core.seg_dict_version .. ".ztd"
  if exists(cache) then return cache end
  local jdir = os.getenv("ZHTEXT_JIEBA_DIR") or JIEBA_DIR
  local ok, err = core.seg_build(jdir, cache)
  if ok then return cache end
  return nil, "no segmentation dictionary (set ZHTEXT_DICT, or install python3-jieba): " .. tostring(err)
end

-- ------------------------------------------------------------------ accurate mode, traditional

local lac_mod
local function lac()
  if not lac_mod then
    local ok, mod = pcall(require, "zhtext.lac")
    if not ok then error("accurate mode unavailable: " .. tostring(mod), 3) end
    lac_mod = mod
  end
  return lac_mod
end

local function without(opts, key)
  local o = {}
  for k, v in pairs(opts) do
    if k ~= key then o[k] = v end
  end
  return o
end

local mapped = methods.mapped
methods.mapped = nil -- internal: reached through the traditional option

-- Segments the simplified form of traditional text and maps the boundaries back (OpenCC t2s
-- converts character by character almost always; otherwise the text is segmented as it is).
-- The mapping is done in C, walking both strings in step: linear time, no per-character tables.
-- kind: "cut" | "tokenize" | "pos"
local function traditional(self, s, opts, kind)
  local plain = without(opts, "traditional")
  local n_s = compat.utf8.len(s)
  local convert = require("zhtext.text").convert
  local ok_c, t = pcall(convert, s, "t2s")
  local n_t = n_s and ok_c and type(t) == "string" and compat.utf8.len(t)
  if not (n_t and n_t == n_s) then
    if kind == "cut" then return cut(self, s, plain) end
    if kind == "pos" then return pos(self, s, plain) end
    return tokenize(self, s, plain)
  end
  return mapped(self, t, plain, s, kind)
end

-- Per-segmenter defaults (segmenter{hmm = false, normalize = true}), weak-keyed.
local defaults = setmetatable({}, { __mode = "k" })

local function with_defaults(self, opts)
  local d = defaults[self]
  if not d or (opts ~= nil and type(opts) ~= "table") then return opts end
  local o = {}
  for k, v in pairs(d) do o[k] = v end
  if opts then
    for k, v in pairs(opts) do o[k] = v end
  end
  return o
end

-- Arguments of cut/tokenize/pos are checked here rather than in C, so that errors number them
-- as the caller wrote them (the C functions take the segmenter first) and point at the caller.
local CUT_OPTS = {
  mode = { precise = true, full = true, search = true, accurate = true },
  hmm = "boolean", normalize = "boolean", traditional = "boolean",
  ascii = { jieba = true, merge = true },
}
local function check_cut(name, s, opts)
  if type(s) ~= "string" then
    error(("bad argument #1 to '%s' (string expected, got %s)"):format(name, type(s)), 3)
  end
  if opts == nil then return end
  if type(opts) ~= "table" then
    error(("bad argument #2 to '%s' (table expected, got %s)"):format(name, type(opts)), 3)
  end
  for k, v in pairs(opts) do
    local rule = CUT_OPTS[k]
    local bad
    if rule == nil then bad = ("unknown option '%s'"):format(tostring(k))
    elseif type(rule) == "table" then
      if not rule[v] then
        local names = {}
        for value in pairs(rule) do names[#names + 1] = "'" .. value .. "'" end
        table.sort(names)
        bad = ("bad value '%s' for option '%s' (expected one of %s)"):format(tostring(v), k, table.concat(names, ", "))
      end
    elseif type(v) ~= rule then bad = ("option '%s' must be a %s, got %s"):format(k, rule, type(v)) end
    if not bad and name == "pos" and k == "mode" and v ~= "precise" and v ~= "accurate" then
      bad = "pos supports mode 'precise' (or 'accurate') only"
    end
    if bad then error(("bad argument #2 to '%s' (%s)"):format(name, bad), 3) end
  end
end

--- Segments s into a list of words.
-- @function Segmenter:cut
-- @tparam string s
-- @tparam[opt] table opts `mode` ("precise" | "full" | "search" | "accurate"), `hmm` (true),
--   `normalize` (false), `traditional` (false)
-- @treturn {string,...}
function methods.cut(self, s, opts)
  check_cut("cut", s, opts)
  opts = with_defaults(self, opts)
  if type(opts) == "table" then
    if opts.mode == "accurate" then return lac().cut(s) end
    if opts.traditional then return traditional(self, s, opts, "cut") end
  end
  return cut(self, s, opts)
end

--- Words with 1-based byte offsets: {{word, start, stop}, ...}, `s:sub(start, stop) == word`.
-- @function Segmenter:tokenize
-- @tparam string s
-- @tparam[opt] table opts as for cut
-- @treturn table
function methods.tokenize(self, s, opts)
  check_cut("tokenize", s, opts)
  opts = with_defaults(self, opts)
  if type(opts) == "table" then
    if opts.mode == "accurate" then return lac().tokenize(s) end
    if opts.traditional then return traditional(self, s, opts, "tokenize") end
  end
  return tokenize(self, s, opts)
end

--- Words with jieba's POS tags: {{word, tag}, ...}.
-- @function Segmenter:pos
-- @tparam string s
-- @tparam[opt] table opts as for cut (mode "precise" or "accurate" only)
-- @treturn table
function methods.pos(self, s, opts)
  check_cut("pos", s, opts)
  opts = with_defaults(self, opts)
  if type(opts) == "table" then
    if opts.mode == "accurate" then return lac().pos(s) end
    if opts.traditional then return traditional(self, s, opts, "pos") end
  end
  return pos(self, s, opts)
end

--- An iterator over the words of s, segmenting about 64 KiB at a time.
-- @function Segmenter:words
-- @tparam string s
-- @tparam[opt] table opts as for cut
-- @return an iterator yielding words
function methods.words(self, s, opts)
  if type(s) ~= "string" then error("bad argument #1 to 'words' (string expected, got " .. type(s) .. ")", 2) end
  local at, n, buf, i = 1, #s, nil, 0
  return function()
    while true do
      if buf and i < #buf then
        i = i + 1
        return buf[i]
      end
      if at > n then return nil end
      local stop = core.seg_split(s, at, 65536)
      buf, i = self:cut(s:sub(at, stop), opts), 0
      at = stop + 1
    end
  end
end

-- ------------------------------------------------------------------ keywords

-- jieba's KeywordExtractor.STOP_WORDS: the default, so results match jieba.analyse.
local JIEBA_STOP = {}
for w in ("the of is and to in that we for an are by be as on with can if from which you it "
    .. "this then at have all not one has or that"):gmatch("%S+") do JIEBA_STOP[w] = true end
local JIEBA_STOP_ASCII = true -- (C skips the look-up of words that are not)
for w in pairs(JIEBA_STOP) do
  if w:find("[\128-\255]") then JIEBA_STOP_ASCII = false end
end

--- Common Chinese function words of two or more characters (single characters are never
-- keywords anyway). Used with `keywords(s, {stop_words = true})`; written for zhtext.
M.STOP_WORDS = {}
for w in ([[我们 你们 他们 她们 它们 咱们 自己 这个 那个 这些 那些 这样 那样 这里 那里 这种 那种
  什么 怎么 怎样 为什么 如何 哪里 哪个 一个 一些 一种 一样 一直 一起 一定 已经 曾经 正在 还是 或者
  而且 并且 但是 可是 然而 因为 所以 因此 于是 如果 即使 虽然 尽管 只要 只有 除了 关于 对于 由于
  通过 根据 按照 作为 为了 以及 以后 以前 之后 之前 之间 其中 其他 其它 另外 此外 同时 然后 接着
  可以 可能 应该 需要 能够 不会 不能 没有 不是 就是 只是 还有 也是 都是 就会 并不 不过 非常 十分
  比较 更加 特别 尤其 主要 目前 现在 当时 今天 今年 去年 明年 表示 认为 觉得 知道 进行 开始 成为
  出现 发现 包括 来说 而言 方面 情况 问题 时候 时间 地方 东西 大家 有关 相关 记者 报道 消息]]):gmatch("%S+") do
  M.STOP_WORDS[w] = true
end

local function stop_set(opt)
  if opt == nil or opt == false then return JIEBA_STOP end
  local set = {}
  for w in pairs(JIEBA_STOP) do set[w] = true end
  if opt == true then
    for w in pairs(M.STOP_WORDS) do set[w] = true end
  elseif type(opt) == "table" then
    for k, v in pairs(opt) do
      local w = type(k) == "number" and v or k
      if type(w) ~= "string" then
        error("bad argument #2 to 'keywords' (option 'stop_words' must list strings, found a " .. type(w) .. ")", 3)
      end
      if type(k) == "number" or v then set[w] = true end
    end
  else
    error("bad argument #2 to 'keywords' (option 'stop_words' must be a boolean or a table)", 3)
  end
  return set
end

-- Python's str.isspace.
local function is_space(c)
  return (c >= 0x09 and c <= 0x0D) or (c >= 0x1C and c <= 0x20) or c == 0x85 or c == 0xA0 or c == 0x1680
    or (c >= 0x2000 and c <= 0x200A) or c == 0x2028 or c == 0x2029 or c == 0x202F or c == 0x205F or c == 0x3000
end

-- Python's len(w.strip()) >= 2: at least two characters once surrounding whitespace is gone.
local function long_enough(w)
  if not compat.utf8.len(w) then return #w >= 2 end
  local cps = { compat.utf8.codepoint(w, 1, -1) }
  local a, b = 1, #cps
  while a <= b and is_space(cps[a]) do a = a + 1 end
  while b >= a and is_space(cps[b]) do b = b - 1 end
  return b - a + 1 >= 2
end

local function sort_weighted(items)
  table.sort(items, function(a, b)
    if a[2] ~= b[2] then return a[2] > b[2] end
    return a[3] < b[3]
  end)
  for _, it in ipairs(items) do it[3] = nil end
  return items
end

local function top_n(items, top)
  if top and top > 0 and #items > top then
    for i = #items, top + 1, -1 do items[i] = nil end
  end
  return items
end

-- keywords() takes text, or words already segmented: a list of strings, or of {word, tag}
-- pairs (needed for allow_pos and textrank), so a pipeline need not segment twice.

-- What a list passed as keywords' text holds: "plain" (strings), "tagged" ({word, tag} pairs)
-- or "empty"; anything else is an argument error naming the first bad element.
local function word_list_kind(s)
  local kind
  for i = 1, compat.rawlen(s) do
    local w, k = rawget(s, i), nil
    if type(w) == "string" then k = "plain"
    elseif type(w) == "table" and type(rawget(w, 1)) == "string" and type(rawget(w, 2)) == "string" then k = "tagged"
    else
      local what = type(w) == "table" and "a table that is not a {word, tag} pair of strings"
        or w == nil and "missing (a hole)" or "a " .. type(w)
      error(("bad argument #1 to 'keywords' (element %d is %s; expected strings or {word, tag} pairs)")
        :format(i, what), 4)
    end
    if kind and k ~= kind then
      error(("bad argument #1 to 'keywords' (element %d: the list mixes strings and {word, tag} pairs)"):format(i), 4)
    end
    kind = k
  end
  return kind or "empty"
end

local function tagged_words(self, s, kind)
  if type(s) == "string" then return pos(self, s) end
  if kind ~= "plain" then return s end
  error("bad argument #1 to 'keywords' (allow_pos and textrank need text or {word, tag} pairs)", 4)
end

local function plain_words(self, s, kind)
  if type(s) == "string" then return cut(self, s) end
  if kind ~= "tagged" then return s end
  local out = {}
  for i, wt in ipairs(s) do out[i] = wt[1] end
  return out
end

local tfidf_c = methods.tfidf
methods.tfidf = nil -- internal: reached through keywords()
local cut_tfidf_c = methods.cut_tfidf
methods.cut_tfidf = nil -- internal: the pipeline's segment and keywords stages in one call

-- Counting, idf lookups and sorting are done in C (seg_tfidf); Lua only picks the words.
local function tfidf(self, s, top, allow, stop, kind)
  local words
  if allow then
    words = {}
    for _, wt in ipairs(tagged_words(self, s, kind)) do
      if allow[wt[2]] then words[#words + 1] = wt[1] end
    end
  else
    words = plain_words(self, s, kind)
  end
  return tfidf_c(self, words, top, stop)
end

local function textrank(self, s, top, allow, stop, kind)
  allow = allow or { ns = true, n = true, vn = true, v = true }
  local words = tagged_words(self, s, kind)
  local function ok(wt)
    return allow[wt[2]] and long_enough(wt[1]) and not stop[wt[1]:lower()]
  end
  local cm, cm_order = {}, {}
  for i = 1, #words do
    if ok(words[i]) then
      for j = i + 1, i + 4 do
        if j > #words then break end
        if ok(words[j]) then
          local a, b = words[i][1], words[j][1]
          local key = a .. "\0" .. b
          if not cm[key] then cm[key] = { a, b, 0 } cm_order[#cm_order + 1] = key end
          cm[key][3] = cm[key][3] + 1
        end
      end
    end
  end
  local graph, nodes = {}, {}
  local function edge(a, b, w)
    local g = graph[a]
    if not g then g = {} graph[a] = g nodes[#nodes + 1] = a end
    g[#g + 1] = { b, w }
  end
  for _, key in ipairs(cm_order) do
    local e = cm[key]
    edge(e[1], e[2], e[3])
    edge(e[2], e[1], e[3])
  end
  local ws, out_sum = {}, {}
  local wsdef = 1.0 / (#nodes > 0 and #nodes or 1.0)
  for _, n in ipairs(nodes) do
    ws[n] = wsdef
    local sum = 0.0
    for _, e in ipairs(graph[n]) do sum = sum + e[2] end
    out_sum[n] = sum
  end
  local sorted = {}
  for i, n in ipairs(nodes) do sorted[i] = n end
  table.sort(sorted)
  local d = 0.85
  for _ = 1, 10 do
    for _, n in ipairs(sorted) do
      local sum = 0
      for _, e in ipairs(graph[n]) do sum = sum + e[2] / out_sum[e[1]] * ws[e[1]] end
      ws[n] = (1 - d) + d * sum
    end
  end
  local min_rank, max_rank = 1.7976931348623157e308, 2.2250738585072014e-308
  for _, n in ipairs(nodes) do
    local w = ws[n]
    if w < min_rank then min_rank = w end
    if w > max_rank then max_rank = w end
  end
  local items = {}
  for i, n in ipairs(nodes) do
    items[i] = { n, (ws[n] - min_rank / 10.0) / (max_rank - min_rank / 10.0), i }
  end
  return top_n(sort_weighted(items), top)
end

local KW_OPTS = { top = true, method = true, allow_pos = true, stop_words = true }

--- Keywords of s: {{word, weight}, ...}, best first (jieba.analyse's extract_tags / textrank).
-- @function Segmenter:keywords
-- @tparam string s
-- s is text, or its words already segmented (strings, or {word, tag} pairs).
-- @tparam[opt] table opts `top` (20; 0 = all), `method` ("tfidf" | "textrank"), `allow_pos`
--   (list of tags; textrank's default is {"ns", "n", "vn", "v"}), `stop_words` (true: add
--   zhtext's Chinese list; a table: add these words)
function methods.keywords(self, s, opts)
  if type(s) ~= "string" and type(s) ~= "table" then
    error("bad argument #1 to 'keywords' (string or table of words expected, got " .. type(s) .. ")", 2)
  end
  if opts ~= nil and type(opts) ~= "table" then
    error("bad argument #2 to 'keywords' (table expected, got " .. type(opts) .. ")", 2)
  end
  opts = opts or {}
  for k in pairs(opts) do
    if not KW_OPTS[k] then error("bad argument #2 to 'keywords' (unknown option '" .. tostring(k) .. "')", 2) end
  end
  local top = opts.top == nil and 20 or opts.top
  if compat.mtype(top) ~= "integer" then error("bad argument #2 to 'keywords' (option 'top' must be an integer)", 2) end
  local method = opts.method or "tfidf"
  if method ~= "tfidf" and method ~= "textrank" then
    error("bad argument #2 to 'keywords' (option 'method' must be 'tfidf' or 'textrank')", 2)
  end
  local allow
  if opts.allow_pos ~= nil then
    if type(opts.allow_pos) ~= "table" then
      error("bad argument #2 to 'keywords' (option 'allow_pos' must be a table)", 2)
    end
    if next(opts.allow_pos) ~= nil then
      allow = {}
      for k, v in pairs(opts.allow_pos) do
        local tag = type(k) == "number" and v or k
        if type(tag) ~= "string" then
          error("bad argument #2 to 'keywords' (option 'allow_pos' must list tags (strings), found a "
            .. type(tag) .. ")", 2)
        end
        if type(k) == "number" or v then allow[tag] = true end
      end
    end
  end
  local stop = stop_set(opts.stop_words)
  local kind = type(s) == "table" and word_list_kind(s) or "text"
  if method == "textrank" then return textrank(self, s, top, allow, stop, kind) end
  return tfidf(self, s, top, allow, stop, kind)
end

-- ------------------------------------------------------------------ segmenters

local base_dict -- the default compiled dictionary (mmap'ed once per Lua state)
local function default_dict()
  if not base_dict then
    local path, err = M.seg_dict_path()
    if not path then return nil, err end
    local d, err2 = core.seg_open(path)
    if not d then return nil, err2 end
    base_dict = d
  end
  return base_dict
end

local SEG_OPTS = { dict = true, user_dict = true, hmm = true, normalize = true }

--- A new, independent segmenter.
-- @tparam[opt] table opts `dict` (a compiled .ztd file or a jieba-format dict.txt),
--   `user_dict` (a path or a list of paths), `hmm` and `normalize` (defaults for every call)
-- @return a segmenter (methods cut, words, tokenize, pos, keywords, add_word, del_word,
--   load_userdict, suggest_freq, freq, idf, close), or nil and a message
function M.segmenter(opts)
  if opts ~= nil and type(opts) ~= "table" then
    error("bad argument #1 to 'segmenter' (table expected, got " .. type(opts) .. ")", 2)
  end
  opts = opts or {}
  for k in pairs(opts) do
    if not SEG_OPTS[k] then error("bad argument #1 to 'segmenter' (unknown option '" .. tostring(k) .. "')", 2) end
  end
  for _, k in ipairs({ "hmm", "normalize" }) do
    if opts[k] ~= nil and type(opts[k]) ~= "boolean" then
      error("bad argument #1 to 'segmenter' (option '" .. k .. "' must be a boolean)", 2)
    end
  end
  local seg, err
  if opts.dict then
    if type(opts.dict) ~= "string" then error("bad argument #1 to 'segmenter' (option 'dict' must be a string)", 2) end
    if is_compiled(opts.dict) then
      local d
      d, err = core.seg_open(opts.dict)
      if not d then return nil, err end
      seg, err = core.seg_new(d)
    else
      local d
      d, err = default_dict()
      if not d then return nil, err end
      local f, oerr = io.open(opts.dict, "rb")
      if not f then return nil, oerr end -- "path: No such file or directory"
      f:close()
      seg, err = core.seg_new(d, opts.dict)
    end
  else
    local d
    d, err = default_dict()
    if not d then return nil, err end
    seg, err = core.seg_new(d)
  end
  if not seg then return nil, err end
  if opts.hmm ~= nil or opts.normalize ~= nil then
    defaults[seg] = { hmm = opts.hmm, normalize = opts.normalize }
  end
  local ud = opts.user_dict
  if ud ~= nil then
    if type(ud) == "string" then ud = { ud } end
    if type(ud) ~= "table" then
      error("bad argument #1 to 'segmenter' (option 'user_dict' must be a string or a table)", 2)
    end
    for i = 1, #ud do
      local p = ud[i]
      if type(p) ~= "string" then
        error("bad argument #1 to 'segmenter' (option 'user_dict' must be a path or a list of paths; element "
          .. i .. " is a " .. type(p) .. ")", 2)
      end
    end
    for _, p in ipairs(ud) do
      local ok, e = seg:load_userdict(p)
      if not ok then return nil, e end
    end
  end
  return seg
end

--- Compiles a jieba-format dictionary (`word freq [tag]` lines, e.g. jieba's dict.txt.big)
-- into a .ztd file that `segmenter{dict = out_path}` maps instantly (HMM tables and idf come
-- from the default dictionary).
-- @treturn true, or nil and a message naming the file and line
function M.compile_dict(words_path, out_path)
  if type(words_path) ~= "string" then error("bad argument #1 to 'compile_dict' (string expected)", 2) end
  if type(out_path) ~= "string" then error("bad argument #2 to 'compile_dict' (string expected)", 2) end
  local d, err = default_dict()
  if not d then return nil, err end
  return core.seg_compile(d, words_path, out_path)
end

local default_seg
local function default()
  if not default_seg then
    local s, err = M.segmenter()
    if not s then error("zhtext.seg: " .. tostring(err), 3) end
    default_seg = s
  end
  return default_seg
end

--- The default segmenter (created on first use).
-- @treturn Segmenter
function M.default_segmenter() return default() end

-- Internal, for the pipeline's keywords stage: TF-IDF keywords (jieba's stop words) of words it
-- got from zt.cut, passed to C as they are (no check of every word in Lua).
function M._tfidf_words(words, top) return tfidf_c(default_seg or default(), words, top, JIEBA_STOP) end

-- The module-level functions go straight to the C methods unless an option needs Lua.
local function special(opts)
  return opts ~= nil and type(opts) == "table" and (opts.mode == "accurate" or opts.traditional)
end

-- Internal, for a pipeline's segment stage followed by a plain keywords stage: the words of
-- zt.cut(s, opts) and the keywords _tfidf_words(words, top) gives, from one call (the words are
-- counted as C makes them, not read back). opts must be plain (no accurate mode, no traditional).
function M._cut_keywords(s, opts, top)
  if type(s) ~= "string" then check_cut("cut", s, opts) end
  return cut_tfidf_c(default_seg or default(), s, opts, top, JIEBA_STOP, JIEBA_STOP_ASCII)
end
-- Whether cut options can go to _cut_keywords.
function M._plain_cut_opts(opts) return not special(opts) end

--- Segments s into a list of words with the default segmenter (see `Segmenter:cut`).
-- @tparam string s
-- @tparam[opt] table opts `mode` ("precise" | "full" | "search" | "accurate"), `hmm` (true),
--   `normalize` (false), `ascii` ("jieba" | "merge"), `traditional` (false)
-- @treturn {string,...}
-- @usage zt.cut("我来到北京清华大学")  --> {"我", "来到", "北京", "清华大学"}
function M.cut(s, opts)
  check_cut("cut", s, opts)
  local seg = default_seg or default()
  if special(opts) then return seg:cut(s, opts) end
  return cut(seg, s, opts)
end
--- Words with 1-based byte offsets, default segmenter (see `Segmenter:tokenize`).
-- @tparam string s
-- @tparam[opt] table opts as for cut
-- @treturn table `{{word, start, stop}, ...}`
function M.tokenize(s, opts)
  check_cut("tokenize", s, opts)
  local seg = default_seg or default()
  if special(opts) then return seg:tokenize(s, opts) end
  return tokenize(seg, s, opts)
end
--- Words with POS tags, default segmenter (see `Segmenter:pos`).
-- @tparam string s
-- @tparam[opt] table opts as for cut
-- @treturn table `{{word, tag}, ...}`
function M.pos(s, opts)
  check_cut("pos", s, opts)
  local seg = default_seg or default()
  if special(opts) then return seg:pos(s, opts) end
  return pos(seg, s, opts)
end
--- An iterator over the words of s, default segmenter (see `Segmenter:words`).
-- @tparam string s
-- @tparam[opt] table opts as for cut
function M.words(s, opts) return default():words(s, opts) end
--- Keywords of s, default segmenter (see `Segmenter:keywords`).
-- @tparam string s
-- @tparam[opt] table opts `top`, `method`, `allow_pos`, `stop_words`
-- @treturn table `{{word, weight}, ...}`
function M.keywords(s, opts) return default():keywords(s, opts) end
--- Adds a word to the default segmenter (see `Segmenter:add_word`).
-- @tparam string w
-- @tparam[opt] integer freq
-- @tparam[opt] string tag
function M.add_word(w, freq, tag) default():add_word(w, freq, tag) end
--- Removes a word from the default segmenter.
-- @tparam string w
function M.del_word(w) default():del_word(w) end
--- Loads a jieba-format user dictionary into the default segmenter.
-- @tparam string path
-- @return true, or nil and "file:line: reason"
function M.load_userdict(path) return default():load_userdict(path) end
--- Suggests a frequency so that w is kept whole (a string) or split (a list of pieces).
-- @param w a word, or a list of pieces
-- @tparam[opt] boolean tune true: also apply it
-- @treturn integer the frequency
function M.suggest_freq(w, tune) return default():suggest_freq(w, tune) end

return M
