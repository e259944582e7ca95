-- zt.article: parse, parse_date, to_json. Every input here was written for these tests.
local zt = require("zhtext")
local cjson = require("cjson")

local FIX = "tests/fixtures/articles/"
local UNDER_VALGRIND = os.getenv("ZHTEXT_UNDER_VALGRIND") ~= nil

local util = require("tests.support.util")
local read = util.read

-- Bytes of s in another encoding, or nil when iconv cannot make them.
local function iconv(s, to)
  local out = util.iconv(s, to)
  return out ~= "" and out or nil
end

local function kinds(rec)
  local t = {}
  for _, l in ipairs(rec.lines) do t[#t + 1] = l.kind end
  return t
end

local function timed(f)
  local t = os.clock()
  local r = f()
  return r, os.clock() - t
end

describe("zt.article.parse_date", function()
  local pd = zt.article.parse_date
  local NOW = "2024-05-20 12:00:00"
  it("reads every numeric form", function()
    assert.equal("2018-07-12", pd("2018-07-12"))
    assert.equal("2018-07-12", pd("2018/7/12"))
    assert.equal("2018-07-12", pd("2018.07.12"))
    assert.equal("2018-07-12", pd("2018年7月12日"))
    assert.equal("2018-07-12", pd("2018年07月12日"))
    assert.equal("2018-07-12", pd("2018 年 7 月 12 日"))
    assert.equal("2018-07-12", pd("2018年7月12号"))
  end)
  it("passes over a date labelled as an update when the line has another", function()
    assert.equal("2024-03-11T09:30:00", pd("更新时间：2024-03-12 17:05　发布时间：2024-03-11 09:30"))
    assert.equal("2024-03-11T09:30:00", pd("最后更新 2024-03-12 17:05 2024-03-11 09:30"))
    assert.equal("2024-03-12T17:05:00", pd("更新于 2024-03-12 17:05")) -- alone it still dates
    assert.equal("2024-03-12", pd("发布时间：2024-03-12 修改时间：2024-03-13"))
  end)
  it("reads Chinese numerals, full-width digits and ROC years", function()
    assert.equal("2019-09-01", pd("二〇一九年九月一日"))
    assert.equal("2019-12-31", pd("二〇一九年十二月三十一日"))
    assert.equal("2018-07-12", pd("２０１８－０７－１２"))
    assert.equal("2018-07-12", pd("２０１８年７月１２日"))
    assert.equal("2018-07-12", pd("民國107年7月12日"))
    assert.equal("2018-07-12", pd("民国107年7月12日"))
    assert.equal("2018-07-12", pd("民國一百零七年七月十二日"))
  end)
  it("reads times", function()
    assert.equal("2018-07-12T09:30:00", pd("2018-07-12 09:30"))
    assert.equal("2018-07-12T09:30:15", pd("2018-07-12 09:30:15"))
    assert.equal("2018-07-12T09:30:00", pd("2018年7月12日 上午9:30"))
    assert.equal("2018-07-12T15:05:00", pd("2018年7月12日 下午3:05"))
    assert.equal("2018-07-12T09:30:00", pd("2018年7月12日9时30分"))
    assert.equal("2018-07-12T09:30:00", pd("2018年7月12日 9點30分"))
    assert.equal("2018-07-12T20:00:00", pd("2018年7月12日 晚上8点"))
    assert.equal("2018-07-12T09:30:00", pd("2018-07-12 09：30"))
    assert.equal("2023-05-18T09:30:00", pd("2023年5月18日 星期四 09:30"))
    assert.equal("2023-05-18T09:30:00", pd("2023-05-18（周四）9:30"))
    assert.equal("2023-05-18", pd("2023年5月18日 星期四"))
  end)
  it("reads the US month/day/year only with an AM/PM time", function()
    assert.equal("2011-08-23T16:05:09", pd("发表时间： 8/23/2011 4:05:09 PM"))
    assert.equal("2011-03-04T07:15:00", pd("3/4/2011 7:15 AM"))
    assert.is_nil(pd("3/4/2011"))
    assert.is_nil(pd("2/30/2011 7:15 AM"))
  end)
  it("keeps an offset only when the text gives one", function()
    assert.equal("2018-07-12T09:30:00+08:00", pd("2018-07-12T09:30:00+08:00"))
    assert.equal("2018-07-12T09:30:00+08:00", pd("2018-07-12T09:30:00.000+0800"))
    assert.equal("2018-07-12T01:30:00+00:00", pd("2018-07-12T01:30:00Z"))
    assert.equal("2018-07-12T09:30:00", pd("2018-07-12T09:30:00"))
  end)
  it("finds labelled and glued dates", function()
    assert.equal("2018-07-12T09:30:00", pd("发布时间：2018-07-12 09:30"))
    assert.equal("2018-07-12", pd("更新时间:2018年7月12日"))
    assert.equal("2018-07-12", pd("2018-07-12信息快讯网"))
    assert.equal("2018-07-12", pd("时间：2018-07-12来源：晨报"))
    -- the labelled date wins over an earlier unlabelled one
    assert.equal("2019-01-02", pd("2018-07-12 发布时间：2019-01-02"))
  end)
  it("gives year-month and year when that is all there is", function()
    assert.equal("2018-07", pd("2018年7月"))
    assert.equal("2018-07", pd("2018-07"))
    assert.equal("2018", pd("2018"))
    assert.equal("2018", pd("2018年"))
  end)
  it("never returns an impossible date", function()
    assert.is_nil(pd("2018-02-30"))
    assert.is_nil(pd("2019年2月29日"))
    assert.equal("2020-02-29", pd("2020年2月29日"))
    assert.is_nil(pd("2018-13-01"))
    assert.equal("2018-07-12", pd("2018-07-12 25:00")) -- the day, not the impossible time
    assert.is_nil(pd("12:30"))
    assert.equal("2019-10-08T12:00:00", pd("19-10-08 12:00")) -- a two-digit year only with a time
    assert.is_nil(pd("19-10-08"))
    assert.is_nil(pd(""))
    assert.is_nil(pd("没有日期"))
    assert.is_nil(pd("12345678901234"))
  end)
  it("resolves relative forms against now, and only with now", function()
    assert.equal("2024-05-20T09:00:00", pd("3小时前", NOW))
    assert.equal("2024-05-20T11:55:00", pd("5分钟前", NOW))
    assert.equal("2024-05-19T10:30:00", pd("昨天 10:30", NOW))
    assert.equal("2024-05-18", pd("前天", NOW))
    assert.equal("2024-05-18", pd("2天前", NOW))
    assert.equal("2024-05-20T12:00:00", pd("刚刚", NOW))
    assert.equal("2023-07-12T09:30:00", pd("07-12 09:30", NOW))
    assert.is_nil(pd("3小时前"))
    assert.equal("2024-05-20T09:00:00", pd("3小时前", 1716177600)) -- Unix time, read in UTC+8
  end)
  it("rejects a bad now", function()
    assert.has_error(function() pd("3小时前", "not a date") end)
    assert.has_error(function() pd("3小时前", {}) end)
    assert.has_error(function() pd(nil) end)
  end)
end)

describe("zt.article.parse on text", function()
  it("parses the seed-shaped example", function()
    local r = zt.article.parse(read(FIX .. "seedlike.txt"))
    assert.equal("江南古镇启动老街修缮工程 百年石桥将恢复原貌", r.title)
    assert.equal("2021-09-16", r.date)
    assert.equal("江南文旅资讯网", r.site)
    assert.equal("jnwenlv.com", r.domain)
    assert.is_nil(r.source) -- "来源:" is empty: nil, never the next line
    assert.same({}, r.authors)
    assert.same({ "唐雨桐" }, r.editors)
    assert.same({ "韩秋实" }, r.photographers)
    assert.equal("©2015-2024 jnwenlv.com", r.copyright)
    assert.equal(4, #r.paragraphs)
    assert.truthy(r.paragraphs[1]:find("^青溪古镇老街修缮工程"))
    assert.equal(5, #r.related) -- the duplicate headline is listed once
    assert.equal("图书馆延长夜间开放时间至晚十点", r.related[5])
    for _, p in ipairs(r.paragraphs) do assert.falsy(p:find("江南文旅资讯网", 1, true)) end
  end)

  it("parses the README example (examples/article.txt)", function()
    local r = zt.article.parse(read("examples/article.txt"))
    assert.is_string(r.title)
    assert.is_string(r.date)
    assert.is_string(r.site)
    assert.is_nil(r.source)
    assert.equal(1, #r.editors)
    assert.equal(1, #r.photographers)
    assert.truthy(#r.paragraphs >= 2)
    assert.truthy(#r.related >= 3)
  end)

  it("reads several labels on one line, bracketed bylines, related blocks, boilerplate", function()
    local r = zt.article.parse(read(FIX .. "labels_simplified.txt"), { explain = true })
    assert.equal("城东湿地公园扩建工程完工 市民周末可免费游览", r.title)
    assert.equal("2023-05-18T09:30:00", r.date)
    assert.equal("晨报网", r.source)
    assert.same({ "王晓明", "李华" }, r.authors)
    assert.same({ "张伟", "赵敏" }, r.editors)
    assert.equal("chenbao.com.cn", r.domain)
    assert.equal(6, #r.paragraphs)
    assert.equal("三大亮点抢先看", r.paragraphs[4]) -- a subheading inside the body stays
    assert.same({ "城西体育公园下月开工建设", "全市新增口袋公园五十座" }, r.related)
    local k = kinds(r)
    assert.equal("breadcrumb", k[1])
    assert.equal("title", k[2])
    assert.equal("byline", k[3])
    assert.equal("share", k[10])
    assert.equal("related_label", k[12])
    assert.equal("nav", k[16])
    assert.equal("share", k[18])
    assert.equal("nav", k[19])
    assert.equal("copyright", k[20])
    assert.equal("footer", k[21])
    for _, l in ipairs(r.lines) do
      assert.is_string(l.rule)
      assert.is_string(l.text)
    end
  end)

  it("reads traditional Chinese pages", function()
    local r = zt.article.parse(read(FIX .. "traditional.txt"))
    assert.equal("港區輕軌延伸線通車首日 通勤族:省下二十分鐘",
      (r.title:gsub("：", ":")))
    assert.equal("2023-03-05T14:15:00", r.date)
    assert.equal("中央通訊社", r.source)
    assert.same({ "林志明" }, r.authors) -- 記者林志明／臺北報導: the place is not a name
    assert.same({ "黃美玲" }, r.editors)
    assert.equal("北港新聞網", r.site)
    assert.equal(3, #r.paragraphs)
    assert.equal(2, #r.related)
  end)

  it("reads byline variants", function()
    local function p(s) return zt.article.parse(s) end
    local body = "\n市里今天召开会议，部署下一阶段的重点工作，要求各部门认真落实。\n"
    local r = p("标题一二三四五\n文/张伟 图/刘洋" .. body)
    assert.same({ "张伟" }, r.authors)
    assert.same({ "刘洋" }, r.photographers)
    r = p("标题一二三四五\n（记者 王晓明 通讯员 李华）" .. body)
    assert.same({ "王晓明", "李华" }, r.authors)
    assert.equal(1, #r.paragraphs)
    r = p("标题一二三四五\n本报记者 王晓明 张伟" .. body)
    assert.same({ "王晓明", "张伟" }, r.authors)
    r = p("标题一二三四五\n新华社记者 王晓明、李华" .. body)
    assert.same({ "王晓明", "李华" }, r.authors)
    r = p("标题一二三四五\n作者:张三来源:人民网" .. body)
    assert.same({ "张三" }, r.authors)
    assert.equal("人民网", r.source)
    r = p("标题一二三四五\n作者：张三 | 来源：人民网 | 编辑：李四" .. body)
    assert.same({ "张三" }, r.authors)
    assert.same({ "李四" }, r.editors)
    r = p("标题一二三四五\n撰文：赵六  摄影：钱七  审核：孙八" .. body)
    assert.same({ "赵六" }, r.authors)
    assert.same({ "钱七" }, r.photographers)
    assert.same({ "孙八" }, r.editors)
    r = p("标题一二三四五\n责编：周九\n出处：晨报" .. body)
    assert.same({ "周九" }, r.editors)
    assert.equal("晨报", r.source)
    r = p("标题一二三四五" .. body .. "（责任编辑：吴十）\n")
    assert.same({ "吴十" }, r.editors)
    r = p("标题一二三四五\n新华社北京7月12日电（记者王晓明、李华）市里今天召开会议，部署下一阶段的重点工作。\n")
    assert.same({ "王晓明", "李华" }, r.authors)
    assert.equal(1, #r.paragraphs)
    r = p("标题一二三四五\n【来源：人民网】【作者：张三】【编辑：李四】" .. body)
    assert.same({ "张三" }, r.authors)
    assert.same({ "李四" }, r.editors)
    assert.equal("人民网", r.source)
    r = p("标题一二三四五\n来源：人民网 - 人民日报  作者：张三" .. body)
    assert.equal("人民网 - 人民日报", r.source)
    assert.same({ "张三" }, r.authors)
    r = p("标题一二三四五\n策划：王五 统筹：赵六 文字：张三 设计：钱七" .. body)
    assert.same({ "张三" }, r.authors)
    r = p("标题一二三四五\n作者：Zhang San" .. body)
    assert.same({ "Zhang San" }, r.authors)
    r = p("标题一二三四五\n□本报记者 张三 本报通讯员 李四" .. body)
    assert.same({ "张三", "李四" }, r.authors)
    r = p("标题一二三四五\n编辑：张三 校对：李四 审核：王五 终审：赵六" .. body)
    assert.same({ "张三", "李四", "王五", "赵六" }, r.editors)
    r = p("标题一二三四五\n本文来源：新京报 责任编辑：王晓_NN5678" .. body)
    assert.same({ "王晓" }, r.editors)
    assert.equal("新京报", r.source)
    r = p("标题一二三四五\n图片：赵小鹏  責任編輯：錢大同" .. body .. "推荐阅读\n第一条推荐的新闻标题\n第二条推荐的新闻标题\n")
    assert.same({ "赵小鹏" }, r.photographers)
    assert.same({ "錢大同" }, r.editors)
    assert.same({ "第一条推荐的新闻标题", "第二条推荐的新闻标题" }, r.related)
    r = p("标题一二三四五\n文丨陈思远" .. body)
    assert.same({ "陈思远" }, r.authors)
    r = p("标题一二三四五" .. body .. "图为会议现场。新华社记者 陈正宝 摄\n")
    assert.same({ "陈正宝" }, r.photographers)
  end)

  it("reads colon-less labels on a long label line, and leaves titles out of names", function()
    local r = zt.article.parse("某某标题测试一下\n" ..
      "2023-05-18 10:20:30 来源：中国新闻网 记者 张三 李四 编辑：王五 浏览次数：1234 次\n" ..
      "市里今天召开会议，部署下一阶段的重点工作，要求各部门认真落实。\n（本文作者：赵六，某大学教授）\n")
    assert.equal("2023-05-18T10:20:30", r.date)
    assert.equal("中国新闻网", r.source)
    assert.same({ "张三", "李四", "赵六" }, r.authors)
    assert.same({ "王五" }, r.editors)
  end)

  it("reads a short name or outlet glued to 作者/来源, never a word of prose", function()
    local body = "\n市里今天召开会议，部署下一阶段的重点工作，要求各部门认真落实。\n" ..
      "会议指出，资金来源广泛的项目要加强监管，本文作者张明认为此举很有必要。\n"
    local r = zt.article.parse("某某标题测试一下\n2023-05-18 10:20 作者王小明 来源江北日报" .. body)
    assert.same({ "王小明" }, r.authors)
    assert.equal("江北日报", r.source)
    r = zt.article.parse("某某标题测试一下\n2023-05-18 10:20 来源于网络 作者们" .. body)
    assert.same({}, r.authors)
    assert.is_nil(r.source)
  end)

  it("reads a NAME/outlet byline next to the dateline, not a channel/outlet line", function()
    local body = "\n2021-10-15 09:00\n市里今天召开会议，部署下一阶段的重点工作，要求各部门认真落实。\n" ..
      "会议指出，要加强监管，此举很有必要，各部门要认真抓好落实工作。\n"
    local r = zt.article.parse("全市首批消费券今日发放\n王晓 李明/江北晚报" .. body)
    assert.same({ "王晓", "李明" }, r.authors)
    assert.equal("江北晚报", r.source)
    r = zt.article.parse("全市首批消费券今日发放\n本地/江北网" .. body)
    assert.same({}, r.authors)
  end)

  it("reads 文/图 as words and pictures, with or without a colon", function()
    local head = "全市首批消费券今日发放\n2021-10-15 09:00\n市里今天召开会议，部署下一阶段的重点工作，要求各部门认真落实。\n"
    local r = zt.article.parse(head .. "文/图 王晓 李明\n")
    assert.same({ "王晓", "李明" }, r.authors)
    assert.same({ "王晓", "李明" }, r.photographers)
    r = zt.article.parse(head .. "文/王晓 图/李明\n")
    assert.same({ "王晓" }, r.authors)
    assert.same({ "李明" }, r.photographers)
  end)

  it("reads one bracketed name closing the last paragraph only", function()
    local head = "全市首批消费券今日发放\n2021-10-15 09:00\n市里今天召开会议，部署下一阶段的重点工作，要求各部门认真落实。（王晓）\n"
    local r = zt.article.parse(head .. "会议指出，要加强监管，此举很有必要，各部门要认真抓好落实工作。（李明）\n")
    assert.same({ "李明" }, r.authors)
    r = zt.article.parse(head .. "会议指出，要加强监管，此举很有必要，各部门要认真抓好落实工作。（待续）\n")
    assert.same({}, r.authors)
  end)

  it("reads blog and forum post lines: NAME 于 DATE 发布, NAME 发表于 DATE, posted @ DATE NAME", function()
    local body = "市里今天召开会议，部署下一阶段的重点工作，要求各部门认真落实。\n" ..
      "会议指出，要加强监管，此举很有必要，各部门要认真抓好落实工作。\n"
    local r = zt.article.parse("周末去爬山\n山野行者 于 2020-05-17 21:48 发布\n" .. body)
    assert.same({ "山野行者" }, r.authors)
    r = zt.article.parse("周末去爬山\n2020-05-17\n" .. body .. "posted @ 2020-05-17 21:48 smallfish 阅读(53) 评论(1)\n")
    assert.same({ "smallfish" }, r.authors)
    r = zt.article.parse("周末去爬山\n老张头 发表于 2020-3-5 10:12\n" .. body .. "小满 发表于 2020-3-6 08:02\n")
    assert.same({ "老张头" }, r.authors)
    r = zt.article.parse("周末去爬山\n2020-05-17\n" .. body .. "会上有人说 我们于 2020-05-17 再次发布了新的方案和措施，大家很满意。\n")
    assert.same({}, r.authors)
  end)

  it("reads a self-media credit line 原创 NAME ACCOUNT DATE", function()
    local body = "市里今天召开会议，部署下一阶段的重点工作，要求各部门认真落实。\n" ..
      "会议指出，要加强监管，此举很有必要，各部门要认真抓好落实工作。\n"
    local r = zt.article.parse("新手养猫要准备什么\n原创 小鱼干 小鱼的日常 2022-04-16 20:30 发表于浙江\n" .. body)
    assert.same({ "小鱼干" }, r.authors)
    assert.equal("2022-04-16T20:30:00", r.date)
    r = zt.article.parse("新手养猫要准备什么\n原创 小鱼的日常 2022-04-16 20:30 发表于浙江\n" .. body)
    assert.same({}, r.authors)
  end)

  it("cuts an affiliation and job title glued before the author's name", function()
    local body = "\n市里今天召开会议，部署下一阶段的重点工作，要求各部门认真落实。\n" ..
      "会议指出，要加强监管，此举很有必要，各部门要认真抓好落实工作。\n"
    local r = zt.article.parse("教育观察\n2020-09-10\n作者：南江大学经济学院副教授李明华" .. body)
    assert.same({ "李明华" }, r.authors)
    r = zt.article.parse("教育观察\n2020-09-10\n作者：南江大学经济学院教授" .. body)
    assert.same({}, r.authors)
  end)

  it("reads a closing ——NAME signature as the author, not a dashed sentence", function()
    local head = "致毕业生\n2022-06-20\n四年前，你们拖着行李箱走进校门，在报到处的长队里好奇地打量着这座校园。\n" ..
      "希望你们记得图书馆里的灯光，记得操场上的晚风，无论走到哪里，都不要忘了为什么出发。\n"
    local r = zt.article.parse(head .. "——沈明\n")
    assert.same({ "沈明" }, r.authors)
    r = zt.article.parse(head .. "——未完待续\n")
    assert.same({}, r.authors)
  end)

  it("reads bylines glued to the first paragraph, Taiwanese and Hong Kong styles", function()
    local body = "\n行政院今天召開會議，討論明年度預算案，各部會首長均出席會議並提出報告。\n"
    local function p(l) return zt.article.parse("一條新聞的標題很長\n" .. l .. body) end
    local r = p("〔記者王小明／台北報導〕行政院今天召開會議，討論明年度預算案。")
    assert.same({ "王小明" }, r.authors)
    assert.equal(2, #r.paragraphs)
    r = p("【王小明╱台北報導】行政院今天召開會議，討論明年度預算案。")
    assert.same({ "王小明" }, r.authors)
    assert.equal(2, #r.paragraphs)
    r = p("本報訊（記者 王小明）行政院今天召開會議。")
    assert.same({ "王小明" }, r.authors)
    assert.equal(2, #r.paragraphs)
    r = p("来源丨新华社 作者丨张三")
    assert.same({ "张三" }, r.authors)
    assert.equal("新华社", r.source)
  end)

  it("never takes a value from the next line, and keeps interview text", function()
    local r = zt.article.parse("标题一二三四五\n来源：\n新华社\n作者：\n编辑:\n" ..
      "市里今天召开会议，部署下一阶段的重点工作，要求各部门认真落实。\n")
    assert.is_nil(r.source)
    assert.same({}, r.authors)
    assert.same({}, r.editors)
    r = zt.article.parse("访谈标题一二三\n2023-05-18\n记者：您怎么看待这次改革？它会带来哪些变化？\n" ..
      "专家：我认为这次改革的方向是对的，关键在于落实，需要各方共同努力。\n")
    assert.same({}, r.authors)
    assert.equal(2, #r.paragraphs)
  end)

  it("finds the dateline near the title, not a date in the body or the related list", function()
    local r = zt.article.parse("今天是2024年5月20日 星期一\n城市更新进入新阶段\n" ..
      "发布时间：2023年05月18日 09:30\n2020年，全市启动了城市更新行动，至今已完成改造项目一百多个。\n" ..
      "相关新闻\n2019年12月31日 旧城改造回顾\n")
    assert.equal("2023-05-18T09:30:00", r.date)
    r = zt.article.parse("城市更新进入新阶段\n2020年，全市启动了城市更新行动，至今已完成改造项目一百多个。\n")
    assert.is_nil(r.date)
  end)

  it("keeps a body split by a few captions in one piece", function()
    local r = zt.article.parse("一条新闻的标题很长\n2023-05-18\n" ..
      "市里今天召开会议，部署下一阶段的重点工作，要求各部门认真落实。\n图1 会场\n图2 会场外\n图3 代表发言\n图4 合影\n" ..
      "会议还听取了有关部门的工作汇报，并研究了其他事项，对下一步工作作出安排部署。\n" ..
      "会议强调，要把各项工作做细做实，确保取得实效，为全年目标任务完成打下坚实基础。\n")
    assert.equal(7, #r.paragraphs)
    assert.equal("一条新闻的标题很长", r.title)
  end)

  it("reads a bracketed byline closing the last paragraph", function()
    local r = zt.article.parse("一条新闻的标题很长\n2023-05-18\n" ..
      "市里今天召开会议，部署下一阶段的重点工作，要求各部门认真落实。\n" ..
      "会议还听取了有关部门的工作汇报，并研究了其他事项。（记者 张三 通讯员 李四）\n")
    assert.same({ "张三", "李四" }, r.authors)
    assert.equal(2, #r.paragraphs)
  end)

  it("a photo credit inside the body does not end it; trailing source/photo lines do", function()
    local r = zt.article.parse("一条新闻的标题很长\n2023-05-18\n" ..
      "市里今天召开会议，部署下一阶段的重点工作，要求各部门认真落实。\n摄影：张三\n" ..
      "会议还听取了有关部门的工作汇报，并研究了其他事项。\n来源：晨报\n" ..
      "“缺氧却不缺上海精神,艰苦但不降上海标准”,上海对口援藏24年,白衣天使成了藏族人民眼中的“安吉拉”\n" ..
      "另一条新闻标题在这里出现\n第三条新闻标题在这里出现\n")
    assert.equal(2, #r.paragraphs)
    assert.equal(3, #r.related)
    assert.same({ "张三" }, r.photographers)
    assert.equal("晨报", r.source)
  end)

  it("takes the title, not the channel name above it or the subtitle below it", function()
    local r = zt.article.parse("国内新闻\n城市更新进入新阶段 老旧小区焕新颜\n——全市推进城市更新行动综述\n" ..
      "2023-05-18 来源：晨报\n全市启动了城市更新行动，至今已完成改造项目一百多个，惠及居民十余万户。\n")
    assert.equal("城市更新进入新阶段 老旧小区焕新颜", r.title)
    assert.equal("2023-05-18", r.date)
  end)

  it("resolves a relative dateline with opts.now", function()
    local s = "城市更新进入新阶段\n3小时前 来源：晨报网\n全市启动了城市更新行动，至今已完成改造项目一百多个。\n"
    assert.equal("2024-05-20T09:00:00", zt.article.parse(s, { now = "2024-05-20 12:00" }).date)
    assert.is_nil(zt.article.parse(s).date)
  end)

  it("gives an empty record for a page with no metadata", function()
    local r = zt.article.parse(read(FIX .. "nometa.txt"))
    for _, k in ipairs({ "title", "date", "site", "domain", "source", "copyright", "description" }) do
      assert.is_nil(r[k], k)
    end
    assert.same({}, r.authors)
    assert.same({}, r.related)
    assert.equal(3, #r.paragraphs)
  end)

  it("decodes GBK and Big5 input first", function()
    local gbk = iconv(read(FIX .. "labels_simplified.txt"), "GBK")
    if not gbk then return pending("iconv cannot make GBK here") end
    assert.falsy(zt.utf8.valid(gbk))
    local r = zt.article.parse(gbk)
    assert.equal("城东湿地公园扩建工程完工 市民周末可免费游览", r.title)
    assert.same({ "王晓明", "李华" }, r.authors)
    assert.equal("2023-05-18T09:30:00", r.date)
    local big5 = iconv(read(FIX .. "traditional.txt"), "BIG5-HKSCS")
    if big5 then
      r = zt.article.parse(big5)
      assert.same({ "林志明" }, r.authors)
      assert.equal("中央通訊社", r.source)
    end
    local html = iconv(read(FIX .. "news_simplified.html"):gsub('charset="utf%-8"', 'charset="gbk"'), "GBK")
    r = zt.article.parse(html)
    assert.equal("城东湿地公园扩建工程完工 市民周末可免费游览", r.title)
    assert.same({ "王晓明", "李华" }, r.authors)
  end)

  it("cleans text values by default, and not with clean = false", function()
    local s = "ＡＢＣ标题一二三四五\n作者：王晓明\n市里今天召开会议，部署下一阶段的重点工作，要求各部门认真落实。\n"
    local r = zt.article.parse(s)
    assert.equal("ABC标题一二三四五", r.title)
    r = zt.article.parse(s, { clean = false })
    assert.equal("ＡＢＣ标题一二三四五", r.title)
    r = zt.article.parse(s, { clean = { width = false } })
    assert.equal("ＡＢＣ标题一二三四五", r.title)
  end)
end)

describe("zt.article.parse on page shapes from different kinds of sites", function()
  local function p(name) return zt.article.parse(read(FIX .. name)) end
  it("news-agency lead with a bracketed byline and a label line", function()
    local r = p("agency_lead.txt")
    assert.equal("全国夏粮收购进度过半 优质优价特征明显", r.title)
    assert.equal("2023-07-10T08:12:35", r.date)
    assert.equal("经济日报", r.source)
    assert.same({ "李明远", "周健", "冯丽" }, r.authors)
    assert.same({ "孙丽" }, r.editors)
    assert.equal("xinwenzx.cn", r.domain)
    assert.equal(3, #r.paragraphs)
  end)
  it("a headline ending in a question mark, 文 | and 编辑 | bylines", function()
    local r = p("wechat_style.txt")
    assert.equal("这座小城的夜市，为何能“火出圈”？", r.title)
    assert.equal("2023-08-02T20:15:00", r.date)
    assert.same({ "陈思远" }, r.authors)
    assert.same({ "林小鹿" }, r.editors)
    assert.equal(3, #r.paragraphs)
    assert.equal(2, #r.related)
  end)
  it("a government notice", function()
    local r = p("gov_notice.txt")
    assert.equal("市人民政府办公室关于做好2023年防汛工作的通知", r.title)
    assert.equal("2023-05-06", r.date)
    assert.equal("市政府办公室", r.source)
    assert.same({}, r.authors)
  end)
  it("a CNA-style byline: 中央社記者王大明台北18日電", function()
    local r = p("cna_style.txt")
    assert.equal("2022-09-18T17:30:00", r.date)
    assert.same({ "王大明" }, r.authors)
    assert.same({ "張瑞芬" }, r.editors)
  end)
  it("an old table layout in GB2312", function()
    local html = iconv(read(FIX .. "table_layout.html"), "GB18030")
    if not html then return pending("no iconv") end
    local r = zt.article.parse(html)
    assert.equal("GB18030", r.encoding)
    assert.equal("市政府召开常务会议 研究部署安全生产工作", r.title)
    assert.equal("2022-06-15", r.date)
    assert.equal("市政府办公室", r.source)
    assert.equal(3, #r.paragraphs)
  end)
  it("a portal page: meta date refined by the dateline's time, 责编 in brackets", function()
    local r = p("portal_style.html")
    assert.equal("一季度居民收入稳步增长", r.title)
    assert.equal("2023-04-18T08:30:00", r.date)
    assert.equal("人民日报", r.source)
    assert.same({ "王浩" }, r.authors)
    assert.same({ "李明", "王芳" }, r.editors)
    assert.equal("renminzx.com", r.domain)
  end)
  it("bylines with an outlet glued to 记者, a /文 role, 发自 and unlabelled closing brackets", function()
    local r = zt.article.parse(read(FIX .. "closing_bylines.html"))
    assert.same({ "周明远", "林可" }, r.authors)
    assert.equal("2021-04-09T10:20:00", r.date)
    assert.equal(3, #r.paragraphs)
    local body = "<p>区里今天召开了春季植树动员会，部署全年的绿化任务，各街道负责人参加了会议。</p>"
    local function authors(tail)
      return zt.article.parse("<html><body><h1>春季植树动员会召开</h1>" .. body .. body .. tail ..
        "</body></html>").authors
    end
    assert.same({ "张晓峰" }, authors("<p><b>本报记者张晓峰发自杭州</b></p>" .. body))
    assert.same({ "陈一鸣", "高远" },
      authors("<p>会议要求各街道在月底前完成任务。（陈一鸣 高远）</p>"))
    assert.same({ "陈一鸣" }, authors("<p>会议要求各街道在月底前完成任务。（陈一鸣 南京报道）</p>"))
    assert.same({ "陈一鸣" }, authors("<p>会议要求各街道在月底前完成任务。（区报记者 陈一鸣）</p>"))
    assert.same({ "冯远", "贾宁" }, authors("<p>湖畔新闻记者 冯远 贾宁</p>" .. body))
    assert.same({ "冯远" }, authors("<p>掌上湖畔客户端记者 冯远</p>" .. body))
    -- not bylines: one word, an outlet, a long phrase, no sentence before the bracket
    assert.same({}, authors("<p>会议要求各街道在月底前完成任务。（新华社）</p>"))
    assert.same({}, authors("<p>会议要求各街道在月底前完成任务。（图片来自网络）</p>"))
    assert.same({}, authors("<p>会议要求各街道在月底前完成任务（陈一鸣 高远）</p>"))
  end)
  it("last-resort dates: a repost's dateline inside the body, a magazine issue line", function()
    local body = "老街的青石板路在雨后泛着光，街口的茶馆一早就坐满了喝茶聊天的老人。\n" ..
      "茶馆的老板说，这间店已经开了四十多年，换过三次招牌，却一直没有换过地方。\n"
    local r = zt.article.parse("转帖：老街茶馆\n" .. body .. "2009-4-12 江城晨报\n" .. body)
    assert.equal("2009-04-12", r.date)
    r = zt.article.parse("老街茶馆\n" .. body .. "——《城乡》2001年9月号\n")
    assert.equal("2001-09", r.date)
    -- a month in prose is not an issue line
    r = zt.article.parse("老街茶馆\n" .. body .. "《城乡》在2001年9月改版。\n")
    assert.is_nil(r.date)
  end)
  it("a forum post line: 本帖由NAME于DATE发表", function()
    local r = zt.article.parse([[<html><body><h2>周末去哪儿：城郊三条徒步路线推荐</h2>
<p>上周末和朋友走了城郊的三条徒步路线，难度都不大，适合带孩子的家庭，下面分别说说。</p>
<p>第一条沿着水库走一圈，全程八公里左右，路面平整，沿途有两处可以休息的凉亭。</p>
<p>本帖由<b>山间小路</b>于2012年10月8日20:15:06在〖户外休闲〗发表.</p>
</body></html>]])
    assert.equal("2012-10-08T20:15:06", r.date)
    assert.same({ "山间小路" }, r.authors)
    -- a date or an author from the page wins
    r = zt.article.parse("城郊徒步路线推荐\n作者：林晓\n2013-01-02\n" ..
      "上周末和朋友走了城郊的三条徒步路线，难度都不大，适合带孩子的家庭。\n" ..
      "本帖由山间小路于2012年10月8日20:15:06发表\n")
    assert.equal("2013-01-02", r.date)
    assert.same({ "林晓" }, r.authors)
  end)
  it("names padded with spaces (王　刚) are one name; an affiliation after a colon is dropped", function()
    local function authors(line)
      return zt.article.parse("社区图书角开放了\n" .. line .. "\n" ..
        "社区图书角今天正式开放，居民可以凭借阅卡免费借阅图书，每次最多借两本。\n").authors
    end
    assert.same({ "孟晴" }, authors("作者：孟 晴"))
    assert.same({ "孟晴" }, authors("作者：孟  晴  来源：区报"))
    assert.same({ "周一航", "孟晴" }, authors("记者 周一航 孟 晴"))
    assert.same({ "路小遥" }, authors("作者：路 小 遥"))
    assert.same({ "周一航", "孟晴" }, authors("作者：周一航 孟晴"))
    local r = zt.article.parse("<html><head><meta name=\"author\" content=\"孟  晴\"></head><body>" ..
      "<h1>社区图书角开放了</h1><p>社区图书角今天正式开放，居民可以凭借阅卡免费借阅图书。</p></body></html>")
    assert.same({ "孟晴" }, r.authors)
  end)
  it("a lone 评论 heading ends the body; 执笔人 names the authors", function()
    local r = zt.article.parse("社区图书角开放了\n2020-06-01 09:00\n" ..
      "社区图书角今天正式开放，居民可以凭借阅卡免费借阅图书，每次最多借两本。\n" ..
      "图书角的藏书由辖区单位和居民捐赠，目前已有两千余册，今后还将定期更新。\n" ..
      "执笔人：周一航 孟晴\n评论\n# re: 社区图书角开放了 2020-06-01 10:12 读者甲\n" ..
      "太好了，终于不用跑很远去图书馆了，希望能多一些儿童读物。\n" ..
      "# re: 社区图书角开放了 2020-06-01 11:40 读者乙\n支持！周末带孩子去看看，顺便捐几本书。\n")
    assert.equal(2, #r.paragraphs)
    assert.same({ "周一航", "孟晴" }, r.authors)
    r = zt.article.parse("社区图书角开放了\n执笔/周一航、孟晴&路遥\n" ..
      "社区图书角今天正式开放，居民可以凭借阅卡免费借阅图书，每次最多借两本。\n")
    assert.same({ "周一航", "孟晴", "路遥" }, r.authors)
  end)
  it("a names-only line under the headline, when nothing else names an author", function()
    local r = zt.article.parse(read(FIX .. "essay_name_line.html"))
    assert.same({ "许文澜", "秦川" }, r.authors)
    assert.equal(3, #r.paragraphs)
    local text = "旧城改造中的几点思考\n%s\n" ..
      "城市在不断更新，记忆却需要被小心地保存，这是每一次改造都要面对的问题。\n" ..
      "本文从规划和生活两个角度讨论旧城改造，并提出几点具体的建议，供有关部门参考。\n"
    assert.same({ "林雪" }, zt.article.parse(text:format("林雪")).authors)
    -- a heading word, a four-character word alone, a label line's author wins
    assert.same({}, zt.article.parse(text:format("正文")).authors)
    assert.same({}, zt.article.parse(text:format("随笔分类")).authors)
    assert.same({}, zt.article.parse(text:format("城市新闻 专题")).authors)
    assert.same({ "王可" }, zt.article.parse(text:format("林雪") .. "作者：王可\n").authors)
  end)
  it("skips hidden elements (display:none, hidden) but still reads their metadata", function()
    local r = zt.article.parse([[<html><body><h1>河道清淤工程启动</h1>
<div class="text"><p>今年的河道清淤工程今天启动，计划清理淤泥三万立方米，工期两个月。</p>
<p>施工期间部分河段将临时封闭，请市民绕行，具体路段以现场公告为准。</p>
<em style="DISPLAY : None"><br/>今年的河道清淤工程今天启动，计划清理淤泥三万立方米，工期两个月。</em>
<div hidden><p>这是一段不会显示出来的旧稿，内容与正文重复，不应进入正文。</p></div>
<span style="display:none"><time datetime="2019-03-05T08:00:00+08:00">3月5日</time></span>
</div></body></html>]])
    assert.same({ "今年的河道清淤工程今天启动，计划清理淤泥三万立方米，工期两个月。",
      "施工期间部分河段将临时封闭，请市民绕行，具体路段以现场公告为准。" }, r.paragraphs)
    assert.equal("2019-03-05T08:00:00+08:00", r.date)
  end)
  it("a bare name between the date and the labels, a lone bracketed name after the body", function()
    local body = "<p>新修订的停车管理办法下月起施行，居民小区周边将增设临时停车位两千余个。</p>" ..
      "<p>办法还明确了占用消防通道停车的处罚标准，并鼓励单位在夜间向社会开放内部停车场。</p>"
    local function parse(meta, tail)
      return zt.article.parse("<html><body><h1>停车管理办法下月起施行</h1><div>" .. meta ..
        "</div>" .. body .. (tail or "") .. "</body></html>")
    end
    assert.same({ "韩笑" }, parse("2016年3月2日09:40 [ 韩笑 ]  来源：滨海日报").authors)
    assert.same({ "韩笑" }, parse("2016-03-02 09:40 韩笑 来源：滨海日报").authors)
    assert.same({}, parse("2016-03-02 09:40 更新 来源：滨海日报").authors)
    assert.same({}, parse("2016-03-02 09:40 滨海日报 来源：滨海日报").authors)
    assert.same({ "苗青" }, parse("2016-03-02 09:40", "<div align=\"right\">（苗青）</div>").authors)
    -- a company is never a person
    local r = zt.article.parse("<html><head><meta name=\"author\" content=\"星云网络\"></head><body>" ..
      "<h1>停车管理办法下月起施行</h1>" .. body .. "</body></html>")
    assert.same({}, r.authors)
  end)
  it("a promo line and a related box above the story do not take the body's place", function()
    local story = {}
    for k = 1, 6 do
      story[#story + 1] = "<p>　　第" .. k .. "段：新款电动车今天发布，续航里程比上一代提升了三成，" ..
        "售价保持不变，首批车辆将于下月交付给预订的用户。</p>"
    end
    local r = zt.article.parse("<html><body><h1>新款电动车今天发布</h1><div class=\"art\">" ..
      "<p>　　关注我们，第一时间获取新车资讯和试驾活动信息。</p>" ..
      "<p>　　相关新闻：</p><p><a href=\"/a1\">去年电动车销量回顾</a></p>" ..
      "<p><a href=\"/a2\">电动车充电桩建设提速</a></p>" .. table.concat(story) ..
      "</div></body></html>")
    assert.equal(6, #r.paragraphs)
    assert.truthy(r.paragraphs[1]:find("第1段", 1, true))
    -- a relative day is not a name
    r = zt.article.parse("新款电动车今天发布\n昨天\n" .. story[1]:gsub("</?p>", "") .. "\n" ..
      story[2]:gsub("</?p>", "") .. "\n")
    assert.same({}, r.authors)
  end)
  it("drops a video player's notice from the body", function()
    local r = zt.article.parse([[<html><body><h1>河道清淤工程启动</h1>
<div class="video">您的浏览器暂时无法播放此视频。</div>
<p>今年的河道清淤工程今天启动，计划清理淤泥三万立方米，工期两个月。</p>
<p>您的浏览器不支持 video 标签。</p>
<p>施工期间部分河段将临时封闭，请市民绕行，具体路段以现场公告为准。</p></body></html>]])
    assert.same({ "今年的河道清淤工程今天启动，计划清理淤泥三万立方米，工期两个月。",
      "施工期间部分河段将临时封闭，请市民绕行，具体路段以现场公告为准。" }, r.paragraphs)
  end)
  it("with no <title> or <h1>, the headline-like line above the first paragraph", function()
    local r = zt.article.parse([[<html><body><table><tr><td>
<div>老城区供暖管网改造完成</div><div>2018-11-02 08:30</div>
<p>　　老城区供暖管网改造工程日前全部完成，今冬将有三万余户居民告别“冷暖气”。</p>
<p>　　改造共更换老旧管道四十余公里，新建换热站六座，供暖效率预计提高两成。</p>
</td></tr></table></body></html>]])
    assert.equal("老城区供暖管网改造完成", r.title)
    assert.equal("2018-11-02T08:30:00", r.date)
    assert.equal(2, #r.paragraphs)
    -- a <title> that only names the site or section gives way to that line too
    local page = [[<html><head><title>%s</title></head><body><table><tr><td>
<div>%s</div><div>2018-11-02 08:30</div>
<p>　　老城区供暖管网改造工程日前全部完成，今冬将有三万余户居民告别“冷暖气”。</p>
<p>　　改造共更换老旧管道四十余公里，新建换热站六座，供暖效率预计提高两成。</p>
</td></tr></table></body></html>]]
    assert.equal("老城区供暖管网改造完成",
      zt.article.parse(page:format("城北在线", "老城区供暖管网改造完成")).title)
    assert.equal("老城区供暖管网改造完成",
      zt.article.parse(page:format("新闻动态--城北在线", "老城区供暖管网改造完成")).title)
    -- a dangling separator is dropped
    assert.equal("老城区供暖管网改造完成",
      zt.article.parse("<html><head><title>老城区供暖管网改造完成_</title></head><body>" ..
        "<p>　　老城区供暖管网改造工程日前全部完成，今冬将有三万余户居民告别“冷暖气”。</p>" ..
        "</body></html>").title)
    -- a short title that is a line of the page stays
    assert.equal("供暖通知", zt.article.parse(page:format("供暖通知", "供暖通知")).title)
  end)
  it("an update line dates the page only when nothing else does", function()
    local story = "\n\n为进一步提升公园的服务功能，区住建局组织编制了公园改造提升方案，现向社会公示，公示期为十五天。\n\n" ..
      "方案拟对园内步道、照明、公厕和儿童游乐区进行改造，新增健身广场一处和无障碍坡道四处。\n"
    assert.equal("2023-03-01T09:00:00",
      zt.article.parse("公园改造方案公示\n\n更新于 2023-03-05 11:20\n\n2023-03-01 09:00　来源：区住建局" .. story).date)
    assert.equal("2023-03-05T11:20:00",
      zt.article.parse("公园改造方案公示\n\n更新于 2023-03-05 11:20" .. story).date)
  end)
  it("explain names the date strategy that won", function()
    local story = "\n\n为进一步提升公园的服务功能，区住建局组织编制了公园改造提升方案，现向社会公示，公示期为十五天。\n"
    local r = zt.article.parse("公园改造方案公示\n\n2023-03-01 09:00　来源：区住建局" .. story, { explain = true })
    assert.equal("dateline near the title", r.date_rule)
    assert.is_nil(zt.article.parse("公园改造方案公示\n\n2023-03-01 09:00" .. story).date_rule) -- only with explain
    assert.is_nil(zt.article.parse("公园改造方案公示" .. story, { explain = true }).date_rule) -- undated
    r = zt.article.parse([[<html><head><meta property="article:published_time" content="2021-08-09T02:15:00+08:00">
</head><body><h1>全市首个智慧停车平台上线</h1><div>2021-08-09 10:15　来源：城东在线</div>
<p>8月9日，全市首个智慧停车平台正式上线，市民通过手机即可实时查询周边停车场的空余车位。</p></body></html>]],
      { explain = true })
    assert.equal("2021-08-09T10:15:00", r.date)
    assert.equal("dateline under the headline, over metadata less than a day off", r.date_rule)
  end)
  it("metadata a day or more from the dateline stays (a different event, not a clock)", function()
    local page = [[<html><head><meta property="article:published_time" content="%s">
</head><body><h1>全市首个智慧停车平台上线</h1><div>%s　来源：城东在线</div>
<p>8月9日，全市首个智慧停车平台正式上线，市民通过手机即可实时查询周边停车场的空余车位。</p></body></html>]]
    local pa = zt.article.parse
    assert.equal("2021-08-07T10:15:00+08:00", pa(page:format("2021-08-07T10:15:00+08:00", "2021-08-09 10:15")).date)
    assert.equal("2021-08-09T10:15:00", pa(page:format("2021-08-08T23:30:00+08:00", "2021-08-09 10:15")).date)
    assert.equal("2021-08-07", pa(page:format("2021-08-07", "2021-08-09 10:15")).date)
    assert.equal("2021-08-09T10:15:00", pa(page:format("2021-08-09", "2021-08-09 10:15")).date)
    assert.equal("2021-08-09T10:15:30+08:00", pa(page:format("2021-08-09T10:15:30+08:00", "2021-08-09 10:15")).date)
  end)
  it("class hints when there are no labels", function()
    local r = zt.article.parse([[<html><body><div class="article"><h1>秋季运动会圆满落幕 三项纪录被刷新</h1>
<div class="meta"><span class="pubtime">2022年10月21日 16:40</span><span class="laiyuan">城南日报</span>
<span class="author">钱小满</span></div><div class="text">
<p>为期三天的秋季运动会今天下午圆满落幕，来自全区的二十六支代表队参加了比赛，共有三项区纪录被刷新。</p>
</div></div></body></html>]])
    assert.equal("2022-10-21T16:40:00", r.date)
    assert.same({ "钱小满" }, r.authors)
    assert.equal("城南日报", r.source)
  end)
end)

describe("zt.article.parse on HTML", function()
  it("takes metadata and the main content, drops nav, sidebars, comments and footers", function()
    local r = zt.article.parse(read(FIX .. "news_simplified.html"))
    assert.equal("html", r.format)
    assert.equal("城东湿地公园扩建工程完工 市民周末可免费游览", r.title)
    assert.equal("2023-05-18T09:30:15", r.date) -- not today's date in the top bar, not a comment's
    assert.equal("晨报网", r.site)
    assert.equal("chenbao.com.cn", r.domain)
    assert.equal("晨报网", r.source)
    assert.same({ "王晓明", "李华" }, r.authors)
    assert.same({ "张伟" }, r.editors)
    assert.same({ "陈正宝" }, r.photographers)
    assert.same({ "湿地公园", "扩建", "免费开放" }, r.keywords)
    assert.truthy(r.description:find("免费开放"))
    assert.equal(7, #r.paragraphs)
    assert.same({ "城西体育公园下月开工建设", "全市新增口袋公园五十座" }, r.related)
    local all = table.concat(r.paragraphs, "\n")
    for _, junk in ipairs({ "网友甲", "热门排行", "关于我们", "上一篇", "分享到", "首页", "不要读我" }) do
      assert.falsy(all:find(junk, 1, true), junk)
    end
  end)

  it("reads og:*, article:published_time, JSON-LD and <time>", function()
    local r = zt.article.parse(read(FIX .. "meta_jsonld.html"))
    assert.equal("港區輕軌延伸線通車首日 通勤族省下二十分鐘", r.title)
    assert.equal("2023-03-05T14:15:00+08:00", r.date)
    assert.equal("北港新聞網", r.site)
    assert.equal("news.beigang.com.tw", r.domain)
    assert.same({ "林志明" }, r.authors) -- meta author is the site's name: not a person
    assert.same({ "輕軌", "交通" }, r.keywords)
    assert.equal(3, #r.paragraphs)
    assert.equal(2, #r.related)
  end)

  it("does not list the outlet as an author", function()
    local r = zt.article.parse([[<html><head><meta name="author" content="新浪科技"></head><body>
<h1>一条科技新闻的标题在这里</h1><p>2019-09-11 01:53 来源：新浪科技</p><div class="article">
<p>正文内容，正文内容，正文内容，正文内容，正文内容，正文内容，正文内容。</p></div></body></html>]])
    assert.equal("新浪科技", r.source)
    assert.same({}, r.authors)
  end)

  it("strips the site suffix from <title> when there is no h1", function()
    local r = zt.article.parse("<html><head><title>春季花展开幕 十万株郁金香迎客_本地_花城网</title></head>" ..
      "<body><div><p>春季花展今天开幕，十万株郁金香在园区内竞相开放，吸引了大批市民前来观赏。</p></div></body></html>")
    assert.equal("春季花展开幕 十万株郁金香迎客", r.title)
    assert.equal("花城网", r.site)
  end)

  it("skips a logo in <h1> and a top bar's date", function()
    local r = zt.article.parse(read(FIX .. "logo_h1.html"))
    assert.equal("暴雨过后 志愿者连夜清理街道淤泥", r.title)
    assert.equal("2021-07-22T22:10:00", r.date)
    assert.equal("江城新闻网", r.site)
    assert.same({ "吴迪", "郑好" }, r.authors)
    assert.equal(2, #r.paragraphs)
  end)

  it("survives broken markup: <button/>, an open <canvas>, a second <html>, a share class", function()
    local r = zt.article.parse(read(FIX .. "broken_markup.html"))
    assert.equal("河道清淤工程全面启动 汛期前完成主体施工", r.title)
    assert.equal("2022-03-28T08:40:00", r.date)
    assert.equal("清河日报", r.source)
    assert.same({ "韩雨" }, r.authors)
    assert.equal("清河在线", r.site)
    assert.equal("qhzx.com.cn", r.domain)
    assert.equal(3, #r.paragraphs)
  end)

  it("keeps a body split over sibling sections", function()
    local r = zt.article.parse(read(FIX .. "split_sections.html"))
    assert.equal("两段式正文测试标题", r.title)
    assert.equal(2, #r.paragraphs)
    assert.equal("测试网", r.site)
  end)

  it("reads a publish time from a page script when nothing visible gives one", function()
    local r = zt.article.parse([[<html><head><script>window.DATA = {"title":"x", "pubtime": "2019-09-07 19:02:26"}
</script></head><body><div><p>正文内容，正文内容，正文内容，正文内容，正文内容。</p></div></body></html>]])
    assert.equal("2019-09-07T19:02:26", r.date)
  end)

  it("reads Unix times in scripts and dateModified as last resorts", function()
    local body = "<body><div><p>正文内容，正文内容，正文内容，正文内容，正文内容。</p></div></body></html>"
    assert.equal("2020-02-12T22:17:54",
      zt.article.parse('<html><head><script>var ct = "1581517074";</script></head>' .. body).date)
    assert.equal("2019-10-08T12:00:57",
      zt.article.parse('<html><head><meta itemprop="dateUpdate" content="2019-10-08 12:00:57"></head>' .. body).date)
  end)

  it("falls back to a date in the URL", function()
    local page = "<html><body><p>正文内容，正文内容，正文内容。</p></body></html>"
    assert.equal("2023-05-18", zt.article.parse(page, { url = "http://news.example.cn/202305/t20230518_1.html" }).date)
    assert.equal("2023-05-18", zt.article.parse(page, { url = "https://example.com/a/2023/05/18/x.html" }).date)
    assert.is_nil(zt.article.parse(page, { url = "https://example.com/a/123456789.html" }).date)
  end)

  it("uses opts.url for the domain", function()
    local r = zt.article.parse(read(FIX .. "nometa.html"), { url = "https://www.example.com.cn/a/1.html" })
    assert.equal("example.com.cn", r.domain)
    assert.is_nil(r.title)
    assert.is_nil(r.date)
    assert.equal(2, #r.paragraphs)
  end)

  it("returns fast on 100,000 nested or unclosed elements", function()
    local r, t = timed(function()
      return zt.article.parse("<html><body>" .. ("<div>"):rep(100000) .. "深层嵌套的正文内容。" ..
        ("</div>"):rep(100000))
    end)
    assert.is_table(r)
    assert.truthy(t < 5)
    r = zt.article.parse("<html><body>" .. ("<div><p><span>"):rep(100000) .. "未闭合")
    assert.is_table(r)
    r = zt.article.parse("<html><body><p>未闭合的段落<div><table><tr><td>单元格")
    assert.is_table(r)
  end)
end)

describe("zt.article bad input", function()
  it("handles empty, junk, invalid UTF-8 and NUL bytes", function()
    local r = zt.article.parse("")
    assert.same({}, r.paragraphs)
    assert.is_nil(r.title)
    local junk = {}
    for i = 1, 100000 do junk[i] = string.char((i * 7919) % 256) end
    assert.is_table(zt.article.parse(table.concat(junk)))
    assert.is_table(zt.article.parse(("\xff\xfe\xc3中文，"):rep(5000)))
    r = zt.article.parse("标题一二三四五\n正文\0内容，有空字符。正文内容，有空字符。\n")
    assert.is_table(r)
    for _, p in ipairs(r.paragraphs) do assert.truthy(zt.utf8.valid(p)) end
  end)

  it("handles one giant line and pathological label patterns quickly", function()
    if UNDER_VALGRIND then return pending("too slow under valgrind") end
    local _, t = timed(function() return zt.article.parse(("很长的一行，没有换行。"):rep(300000)) end)
    assert.truthy(t < 10)
    _, t = timed(function() return zt.article.parse(("作者：来源：编辑：记者 作者：文/图/"):rep(50000)) end)
    assert.truthy(t < 10)
    _, t = timed(function() return zt.article.parse(("作者：" .. ("记者 "):rep(30) .. "\n"):rep(10000)) end)
    assert.truthy(t < 10)
    _, t = timed(function() return zt.article.parse(("（（（（记者"):rep(50000)) end)
    assert.truthy(t < 10)
    _, t = timed(function() return zt.article.parse(("2018-07-12 民國107年 "):rep(50000)) end)
    assert.truthy(t < 10)
  end)

  it("handles a 50 MB page", function()
    if UNDER_VALGRIND then return pending("too slow under valgrind") end
    local para = "据介绍，扩建后的公园新增了观鸟平台、木栈道和儿童自然教室，沿湖步道总长超过六公里。" ..
      "园方表示，开放初期每日限流两万人次，市民可通过公众号提前预约。\n"
    local page = "大页面标题测试\n2023-05-18\n" .. para:rep(math.floor(50e6 / #para))
    local r, t = timed(function() return zt.article.parse(page, { clean = false }) end)
    assert.equal("2023-05-18", r.date)
    assert.truthy(#r.paragraphs > 100000)
    assert.truthy(t < 30)
  end)

  it("raises for programmer errors", function()
    assert.has_error(function() zt.article.parse() end)
    assert.has_error(function() zt.article.parse({}) end)
    assert.has_error(function() zt.article.parse("x", { bogus = true }) end)
    assert.has_error(function() zt.article.parse("x", { mode = "pdf" }) end)
    assert.has_error(function() zt.article.parse("x", { now = "never" }) end)
    assert.has_error(function() zt.article.parse("x", { clean = 3 }) end)
    assert.has_error(function() zt.article.to_json("x") end)
  end)

  it("detects HTML, but a stray tag in plain text keeps it text", function()
    local r = zt.article.parse("标题一二三四五\n2023-05-18\n第一段正文内容，<br>很长很长的句子。\n" ..
      "第二段正文内容，也很长很长的句子。\n")
    assert.equal("text", r.format)
    assert.equal(2, #r.paragraphs)
    assert.equal("html", zt.article.parse("<div><p>只有一个段落的片段。</p></div>").format)
  end)

  it("honours mode", function()
    local s = "<p>这不是网页，只是一行带尖括号的文字。</p>"
    assert.equal("text", zt.article.parse(s, { mode = "text" }).format)
    assert.equal("html", zt.article.parse(s, { mode = "html" }).format)
  end)
end)

describe("zt.article.to_json", function()
  it("writes null for absent values, [] for empty arrays, UTF-8 unescaped", function()
    local r = zt.article.parse(read(FIX .. "seedlike.txt"))
    local j = zt.article.to_json(r)
    assert.truthy(j:find('"source": null', 1, true))
    assert.truthy(j:find('"authors": []', 1, true))
    assert.truthy(j:find('"keywords": []', 1, true))
    assert.truthy(j:find("江南古镇", 1, true))
    assert.falsy(j:find("\\u", 1, true))
    local back = cjson.decode(j)
    assert.equal(r.title, back.title)
    assert.equal(cjson.null, back.source)
    assert.same(r.paragraphs, back.paragraphs)
    assert.equal("[]", zt.article.to_json({}):match('"related": (%[%])'))
  end)

  it("escapes what JSON needs and repairs invalid UTF-8", function()
    local j = zt.article.to_json({ title = 'a"b\\c\n\1', paragraphs = { "x\xffy" } })
    local back = cjson.decode(j)
    assert.equal('a"b\\c\n\1', back.title)
    assert.equal("x\u{FFFD}y", back.paragraphs[1])
  end)
end)

-- Every string of a record, recursively (keys too), for UTF-8 checks.
local function all_strings(t, out)
  out = out or {}
  for k, v in pairs(t) do
    if type(k) == "string" then out[#out + 1] = k end
    if type(v) == "string" then out[#out + 1] = v
    elseif type(v) == "table" then all_strings(v, out) end
  end
  return out
end

describe("zt.article.parse on hostile bytes", function()
  it("repairs an ill-formed opts.url before any pattern sees it", function()
    for _, u in ipairs({ "ww.\255", "\255", "http://\xe4\xbd/", "http://news.ex\xc0\xafample.com/a",
                         "ww.\xed\xa0\x80.com", string.rep("\xf4\x90\x80\x80", 50) }) do
      local r = zt.article.parse("x", { url = u })
      for _, s in ipairs(all_strings(r)) do assert.truthy(utf8.len(s)) end
      r = zt.article.parse("<html><body><p>一段正文。</p></body></html>", { url = u })
      for _, s in ipairs(all_strings(r)) do assert.truthy(utf8.len(s)) end
    end
    -- the valid part of the URL still gives the domain
    assert.equal("example.com", zt.article.parse("x", { url = "http://www.example.com/\255" }).domain)
  end)

  it("gives only valid UTF-8, whatever the input bytes", function()
    local inputs = {
      "标题一二三四五\n来源：\xff新华社\n正文内容，\xed\xa0\x80很长的句子。\n",
      "<html><head><title>\xc0\xaf题</title><meta name=\"author\" content=\"\xfe张\">" ..
        "<script>var pubtime = \"2020-01-0\xff1 10:00\";</script></head>" ..
        "<body><div class=\"auth\xffor\">作者：王五</div><p>正文\xf8内容，很长的一段话。</p></body></html>",
      "\xef\xbb\xbf\xff\xfe\x00<\x00p\x00>",
    }
    for _, s in ipairs(inputs) do
      for _, mode in ipairs({ "auto", "text", "html" }) do
        local r = zt.article.parse(s, { mode = mode, explain = true, clean = false })
        for _, v in ipairs(all_strings(r)) do assert.truthy(utf8.len(v)) end
      end
    end
  end)
end)

describe("zt.article reference times (now)", function()
  local pd = zt.article.parse_date
  -- Unix seconds whose wall clock in UTC+08:00 is 1900-01-01T00:00:00 and 9999-12-31T23:59:59
  local FIRST, LAST = -2209017600, 253402271999
  it("rejects a now outside years 1900-9999 with a clear error, in parse_date and parse", function()
    for _, v in ipairs({ 1e300, 0 / 0, 1 / 0, -1 / 0, math.maxinteger, math.mininteger, 1e15,
                         -1e15, LAST + 1, FIRST - 1, 2 ^ 63, -(2 ^ 63) }) do
      local ok, err = pcall(pd, "昨天 10:30", v)
      assert.is_false(ok)
      assert.truthy(tostring(err):find("outside the supported range", 1, true), tostring(err))
      ok, err = pcall(zt.article.parse, "标题\n昨天 10:30\n正文。", { now = v })
      assert.is_false(ok)
      assert.truthy(tostring(err):find("option 'now'", 1, true), tostring(err))
    end
  end)

  it("accepts the ends of the range and never returns an impossible date", function()
    assert.equal("9999-12-30T10:30:00", pd("昨天 10:30", LAST))
    assert.equal("9999-12-31T23:59:59", pd("刚刚", LAST))
    assert.equal("1900-01-01T00:00:00", pd("刚刚", FIRST))
    -- a relative date that would leave the range is no date at all
    assert.is_nil(pd("昨天 10:30", FIRST))
    assert.is_nil(pd("999天前", FIRST + 86400))
    assert.equal("2024-05-19T10:30:00", pd("昨天 10:30", 1716177600.7)) -- fractions: floored
    for _, v in ipairs({ FIRST, FIRST + 1, 0, 1716177600, LAST - 1, LAST }) do
      for _, s in ipairs({ "昨天 10:30", "前天", "刚刚", "999天前", "999小时前", "12-31 23:59",
                           "02-29 10:00", "3分钟前" }) do
        local d = pd(s, v)
        if d then
          local y, m, dd = d:match("^(%d%d%d%d)-(%d%d)-(%d%d)")
          y, m, dd = tonumber(y), tonumber(m), tonumber(dd)
          assert.truthy(y and y >= 1900 and y <= 9999, d)
          assert.truthy(os.time({ year = 2000, month = m, day = dd }) and m >= 1 and m <= 12, d)
        end
      end
    end
  end)

  it("reads huge numbers inside text as no date", function()
    for _, s in ipairs({ "99999999999年1月1日", "2018年99999999999月1日", "2018-01-99999999999",
                         "99999999999天前", "99999999999小时前", "2018-01-01 99999999999:00",
                         "民國99999999999年", "20181-01-01", "2018年1月1日 25:61" }) do
      local d = pd(s, 1716177600)
      if d then assert.truthy(d:match("^%d%d%d%d"), d) end
      local y = d and tonumber(d:sub(1, 4))
      assert.truthy(not y or (y >= 1900 and y <= 9999), d)
      assert.falsy(d and #d:match("^%d+") > 4, d)
    end
  end)
end)

describe("zt.article.parse past the HTML parser's limits", function()
  local STORY = "<h1>深夜的小镇</h1><p>这是文章的第一段正文，讲述小镇居民在深夜里的生活。</p>" ..
    "<p>这是第二段正文，记者走访了几家还亮着灯的小店。</p><p>这是第三段正文，店主们说起了各自的故事。</p>"
  local function page(open, n, close)
    return "<html><head><title>深夜的小镇</title></head><body>" .. string.rep(open, n) .. STORY ..
      string.rep(close or "", n) .. "</body></html>"
  end

  it("an ordinary page has no warnings", function()
    local r = zt.article.parse(page("<div>", 20, "</div>"))
    assert.equal(3, #r.paragraphs)
    assert.same({}, r.warnings)
    assert.truthy(zt.article.to_json(r):find('"warnings": []', 1, true))
  end)

  it("keeps the body under 300+ unclosed wrappers, and says the nesting was flattened", function()
    for _, shape in ipairs({ { "<font>", 300 }, { "<div>", 300 }, { "<span><div>", 400 },
                             { "<table><tr><td>", 300 }, { "<font>", 5000 }, { "<b>", 300, "</i>" },
                             { '<div class="wrap">', 1000, "</span>" } }) do
      local r = zt.article.parse(page(shape[1], shape[2], shape[3]))
      assert.same({ "这是文章的第一段正文，讲述小镇居民在深夜里的生活。",
                    "这是第二段正文，记者走访了几家还亮着灯的小店。",
                    "这是第三段正文，店主们说起了各自的故事。" }, r.paragraphs)
      assert.equal(1, #r.warnings)
      assert.truthy(r.warnings[1]:find("^html nesting deeper than"), r.warnings[1])
    end
  end)

  it("stays linear on deep pages full of stray closing tags", function()
    local function best(n)
      local s, t = page("<font>", n, "</b>"), math.huge
      for _ = 1, 3 do
        local c = os.clock()
        zt.article.parse(s)
        t = math.min(t, os.clock() - c)
      end
      return t
    end
    local small, large = best(5000), best(20000)
    -- quadratic (what HUGE alone gives) is ~16x for 4x the input
    assert.truthy(large / math.max(small, 1e-3) < 9, ("%.3f s vs %.3f s"):format(large, small))
  end)

  it("keeps a text node over libxml2's 10 MB limit, and what follows it", function()
    if UNDER_VALGRIND then return end
    local big = string.rep("这是一段很长的正文，", 400000)
    local r = zt.article.parse("<html><body><h1>标题</h1><p>" .. big .. "</p><p>这是第二段正文内容，" ..
      "也很长，讲述了事情的经过。</p></body></html>")
    assert.equal(2, #r.paragraphs)
    assert.equal(#big, #r.paragraphs[1])
    assert.same({}, r.warnings)
  end)
end)
