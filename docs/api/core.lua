--- Methods implemented in C (src/lzhtext_seg.c, src/lzhtext_simhash.c): the segmenter's
-- dictionary methods and the simhash index. This file is read by LDoc only (`make doc`); it is
-- not a module and is not installed. The segmenter's `cut`, `tokenize`, `pos`, `words` and
-- `keywords` are documented in seg.lua, where they are defined.
-- @submodule zhtext

--- Adds a user word to the segmenter (an overlay over the shared dictionary).
-- @function Segmenter:add_word
-- @tparam string w the word
-- @tparam[opt] integer freq its frequency (default: one that keeps it whole, as jieba does)
-- @tparam[opt] string tag its POS tag
-- @treturn Segmenter the segmenter (a word that is not UTF-8 raises an error)

--- Removes a word (user word or dictionary word) from this segmenter.
-- @function Segmenter:del_word
-- @tparam string w
-- @treturn Segmenter the segmenter

--- Loads a user dictionary in jieba's format (`word [freq] [tag]` lines).
-- @function Segmenter:load_userdict
-- @tparam string path
-- @return true, or nil and "file:line: reason"

--- Suggests (and with `tune`, sets) a frequency that keeps a word whole or splits it into the
-- given pieces, like jieba's `suggest_freq`.
-- @function Segmenter:suggest_freq
-- @param w a word, or a list of pieces (`{"中", "将"}`)
-- @tparam[opt] boolean tune apply the frequency
-- @treturn integer the suggested frequency

--- The frequency of a word: 0 for a prefix only, nil when the word is not in the dictionary.
-- @function Segmenter:freq
-- @tparam string w
-- @treturn integer|nil

--- The idf of a word (jieba's idf table), and whether the word has one (else the median idf).
-- @function Segmenter:idf
-- @tparam string w
-- @treturn number idf
-- @treturn boolean found

--- The total frequency of the dictionary (the denominator of word probabilities).
-- @function Segmenter:total
-- @treturn integer

--- Frees the segmenter now (also done by the garbage collector or a `<close>` variable).
-- @function Segmenter:close

--- Adds a fingerprint to the index.
-- @function SimhashIndex:add
-- @tparam integer fp a fingerprint from `simhash`
-- @tparam[opt] integer id returned by later queries (default: the number of fingerprints + 1)
-- @treturn integer the id

--- The closest fingerprint within distance k (0 to the index's k, its default), earliest on ties.
-- @function SimhashIndex:query
-- @tparam integer fp
-- @tparam[opt] integer k
-- @return id and distance, or nil

--- Queries, and adds the fingerprint when no near duplicate is found.
-- @function SimhashIndex:check
-- @tparam integer fp
-- @tparam[opt] integer id
-- @return id and distance of a near duplicate, or nil (after adding fp)

--- The index's distance k.
-- @function SimhashIndex:k
-- @treturn integer

--- Frees the index now (also done by the garbage collector or a `<close>` variable);
-- `#index` counts its fingerprints.
-- @function SimhashIndex:close
