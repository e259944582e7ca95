-- Runs the C unit tests of the core (tests/c/*.c, built by `make ctests`).
local dir = os.getenv("ZHTEXT_CTEST_DIR")

describe("C core unit tests", function()
  if not dir then
    pending("ZHTEXT_CTEST_DIR not set (run through make test)")
    return
  end
  local p = io.popen("ls " .. dir .. " 2>/dev/null")
  local names = {}
  for name in p:lines() do names[#names + 1] = name end
  p:close()
  for _, name in ipairs(names) do
    it(name, function()
      local h = io.popen(dir .. "/" .. name .. " 2>&1")
      local out = h:read("*a")
      local ok = h:close()
      assert.is_true(ok, out)
    end)
  end
end)
