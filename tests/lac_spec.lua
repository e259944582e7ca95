-- Accurate mode (zhtext.lac): exactness against the numpy reference, API shape, bad input.
local lac = require("zhtext.lac")

local HERE = debug.getinfo(1, "S").source:match("^@(.*)/[^/]*$") or "tests"
local FIX = HERE .. "/fixtures/lac/"

local function read_lines(path)
  local t = {}
  for l in io.lines(path) do t[#t + 1] = l end
  return t
end

local function ints(s)
  local t = {}
  for x in s:gmatch("%d+") do t[#t + 1] = tonumber(x) end
  return t
end

local model, model_err = lac.model()

local function same(a, b)
  if #a ~= #b then return false end
  for i = 1, #a do if a[i] ~= b[i] then return false end end
  return true
end

describe("zhtext.lac", function()
  if not model then
    pending("no LAC model (" .. tostring(model_err) .. ")")
    return
  end

  local sentences = read_lines(FIX .. "sentences.txt")
  for _, l in ipairs(read_lines(FIX .. "sentences_gen.txt")) do sentences[#sentences + 1] = l end
  -- Under valgrind (make valgrind) every 20th sentence is enough: the network is slow there.
  local step = os.getenv("ZHTEXT_UNDER_VALGRIND") and 20 or 1
  local expected, lineno = {}, 0
  for l in io.lines(FIX .. "expected.tsv") do
    lineno = lineno + 1
    if lineno % step == 0 then
      local no, ids, tags, pos = l:match("^(%d+)\t([^\t]*)\t([^\t]*)\t(.*)$")
      expected[#expected + 1] = { text = sentences[tonumber(no)], ids = ints(ids), tags = ints(tags), pos = pos }
    end
  end

  it("has hundreds of reference sentences", function()
    assert.is_true(#expected * step >= 400)
  end)

  it("normalises the input exactly as the reference (model ids)", function()
    local bad = {}
    for _, e in ipairs(expected) do
      if not same(model:encode(e.text), e.ids) then bad[#bad + 1] = e.text end
    end
    assert.same({}, bad)
  end)

  for _, kernel in ipairs({ "portable", "avx2", "avx512" }) do
    it("reproduces the reference tag ids exactly (" .. kernel .. " kernel)", function()
      local used = model:kernel(kernel)
      local bad, nchars = {}, 0
      for _, e in ipairs(expected) do
        nchars = nchars + #e.ids
        if not same(model:tag_ids(e.ids), e.tags) then bad[#bad + 1] = e.text end
      end
      model:kernel("auto")
      assert.same({}, bad)
      assert.is_true(nchars * step > 10000)
      if used ~= kernel then pending("CPU has no " .. kernel .. "; ran " .. used) end
    end)

    it("gives the reference words and tags through pos() (" .. kernel .. " kernel)", function()
      model:kernel(kernel)
      local bad = {}
      for _, e in ipairs(expected) do
        local parts = {}
        for _, wt in ipairs(lac.pos(e.text)) do parts[#parts + 1] = wt[1] .. "/" .. wt[2] end
        local got = table.concat(parts, " ")
        if got ~= e.pos then bad[#bad + 1] = { e.pos, got } end
      end
      model:kernel("auto")
      assert.same({}, bad)
    end)
  end

  it("batches several lines without changing any result", function()
    local texts, want = {}, {}
    for i = 1, math.min(60, math.floor(#expected / 5)) do
      local e = expected[i * 5]
      texts[#texts + 1] = e.text
      for _, wt in ipairs(lac.pos(e.text)) do want[#want + 1] = wt[1] .. "/" .. wt[2] end
    end
    local got = {}
    for _, wt in ipairs(lac.pos(table.concat(texts, "\n"))) do got[#got + 1] = wt[1] .. "/" .. wt[2] end
    assert.same(want, got)
  end)

  describe("API", function()
    local zt = require("zhtext")
    local news = "新华社北京3月5日电 国务院总理李强今天上午在人民大会堂作政府工作报告。"

    it("cut, tokenize, pos and entities agree", function()
      local words, toks, pos = lac.cut(news), lac.tokenize(news), lac.pos(news)
      assert.is_true(#words > 8)
      assert.equal(#words, #toks)
      assert.equal(#words, #pos)
      for i, t in ipairs(toks) do
        assert.equal(words[i], t[1])
        assert.equal(t[1], news:sub(t[2], t[3]))
        assert.equal(words[i], pos[i][1])
      end
      assert.same({ "新华社", "ORG" }, pos[1])
      local types = {}
      for _, e in ipairs(lac.entities(news)) do
        assert.equal(e.text, news:sub(e.start, e.stop))
        types[e.text] = e.type
      end
      assert.equal("PER", types["李强"])
      assert.equal("LOC", types["北京"])
      assert.equal("TIME", types["3月5日"])
      assert.equal("ORG", types["国务院"])
      local org = lac.entities("第十四届全国人民代表大会第二次会议今天开幕。")
      assert.same({ text = "全国人民代表大会", type = "ORG", start = 13, stop = 36 }, org[1])
    end)

    it("zt.entities is the same function", function()
      assert.equal(lac.entities, zt.entities)
    end)

    it("drops white space and keeps offsets right", function()
      local s = "  我们 在  北京\t工作。\n\n第二行\r\n第三行  "
      for _, t in ipairs(lac.tokenize(s)) do
        assert.equal(t[1], s:sub(t[2], t[3]))
        assert.is_nil(t[1]:find("%s"))
      end
      assert.same({}, lac.cut(""))
      assert.same({}, lac.cut(" \n\t \r\n"))
    end)

    it("analyses traditional text through t2s and maps back onto the original characters", function()
      local trad = "臺灣的運動員在國際錦標賽中獲得三枚獎牌。"
      local simp = "台湾的运动员在国际锦标赛中获得三枚奖牌。"
      local tp, sp = lac.pos(trad), lac.pos(simp)
      assert.equal(#sp, #tp)
      for i = 1, #sp do
        assert.equal(utf8.len(sp[i][1]), utf8.len(tp[i][1]))
        assert.equal(sp[i][2], tp[i][2])
      end
      assert.equal("臺灣", tp[1][1])
      local e = lac.entities("香港特別行政區政府發言人張曉明表示")
      local per
      for _, x in ipairs(e) do if x.type == "PER" then per = x end end
      assert.is_not_nil(per)
      assert.equal("張曉明", per.text)
    end)

    it("splits long lines into bounded chunks without losing text", function()
      local s = string.rep("今天天气很好，我们去公园散步。", 200) .. string.rep("中国", 1500)
      local toks = lac.tokenize(s)
      local n = 0
      for i, t in ipairs(toks) do
        if i > 1 then assert.equal(toks[i - 1][3] + 1, t[2]) end
        n = n + #t[1]
      end
      assert.equal(#s, n)
    end)

    it("never crashes on invalid UTF-8, NUL bytes or random bytes", function()
      local inputs = { "\xff\xfe中文\xe4\xb8", "a\0b\0中\0国", "\xed\xa0\x80\xc0\xaf", string.rep("\0", 100) }
      local seed = 1
      for _ = 1, 50 do
        local b = {}
        for i = 1, 200 do
          seed = (seed * 1103515245 + 12345) % 2147483648
          b[i] = string.char(seed % 256)
        end
        inputs[#inputs + 1] = table.concat(b)
      end
      for _, s in ipairs(inputs) do
        local toks = assert(lac.tokenize(s))
        local last = 0
        for _, t in ipairs(toks) do
          assert.is_true(t[2] > last and t[3] >= t[2] and t[3] <= #s)
          last = t[3]
        end
        assert.is_table(lac.entities(s))
      end
    end)

    it("raises on programmer errors", function()
      assert.has_error(function() lac.cut(nil) end)
      assert.has_error(function() lac.cut(42) end)
      assert.has_error(function() lac.cut("x", { nope = true }) end)
      assert.has_error(function() lac.cut("x", { mode = "precise" }) end)
      assert.has_error(function() lac.cut("x", "accurate") end)
      assert.has_error(function() model:kernel("sse9") end)
      assert.has_error(function() model.analyze("x", "cut") end)
    end)

    it("accepts mode = 'accurate' and an explicit model", function()
      assert.same(lac.cut(news), lac.cut(news, { mode = "accurate", model = model }))
    end)

    it("returns nil, message for a missing or malformed model file", function()
      local m, err = lac.load("/nonexistent/lac.bin")
      assert.is_nil(m)
      assert.is_string(err)
      local tmp = os.tmpname()
      local f = assert(io.open(tmp, "wb"))
      f:write("ZTLAC001 not really a model")
      f:close()
      local r, err2 = lac.cut("中文", { model = tmp })
      os.remove(tmp)
      assert.is_nil(r)
      assert.matches("not a zhtext LAC model", err2)
    end)

    it("finds the model through $ZHTEXT_LAC, else converts Debian's files once into the cache", function()
      local f = io.open(lac.debian_dir .. "/word.dic")
      if not f then return pending("python3-jieba not installed") end
      f:close()
      local home = os.tmpname()
      os.remove(home)
      assert.is_true(os.execute("mkdir -p '" .. home .. "'"))
      local code = [[local lac = require('zhtext.lac'); local w = assert(lac.cut('我们在北京工作'));
        io.write(#w)]]
      local rest = "ZHTEXT_DATA_DIR= HOME='" .. home .. "' "
      local function run(lac_env)
        local p = io.popen("env -u XDG_CACHE_HOME " .. (lac_env and "ZHTEXT_LAC=" .. lac_env .. " " or
          "-u ZHTEXT_LAC ") .. rest .. require("tests.support.util").LUA .. " -e \""
          .. code:gsub("\n", " ") .. "\" 2>&1")
        local out = p:read("*a")
        p:close()
        return out
      end
      assert.equal("4", run(nil))
      local cached = home .. "/.cache/zhtext/lac.bin"
      local c = io.open(cached, "rb")
      assert.is_not_nil(c)
      if c then c:close() end
      assert.equal("4", run(cached))
      assert.matches("cannot read", run("/nonexistent/lac.bin"))
      os.execute("rm -rf '" .. home .. "'")
    end)

    it("converts Debian's files into the same model file the build makes", function()
      local dir = lac.debian_dir
      local f = io.open(dir .. "/word.dic")
      if not f then return pending("python3-jieba not installed") end
      f:close()
      local tmp = os.tmpname()
      assert.is_true(lac.convert(dir, tmp))
      local m2 = assert(lac.load(tmp))
      os.remove(tmp)
      assert.same(lac.pos(news), lac.pos(news, { model = m2 }))
      local nok, err = lac.convert("/nonexistent", tmp)
      assert.is_nil(nok)
      assert.is_string(err)
    end)

    it("survives finalizers that use or close the same model mid-call (issue 9)", function()
      local core = require("zhtext.core")
      local path = os.getenv("ZHTEXT_LAC") or ((os.getenv("ZHTEXT_DATA_DIR") or "build/zhtext") .. "/lac.bin")
      if not io.open(path) then return pending("no " .. path) end
      local text = ("新华社北京电，李强在会上讲话。"):rep(6)
      local want = table.concat(model:analyze(text, "cut"), "/")
      collectgarbage("incremental", 0, 100)
      local ok, err = pcall(function()
        for _ = 1, 30 do
          setmetatable({}, { __gc = function() model:analyze("他来到了网易杭研大厦", "pos") end })
          assert.equal(want, table.concat(model:analyze(text, "cut"), "/"))
        end
        -- a short text: few allocations after the model is looked up, so the finalizer often
        -- runs right before the network does
        for _, what in ipairs({ "cut", "pos", "entities" }) do
          for _ = 1, 8 do
            local m = assert(core.lac_load(path))
            setmetatable({}, { __gc = function() m:close() end })
            for _ = 1, 10 do
              local ok2, res = pcall(m.analyze, m, "李强", what)
              assert(ok2 or tostring(res):find("closed", 1, true), res)
              ok2, res = pcall(m.encode, m, text)
              assert(ok2 or tostring(res):find("closed", 1, true), res)
            end
          end
        end
      end)
      collectgarbage("incremental", 200, 100)
      collectgarbage()
      assert(ok, err)
    end)
  end)
end)
