-- Specs for the rock: the rockspecs, a real `luarocks make` into a private tree and the
-- command run from it with an empty environment, and the Makefile's refusals (wrong Lua
-- headers, missing jieba data, missing python3).
local util = require("tests.support.util")
local read, write, sh = util.read, util.write, util.sh

local ROOT = io.popen("pwd"):read("*l")
-- The runtime under test's version (LuaJIT: 5.1): the rock and the install are built for it.
local LV = _VERSION:match("%d+%.%d+")
-- make and LuaRocks must see neither the ASan preload of `make sanitize` nor the variables of
-- the make that runs this suite (B=, SPEC=).
local CLEAN_ENV = "env -u LD_PRELOAD -u MAKEFLAGS -u MFLAGS -u MAKELEVEL "
local ROCKSPECS = { "rockspec/zhtext-scm-1.rockspec", "rockspec/zhtext-0.2.0-1.rockspec" }

local function load_rockspec(path)
  local env = {}
  local chunk = assert(loadfile(path, "t", env))
  chunk()
  return env
end

local function tmpdir()
  local d = os.tmpname()
  os.remove(d)
  assert(os.execute("mkdir -p " .. d))
  return d
end

local function version_of_module()
  return require("zhtext")._VERSION:match("^zhtext (%d+%.%d+%.%d+)$")
end

