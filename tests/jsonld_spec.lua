-- JSON-LD through zt.article.parse: pages written for these tests, whose only byline and date
-- are in <script type="application/ld+json"> (no visible dateline or author line), so what the
-- record says comes from the JSON-LD reader (src/zt_jsonld.c).
local zt = require("zhtext")

local BODY = [[<body><h1>河畔公园改造完工 市民周末踏青</h1><div class="article">
<p>河畔公园改造工程日前全部完工，新修的步道沿河延伸三公里，沿途增设了休息亭和饮水点。</p>
<p>周末一早，不少市民带着孩子来到公园散步、放风筝，园内的草坪和花带吸引了许多人拍照。</p>
<p>园林部门表示，公园将在夏季延长开放时间，并定期举办科普和文艺活动。</p>
</div></body></html>]]

-- A page whose head holds the given scripts (each a JSON text) and extra head markup.
local function page(scripts, head)
  local parts = { '<html><head><meta charset="utf-8"><title>河畔公园改造完工 市民周末踏青</title>',
                  head or "" }
  for _, s in ipairs(scripts) do
    parts[#parts + 1] = '<script type="application/ld+json">' .. s .. "</script>"
  end
  parts[#parts + 1] = "</head>"
  parts[#parts + 1] = BODY
  return table.concat(parts, "\n")
end

local function article(fields)
  return '{"@context":"https://schema.org","@type":"NewsArticle",' .. fields .. "}"
end

describe("JSON-LD in zt.article.parse", function()
  it("decodes \\u escapes in author names", function()
    local r = zt.article.parse(page {
      article [=["headline":"\u6cb3\u7554\u516c\u56ed","datePublished":"2023-04-08T09:30:00+08:00",
               "author":{"@type":"Person","name":"\u674e\u6653\u4e1c"}]=] })
    assert.same({ "李晓东" }, r.authors)
    assert.equal("2023-04-08T09:30:00+08:00", r.date)
  end)

  it("keeps escaped quotes inside a name", function()
    local r = zt.article.parse(page {
      article [=["datePublished":"2023-04-08","author":{"@type":"Person","name":"Li \"Xiao\" Dong"}]=] })
    assert.same({ 'Li "Xiao" Dong' }, r.authors)
    assert.equal("2023-04-08", r.date)
  end)

  it("reads author arrays of strings and objects; an Organization is not a person", function()
    local r = zt.article.parse(page {
      article [=["datePublished":"2023-04-08","author":[{"@type":"Person","name":"张三"},"李四",
               {"@type":"Organization","name":"某某日报"},{"@type":"Person","name":"张三"}]]=] })
    assert.same({ "张三", "李四" }, r.authors)
    r = zt.article.parse(page {
      article [=["datePublished":"2023-04-08","author":[{"@type":"Person","name":"Zhang San"},
               {"@type":"Person","name":"Jane Doe"}]]=] })
    assert.same({ "Zhang San", "Jane Doe" }, r.authors)
    r = zt.article.parse(page { article [=["datePublished":"2023-04-08",
      "author":{"@type":"NewsMediaOrganization","name":"城市晨报"}]=] })
    assert.same({}, r.authors)
    -- an outlet given as a plain string is checked alone: it does not sink the persons beside it
    r = zt.article.parse(page { article [=["author":["张三","城市晨报网","李四"]]=] })
    assert.same({ "张三", "李四" }, r.authors)
    -- no person in the JSON-LD: <meta name="author"> is the fallback
    r = zt.article.parse(page({ article [=["author":"城市晨报网"]=] }, '<meta name="author" content="陈十三">'))
    assert.same({ "陈十三" }, r.authors)
  end)

  it("follows @graph and @id references to the Article, not the WebPage beside it", function()
    local r = zt.article.parse(page { [[{"@context":"https://schema.org","@graph":[
      {"@type":"WebSite","@id":"https://news.example.cn/#website","name":"某某新闻"},
      {"@type":"WebPage","@id":"https://news.example.cn/a/1#webpage","name":"河畔公园",
       "datePublished":"2023-04-01T00:00:00+08:00"},
      {"@type":"Article","@id":"https://news.example.cn/a/1#article",
       "isPartOf":{"@id":"https://news.example.cn/a/1#webpage"},
       "author":{"@id":"https://news.example.cn/#/schema/person/9"},
       "headline":"河畔公园改造完工","datePublished":"2023-04-08T10:15:00+08:00",
       "dateModified":"2023-04-09T08:00:00+08:00"},
      {"@type":"Person","@id":"https://news.example.cn/#/schema/person/9","name":"王五"}]}]] })
    assert.same({ "王五" }, r.authors)
    assert.equal("2023-04-08T10:15:00+08:00", r.date)
  end)

  it("reads a NewsArticle nested as a WebPage's mainEntity, and a top-level array", function()
    local r = zt.article.parse(page { [[{"@type":"WebPage","datePublished":"2020-01-01",
      "mainEntity":{"@type":"NewsArticle","datePublished":"2023-04-08T07:00:00+08:00",
      "author":["赵六"]}}]] })
    assert.same({ "赵六" }, r.authors)
    assert.equal("2023-04-08T07:00:00+08:00", r.date)
    r = zt.article.parse(page { [=[[{"@type":"BreadcrumbList","itemListElement":[]},
      {"@type":"BlogPosting","dateCreated":"2022-12-31T23:59:00+08:00","author":{"name":"钱七"}}]]=] })
    assert.same({ "钱七" }, r.authors)
    assert.equal("2022-12-31T23:59:00+08:00", r.date)
  end)

  it("prefers a later script's Article over an earlier WebPage, never mixing their fields", function()
    local r = zt.article.parse(page {
      [[{"@type":"WebPage","datePublished":"2020-01-01","author":"页面作者"}]],
      article [=["datePublished":"2023-04-08T11:00:00+08:00","author":"孙八"]=],
      [[{"@type":"WebPage","datePublished":"2021-01-01","author":"另一页"}]] })
    assert.same({ "孙八" }, r.authors)
    assert.equal("2023-04-08T11:00:00+08:00", r.date)
  end)

  it("repairs wrappers and trailing commas; survives text it cannot read", function()
    local r = zt.article.parse(page { "//<![CDATA[\n<!--\n" ..
      article [=["datePublished":"2023-04-08","author":["周九","吴十",],]=] .. "\n-->\n//]]>" })
    assert.same({ "周九", "吴十" }, r.authors)
    assert.equal("2023-04-08", r.date)
    -- unescaped quotes: the JSON is unreadable, so no name comes from it (the regex said 'Li \'),
    -- only its plainly written date
    r = zt.article.parse(page({ article [=["datePublished":"2023-04-08","author":"Li "Xiao" Dong"]=] },
      '<meta name="author" content="郑十一">'))
    assert.same({ "郑十一" }, r.authors)
    assert.equal("2023-04-08", r.date)
    r = zt.article.parse(page { string.rep("[", 10000) .. article [=["author":"深层"]=] })
    assert.same({}, r.authors)
  end)

  it("reads a top-level object without @type, but never an Organization's nested dates", function()
    local r = zt.article.parse(page { [[{"datePublished":"2024-05-18T09:30:00+08:00","author":"褚十四"}]] })
    assert.same({ "褚十四" }, r.authors)
    assert.equal("2024-05-18T09:30:00+08:00", r.date)
    r = zt.article.parse(page { [[{"@type":"Organization","name":"某某公司",
      "event":{"datePublished":"2001-01-01","author":"卫十五"}}]] })
    assert.same({}, r.authors)
    assert.is_nil(r.date)
  end)

  it("uses dateModified only as a last resort date", function()
    local r = zt.article.parse(page { article [=["dateModified":"2023-05-01T12:00:00+08:00"]=] })
    assert.equal("2023-05-01T12:00:00+08:00", r.date)
  end)

  it("reads a script with a long articleBody", function()
    local body = string.rep("公园的步道沿河延伸，\\n", 100000)
    local r = zt.article.parse(page { article('"articleBody":"' .. body .. '","datePublished":"2023-04-08",' ..
      '"author":"冯十二"') })
    assert.same({ "冯十二" }, r.authors)
    assert.equal("2023-04-08", r.date)
  end)
end)
