-- Specs for zt.quality, the :quality{} stage and `zhtext run --quality` (issue 14): each signal
-- on texts written for it, and the defaults: every fixture article passes, generated junk pages
-- (navigation only, list pages, repeated lines, mostly non-Chinese) are dropped.
local zt = require("zhtext")
local corpus = require("zhtext.corpus")
local util = require("tests.support.util")
local lfs = require("lfs")

local D = corpus.quality_defaults

local function reasons(q) return corpus.quality_reasons(q, D.min, D.max) end

local function near(want, got) assert.is_true(math.abs(want - got) < 1e-9, ("want %s got %s"):format(want, got)) end

-- The generated junk pages, as HTML (parsed the way `zhtext run --parse --quality` does) and as
-- the plain text a scraper might store.
local function page(title, body)
  return ("<html><head><title>%s</title></head><body>%s</body></html>"):format(title, body)
end

local JUNK = {}
do
  local nav = {}
  for _, w in ipairs { "首页", "新闻", "体育", "财经", "娱乐", "科技", "汽车", "房产", "教育", "旅游", "健康", "视频" } do
    nav[#nav + 1] = ("<li><a href='/%s/'>%s</a></li>"):format(w, w)
  end
  JUNK.navigation = page("网站导航", "<ul>" .. table.concat(nav) .. "</ul><div>版权所有 © 2024 示例网 京ICP备00000000号</div>")
  local heads = {}
  local places = { "江城", "海州", "云山", "河西", "南湖", "北岭" }
  local acts = { "召开防汛工作会议", "举行春季招聘会", "开展垃圾分类宣传", "启动老旧小区改造", "发布交通管制通告", "举办文化旅游节" }
  for i = 1, 30 do
    heads[#heads + 1] = ("<li><a href='/n/%d.html'>%s%s</a><span>2024-03-%02d</span></li>"):format(i, places[i % 6 + 1],
      acts[(i * 5) % 6 + 1], i % 28 + 1)
  end
  JUNK.list = page("新闻列表", "<h1>本地新闻</h1><ul>" .. table.concat(heads) .. "</ul>")
  JUNK.repeated = page("欢迎", ("<p>欢迎访问本站，这里有最新的资讯和便民服务信息。</p>"):rep(25))
  JUNK.foreign = page("City news", "<h1>City council meets</h1><p>The city council met on Monday to discuss the"
    .. " new budget. Officials said the plan would add funds for schools and roads. 市政府 said more details"
    .. " will follow next week.</p><p>In other news, the local football team won its third match in a row, and"
    .. " fans celebrated in the main square until late at night.</p>")
end

local function as_text(html)
  return (html:gsub("<li>", "\n"):gsub("<p>", "\n"):gsub("<div>", "\n"):gsub("<[^>]*>", ""))
end

describe("zt.quality signals", function()
  it("counts non-space characters, lines and character classes", function()
    local q = zt.quality("中文abc 123，\n\n第二行。")
    assert.are.equal(13, q.chars)
    assert.are.equal(2, q.lines)
    near(5 / 13, q.cjk_ratio)
    near(3 / 13, q.latin_ratio)
    near(3 / 13, q.digit_ratio)
    near(2 / 13, q.punct_ratio)
    assert.are.equal(2, q.sentences)
    near(13 / 2, q.mean_sentence_chars)
    near(13 / 2, q.mean_line_chars)
    assert.are.equal(9, q.max_line_chars)
  end)

  it("dup_line_ratio: characters in lines repeating an earlier line", function()
    local q = zt.quality("甲乙丙。\n丁戊。\n甲乙丙。\n  甲乙丙。  \n")
    near(8 / 15, q.dup_line_ratio)
  end)

  it("dup_ngram_ratio: characters inside a 10-character n-gram seen earlier", function()
    near(0, zt.quality("一二三四五六七八九十").dup_ngram_ratio)
    -- the second copy of a 12-character run repeats three 10-grams covering its 12 characters
    local s = "一二三四五六七八九十百千" .. "。" .. "一二三四五六七八九十百千"
    near(12 / 25, zt.quality(s).dup_ngram_ratio)
  end)

  it("boilerplate_ratio: characters of lines without an end mark or with a furniture phrase (C4)", function()
    local q = zt.quality("正文第一段。\n首页 新闻 体育\n本站版权所有，转载请注明出处。")
    near((6 + 15) / 27, q.boilerplate_ratio)
    near(0, zt.quality("他说：“好。”\n（完）").boilerplate_ratio)
  end)

  it("bullet and ellipsis lines (Gopher)", function()
    local q = zt.quality("• 第一条\n• 第二条\n正文。\n未完待续……")
    near(2 / 4, q.bullet_line_ratio)
    near(1 / 4, q.ellipsis_line_ratio)
  end)

  it("reads a record: text, else paragraphs, else content; has_title and has_date", function()
    local q = zt.quality { title = "标题", date = "2024-01-02", paragraphs = { "第一段。", "第二段。" } }
    assert.are.equal(8, q.chars)
    assert.are.equal(2, q.lines)
    assert.is_true(q.has_title and q.has_date)
    q = zt.quality { title = "", content = "内容。" }
    assert.are.equal(3, q.chars)
    assert.is_false(q.has_title or q.has_date)
    assert.is_false(zt.quality("文字").has_title)
  end)

  it("gives zeros for empty text and rejects what is not text", function()
    local q = zt.quality("")
    assert.are.equal(0, q.chars)
    assert.are.equal(0, q.cjk_ratio)
    assert.are.equal(0, q.mean_sentence_chars)
    assert.has_error(function() zt.quality(42) end)
    assert.has_error(function() zt.quality {} end,
      "zhtext: quality: the record has no 'text', 'paragraphs' or 'content'")
    assert.has_error(function() zt.quality { paragraphs = { "a", 3 } } end)
  end)

  it("stays in range on ill-formed bytes", function()
    local q = zt.quality("\xff\xfe坏\xe4\xb8\n\n\r")
    assert.are.equal(4, q.chars)
    for _, k in ipairs { "cjk_ratio", "punct_ratio", "dup_line_ratio", "dup_ngram_ratio", "boilerplate_ratio" } do
      assert.is_true(q[k] >= 0 and q[k] <= 1)
    end
  end)
end)

describe("quality defaults", function()
  local function fixture_pages()
    local out = {}
    local function walk(dir)
      for f in lfs.dir(dir) do
        local p = dir .. "/" .. f
        if f ~= "." and f ~= ".." then
          if lfs.attributes(p, "mode") == "directory" then walk(p)
          elseif f:match("%.html$") or f:match("%.txt$") then out[#out + 1] = p end
        end
      end
    end
    walk("tests/fixtures/articles")
    walk("tests/fixtures/pipeline/pages")
    out[#out + 1] = "examples/article.txt"
    table.sort(out)
    return out
  end

  it("drop none of the project's fixture articles", function()
    local pages = fixture_pages()
    assert.is_true(#pages >= 20)
    for _, p in ipairs(pages) do
      local rec = zt.article.parse(util.read(p))
      assert.are.same({}, reasons(zt.quality(rec)), p)
    end
    for line in util.read("tests/fixtures/pipeline/records.jsonl"):gmatch("[^\n]+") do
      local ok, rec = pcall(require("cjson").decode, line)
      if ok and type(rec) == "table" and type(rec.text) == "string" and rec.text:find("[。！？]") then
        assert.are.same({}, reasons(zt.quality(rec.text)), line)
      end
    end
  end)

  for kind, html in pairs(JUNK) do
    it("drop a generated " .. kind .. " page, parsed or as plain text", function()
      assert.are_not.same({}, reasons(zt.quality(zt.article.parse(html))))
      assert.are_not.same({}, reasons(zt.quality(as_text(html))))
    end)
  end

  it("catch each junk kind by the signal meant for it (plain text)", function()
    local function has(q, prefix)
      for _, r in ipairs(reasons(q)) do if r:find(prefix, 1, true) == 1 then return true end end
      return false
    end
    assert.is_true(has(zt.quality(as_text(JUNK.navigation)), "mean_line_chars"))
    assert.is_true(has(zt.quality(as_text(JUNK.navigation)), "boilerplate_ratio"))
    assert.is_true(has(zt.quality(as_text(JUNK.list)), "boilerplate_ratio"))
    assert.is_true(has(zt.quality(as_text(JUNK.repeated)), "dup_line_ratio"))
    assert.is_true(has(zt.quality(as_text(JUNK.foreign)), "cjk_ratio"))
  end)
end)

describe("pipeline :quality{}", function()
  local good = { id = 1, title = "标题", paragraphs = { "江城今天举行春季马拉松比赛，四万多名选手参加，比赛秩序良好。",
    "组委会表示，明年将继续优化赛道和服务，欢迎更多市民参与。" } }
  local junk = { id = 2, text = as_text(JUNK.navigation) }

  local function run(p, recs)
    local sink = zt.sink.collect()
    local s = p:run(zt.source.list(recs), sink, { errors = false })
    return sink.records, s
  end

  it("adds the signals and drops records outside the default bounds", function()
    local out, s = run(zt.pipeline():quality(), { good, junk })
    assert.are.equal(1, #out)
    assert.are.equal(1, out[1].id)
    assert.is_true(out[1].quality.chars > 20)
    assert.are.equal(1, s.dropped_by.quality)
  end)

  it("keeps them with the reasons under mark = true", function()
    local out = run(zt.pipeline():quality { mark = true }, { { id = 3, text = as_text(JUNK.navigation) } })
    assert.are.equal(1, #out)
    assert.is_true(#out[1].quality_reasons >= 2)
    assert.matches("^boilerplate_ratio 1 > 0.6$", out[1].quality_reasons[1])
  end)

  it("merges min/max over the defaults; false removes a default bound", function()
    local out = run(zt.pipeline():quality { min = { chars = 1000 } }, { good })
    assert.are.equal(0, #out)
    out = run(zt.pipeline():quality { max = { boilerplate_ratio = false, dup_ngram_ratio = false, digit_ratio = false },
      min = { mean_line_chars = false, mean_sentence_chars = false } }, { { text = as_text(JUNK.list) } })
    assert.are.equal(1, #out)
    out = run(zt.pipeline():quality { min = { has_date = true } }, { good })
    assert.are.equal(0, #out)
  end)

  it("checks its options when the pipeline is built", function()
    assert.has_error(function() zt.pipeline():quality { min = { chars_count = 3 } } end)
    assert.has_error(function() zt.pipeline():quality { max = { cjk_ratio = "x" } } end)
    assert.has_error(function() zt.pipeline():quality { drop = true } end)
    assert.has_error(function() zt.pipeline():quality { min = 3 } end)
  end)
end)

describe("zhtext run --quality", function()
  it("drops junk with the defaults and reports the count", function()
    local cjson = require("cjson")
    local input = cjson.encode { id = "ok", html = util.read("tests/fixtures/articles/news_simplified.html") } .. "\n"
      .. cjson.encode { id = "junk", html = JUNK.list } .. "\n"
    local out, err, code = util.sh(util.LUA .. " bin/zhtext run --parse --quality -j1 -", input)
    assert.are.equal(0, code, err)
    local recs = util.records(out)
    assert.are.equal(1, #recs)
    assert.are.equal("ok", recs[1].id)
    assert.is_number(recs[1].quality.cjk_ratio)
    assert.matches("quality dropped 1", err)
  end)
end)
