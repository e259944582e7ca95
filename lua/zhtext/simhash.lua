--- Near-duplicate detection: 64-bit simhash fingerprints and a banded index.
-- Merged into `zhtext`: `zt.simhash`, `zt.hamming`, `zt.hash64`, `zt.simhash_index`.
-- @submodule zhtext

local core = require("zhtext.core")

local M = {}

--- The 64-bit simhash of a text (overlapping character n-grams, `opts.ngram`, default 2) or of a
-- list of features: strings (weight 1), `{word, weight}` pairs (the shape `keywords` returns) or
-- `{word = w, weight = x}` tables; with a list, `opts.ngram` (default 1) > 1 makes each run of n
-- consecutive items one feature. Items of only spaces and punctuation are skipped.
-- @function simhash
-- @param input a string, or a list of features
-- @tparam[opt] table opts `ngram`
-- @treturn integer the fingerprint as a Lua integer (all 64 bits used); on Lua 5.1 and LuaJIT a
-- string of 16 hex digits, which every function taking a fingerprint accepts on every runtime
-- (docs/runtimes.md)
M.simhash = core.simhash

--- Number of bits in which two fingerprints differ (0..64).
-- @function hamming
-- @tparam integer a
-- @tparam integer b
-- @treturn integer
M.hamming = core.hamming

--- A stable, well-mixed 64-bit hash of a string (for exact-duplicate detection).
-- @function hash64
-- @tparam string s
-- @treturn integer
M.hash64 = core.hash64

--- A near-duplicate index answering queries within Hamming distance `opts.k` (default 3).
-- Methods: `add(fp [, id])`, `query(fp [, k]) -> id, distance | nil`,
-- `check(fp [, id]) -> id, distance` of a near duplicate or nil after adding fp, `k()`,
-- `close()`; `#index` counts fingerprints. Closes itself when collected or as a `<close>` variable.
-- Its tables live outside the Lua heap (about 24 + 4*(k+1) bytes per fingerprint, plus hash
-- tables); the binding runs a full collection whenever the indexes of a state have grown by more
-- than the Lua heap since the last one, so garbage indexes are freed, but `ix:close()` (or
-- `local ix <close> = ...`) frees one at once. A query compares at most 256 entries per band
-- bucket (the newest): when more than 256 fingerprints share one band's bits, a match that
-- agrees with the query on that band alone and is older than the 256 newest there is missed.
-- @function simhash_index
-- @tparam[opt] table opts `k` (3)
-- @treturn SimhashIndex
M.simhash_index = core.simhash_index

return M
