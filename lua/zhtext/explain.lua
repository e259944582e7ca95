--- `zhtext explain PAGE -o report.html`: one self-contained HTML page showing what the article
-- parser decided about a page: the extracted record at the top, then every line of the page in
-- order, coloured by its kind, with the rule that decided it beside it (and on hover).
-- @module zhtext.explain

local report = require("zhtext.report")
local esc = report.esc

local M = {}

-- Colours per line kind (background, border).
local KINDS = {
  { "title", "#fde2a7", "#e0a526" }, { "repeated_title", "#fdf0d0", "#e0c276" },
  { "dateline", "#d8ecf8", "#5a9fd0" }, { "byline", "#d4f0dc", "#3e9e5a" }, { "meta", "#e2f4e6", "#79b98a" },
  { "body", "#ffffff", "#9aa5b1" }, { "related_label", "#efe0f7", "#9a62bf" }, { "related", "#f6ecfb", "#b58ad0" },
  { "nav", "#e6e6e6", "#8c8c8c" }, { "share", "#ececec", "#a0a0a0" }, { "breadcrumb", "#e9e9f3", "#8c8cb0" },
  { "copyright", "#f8dada", "#c25555" }, { "footer", "#f6e3e3", "#c27a7a" }, { "header", "#eeeeee", "#999999" },
  { "other", "#f4f4f4", "#bbbbbb" }, { "end_mark", "#fff4e0", "#d09a50" }, { "unknown", "#f4f4f4", "#bbbbbb" },
}

local function css()
  local out = { [[
.line{display:flex;gap:10px;border-left:5px solid;margin:2px 0;padding:3px 8px;font-size:14px}
.line .n{color:#999;min-width:2.5em;text-align:right}.line .txt{flex:1;white-space:pre-wrap;word-break:break-all}
.line .kind{font-weight:bold;min-width:8em}.line .rule{color:#555;font-size:12px;max-width:26em}
.legend span{display:inline-block;margin:2px 6px 2px 0;padding:1px 6px;border-left-width:5px;
border-left-style:solid;font-size:13px}
#record td:first-child{font-weight:bold;white-space:nowrap}#record td{padding:1px 8px}
details ol{margin:4px 0}summary{cursor:pointer}
]] }
  for _, k in ipairs(KINDS) do
    out[#out + 1] = (".k-%s{background:%s;border-color:%s}\n"):format(k[1], k[2], k[3])
  end
  return table.concat(out)
end

local FIELDS = { "title", "date", "site", "domain", "source", "authors", "editors", "photographers", "copyright",
  "keywords", "description", "paragraphs", "related" }

-- Short lists inline; paragraphs and related headlines folded (the lines below show them).
local function value_html(v, field)
  if type(v) == "table" then
    if #v == 0 then return '<span class="muted">(none)</span>' end
    local items = {}
    for i, x in ipairs(v) do items[i] = esc(x) end
    if field == "paragraphs" or field == "related" then
      return ("<details><summary>%d (first: %s)</summary><ol><li>%s</li></ol></details>"):format(#v,
        items[1], table.concat(items, "</li><li>"))
    end
    return table.concat(items, "、")
  end
  if v == nil then return '<span class="muted">(not found)</span>' end
  return esc(v)
end

--- The report page (a string) for a parsed record with `lines` (zt.article.parse{explain = true}).
function M.render(rec, name)
  local body = { ("<h1>zhtext explain: %s</h1>"):format(esc(name or "page")) }
  local rows = {}
  for _, f in ipairs(FIELDS) do
    rows[#rows + 1] = ('<tr class="field" data-field="%s"><td>%s</td><td>%s</td></tr>')
      :format(f, f, value_html(rec[f], f))
  end
  rows[#rows + 1] = ('<tr class="field" data-field="format"><td>format</td><td>%s, %s</td></tr>')
    :format(esc(rec.format or "?"), esc(rec.encoding or "?"))
  body[#body + 1] = '<h2>Extracted record</h2><table id="record">' .. table.concat(rows) .. "</table>"
  -- legend with counts
  local lines = rec.lines or {}
  local counts = {}
  for _, l in ipairs(lines) do counts[l.kind] = (counts[l.kind] or 0) + 1 end
  local legend = {}
  for _, k in ipairs(KINDS) do
    if counts[k[1]] then
      legend[#legend + 1] = ('<span class="k-%s">%s × %d</span>'):format(k[1], k[1], counts[k[1]])
    end
  end
  body[#body + 1] = ('<h2>Lines (%d)</h2><div class="legend" id="legend">%s</div><div id="lines">'):format(#lines,
    table.concat(legend))
  for i, l in ipairs(lines) do
    local kind = tostring(l.kind or "unknown"):gsub("[^%w_]", "")
    body[#body + 1] = ('<div class="line k-%s" data-kind="%s" title="%s: %s"><span class="n">%d</span>'
      .. '<span class="kind">%s</span><span class="txt">%s</span><span class="rule">%s</span></div>')
      :format(kind, kind, kind, esc(l.rule or ""), i, kind, esc(l.text or ""), esc(l.rule or ""))
  end
  body[#body + 1] = "</div>"
  return report.page("zhtext explain: " .. (name or "page"), table.concat(body, "\n"), css())
end

--- `zhtext explain PAGE [--url URL] [-o FILE]`; returns the exit code.
function M.main(args)
  local path = args.page
  local f, err = io.open(path, "rb")
  if not f then io.stderr:write("zhtext: ", tostring(err), "\n"); return 2 end
  local s = f:read("*a")
  f:close()
  local rec, perr = require("zhtext").article.parse(s, { explain = true, url = args.url })
  if not rec then io.stderr:write("zhtext: ", path, ": ", tostring(perr), "\n"); return 1 end
  local ok, werr = report.write_out(args.output, M.render(rec, path))
  if not ok then io.stderr:write("zhtext: writing the report: ", tostring(werr), "\n"); return 1 end
  return 0
end

return M
