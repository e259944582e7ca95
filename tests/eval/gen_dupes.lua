-- Generates a JSON Lines corpus with planted duplicates for the distributed dedupe eval:
--   lua5.4 tests/eval/gen_dupes.lua RECORDS [SEED] > corpus.jsonl
-- Each record is {"id": "r<N>", "text": ...}: short news-like texts from a vocabulary written for
-- this purpose. About 10% are exact copies of an earlier record, 15% near copies (one or two
-- words changed: a few bits of simhash apart), 5% near copies of near copies (chains, where
-- "compared only with kept records" matters), 1% have no text to fingerprint (punctuation only),
-- the rest are new. Copies come anywhere after their source, so partitions split clusters.
local n, seed = math.tointeger(tonumber(arg[1] or "")), math.tointeger(tonumber(arg[2] or "1"))
assert(n and n > 0 and seed, "usage: gen_dupes.lua RECORDS [SEED]")

local words = {}
for w in ([[
河道 桥梁 公交 地铁 站点 线路 车站 广场 街区 社区 小区 菜场 书店 剧院 球场 泳池 医院 诊所 药店 学校
老师 学生 家长 居民 游客 司机 工人 农户 店主 厨师 医生 护士 民警 志愿者 专家 代表 委员 记者 编辑 作者
春天 夏季 秋天 冬季 清晨 傍晚 周末 假期 节日 上旬 中旬 下旬 年初 年底 今年 明年 近期 日前 随后 届时
修缮 扩建 开通 关闭 恢复 调整 延长 缩短 增设 撤并 试行 推广 启用 验收 评估 整治 巡查 督办 协调 对接
票价 班次 客流 车位 座位 床位 名额 补贴 奖励 费用 预算 资金 账目 合同 招标 工期 进度 方案 图纸 样板
温暖 凉爽 潮湿 干燥 晴朗 阴沉 明亮 宽敞 狭窄 拥挤 整洁 安静 热闹 便捷 稳妥 及时 细致 耐心 周到 踏实
一批 两座 三处 四条 五所 六家 七项 八台 九辆 十名 数十 近百 逾千 上万 部分 多数 少量 个别 全部 各项
参观 体验 报名 排队 预约 登记 投票 反馈 留言 点评 转发 关注 收藏 订阅 下载 上传 打卡 签到 领取 兑换
]]):gmatch("%S+") do words[#words + 1] = w end

local x = seed * 2654435761 % 4294967296
local function rand(m) -- deterministic LCG, 1..m
  x = (x * 1103515245 + 12345) % 2147483648
  return x % m + 1
end

-- a text as a list of words and punctuation, so a copy can change one word
local function new_text()
  local t = {}
  for i = 1, 60 + rand(120) do
    t[#t + 1] = words[rand(#words)]
    if i % (5 + rand(4)) == 0 then t[#t + 1] = rand(3) == 1 and "。" or "，" end
  end
  t[#t + 1] = "。"
  return t
end

local function changed(t, edits)
  local c = {}
  for i, w in ipairs(t) do c[i] = w end
  for _ = 1, edits do
    local i = rand(#c)
    if c[i] ~= "，" and c[i] ~= "。" then c[i] = words[rand(#words)] end
  end
  return c
end

local texts = {}   -- word lists of records so far (nil for punctuation-only ones)
local near = {}    -- indexes of near copies (sources of chains)
local out = io.stdout
for i = 1, n do
  local roll = rand(100)
  local t
  if i > 20 and roll <= 10 then
    repeat t = texts[rand(i - 1)] until t
  elseif i > 20 and roll <= 25 then
    repeat t = texts[rand(i - 1)] until t
    t = changed(t, rand(2))
    near[#near + 1] = i
  elseif #near > 0 and roll <= 30 then
    t = changed(texts[near[rand(#near)]], 1)
    near[#near + 1] = i
  elseif roll == 31 then
    t = nil
  else
    t = new_text()
  end
  texts[i] = t
  local s = t and table.concat(t) or "……！？，。"
  assert(out:write(('{"id":"r%d","text":"%s"}\n'):format(i, s)))
end
assert(out:flush())
