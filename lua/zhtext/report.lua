--- Self-contained HTML reports: `zhtext report OUT.jsonl -o corpus.html` (this module) and the
-- HTML and SVG helpers `zhtext explain` (zhtext.explain) shares. Pages use no network, no
-- scripts and no web fonts: inline CSS and inline SVG charts drawn here.
--
-- The corpus report streams: one pass over the JSON Lines, keeping only fixed-size state
-- (counters, fixed-bin histograms, a HyperLogLog sketch for distinct texts, bounded top-k tables
-- for sites and sources, the first failures), so memory does not grow with the record count.
-- @module zhtext.report

local compat = require("zhtext.compat") -- Lua 5.1/LuaJIT
local utf8, idiv = compat.utf8, compat.idiv

local M = {}

local function zt() return require("zhtext") end

---------------------------------------------------------------------------------------------------
-- HTML and SVG helpers

local ESC = { ["&"] = "&amp;", ["<"] = "&lt;", [">"] = "&gt;", ['"'] = "&quot;", ["'"] = "&#39;" }

--- Escapes text for HTML (invalid UTF-8 bytes become U+FFFD, control characters are dropped).
function M.esc(s)
  s = tostring(s)
  if not utf8.len(s) then
    local out, i = {}, 1
    while i <= #s do
      local ok, pos = utf8.len(s, i)
      if ok then out[#out + 1] = s:sub(i); break end
      out[#out + 1] = s:sub(i, pos - 1) .. "\239\191\189"
      i = pos + 1
    end
    s = table.concat(out)
  end
  return (s:gsub("[%z\1-\8\11\12\14-\31\127]", ""):gsub("[&<>\"']", ESC))
end
local esc = M.esc

M.CSS = [[
body{font-family:"WenQuanYi Zen Hei","Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:24px;color:#222;
background:#fafafa;line-height:1.5}
h1{font-size:22px;margin:0 0 12px}h2{font-size:17px;margin:24px 0 8px;border-bottom:1px solid #ddd}
table{border-collapse:collapse;font-size:14px}td,th{border:1px solid #ddd;padding:3px 8px;text-align:left;
vertical-align:top}th{background:#f0f0f0}.num{text-align:right}.grid{display:flex;flex-wrap:wrap;gap:18px}
.card{background:#fff;border:1px solid #ddd;border-radius:6px;padding:10px 14px}
.big{font-size:26px;font-weight:bold}.muted{color:#777;font-size:13px}svg text{font-size:11px;fill:#333}
]]

--- A complete page around body.
function M.page(title, body, css)
  return table.concat {
    "<!DOCTYPE html>\n<html lang=\"zh\"><head><meta charset=\"utf-8\">",
    "<meta name=\"viewport\" content=\"width=device-width\"><title>", esc(title), "</title><style>",
    M.CSS, css or "", "</style></head><body>\n", body, "\n</body></html>\n",
  }
end

local function fmt_num(v)
  if compat.mtype(v) == "integer" then return tostring(v) end
  if v == math.floor(v) and math.abs(v) < 1e15 then return ("%d"):format(v) end
  return ("%.3g"):format(v)
end
M.fmt_num = fmt_num

--- A number for an axis label: 83k, 1.2M.
function M.short_num(v)
  if v >= 1e6 then return ("%.1fM"):format(v / 1e6) end
  if v >= 1e4 then return ("%dk"):format(idiv(v, 1000)) end
  return fmt_num(v)
end

--- A vertical bar chart as inline SVG: bars = {{label, value [, hover text]}, ...}.
-- opts: id, title, width (default 560), height (200), color, every (label every n-th bar;
-- default: at most 12 labels).
function M.bar_chart(bars, opts)
  opts = opts or {}
  local w, h = opts.width or 560, opts.height or 200
  local left, bottom, top = 50, 34, 18
  local n = math.max(#bars, 1)
  local maxv = 0
  for _, b in ipairs(bars) do if b[2] > maxv then maxv = b[2] end end
  local out = { ('<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="%s" width="%d" height="%d"'
    .. ' viewBox="0 0 %d %d" role="img"><title>%s</title>'):format(esc(opts.id or "chart"), w, h, w, h,
    esc(opts.title or "")) }
  local pw, ph = w - left - 8, h - bottom - top
  out[#out + 1] = ('<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#999"/>'):format(left, top + ph, left + pw, top + ph)
  out[#out + 1] = ('<text x="%d" y="%d" text-anchor="end">%s</text>'):format(left - 4, top + 4, M.short_num(maxv))
  out[#out + 1] = ('<text x="%d" y="%d" text-anchor="end">0</text>'):format(left - 4, top + ph)
  local bw = pw / n
  local every = opts.every or math.max(1, math.ceil(n / 12)) -- label at most 12 bars
  for i, b in ipairs(bars) do
    local bh = maxv > 0 and b[2] / maxv * ph or 0
    local x = left + (i - 1) * bw
    out[#out + 1] = ('<rect class="bar" x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s">'
      .. '<title>%s: %s</title></rect>')
      :format(x + 1, top + ph - bh, math.max(bw - 2, 1), bh, opts.color or "#4a7fb5", esc(b[3] or b[1]),
        fmt_num(b[2]))
    if (i - 1) % every == 0 then
      out[#out + 1] = ('<text x="%.1f" y="%d" text-anchor="middle">%s</text>')
        :format(x + bw / 2, top + ph + 14, esc(b[1]))
    end
  end
  out[#out + 1] = "</svg>"
  return table.concat(out)
end

--- A horizontal bar chart (top-k lists): bars = {{label, value}, ...}.
function M.hbar_chart(bars, opts)
  opts = opts or {}
  local w, row = opts.width or 560, 20
  local h = math.max(#bars, 1) * row + 10
  local left = 170
  local maxv = 0
  for _, b in ipairs(bars) do if b[2] > maxv then maxv = b[2] end end
  local out = { ('<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="%s" width="%d" height="%d"'
    .. ' viewBox="0 0 %d %d" role="img"><title>%s</title>'):format(esc(opts.id or "chart"), w, h, w, h,
    esc(opts.title or "")) }
  for i, b in ipairs(bars) do
    local y = (i - 1) * row + 5
    local bw = maxv > 0 and b[2] / maxv * (w - left - 60) or 0
    local label = b[1]
    if utf8.len(label) and utf8.len(label) > 14 then label = label:sub(1, utf8.offset(label, 14) - 1) .. "…" end
    out[#out + 1] = ('<text x="%d" y="%d" text-anchor="end">%s</text>'):format(left - 6, y + 13, esc(label))
    out[#out + 1] = ('<rect class="bar" x="%d" y="%d" width="%.1f" height="%d" fill="%s"><title>%s: %s</title></rect>')
      :format(left, y + 2, bw, row - 6, opts.color or "#5b9a68", esc(b[1]), fmt_num(b[2]))
    out[#out + 1] = ('<text x="%.1f" y="%d">%s</text>'):format(left + bw + 4, y + 13, fmt_num(b[2]))
  end
  out[#out + 1] = "</svg>"
  return table.concat(out)
end

---------------------------------------------------------------------------------------------------
-- Streaming statistics

-- Fixed-bin histogram over [lo, hi) (values outside go to the end bins).
local function histogram(lo, hi, bins)
  return { lo = lo, hi = hi, bins = bins, counts = {}, n = 0 }
end

local function hist_add(hg, v)
  if type(v) ~= "number" or v ~= v then return end
  local i = math.floor((v - hg.lo) / (hg.hi - hg.lo) * hg.bins) + 1
  if i < 1 then i = 1 elseif i > hg.bins then i = hg.bins end
  hg.counts[i] = (hg.counts[i] or 0) + 1
  hg.n = hg.n + 1
end

-- A histogram over the bins edges[i] <= v < edges[i + 1], the last one open-ended: a 1-2-5
-- ladder of lengths shows a corpus of short briefs and one of long features alike.
local function ladder(edges)
  return { edges = edges, counts = {}, n = 0 }
end

local function ladder_add(hg, v)
  if type(v) ~= "number" or v ~= v then return end
  local e, i = hg.edges, 1
  while i < #e and v >= e[i + 1] do i = i + 1 end
  hg.counts[i] = (hg.counts[i] or 0) + 1
  hg.n = hg.n + 1
end

-- Bars labelled by their lower edge ("10k+" for the last), the range in the hover title.
local function ladder_bars(hg)
  local out, e = {}, hg.edges
  for i = 1, #e do
    local lo = M.short_num(e[i])
    out[i] = { i == #e and lo .. "+" or lo, hg.counts[i] or 0,
      i == #e and ("≥ %d"):format(e[i]) or ("%d–%d"):format(e[i], e[i + 1] - 1) }
  end
  return out
end

local BODY_EDGES = { 0, 20, 50, 100, 200, 300, 500, 700, 1000, 1500, 2000, 3000, 5000, 10000 }

local function hist_bars(hg, fmt)
  local out = {}
  local step = (hg.hi - hg.lo) / hg.bins
  for i = 1, hg.bins do
    out[i] = { (fmt or "%g"):format(hg.lo + (i - 1) * step), hg.counts[i] or 0 }
  end
  return out
end

-- A bounded frequency table (Misra-Gries): at most `cap` keys; when full, every count drops by
-- the smallest one and zeros leave. Keys seen often survive, with counts that are lower bounds.
local function topk(cap)
  return { cap = cap, counts = {}, size = 0 }
end

local function topk_add(t, key)
  if key == nil or key == "" then return end
  key = tostring(key)
  local c = t.counts
  if c[key] then c[key] = c[key] + 1; return end
  if t.size < t.cap then c[key] = 1; t.size = t.size + 1; return end
  t.overflow = true
  local least = math.huge
  for _, v in pairs(c) do if v < least then least = v end end
  for k, v in pairs(c) do
    if v <= least then c[k] = nil; t.size = t.size - 1 else c[k] = v - least end
  end
  if t.size < t.cap then c[key] = 1; t.size = t.size + 1 end
end

local function topk_list(t, n)
  local list = {}
  for k, v in pairs(t.counts) do list[#list + 1] = { k, v } end
  table.sort(list, function(a, b) return a[2] > b[2] or (a[2] == b[2] and a[1] < b[1]) end)
  local out = {}
  for i = 1, math.min(n, #list) do out[i] = list[i] end
  return out
end

-- HyperLogLog with 2^12 registers (about 1.6% error) over zt.hash64 values.
local function hll() return { reg = {}, m = 4096 } end -- 2^12 registers

-- TRAILING_ZEROS[d]: the zero bits at the low end of hex digit d (4 for 0)
local TRAILING_ZEROS = { [0] = 4, 0, 1, 0, 2, 0, 1, 0, 3, 0, 1, 0, 2, 0, 1, 0 }
-- x: a zt.hash64 value, read through its 16 hex digits so that every runtime (5.1 and LuaJIT
-- included, where it is a hex string) takes the same bits: the low 12 pick the register, the
-- rank is 1 + the trailing zero bits of the other 52.
local function hll_add(h, x)
  local hex = compat.hex64(x)
  local idx = tonumber(hex:sub(14, 16), 16) + 1
  local rank = 1
  for i = 13, 1, -1 do
    local tz = TRAILING_ZEROS[tonumber(hex:sub(i, i), 16)]
    rank = rank + tz
    if tz < 4 then break end
  end
  if (h.reg[idx] or 0) < rank then h.reg[idx] = rank end
end

local function hll_count(h)
  local m, sum, zeros = h.m, 0, 0
  for i = 1, m do
    local r = h.reg[i] or 0
    sum = sum + 2.0 ^ -r
    if r == 0 then zeros = zeros + 1 end
  end
  local e = 0.7213 / (1 + 1.079 / m) * m * m / sum
  if e <= 2.5 * m and zeros > 0 then e = m * math.log(m / zeros) end
  return e
end

local QUALITY_HISTS = {
  { "cjk_ratio", 0, 1, 20 }, { "boilerplate_ratio", 0, 1, 20 }, { "dup_line_ratio", 0, 1, 20 },
  { "dup_ngram_ratio", 0, 1, 20 }, { "punct_ratio", 0, 0.5, 20 }, { "mean_sentence_chars", 0, 100, 20 },
}
local COVERED = { "title", "date", "authors", "source", "editors", "site" }
local MAX_FAILURES = 20

local function nonempty(v)
  if type(v) == "string" then return v ~= "" end
  if type(v) == "table" then return next(v) ~= nil end
  return false
end

--- A new accumulator for corpus statistics.
function M.new_stats()
  local st = { records = 0, bad_lines = 0, marked_dup = 0, marked_quality = 0, chars_total = 0,
    coverage = {}, months = {}, undated = 0, sites = topk(2000), sources = topk(2000),
    body = ladder(BODY_EDGES), distinct = hll(), quality = {}, failures = {}, with_quality = 0 }
  for _, f in ipairs(COVERED) do st.coverage[f] = 0 end
  for _, q in ipairs(QUALITY_HISTS) do st.quality[q[1]] = histogram(q[2], q[3], q[4]) end
  return st
end

local function body_text(rec)
  if type(rec.paragraphs) == "table" then
    local ok, s = pcall(table.concat, rec.paragraphs, "\n")
    if ok then return s end
  end
  if type(rec.text) == "string" then return rec.text end
  if type(rec.content) == "string" then return rec.content end
  return nil
end

--- Adds one output record to the statistics.
function M.add_record(st, rec)
  st.records = st.records + 1
  for _, f in ipairs(COVERED) do
    if nonempty(rec[f]) then st.coverage[f] = st.coverage[f] + 1 end
  end
  local month = type(rec.date) == "string" and rec.date:match("^(%d%d%d%d%-%d%d)")
  if month then st.months[month] = (st.months[month] or 0) + 1 else st.undated = st.undated + 1 end
  topk_add(st.sites, type(rec.site) == "string" and rec.site ~= "" and rec.site or rec.domain)
  topk_add(st.sources, rec.source)
  if rec.duplicate_of ~= nil then st.marked_dup = st.marked_dup + 1 end
  if type(rec.quality_reasons) == "table" and #rec.quality_reasons > 0 then
    st.marked_quality = st.marked_quality + 1
  end
  local text = body_text(rec)
  local q = type(rec.quality) == "table" and rec.quality or nil
  if text then
    local z = zt()
    if not q then
      local ok, r = pcall(z.quality, text)
      if ok then q = r end
    end
    hll_add(st.distinct, z.hash64(text))
  end
  if q then
    st.with_quality = st.with_quality + 1
    local chars = tonumber(q.chars) or 0
    ladder_add(st.body, chars)
    st.chars_total = st.chars_total + chars
    for name, hg in pairs(st.quality) do hist_add(hg, tonumber(q[name])) end
  end
end

--- Notes a failure (a bad output line, or a line of the run's log).
function M.add_failure(st, where, message)
  if #st.failures < MAX_FAILURES then st.failures[#st.failures + 1] = { where = where, message = message } end
end

--- Reads the run's log (the stderr of `zhtext run`): its failures and its summary line.
function M.read_log(st, path)
  local f, err = io.open(path, "rb")
  if not f then return nil, err end
  for line in f:lines() do
    local a, b, c, d = line:match("(%d+) in = (%d+) out %+ (%d+) dropped %+ (%d+) failed")
    if a then
      st.summary = { input = tonumber(a), output = tonumber(b), dropped = tonumber(c), failed = tonumber(d),
        detail = line:match("failed (%(.-%))") }
    elseif line:match("^zhtext: .-: record %d+: stage ") then
      local where, msg = line:match("^zhtext: (.-: record %d+: stage [^:]+): (.*)$")
      M.add_failure(st, where or "?", msg or line)
    end
  end
  f:close()
  return true
end

--- Reads a JSON Lines file (or handle) into the statistics, line by line.
function M.read_jsonl(st, src, name)
  local fh = src
  if type(src) == "string" then
    local err
    fh, err = io.open(src, "rb")
    if not fh then return nil, err end
  end
  local decode = require("cjson.safe").decode
  local n = 0
  for line in fh:lines() do
    n = n + 1
    if line:find("%S") then
      local rec, derr = decode(line)
      if type(rec) == "table" then
        M.add_record(st, rec)
      else
        st.bad_lines = st.bad_lines + 1
        M.add_failure(st, ("%s:%d"):format(name or "?", n), "not a JSON object: " .. tostring(derr or rec))
      end
    end
  end
  if fh ~= src then fh:close() end
  return true
end

---------------------------------------------------------------------------------------------------
-- The corpus page

local function pct(a, b) return b > 0 and ("%.1f%%"):format(100 * a / b) or "–" end

local function card(label, value, id, note)
  return ('<div class="card" id="%s"><div class="muted">%s</div><div class="big">%s</div>%s</div>')
    :format(id, esc(label), esc(value), note and ('<div class="muted">' .. esc(note) .. "</div>") or "")
end

local function overflow_note(t)
  if not t.overflow then return "" end
  return ('<p class="muted">more than %d distinct values: only frequent ones are kept, and their counts are'
    .. " lower bounds</p>"):format(t.cap)
end

--- Renders the statistics as an HTML page (a string).
function M.render(st, title)
  local s = st.summary
  local out_n = st.records
  local input = s and s.input or (out_n + st.bad_lines)
  local failed = s and s.failed or st.bad_lines
  local dropped = s and s.dropped or 0
  local body = { ("<h1>%s</h1>"):format(esc(title or "Corpus report")) }
  local distinct = math.min(hll_count(st.distinct), out_n)
  local dup_rate = out_n > 0 and math.max(0, 1 - distinct / out_n) or 0
  body[#body + 1] = '<section id="counts"><div class="grid">'
    .. card("records in", input, "records-in", s and "from the run's log" or "records + unreadable lines")
    .. card("records out", out_n, "records-out")
    .. card("dropped", dropped, "records-dropped", s and s.detail or (s and nil or "needs --log"))
    .. card("failed", failed, "records-failed")
    .. card("duplicate rate", ("%.1f%%"):format(dup_rate * 100), "duplicate-rate",
      ("identical texts (estimated); %d marked duplicate_of"):format(st.marked_dup))
    .. card("mean body", out_n > 0 and st.with_quality > 0
      and ("%d chars"):format(idiv(st.chars_total, st.with_quality)) or "–", "mean-body")
    .. "</div></section>"
  -- field coverage
  local rows = { "<tr><th>field</th><th>records</th><th>coverage</th></tr>" }
  for _, f in ipairs(COVERED) do
    rows[#rows + 1] = ('<tr><td>%s</td><td class="num">%d</td><td class="num">%s</td></tr>')
      :format(f, st.coverage[f], pct(st.coverage[f], out_n))
  end
  body[#body + 1] = '<h2>Field coverage</h2><table id="coverage">' .. table.concat(rows) .. "</table>"
  -- dates by month (every month between the first and the last, so gaps show)
  local months = {}
  for m in pairs(st.months) do months[#months + 1] = m end
  table.sort(months)
  local bars = {}
  if #months > 0 then
    local y, mo = months[1]:match("(%d+)%-(%d+)")
    local ly, lm = months[#months]:match("(%d+)%-(%d+)")
    y, mo, ly, lm = tonumber(y), tonumber(mo), tonumber(ly), tonumber(lm)
    while (y < ly or (y == ly and mo <= lm)) and #bars < 600 do
      local key = ("%04d-%02d"):format(y, mo)
      bars[#bars + 1] = { key, st.months[key] or 0 }
      mo = mo + 1
      if mo > 12 then mo, y = 1, y + 1 end
    end
  end
  body[#body + 1] = "<h2>Publication dates by month</h2>" .. M.bar_chart(bars, { id = "dates-chart",
    title = "records by month", width = 900 }) .. ('<p class="muted">%d records without a date</p>'):format(st.undated)
  body[#body + 1] = '<div class="grid"><div><h2>Top sites</h2>'
    .. M.hbar_chart(topk_list(st.sites, 15), { id = "sites-chart", title = "top sites" }) .. overflow_note(st.sites)
    .. '</div><div><h2>Top sources</h2>'
    .. M.hbar_chart(topk_list(st.sources, 15), { id = "sources-chart", title = "top sources", color = "#b5834a" })
    .. overflow_note(st.sources) .. "</div></div>"
  body[#body + 1] = "<h2>Body length (characters)</h2>" .. M.bar_chart(ladder_bars(st.body),
    { id = "length-chart", title = "body length", width = 900, every = 1 })
  -- quality
  local q = { ('<h2>Quality signals</h2><p class="muted">%d records with signals; %d marked with quality_reasons'
    .. "</p><div class=\"grid\">"):format(st.with_quality, st.marked_quality) }
  for _, spec in ipairs(QUALITY_HISTS) do
    q[#q + 1] = ("<div><h3>%s</h3>%s</div>"):format(spec[1], M.bar_chart(hist_bars(st.quality[spec[1]],
      spec[3] > 1 and "%d" or "%.2f"), { id = "quality-" .. spec[1], title = spec[1], width = 420, height = 160,
      color = "#8a6bb5" }))
  end
  body[#body + 1] = table.concat(q) .. "</div>"
  -- failures
  local fr = { '<h2>First failures</h2><table id="failures"><tr><th>where</th><th>message</th></tr>' }
  for _, f in ipairs(st.failures) do
    fr[#fr + 1] = ("<tr><td>%s</td><td>%s</td></tr>"):format(esc(f.where), esc(f.message))
  end
  if #st.failures == 0 then fr[#fr + 1] = '<tr><td colspan="2" class="muted">none</td></tr>' end
  body[#body + 1] = table.concat(fr) .. "</table>"
  return M.page(title or "Corpus report", table.concat(body, "\n"))
end

-- Writes s to path (or stdout for nil / "-"); returns true or nil, message.
function M.write_out(path, s)
  if path == nil or path == "-" then
    local ok, err = io.stdout:write(s)
    if not ok then return nil, err end
    return true
  end
  local f, err = io.open(path, "wb")
  if not f then return nil, err end
  local ok, werr = f:write(s)
  local cok, cerr = f:close()
  if not ok or not cok then return nil, tostring(werr or cerr) end
  return true
end

--- `zhtext report INPUT... [--log FILE] [-o FILE]`; returns the exit code.
function M.main(args)
  local st = M.new_stats()
  local inputs = args.inputs or {}
  if #inputs == 0 then inputs = { "-" } end
  for _, p in ipairs(inputs) do
    local ok, err
    if p == "-" then ok, err = M.read_jsonl(st, io.stdin, "-") else ok, err = M.read_jsonl(st, p, p) end
    if not ok then io.stderr:write("zhtext: ", tostring(err), "\n"); return 2 end
  end
  if args.log then
    local ok, err = M.read_log(st, args.log)
    if not ok then io.stderr:write("zhtext: ", tostring(err), "\n"); return 2 end
  end
  local title = args.title or ("Corpus report: " .. table.concat(inputs, ", "))
  local ok, err = M.write_out(args.output, M.render(st, title))
  if not ok then io.stderr:write("zhtext: writing the report: ", tostring(err), "\n"); return 1 end
  return 0
end

return M
