-- zt.clean: every option, its default, idempotence, bad input.
local zt = require("zhtext")

local function clean(s, o) return (zt.clean(s, o)) end

describe("clean defaults", function()
  it("folds full-width letters and digits and styles punctuation by context", function()
    assert.equal("ABC123，你好！", clean("ＡＢＣ１２３，你好!"))
  end)

  it("is idempotent on mixed, messy text", function()
    local samples = {
      "ＡＢＣ１２３，你好!", "a，.Z", "他说:\"好的\" (OK) ...", "价格：９．５元,约合$1.3。",
      "  标题　　党报  \r\n\r\n\r\n正文(一)第二句.  \n", "①②③ ㈱ ﬁ ｶﾞｷﾞ e\204\129",
      "bad\255\254bytes\237\160\128x", "（记者 王晓明 通讯员 李华）", "09:30,版本1.2, ok",
      "访问www.example.cn,或写信到 news@example.cn.", "“引号”和\"直引号\"和'单引号'",
      "。a://c./中", "CPI同比上涨0.2%。OK！”Hello，world",
    }
    for _, s in ipairs(samples) do
      local once = clean(s)
      assert.equal(once, clean(once), s)
    end
  end)

  it("returns just the string, so calls nest and print shows only the text", function()
    assert.equal(1, select("#", zt.clean("ＡＢＣ１２３，你好!")))
    assert.equal("ABC123，你好！", zt.clean(zt.clean("ＡＢＣ１２３，你好!")))
  end)

  it("returns stats of what changed when asked", function()
    local out, st = zt.clean("ＡＢ,中\226\128\139文!", { stats = true })
    assert.equal("AB，中文！", out)
    assert.equal(2, st.width)
    assert.equal(2, st.punct)
    assert.equal(1, st.invisible)
    assert.equal(0, st.invalid)
    local _, st2 = zt.clean("x\255", { stats = true })
    assert.equal(1, st2.invalid)
  end)
end)

describe("width and normalization", function()
  it("follows NFKC for compatibility characters", function()
    assert.equal("1 2 fi", clean("① ② ﬁ"))
    assert.equal("ガギ", clean("ｶﾞｷﾞ"))
  end)

  it("composes canonically (NFC) by default", function()
    assert.equal("\195\169", clean("e\204\129"))
    assert.equal("\234\176\128", clean("\225\132\128\225\133\161")) -- Hangul jamo compose
  end)

  it("can be switched off", function()
    assert.equal("ＡＢＣ", clean("ＡＢＣ", { width = false }))
    assert.equal("e\204\129", clean("e\204\129", { form = false, width = false }))
  end)

  it("NFKC form folds compatibility characters even without width", function()
    assert.equal("1", clean("①", { width = false, form = "NFKC" }))
  end)

  it("keeps ellipses and the punctuation that punct governs", function()
    assert.equal("等等……", clean("等等……"))
    assert.equal("a，b", clean("a，b", { punct = "keep" }))
  end)

  it("leaves Han and CJK punctuation alone", function()
    local s = "中文、标点。“引号”《书名》【标签】"
    assert.equal(s, clean(s))
  end)
end)

describe("punct = 'auto'", function()
  local cases = {
    { "你好,世界.", "你好，世界。" },
    { "Hello，world。", "Hello,world。" }, -- 。 is never rewritten
    { "version 1.2, ok", "version 1.2, ok" },
    { "增长9.4%", "增长9.4%" },
    { "时间09:30开始", "时间09:30开始" },
    { "来源:新华社", "来源：新华社" },
    { "摄影:", "摄影：" },
    { "a，.Z", "a,.Z" },
    { "网址:http://www.example.cn/a?b=1,c.", "网址：http://www.example.cn/a?b=1,c." },
    { "邮箱:news@example.cn", "邮箱：news@example.cn" },
    { "他说\"你好\"", "他说“你好”" },
    { "say \"hi\" now", "say \"hi\" now" },
    { "GDP(国内生产总值)", "GDP（国内生产总值）" },
    { "f(x) = 1", "f(x) = 1" },
    { "等等...", "等等..." },
    { "真的吗?!", "真的吗？！" },
  }
  for _, c in ipairs(cases) do
    it(("%q"):format(c[1]), function() assert.equal(c[2], clean(c[1])) end)
  end

  it("never mixes styles the way NFKC does", function()
    local out = clean("你好，世界。")
    assert.equal("你好，世界。", out)
  end)

  it("keeps brackets paired", function()
    assert.equal("苹果（Apple）", clean("苹果(Apple)"))
    assert.equal("（Apple）公司", clean("(Apple)公司"))
  end)
end)

