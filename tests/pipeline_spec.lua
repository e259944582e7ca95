-- Specs for the pipeline API (zt.pipeline, zt.source, zt.sink).
local zt = require("zhtext")
local cjson = require("cjson")

local FIX = "tests/fixtures/pipeline"

local function tmpname()
  local p = os.tmpname()
  return p
end

local read = require("tests.support.util").read

local function collect_errors()
  local errs = {}
  return errs, function(e) errs[#errs + 1] = e end
end

local function by_path(records)
  local out = {}
  for _, r in ipairs(records) do out[r.path:match("[^/]+$")] = r end
  return out
end

describe("zt.pipeline", function()
  it("chains stages and counts what comes out", function()
    local out = zt.sink.collect()
    local seen = {}
    local s = zt.pipeline()
      :map(function(r) r.n = #r.text; return r end)
      :filter(function(r) return r.n > 2 end)
      :use(function(r) seen[#seen + 1] = r.text; return r end, "watch")
      :run(zt.source.list { { text = "a" }, { text = "abc" }, { text = "abcd" } }, out)
    assert.are.same({ "abc", "abcd" }, seen)
    assert.are.equal(2, #out.records)
    assert.are.equal(3, s.input)
    assert.are.equal(2, s.output)
    assert.are.equal(1, s.dropped)
    assert.are.equal(1, s.dropped_by.filter)
    assert.are.equal(0, s.failed)
  end)

  it("reports a failing record with where, stage and message, and keeps going", function()
    local errs, report = collect_errors()
    local out = zt.sink.collect()
    local s = zt.pipeline()
      :use(function(r)
        if r.text == "bad" then error("cannot handle this", 0) end
        return r
      end, "picky")
      :run(zt.source.list({ { text = "ok" }, { text = "bad" }, { text = "fine" } }, { name = "mem" }), out,
        { errors = report })
    assert.are.equal(2, s.output)
    assert.are.equal(1, s.failed)
    assert.are.equal(s.input, s.output + s.dropped + s.failed)
    assert.are.equal(1, #errs)
    assert.are.same({ file = "mem", line = 2, n = 2, stage = "picky", message = "cannot handle this" }, errs[1])
    assert.are.equal("mem:2: record 2: stage picky: cannot handle this",
      require("zhtext.pipeline").format_error(errs[1]))
    assert.are.equal(1, s.failed_by.picky)
    assert.are.equal(1, #s.errors)
  end)

  it("writes failures to a handle by default", function()
    local path = tmpname()
    local fh = assert(io.open(path, "w"))
    zt.pipeline():use(function() error("nope", 0) end, "x")
      :run(zt.source.list({ { text = "t" } }, { name = "L" }), zt.sink.null(), { errors = fh })
    fh:close()
    assert.are.equal("zhtext: L:1: record 1: stage x: nope\n", read(path))
    os.remove(path)
  end)

  it("cleans with zt.clean and validates clean options up front", function()
    local out = zt.sink.collect()
    zt.pipeline():clean():run(zt.source.list { { text = "ＡＢＣ１２３，你好!" } }, out)
    assert.are.equal(zt.clean("ＡＢＣ１２３，你好!"), out.records[1].text)
    assert.has_error(function() zt.pipeline():clean { no_such_option = true } end)
  end)

  it("decodes GBK text to UTF-8 and leaves UTF-8 alone", function()
    local out = zt.sink.collect()
    zt.pipeline():decode():run(zt.source.list { { text = "\196\227\186\195\202\192\189\231" }, { text = "你好" } }, out)
    assert.are.equal("你好世界", out.records[1].text)
    assert.are.equal("你好", out.records[2].text)
    assert.has_error(function() zt.pipeline():decode { charset = "gbk" } end)
  end)

  it("processes single records", function()
    local p = zt.pipeline():map(function(r) r.x = 1; return r end):filter(function(r) return r.keep end)
    assert.are.same({ keep = true, x = 1 }, p:process({ keep = true }))
    assert.is_nil(p:process({}))
    local p2 = zt.pipeline():use(function() error("boom", 0) end, "b")
    local r, msg, stage = p2:process({})
    assert.is_nil(r)
    assert.are.equal("boom", msg)
    assert.are.equal("b", stage)
    assert.are.same({ "stage 1", "filter" }, {
      zt.pipeline():use(function(x) return x end):filter(function() return true end):names()[1],
      "filter" })
  end)

  it("rejects bad stages and options", function()
    assert.has_error(function() zt.pipeline():use(42) end)
    assert.has_error(function() zt.pipeline():filter("x") end)
    assert.has_error(function() zt.pipeline():dedupe { k = 70 } end)
    assert.has_error(function() zt.pipeline():dedupe { by = "colour" } end)
    assert.has_error(function() zt.pipeline():dedupe { bogus = 1 } end)
    assert.has_error(function() zt.pipeline():run("not a source", zt.sink.null()) end)
    assert.has_error(function() zt.pipeline():run(zt.source.list {}, 42) end)
  end)

  it("registers user stage constructors as methods", function()
    local pl = require("zhtext.pipeline")
    pl.register("shout_test", function(opts)
      return { name = "shout", fn = function(r) r.text = r.text .. (opts and opts.mark or "!"); return r end }
    end)
    local out = zt.sink.collect()
    zt.pipeline():shout_test { mark = "!!" }:run(zt.source.list { { text = "hi" } }, out)
    assert.are.equal("hi!!", out.records[1].text)
    assert.has_error(function() pl.register("clean", function() end) end)
  end)
end)

describe("dedupe stage", function()
  local A = "经过一年多的建设，位于城东区梧桐路的社区图书馆于昨日正式向市民开放。图书馆面积约两千平方米，藏书八万余册，"
    .. "设有儿童阅览区、自习区和电子阅览室。图书馆负责人介绍，开放首日共接待读者一千二百余人次，办理借阅证三百多张。"
    .. "馆内每周末还将举办亲子阅读和读书分享活动。"
  local docs = {
    { id = 1, text = A },
    { id = 2, text = (A:gsub("每周末", "每个周末")) }, -- a near copy
    { id = 3, text = "江城春季马拉松将于四月六日鸣枪开跑，组委会昨天公布，报名人数已突破四万五千人，创下历届新高。"
      .. "赛事设全程、半程和五公里健康跑三个项目，其中全程马拉松名额一万两千个，将通过抽签决定参赛资格。" },
    { id = 4, text = A }, -- an exact copy
  }

  it("drops exact and near duplicates, keeping the first", function()
    local out = zt.sink.collect()
    local s = zt.pipeline():dedupe():run(zt.source.list(docs), out)
    local ids = {}
    for i, r in ipairs(out.records) do ids[i] = r.id end
    assert.are.same({ 1, 3 }, ids)
    assert.are.equal(2, s.dropped_by.dedupe)
  end)

  it("lets records without text through", function()
    local recs = { { text = "" }, { text = "" }, { text = "，。 " }, { paragraphs = {} } }
    local s = zt.pipeline():dedupe():run(zt.source.list(recs), zt.sink.null())
    assert.are.equal(4, s.output)
  end)

  it("starts each run afresh", function()
    local p = zt.pipeline():dedupe()
    assert.are.equal(2, p:run(zt.source.list(docs), zt.sink.null()).output)
    assert.are.equal(2, p:run(zt.source.list(docs), zt.sink.null()).output)
  end)

  it("marks instead of dropping, and stores the fingerprint", function()
    local out = zt.sink.collect()
    zt.pipeline():dedupe { mark = true, fingerprint = true }:run(zt.source.list(docs), out)
    assert.are.equal(4, #out.records)
    assert.is_nil(out.records[1].duplicate_of)
    assert.are.equal(1, out.records[2].duplicate_of)
    assert.are.equal(1, out.records[4].duplicate_of)
    assert.matches("^%x+$", out.records[1].simhash)
    assert.are.equal(16, #out.records[1].simhash)
  end)

  it("with k = 0 and exact = false keeps near copies", function()
    local out = zt.sink.collect()
    zt.pipeline():dedupe { k = 0, exact = false }:run(zt.source.list(docs), out)
    assert.are.equal(3, #out.records)
  end)

  it("fingerprints word pairs with by = 'words'", function()
    local out = zt.sink.collect()
    local recs = {
      { text = "x", words = { "图书馆", "，", "开放", "市民", "藏书" } },
      { text = "y", words = { "图书馆", "开放", "。", "市民", "藏书" } },
      { text = "z", words = { "马拉松", "报名", "抽签" } },
    }
    local s = zt.pipeline():dedupe { by = "words", exact = false }:run(zt.source.list(recs), out)
    assert.are.equal(2, s.output)
    local s2 = zt.pipeline():dedupe { exact = false }:run(zt.source.list(recs), zt.sink.null())
    assert.are.equal(3, s2.output)
    local s3 = zt.pipeline():dedupe { by = "keywords" }:run(zt.source.list(recs), zt.sink.null(), { errors = false })
    assert.are.equal(3, s3.failed)
  end)
end)

describe("zt.source", function()
  it("walks a directory recursively in sorted order", function()
    local out = zt.sink.collect()
    zt.pipeline():run(zt.source.dir(FIX .. "/pages"), out)
    local names = {}
    for i, r in ipairs(out.records) do names[i] = r.path:sub(#FIX + 8) end
    assert.are.same({ "news1.html", "news1_copy.html", "news2.txt", "sub/news3.html", "sub/notes.txt" }, names)
    assert.matches("图书馆", out.records[1].text)
  end)

  it("filters with a glob and can stay at the top level", function()
    assert.are.equal(3, #zt.source.list_dir(FIX .. "/pages", { glob = "*.html" }))
    assert.are.equal(4, #zt.source.list_dir(FIX .. "/pages", { glob = "news*.{html,txt}" }))
    assert.are.equal(3, #zt.source.list_dir(FIX .. "/pages", { recursive = false }))
    assert.has_error(function() zt.source.list_dir(FIX .. "/no-such-dir") end)
    assert.has_error(function() zt.source.dir(FIX .. "/pages", { globb = "*" }) end)
  end)

  it("reads JSON Lines: text or html field, carried fields, bad lines as failures", function()
    local errs, report = collect_errors()
    local out = zt.sink.collect()
    local s = zt.pipeline():run(zt.source.jsonl(FIX .. "/records.jsonl"), out, { errors = report })
    assert.are.equal(6, s.input) -- the blank line is not a record
    assert.are.equal(4, s.output)
    assert.are.equal(2, s.failed)
    local r1 = out.records[1]
    assert.are.same({ id = "a1", url = "http://example.invalid/a1", lang = "zh",
      text = "江城春季马拉松报名人数突破四万五千人，创历届新高，全程名额将抽签决定。" }, r1)
    assert.are.equal("a3", out.records[3].id)
    assert.matches("^<p>社区图书馆", out.records[3].text)
    assert.is_nil(out.records[3].html)
    assert.are.equal(FIX .. "/records.jsonl", errs[1].file)
    assert.are.equal(5, errs[1].line)
    assert.are.equal("read", errs[1].stage)
    assert.matches("invalid JSON", errs[1].message)
    assert.are.equal(6, errs[2].line)
    assert.matches("no field 'text'", errs[2].message)
  end)

  it("takes the input from another field", function()
    local out = zt.sink.collect()
    local s = zt.pipeline():run(zt.source.jsonl(FIX .. "/records.jsonl", { field = "body" }), out,
      { errors = false })
    assert.are.equal(1, s.output)
    assert.are.equal("只有正文字段的记录。", out.records[1].text)
    assert.is_nil(out.records[1].body)
  end)

  it("mixes files, directories and .jsonl files", function()
    local out = zt.sink.collect()
    local s = zt.pipeline():run(zt.source.paths({ FIX .. "/pages/news2.txt", FIX .. "/pages/sub",
      FIX .. "/records.jsonl" }), out, { errors = false })
    assert.are.equal(3 + 6, s.input)
    assert.are.equal(3 + 4, s.output)
  end)

  it("reports unreadable files as failed records", function()
    local errs, report = collect_errors()
    local s = zt.pipeline():run(zt.source.files({ FIX .. "/pages/news2.txt", FIX .. "/nope.txt" }), zt.sink.null(),
      { errors = report })
    assert.are.equal(1, s.output)
    assert.are.equal(1, s.failed)
    assert.are.equal(FIX .. "/nope.txt", errs[1].file)
    assert.are.equal("read", errs[1].stage)
  end)

  it("decodes GBK files to UTF-8", function()
    local path = tmpname()
    local f = assert(io.open(path, "wb"))
    -- "你好世界，今天天气很好。" in GBK
    f:write("\196\227\186\195\202\192\189\231\163\172\189\241\204\236\204\236\198\248\186\220\186\195\161\163")
    f:close()
    local out = zt.sink.collect()
    zt.pipeline():run(zt.source.files(path), out)
    os.remove(path)
    if zt.decode("\196\227\186\195") == "你好" then
      assert.are.equal("你好世界，今天天气很好。", out.records[1].text)
    end
  end)
end)

describe("zt.sink", function()
  local recs = {
    { id = 1, title = "标题, 一", words = { "城东", "图书馆" }, keywords = { { "图书馆", 0.9 }, { "开放", 0.5 } } },
    { id = 2, title = "第二\t行\n换行", words = {}, note = 'say "hi"' },
  }

  it("writes JSON Lines that decode back", function()
    local path = tmpname()
    zt.pipeline():run(zt.source.list(recs), zt.sink.jsonl(path))
    local lines = {}
    for line in io.lines(path) do lines[#lines + 1] = cjson.decode(line) end
    os.remove(path)
    assert.are.equal(2, #lines)
    assert.are.equal("标题, 一", lines[1].title)
    assert.are.same({ { "图书馆", 0.9 }, { "开放", 0.5 } }, lines[1].keywords)
  end)

  it("keeps chosen fields and leaves out internal ones", function()
    local path = tmpname()
    zt.pipeline():map(function(r) r._tmp = 1; return r end)
      :run(zt.source.list(recs), zt.sink.jsonl(path, { fields = { "id", "title" } }))
    local first = cjson.decode(io.lines(path)())
    os.remove(path)
    assert.are.same({ id = 1, title = "标题, 一" }, first)
    assert.are.equal('{"a":1}', zt.sink.encode({ a = 1, _b = 2 }))
    -- keys in a fixed order (known fields first, then alphabetical), "/" unescaped, {} as []
    assert.are.equal('{"id":7,"url":"http://x.invalid/a","path":"p/q.html","title":"T","words":[],"a":1,"z":[1,2]}',
      zt.sink.encode({ z = { 1, 2 }, a = 1, words = {}, title = "T", path = "p/q.html", url = "http://x.invalid/a",
        id = 7 }))
  end)

  it("writes TSV and CSV of chosen fields", function()
    local tsv, csv = tmpname(), tmpname()
    zt.pipeline():run(zt.source.list(recs), zt.sink.tsv(tsv, { "id", "title", "words", "keywords" }))
    zt.pipeline():run(zt.source.list(recs), zt.sink.csv(csv, { "id", "title", "note" }))
    assert.are.equal("id\ttitle\twords\tkeywords\n1\t标题, 一\t城东 图书馆\t图书馆 开放\n2\t第二\\t行\\n换行\t\t\n",
      read(tsv))
    assert.are.equal('id,title,note\n1,"标题, 一",\n2,"第二\t行\n换行","say ""hi"""\n', read(csv))
    os.remove(tsv)
    os.remove(csv)
  end)

  it("writes the header even with no records, or not at all", function()
    local csv = tmpname()
    zt.pipeline():run(zt.source.list {}, zt.sink.csv(csv, { "a", "b" }))
    assert.are.equal("a,b\n", read(csv))
    zt.pipeline():run(zt.source.list(recs), zt.sink.csv(csv, { "id" }, { header = false }))
    assert.are.equal("1\n2\n", read(csv))
    os.remove(csv)
    assert.has_error(function() zt.sink.csv(csv, {}) end)
    assert.has_error(function() zt.sink.tsv(csv, { "a" }, { headers = true }) end)
  end)

  it("calls back, or takes a plain function", function()
    local got = {}
    zt.pipeline():run(zt.source.list(recs), zt.sink.callback(function(r) got[#got + 1] = r.id end))
    zt.pipeline():run(zt.source.list(recs), function(r) got[#got + 1] = r.id end)
    assert.are.same({ 1, 2, 1, 2 }, got)
    assert.has_error(function() zt.sink.callback(1) end)
  end)
end)

-- The analysis stages.
describe("pipeline with the analysis stages", function()

  it("parses pages into article records, keeping path", function()
    local out = zt.sink.collect()
    local s = zt.pipeline():parse():run(zt.source.dir(FIX .. "/pages", { glob = "*.html" }), out)
    assert.are.equal(3, s.output)
    local r = by_path(out.records)["news1.html"]
    assert.matches("图书馆", r.title)
    assert.matches("news1.html$", r.path)
  end)

  it("segments text into words and tags", function()
    local out = zt.sink.collect()
    zt.pipeline():segment():run(zt.source.list { { text = "社区图书馆正式开放" } }, out)
    assert.are.equal("社区图书馆正式开放", table.concat(out.records[1].words))
    if type(zt.pos) == "function" then
      local out2 = zt.sink.collect()
      zt.pipeline():segment { pos = true }:run(zt.source.list { { text = "社区图书馆正式开放" } }, out2)
      assert.are.equal(#out2.records[1].words, #out2.records[1].pos)
      assert.are.equal("string", type(out2.records[1].pos[1]))
    end
  end)

  it("extracts keywords as {word, weight}", function()
    local out = zt.sink.collect()
    zt.pipeline():keywords { top = 3 }:run(zt.source.dir(FIX .. "/pages", { glob = "*.txt" }), out)
    local kw = out.records[1].keywords
    assert.is_true(#kw >= 1 and #kw <= 3)
    assert.are.equal("string", type(kw[1][1]))
    assert.are.equal("number", type(kw[1][2]))
  end)

  it("keywords reuse the words of a segment stage", function()
    local src = function() return zt.source.dir(FIX .. "/pages", { glob = "*.txt" }) end
    local direct, reused, tagged = zt.sink.collect(), zt.sink.collect(), zt.sink.collect()
    zt.pipeline():keywords { top = 5 }:run(src(), direct)
    zt.pipeline():segment():keywords { top = 5 }:run(src(), reused)
    zt.pipeline():segment { pos = true }:keywords { top = 5, method = "textrank" }:run(src(), tagged)
    for i, r in ipairs(direct.records) do
      assert.are.same(r.keywords, reused.records[i].keywords)
      assert.are.same(zt.keywords(r.text, { top = 5, method = "textrank" }), tagged.records[i].keywords)
    end
    -- words from the accurate model feed keywords as they are
    local acc = zt.sink.collect()
    zt.pipeline():segment { mode = "accurate" }:keywords { top = 5 }:run(src(), acc)
    assert.are.same(zt.keywords(zt.cut(acc.records[1].text, { mode = "accurate" }), { top = 5 }),
      acc.records[1].keywords)
  end)

  it("a segment stage followed by keywords gives the words and keywords of the two run apart", function()
    local long = ("Abcdefghij"):rep(5) -- 50 bytes: a string Lua does not intern, met three times
    local texts = {
      "社区图书馆正式开放，图书馆新增了阅读区。The reader and THE library: " .. long .. " 图书馆 " .. long .. " " .. long,
      "居民 说 图书馆 的 开放 时间 延长 了 , 周末 也 开放 。 OF Of of",
      "", "。，！", "单",
      "阅读很快乐，我们一起阅读", -- a word last in the text (no eight bytes after it) met before too
      -- full-width and ASCII letters: with normalize one dictionary word, two words all the same
      "Ｂ超和B超，A股与Ａ股，Ｂ超检查，ＡＢＣ与ABC",
    }
    local function records()
      local rs = {}
      for i, t in ipairs(texts) do rs[i] = { id = i, text = t } end
      return zt.source.list(rs)
    end
    for _, top in ipairs { 1, 3, 10, 1000 } do
      local both = zt.sink.collect()
      zt.pipeline():segment():keywords { top = top }:run(records(), both)
      local batched = zt.sink.collect()
      zt.pipeline():segment { mode = "precise" }:keywords { top = top }:run(records(), batched, { batch = 4 })
      -- the same stages one at a time (process, and a pipeline whose segment stage is wrapped)
      local p = zt.pipeline():segment():keywords { top = top }
      local seg_fn = p.stages[1].fn
      p.stages[1].fn = function(r) return seg_fn(r) end
      local apart = zt.sink.collect()
      p:run(records(), apart)
      for i, t in ipairs(texts) do
        local words = zt.cut(t)
        local want = #words > 0 and zt.keywords(words, { top = top }) or zt.keywords(t, { top = top })
        for _, out in ipairs { both, batched, apart } do
          local r = out.records[i]
          assert.are.same(words, r.words)
          assert.are.same(want, r.keywords)
          assert.is_nil(r._kw)
        end
        local one = zt.pipeline():segment():keywords { top = top }:process({ text = t })
        assert.are.same(want, one.keywords)
      end
    end
    -- the segment stage's options: modes, without the HMM, characters normalized
    for _, o in ipairs { { mode = "search" }, { mode = "full" }, { hmm = false }, { normalize = true } } do
      local out = zt.sink.collect()
      zt.pipeline():segment(o):keywords { top = 5 }:run(records(), out)
      for i, t in ipairs(texts) do
        local words = zt.cut(t, o)
        assert.are.same(words, out.records[i].words)
        if #words > 0 then assert.are.same(zt.keywords(words, { top = 5 }), out.records[i].keywords) end
      end
    end
    -- what the words are the keywords of: a stage in between that changes them is heard
    local out = zt.sink.collect()
    zt.pipeline():segment():map(function(r) r.words = { "图书馆", "图书馆", "阅读" }; return r end)
      :keywords { top = 2 }:run(records(), out)
    assert.are.same(zt.keywords({ "图书馆", "图书馆", "阅读" }, { top = 2 }), out.records[1].keywords)
    assert.is_nil(zt.sink.encode(out.records[1]):find("_kw", 1, true))
  end)

  it("runs parse, segment, keywords, dedupe end to end", function()
    local out = zt.sink.collect()
    local s = zt.pipeline():parse():segment { pos = type(zt.pos) == "function" }:keywords { top = 5 }:dedupe()
      :run(zt.source.dir(FIX .. "/pages"), out)
    assert.are.equal(5, s.input)
    assert.are.equal(s.input, s.output + s.dropped + s.failed)
    assert.are.equal(1, s.dropped_by.dedupe) -- news1_copy.html
    assert.is_nil(by_path(out.records)["news1_copy.html"])
  end)
end)

-- Hostile trees and files, failing disks (issue 9).
describe("zt.source and zt.sink on hostile inputs", function()
  local util = require("tests.support.util")

  local function tree()
    local d = util.sh("mktemp -d"):gsub("%s+$", "")
    assert(os.execute(("mkdir -p %s/a/sub && ln -s .. %s/a/sub/loop && ln -s .. %s/a/sub/loop2"):format(d, d, d)))
    util.write(d .. "/a/one.txt", "第一篇。")
    util.write(d .. "/a/sub/two.txt", "第二篇。")
    return d
  end

  it("walks a directory once however many links lead back into it", function()
    local d = tree()
    local files = zt.source.list_dir(d .. "/a")
    assert.are.same({ d .. "/a/one.txt", d .. "/a/sub/two.txt" }, files)
    local out = zt.sink.collect()
    local s = zt.pipeline():run(zt.source.paths({ d .. "/a" }), out)
    assert.are.equal(2, s.output)
    os.execute("rm -rf " .. d)
  end)

  it("fails a file bigger than max_bytes without reading it, and goes on", function()
    local d = tree()
    assert(os.execute(("truncate -s 10G %s/a/huge.txt"):format(d)))
    local errs, report = collect_errors()
    local out = zt.sink.collect()
    local s = zt.pipeline():run(zt.source.dir(d .. "/a"), out, { errors = report })
    assert.are.equal(2, s.output)
    assert.are.equal(1, s.failed)
    assert.are.equal("read", errs[1].stage)
    assert.matches("huge.txt: 10737418240 bytes, more than the size limit of 67108864 bytes", errs[1].message)
    -- a smaller limit, and per line for JSON Lines (the stream itself is not limited)
    local s2 = zt.pipeline():run(zt.source.dir(d .. "/a", { max_bytes = 5 }), zt.sink.null(), { errors = false })
    assert.are.equal(3, s2.failed)
    util.write(d .. "/lines.jsonl", '{"text":"短"}\n{"text":"' .. ("长"):rep(100) .. '"}\n{"text":"短"}\n')
    local errs3, report3 = collect_errors()
    local s3 = zt.pipeline():run(zt.source.jsonl(d .. "/lines.jsonl", { max_bytes = 100 }), zt.sink.null(),
      { errors = report3 })
    assert.are.equal(2, s3.output)
    assert.are.equal(1, s3.failed)
    assert.are.equal(2, errs3[1].line)
    assert.matches("more than the size limit of 100 bytes", errs3[1].message)
    assert.has_error(function() zt.source.files({ d .. "/a/one.txt" }, { max_bytes = 0 }) end)
    os.execute("rm -rf " .. d)
  end)

  it("reports a full disk at the flush or close instead of succeeding", function()
    local sink = zt.sink.jsonl("/dev/full")
    sink.write({ id = 1, text = "写不进去" }) -- buffered: the error comes at the close
    assert.has_error(function() sink.close() end, "writing /dev/full: No space left on device")
    local csv = zt.sink.csv("/dev/full", { "id" })
    csv.write({ id = 1 })
    assert.has_error(function() csv.close() end, "writing /dev/full: No space left on device")
    local f = assert(io.open("/dev/full", "wb"))
    local p = zt.pipeline()
    assert.has_error(function() p:run(zt.source.list({ { text = "一" } }), zt.sink.jsonl(f)) end,
      "writing output: No space left on device")
    f:close()
  end)

  it("always writes valid UTF-8: invalid bytes become U+FFFD", function()
    local line = zt.sink.encode({ id = 1, text = "好\255坏\228\189", words = { "\255" } })
    assert.is_number(utf8.len(line))
    assert.are.same({ id = 1, text = "好\u{FFFD}坏\u{FFFD}\u{FFFD}", words = { "\u{FFFD}" } }, cjson.decode(line))
    assert.are.equal('{"id":1,"text":"好"}', zt.sink.encode({ id = 1, text = "好" }))
  end)
end)

-- Issue 10: options checked when a stage is made, globs, the encoding of decoded files, HTML.
describe("stage options, globs, encodings", function()
  it("checks every stage's options when the stage is made", function()
    local p = zt.pipeline()
    local cases = {
      { "segment", { mdoe = "full" }, "unknown option 'mdoe'" },
      { "segment", { mode = "fancy" }, "'precise', 'full', 'search', 'accurate'" },
      { "segment", { pos = true, mode = "full" }, "with pos" },
      { "segment", { hmm = "no" }, "boolean expected" },
      { "keywords", { topp = 3 }, "unknown option 'topp'" },
      { "keywords", { top = -1 }, "non%-negative integer" },
      { "keywords", { method = "lda" }, "'tfidf', 'textrank'" },
      { "parse", { mode = "xml" }, "'auto', 'text', 'html'" },
      { "parse", { clean = { bogus = 1 } }, "option 'clean': unknown option 'bogus'" },
      { "clean", { bogus = 1 }, "unknown option 'bogus'" },
      { "dedupe", { mark = 1 }, "boolean expected" },
      { "decode", { encoding = 936 }, "string expected" },
    }
    for _, c in ipairs(cases) do
      local ok, err = pcall(p[c[1]], p, c[2])
      assert.is_false(ok, c[1])
      assert.matches("bad argument to '" .. c[1] .. "'", err)
      assert.matches(c[3], err)
      assert.is_nil(err:find("zhtext/pipeline%.lua"), err) -- no position inside zhtext
    end
    assert.are.equal(0, #p.stages)
    -- zt.cut's own message lists the modes too
    local _, err = pcall(zt.cut, "文字", { mode = "fancy" })
    assert.matches("expected one of 'accurate', 'full', 'precise', 'search'", err)
  end)

  it("keywords{hmm = false} segments without the HMM", function()
    local text = "他来到了网易杭研大厦，网易杭研大厦很高。"
    local out = zt.sink.collect()
    zt.pipeline():keywords { top = 3, hmm = false }:run(zt.source.list { { text = text } }, out)
    assert.are.same(zt.keywords(zt.cut(text, { hmm = false }), { top = 3 }), out.records[1].keywords)
  end)

  it("matches globs: * ? [abc] [!a] [a-c] {a,b} ** and escapes, with Lua pattern characters as themselves", function()
    local function m(glob, path) return zt.source.glob_matcher(glob)(path) end
    assert.is_true(m("[!t]*", "news.txt"))
    assert.is_false(m("[!t]*", "todo.txt"))
    assert.is_false(m("[^t]*", "todo.txt"))
    assert.is_true(m("*.txt", "a.txt"))
    assert.is_false(m("*.txt", "a.txt.bak"))
    assert.is_true(m("?.txt", "中.txt")) -- one character, not one byte
    assert.is_false(m("??.txt", "中.txt"))
    assert.is_true(m("[abc]1", "b1"))
    assert.is_false(m("[abc]1", "d1"))
    assert.is_true(m("[a-c]1", "c1"))
    assert.is_false(m("[a-c]1", "-1"))
    assert.is_true(m("[!中]*", "文中"))
    assert.is_false(m("[!中]*", "中文"))
    assert.is_true(m("[[:digit:]]*", "2026.html"))
    assert.is_true(m("[]x]", "]"))
    assert.is_true(m("*.{html,htm}", "a.htm"))
    assert.is_false(m("*.{html,htm}", "a.txt"))
    assert.is_true(m("{a,{b,c}}.txt", "c.txt"))
    assert.is_true(m("{a}.txt", "{a}.txt")) -- no comma: literal, as in the shell
    assert.is_true(m("a.b", "a.b"))
    assert.is_false(m("a.b", "aXb"))
    assert.is_true(m("100%.txt", "100%.txt"))
    assert.is_true(m("a-b*", "a-b1"))
    assert.is_false(m("a-b*", "ab"))
    assert.is_true(m("(x)+$^.txt", "(x)+$^.txt"))
    assert.is_true(m("\\*.txt", "*.txt"))
    assert.is_false(m("\\*.txt", "a.txt"))
    assert.is_true(m("[", "["))
    -- without a /, the base name; with one, the path below the directory
    assert.is_true(m("*.html", "sub/deep/a.html"))
    assert.is_false(m("sub/*.html", "sub/deep/a.html"))
    assert.is_true(m("**/*.html", "a.html"))
    assert.is_true(m("**/*.html", "sub/deep/a.html"))
    assert.is_true(m("sub/**/*.html", "sub/a.html"))
    assert.is_true(m("sub/**", "sub/deep/a.html"))
    assert.is_false(m("sub/**", "other/a.html"))
    -- many stars stay fast: an NFA, not backtracking
    assert.is_false(m(("*a"):rep(30) .. "b", ("a"):rep(200)))
    assert.has_error(function() zt.source.glob_matcher(("{a,b}"):rep(12)) end, "bad glob: more than 1024 alternatives")
    -- in a directory walk
    assert.are.equal(2, #zt.source.list_dir(FIX .. "/pages", { glob = "**/*.txt" }))
    assert.are.equal(1, #zt.source.list_dir(FIX .. "/pages", { glob = "sub/*.html" }))
    assert.are.equal(2, #zt.source.list_dir(FIX .. "/pages", { glob = "[!t]*.txt" }))
  end)

  it("keeps a decoded file's encoding for parse (GB18030), as zt.article.parse says on the bytes", function()
    local iconv = require("tests.support.util").iconv
    local page = read(FIX .. "/pages/sub/news3.html"):gsub('charset="utf%-8"', 'charset="gbk"')
    local gbk = iconv(page, "GBK")
    assert.are.equal("GB18030", zt.article.parse(gbk).encoding)
    local path = tmpname()
    local f = assert(io.open(path, "wb"))
    f:write(gbk)
    f:close()
    local out = zt.sink.collect()
    zt.pipeline():parse():run(zt.source.files { path, FIX .. "/pages/news2.txt" }, out)
    assert.are.equal("GB18030", out.records[1].encoding)
    assert.are.equal("气象台发布寒潮蓝色预警", out.records[1].title)
    assert.are.equal("UTF-8", out.records[2].encoding)
    -- through the decode stage of an undecoded source too
    local out2 = zt.sink.collect()
    zt.pipeline():decode():parse():run(zt.source.files({ path }, { decode = false }), out2)
    assert.are.equal("GB18030", out2.records[1].encoding)
    os.remove(path)
  end)

  it("parse{html_only = true} parses HTML input and passes text on", function()
    local out = zt.sink.collect()
    local html = read(FIX .. "/pages/sub/news3.html")
    zt.pipeline():parse { html_only = true }:run(zt.source.list {
      { id = 1, text = html }, { id = 2, text = "寒潮来袭，注意保暖。" }, { id = 3, text = "没有标记", path = "x.htm" },
    }, out)
    assert.are.equal("气象台发布寒潮蓝色预警", out.records[1].title)
    assert.is_nil(out.records[1].text)
    assert.are.same({ id = 2, text = "寒潮来袭，注意保暖。" }, out.records[2])
    assert.are.equal("html", out.records[3].format)
    -- an `html` field of JSON Lines is HTML even as a fragment
    local tmp = tmpname()
    local f = assert(io.open(tmp, "wb"))
    f:write(cjson.encode { id = "f", html = "<p>寒潮来袭。</p><p>注意保暖。</p>" }, "\n")
    f:close()
    local out2 = zt.sink.collect()
    zt.pipeline():parse { html_only = true }:run(zt.source.jsonl(tmp), out2)
    os.remove(tmp)
    assert.are.equal("html", out2.records[1].format)
    assert.is_nil(table.concat(out2.records[1].paragraphs):find("<", 1, true))
  end)
end)

describe("text sink", function()
  it("writes what render returns, a line per record", function()
    local path = tmpname()
    local s = zt.sink.text(path, function(r) return r.text ~= "" and r.text or nil end)
    s.write { text = "一" }
    s.write { text = "" }
    s.write_line('{"text":"二"}')
    s.close()
    assert.are.equal("一\n二\n", read(path))
    os.remove(path)
    assert.has_error(function() zt.sink.text(path, "x") end)
  end)
end)
