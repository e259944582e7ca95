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
-- Its tables live outside the Lua heap: for k = 2, 3 past ~200k fingerprints, two 32-bit bands
-- probed exactly and one bit away (multi-index hashing: a check costs about the same at 10M
-- fingerprints as at 1M, 22-32 bytes per fingerprint); below that, and for other k, k+1 bands
-- probed exactly (12 + 5-10 bytes per band and fingerprint). The binding runs a full collection
-- whenever the indexes of a state have grown by more than the Lua heap since the last one, so
-- garbage indexes are freed, but `ix:close()` (or `local ix <close> = ...`) frees one at once.
-- Below 256 fingerprints per band value the answer is the brute-force one (the closest, the
-- earliest added among equals); a band value held by more (that many fingerprints equal on a
-- whole band) keeps its newest 256, and an older one is missed only when the query reaches it
-- through that band alone.
-- @function simhash_index
-- @tparam[opt] table opts `k` (3)
-- @treturn SimhashIndex
M.simhash_index = core.simhash_index

return M
