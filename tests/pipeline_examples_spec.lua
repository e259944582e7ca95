-- Runs each workflow in examples/ (the pipeline ones) over the pipeline fixtures.
local PAGES = "tests/fixtures/pipeline/pages"
local util = require("tests.support.util")
local sh, records = util.sh, util.records

describe("examples", function()
  it("parse_dir.lua: a directory of pages to JSON Lines, alone and under zhtext run", function()
    local out, err, code = sh(util.LUA .. " examples/parse_dir.lua " .. PAGES)
    assert.are.equal(0, code)
    local recs = records(out)
    assert.are.equal(5, #recs)
    assert.are.equal("城东新建社区图书馆正式开放", recs[1].title)
    assert.matches("5 in = 5 out", err)
    local out2, _, code2 = sh(util.LUA .. " bin/zhtext run -q -j2 --ordered examples/parse_dir.lua " .. PAGES)
    assert.are.equal(0, code2)
    assert.are.same(recs, records(out2))
  end)

  it("word_frequency.lua: a word-count table", function()
    local out, _, code = sh(util.LUA .. " examples/word_frequency.lua " .. PAGES .. " 10")
    assert.are.equal(0, code)
    local lines = {}
    for line in out:gmatch("[^\n]+") do lines[#lines + 1] = line end
    assert.are.equal("word\tcount\tdocs", lines[1])
    assert.are.equal(11, #lines)
    local w, c, d = lines[2]:match("^(%S+)\t(%d+)\t(%d+)$")
    assert.is_truthy(w)
    assert.is_true(tonumber(c) >= tonumber(d))
    assert.is_true(utf8.len(w) >= 2)
    assert.matches("图书馆\t%d+\t2", out) -- in news1 and its copy
  end)

  it("metadata_csv.lua: metadata to CSV", function()
    local out, _, code = sh(util.LUA .. " examples/metadata_csv.lua " .. PAGES)
    assert.are.equal(0, code)
    local lines = {}
    for line in out:gmatch("[^\n]+") do lines[#lines + 1] = line end
    assert.are.equal("path,title,date,source,authors,editors", lines[1])
    assert.are.equal(6, #lines)
    assert.matches("news1%.html,城东新建社区图书馆正式开放,2026%-03%-14T09:30:12,晨光日报,周明远,李晓红", lines[2])
  end)

  it("dedupe_corpus.lua: drops the copy of news1, alone and under zhtext run -j2", function()
    local out, err, code = sh(util.LUA .. " examples/dedupe_corpus.lua " .. PAGES)
    assert.are.equal(0, code)
    local recs = records(out)
    assert.are.equal(4, #recs)
    assert.matches("duplicate: " .. PAGES .. "/news1_copy%.html copies " .. PAGES .. "/news1%.html", err)
    for _, r in ipairs(recs) do assert.is_nil(r.path:match("copy")) end
    local out2, err2 = sh(util.LUA .. " bin/zhtext run -j2 --ordered examples/dedupe_corpus.lua " .. PAGES)
    assert.are.same(recs, records(out2))
    assert.matches("duplicate: .*news1_copy%.html copies .*news1%.html", err2)
  end)

  it("user_dict.lua: domain terms come out whole and are counted", function()
    local out, err, code = sh(util.LUA .. " examples/user_dict.lua " .. PAGES)
    assert.are.equal(0, code)
    assert.matches("5 in = 5 out", err)
    local recs = records(out)
    assert.are.same({ { "亲子阅读", 1 }, { "借阅证", 1 }, { "电子阅览室", 1 } }, recs[1].terms)
    assert.are.same({ { "健康跑", 1 } }, recs[3].terms)
    -- a jieba-format user dictionary file instead of the built-in list
    local ud = os.tmpname()
    local f = assert(io.open(ud, "w"))
    f:write("健康跑 10 n\n")
    f:close()
    local out2 = sh(util.LUA .. " examples/user_dict.lua " .. PAGES .. " " .. ud)
    os.remove(ud)
    local r2 = records(out2)
    assert.are.same({ { "健康跑", 1 } }, r2[3].terms)
    assert.are.same({}, r2[1].terms)
    -- under zhtext run with two workers, each worker adds the terms
    local out3, _, code3 = sh(util.LUA .. " bin/zhtext run -q -j2 --ordered examples/user_dict.lua " .. PAGES)
    assert.are.equal(0, code3)
    local r3 = records(out3)
    assert.are.same(recs[1].terms, r3[1].terms)
    assert.are.same(recs[3].terms, r3[3].terms)
  end)

  it("custom_stage.lua: keeps articles with a known editor", function()
    local out, err, code = sh(util.LUA .. " examples/custom_stage.lua " .. PAGES .. " 李晓红,孙立")
    assert.are.equal(0, code)
    local recs = records(out)
    local editors = {}
    for _, r in ipairs(recs) do editors[#editors + 1] = r.editor end
    table.sort(editors)
    assert.are.same({ "孙立", "李晓红", "李晓红" }, editors)
    assert.matches("5 in = 3 out %+ 2 dropped", err)
  end)
end)
