-- The generated news pages of the article benchmarks (tests/bench/bench_article.lua, the
-- runtimes benchmark tests/bench/runtimes.lua): a breadcrumb or nav, a headline, a dateline with
-- 来源 and 作者, paragraphs, an editor line, related headlines, a copyright footer, as text and as
-- HTML. `new(rnd)` takes the random source, `rnd(n) -> 1..n`, so each benchmark keeps its own
-- sequence (the runtimes one must stay exact in a double).
local M = {}

function M.new(rnd)
  local words = {
    "市政府", "相关部门", "记者", "近日", "工作人员", "据介绍", "今年以来", "项目", "居民", "企业",
    "社区", "学校", "医院", "交通", "公园", "文化", "经济", "发展", "改革", "服务", "建设", "管理",
    "推进", "完善", "提升", "加强", "落实", "保障", "群众", "城市", "乡村", "生态", "环境", "安全",
  }
  local seps = { "，", "，", "，", "、", "。", "；" }

  local function sentence()
    local t = {}
    for _ = 1, 6 + rnd(14) do
      t[#t + 1] = words[rnd(#words)]
      if rnd(4) == 1 then t[#t + 1] = seps[rnd(#seps)] end
    end
    t[#t + 1] = "。"
    return table.concat(t)
  end

  local function paragraph()
    local t = {}
    for _ = 1, 2 + rnd(5) do t[#t + 1] = sentence() end
    return table.concat(t)
  end

  local function headline()
    local t = {}
    for _ = 1, 4 + rnd(6) do t[#t + 1] = words[rnd(#words)] end
    return table.concat(t)
  end

  local function text_page(i)
    local t = { "首页 > 新闻 > 正文", headline() .. i,
      ("2023-%02d-%02d %02d:%02d  来源：晨报网  作者：王晓明"):format(rnd(12), rnd(28), rnd(23), rnd(59)) }
    for _ = 1, 4 + rnd(8) do t[#t + 1] = paragraph() end
    t[#t + 1] = "责任编辑：张伟"
    t[#t + 1] = "相关新闻"
    for _ = 1, 5 do t[#t + 1] = headline() end
    t[#t + 1] = "Copyright © 2006-2023 chenbao.com.cn All Rights Reserved"
    return table.concat(t, "\n") .. "\n"
  end

  local function html_page(i)
    local t = { '<!DOCTYPE html><html><head><meta charset="utf-8"><title>', headline(), i, "_晨报网</title>",
      '<meta name="keywords" content="新闻,城市"><meta property="og:site_name" content="晨报网">',
      "</head><body><div class=\"nav\"><ul>" }
    for _ = 1, 10 do t[#t + 1] = '<li><a href="/x">' .. words[rnd(#words)] .. "</a></li>" end
    t[#t + 1] = '</ul></div><div class="main"><h1>' .. headline() .. "</h1>"
    t[#t + 1] = ('<div class="info"><span>2023-%02d-%02d %02d:%02d</span> <span>来源：晨报网</span> ' ..
      "<span>作者：王晓明</span></div><div class=\"content\">"):format(rnd(12), rnd(28), rnd(23), rnd(59))
    for _ = 1, 4 + rnd(8) do t[#t + 1] = "<p>　　" .. paragraph() .. "</p>" end
    t[#t + 1] = '<p class="editor">责任编辑：张伟</p></div><div class="related"><h3>相关新闻</h3><ul>'
    for _ = 1, 5 do t[#t + 1] = '<li><a href="/y">' .. headline() .. "</a></li>" end
    t[#t + 1] = '</ul></div></div><div class="sidebar"><ul>'
    for _ = 1, 8 do t[#t + 1] = '<li><a href="/z">' .. headline() .. "</a></li>" end
    t[#t + 1] = "</ul></div><div class=\"footer\">Copyright © 2006-2023 chenbao.com.cn 沪ICP备12345678号</div>"
    t[#t + 1] = "</body></html>\n"
    return table.concat(t)
  end
  return { sentence = sentence, paragraph = paragraph, headline = headline, text_page = text_page,
    html_page = html_page }
end

return M
