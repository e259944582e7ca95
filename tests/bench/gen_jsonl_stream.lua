-- Writes MEGABYTES of JSON Lines pages to stdout, generated on the fly (nothing held):
--   lua5.4 tests/bench/gen_jsonl_stream.lua MEGABYTES [SEED] | zhtext run --parse --segment -j1 -
-- Each line is {"id": "p<N>", "url": ..., "html": ...}: a news-like page (navigation, headline,
-- dateline, 4-12 paragraphs, related links, footer) from a vocabulary written for this purpose,
-- 3-12 KB; one line in 500 is a long page (about 0.7 MB) so that a stream of ordinary records with a
-- few large ones shows whether memory follows the largest record or the whole stream.
local mb, seed = tonumber(arg[1] or ""), math.tointeger(tonumber(arg[2] or "1"))
assert(mb and mb > 0 and seed, "usage: gen_jsonl_stream.lua MEGABYTES [SEED]")

local words = {}
for w in ([[
街道 社区 居民 物业 业主 车库 电梯 楼道 门禁 快递 外卖 菜市场 超市 药房 诊所 学校 幼儿园 食堂 操场 图书室
上午 下午 晚上 周一 周末 月初 月底 年前 年后 近日 昨天 今天 明天 此前 随后 目前 同时 另外 其中 最终
调查 走访 统计 核实 通报 公示 答复 处理 解决 落实 改进 优化 升级 更换 维修 清理 检测 测量 记录 汇总
价格 数量 面积 长度 时间 距离 比例 次数 人数 车辆 线路 站点 设施 设备 材料 经费 费用 收入 支出 成本
安全 方便 干净 整齐 及时 准确 合理 稳定 明显 普遍 主要 重点 全部 部分 多数 少数 个别 一些 许多 大量
]]):gmatch("%S+") do words[#words + 1] = w end

local x = seed * 2654435761 % 4294967296
local function rand(n)
  x = (x * 1103515245 + 12345) % 2147483648
  return x % n + 1
end

local function sentence()
  local t = {}
  for i = 1, 8 + rand(14) do
    t[i] = words[rand(#words)]
    if i % (4 + rand(4)) == 0 then t[i] = t[i] .. "，" end
  end
  return (table.concat(t):gsub("，$", "")) .. "。"
end

-- a pool of sentences drawn from for every page: the generator must outrun the pipeline it feeds
local pool = {}
for i = 1, 4096 do pool[i] = sentence() end

local function paragraphs(n)
  local ps = {}
  for i = 1, n do
    local t = {}
    for j = 1, 2 + rand(4) do t[j] = pool[rand(#pool)] end
    ps[i] = "<p>" .. table.concat(t) .. "</p>"
  end
  return table.concat(ps, "\\n")
end

local function page(i)
  local head = words[rand(#words)] .. words[rand(#words)] .. words[rand(#words)] .. words[rand(#words)]
  local n = (i % 500 == 0) and 6000 or (4 + rand(9))
  return table.concat({
    '<!DOCTYPE html><html><head><meta charset=\\"utf-8\\"><title>', head, '_城市快讯</title></head><body>',
    '<div class=\\"nav\\"><a href=\\"/\\">首页</a> | <a href=\\"/local\\">本地</a> | <a href=\\"/life\\">生活</a></div>',
    "<h1>", head, "</h1>",
    ('<div class=\\"info\\">2026-%02d-%02d %02d:%02d　来源：城市快讯　记者：王%s</div>'):format(rand(12), rand(28),
      rand(24) - 1, rand(60) - 1, words[rand(#words)]),
    '<div class=\\"article\\">', paragraphs(n), "</div>",
    '<ul class=\\"related\\"><li><a href=\\"/a/', rand(99999), '\\">', words[rand(#words)], words[rand(#words)],
    "</a></li></ul>",
    '<div class=\\"footer\\">版权所有 城市快讯 备案号 0000</div></body></html>',
  })
end

local limit, written, i = mb * 1e6, 0, 0
local out = io.stdout
out:setvbuf("full", 1 << 16)
while written < limit do
  i = i + 1
  local line = ('{"id":"p%d","url":"https://news.example/%d.html","html":"%s"}\n'):format(i, i, page(i))
  local ok, err = out:write(line)
  if not ok then
    io.stderr:write("gen_jsonl_stream: ", tostring(err), "\n")
    os.exit(1)
  end
  written = written + #line
end
out:flush()
