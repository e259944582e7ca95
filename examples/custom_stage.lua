-- A custom stage: keep only articles edited by someone on a list of known editors, and tag each
-- kept article with the people it names (zt.entities, when the accurate mode is built).
-- Stages are plain functions record -> record (or nil to drop); here one is made by a factory.
--
--   lua5.4 examples/custom_stage.lua pages/ "李晓红,陈静" > edited.jsonl
local zt = require("zhtext")

-- A stage factory: the editors are read once, the returned function runs per record.
local function known_editor(names)
  local known = {}
  for name in names:gmatch("[^,，%s]+") do known[name] = true end
  return function(rec)
    for _, e in ipairs(rec.editors or {}) do
      if known[e] then
        rec.editor = e
        return rec
      end
    end
    return nil -- dropped: no known editor
  end
end

-- Person names found in the text (needs zt.entities; otherwise the field is left out).
local function person_names(rec)
  if type(zt.entities) ~= "function" then return rec end
  local text = table.concat(rec.paragraphs or {}, "\n")
  local people, seen = {}, {}
  for _, e in ipairs(zt.entities(text) or {}) do
    local name, kind = e.text or e[1], e.type or e.kind or e[2]
    if (kind == "PER" or kind == "person" or kind == "nr") and not seen[name] then
      seen[name] = true
      people[#people + 1] = name
    end
  end
  rec.people = people
  return rec
end

local p = zt.pipeline()
  :parse()
  :use(known_editor(arg[2] or "李晓红"), "known editor")
  :use(person_names, "people")

local summary = p:run(zt.source.dir(arg[1] or "pages"), zt.sink.jsonl(io.stdout))
io.stderr:write(require("zhtext.pipeline").format_summary(summary), "\n")
