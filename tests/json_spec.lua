-- The record schema (src/zt_article_fields.def, zhtext.core.article_fields) and the one JSON
-- encoder (zhtext.core.json_encode behind zt.sink.encode, json_article behind
-- zt.article.to_json). Every input here was written for these tests.
local zt = require("zhtext")
local core = require("zhtext.core")
local cjson = require("cjson")

local PAGE = table.concat({
  "<html><head><title>江城春季马拉松开跑_晨光日报</title>",
  '<meta name="keywords" content="马拉松,江城"></head><body>',
  "<h1>江城春季马拉松开跑</h1>",
  '<div class="info">2026-03-14 08:30　来源：晨光日报　作者：周明远</div>',
  "<p>三万名选手从市民广场出发，沿江边道路跑过五座桥梁。</p>",
  "<p>组委会在沿线设置了二十个补给站和十个医疗点，志愿者超过两千人。</p>",
  "<p>责任编辑：李晓红</p></body></html>",
})

describe("the record schema", function()
  it("lists every field of a parsed record, in output order, with its type", function()
    local fields = core.article_fields
    assert.are.same({ name = "title", type = "string" }, fields[1])
    local types = {}
    for _, f in ipairs(fields) do types[f.name] = f.type end
    assert.are.equal("list", types.authors)
    assert.are.equal("list", types.warnings)
    assert.are.equal("string", types.date)
    local r = zt.article.parse(PAGE)
    -- lists are always there, strings when found; nothing else but format and encoding
    for _, f in ipairs(fields) do
      if f.type == "list" then assert.are.equal("table", type(r[f.name]), f.name) end
    end
    for k in pairs(r) do
      if k ~= "format" and k ~= "encoding" then assert.truthy(types[k], k .. " is not in the schema") end
    end
    assert.are.same(fields, zt.article.fields)
  end)

  it("orders JSON Lines keys by it: the record's own keys, the article's, then the analysis", function()
    local line = zt.sink.encode({ words = { "江城" }, title = "T", id = 1, date = "2026-03-14", authors = {},
      simhash = "00ff", text = "x", zeta = 1, alpha = 2 })
    assert.are.equal('{"id":1,"title":"T","date":"2026-03-14","authors":[],"text":"x","words":["江城"],'
      .. '"simhash":"00ff","alpha":2,"zeta":1}', line)
  end)

  it("gives zt.article.to_json its field order, with absent fields as null or []", function()
    local j = zt.article.to_json({ paragraphs = { "正文" }, title = "标题", format = "text" })
    local keys = {}
    for k in j:gmatch('\n  "([%w_]+)":') do keys[#keys + 1] = k end
    local want = {}
    for i, f in ipairs(core.article_fields) do want[i] = f.name end
    want[#want + 1] = "format"
    assert.are.same(want, keys)
    assert.truthy(j:find('"site": null', 1, true))
    assert.truthy(j:find('"editors": []', 1, true))
    assert.truthy(j:find('"paragraphs": [\n    "正文"\n  ]', 1, true))
    assert.are.equal("标题", cjson.decode(j).title)
  end)
end)

describe("the JSON encoder", function()
  it("writes values as lua-cjson does, without escaping /", function()
    for _, v in ipairs { 1, -7, 0.1, 1 / 3, 2 ^ 53, 1e300, 123456789012345678, -0.0, true, false, "a/b" } do
      local want = cjson.encode({ v = v }):gsub("\\/", "/")
      assert.are.equal(want, zt.sink.encode({ v = v }))
    end
    assert.are.equal('{"v":null}', zt.sink.encode({ v = cjson.null }))
    assert.are.equal('{"k":[["词",0.25],["语",0.125]]}', zt.sink.encode({ k = { { "词", 0.25 }, { "语", 0.125 } } }))
    assert.are.equal('{"a":[1,null,3]}', zt.sink.encode({ a = { 1, nil, 3 } }))
  end)

  it("escapes what JSON needs and nothing else", function()
    local s = 'q"b\\s\b\f\n\r\t\1\31\127 /中文'
    local line = zt.sink.encode({ s = s })
    assert.are.equal('{"s":"q\\"b\\\\s\\b\\f\\n\\r\\t\\u0001\\u001f\\u007f /中文"}', line)
    assert.are.equal(s, cjson.decode(line).s)
  end)

  it("turns each byte of an invalid UTF-8 sequence into U+FFFD, keys too", function()
    local bad = {
      "\255", "\192\175", "\224\128\128", "\237\160\128", "\244\144\128\128", "\248\136\128\128\128", "好\228\189",
      "\128", "a\226\130",
    }
    for _, b in ipairs(bad) do
      local line = zt.sink.encode({ [b] = b })
      assert.truthy(zt.utf8.len(line), "valid UTF-8 for " .. b:byte(1))
      local k, v = next(cjson.decode(line))
      assert.are.equal(k, v)
      -- as many replacement characters as a strict check finds bad bytes (zt.utf8.len: 5.3's
      -- utf8.len takes surrogates and 5-byte forms)
      local n, i = 0, 1
      while true do
        local ok, at = zt.utf8.len(b:sub(i))
        if ok then break end
        n, i = n + 1, i + at
      end
      local _, reps = v:gsub("\239\191\189", "")
      assert.are.equal(n, reps)
    end
    assert.are.equal('{"s":"\u{10FFFF}é"}', zt.sink.encode({ s = "\u{10FFFF}é" }))
  end)

  it("core.utf8_repair (TSV, CSV) replaces exactly what the JSON encoder does", function()
    local seed = 7
    local function byte()
      seed = (seed * 1103515245 + 12345) % 2147483648
      local r = seed % 12
      -- mostly pieces of real sequences, so that valid and ill-formed runs mix
      return ({ "a", "\228", "\189", "\160", "\237", "\244", "\144", "\128", "\255", "\192", "好", "\226\130" })[r + 1]
    end
    for _ = 1, 2000 do
      local parts = {}
      for i = 1, seed % 9 + 1 do parts[i] = byte() end
      local s = table.concat(parts)
      local fixed = core.utf8_repair(s)
      assert.truthy(zt.utf8.len(fixed))
      assert.are.equal(zt.sink.encode({ s = s }), zt.sink.encode({ s = fixed }))
      assert.are.equal(cjson.decode(zt.sink.encode({ s = s })).s, fixed)
    end
    assert.are.equal("好", core.utf8_repair("好"))
  end)

  it("sorts object keys, leaves out internal fields, and writes {} as [] only for a field's value", function()
    assert.are.equal('{"m":{"1":2,"b":{},"c":"d"}}', zt.sink.encode({ m = { c = "d", b = {}, [1] = 2 } }))
    assert.are.equal('{"a":1}', zt.sink.encode({ a = 1, _joined = { "x" } }))
    assert.are.equal('{"e":[]}', zt.sink.encode({ e = {} }))
    assert.are.equal('{"n":[{}]}', zt.sink.encode({ n = { {} } }))
    -- a record whose keys are not all strings is one plain value
    assert.are.equal("[1,2]", zt.sink.encode({ 1, 2 }))
  end)

  it("refuses what JSON cannot hold, with lua-cjson's messages", function()
    local nan = "Cannot serialise number: must not be NaN or Infinity"
    assert.has_error(function() zt.sink.encode({ x = 0 / 0 }) end, nan)
    assert.has_error(function() zt.sink.encode({ x = math.huge }) end, nan)
    assert.has_error(function() zt.sink.encode({ x = print }) end, "Cannot serialise function: type not supported")
    assert.has_error(function() zt.sink.encode({ x = { [1] = 1, [100] = 1 } }) end,
      "Cannot serialise table: excessively sparse array")
    local deep = {}
    local t = deep
    for _ = 1, 1100 do t.x = {}; t = t.x end
    assert.has_error(function() zt.sink.encode({ d = deep }) end)
  end)

  it("writes a list of plain values in one walk, and any other table as it always did", function()
    local enc = zt.sink.encode
    assert.are.equal('{"l":["a",1,2.5,true,false,"b"]}', enc({ l = { "a", 1, 2.5, true, false, "b" } }))
    -- stops being a list halfway: an object, keys sorted, nothing of the list attempt left
    assert.are.equal('{"l":{"1":"a","2":"b","x":"c"}}', enc({ l = { "a", "b", x = "c" } }))
    assert.are.equal('{"l":["a",["b"],{"c":1}]}', enc({ l = { "a", { "b" }, { c = 1 } } }))
    assert.are.equal('{"l":["a",null,"c"]}', enc({ l = { "a", nil, "c" } }))
    local back = {}
    for i = 5, 1, -1 do back[i] = "w" .. i end -- filled from the end: keys not met in order
    assert.are.equal('{"l":["w1","w2","w3","w4","w5"]}', enc({ l = back }))
    local nan = "Cannot serialise number: must not be NaN or Infinity"
    assert.has_error(function() enc({ l = { "a", 0 / 0 } }) end, nan)
    assert.has_error(function() enc({ l = { 1, 2, [true] = 3 } }) end,
      "Cannot serialise table: table key must be a number or string")
    assert.has_error(function() enc({ l = { "a", print } }) end, "Cannot serialise function: type not supported")
    -- the writer is kept between calls: after an error, after a large line, lines are whole
    assert.are.equal('{"l":["x"]}', enc({ l = { "x" } }))
    local big = {}
    for i = 1, 60000 do big[i] = "词语" .. i end
    local line = enc({ l = big })
    assert.are.same(big, cjson.decode(line).l)
    assert.are.equal('{"a":"b"}', enc({ a = "b" }))
  end)

  it("escapes strings of every length and position as lua-cjson does (but /)", function()
    local specials = { '"', "\\", "\n", "\1", "\127", "/", "中", "\255" }
    for len = 1, 19 do
      for at = 1, len do
        for _, c in ipairs(specials) do
          local s = ("abcdefghijklmnopqrst"):sub(1, len)
          s = s:sub(1, at - 1) .. c .. s:sub(at + 1)
          local line = zt.sink.encode({ s = s })
          if c == "\255" then
            assert.are.equal((s:gsub("\255", "\239\191\189")), cjson.decode(line).s)
          else
            assert.are.equal((cjson.encode({ s = s }):gsub("\\/", "/")), line)
          end
        end
      end
    end
    -- the edges of the three-byte forms: U+0800, U+D7FF, U+E000 written as they are
    local edges = "\224\160\128\237\159\191\238\128\128"
    assert.are.equal('{"s":"' .. edges .. '"}', zt.sink.encode({ s = edges }))
  end)

  it("round-trips a parsed and analysed record through lua-cjson", function()
    local p = zt.pipeline():parse():segment():keywords{ top = 5 }:dedupe{ fingerprint = true }
    local r = assert(p:process({ id = "m1", path = "m1.html", text = PAGE }))
    local line = zt.sink.encode(r)
    local back = cjson.decode(line)
    assert.are.same(r.words, back.words)
    assert.are.same(r.paragraphs, back.paragraphs)
    assert.are.equal(r.title, back.title)
    assert.is_nil(back._joined)
    assert.are.equal(5, #back.keywords)
    assert.truthy(line:find('^{"id":"m1","path":"m1.html","title":'))
  end)
end)