describe("punct = 'auto' never corrupts Chinese text", function()
  -- Chinese as written, after digits, Latin and closing quotes: nothing may change.
  local unchanged = {
    "CPI同比上涨0.2%。", "发布了iPhone 15。", "详见附件1。", "第一，GDP；第二，CPI。", "OK！”",
    "他说：“OK！”", "他说“好的，OK。”", "GDP，增长", "增长3%，高于预期", "iPhone 15（128GB）", "苹果（Apple）",
    "Note：", "ok，\n下一行", "第1，第2", "版本1.2。", "共3项：A、B、C。", "Q1：营收", "A，", "，A",
    "好。。。", "Wait．．．", "OK…", "(a)（b）",
  }
  for _, s in ipairs(unchanged) do
    it(("keeps %q"):format(s), function() assert.equal(s, clean(s)) end)
  end

  -- A full-width mark becomes ASCII only with Latin letters or digits on both sides on its line.
  local cases = {
    { "Hello，world", "Hello,world" },
    { "Hello， world", "Hello, world" },   -- spaces between do not count as a side
    { "Hello ，world", "Hello ,world" },
    { "3．14", "3.14" },
    { "1，2，3", "1,2,3" },
    { "Wait？！OK", "Wait?!OK" },           -- a run of marks shares its two sides
    { "a，.Z", "a,.Z" },
    { "Use （x） here", "Use (x) here" },   -- both brackets between letters
    { "f（x）", "f（x）" },                  -- the closing one is at the line end: the pair stays
    { "f（x）= 1", "f（x）= 1" },
    { "“Hello，world”", "“Hello,world”" },
    { "Hello，world”", "Hello,world”" },
    { "OK！”好", "OK！”好" },
    { "é，b", "é,b" },
  }
  for _, c in ipairs(cases) do
    it(("%q"):format(c[1]), function() assert.equal(c[2], clean(c[1])) end)
  end

  -- An ASCII mark still becomes full-width next to CJK (the nearest character on its line
  -- that is neither space nor punctuation), as before.
  local to_zh = {
    { "好吗?", "好吗？" },
    { "时间:09:30", "时间：09:30" },
    { "你好 ,世界", "你好 ，世界" },
    { "“好”,他说", "“好”，他说" },
    { "中文(English)", "中文（English）" },  -- the pair follows the bracket next to CJK
    { "(English)中文", "（English）中文" },
    { "他说\"OK\"。", "他说\"OK\"。" },   -- quotes turn curly only around CJK
    { "他说\"好\"", "他说“好”" },
    { "等等...", "等等..." },                -- an ellipsis stays as written
    { "真的?!", "真的？！" },
  }
  for _, c in ipairs(to_zh) do
    it(("%q"):format(c[1]), function() assert.equal(c[2], clean(c[1])) end)
  end

  it("leaves URLs and e-mail addresses alone, whatever width their marks are", function()
    assert.equal("。a://c./中", clean("。a://c./中"))
    assert.equal("详见官网。www.example.cn/a.b，中", clean("详见官网。www.example.cn/a.b,中"))
    assert.equal("见http://a.cn/x_(y)。", clean("见http://a.cn/x_(y)。"))
    assert.equal("写信到news@example.cn。", clean("写信到news@example.cn。"))
  end)

  it("is idempotent on URL-like and mixed-script runs", function()
    local samples = {
      "。a://c./中", "x，a://c，y中", "中（x(y，z://w )a", "a（b://c）d", "www．a.cn，中",
      "a@b．c，中", "(a://b/(c)中", "（；;。7://x1-://&中", "ok，”中", "中:a，b:中", "a，（b）：c",
    }
    for _, s in ipairs(samples) do
      local once = clean(s)
      assert.equal(once, clean(once), s)
    end
  end)
end)

