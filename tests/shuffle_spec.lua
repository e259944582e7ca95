-- Specs for the distributed dedupe (lua/zhtext/shuffle.lua): `zhtext fingerprint` (map),
-- `zhtext dedupe-merge` (reduce by band key) and `dedupe-merge --resolve`, against the
-- one-process decision (`zhtext run --dedupe`, zt.simhash_index).
local cjson = require("cjson")
local zt = require("zhtext")
local shuffle = require("zhtext.shuffle")
local util = require("tests.support.util")
local write, sh = util.write, util.sh

local ZHTEXT = "lua5.4 bin/zhtext"
local function zhtext(args, stdin) return sh(ZHTEXT .. " " .. args, stdin) end

local function popcount(x)
  local c = 0
  while x ~= 0 do x = x & (x - 1); c = c + 1 end
  return c
end

local function lines(s)
  local out = {}
  for l in s:gmatch("[^\n]+") do out[#out + 1] = l end
  return out
end

local function tmpfile(s)
  local p = os.tmpname()
  write(p, s)
  return p
end

-- a deterministic 64-bit generator
local function rng(seed)
  local x = seed
  return function()
    x = x * 6364136223846793005 + 1442695040888963407
    return x ~ (x >> 29)
  end
end

-- fingerprint lines as `zhtext fingerprint` writes them (k = 3, 4 blocks unless said)
local MASKS = shuffle.layout(3)
local function fpline(id, part, n, fp, k, blocks)
  k, blocks = k or 3, blocks or 4
  return (shuffle.fingerprint_line(id, part, n, fp, k, blocks, shuffle.layout(k, blocks)))
end

-- KEY<TAB>line for every band key of the lines, grouped by key; `order(list)` may permute the
-- groups and each group's lines (a shuffle promises grouping, not order)
local function keyed(fplines, order)
  local groups, keys = {}, {}
  for _, l in ipairs(fplines) do
    local o = cjson.decode(l)
    local body = l:gsub(',"bands":%[.*%]}$', "}")
    for _, key in ipairs(o.bands) do
      if not groups[key] then groups[key] = {}; keys[#keys + 1] = key end
      table.insert(groups[key], key .. "\t" .. body)
    end
  end
  table.sort(keys)
  if order then order(keys) end
  local out = {}
  for _, key in ipairs(keys) do
    local g = groups[key]
    if order then order(g) end
    for _, l in ipairs(g) do out[#out + 1] = l end
  end
  return table.concat(out, "\n") .. "\n"
end

local function shuffler(seed)
  local r = rng(seed)
  return function(t)
    for i = #t, 2, -1 do
      local j = (r() >> 1) % i + 1
      t[i], t[j] = t[j], t[i]
    end
  end
end

-- reduce then resolve through the command; returns {id = {of = id, d = n}}, the pairs, the output
local function dropped_of(input)
  local pairs_out, err, code = zhtext("dedupe-merge -", input)
  assert.are.equal(0, code, err)
  local out, err2, code2 = zhtext("dedupe-merge --resolve -", pairs_out)
  assert.are.equal(0, code2, err2)
  local by = {}
  for _, l in ipairs(lines(out)) do
    local o = cjson.decode(l)
    by[o.id] = { of = o.duplicate_of.id, d = o.distance }
  end
  return by, pairs_out, out
end

-- the one-process decision over fingerprints in order: what `--dedupe` does with them
local function one_process(list, k)
  local ix = zt.simhash_index { k = k or 3 }
  local by = {}
  for i, e in ipairs(list) do
    if e.fp ~= 0 then
      local first, d = ix:check(e.fp, i)
      if first then by[e.id] = { of = list[first].id, d = d } end
    end
  end
  ix:close()
  return by
end

describe("band layout", function()
  it("cuts 64 bits into blocks, low bits first, one band per set of blocks-k blocks", function()
    assert.are.same({ 0xffff, 0xffff << 16, 0xffff << 32, 0xffff << 48 }, MASKS)
    local m5 = shuffle.layout(3, 5) -- blocks of 13,13,13,13,12 bits; 10 bands of 2 blocks
    assert.are.equal(10, #m5)
    assert.are.equal((1 << 26) - 1, m5[1])
    for _, mask in ipairs(m5) do assert.is_true(popcount(mask) == 25 or popcount(mask) == 26) end
    assert.are.equal(-1, shuffle.layout(0)[1])
    assert.has_error(function() shuffle.layout(3, 3) end, "blocks must be an integer 4..64 (k + 1 or more)")
    assert.has_error(function() shuffle.layout(3, 20) end, "20 blocks for k=3 make 1140 bands, more than 256")
  end)

  it("puts every pair within k in at least one shared band (pigeonhole), for each layout", function()
    local r = rng(12345)
    for _, lay in ipairs { { 3, 4 }, { 3, 5 }, { 3, 6 }, { 2, 3 }, { 5, 7 } } do
      local k, masks = lay[1], shuffle.layout(lay[1], lay[2])
      for _ = 1, 300 do
        local a = r()
        local b = a
        for _ = 1, k do b = b ~ (1 << (r() >> 58)) end
        local ka, kb, shared = shuffle.band_keys(a, masks), shuffle.band_keys(b, masks), false
        for i = 1, #ka do if ka[i] == kb[i] then shared = true end end
        assert.is_true(shared)
      end
    end
    assert.are.same({}, shuffle.band_keys(0, MASKS)) -- no text: never a duplicate
  end)
end)

describe("zhtext fingerprint", function()
  local input = table.concat({
    '{"id":"a1","text":"城市图书馆今天正式开放，居民可以免费借阅图书，每天上午九点开门，晚上八点闭馆。"}',
    '{"id":"a2","text":"……！？"}',
    '{"id":7,"text":"南湖公园的绿地改造工程已经完成，周边居民出行更加方便。"}',
    '{"text":"没有编号的记录也有指纹和位置。"}',
  }, "\n") .. "\n"

  it("writes one line per record: id, pos [part, n], simhash and band keys", function()
    local out, err, code = zhtext("fingerprint -q --part 5 -", input)
    assert.are.equal(0, code, err)
    assert.are.equal("", err)
    local ls = lines(out)
    assert.are.equal(4, #ls)
    local recs = {}
    for i, l in ipairs(ls) do recs[i] = cjson.decode(l) end
    assert.are.equal("a1", recs[1].id)
    assert.are.same({ 5, 1 }, recs[1].pos)
    local fp = zt.simhash("城市图书馆今天正式开放，居民可以免费借阅图书，每天上午九点开门，晚上八点闭馆。")
    assert.are.equal(("%016x"):format(fp), recs[1].simhash)
    assert.are.same(shuffle.band_keys(fp, MASKS), recs[1].bands)
    assert.are.equal(3, recs[1].k)
    assert.are.equal(4, recs[1].blocks)
    -- only punctuation: fingerprint 0, no band keys (as --dedupe, never a duplicate)
    assert.are.equal("0000000000000000", recs[2].simhash)
    assert.are.same({}, recs[2].bands)
    assert.are.equal(7, recs[3].id)
    assert.are.same({ 5, 3 }, recs[3].pos)
    assert.are.equal(cjson.null, recs[4].id)
    assert.are.same({ 5, 4 }, recs[4].pos)
    -- the exact text of a line, keys in a fixed order
    assert.matches('^{"id":"a1","pos":%[5,1%],"simhash":"%x+","k":3,"blocks":4,"bands":%["0:', ls[1])
  end)

  it("with --keyed writes KEY<TAB>line once per band key; --blocks sets the layout", function()
    local out, err, code = zhtext("fingerprint -q --keyed -", input)
    assert.are.equal(0, code, err)
    local ls = lines(out)
    assert.are.equal(12, #ls) -- 3 records with text x 4 bands
    local key, body = ls[1]:match("^([^\t]+)\t(.*)$")
    assert.matches("^0:%x+$", key)
    assert.is_nil(cjson.decode(body).bands)
    out = zhtext("fingerprint -q --keyed --blocks 5 -", input)
    assert.are.equal(30, #lines(out))
    local _, e2, c2 = zhtext("fingerprint --blocks 3 -", input)
    assert.are.equal(2, c2)
    assert.matches("blocks must be an integer 4..64", e2)
    _, e2, c2 = zhtext("fingerprint --part x -", input)
    assert.are.equal(2, c2)
    assert.matches("%-%-part expects a non%-negative integer", e2)
  end)

  it("takes the part from a '#part N' first line with --part header (Spark's pipe)", function()
    local out, err, code = zhtext("fingerprint -q --part header -", "#part 12\n" .. input)
    assert.are.equal(0, code, err)
    local ls = lines(out)
    assert.are.same({ 12, 1 }, cjson.decode(ls[1]).pos)
    assert.are.same({ 12, 4 }, cjson.decode(ls[4]).pos)
    assert.are.equal((zhtext("fingerprint -q --part 12 -", input)), out)
    local _, e2, c2 = zhtext("fingerprint -q --part header -", input)
    assert.are.equal(1, c2)
    assert.matches("%-:1: %-%-part header: the first line must be '#part N'", e2)
    -- failures keep the stream's own line numbers
    _, e2 = zhtext("fingerprint -q --part header -", '#part 1\n{"id":"z","body":"无"}\n')
    assert.matches("%-:2 %(id z%): record 1: stage read", e2)
  end)

  it("fingerprints what the run's stages leave, as `run --parse --dedupe` does", function()
    local page = '<html><head><title>通知</title></head><body><div class="nav">首页 | 本地</div>'
      .. '<h1>社区图书馆延长开放时间</h1><p>社区图书馆从下周起延长开放时间，工作日晚上九点闭馆，周末全天开放。</p>'
      .. '<p>居民可以在线预约座位，也可以现场登记。</p></body></html>'
    local jl = cjson.encode({ id = "p1", html = page }) .. "\n"
    local out, err, code = zhtext("fingerprint -q --parse -", jl)
    assert.are.equal(0, code, err)
    local want
    zt.pipeline():parse():dedupe { fingerprint = true }:run(zt.source.jsonl(tmpfile(jl)), function(r)
      want = r.simhash
    end)
    assert.are.equal(want, cjson.decode(out).simhash)
    local plain = zhtext("fingerprint -q -", jl)
    assert.are_not.equal(want, cjson.decode(plain).simhash) -- the markup itself, unparsed
  end)

  it("names a file's record by its path", function()
    local dir = os.tmpname()
    os.remove(dir)
    assert(os.execute("mkdir -p " .. dir))
    write(dir .. "/a.txt", "社区图书馆从下周起延长开放时间，工作日晚上九点闭馆。")
    write(dir .. "/b.txt", "社区图书馆从下周起延长开放时间，工作日晚上九点闭馆。")
    local out, err, code = zhtext("fingerprint -q " .. dir)
    assert.are.equal(0, code, err)
    local ls = lines(out)
    assert.are.equal(dir .. "/a.txt", cjson.decode(ls[1]).id)
    assert.are.same({ 0, 2 }, cjson.decode(ls[2]).pos)
    local by = dropped_of(out)
    assert.are.same({ [dir .. "/b.txt"] = { of = dir .. "/a.txt", d = 0 } }, by)
    os.execute("rm -rf " .. dir)
  end)

  it("reports a record that fails with its id and exits 1", function()
    local out, err, code = zhtext("fingerprint -q -", '{"id":"ok","text":"好"}\n{"id":"x9","body":"无"}\n')
    assert.are.equal(1, code)
    assert.are.equal(1, #lines(out))
    assert.matches("%-:2 %(id x9%): record 2: stage read: no field 'text'", err)
  end)
end)

describe("zhtext dedupe-merge", function()
  -- A chain: B is within 3 of A, C within 3 of B but 6 from A. One process keeps A, drops B
  -- (near A) and keeps C (its only near record, B, was dropped): a reduce inside one band
  -- cannot know that; the resolve pass does.
  local A = 0x123456789abcdef1
  local B = A ~ 0x7
  local C = B ~ 0x700
  local Q = A ~ 0x3 ~ 0x300000       -- 4 from A: kept
  local G = A ~ 0x3                  -- 2 from A, 2 from Q: the earlier (A) survives
  local G2 = A ~ 0x3 ~ 0x100000      -- 3 from A, 1 from Q: the closer (Q) survives
  local Y = B ~ (1 << 30)            -- 4 from A, 1 from B (dropped): kept
  local recs = {
    { id = "A", fp = A }, { id = "B", fp = B }, { id = "C", fp = C }, { id = "D", fp = A },
    { id = "E", fp = C }, { id = "F", fp = ~A }, { id = "Q", fp = Q }, { id = "G", fp = G },
    { id = "G2", fp = G2 }, { id = "Gc", fp = G }, { id = "Y", fp = Y }, { id = "Bc", fp = B },
    { id = "Z", fp = 0 },
  }
  local function fplines(parts)
    -- records split into `parts` contiguous partitions, numbered from 1 in each
    local out, per = {}, math.ceil(#recs / parts)
    for i, r in ipairs(recs) do
      local p = (i - 1) // per
      out[i] = fpline(r.id, p, i - p * per, r.fp)
    end
    return out
  end

  it("writes the candidate pairs once each, and resolves the chain as one process does", function()
    local by, pairs_out = dropped_of(table.concat(fplines(1), "\n") .. "\n")
    assert.are.same({
      B = { of = "A", d = 3 }, D = { of = "A", d = 0 }, E = { of = "C", d = 0 },
      G = { of = "A", d = 2 }, G2 = { of = "Q", d = 1 }, Gc = { of = "A", d = 2 },
      Bc = { of = "Y", d = 1 }, -- a copy whose first copy was dropped: the closest kept before it
    }, by)
    assert.are.same(one_process(recs), by)
    -- pairs: first copies within 3 (each once, whatever bands they share) and copies to firsts
    local seen = {}
    for _, l in ipairs(lines(pairs_out)) do
      local o = cjson.decode(l)
      local key = o.a.id .. "-" .. o.b.id
      assert.is_nil(seen[key], key)
      seen[key] = o.d
    end
    assert.are.same({ ["A-B"] = 3, ["B-C"] = 3, ["A-D"] = 0, ["C-E"] = 0, ["A-G"] = 2, ["A-G2"] = 3,
      ["Q-G"] = 2, ["Q-G2"] = 1, ["G-G2"] = 1, ["G-Gc"] = 0, ["B-Y"] = 1, ["B-Bc"] = 0, ["G-Y"] = 2,
      ["G2-Y"] = 3, ["B-Q"] = 3, ["B-G"] = 1, ["B-G2"] = 2 }, seen)
  end)

  it("gives the same survivors under any partitioning, group order and line order", function()
    local want = select(3, dropped_of(keyed(fplines(1))))
    local ids = {}
    for _, l in ipairs(lines(want)) do
      local o = cjson.decode(l)
      ids[#ids + 1] = o.id .. ">" .. o.duplicate_of.id .. ":" .. o.distance
    end
    for parts = 1, 4 do
      for seed = 1, 3 do
        local _, _, out = dropped_of(keyed(fplines(parts), shuffler(seed * 10 + parts)))
        local got = {}
        for _, l in ipairs(lines(out)) do
          local o = cjson.decode(l)
          got[#got + 1] = o.id .. ">" .. o.duplicate_of.id .. ":" .. o.distance
        end
        assert.are.same(ids, got)
        if parts == 1 then assert.are.equal(want, out) end -- byte for byte
      end
    end
    -- the resolve pass takes the reducers' outputs in any order, pairs repeated or not
    local p1 = zhtext("dedupe-merge -", keyed(fplines(2)))
    local pl = lines(p1)
    shuffler(99)(pl)
    pl[#pl + 1] = pl[1]
    local out = zhtext("dedupe-merge --resolve -", table.concat(pl, "\n") .. "\n")
    local plain = select(3, dropped_of(keyed(fplines(2))))
    assert.are.equal(plain, out)
  end)

  it("matches the one-process index on clusters of random fingerprints, for two layouts", function()
    local r = rng(777)
    local list, centers = {}, {}
    for i = 1, 1500 do
      local fp
      local roll = (r() >> 1) % 10
      if #centers > 0 and roll < 6 then
        fp = centers[(r() >> 1) % #centers + 1]
        for _ = 1, (r() >> 1) % 5 do fp = fp ~ (1 << (r() >> 58)) end -- 0..4 bits away
      else
        fp = r()
        centers[#centers + 1] = fp
      end
      list[i] = { id = "r" .. i, fp = fp }
    end
    local want = one_process(list)
    assert.is_true(next(want) ~= nil)
    for _, blocks in ipairs { 4, 5 } do
      local ls = {}
      for i, e in ipairs(list) do ls[i] = fpline(e.id, (i - 1) // 400, (i - 1) % 400 + 1, e.fp, 3, blocks) end
      assert.are.same(want, (dropped_of(keyed(ls, shuffler(blocks)))))
      -- plain lines (not shuffled): dedupe-merge groups them itself
      assert.are.same(want, (dropped_of(table.concat(ls, "\n") .. "\n")))
    end
  end)

  it("keeps the records `zhtext run --dedupe` keeps, on texts split into partitions", function()
    local corpus = sh("lua5.4 tests/eval/gen_dupes.lua 600 3")
    local all = lines(corpus)
    local kept1 = {}
    local out1, e1, c1 = zhtext("run --dedupe -j1 -q -", corpus)
    assert.are.equal(0, c1, e1)
    for _, l in ipairs(lines(out1)) do kept1[#kept1 + 1] = cjson.decode(l).id end
    assert.is_true(#kept1 < 540 and #kept1 > 300)
    local fps = {}
    for p = 0, 2 do
      local part = table.concat(all, "\n", p * 200 + 1, p * 200 + 200) .. "\n"
      local o, e, c = zhtext(("fingerprint -q --keyed --part %d -"):format(p), part)
      assert.are.equal(0, c, e)
      fps[#fps + 1] = o
    end
    local sorted = sh("LC_ALL=C sort -t '\t' -k1,1 -s", table.concat(fps))
    local by = dropped_of(sorted)
    local kept2 = {}
    for _, l in ipairs(all) do
      local id = cjson.decode(l).id
      if not by[id] then kept2[#kept2 + 1] = id end
    end
    assert.are.same(kept1, kept2)
  end)

  it("is what `run --dedupe` keeps under --jobs 2 too: the input order, not the workers'", function()
    local corpus = sh("lua5.4 tests/eval/gen_dupes.lua 1500 5")
    local one = zhtext("run --dedupe -q -j1 -", corpus)
    for _ = 1, 2 do
      local two, err, code = zhtext("run --dedupe -q -j2 -", corpus)
      assert.are.equal(0, code, err)
      assert.are.equal(one, two)
    end
  end)

  it("stops at a malformed line with file:line and exits 1", function()
    local good = fpline("a", 0, 1, A)
    local function body(l) return (l:gsub(',"bands":%[.*%]}$', "}")) end
    local cases = {
      { good .. "\nnot json\n", "%-:2: not a fingerprint line" },
      { good .. "\n" .. good:gsub('"simhash":"%x+"', '"simhash":"xyz"') .. "\n",
        "%-:2: simhash must be 16 hex digits" },
      { good .. "\n" .. good:gsub('"pos":%[0,1%]', '"pos":[0,-1]') .. "\n",
        "%-:2: pos must be %[part, n%]" },
      { good .. "\n" .. fpline("b", 0, 2, B, 2, 3) .. "\n", "%-:2: k=2 blocks=3, but earlier lines have k=3 blocks=4" },
      { good .. "\n" .. good .. "\n", "%-:2: the record at pos %[0,1%] appears twice" },
      { "1:0000000000000000\t" .. body(good) .. "\n", "%-:1: band key '1:0+' does not belong" },
    }
    local ka, kb = keyed({ good }), keyed({ fpline("b", 0, 2, ~A) })
    local l1, l2 = lines(ka), lines(kb)
    local again = l1[1]:gsub("\t.*", "\t") .. body(fpline("c", 0, 3, A))
    cases[#cases + 1] = { table.concat({ l1[1], l2[1], again }, "\n") .. "\n",
      "%-:3: band key '0:%x+' again after other keys: the input must be grouped" }
    for _, c in ipairs(cases) do
      local out, err, code = zhtext("dedupe-merge -", c[1])
      assert.are.equal(1, code, c[2])
      assert.matches("^zhtext: " .. c[2], err)
      assert.is_string(out)
    end
    -- a named file: its name and line
    local path = tmpfile(good .. "\n\n{broken\n")
    local _, err, code = zhtext("dedupe-merge " .. path)
    assert.are.equal(1, code)
    assert.matches(path:gsub("%p", "%%%0") .. ":3: not a fingerprint line", err)
    os.remove(path)
    -- the resolve pass
    local rcases = {
      { "{}\n", "%-:1: 'a' must be an object" },
      { '{"a":{"id":"x","pos":[0,2]},"b":{"id":"y","pos":[0,1]},"d":1}\n', "%-:1: 'a' must come before 'b'" },
      { '{"a":{"id":"x","pos":[0,1]},"b":{"id":"y","pos":[0,2]},"d":"far"}\n', "%-:1: d must be an integer" },
      { "[1,2]\n", "%-:1: 'a' must be an object" },
      { "nope\n", "%-:1: not a pair line" },
    }
    for _, c in ipairs(rcases) do
      local _, e, rc = zhtext("dedupe-merge --resolve -", c[1])
      assert.are.equal(1, rc, c[2])
      assert.matches("^zhtext: " .. c[2], e)
    end
  end)
end)
