-- Specs for what differs between runtimes (issue 13, docs/runtimes.md): the form of 64-bit
-- values, the zhtext.compat replacements and the binding's own file handles. Runs on every
-- runtime (`make test LUA=lua5.1|lua5.3|lua5.4|luajit`); on 5.1 and LuaJIT it also stands in for
-- tests/simhash_spec.lua, which needs 64-bit integer operators.
local zt = require("zhtext")
local compat = require("zhtext.compat")
local util = require("tests.support.util")

local INTEGERS = compat.integers
local TEXT = "近日，市政府相关部门表示，今年以来交通项目建设稳步推进，居民出行更加便利。"

local function is_hex64(v) return type(v) == "string" and #v == 16 and v:match("^%x+$") ~= nil end

-- flips bit b (0 = lowest) of a 64-bit value given as 16 hex digits
local function flip(hex, b)
  local pos = 16 - math.floor(b / 4)
  local d = tonumber(hex:sub(pos, pos), 16)
  local bit = 2 ^ (b % 4)
  d = (math.floor(d / bit) % 2 == 1) and d - bit or d + bit
  return hex:sub(1, pos - 1) .. ("%x"):format(d) .. hex:sub(pos + 1)
end

describe("64-bit values", function()
  it("are integers on 5.3/5.4 and 16 hex digits on 5.1/LuaJIT", function()
    local fp, h = zt.simhash(TEXT), zt.hash64(TEXT)
    if INTEGERS then
      assert.equal("integer", math.type(fp))
      assert.equal("integer", math.type(h))
    else
      assert.is_true(is_hex64(fp), tostring(fp))
      assert.is_true(is_hex64(h), tostring(h))
    end
    assert.is_true(is_hex64(compat.hex64(fp)))
    assert.equal(fp, compat.from_hex64(compat.hex64(fp)))
  end)

  it("carry the same bits as on Lua 5.4", function()
    if util.LUA == "lua5.4" or not io.open("build/zhtext/core.so") then
      return pending("compared only when another runtime runs next to a Lua 5.4 build in build/")
    end
    local code = ("local zt = require('zhtext'); local s = '%s'; io.write(('%%016x %%016x')"
      .. ":format(zt.simhash(s), zt.hash64(s)))"):format(TEXT)
    local out, err = util.sh(("env LUA_CPATH_5_4='build/?.so;;' LUA_PATH_5_4='lua/?.lua;lua/?/init.lua;;'"
      .. " lua5.4 -e \"%s\""):format(code))
    assert.equal(out, compat.hex64(zt.simhash(TEXT)) .. " " .. compat.hex64(zt.hash64(TEXT)), err)
  end)

  it("are accepted as 16 hex digits by hamming and the index on every runtime", function()
    local hex = compat.hex64(zt.simhash(TEXT))
    assert.equal(64, zt.hamming("ffffffffffffffff", "0000000000000000"))
    assert.equal(0, zt.hamming(hex, zt.simhash(TEXT)))
    assert.equal(3, zt.hamming(hex, flip(flip(flip(hex, 0), 33), 63)))
    assert.equal(3, zt.hamming(hex:upper(), flip(flip(flip(hex, 0), 33), 63)))
    local ix = zt.simhash_index { k = 3 }
    assert.equal(1, ix:add(hex, 1))
    local id, d = ix:query(flip(flip(hex, 7), 40))
    assert.equal(1, id)
    assert.equal(2, d)
    assert.is_nil(ix:query(flip(flip(flip(flip(hex, 1), 20), 41), 62)))
    local first, dist = ix:check(compat.from_hex64(flip(hex, 12)), 2)
    assert.equal(1, first)
    assert.equal(1, dist)
    ix:close()
  end)

  it("refuse other strings with a message", function()
    for _, bad in ipairs { "xyz", "0123456789abcdeg", "123456789abcdef", "" } do
      local ok, err = pcall(zt.hamming, bad, 0)
      assert.is_false(ok)
      assert.matches("bad argument #1 to", err, 1, true)
    end
    if not INTEGERS then
      -- a double above 2^53 has lost its low bits: refused rather than silently wrong
      assert.has_error(function() zt.hamming(2 ^ 60, 0) end)
      assert.equal(1, zt.hamming(2 ^ 52, 0))
    end
  end)

  it("come out of dedupe{fingerprint = true} as 16 hex digits", function()
    local sink = zt.sink.collect()
    zt.pipeline():dedupe { fingerprint = true, mark = true }
      :run(zt.source.list { { text = TEXT }, { text = TEXT }, { text = "另一篇完全不同的文章内容。" } }, sink)
    local out = sink.records
    assert.equal(3, #out)
    assert.is_true(is_hex64(out[1].simhash))
    assert.equal(out[1].simhash, out[2].simhash)
    assert.equal(1, out[2].duplicate_of)
    assert.is_nil(out[3].duplicate_of)
  end)
end)

describe("zhtext.compat", function()
  it("gives the runtime's functions or replacements that agree with 5.3's", function()
    assert.equal("integer", compat.mtype(3))
    assert.equal("float", compat.mtype(3.5))
    assert.is_nil(compat.mtype("3"))
    assert.equal(3, compat.tointeger(3))
    assert.is_nil(compat.tointeger(3.5))
    assert.equal(2, compat.idiv(7, 3))
    assert.equal(-3, compat.idiv(-7, 3))
    assert.same({ 1, 2, 3, 4 }, compat.move({ 3, 4 }, 1, 2, 3, { 1, 2 }))
    assert.equal(3, compat.rawlen({ 1, 2, 3 }))
    assert.is_truthy(compat.searchpath("zhtext.compat", package.path))
    local p, tried = compat.searchpath("zhtext.no_such_module", "./?.lua")
    assert.is_nil(p)
    assert.matches("no file './zhtext/no_such_module.lua'", tried, 1, true)
    assert.is_true(compat.execute_ok("true"))
    assert.is_false(compat.execute_ok("false"))
  end)

  it("replaces utf8 exactly where it is used", function()
    local U = compat.utf8_shim()
    local s = "中文a𠀀é"
    assert.equal(5, U.len(s))
    assert.equal(4, U.len(s, 4))
    local n, bad = U.len("ab\255c")
    assert.is_nil(n)
    assert.equal(3, bad)
    assert.same({ 0x4E2D, 0x6587, 0x61, 0x20000, 0xE9 }, { U.codepoint(s, 1, -1) })
    assert.equal(s, U.char(0x4E2D, 0x6587, 0x61, 0x20000, 0xE9))
    local at = {}
    for i, c in U.codes(s) do at[#at + 1] = i .. ":" .. c end
    assert.equal("1:20013 4:25991 7:97 8:131072 12:233", table.concat(at, " "))
    assert.equal(7, U.offset(s, 3))
    assert.equal(#s + 1, U.offset(s, 6))
    assert.is_nil(U.offset(s, 7))
    assert.has_error(function() U.codepoint("a\255", 1, -1) end)
    if rawget(_G, "utf8") and _G.utf8 ~= U then
      for _, w in ipairs { s, "", "abc", "“引号”" } do
        assert.equal(_G.utf8.len(w), U.len(w))
        assert.same({ _G.utf8.codepoint(w, 1, -1) }, { U.codepoint(w, 1, -1) })
      end
    end
  end)

  it("closes a command's pipe with its exit status", function()
    local ok, how, code = compat.pclose(io.popen("exit 3"))
    assert.is_nil(ok)
    assert.equal("exit", how)
    assert.equal(3, code)
    ok, how, code = compat.pclose(io.popen("true"))
    assert.is_true(ok)
    assert.equal("exit", how)
    assert.equal(0, code)
  end)
end)

describe("the binding's file handles", function()
  it("core.io.tmpfile gives a file the runtime's io and core.io.readline both use", function()
    local cio = require("zhtext.core").io
    local f = assert(cio.tmpfile(os.getenv("TMPDIR") or "/tmp"))
    assert.equal("file", io.type(f))
    assert(f:write("第一行\nsecond\n"))
    f:seek("set", 0)
    local line, n = cio.readline(f, 100)
    assert.equal("第一行", line)
    assert.equal(#"第一行\n", n)
    assert.equal("second", f:read("*l"))
    assert.is_number(cio.fileno(f))
    f:close()
    assert.has_error(function() cio.readline(f, 10) end)
  end)
end)

describe("dictionaries", function()
  -- the opens of seg.ztd by a process making n calls of each kind
  local function opens(n)
    local log = os.tmpname()
    local code = ("local zt = require('zhtext'); for i = 1, %d do zt.cut('我来到北京清华大学' .. i);"
      .. " zt.keywords('今天北京的天气很好' .. i);"
      .. " zt.article.parse('<html><body><p>今天天气很好，我们去公园。</p></body></html>') end"):format(n)
    local _, err, code_ = util.sh(("strace -f -e trace=open,openat -o %s %s -e \"%s\""):format(log, util.LUA, code))
    assert.equal(0, code_, err)
    local count = 0
    for line in io.lines(log) do
      if line:find("seg.ztd", 1, true) and not line:find("ENOENT", 1, true) then count = count + 1 end
    end
    os.remove(log)
    return count
  end

  it("are opened once per Lua state, however many calls use them", function()
    local _, _, has = util.sh("command -v strace")
    if has ~= 0 then return pending("strace is not installed") end
    if os.getenv("LD_PRELOAD") then return pending("make sanitize: LeakSanitizer does not run under strace") end
    local one = opens(1)
    assert.is_true(one >= 1 and one <= 2, "opens for one call: " .. one) -- found, then mapped
    assert.equal(one, opens(300))
  end)
end)
