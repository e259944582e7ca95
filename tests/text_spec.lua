-- zt.decode, zt.convert, zt.utf8 and zt.is_han.
local zt = require("zhtext")

local iconv = require("tests.support.util").iconv

local simplified = "本报讯 今天上午，市政府召开新闻发布会，介绍全市经济运行情况。记者从会上获悉，上半年全市生产总值同比增长。"
local traditional = "本報訊 今天上午，市政府召開新聞發佈會，介紹全市經濟運行情況。記者從會上獲悉，上半年全市生產總值同比增長。"

describe("decode", function()
  it("passes valid UTF-8 through", function()
    local out, enc = zt.decode(simplified)
    assert.equal(simplified, out)
    assert.equal("UTF-8", enc)
  end)
  it("detects and decodes GBK as GB18030", function()
    local out, enc = zt.decode(iconv(simplified, "GBK"))
    assert.equal(simplified, out)
    assert.equal("GB18030", enc)
  end)
  it("detects and decodes Big5", function()
    local out, enc = zt.decode(iconv(traditional, "BIG5"))
    assert.equal(traditional, out)
    assert.equal("BIG5-HKSCS", enc)
  end)
  it("decodes Big5 cells that BIG5-HKSCS lacks (a full-width slash, A1 FE) with CP950", function()
    local text = "圖書館／夜間開放：" .. traditional
    local bytes = iconv(text, "BIG5")
    for _, got in ipairs {
      { zt.decode(bytes) },
      { zt.decode(bytes, "big5") },
      { zt.decode('<meta charset="big5">' .. bytes) },
    } do
      assert.equal("CP950", got[2])
      assert.truthy(got[1]:find(text, 1, true))
    end
    local r = zt.article.parse(iconv("城市圖書館／夜間開放\n" .. traditional .. "\n", "BIG5"))
    assert.equal("城市圖書館/夜間開放", r.title)
  end)
  it("keeps UTF-8 with a few stray bytes as UTF-8 (repaired), never GB18030 mojibake", function()
    -- a cut-off character and a pasted Latin-1 byte in a UTF-8 page, even one whose stale
    -- <meta> says gb2312: the stray bytes become U+FFFD, every other character stays
    for _, page in ipairs {
      simplified .. "\255" .. simplified,
      simplified .. "\233" .. simplified .. "\228\184",
      '<meta charset="gb2312"><p>' .. simplified .. "\255</p>",
    } do
      local out, enc = zt.decode(page)
      assert.equal("UTF-8", enc)
      assert.truthy(out:find(simplified, 1, true))
      assert.truthy(out:find("\239\191\189", 1, true))
      assert.equal("UTF-8", zt.article.parse(page).encoding)
    end
    -- GBK text with the same few stray bytes is still GBK
    local _, enc = zt.decode(iconv(simplified, "GBK") .. "\255")
    assert.equal("GB18030", enc)
  end)
  it("honours a <meta charset> declaration", function()
    local page = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head><body>'
      .. simplified .. "</body></html>"
    local out, enc = zt.decode(iconv(page, "GB2312"))
    assert.equal(page, out)
    assert.equal("GB18030", enc)
  end)
  it("uses an explicit encoding", function()
    local out, enc = zt.decode(iconv("中文", "GBK"), "gbk")
    assert.equal("中文", out)
    assert.equal("GB18030", enc)
  end)
  it("follows the invalid policy for undecodable bytes", function()
    local bytes = iconv("中文", "GBK") .. "\255"
    assert.equal("中文\239\191\189", (zt.decode(bytes, "gbk")))
    assert.equal("中文", (zt.decode(bytes, { encoding = "gbk", invalid = "drop" })))
    local out, err = zt.decode(bytes, { encoding = "gbk", invalid = "error" })
    assert.is_nil(out)
    assert.equal("undecodable GB18030 bytes at byte 5", err)
    assert.equal("a\239\191\189", (zt.decode("a\255", "utf-8")))
  end)
  it("rejects unknown encodings and bad arguments", function()
    assert.error_matches(function() zt.decode("x", "klingon") end, "unknown encoding 'klingon'")
    assert.error_matches(function() zt.decode(nil) end, "string expected, got nil")
    assert.error_matches(function() zt.decode("x", { charset = "gbk" }) end, "unknown option 'charset'")
  end)
  it("never fails on binary junk", function()
    local junk = {}
    for i = 1, 5000 do junk[i] = string.char((i * 7919) % 256) end
    local out, enc = zt.decode(table.concat(junk))
    assert.is_string(out)
    assert.is_string(enc)
    assert.is_true(zt.utf8.valid(out))
  end)
end)

