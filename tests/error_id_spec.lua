-- Failures name the record's own id (JSON Lines `id`), not only its position in one part of the
-- input: under --jobs, or on a distributed engine where each task sees a split, the id is what
-- finds the record again.
local cjson = require("cjson")
local pipeline = require("zhtext.pipeline")
local util = require("tests.support.util")
local write, sh = util.write, util.sh

local function zhtext(args, stdin) return sh("lua5.4 bin/zhtext " .. args, stdin) end

describe("failures carry the record's id", function()
  it("formats the id beside the place: bare, quoted when it has spaces, numbers as written", function()
    local e = { file = "part-3.jsonl", line = 17, n = 17, stage = "parse", message = "no text" }
    assert.are.equal("part-3.jsonl:17: record 17: stage parse: no text", pipeline.format_error(e))
    e.id = "news/2026-11-02#4"
    assert.are.equal("part-3.jsonl:17 (id news/2026-11-02#4): record 17: stage parse: no text",
      pipeline.format_error(e))
    e.id = "a b\"c"
    assert.are.equal('part-3.jsonl:17 (id "a b\\"c"): record 17: stage parse: no text', pipeline.format_error(e))
    e.id = 42.0 -- JSON numbers come back from a worker as floats
    assert.matches("^part%-3%.jsonl:17 %(id 42%): ", pipeline.format_error(e))
    e.id = ("x"):rep(200)
    assert.matches("%(id x+%.%.%.%): record", pipeline.format_error(e))
    assert.is_true(#pipeline.format_error(e) < 140)
    e.id = { "not", "an", "id" }
    assert.matches("^part%-3%.jsonl:17: record 17", pipeline.format_error(e))
  end)

  it("names it for read failures and stage failures, in one process and under --jobs 2", function()
    local script = os.tmpname() .. ".lua"
    write(script, [[
local zt = require("zhtext")
return zt.pipeline():use(function(r)
  if r.text:find("坏", 1, true) then error("cannot handle this record", 0) end
  return r
end, "picky")
]])
    local lines = {}
    for i = 1, 700 do
      local rec = { id = "doc-" .. i, text = "第" .. i .. "条记录的正文。" }
      if i == 3 or i == 650 then rec.text = "坏记录" end
      if i == 5 then rec.id = nil; rec.text = "坏的没有编号" end
      lines[i] = cjson.encode(rec)
    end
    lines[10] = '{"id":"doc-10","text":'          -- not JSON, but plainly starts with its id
    lines[11] = '{"id":"doc-11","body":"无正文"}' -- JSON without the input field
    local input = table.concat(lines, "\n") .. "\n"
    for _, j in ipairs { "-j1", "-j2", "-j2 --ordered" } do
      local out, err, code = zhtext("run " .. j .. " " .. script .. " -", input)
      assert.are.equal(1, code)
      assert.are.equal(695, #util.records(out))
      assert.matches("%-:3 %(id doc%-3%): record 3: stage picky: cannot handle this record", err)
      assert.matches("%-:650 %(id doc%-650%): record 650: stage picky: cannot handle this record", err)
      assert.matches("%-:5: record 5: stage picky: cannot handle this record", err) -- no id: none named
      assert.matches("%-:10 %(id doc%-10%): record 10: stage read: invalid JSON", err)
      assert.matches("%-:11 %(id doc%-11%): record 11: stage read: no field 'text'", err)
    end
    os.remove(script)
  end)
end)
