--- Text cleaning, encodings and script conversion (the C core's text layer).
-- @module zhtext.text

local core = require("zhtext.core")

local M = {}

--- Cleans text. See README "Cleaning options" for every option and its default.
-- @tparam string s
-- @tparam[opt] table opts
-- @treturn string cleaned text (or nil, message with `invalid = "error"`)
-- @treturn table stats: counts of what changed
M.clean = core.clean

--- Decodes bytes to UTF-8, detecting the encoding unless one is given.
-- @treturn string UTF-8 text
-- @treturn string the encoding used
M.decode = core.decode

--- Converts between traditional and simplified script with an OpenCC configuration.
M.convert = core.convert

--- UTF-8 helpers.
M.utf8 = { valid = core.utf8_valid, len = core.utf8_len }

--- True when every character of s is a Han ideograph (and s is not empty).
M.is_han = core.is_han

return M
