-- Word segmentation (issue 3): jieba's answers on our own fixture text, offsets, user words,
-- keywords, segmenter objects and bad input.
local zt = require("zhtext")
local cjson = require("cjson")

local FIX = "tests/fixtures/seg/"

local read = require("tests.support.util").read

local function lines(path)
  local t = {}
  for l in read(path):gmatch("([^\n]*)\n") do t[#t + 1] = l end
  return t
end

local expected = cjson.decode(read(FIX .. "news_expected.json"))
local news = lines(FIX .. "news.txt")

local function pairs_of(tagged)
  local t = {}
  for i, wt in ipairs(tagged) do t[i] = { wt[1], wt[2] } end
  return t
end

describe("zt.cut (same words as jieba 0.42)", function()
  it("precise mode with HMM", function()
    for i, l in ipairs(news) do assert.same(expected.precise[i], zt.cut(l)) end
  end)
  it("precise mode without HMM", function()
    for i, l in ipairs(news) do assert.same(expected.precise_nohmm[i], zt.cut(l, { hmm = false })) end
  end)
  it("full mode", function()
    for i, l in ipairs(news) do assert.same(expected.full[i], zt.cut(l, { mode = "full" })) end
  end)
  it("search mode", function()
    for i, l in ipairs(news) do assert.same(expected.search[i], zt.cut(l, { mode = "search" })) end
  end)
  it("keeps every byte in precise mode", function()
    local text = read(FIX .. "news.txt")
    assert.equal(text, table.concat(zt.cut(text)))
    assert.equal(text, table.concat(zt.cut(text, { hmm = false })))
  end)
  it("handles empty input, ASCII runs, CRLF and spaces like jieba", function()
    assert.same({}, zt.cut(""))
    assert.same({ "a", " ", " ", "b" }, zt.cut("a  b"))
    assert.same({ "你好", "\r\n", "世界" }, zt.cut("你好\r\n世界"))
    assert.same({ "版本", "v2.0", "发布" }, zt.cut("版本v2.0发布"))
  end)
end)

describe("bad input", function()
  local samples = { "\0", "abc\0中文\0", "\xff\xfe", "中\x80文", "\xe4\xb8", "\xf0\x9f\x98\x80汉字",
    "\xed\xa0\x80", ("中国"):rep(5000), ("a"):rep(10000), ("，"):rep(3000), "１２３ＡＢＣ" }
  it("never crashes, and invalid bytes pass through", function()
    for _, s in ipairs(samples) do
      for _, mode in ipairs({ "precise", "full", "search" }) do
        for _, hmm in ipairs({ true, false }) do
          local w = zt.cut(s, { mode = mode, hmm = hmm })
          assert.is_table(w)
          if mode == "precise" then assert.equal(s, table.concat(w)) end
        end
      end
      assert.is_table(zt.pos(s))
      assert.is_table(zt.keywords(s))
    end
    assert.same({ "中", "\x80", "文" }, zt.cut("中\x80文"))
  end)
  it("random bytes keep losslessness", function()
    math.randomseed(42)
    local alphabet = { "中", "国", "人", "a", "1", ".", "%", " ", "\r", "\n", "\0", "\xff", "\xe4", "，", "的" }
    for _ = 1, 300 do
      local t = {}
      for j = 1, math.random(0, 40) do t[j] = alphabet[math.random(#alphabet)] end
      local s = table.concat(t)
      assert.equal(s, table.concat(zt.cut(s)))
      for _, tk in ipairs(zt.tokenize(s, { mode = "search" })) do assert.equal(tk[1], s:sub(tk[2], tk[3])) end
    end
  end)
  it("raises for wrong argument types and unknown options", function()
    assert.error_matches(function() zt.cut(nil) end, "bad argument #1 to 'cut' %(string expected, got nil%)")
    assert.error_matches(function() zt.cut({}) end, "bad argument #1 to 'cut' %(string expected, got table%)")
    assert.error_matches(function() zt.cut("x", { nope = 1 }) end,
      "bad argument #2 to 'cut' %(unknown option 'nope'%)")
    assert.error_matches(function() zt.cut("x", { mode = "fast" }) end,
      "#2 to 'cut' %(bad value 'fast' for option 'mode'")
    assert.error_matches(function() zt.cut("x", { hmm = "yes" }) end, "option 'hmm' must be a boolean")
    assert.error_matches(function() zt.tokenize("x", 5) end, "#2 to 'tokenize' %(table expected, got number%)")
    assert.error_matches(function() zt.pos("x", { mode = "full" }) end, "#2 to 'pos'")
    local seg = zt.segmenter()
    assert.error_matches(function() seg:cut(5) end, "bad argument #1 to 'cut'")
    seg:close()
    assert.has_error(function() zt.keywords("x", { topk = 3 }) end)
  end)
end)

describe("malformed dictionary files", function()
  local path = zt.seg_dict_path()
  local image = read(path)
  local tmp = os.tmpname()
  local function write(bytes)
    local f = assert(io.open(tmp, "wb"))
    f:write(bytes)
    f:close()
  end
  local function flip(s, at)
    return s:sub(1, at - 1) .. string.char((s:byte(at) + 97) % 256) .. s:sub(at + 1)
  end
  after_each(function() os.remove(tmp) end)
  it("are refused when the header, size or version is wrong", function()
    local bad = { "ZTJIEBA", image:sub(1, 100), image:sub(1, #image - 8), flip(image, 9), flip(image, 40) }
    for _, bytes in ipairs(bad) do
      write(bytes)
      local seg, err = zt.segmenter({ dict = tmp })
      assert.is_nil(seg)
      assert.is_string(err)
    end
  end)
  it("never crash the segmenter when the body is damaged", function()
    math.randomseed(7)
    local at = {}
    for i = 1, 300 do at[i] = math.random(4096, #image) end
    table.sort(at)
    local parts, prev = {}, 1
    for _, p in ipairs(at) do
      if p >= prev then
        parts[#parts + 1] = image:sub(prev, p - 1)
        parts[#parts + 1] = string.char((image:byte(p) + 97) % 256)
        prev = p + 1
      end
    end
    parts[#parts + 1] = image:sub(prev)
    write(table.concat(parts))
    local seg = assert(zt.segmenter({ dict = tmp }))
    for _, l in ipairs(news) do
      assert.equal(l, table.concat(seg:cut(l)))
      for _, mode in ipairs({ "full", "search" }) do assert.is_table(seg:cut(l, { mode = mode })) end
      assert.is_table(seg:pos(l))
      assert.is_table(seg:keywords(l))
    end
    seg:close()
  end)
end)

describe("zt.tokenize", function()
  it("gives 1-based byte offsets that work with string.sub", function()
    for _, l in ipairs(news) do
      local words, pos = {}, 1
      for i, tk in ipairs(zt.tokenize(l)) do
        assert.equal(tk[1], l:sub(tk[2], tk[3]))
        assert.equal(pos, tk[2])
        pos = tk[3] + 1
        words[i] = tk[1]
      end
      assert.equal(#l + 1, pos)
      assert.same(zt.cut(l), words)
    end
  end)
  it("works in search mode", function()
    local s = "中华人民共和国成立了"
    local toks = zt.tokenize(s, { mode = "search" })
    local words = {}
    for i, tk in ipairs(toks) do
      assert.equal(tk[1], s:sub(tk[2], tk[3]))
      words[i] = tk[1]
    end
    assert.same(zt.cut(s, { mode = "search" }), words)
  end)
end)

describe("zt.words", function()
  it("iterates the same words as cut, also over chunk boundaries", function()
    local text = read(FIX .. "news.txt"):rep(60) -- ~150 KB: several chunks
    local got = {}
    for w in zt.words(text) do got[#got + 1] = w end
    assert.same(zt.cut(text), got)
    assert.equal(text, table.concat(got))
  end)
end)

describe("zt.pos", function()
  it("tags like jieba.posseg with and without HMM", function()
    for i, l in ipairs(news) do
      assert.same(expected.pos[i], pairs_of(zt.pos(l)))
      assert.same(expected.pos_nohmm[i], pairs_of(zt.pos(l, { hmm = false })))
    end
  end)
end)

local function close_enough(exp, got)
  assert.equal(#exp, #got)
  for i = 1, #exp do
    assert.equal(exp[i][1], got[i][1])
    assert.is_true(math.abs(exp[i][2] - got[i][2]) < 1e-9, exp[i][1])
  end
end

describe("zt.keywords", function()
  local text = table.concat(news, "\n")
  it("tf-idf like jieba.analyse.extract_tags", function()
    close_enough(expected.tfidf, zt.keywords(text, { top = 15 }))
    close_enough(expected.tfidf_pos, zt.keywords(text, { top = 10, allow_pos = { "n", "ns", "nr" } }))
  end)
  it("textrank like jieba.analyse.textrank", function()
    close_enough(expected.textrank, zt.keywords(text, { top = 15, method = "textrank" }))
  end)
  it("drops stop words whatever their case, and short or blank words", function()
    local kw = zt.keywords({ "The", "the", "THE", "数据", " ", "a", "数据", "中" }, { top = 0 })
    assert.equal(1, #kw)
    assert.equal("数据", kw[1][1])
  end)
  it("takes words already segmented, plain or tagged", function()
    assert.same(zt.keywords(text, { top = 10 }), zt.keywords(zt.cut(text), { top = 10 }))
    assert.same(zt.keywords(text, { top = 10, method = "textrank" }),
      zt.keywords(zt.pos(text), { top = 10, method = "textrank" }))
    assert.same(zt.keywords(text, { top = 5, allow_pos = { "n" } }),
      zt.keywords(zt.pos(text), { top = 5, allow_pos = { "n" } }))
    assert.error_matches(function() zt.keywords(zt.cut(text), { method = "textrank" }) end,
      "need text or {word, tag} pairs")
    assert.error_matches(function() zt.keywords(42) end, "bad argument #1 to 'keywords'")
  end)
  it("stop words are user-extendable", function()
    local top = zt.keywords(text, { top = 1 })[1][1]
    local other = zt.keywords(text, { top = 1, stop_words = { top } })[1][1]
    assert.not_equal(top, other)
    assert.is_table(zt.keywords(text, { stop_words = true }))
    assert.same({}, zt.keywords(""))
  end)
end)

describe("segmenter objects and user words", function()
  local probes = expected.probes
  local function cut_all(seg, hmm)
    local t = {}
    for i, p in ipairs(probes) do t[i] = seg:cut(p, { hmm = hmm }) end
    return t
  end
  it("load_userdict, suggest_freq and del_word behave like jieba", function()
    local seg = assert(zt.segmenter())
    assert.same(expected.probes_before, cut_all(seg, false))
    assert.equal(seg, seg:load_userdict(FIX .. "userdict.txt"))
    assert.same(expected.probes_userdict, cut_all(seg, false))
    assert.same(expected.pos_userdict, pairs_of(seg:pos(probes[4])))
    assert.equal(expected.suggest_zhongjiang, seg:suggest_freq({ "中", "将" }, true))
    assert.equal(expected.suggest_taizhong, seg:suggest_freq("台中", true))
    assert.same(expected.probes_suggest, cut_all(seg, false))
    seg:del_word("云计算")
    assert.same(expected.probes_del, cut_all(seg, true))
    -- the default segmenter is untouched
    assert.same(expected.probes_before[4], zt.cut(probes[4], { hmm = false }))
    seg:close()
  end)
  it("add_word with a tag, freq and idf lookups", function()
    local seg <close> = assert(zt.segmenter())
    assert.is_nil(seg:freq("量子纠缠态"))
    seg:add_word("量子纠缠态", 10, "nz")
    assert.equal(10, seg:freq("量子纠缠态"))
    assert.equal(0, seg:freq("量子纠"))
    assert.same({ "研究", "量子纠缠态", "的", "性质" }, seg:cut("研究量子纠缠态的性质"))
    assert.same({ "量子纠缠态", "nz" }, seg:pos("量子纠缠态")[1])
    local v, found = seg:idf("科技局")
    assert.is_true(found)
    assert.is_true(v > 0)
    local m, found2 = seg:idf("这个词不存在吧")
    assert.is_false(found2)
    assert.is_number(m)
    assert.has_error(function() seg:add_word("", 1) end)
    assert.has_error(function() seg:add_word("\xff", 1) end)
    assert.has_error(function() seg:add_word("词", -1) end)
  end)
  it("reports bad user dictionaries with file and line", function()
    local seg <close> = assert(zt.segmenter())
    local ok, err = seg:load_userdict(FIX .. "userdict_bad.txt")
    assert.is_nil(ok)
    assert.matches("userdict_bad.txt:2:", err, 1, true)
    local ok2, err2 = seg:load_userdict(FIX .. "does_not_exist.txt")
    assert.is_nil(ok2)
    assert.matches("does_not_exist.txt", err2, 1, true)
    local s, err3 = zt.segmenter({ user_dict = FIX .. "userdict_bad.txt" })
    assert.is_nil(s)
    assert.matches("userdict_bad.txt:2:", err3, 1, true)
  end)
  it("loads any jieba-format dictionary", function()
    local seg <close> = assert(zt.segmenter({ dict = FIX .. "tiny_dict.txt", hmm = false }))
    assert.same({ "我", "爱", "北京天安门" }, seg:cut("我爱北京天安门"))
    assert.same({ { "我", "r" }, { "爱", "v" }, { "北京天安门", "ns" } }, pairs_of(seg:pos("我爱北京天安门")))
    local bad, err = zt.segmenter({ dict = FIX .. "userdict_bad.txt" })
    assert.is_nil(bad)
    assert.matches("userdict_bad.txt:", err, 1, true)
  end)
  it("compiles a jieba-format dictionary to a file that maps instantly", function()
    local out = os.tmpname()
    assert.is_true(zt.compile_dict(FIX .. "tiny_dict.txt", out))
    local seg <close> = assert(zt.segmenter({ dict = out, hmm = false }))
    assert.same({ "我", "爱", "北京天安门" }, seg:cut("我爱北京天安门"))
    os.remove(out)
    local ok, err = zt.compile_dict(FIX .. "userdict_bad.txt", out)
    assert.is_nil(ok)
    assert.matches("userdict_bad.txt:", err, 1, true)
  end)
  it("is a userdata with __tostring, __close and __gc", function()
    local seg = assert(zt.segmenter({ user_dict = { FIX .. "userdict.txt" } }))
    assert.equal("userdata", type(seg))
    assert.matches("^zhtext.Segmenter", tostring(seg))
    do
      local s2 <close> = seg
      assert.equal(seg, s2)
    end
    if _VERSION ~= "Lua 5.4" then seg:close() end -- no <close> there (tests/support/runtime.lua)
    assert.matches("closed", tostring(seg))
    assert.has_error(function() seg:cut("你好") end)
    seg:close() -- idempotent
    for _ = 1, 50 do zt.segmenter():cut("垃圾回收") end
    collectgarbage()
    collectgarbage()
  end)
  it("rejects unknown segmenter options", function()
    assert.has_error(function() zt.segmenter({ dictionary = "x" }) end)
    assert.has_error(function() zt.segmenter({ hmm = 1 }) end)
  end)
end)

describe("options", function()
  it("normalize segments full-width letters and digits as half-width, returning the original", function()
    local s = "ＡＢＣ公司１９９５年在上海成立"
    local plain = zt.cut(s)
    local norm = zt.cut(s, { normalize = true })
    assert.equal(s, table.concat(norm))
    assert.is_true(#norm < #plain)
    assert.equal("１９９５", norm[3])
  end)
  it("ascii = 'merge' keeps URLs, e-mail addresses, dates and versions whole", function()
    local s = "请于2018-07-12前登录dbsqp.com或发邮件至news@example.com，"
      .. "详见http://www.example.gov.cn/a?id=3。版本v2.0.1发布。"
    local words = zt.cut(s, { ascii = "merge" })
    assert.equal(s, table.concat(words))
    local set = {}
    for _, w in ipairs(words) do set[w] = true end
    local whole = { "2018-07-12", "dbsqp.com", "news@example.com", "http://www.example.gov.cn/a?id=3", "v2.0.1" }
    for _, w in ipairs(whole) do
      assert.is_true(set[w], w)
    end
    assert.same({ "2018-07-12", "m" }, zt.pos("2018-07-12", { ascii = "merge" })[1])
    assert.same({ "GDP", "增长", "9.4%" }, zt.cut("GDP增长9.4%", { ascii = "merge" }))
    assert.has_error(function() zt.cut(s, { ascii = "yes" }) end)
  end)
  it("traditional text is segmented through its simplified form", function()
    local s = "臺灣的電腦軟體產業發展很快"
    local words = zt.cut(s, { traditional = true })
    assert.equal(s, table.concat(words))
    assert.same({ "臺灣", "的", "電腦", "軟體", "產業", "發展", "很快" }, words)
    for _, tk in ipairs(zt.tokenize(s, { traditional = true })) do assert.equal(tk[1], s:sub(tk[2], tk[3])) end
    assert.equal("臺灣", zt.pos(s, { traditional = true })[1][1])
  end)
  it("accurate mode delegates to zhtext.lac or says why it cannot", function()
    local ok, res = pcall(zt.cut, "我爱北京天安门", { mode = "accurate" })
    if ok then
      assert.is_table(res)
    else
      assert.matches("accurate mode unavailable", res, 1, true)
    end
  end)
end)

describe("re-entrant calls (issue 9)", function()
  -- Building a result allocates, and an allocation may run __gc finalizers: one that segments
  -- with the same segmenter must neither overwrite the tokens being read nor crash.
  local function with_finalizers(rounds, per_round, fin, body)
    local gen, pause = collectgarbage("incremental", 0, 100) -- pause 0: the collector never rests
    local ok, err = pcall(function()
      for r = 1, rounds do
        for _ = 1, per_round do setmetatable({}, { __gc = fin }) end
        body(r)
      end
    end)
    collectgarbage("incremental", 200, 100)
    collectgarbage()
    assert(ok, err)
    return gen, pause
  end
  it("a finalizer segmenting with the same segmenter leaves the outer result intact", function()
    local seg <close> = assert(zt.segmenter())
    local text = ("我来到北京清华大学，他来到了网易杭研大厦。"):rep(20)
    local other = ("小明硕士毕业于中国科学院计算所，后在日本京都大学深造。"):rep(60)
    local words, spans, tags = seg:cut(text), seg:tokenize(text), seg:pos(text)
    local bad = 0
    with_finalizers(60, 10, function()
      seg:cut(other)
      seg:pos(other)
    end, function()
      if not (#seg:cut(text) == #words and table.concat(seg:cut(text), "/") == table.concat(words, "/")) then
        bad = bad + 1
      end
      local sp = seg:tokenize(text)
      if #sp ~= #spans or sp[#sp][3] ~= spans[#spans][3] then bad = bad + 1 end
      local tg = seg:pos(text)
      if #tg ~= #tags or tg[#tg][2] ~= tags[#tags][2] then bad = bad + 1 end
    end)
    assert.equal(0, bad)
  end)
  it("a finalizer closing the segmenter mid-call gives an error, not a crash", function()
    local text = ("我来到北京清华大学。"):rep(100)
    local calls = { seg_pos = function(seg) return seg:pos(text) end,
      tokenize = function(seg) return seg:tokenize(text) end,
      keywords = function(seg) return seg:keywords(text) end,
      suggest = function(seg) return seg:suggest_freq({ "清华", "大学" }) end }
    with_finalizers(1, 0, nil, function()
      for _, call in pairs(calls) do
        for _ = 1, 10 do
          local seg = assert(zt.segmenter())
          setmetatable({}, { __gc = function() seg:close() end })
          for _ = 1, 10 do
            local ok, res = pcall(call, seg)
            assert(ok or tostring(res):find("closed", 1, true), res)
          end
        end
      end
    end)
  end)
end)

describe("data files are replaced, never overwritten in place (issue 9)", function()
  local data = os.getenv("ZHTEXT_DATA_DIR") or "build/zhtext"
  local function sh(cmd)
    -- LD_PRELOAD (make sanitize) is for this Lua process only, not for make and its tools
    local p = io.popen("env -u LD_PRELOAD " .. cmd .. " 2>&1")
    local out = p:read("*a")
    return p:close(), out
  end
  local function inode(path)
    local p = io.popen("stat -c %i '" .. path .. "' 2>/dev/null")
    local s = p:read("*a")
    p:close()
    return s
  end
  local function install(dir, extra)
    return sh(("make -s install %s LUADIR=%s/lua LIBDIR=%s/lib BINDIR=%s/bin"):format(extra or "", dir, dir, dir))
  end
  it("make install verifies each copy and renames it into place; a damaged build installs nothing", function()
    local dir = os.tmpname()
    os.remove(dir)
    local ok, out = install(dir)
    assert(ok, out)
    local installed = dir .. "/lua/zhtext/seg.ztd"
    local before = read(installed)
    assert.equal(read(data .. "/seg.ztd"), before)
    -- a process mapping the installed file keeps working across a reinstall (new inode)
    local seg = assert(zt.segmenter({ dict = installed }))
    local ino = inode(installed)
    ok, out = install(dir)
    assert(ok, out)
    assert.not_equal(ino, inode(installed))
    assert.same({ "我", "来到", "北京", "清华大学" }, seg:cut("我来到北京清华大学"))
    seg:close()
    -- one flipped byte deep in the body: the header is fine, only the full checksum sees it
    local bad_dir = dir .. "/bad"
    os.execute("mkdir -p '" .. bad_dir .. "'")
    local f = assert(io.open(bad_dir .. "/seg.ztd", "wb"))
    f:write(before:sub(1, 600000), string.char((before:byte(600001) + 1) % 256), before:sub(600002))
    f:close()
    ok, out = install(dir, "DATA=" .. bad_dir .. "/seg.ztd")
    assert.is_falsy(ok)
    assert.matches("seg.ztd failed verification", out, 1, true)
    assert.equal(before, read(installed))
    local _, left = sh("ls -A " .. dir .. "/lua/zhtext")
    assert.is_nil(left:find("tmp", 1, true))
    os.execute("rm -rf '" .. dir .. "'")
  end)
  it("a truncated or still-growing dictionary is refused at load with a message naming it", function()
    local img = read(data .. "/seg.ztd")
    local tmp = os.tmpname()
    local f = assert(io.open(tmp, "wb"))
    f:write(img:sub(1, math.floor(#img / 2)))
    f:close()
    local seg, err = zt.segmenter({ dict = tmp })
    assert.is_nil(seg)
    assert.matches(tmp, err, 1, true)
    assert.matches("header says", err, 1, true)
    os.remove(tmp)
  end)
end)

describe("user-word frequencies are bounded and user dictionaries load whole or not at all (issue 9)", function()
  local function write_tmp(text)
    local p = os.tmpname()
    local f = assert(io.open(p, "wb"))
    f:write(text)
    f:close()
    return p
  end
  local sentence = "我来到北京清华大学，研究量子纠缠态的性质"
  it("refuses a frequency past 2^40 with file:line, changing nothing", function()
    local seg <close> = assert(zt.segmenter())
    local before, total = seg:cut(sentence), seg:total()
    local udl = {}
    for i = 1, 10000 do udl[i] = "词" .. i .. " 999999999999999" end
    local p = write_tmp(table.concat(udl, "\n") .. "\n")
    local ok, err = seg:load_userdict(p)
    os.remove(p)
    assert.is_nil(ok)
    assert.matches(p .. ":1: frequency too large", err, 1, true)
    assert.equal(total, seg:total())
    assert.is_nil(seg:freq("词1"))
    assert.same(before, seg:cut(sentence))
    assert.has_error(function() seg:add_word("量子纠缠态", math.maxinteger) end, nil)
    local ok2, e2 = pcall(seg.add_word, seg, "量子纠缠态", math.maxinteger)
    assert.is_false(ok2)
    assert.matches("2^40", e2, 1, true)
    assert.equal(total, seg:total())
    assert.same(before, seg:cut(sentence))
  end)
  it("refuses a file that would push the total past 2^53, and takes back every line", function()
    local seg <close> = assert(zt.segmenter())
    seg:add_word("纠缠态", 5, "nz")
    local before, total = seg:cut(sentence), seg:total()
    local udl = { "纠缠态 7 n", "清华大学 3" }
    for i = 1, 9000 do udl[#udl + 1] = "词" .. i .. " 1099511627776" end
    local p = write_tmp(table.concat(udl, "\n"))
    local ok, err = seg:load_userdict(p)
    os.remove(p)
    assert.is_nil(ok)
    assert.matches(p .. ":8194: the total of all frequencies would exceed 2^53", err, 1, true)
    assert.equal(total, seg:total())
    assert.equal(5, seg:freq("纠缠态"))
    assert.same({ "纠缠态", "nz" }, seg:pos("纠缠态")[1])
    assert.is_nil(seg:freq("词1"))
    assert.same(before, seg:cut(sentence))
    -- add_word one at a time meets the same bound, with a clear error, and cuts stay right
    local e
    for _ = 1, 9000 do
      local ok2, res = pcall(seg.add_word, seg, "量子", 1099511627776)
      if not ok2 then e = res break end
    end
    assert.matches("total frequency would exceed 2^53", e, 1, true)
    assert.is_true(seg:total() <= 2 ^ 53)
    assert.equal(sentence, table.concat(seg:cut(sentence)))
    assert.equal("量子", seg:cut("量子纠缠")[1])
  end)
  it("a bad line anywhere leaves no earlier line applied", function()
    local seg <close> = assert(zt.segmenter())
    local before = seg:cut(sentence)
    local p = write_tmp("量子纠缠态 20 nz\n北京清华 30\n坏\xff行 3\n")
    local ok, err = seg:load_userdict(p)
    os.remove(p)
    assert.is_nil(ok)
    assert.matches(p .. ":3:", err, 1, true)
    assert.is_nil(seg:freq("量子纠缠态"))
    assert.is_nil(seg:freq("北京清华"))
    assert.same(before, seg:cut(sentence))
  end)
  it("a directory is an error, not an empty dictionary", function()
    local seg <close> = assert(zt.segmenter())
    local ok, err = seg:load_userdict("tests/fixtures")
    assert.is_nil(ok)
    assert.matches("tests/fixtures: is a directory", err, 1, true)
    local s, err2 = zt.segmenter({ user_dict = "tests" })
    assert.is_nil(s)
    assert.matches("is a directory", err2, 1, true)
  end)
  it("suggest_freq and del_word edge cases", function()
    local seg <close> = assert(zt.segmenter())
    assert.has_error(function() seg:suggest_freq({ "", "中" }) end)
    assert.has_error(function() seg:suggest_freq({ "中", 1 }) end)
    assert.has_error(function() seg:suggest_freq("\xff", true) end)
    assert.has_error(function() seg:suggest_freq({ "\xe4\xb8", "\xad" }, true) end)
    assert.has_error(function() seg:suggest_freq({}) end)
    assert.has_error(function() seg:del_word("\xff") end)
    assert.has_error(function() seg:del_word("") end)
    local total = seg:total()
    seg:del_word("从来没有的词")
    assert.equal(total, seg:total())
    assert.equal(0, seg:freq("从来没有的词"))
    local f = seg:suggest_freq("清华大学")
    assert.is_true(math.type(f) == "integer" and f >= 0 and f <= 2 ^ 40)
    -- a word list whose frequencies are all 0 has total 0: no division by zero, no NaN
    local p = write_tmp("甲乙 0\n丙丁 0\n")
    local z <close> = assert(zt.segmenter({ dict = p, hmm = false }))
    os.remove(p)
    local r = z:suggest_freq("甲乙丙丁", true)
    assert.is_true(math.type(r) == "integer" and r >= 0)
    assert.equal(0, z:suggest_freq({ "甲乙", "丙丁" }, true))
    assert.equal("甲乙丙丁", table.concat(z:cut("甲乙丙丁")))
  end)
end)

describe("traditional text (issue 9)", function()
  it("allocates about what segmenting the converted text does, not per-character tables", function()
    local s = ("臺灣的電腦軟體產業發展很快，乾隆皇帝在北京故宮後來他們發現了一個問題"):rep(4000)
    local t = zt.convert(s, "t2s")
    collectgarbage()
    collectgarbage("stop")
    local c0 = collectgarbage("count")
    local plain = zt.cut(t)
    local c1 = collectgarbage("count")
    local words = zt.cut(s, { traditional = true })
    local c2 = collectgarbage("count")
    collectgarbage("restart")
    assert.equal(#plain, #words)
    assert.equal(s, table.concat(words))
    -- the conversion and the result are all it needs (it allocated 23x before)
    assert.is_true((c2 - c1) / (c1 - c0) < 3, ("%.1f"):format((c2 - c1) / (c1 - c0)))
  end)
  it("maps search- and full-mode tokens, which step back, onto the original", function()
    local s = "中華人民共和國的電腦軟體產業"
    for _, mode in ipairs({ "search", "full" }) do
      local toks = zt.tokenize(s, { traditional = true, mode = mode })
      local simp = zt.tokenize(zt.convert(s, "t2s"), { mode = mode })
      assert.equal(#simp, #toks)
      for i, tk in ipairs(toks) do
        assert.equal(tk[1], s:sub(tk[2], tk[3]))
        assert.equal(utf8.len(simp[i][1]), utf8.len(tk[1]))
      end
    end
  end)
end)

describe("list arguments are checked (issue 9)", function()
  it("keywords names the bad element instead of failing inside", function()
    local cases = { { 1 / 0 }, { "北京", 3 }, { "北京", { "清华", "nt" } }, { { 1, 2 } } }
    -- a hole: Lua 5.x gives this list the length 3 (so element 2 is nil), LuaJIT the length 1
    -- (a list of "a"); both are borders the manual allows
    local holey = { "a", nil, "b" }
    if #holey == 3 then cases[#cases + 1] = holey end
    for _, words in ipairs(cases) do
      for _, opts in ipairs({ {}, { method = "textrank" }, { allow_pos = { "n" } } }) do
        local ok, err = pcall(zt.keywords, words, opts)
        assert.is_false(ok)
        assert.matches("bad argument #1 to 'keywords' (element ", err, 1, true)
      end
    end
    for _, opt in ipairs({ { stop_words = { 0 / 0 } }, { stop_words = { [{}] = true } }, { allow_pos = { 0 / 0 } } }) do
      local ok, err = pcall(zt.keywords, "我来到北京清华大学", opt)
      assert.is_false(ok)
      assert.matches("bad argument #2 to 'keywords'", err, 1, true)
    end
    assert.same({}, zt.keywords({}))
    assert.equal("北京", zt.keywords({ "北京", "清华大学", "北京" })[1][1])
  end)
  it("segmenter{user_dict = ...} wants paths", function()
    local ok, err = pcall(zt.segmenter, { user_dict = { FIX .. "userdict.txt", 1 } })
    assert.is_false(ok)
    assert.matches("option 'user_dict' must be a path or a list of paths; element 2", err, 1, true)
  end)
end)
