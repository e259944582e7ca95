-- Generates synthetic scraped news pages for benchmarks: lua5.4 gen_pages.lua DIR MEGABYTES [SEED]
-- Pages are HTML shaped like real ones (navigation, headline, dateline, paragraphs, editor,
-- related list, footer) built from a small vocabulary written for this purpose; about 8% are
-- near copies of an earlier page (new headline and footer, one word changed) and 2% exact copies.
local dir, mb, seed = arg[1], tonumber(arg[2] or "50"), tonumber(arg[3] or "1")
assert(dir, "usage: gen_pages.lua DIR MEGABYTES [SEED]")

local words = {}
for w in ([[
城市 居民 社区 图书馆 公园 地铁 公交 学校 医院 医生 老师 学生 家长 孩子 老人 志愿者 企业 工厂 农民 游客
政府 部门 委员会 负责人 专家 记者 市场 价格 消费 收入 就业 岗位 项目 工程 道路 桥梁 河道 绿地 小区 街道
春季 夏天 秋季 冬天 上午 下午 昨天 今天 明天 本周 去年 今年 近日 目前 未来 期间 以来 之后 同时 此外
建设 开放 举办 推进 完成 启动 发布 公布 介绍 表示 认为 提醒 建议 计划 预计 增加 减少 提高 改善 保障
服务 管理 安全 环境 文化 教育 健康 科技 交通 旅游 体育 经济 发展 创新 质量 水平 规模 能力 需求 资源
活动 比赛 展览 会议 讲座 培训 调查 检查 维修 改造 试点 政策 措施 标准 方案 制度 数据 系统 平台 网络
明显 积极 稳定 重要 主要 全面 进一步 持续 有效 顺利 正式 广泛 大量 多种 不少 部分 各类 相关 新的 良好
一个 两处 三条 十余 百余 上千 数万 多家 几位 全市 全区 全省 各地 沿线 周边 附近 内部 外部 线上 线下
阅读 学习 工作 生活 出行 参观 参加 报名 咨询 办理 申请 缴纳 使用 购买 销售 运输 生产 种植 养殖 加工
天气 气温 降雨 降雪 大风 寒潮 预警 防汛 抗旱 节能 减排 垃圾 分类 回收 绿化 植树 清洁 空气 水质 噪声
]]):gmatch("%S+") do words[#words + 1] = w end

local sources = { "晨光日报", "江城晚报", "北岭新闻网", "南湖电视台", "城市快讯", "新区融媒体中心" }
local people = { "周明远", "李晓红", "陈静", "孙立", "王海燕", "赵志强", "刘芳", "张伟", "黄蓉", "吴天" }

local x = seed * 2654435761 % 4294967296
local function rand(n) -- deterministic LCG, 1..n
  x = (x * 1103515245 + 12345) % 2147483648
  return x % n + 1
end

local function sentence()
  local t = {}
  for i = 1, 8 + rand(12) do
    t[i] = words[rand(#words)]
    if i % (4 + rand(3)) == 0 then t[i] = t[i] .. "，" end
  end
  local s = table.concat(t)
  return (s:gsub("，$", "")) .. "。"
end

local function paragraph()
  local t = {}
  for i = 1, 2 + rand(4) do t[i] = sentence() end
  return table.concat(t)
end

local function title()
  local t = {}
  for i = 1, 3 + rand(4) do t[i] = words[rand(#words)] end
  return table.concat(t)
end

local function page(head, body, i)
  local month, day = rand(12), rand(28)
  return table.concat({
    '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>', head, "_", sources[rand(#sources)],
    '</title></head>\n<body>\n<div class="nav"><a href="/">首页</a> | <a href="/local">本地</a> | ',
    '<a href="/society">社会</a> | <a href="/sports">体育</a></div>\n<h1>', head, "</h1>\n",
    ('<div class="info">2026-%02d-%02d %02d:%02d　来源：%s　作者：%s</div>\n'):format(month, day, rand(24) - 1,
      rand(60) - 1, sources[rand(#sources)], people[rand(#people)]),
    '<div class="content">\n', body, "</div>\n",
    '<div class="editor">（责任编辑：', people[rand(#people)], "）</div>\n",
    '<div class="related"><h3>相关新闻</h3><ul><li>', title(), "</li><li>", title(), "</li><li>", head,
    "</li></ul></div>\n",
    '<div class="footer">版权所有 未经授权禁止转载 第', i, "号</div>\n</body></html>\n",
  })
end

os.execute("mkdir -p '" .. dir .. "'")
local target = mb * 1e6
local total, i = 0, 0
local bodies = {}
local made
while total < target do
  i = i + 1
  local body
  local r = rand(100)
  if i > 10 and r <= 2 then
    body = bodies[rand(#bodies)]
  elseif i > 10 and r <= 10 then
    local orig = bodies[rand(#bodies)]
    local w = words[rand(#words)]
    body = orig:gsub(w, words[rand(#words)], 1)
  else
    local ps = {}
    for k = 1, 6 + rand(10) do ps[k] = "<p>" .. paragraph() .. "</p>\n" end
    body = table.concat(ps)
  end
  if #bodies < 2000 then bodies[#bodies + 1] = body else bodies[rand(#bodies)] = body end
  local html = page(title(), body, i)
  local sub = ("%s/%03d"):format(dir, i // 1000)
  if sub ~= made then os.execute("mkdir -p '" .. sub .. "'"); made = sub end
  local f = assert(io.open(("%s/p%06d.html"):format(sub, i), "wb"))
  f:write(html)
  f:close()
  total = total + #html
end
io.stderr:write(("generated %d pages, %.1f MB in %s\n"):format(i, total / 1e6, dir))
