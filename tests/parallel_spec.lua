-- The whole-pipeline throughput work (issue 12): text joined once per record, keywords straight
-- from the words, the parallel runner's merge (workers' records copied from their unnamed files)
-- and the default job count from the CPU affinity. Every input here was written for these tests.
local zt = require("zhtext")
local cjson = require("cjson")
local util = require("tests.support.util")
local sh, write, records = util.sh, util.write, util.records

local ZHTEXT = "lua5.4 bin/zhtext"
local function zhtext(args, stdin) return sh(ZHTEXT .. " " .. args, stdin) end

local PARAS = {
  "江城春季马拉松今天上午开跑，三万名选手从市民广场出发。",
  "组委会在沿线设置了二十个补给站和十个医疗点，志愿者超过两千人。",
  "交通管理部门提醒市民，比赛期间沿江道路实行临时交通管制。",
}

local function mktemp_d() return (sh("mktemp -d")):gsub("%s+$", "") end

-- n generated pages (HTML) in dir, some of them near copies of others
local function pages(dir, n)
  for i = 1, n do
    local body = {}
    for j = 1, 6 do
      body[j] = ("<p>第%d篇报道第%d段：%s</p>"):format(i % 40, j, PARAS[(i + j) % #PARAS + 1])
    end
    write(("%s/p%03d.html"):format(dir, i), ("<html><head><title>报道%d</title></head><body><h1>报道%d</h1>"
      .. '<div class="info">2026-03-%02d 08:30　来源：晨光日报</div>%s</body></html>')
      :format(i, i, i % 28 + 1, table.concat(body)))
  end
end

describe("the pipeline's text and keywords", function()
  it("joins the paragraphs once and joins again when a stage changes them", function()
    local seen = {}
    local p = zt.pipeline():segment():map(function(r)
      seen[#seen + 1] = r._joined[3]
      r.paragraphs[#r.paragraphs + 1] = "新增的一段。"
      return r
    end):dedupe{ fingerprint = true }
    local rec = { id = 1, paragraphs = { PARAS[1], PARAS[2] } }
    local r = assert(p:process(rec))
    assert.are.equal(PARAS[1] .. "\n" .. PARAS[2], seen[1])
    -- dedupe read the paragraphs as they are now: three of them
    assert.are.equal(table.concat(r.paragraphs, "\n"), r._joined[3])
    local fp = zt.simhash(table.concat(r.paragraphs, "\n")) -- a hex string already on 5.1/LuaJIT
    assert.are.equal(type(fp) == "string" and fp or ("%016x"):format(fp), r.simhash)
    assert.falsy(zt.sink.encode(r):find("_joined", 1, true))
  end)

  it("gives the keywords zt.keywords gives for the same words", function()
    local text = table.concat(PARAS, "\n"):rep(3) .. "\nMarathon marathon RUNNERS runners the of"
    local r = assert(zt.pipeline():segment():keywords{ top = 8 }:process({ text = text }))
    assert.are.same(zt.keywords(zt.cut(text), { top = 8 }), r.keywords)
    assert.are.same(zt.keywords(text, { top = 8 }), r.keywords)
    -- options the direct path does not take still go through zt.keywords
    local r2 = assert(zt.pipeline():segment():keywords{ top = 8, stop_words = true }:process({ text = text }))
    assert.are.same(zt.keywords(zt.cut(text), { top = 8, stop_words = true }), r2.keywords)
  end)
end)

describe("Pipeline:run in batches", function()
  it("gives the same records, failures, drops and numbers as one record at a time", function()
    local function run(batch)
      local recs = {}
      for i = 1, 53 do recs[i] = { id = i, text = PARAS[i % 3 + 1] .. ("（第%d条）"):format(i % 17) } end
      local src = zt.source.list(recs)
      local n = 0
      local source = function()
        n = n + 1
        if n == 7 then return false, { file = "x.jsonl", line = 7, error = "invalid JSON", bytes = 3 } end
        return src()
      end
      local p = zt.pipeline():map(function(r)
        if r.id % 11 == 0 then error("eleven") end
        return r
      end, "picky"):filter(function(r) return r.id % 13 ~= 0 end):segment():dedupe()
      local out, errs, fates = {}, {}, {}
      local sm = p:run(source, function(r) out[#out + 1] = zt.sink.encode(r) end, {
        batch = batch,
        errors = function(e) errs[#errs + 1] = ("%s %s %s %s"):format(e.n, e.stage, tostring(e.file), e.message) end,
        progress = function(s, _, result, stage)
          fates[#fates + 1] = ("%d %s %s"):format(s.input, result, tostring(stage))
        end,
      })
      sm.seconds, sm.cpu, sm.clock, sm.started = nil, nil, nil, nil
      return { out = out, errs = errs, fates = fates, summary = sm }
    end
    local one, five, many = run(nil), run(5), run(64)
    assert.are.same(one, five)
    assert.are.same(one, many)
    assert.are.equal(54, one.summary.input)
    assert.is_true(one.summary.dropped > 0 and one.summary.failed == 5)
  end)
end)

describe("zhtext run --jobs", function()
  local dir
  setup(function()
    dir = mktemp_d()
    sh("mkdir -p " .. dir .. "/pages")
    pages(dir .. "/pages", 60)
  end)
  teardown(function() sh("rm -rf " .. dir) end)

  it("writes byte for byte what one process writes (--ordered), and the same records without it", function()
    local run = "run --parse --segment --keywords --dedupe -q --no-progress "
    local one = zhtext(run .. "-j1 " .. dir .. "/pages")
    local two, err, code = zhtext(run .. "-j2 --ordered " .. dir .. "/pages")
    assert.are.equal(0, code, err)
    assert.are.equal(one, two)
    local un = zhtext(run .. "-j2 " .. dir .. "/pages")
    assert.are.equal(#records(one), #records(un))
    -- tsv (a sink that takes decoded records) and --fields go through the other path
    local t1 = zhtext("run --parse --segment -q --format tsv --fields path,title -j1 " .. dir .. "/pages")
    local t2 = zhtext("run --parse --segment -q --format tsv --fields path,title -j2 --ordered " .. dir .. "/pages")
    assert.are.equal(t1, t2)
    local f1 = zhtext("run --parse -q --fields path,date -j1 " .. dir .. "/pages")
    local f2 = zhtext("run --parse -q --fields path,date -j2 --ordered " .. dir .. "/pages")
    assert.are.equal(f1, f2)
    assert.are.same({ "date", "path" }, (function()
      local k = {}
      for key in pairs(records(f2)[1]) do k[#k + 1] = key end
      table.sort(k)
      return k
    end)())
  end)

  it("splits JSON Lines on stdin over workers, each record once", function()
    local lines = {}
    for i = 1, 700 do lines[i] = cjson.encode({ id = i, text = PARAS[i % 3 + 1] .. "编号" .. i }) end
    local out, err, code = zhtext("run --segment -q -j2 -", table.concat(lines, "\n") .. "\n")
    assert.are.equal(0, code, err)
    local ids = {}
    for _, r in ipairs(records(out)) do
      assert.is_nil(ids[r.id])
      ids[r.id] = true
    end
    for i = 1, 700 do assert.truthy(ids[i], i) end
  end)

  it("defaults to the CPUs the process may use (sched_getaffinity), not the machine's", function()
    local io_ = require("zhtext.core").io
    local _, _, has_taskset = sh("command -v taskset")
    if has_taskset ~= 0 then
      pending("taskset is not installed")
      return
    end
    local n = io_.ncpus()
    assert.is_true(n >= 1)
    local _, err = sh("taskset -c 0 " .. ZHTEXT .. " run --clean -v --no-progress " .. dir .. "/pages >/dev/null")
    assert.matches("; jobs 1;", err)
    local cpus = tonumber((sh("nproc")))
    local _, err2 = zhtext("run --clean -v --no-progress " .. dir .. "/pages >/dev/null")
    assert.matches(("; jobs %d;"):format(cpus), err2)
    local one = sh("taskset -c 0 lua5.4 -e 'print(require(\"zhtext.core\").io.ncpus())'")
    assert.are.equal("1\n", one)
  end)
end)
