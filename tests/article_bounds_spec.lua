-- zt.article.parse: body edges (openings ending in ：, short closings, broken-line text, the
-- next story after 下一篇), sources read outside label lines, title suffixes. Every input here
-- was written for these tests.
local zt = require("zhtext")

local function text(lines) return table.concat(lines, "\n\n") .. "\n" end

local P1 = "经过两个月的征集和评审，本届市民摄影大赛共收到参赛作品三千余幅，内容涵盖城市风貌、" ..
  "乡村振兴和百姓生活等多个主题，最终评出一等奖五名、二等奖十名。"
local P2 = "获奖作品将于下月起在市图书馆一楼展厅集中展出，展期一个月，市民可免费参观。"

describe("zt.article.parse body edges", function()
  it("keeps an opening line ending in ： and a short closing sentence", function()
    local r = zt.article.parse(text {
      "首页 通知 公告 服务 互动",
      "关于市民摄影大赛评选结果的公示",
      "2024-04-02 09:00　来源：市文化馆",
      "各参赛单位、参赛个人：",
      P1, P2,
      "特此公示。",
      "市文化馆",
      "2024年4月2日",
    })
    assert.equal("各参赛单位、参赛个人：", r.paragraphs[1])
    assert.equal("特此公示。", r.paragraphs[#r.paragraphs])
  end)

  it("does not take a signature over a date as the body's last line", function()
    local r = zt.article.parse(text {
      "关于市民摄影大赛评选结果的公示",
      "2024-04-02 09:00　来源：市文化馆",
      P1, "获奖名单附后。",
      "市文化馆",
      "2024年4月2日",
    })
    assert.equal("获奖名单附后。", r.paragraphs[#r.paragraphs])
  end)

  it("keeps the ——NAME closing a letter and credits it", function()
    local r = zt.article.parse(text {
      "写给新入职的同事",
      "2023-09-01",
      "大家好：",
      P1, P2,
      "——周明川",
    })
    assert.equal("大家好：", r.paragraphs[1])
    assert.equal("——周明川", r.paragraphs[#r.paragraphs])
    assert.same({ "周明川" }, r.authors)
  end)

  it("keeps a story's own body when a longer next story follows 下一篇", function()
    local long = {}
    for i = 1, 4 do long[i] = P1 end
    local lines = {
      "市民摄影大赛评选结果揭晓",
      "2024-04-02 09:00　来源：市文化馆　记者 方可",
      P2, "展览期间还将举办摄影讲座两场。",
      "下一篇",
      "春季植树活动本周六举行",
      "2024-04-01 17:00　来源：市园林局　记者 郝灵",
    }
    for _, p in ipairs(long) do lines[#lines + 1] = p end
    local r = zt.article.parse(text(lines))
    assert.equal("市民摄影大赛评选结果揭晓", r.title)
    assert.equal(P2, r.paragraphs[1])
    assert.equal(2, #r.paragraphs)
    assert.same({ "方可" }, r.authors)
    assert.equal("市文化馆", r.source)
  end)
end)

describe("zt.article.parse sources and titles", function()
  it("takes the outlet set apart after the dateline, not one glued to it", function()
    local r = zt.article.parse(text { "湖畔步道全线贯通", "2022-05-06 08:30 南岸晨报", P1 })
    assert.equal("南岸晨报", r.source)
    r = zt.article.parse(text { "湖畔步道全线贯通", "2022-05-06南岸晨报", P1 })
    assert.is_nil(r.source)
  end)

  it("cuts a comments link glued to the source", function()
    local r = zt.article.parse(text { "湖畔步道全线贯通", "2022-05-06 08:30 来源：南岸网我要评论", P1 })
    assert.equal("南岸网", r.source)
  end)

  it("gives a _section_site chain's last part as the site", function()
    local r = zt.article.parse(text {
      "湖畔步道全线贯通", "2022-05-06 08:30", "湖畔步道全线贯通_城建_南岸网", P1, P2,
    })
    assert.equal("南岸网", r.site)
  end)

  it("drops a site after a plain space in <title> only when the headline is on the page", function()
    local body = "<p>" .. P1 .. "</p><p>" .. P2 .. "</p>"
    local r = zt.article.parse("<html><head><title>湖畔步道全线贯通 南岸网</title></head><body>" ..
      "<div class=\"t\">湖畔步道全线贯通</div>" .. body .. "</body></html>")
    assert.equal("湖畔步道全线贯通", r.title)
    r = zt.article.parse("<html><head><title>湖畔步道全线贯通 南岸网</title></head><body>" ..
      body .. "</body></html>")
    assert.equal("湖畔步道全线贯通 南岸网", r.title)
  end)
end)
