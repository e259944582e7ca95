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
  local expected = {}
  for l in io.lines(FIX .. "expected.tsv") do
    local no, ids, tags, pos = l:match("^(%d+)\t([^\t]*)\t([^\t]*)\t(.*)$")
    expected[#expected + 1] = { text = sentences[tonumber(no)], ids = ints(ids), tags = ints(tags), pos = pos }
  end

  it("has hundreds of reference sentences", function()
    assert.is_true(#expected >= 400)
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
      assert.is_true(nchars > 10000)
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
    for i = 1, 60 do
      local e = expected[i * 5]
      texts[#texts + 1] = e.text
      for _, wt in ipairs(lac.pos(e.text)) do want[#want + 1] = wt[1] .. "/" .. wt[2] end
    end
    local got = {}
    for _, wt in ipairs(lac.pos(table.concat(texts, "\n"))) do got[#got + 1] = wt[1] .. "/" .. wt[2] end
    assert.same(want, got)
  end)
end)