-- Property: a second pass changes nothing, on random runs of the pieces whose interaction decides
-- a mark's fate (URL schemes and hosts, e-mail, letters, digits, Han, kana, full-width forms,
-- every mark in both widths, quotes, spaces, newlines). A fixed linear congruential generator (no
-- bit operations, exact in doubles: Lua 5.1 too) makes the runs the same on every runtime.
describe("clean idempotence (property)", function()
  local PIECES = {
    "a", "Z", "7", "中", "文", "ア", "é", "。", "，", "、", "：", "？", "！", "；", "（", "）", "“", "”",
    "《", "》", "\"", "'", ".", ",", ":", "?", "!", ";", "(", ")", "[", "]", "://", "/", "www.", "@",
    "-", "_", "&", "=", "#", "%", "~", "～", "…", "...", " ", "\n", "\u{3000}", "ｗ", "．", "１", "Ａ",
    "http", ".cn", "１２", "ｈｔｔｐ：／／",
  }
  local function generator(seed)
    local x = seed
    return function(n)
      x = (x * 16807) % 2147483647
      return 1 + math.floor(x / 2147483647 * n)
    end
  end
  for _, o in ipairs { {}, { punct = "ascii" }, { cjk_space = "remove" }, { punct = "keep" } } do
    it(("holds for %s on 20000 random mixed-script and URL-like runs"):format(next(o) and
        (next(o) .. "=" .. o[next(o)]) or "the defaults"), function()
      local rand = generator(20261202)
      for _ = 1, 20000 do
        local t = {}
        for i = 1, rand(30) do t[i] = PIECES[rand(#PIECES)] end
        local s = table.concat(t)
        local once = clean(s, o)
        local twice = clean(once, o)
        if once ~= twice then
          assert.equal(once, twice, ("input %q"):format(s))
        end
      end
    end)
  end
end)

describe("punct = 'ascii' and 'keep'", function()
  it("ascii turns every full-width and CJK form to ASCII", function()
    assert.equal("你好,世界.\"引\"", clean("你好，世界。“引”", { punct = "ascii" }))
  end)
  it("keep leaves punctuation as written", function()
    assert.equal("你好,世界.", clean("你好,世界.", { punct = "keep" }))
  end)
end)

describe("space", function()
  it("collapses spaces, trims lines, unifies newlines, limits blank lines", function()
    assert.equal("a b c\n\nd", clean("  a \t b\194\160\227\128\128c  \r\n\r\n\r\n\r\nd \n"))
  end)
  it("keeps one space between Han characters unless cjk_space = 'remove'", function()
    assert.equal("标题 党报", clean("标题  党报"))
    assert.equal("标题党报 ab", clean("标题 党报 ab", { cjk_space = "remove" }))
    -- any run of spaces between Han goes, so that a second pass changes nothing
    assert.equal("标题党报", clean("标题\u{3000}\u{3000} 党报", { cjk_space = "remove" }))
    assert.equal("标题党报", clean(clean("标题  党报", { cjk_space = "remove" }), { cjk_space = "remove" }))
  end)
  it("space = false leaves whitespace alone", function()
    assert.equal(" a  b\r\n", clean(" a  b\r\n", { space = false }))
  end)
end)

describe("invisible", function()
  it("removes zero-width, BOM, soft hyphen, bidi and control characters", function()
    local s = "\239\187\191a\226\128\139b\194\173c\226\128\174d\0e\7f\194\133g\tz"
    assert.equal("abcdefg z", clean(s))
  end)
  it("can be kept", function()
    assert.equal("a\0b", clean("a\0b", { invisible = false }))
  end)
end)

describe("html", function()
  it("is off by default", function()
    assert.equal("<b>粗</b>&amp;", clean("<b>粗</b>&amp;"))
  end)
  it("strips tags, drops scripts and styles, breaks blocks, decodes entities", function()
    local html = "<html><head><style>p{color:red}</style><script>if (a<b) x();</script></head>" ..
      "<body><p>第一段&nbsp;&amp;&ldquo;引&rdquo;&#22269;&#x4E2D;</p><!-- note --><div>第二<b>段</b>" ..
      "<br>第三行</div></body></html>"
    local out, st = zt.clean(html, { html = true, stats = true })
    assert.equal("第一段 &“引”国中\n\n第二段\n第三行", out)
    assert.is_true(st.html_tags > 5)
    assert.equal(6, st.html_entities)
  end)
  it("handles legacy entities, bad references and stray brackets", function()
    assert.equal("©2018 a < b &bogus; €", clean("&copy2018 a < b &bogus; &#128;", { html = true }))
    assert.equal("\239\191\189", clean("&#0;", { html = true, invisible = false }))
  end)
  it("survives unclosed tags and quotes", function()
    assert.equal("a", clean("a<div class=\"x", { html = true }))
    assert.equal("a\nb", clean("a<p title='x>b", { html = true }))
  end)
end)

describe("invalid", function()
  it("replaces each maximal ill-formed subsequence with one U+FFFD by default", function()
    assert.equal("a\239\191\189\239\191\189b", clean("a\255\254b"))
    assert.equal("a\239\191\189b", clean("a\228\184b")) -- truncated 3-byte sequence
  end)
  it("drops or reports", function()
    assert.equal("ab", clean("a\255b", { invalid = "drop" }))
    local out, err = zt.clean("ab\255", { invalid = "error" })
    assert.is_nil(out)
    assert.equal("invalid UTF-8 at byte 3", err)
    assert.equal("ab", ("ab\255"):sub(1, 2))
  end)
end)

describe("arguments", function()
  it("raise standard argument errors", function()
    assert.error_matches(function() zt.clean({}) end,
      "bad argument #1 to '[%w%.]*clean' %(string expected, got table%)")
    assert.error_matches(function() zt.clean("x", 5) end, "table expected")
    assert.error_matches(function() zt.clean("x", { bogus = true }) end, "unknown option 'bogus'")
    assert.error_matches(function() zt.clean("x", { punct = "fancy" }) end, "bad value 'fancy' for option 'punct'")
    assert.error_matches(function() zt.clean("x", { width = "yes" }) end, "option 'width' must be a boolean")
  end)
end)

describe("large and hostile input", function()
  it("handles NUL bytes and long runs linearly", function()
    local s = ("中文,\0 !"):rep(200000)
    local out = clean(s)
    assert.is_true(#out > 0)
    local p = ("!"):rep(1000000)
    assert.equal(p, clean(p))
    local paren = ("("):rep(100000) .. "中" .. (")"):rep(100000)
    assert.equal(100000 * 3 * 2 + 3, #clean(paren))
  end)
  it("takes linear time on runs of marks without spaces (CSV, minified JS, entity chains)", function()
    -- 8x the input must cost about 8x the time (was 64x: every mark rescanned the rest of
    -- its run). CPU time, best of three, with a wide margin for a loaded machine.
    local function cost(f, s)
      local best = math.huge
      for _ = 1, 3 do
        local t = os.clock(); f(s); t = os.clock() - t
        if t < best then best = t end
      end
      return best
    end
    local page = function(body) return "<html><body><p>" .. body .. "</p></body></html>" end
    local shapes = {
      { "clean", function(s) return zt.clean(s) end, function(n) return ("a,"):rep(math.floor(n / 2)) end },
      { "clean html", function(s) return zt.clean(s, { html = true }) end,
        function(n) return "&amp;" .. ("amp;"):rep(math.floor(n / 4)) end },
      { "parse", function(s) return zt.article.parse(s) end,
        function(n) return page(("x;y!z:(w)&"):rep(math.floor(n / 10))) end },
    }
    for _, sh in ipairs(shapes) do
      local small, big = sh[3](64 * 1024), sh[3](512 * 1024)
      local t1, t8 = cost(sh[2], small), cost(sh[2], big)
      assert.is_true(t8 <= 24 * t1 + 0.05, ("%s: 64 KB %.3f s, 512 KB %.3f s"):format(sh[1], t1, t8))
    end
  end)
  it("handles a 50 MB input", function()
    local s = ("这是一个测试句子，包含标点。ABC１２３\n"):rep(math.floor(50 * 1024 * 1024 / 60))
    local out = clean(s)
    assert.is_true(#out > 40 * 1024 * 1024)
    assert.is_true(out == clean(out), "idempotent on 50 MB")
  end)
end)
