-- Texts whose fingerprints are pinned in tests/simhash_spec.lua (computed by the build of commit
-- cc06a81, before the table-driven zt_simhash_text): users store fingerprints, so every later
-- build must give the same values. `fixed` are hand-written cases; `generated()` builds 600
-- texts from a seeded generator mixing the kinds of characters the code treats differently.
local M = {}

M.fixed = {
  "",
  "a",
  "你",
  "你好",
  "，。！？",
  " \t\r\n",
  "本报讯 市图书馆新馆今日开放，首批上架图书十二万册。",
  "Beijing, May 3 (Reporter Li) -- The city opened 12 new bus lines today.",
  "价格从3.5元上涨到4.2元，涨幅约20%。",
  "“你吃饭了吗？”他问。——没有……",
  "ＡＢＣ１２３，全角字母与数字",
  "𠀋𠀎𠀏 扩展B区汉字 😀😁 表情",
  "한국어 텍스트와 日本語のテキスト、カタカナ",
  "\255\254abc\0def\192",
  "\224\128\128\237\160\128\244\144\128\128",
  "中\255文\192混\237\160\128杂",
  "a,b;c:d!e?f",
  "\u{3000}全角空格\u{3000}分隔\u{00a0}不换行\u{2003}空格",
  "《人民日报》（海外版）【要闻】〔评论〕「引号」『双引号』",
  "第一章\n\n第二章\r\n第三章\t结束",
  string.rep("长文本", 3000),
  string.rep("ab", 2000) .. string.rep("中文", 2000),
  "\u{feff}带字节序标记的文本",
  "x",
  "xy",
  "一二三四五六七",
  "一二三四五六七八",
  "一二三四五六七八九",
}

-- xorshift32: the same sequence on every machine
local function rng(seed)
  local x = seed
  return function(n)
    x = x ~ ((x << 13) & 0xffffffff)
    x = x ~ (x >> 17)
    x = x ~ ((x << 5) & 0xffffffff)
    return x % n + 1
  end
end

local pieces = {
  "记者", "昨日", "市政府", "发布", "通知", "地铁", "线路", "开通", "试运营", "经济", "增长",
  "百分之", "居民", "社区", "医院", "学校", "天气", "降温", "专家", "建议",
  "的", "了", "在", "是", "和", "与",
  "，", "。", "、", "；", "：", "！", "？", "“", "”", "（", "）", "《", "》", "…", "—",
  " ", "  ", "\n", "\t", "\r\n", "\u{3000}", "\u{00a0}",
  "2024", "3.14", "100%", "No.7", "GDP", "the", "city", "News", "x", "Z9",
  "ＡＢ", "１２", "！", "～", "·",
  "𠀋", "😀", "한국", "カナ", "ひら",
  "\255", "\192", "\224\128", "\237\160\128", "\244\144\128\128", "\0", "\127", "\1",
  "-", "_", "@", "#", "/", "\\", "~", "'", "\"",
}

function M.generated()
  local r, out = rng(20240501), {}
  for i = 1, 600 do
    local n = (i % 5 == 0) and r(6) - 1 or r(400)
    local parts = {}
    for j = 1, n do parts[j] = pieces[r(#pieces)] end
    out[i] = table.concat(parts)
  end
  return out
end

return M
