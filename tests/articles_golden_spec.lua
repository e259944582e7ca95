-- The golden corpus (tests/fixtures/articles/*.expected.json): every checked field of every
-- page is one test. A field listed in KNOWN_GAPS is the issue's open accuracy work: pending
-- while it fails, and a failure ("remove from KNOWN_GAPS") once it passes, so the list stays true.
local G = require("tests.support.golden")

local pages = G.pages()
local gaps = G.known_gaps()

describe("golden corpus", function()
  it("has pages, and every KNOWN_GAPS line names a page and a field it checks", function()
    assert.truthy(#pages >= 40, "only " .. #pages .. " pages")
    local checked = {}
    for _, page in ipairs(pages) do
      for _, f in ipairs(G.fields_of(page.expected)) do checked[page.name .. " " .. f] = true end
    end
    for key in pairs(gaps) do
      assert.truthy(checked[key], "KNOWN_GAPS: " .. key .. " is not a checked field of any page")
    end
  end)

  for _, page in ipairs(pages) do
    describe(page.name, function()
      local rec, err
      local function parsed()
        if rec == nil and err == nil then
          local ok, r = pcall(G.parse, page)
          if ok then rec = r else err = r end
        end
        if err then error(page.file .. ": parse raised " .. tostring(err)) end
        return rec
      end
      for _, field in ipairs(G.fields_of(page.expected)) do
        it(field, function()
          local ok, why = G.check(field, parsed(), page.expected[field])
          local gap = gaps[page.name .. " " .. field]
          if gap then
            if ok then
              error(("%s %s passes now: remove it from KNOWN_GAPS"):format(page.name, field), 0)
            end
            pending(("%s %s — %s (%s)"):format(page.name, field, gap, why))
            return
          end
          assert(ok, page.file .. " " .. tostring(why))
        end)
      end
    end)
  end
end)