describe("rockspecs", function()
  it("carry the module's version and agree with each other", function()
    local v = assert(version_of_module(), "zhtext._VERSION is 'zhtext X.Y.Z'")
    assert.are.equal(v, require("zhtext.core").version)
    local scm = load_rockspec(ROCKSPECS[1])
    local rel = load_rockspec("rockspec/zhtext-" .. v .. "-1.rockspec")
    assert.are.equal(v .. "-1", rel.version)
    assert.are.equal("scm-1", scm.version)
    assert.are.equal("v" .. v, rel.source.tag)
    assert.matches("^git%+https://", rel.source.url)
    assert.are.equal(rel.source.url, scm.source.url)
    assert.matches("^https://", rel.description.homepage)
    assert.are.equal("MIT", rel.description.license)
    for _, k in ipairs { "dependencies", "external_dependencies", "build", "test", "description" } do
      assert.are.same(rel[k], scm[k], k)
    end
  end)

  it("declare every Lua library the modules and the command require", function()
    -- module -> rock; an optional module is loaded with pcall and may be absent
    local ROCK = { cjson = "lua-cjson", ["cjson.safe"] = "lua-cjson", argparse = "argparse",
                   lfs = "luafilesystem", term = false }
    local declared = {}
    for _, d in ipairs(load_rockspec(ROCKSPECS[2]).dependencies) do
      declared[d:match("^[%w_.-]+")] = true
    end
    assert.is_true(declared.luafilesystem)
    local files = { "bin/zhtext" }
    for f in io.popen("ls lua/zhtext/*.lua"):lines() do files[#files + 1] = f end
    for _, f in ipairs(files) do
      local src = read(f)
      for name in src:gmatch("require%s*%(?%s*[\"']([%w_.]+)[\"']") do
        if not name:match("^zhtext") then
          assert.is_not_nil(ROCK[name], f .. " requires '" .. name .. "', unknown to this spec")
          if ROCK[name] then
            assert.is_true(declared[ROCK[name]] or false, f .. " needs rock " .. ROCK[name])
          else
            assert.matches("pcall%(%s*require%s*,%s*[\"']" .. name:gsub("%.", "%%.") .. "[\"']", src)
          end
        end
      end
    end
  end)

  it("pass luarocks lint and test without installing packages", function()
    for _, r in ipairs(ROCKSPECS) do
      local out, err, code = sh(CLEAN_ENV .. "luarocks lint " .. r)
      assert.are.equal(0, code, r .. ": " .. out .. err)
      assert.are.equal("make test-only", load_rockspec(r).test.command)
    end
    local plan = sh(CLEAN_ENV .. "make -n test-only")
    assert.matches("busted", plan)
    assert.is_nil(plan:find("apt%-get update"))
    assert.is_nil(plan:find("apt%-get install %-y"))
    assert.is_nil(plan:find(".ci/deps", 1, true))
  end)
end)

describe("luarocks make into a private tree", function()
  it("installs a command that runs with an empty environment", function()
    local tree = tmpdir()
    local v = version_of_module()
    local out, err, code = sh(CLEAN_ENV .. "luarocks --lua-version=" .. LV .. " --tree=" .. tree
      .. " make --deps-mode=none rockspec/zhtext-" .. v .. "-1.rockspec")
    assert.are.equal(0, code, out .. err)
    for _, f in ipairs { "/lib/lua/5.4/zhtext/core.so", "/share/lua/5.4/zhtext/init.lua",
                         "/share/lua/5.4/zhtext/seg.ztd", "/share/lua/5.4/zhtext/lac.bin",
                         "/share/lua/5.4/zhtext/library/zhtext.lua", "/share/lua/5.4/zhtext/NOTICE",
                         "/bin/zhtext" } do
      f = f:gsub("/5%.4/", "/" .. LV .. "/")
      assert.is_truthy(io.open(tree .. f), f)
    end
    local bare = "env -i PATH=/usr/bin:/bin "
    out, err, code = sh(bare .. tree .. "/bin/zhtext --help")
    assert.are.equal(0, code, err)
    assert.matches("Usage: zhtext", out)
    out = sh(bare .. tree .. "/bin/zhtext --version")
    assert.are.equal("zhtext " .. v .. "\n", out)
    -- the installed dictionary and model are found from the tree, not from this checkout
    local text = tree .. "/in.txt"
    write(text, "我来到北京清华大学")
    out, err, code = sh("cd / && " .. bare .. tree .. "/bin/zhtext seg -q " .. text)
    assert.are.equal(0, code, err)
    assert.matches('"清华大学"', out)
    out, err, code = sh("cd / && " .. bare .. tree .. "/bin/zhtext seg -q --mode accurate " .. text)
    assert.are.equal(0, code, err)
    assert.matches('"words":%[', out)
    -- a symbolic link to the script (~/bin/zhtext) finds the same tree
    local link = tree .. "/link-zhtext"
    assert(os.execute(("ln -s %s/lib/luarocks/rocks-%s/zhtext/%s-1/bin/zhtext %s"):format(tree, LV, v, link)))
    out, err, code = sh(bare .. link .. " --version")
    assert.are.equal(0, code, err)
    assert.are.equal("zhtext " .. v .. "\n", out)
    -- the installed rock packs into a binary rock carrying the data and its notice
    out, err, code = sh(("cd %s && %sluarocks --lua-version=%s --tree=%s pack zhtext")
      :format(tree, CLEAN_ENV, LV, tree))
    assert.are.equal(0, code, out .. err)
    local rock = out:match("Packed: (%S+%.rock)")
    assert.is_truthy(rock, out)
    local list = sh(CLEAN_ENV .. "unzip -l " .. rock)
    for _, f in ipairs { "lib/zhtext/core.so", "lua/zhtext/seg.ztd", "lua/zhtext/lac.bin",
                         "lua/zhtext/NOTICE", "lua/zhtext/LICENSE", "bin/zhtext" } do
      assert.is_truthy(list:find(f, 1, true), f)
    end
    sh("rm -rf " .. tree)
  end)
end)

describe("make install into a prefix", function()
  it("installs a command that finds its modules under the prefix", function()
    local prefix = tmpdir()
    local _, err, code = sh(CLEAN_ENV .. ("make --no-print-directory -s install LUADIR=%s/share/lua/%s"
      .. " LIBDIR=%s/lib/lua/%s BINDIR=%s/bin"):format(prefix, LV, prefix, LV, prefix))
    assert.are.equal(0, code, err)
    local text = prefix .. "/in.txt"
    write(text, "我来到北京清华大学")
    local out
    out, err, code = sh("cd / && env -i PATH=/usr/bin:/bin " .. prefix .. "/bin/zhtext seg -q " .. text)
    assert.are.equal(0, code, err)
    assert.matches('"清华大学"', out)
    sh("rm -rf " .. prefix)
  end)
end)

describe("the build", function()
  local function make(args)
    return sh(CLEAN_ENV .. "make --no-print-directory -C " .. ROOT .. " " .. args)
  end

  it("refuses Lua headers of a version it does not build for, and installs nothing", function()
    local fake = tmpdir()
    write(fake .. "/lua.h", "#define LUA_VERSION_NUM 502\n")
    local stamp = io.popen("stat -c %Y build/zhtext/core.so"):read("*l")
    local _, err, code = make("all LUA_CFLAGS=-I" .. fake)
    assert.are_not.equal(0, code)
    assert.matches("cannot build for Lua 5%.2", err)
    local dest = tmpdir()
    _, err, code = make(("install LUA_CFLAGS=-I%s LUADIR=%s/share LIBDIR=%s/lib BINDIR=%s/bin")
      :format(fake, dest, dest, dest))
    assert.are_not.equal(0, code)
    assert.matches("cannot build for Lua 5%.2", err)
    assert.is_nil(io.open(dest .. "/lib/zhtext/core.so"))
    assert.are.equal(stamp, io.popen("stat -c %Y build/zhtext/core.so"):read("*l"))
    -- no headers at all: a message naming the package, not a compiler error
    _, err, code = make("all LUA_CFLAGS=-I" .. fake .. "/none")
    assert.are_not.equal(0, code)
    assert.matches("no lua%.h found", err)
    sh("rm -rf " .. fake .. " " .. dest)
  end)

  it("stops without jieba's data unless NO_DATA=1 asks for a build without it", function()
    local _, err, code = make("all JIEBA_DIR=/nonexistent")
    assert.are_not.equal(0, code)
    assert.matches("apt%-get install python3%-jieba", err)
    assert.matches("ZHTEXT_JIEBA_DIR=", err)
    assert.matches("NO_DATA=1", err)
    _, err, code = sh(CLEAN_ENV .. "ZHTEXT_JIEBA_DIR=/nonexistent make --no-print-directory all")
    assert.are_not.equal(0, code)
    assert.matches("/nonexistent/dict%.txt", err)
    _, err, code = make("all JIEBA_DIR=/nonexistent NO_DATA=1")
    assert.are.equal(0, code, err)
  end)

  it("says python3 is needed when it is missing", function()
    local _, err, code = make("-W tools/gen_entities.py build/gen/zt_entities_table.h PYTHON=/nonexistent/python3")
    assert.are_not.equal(0, code)
    assert.matches("needs python3", err)
  end)
end)
