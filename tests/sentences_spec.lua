-- Specs for zt.sentences, the :sentences() stage and `zhtext run --sentences` (issue 14).
local zt = require("zhtext")
local util = require("tests.support.util")

local function texts(s, opts)
  local out = {}
  for i, x in ipairs(zt.sentences(s, opts)) do out[i] = x.text end
  return out
end

-- Every non-space character lies in exactly one span, in order, and each span is trimmed.
local function assert_lossless(s, opts)
  local list = zt.sentences(s, opts)
  local covered, last = {}, 0
  for _, x in ipairs(list) do
    assert.is_true(x.start > last and x.stop >= x.start and x.stop <= #s)
    assert.are.equal(s:sub(x.start, x.stop), x.text)
    assert.is_nil(x.text:match("^%s") or x.text:match("%s$"))
    for i = x.start, x.stop do covered[i] = true end
    last = x.stop
  end
  local rest = {}
  for i = 1, #s do if not covered[i] then rest[#rest + 1] = s:sub(i, i) end end
  assert.is_nil(table.concat(rest):gsub("\u{3000}", ""):match("%S"))
end

describe("zt.sentences", function()
  it("returns text with 1-based inclusive byte offsets, like zt.tokenize", function()
    local s = "今天很好。我们走吧！"
    local list = zt.sentences(s)
    assert.are.same({ { text = "今天很好。", start = 1, stop = 15 }, { text = "我们走吧！", start = 16, stop = 30 } }, list)
  end)

  it("splits after 。！？ and counts a run of them as one", function()
    assert.are.same({ "你去吗？？", "好的！？", "走吧。。。", "嗯。" }, texts("你去吗？？好的！？走吧。。。嗯。"))
  end)

  it("keeps closing quotes and brackets with their sentence", function()
    assert.are.same({ "他说：“走吧。”" }, texts("他说：“走吧。”"))
    assert.are.same({ "他说：“走吧。”", "我们就走了。" }, texts("他说：“走吧。”我们就走了。"))
    assert.are.same({ "（完。）", "下文。" }, texts("（完。）下文。"))
    assert.are.same({ "「好！」", "他答。" }, texts("「好！」他答。"))
  end)

  it("splits after … and …… unless a comma-like mark follows", function()
    assert.are.same({ "他想了想……", "还是算了。" }, texts("他想了想……还是算了。"))
    assert.are.same({ "等等…", "好。" }, texts("等等…好。"))
    assert.are.same({ "“好吧……”，他说。" }, texts("“好吧……”，他说。"))
    assert.are.same({ "嗯……，好吧。" }, texts("嗯……，好吧。"))
    assert.are.same({ "“再见……”", "他走了。" }, texts("“再见……”他走了。"))
  end)

  it("does not split at … in the middle of a quoted list", function()
    assert.are.same({ "他列出“苹果、梨……香蕉”等水果。" }, texts("他列出“苹果、梨……香蕉”等水果。"))
  end)

  it("does not split after a terminator followed by a comma-like mark", function()
    assert.are.same({ "“快走！”，他喊道。" }, texts("“快走！”，他喊道。"))
    assert.are.same({ "“是吗？”、“对！”" }, texts("“是吗？”、“对！”"))
  end)

  it("splits after ； only with semicolon = true", function()
    assert.are.same({ "一是改革；二是开放。" }, texts("一是改革；二是开放。"))
    assert.are.same({ "一是改革；", "二是开放。" }, texts("一是改革；二是开放。", { semicolon = true }))
  end)

  it("ends a sentence at every line break", function()
    assert.are.same({ "标题", "第一段没有句号", "第二段。" }, texts("标题\n第一段没有句号\r\n\n第二段。"))
    assert.are.same({ "甲", "乙" }, texts("甲\u{2028}乙"))
  end)

  it("trims surrounding spaces (ASCII, full-width, no-break)", function()
    assert.are.same({ "你好。", "再见。" }, texts("  你好。\u{3000}\u{3000}再见。\u{A0} "))
    assert.are.same({}, texts(" \t\n\u{3000} "))
    assert.are.same({}, texts(""))
  end)

  it("does not split inside decimals, times and numbers", function()
    assert.are.same({ "圆周率约为3.14，会议10:30开始，版本2.0.1发布。" },
      texts("圆周率约为3.14，会议10:30开始，版本2.0.1发布。"))
    assert.are.same({ "1.概述" }, texts("1.概述"))
    assert.are.same({ "增长了３．５个百分点。" }, texts("增长了３．５个百分点。"))
  end)

  it("does not split inside URLs and e-mail addresses", function()
    assert.are.same({ "详见http://www.example.cn/a/b.html?id=3&x=1!，或https://x.org/A.B。", "完。" },
      texts("详见http://www.example.cn/a/b.html?id=3&x=1!，或https://x.org/A.B。完。"))
    assert.are.same({ "来信请寄zhang.san@mail.example.com.cn。", "谢谢。" },
      texts("来信请寄zhang.san@mail.example.com.cn。谢谢。"))
    -- the period after the address is the text's, not the address's
    assert.are.same({ "Visit www.Example.com.", "Then go." }, texts("Visit www.Example.com. Then go."))
  end)

  it("does not split after No.5, U.S., initials and listed abbreviations", function()
    assert.are.same({ "See No.5 and No. 6 today." }, texts("See No.5 and No. 6 today."))
    assert.are.same({ "He joined the U.S. Army in 2001.", "Then he left." },
      texts("He joined the U.S. Army in 2001. Then he left."))
    assert.are.same({ "J. K. Rowling and Dr. Li met Mr. Wang at 5 p.m. Sunday." },
      texts("J. K. Rowling and Dr. Li met Mr. Wang at 5 p.m. Sunday."))
  end)

  it("splits mixed English at period + space + capital, or a period before a CJK character", function()
    assert.are.same({ "It works.", "This is fine.", "这很好。" }, texts("It works. This is fine.这很好。"))
    assert.are.same({ "it was 3. done." }, texts("it was 3. done."))
    assert.are.same({ "Really? yes." }, texts("Really? yes."))
    assert.are.same({ "Wow!", "It works.", "你好吗?", "我很好." }, texts("Wow! It works. 你好吗?我很好."))
    assert.are.same({ "In 2020.", "Then more." }, texts("In 2020. Then more."))
  end)

  it("is lossless on awkward input (ill-formed bytes, lone marks, mixed spaces)", function()
    for _, s in ipairs {
      "坏\xff字节。好", "。", "” 。 ”", "\xe4\xb8", "a. b. C", " …… ", "“（【", "x\r\ny\n", "..?!。！",
      "http://a.b/c?d!e. F", "\u{3000}正文\u{3000}。\u{3000}",
    } do
      assert_lossless(s)
      assert_lossless(s, { semicolon = true })
    end
  end)

  it("checks its options", function()
    assert.has_error(function() zt.sentences("x", { semicolon = 1 }) end,
      "bad argument #2 to 'sentences' (option 'semicolon' must be a boolean, got number)")
    assert.has_error(function() zt.sentences("x", { colon = true }) end,
      "bad argument #2 to 'sentences' (unknown option 'colon')")
    assert.has_error(function() zt.sentences(nil) end)
  end)

  it("is linear: 64x the text takes about 64x the time (generous margin)", function()
    local unit = ("他说：“走吧。”价格3.14元……好吗？？See U.S. Army. http://a.cn/x?y=1\n"):rep(200)
    local function t(s)
      local c = os.clock()
      for _ = 1, 3 do zt.sentences(s) end
      return os.clock() - c
    end
    local small, big = t(unit), t(unit:rep(64))
    assert.is_true(big < small * 64 * 4 + 0.05, ("small %.4f big %.4f"):format(small, big))
  end)
end)

describe("pipeline :sentences()", function()
  it("adds sentences (strings, or spans with spans = true) from the text or paragraphs", function()
    local out = {}
    zt.pipeline():sentences():run(zt.source.list { { text = "甲。乙！" }, { paragraphs = { "丙。", "丁" } } },
      function(r) out[#out + 1] = r end, { errors = false })
    assert.are.same({ "甲。", "乙！" }, out[1].sentences)
    assert.are.same({ "丙。", "丁" }, out[2].sentences)
    out = {}
    zt.pipeline():sentences { spans = true, semicolon = true }:run(zt.source.list { { text = "甲；乙" } },
      function(r) out[#out + 1] = r end, { errors = false })
    assert.are.same({ { text = "甲；", start = 1, stop = 6 }, { text = "乙", start = 7, stop = 9 } }, out[1].sentences)
  end)

  it("rejects unknown options when the pipeline is built", function()
    assert.has_error(function() zt.pipeline():sentences { semi = true } end)
    assert.has_error(function() zt.pipeline():sentences { semicolon = "yes" } end)
  end)
end)

describe("zhtext run --sentences", function()
  it("writes each record's sentences", function()
    local out, err, code = util.sh(util.LUA .. " bin/zhtext run --sentences -q -", '{"id":1,"text":"你好。再见！"}\n')
    assert.are.equal(0, code, err)
    local rec = util.records(out)[1]
    assert.are.same({ "你好。", "再见！" }, rec.sentences)
    assert.are.equal(1, rec.id)
  end)
end)
