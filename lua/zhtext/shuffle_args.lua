--- The arguments of `zhtext fingerprint` and `zhtext dedupe-merge` (argparse), apart from
-- zhtext.shuffle so that `zhtext --help` and every other command work on Lua 5.1 and LuaJIT,
-- where zhtext.shuffle (64-bit fingerprint arithmetic) does not load.
-- @module zhtext.shuffle_args

return function(p)
  local f = p:command("fingerprint", [[
The map of a distributed dedupe (docs/distributed.md): one JSON line per record with its id, its
order key pos = [--part, record number], its simhash and its band keys, computed exactly as
`zhtext run --dedupe` with the same stage flags would.]])
  f:argument("inputs", "Files, directories (recursive) or - for JSON Lines on stdin."):args("*")
  f:option("-o --output", "Write the lines to this file instead of stdout.")
  f:option("--part", "This partition's number: records order by (part, record number). 'header': read"
    .. " it from a first line '#part N' on stdin (Spark's pipe with printPipeContext).", "0")
  f:flag("--keyed", "Write KEY<TAB>line once per band key (Hadoop Streaming's map output).")
  f:option("--distance", "Hamming distance of the dedupe (0..63).", "3")
  f:option("--blocks", "Blocks the 64 bits are cut into (distance+1 or more; default distance+1).")
  f:option("--dedupe-by", "What is fingerprinted: text, words (needs --segment) or keywords (needs"
    .. " --keywords).", "text"):choices { "text", "words", "keywords" }
  f:option("--field", "Input field of JSON Lines records (default: text, else html).")
  f:option("--glob", "Only take files matching this shell glob from directories.")
  f:option("--max-bytes", "Largest input taken (default 64M).")
  f:flag("--clean", "Clean the text first.")
  f:option("--clean-opt --set", "A cleaning option KEY=VALUE, repeatable."):count("*")
  f:flag("--parse", "Parse article pages.")
  f:flag("--segment", "Segment into words.")
  f:flag("--pos", "Segment with part-of-speech tags.")
  f:option("--mode", "Segmentation mode.", "precise"):choices { "precise", "full", "search", "accurate" }
  f:flag("--keywords", "Extract keywords (--top of them).")
  f:option("--top", "Number of keywords.", "10")
  f:flag("--sentences", "Split into sentences.")
  f:flag("--quality", "Add quality signals and drop records outside the default bounds.")
  f:option("-u --user-dict", "Load a user dictionary; repeatable."):count("*")
  f:flag("--no-hmm", "Do not find new words with the HMM.")
  f:flag("-q --quiet", "No summary (failures are still reported).")
  local m = p:command("dedupe-merge", [[
The reduce of a distributed dedupe (docs/distributed.md): reads fingerprint lines grouped by band
key (KEY<TAB>line, as a shuffle hands them) or plain, and writes candidate pairs; with
--resolve, reads all the pairs and writes each dropped record with the record that survives.]])
  m:argument("inputs", "Files, or - for stdin."):args("*")
  m:option("-o --output", "Write to this file instead of stdout.")
  m:flag("--resolve", "Read pair lines (every reducer's output) and write the dropped records.")
end
