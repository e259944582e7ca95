-- Specs for `zhtext explain` and `zhtext report` (issue 14): the pages are self-contained, hold
-- the elements they promise, and render in a real browser (Debian's chromium, headless): the
-- DOM is checked with --dump-dom and a 1280x800 screenshot must not be blank.
local util = require("tests.support.util")
local cjson = require("cjson")

local ZHTEXT = util.LUA .. " bin/zhtext"

local function chromium()
  local _, _, code = util.sh("command -v chromium")
  return code == 0
end

local FLAGS = "--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking"
  .. " --disable-component-update --disable-sync"

-- Runs chromium on a local file; returns its stdout (for --dump-dom).
local function browse(args, file)
  local dir = util.sh("mktemp -d"):gsub("%s+$", "")
  -- env -u: under `make sanitize` LD_PRELOAD holds libasan and the ASan core.so, which chromium
  -- (and its launcher script) must not load
  local out, err, code = util.sh(("env -u LD_PRELOAD -u ASAN_OPTIONS timeout 90 chromium %s"
    .. " --user-data-dir=%s %s file://%s")
    :format(FLAGS, dir, args, file))
  util.sh("rm -rf " .. dir)
  assert.are.equal(0, code, err)
  return out
end

-- The share of pixels of a PNG that differ from its top-left pixel (PNG decoded by python3's
-- zlib: 8-bit RGB/RGBA, the five filters).
local PNG_CHECK = [[
import struct, sys, zlib
d = open(sys.argv[1], "rb").read()
assert d[:8] == bytes([0x89]) + b"PNG\r\n" + bytes([0x1a]) + b"\n"  # no \x escapes: the 5.1 spec helper rewrites them
i, idat = 8, b""
while i < len(d):
    n, t = struct.unpack(">I4s", d[i:i + 8]); c = d[i + 8:i + 8 + n]; i += 12 + n
    if t == b"IHDR": w, h, bd, ct = struct.unpack(">IIBB", c[:10])
    elif t == b"IDAT": idat += c
bpp = {2: 3, 6: 4}[ct]; assert bd == 8
raw = zlib.decompress(idat); stride = w * bpp; prev = bytearray(stride); rows = []; p = 0
for y in range(h):
    f = raw[p]; line = bytearray(raw[p + 1:p + 1 + stride]); p += 1 + stride
    for x in range(stride):
        a = line[x - bpp] if x >= bpp else 0; b = prev[x]; c0 = prev[x - bpp] if x >= bpp else 0
        if f == 1: line[x] = (line[x] + a) & 255
        elif f == 2: line[x] = (line[x] + b) & 255
        elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
        elif f == 4:
            pa, pb, pc = abs(b - c0), abs(a - c0), abs(a + b - 2 * c0)
            line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c0)) & 255
    rows.append(bytes(line)); prev = line
bg = rows[0][:bpp]; diff = 0
for r in rows[::4]:
    for x in range(0, stride, bpp * 4):
        if r[x:x + bpp] != bg: diff += 1
print("%dx%d %.4f" % (w, h, diff / ((h // 4 + 1) * (w // 4 + 1))))
]]

local function screenshot_ink(html_file)
  local png = os.tmpname() .. ".png"
  browse("--screenshot=" .. png .. " --window-size=1280,800", html_file)
  util.write(png .. ".py", PNG_CHECK)
  local out, err, code = util.sh("/usr/bin/python3 " .. png .. ".py " .. png)
  os.remove(png .. ".py")
  os.remove(png)
  assert.are.equal(0, code, err)
  local w, h, ink = out:match("(%d+)x(%d+) ([%d.]+)")
  return tonumber(w), tonumber(h), tonumber(ink)
end

local function count(s, pat)
  local n = 0
  for _ in s:gmatch(pat) do n = n + 1 end
  return n
end

local function self_contained(html)
  assert.is_nil(html:find("<script", 1, true))
  assert.is_nil(html:find("<link", 1, true))
  assert.is_nil(html:find("@import", 1, true))
  assert.is_nil(html:find("url%("))
  assert.is_nil(html:find('src="', 1, true))
end

describe("zhtext explain", function()
  local page = "tests/fixtures/articles/news_simplified.html"
  local file = os.tmpname() .. ".html"
  local html

  setup(function()
    local _, err, code = util.sh(("%s explain %s -o %s"):format(ZHTEXT, page, file))
    assert.are.equal(0, code, err)
    html = util.read(file)
  end)
  teardown(function() os.remove(file) end)

  it("writes one self-contained page: the record, then every line with its kind and rule", function()
    self_contained(html)
    assert.matches('<table id="record">', html, 1, true)
    assert.matches("城东湿地公园扩建工程完工", html, 1, true)
    local rec = require("zhtext").article.parse(util.read(page), { explain = true })
    assert.are.equal(#rec.lines, count(html, '<div class="line k%-'))
    assert.matches('data-kind="byline" title="byline: label line', html, 1, true)
    assert.matches('data-kind="footer"', html, 1, true)
  end)

  it("escapes the page's text", function()
    local src = os.tmpname()
    util.write(src, "标题<script>alert(1)</script>\n\n正文第一段，内容&细节。\n")
    local out, err, code = util.sh(("%s explain %s"):format(ZHTEXT, src))
    os.remove(src)
    assert.are.equal(0, code, err)
    self_contained(out)
    assert.matches("&lt;script&gt;", out, 1, true)
  end)

  it("fails clearly on a missing page", function()
    local _, err, code = util.sh(ZHTEXT .. " explain /nonexistent/page.html")
    assert.are.equal(2, code)
    assert.matches("nonexistent", err)
  end)

  if not chromium() then
    pending("chromium is not installed: the explain page is not rendered in a browser"
      .. " (apt-get install chromium fonts-wqy-zenhei)")
    return
  end

  it("renders in headless chromium: the DOM has the record and the coloured lines", function()
    local dom = browse("--dump-dom", file)
    assert.matches('<table id="record">', dom, 1, true)
    assert.matches('id="lines"', dom, 1, true)
    assert.is_true(count(dom, 'class="line k%-body"') >= 5)
    assert.is_true(count(dom, 'class="line k%-title"') >= 1)
    io.stderr:write(("\n[report_spec] explain DOM: %d bytes, %d lines, %d body, legend %s\n"):format(#dom,
      count(dom, 'class="line k%-'), count(dom, 'class="line k%-body"'),
      dom:find('id="legend"') and "present" or "missing"))
  end)

  it("renders non-blank at 1280x800", function()
    local w, h, ink = screenshot_ink(file)
    io.stderr:write(("[report_spec] explain screenshot %dx%d, %.1f%% of pixels not background\n")
      :format(w, h, ink * 100))
    assert.are.equal(1280, w)
    assert.is_true(ink > 0.05)
  end)
end)

describe("zhtext report", function()
  local out = os.tmpname() .. ".jsonl"
  local log = os.tmpname() .. ".log"
  local file = os.tmpname() .. ".html"
  local html

  setup(function()
    local _, err, code = util.sh(("%s run --parse --quality --dedupe -j1 tests/fixtures/articles"
      .. " tests/fixtures/pipeline/pages"
      .. " -o %s 2>%s"):format(ZHTEXT, out, log))
    assert.are.equal(0, code, err)
    -- a line the report cannot read, shown among the failures
    local f = assert(io.open(out, "ab"))
    f:write('{"id": "cut short", "title": "半条记录\n')
    f:close()
    local _, err2, code2 = util.sh(("%s report %s --log %s -o %s"):format(ZHTEXT, out, log, file))
    assert.are.equal(0, code2, err2)
    html = util.read(file)
  end)
  teardown(function() os.remove(out); os.remove(log); os.remove(file) end)

  it("writes one self-contained page with counts, coverage, charts and failures", function()
    self_contained(html)
    for _, id in ipairs { "records-in", "records-out", "records-failed", "duplicate-rate", "coverage", "dates-chart",
      "sites-chart", "sources-chart", "length-chart", "quality-cjk_ratio", "quality-boilerplate_ratio", "failures" } do
      assert.matches('id="' .. id .. '"', html, 1, true)
    end
    -- one record per file under the two directories (the golden corpus grows with new rules)
    local files = util.sh("find tests/fixtures/articles tests/fixtures/pipeline/pages -type f | wc -l"):match("%d+")
    assert.matches('id="records-in"><div class="muted">records in</div><div class="big">' .. files .. '<', html, 1,
      true)
    assert.matches("dedupe dropped 3", html, 1, true)
    assert.matches("not a JSON object", html, 1, true)
    assert.matches("<td>date</td>", html, 1, true)
  end)

  it("streams: counts every record of a large file in fixed-size state", function()
    local big = os.tmpname()
    local f = assert(io.open(big, "wb"))
    for i = 1, 3000 do
      f:write(cjson.encode { id = i, title = "标题" .. i, date = ("20%02d-%02d-01"):format(10 + i % 12, 1 + i % 12),
        site = "站点" .. (i % 5000), source = "来源" .. (i % 7), paragraphs = { "第" .. i .. "段正文，内容完整。" } }, "\n")
    end
    f:close()
    local report = require("zhtext.report")
    local st = report.new_stats()
    assert.is_true(report.read_jsonl(st, big, big))
    os.remove(big)
    assert.are.equal(3000, st.records)
    assert.is_true(st.sites.size <= 2000) -- bounded top-k, not one entry per site
    local est = 0
    for i = 1, 4096 do if st.distinct.reg[i] then est = est + 1 end end
    assert.is_true(est <= 4096)
    local page = report.render(st, "big")
    assert.matches("来源", page, 1, true)
  end)

  if not chromium() then
    pending("chromium is not installed: the corpus report is not rendered in a browser"
      .. " (apt-get install chromium fonts-wqy-zenhei)")
    return
  end

  it("renders in headless chromium: the DOM has the cards, the table and the SVG charts", function()
    local dom = browse("--dump-dom", file)
    assert.matches('id="records-out"', dom, 1, true)
    assert.matches('<table id="coverage">', dom, 1, true)
    local svgs, bars = count(dom, "<svg "), count(dom, '<rect class="bar"')
    assert.is_true(svgs >= 10)
    assert.is_true(bars >= 50)
    assert.matches("not a JSON object", dom, 1, true)
    io.stderr:write(("\n[report_spec] corpus DOM: %d bytes, %d svg charts, %d bars, %d failure rows\n")
      :format(#dom, svgs,
      bars, count(dom, "<tr><td>") - 6))
  end)

  it("renders non-blank at 1280x800", function()
    local w, h, ink = screenshot_ink(file)
    io.stderr:write(("[report_spec] corpus screenshot %dx%d, %.1f%% of pixels not background\n")
      :format(w, h, ink * 100))
    assert.are.equal(800, h)
    assert.is_true(ink > 0.03)
  end)
end)
