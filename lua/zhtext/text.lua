--- Text cleaning, encodings and script conversion (the C core's text layer).
-- Merged into `zhtext`: call them as `zt.clean`, `zt.decode`...
-- @submodule zhtext

local core = require("zhtext.core")

local M = {}

--- Cleans text: HTML, invalid UTF-8, invisible characters, normalization and width, spaces,
-- punctuation, in that order. docs/cleaning.md describes every option and its default.
-- @function clean
-- @tparam string s
-- @tparam[opt] table opts `width` (true), `form` ("NFC" | "NFKC" | false), `punct`
--   ("auto" | "ascii" | "keep"), `space` (true), `cjk_space` ("keep" | "remove"), `invisible`
--   (true), `html` (false), `stats` (false), `invalid` ("replace" | "drop" | "error")
-- @treturn string cleaned text (or nil, message with `invalid = "error"`)
-- @treturn table with `stats = true`: counts of what each stage changed (`invalid`,
--   `invisible`, `width`, `normalized`, `space`, `punct`, `html_tags`, `html_entities`)
-- @usage zt.clean("ＡＢＣ１２３，你好!")  --> "ABC123，你好！"
M.clean = core.clean

--- Decodes bytes to UTF-8, detecting the encoding unless one is given (BOM, the page's meta charset,
-- uchardet; GBK and GB2312 decode as GB18030, Big5 as Big5-HKSCS). Valid UTF-8 passes through.
-- @function decode
-- @tparam string bytes
-- @param[opt] encoding an encoding name, or a table `{encoding =, invalid = "replace" | "drop" | "error"}`
-- @treturn string UTF-8 text (nil and a message with `invalid = "error"`)
-- @treturn string the encoding used
M.decode = core.decode

--- Converts between traditional and simplified script with an OpenCC configuration
-- (opened once per Lua state and cached).
-- @function convert
-- @tparam string s
-- @tparam string config an OpenCC configuration name (`t2s s2t tw2s s2tw s2twp tw2sp hk2s s2hk
--   t2tw t2hk jp2t t2jp`), file name or path
-- @treturn string
-- @usage zt.convert("憂鬱的臺灣烏龜", "t2s")  --> "忧郁的台湾乌龟"
M.convert = core.convert

--- UTF-8 helpers: `zt.utf8.valid(s) -> true | false, pos` and `zt.utf8.len(s) -> n | nil, pos`
-- (pos: the byte where the first ill-formed sequence starts).
-- @table utf8
M.utf8 = { valid = core.utf8_valid, len = core.utf8_len }

--- True when every character of s is a Han ideograph (and s is not empty).
-- @function is_han
-- @tparam string s
-- @treturn boolean
M.is_han = core.is_han

return M