describe("convert", function()
  it("converts traditional to simplified and back", function()
    assert.equal("忧郁的台湾乌龟", zt.convert("憂鬱的臺灣烏龜", "t2s"))
    assert.equal(simplified, zt.convert(traditional, "t2s"))
    assert.equal("憂鬱的臺灣烏龜", zt.convert("忧郁的台湾乌龟", "s2twp"))
    assert.equal("忧郁的台湾乌龟", zt.convert("憂鬱的臺灣烏龜", "t2s.json"))
  end)
  it("keeps NUL bytes and invalid bytes in place", function()
    assert.equal("台\0湾\255x", zt.convert("臺\0灣\255x", "t2s"))
  end)
  it("raises a clear error for an unknown configuration", function()
    assert.error_matches(function() zt.convert("x", "t2klingon") end,
      "cannot open OpenCC configuration 't2klingon' %(not found in OpenCC's data directory%)")
    assert.error_matches(function() zt.convert("x") end, "bad argument #2")
  end)
  it("never echoes the content of a file a configuration path points to", function()
    local dir = os.tmpname()
    os.remove(dir)
    assert(os.execute("mkdir -p " .. dir))
    local function put(name, s)
      local f = assert(io.open(dir .. "/" .. name, "wb"))
      f:write(s)
      f:close()
      return dir .. "/" .. name
    end
    local secret = "SECRET-LINE-7f3a:x:0:0:hidden"
    local dict = put("private.txt", secret .. "\nsecond line\n")
    local cfgs = {
      put("not_json.json", secret .. "\n{"),
      put("names_dict.json", ('{"name":"x","segmentation":{"type":"mmseg","dict":{"type":"text",' ..
        '"file":"%s"}},"conversion_chain":[{"dict":{"type":"text","file":"%s"}}]}'):format(dict, dict)),
      put("missing_dict.json", '{"name":"x","segmentation":{"type":"mmseg","dict":{"type":"ocd2",' ..
        '"file":"' .. dir .. '/' .. secret .. '.ocd2"}},"conversion_chain":[]}'),
      dict, dir, dir .. "/absent.json",
    }
    for _, cfg in ipairs(cfgs) do
      local ok, err = pcall(zt.convert, "x", cfg)
      assert.is_false(ok)
      err = tostring(err)
      assert.truthy(err:find("cannot open OpenCC configuration '" .. cfg .. "' (", 1, true), err)
      local reason = err:sub(select(2, err:find(cfg .. "' (", 1, true)) + 1)
      assert.falsy(reason:find("SECRET", 1, true), err)
      assert.falsy(reason:find("second line", 1, true), err)
    end
    os.execute("rm -rf " .. dir)
  end)
end)

describe("utf8 helpers", function()
  it("validates and counts", function()
    assert.is_true(zt.utf8.valid("中文abc"))
    local ok, pos = zt.utf8.valid("ab\255")
    assert.is_false(ok)
    assert.equal(3, pos)
    assert.equal(5, zt.utf8.len("中文abc"))
    assert.is_nil((zt.utf8.len("\255")))
  end)
  it("classifies Han", function()
    assert.is_true(zt.is_han("中文"))
    assert.is_false(zt.is_han("中a"))
    assert.is_false(zt.is_han(""))
    assert.is_false(zt.is_han("カナ"))
  end)
end)
