--- Corpus-wide dedupe as map -> shuffle -> reduce: `zhtext fingerprint` and `zhtext dedupe-merge`.
--
-- `zhtext run --dedupe` keeps a record unless its simhash is within `k` bits of a record kept
-- before it (greedy, in input order). That decision chains (A kept, B near A dropped, C near B
-- but not A kept), so it cannot be taken inside one band bucket. The distributed form is
-- exact anyway, in three steps (docs/distributed.md):
--
-- 1. map, `zhtext fingerprint [--part P]`: one JSON line per record (`id`: its id, or a file's
--    path),
--    `{"id":..,"pos":[P,n],"simhash":"16 hex","k":3,"blocks":4,"bands":["0:<16 hex>",...]}`;
--    `pos` is the record's order key (partition P, record number n in it), `bands` its band
--    keys (layout below). `--keyed` writes `KEY<TAB>line` once per band key instead (the form
--    Hadoop Streaming shuffles on).
-- 2. reduce, `zhtext dedupe-merge`: reads `KEY<TAB>line` grouped by KEY (or plain fingerprint
--    lines, grouped here in memory) and writes candidate pairs `{"a":..,"b":..,"d":n}`: a
--    before b, Hamming distance d <= k. Each pair is written by one group only (the lowest band
--    the two share), and only between the first records of distinct fingerprints, plus d=0
--    pairs tying every later copy of a fingerprint to its first copy: output is linear in
--    exact copies.
-- 3. resolve, `zhtext dedupe-merge --resolve`: reads every reducer's pairs (any order) and runs
--    the greedy decision over them in `pos` order; writes one line per dropped record with the
--    record that survives (`duplicate_of`: the closest kept record before it, ties the earliest,
--    as the index answers) and the distance, sorted by pos.
--
-- Why it is the same decision: a record is dropped iff some earlier kept record is within k;
-- by the pigeonhole principle such a pair agrees on at least one band key, so it meets in a
-- group; a later copy of a fingerprint is always dropped (its first copy was kept, or was
-- dropped for a kept record that is as close to the copy), so only first copies can be kept and
-- pairs between first copies decide everything. The records kept are all the fingerprinted
-- records minus those `--resolve` lists.
--
-- Band layout (`layout`): the 64 bits are cut into `blocks` (default k+1) contiguous blocks,
-- block i of 64//blocks bits (one more for the first 64%blocks blocks), block 0 the lowest bits;
-- a band is a set of blocks-k blocks, bands numbered in lexicographic order of their block
-- lists, and a band key is "<band>:<fp AND the band's mask, 16 hex digits>". Two fingerprints
-- within k differ in at most k blocks, so they share at least one band. blocks = k+1 gives k+1
-- bands of one block each (16 bits for k=3, as the in-process index); more blocks give more,
-- longer keys (smaller groups, more shuffle): k=3, blocks=5 gives 10 bands of 25-26 bits.
-- @module zhtext.shuffle

local M = {}

local cjson = require("cjson")
local decode = require("cjson.safe").decode

local MAX_BANDS = 256

local function choose(n, m)
  local r = 1
  for i = 1, m do r = r * (n - m + i) // i end
  return r
end

--- The band layout for distance k over `blocks` blocks (default k+1): a list of 64-bit masks,
-- band 0 first. Errors when blocks is outside k+1..64 or there would be more than 256 bands.
function M.layout(k, blocks)
  blocks = blocks or k + 1
  if math.type(k) ~= "integer" or k < 0 or k > 63 then error("k must be an integer 0..63", 0) end
  if math.type(blocks) ~= "integer" or blocks < k + 1 or blocks > 64 then
    error(("blocks must be an integer %d..64 (k + 1 or more)"):format(k + 1), 0)
  end
  local m = blocks - k
  if choose(blocks, m) > MAX_BANDS then
    error(("%d blocks for k=%d make %d bands, more than %d"):format(blocks, k, choose(blocks, m), MAX_BANDS), 0)
  end
  local bmask, off = {}, 0
  for b = 1, blocks do
    local w = 64 // blocks + ((b - 1) < 64 % blocks and 1 or 0)
    bmask[b] = (w >= 64 and -1 or ((1 << w) - 1)) << off
    off = off + w
  end
  local masks = {}
  local function rec(start, left, acc)
    if left == 0 then masks[#masks + 1] = acc; return end
    for b = start, blocks - left + 1 do rec(b + 1, left - 1, acc | bmask[b]) end
  end
  rec(1, m, 0)
  return masks
end

--- The band keys of fingerprint fp under a layout (see `layout`); none for fp 0 (no text:
-- never a duplicate, as `--dedupe` treats it).
function M.band_keys(fp, masks)
  local keys = {}
  if fp == 0 then return keys end
  for b, mask in ipairs(masks) do keys[b] = ("%d:%016x"):format(b - 1, fp & mask) end
  return keys
end

local function json_id(id)
  if id == nil then return "null" end
  local ok, s = pcall(cjson.encode, id)
  return ok and s or "null"
end

--- One fingerprint line (without newline): see the module's description.
function M.fingerprint_line(id, part, n, fp, k, blocks, masks)
  local keys = M.band_keys(fp, masks)
  local q = {}
  for i, key in ipairs(keys) do q[i] = '"' .. key .. '"' end
  return ('{"id":%s,"pos":[%d,%d],"simhash":"%016x","k":%d,"blocks":%d,"bands":[%s]}'):format(
    json_id(id), part, n, fp, k, blocks, table.concat(q, ",")), keys
end

---------------------------------------------------------------------------------------------------
-- Reading fingerprint and pair lines

local function bad(where, msg) error(("%s: %s"):format(where, msg), 0) end

local function integer(v)
  return math.tointeger(v)
end

local function read_pos(where, v, what)
  local p, n = type(v) == "table" and integer(v[1]), type(v) == "table" and integer(v[2])
  if not p or not n or p < 0 or n < 0 or v[3] ~= nil then
    bad(where, ("%s must be [part, n], two non-negative integers"):format(what))
  end
  return p, n
end

-- A decoded fingerprint line: {id, p, n, fp}; the line's k and blocks checked against `lay`
-- (set from the first line).
local function read_fingerprint(where, js, lay)
  local o = decode(js)
  if type(o) ~= "table" then bad(where, "not a fingerprint line (a JSON object from zhtext fingerprint expected)") end
  local p, n = read_pos(where, o.pos, "pos")
  local hex = o.simhash
  if type(hex) ~= "string" or not hex:match("^%x+$") or #hex ~= 16 then
    bad(where, "simhash must be 16 hex digits")
  end
  local k, blocks = integer(o.k), integer(o.blocks)
  if not k or not blocks then bad(where, "k and blocks must be integers") end
  if not lay.k then
    local ok, masks = pcall(M.layout, k, blocks)
    if not ok then bad(where, masks) end
    lay.k, lay.blocks, lay.masks = k, blocks, masks
  elseif lay.k ~= k or lay.blocks ~= blocks then
    bad(where, ("k=%d blocks=%d, but earlier lines have k=%d blocks=%d (fingerprints of different runs)")
      :format(k, blocks, lay.k, lay.blocks))
  end
  local id = o.id
  if id == cjson.null then id = nil end
  lay.seq = (lay.seq or 0) + 1
  return { id = id, p = p, n = n, fp = tonumber(hex, 16), where = where, seq = lay.seq }
end

local function before(a, b)
  if a.p ~= b.p then return a.p < b.p end
  return a.n < b.n
end

local function ref(r)
  return ('{"id":%s,"pos":[%d,%d]}'):format(json_id(r.id), r.p, r.n)
end

-- Lines of the named inputs ("-" = stdin) in order: calls fn(line, where) for each non-blank one.
local function each_line(inputs, fn)
  for _, name in ipairs(inputs) do
    local fh, err
    if name == "-" then fh = io.stdin else fh, err = io.open(name, "rb") end
    if not fh then error(err, 0) end
    local lineno = 0
    for line in fh:lines() do
      lineno = lineno + 1
      if line:find("%S") then fn((line:gsub("\r$", "")), name .. ":" .. lineno) end
    end
    if fh ~= io.stdin then fh:close() end
  end
end

---------------------------------------------------------------------------------------------------
-- Reduce

-- Writes the pairs of one band group: `recs` all share the band key of band `band` (0-based).
local function reduce_group(recs, band, lay, hamming, write)
  table.sort(recs, before)
  local firsts, first_of = {}, {}
  for i, r in ipairs(recs) do
    local prev = recs[i - 1]
    if prev and prev.p == r.p and prev.n == r.n then
      bad(prev.seq > r.seq and prev.where or r.where,
        ("the record at pos [%d,%d] appears twice (two partitions with the same --part?)"):format(r.p, r.n))
    end
    local f = first_of[r.fp]
    if not f then
      first_of[r.fp] = r
      firsts[#firsts + 1] = r
    elseif band == 0 then
      -- all copies of a fingerprint share every band: band 0 writes their pairs, once
      write(('{"a":%s,"b":%s,"d":0}'):format(ref(f), ref(r)))
    end
  end
  local k, masks = lay.k, lay.masks
  for j = 2, #firsts do
    local b = firsts[j]
    for i = 1, j - 1 do
      local a = firsts[i]
      local d = hamming(a.fp, b.fp)
      if d <= k then
        -- the pair meets in every band the two share: only the lowest writes it
        local x, low = a.fp ~ b.fp, band
        for c = 1, band do
          if x & masks[c] == 0 then low = c - 1; break end
        end
        if low == band then write(('{"a":%s,"b":%s,"d":%d}'):format(ref(a), ref(b), d)) end
      end
    end
  end
end

local function parse_key(where, key, lay, fp)
  local band, hex = key:match("^(%d+):(%x+)$")
  band = band and math.tointeger(tonumber(band))
  if not band or #hex ~= 16 then bad(where, ("bad band key '%s' (BAND:16 hex digits expected)"):format(key)) end
  if band >= #lay.masks or tonumber(hex, 16) ~= fp & lay.masks[band + 1] then
    bad(where, ("band key '%s' does not belong to this fingerprint (k=%d, blocks=%d)"):format(key, lay.k,
      lay.blocks))
  end
  return band
end

--- The reduce over lines from `inputs`: `KEY<TAB>fingerprint line` grouped by KEY, or plain
-- fingerprint lines (exploded into their band keys and grouped here, in memory). Calls
-- write(pair line) for each candidate pair. Errors "file:line: message" on a malformed line or
-- input not grouped by key.
function M.reduce(inputs, write)
  local hamming = require("zhtext.core").hamming
  local lay = {}
  local cur_key, cur_band, cur = nil, nil, {}
  local done = {}  -- keys whose group has ended: seeing one again means the input is not grouped
  local mem = {}   -- plain lines: key -> records
  local function flush()
    if cur_key then reduce_group(cur, cur_band, lay, hamming, write) end
    cur_key, cur = nil, {}
  end
  each_line(inputs, function(line, where)
    local key, js = line:match("^([^\t{]*)\t(.*)$")
    if key then
      local r = read_fingerprint(where, js, lay)
      if key ~= cur_key then
        flush()
        if done[key] then
          bad(where, ("band key '%s' again after other keys: the input must be grouped (or sorted) by key"):format(key))
        end
        done[key] = true
        cur_key, cur_band = key, parse_key(where, key, lay, r.fp)
      end
      cur[#cur + 1] = r
    else
      local r = read_fingerprint(where, line, lay)
      for b, bkey in ipairs(M.band_keys(r.fp, lay.masks)) do
        local g = mem[bkey]
        if not g then g = { band = b - 1, where = where }; mem[bkey] = g end
        g[#g + 1] = r
      end
    end
  end)
  flush()
  local keys = {}
  for key in pairs(mem) do keys[#keys + 1] = key end
  table.sort(keys)
  for _, key in ipairs(keys) do
    local g = mem[key]
    if done[key] then bad(g.where, ("band key '%s' comes both grouped (KEY<TAB>line) and plain"):format(key)) end
    reduce_group(g, g.band, lay, hamming, write)
  end
end

---------------------------------------------------------------------------------------------------
-- Resolve

local function pkey(p, n) return p .. ":" .. n end

--- The greedy decision over candidate pairs from `inputs` (any order, duplicates allowed):
-- returns the list of dropped records `{id, p, n, of = record, d}` sorted by pos.
function M.resolve(inputs)
  local recs = {}     -- pkey -> {id, p, n, nb = {{rec, d}...}, leader = rec}
  local function get(where, o, what)
    if type(o) ~= "table" then bad(where, ("'%s' must be an object {id, pos}"):format(what)) end
    local p, n = read_pos(where, o.pos, what .. ".pos")
    local key = pkey(p, n)
    local r = recs[key]
    if not r then
      local id = o.id
      if id == cjson.null then id = nil end
      r = { id = id, p = p, n = n }
      recs[key] = r
    end
    return r
  end
  local seen = {}
  each_line(inputs, function(line, where)
    local o = decode(line)
    if type(o) ~= "table" then bad(where, "not a pair line (a JSON object from zhtext dedupe-merge expected)") end
    local a, b = get(where, o.a, "a"), get(where, o.b, "b")
    local d = integer(o.d)
    if not d or d < 0 or d > 64 then bad(where, "d must be an integer 0..64") end
    if not before(a, b) then bad(where, "'a' must come before 'b' (pos order)") end
    local sk = pkey(a.p, a.n) .. "/" .. pkey(b.p, b.n)
    if seen[sk] then return end
    seen[sk] = true
    if d == 0 then
      if b.leader and b.leader ~= a then
        bad(where, "a record is the copy of two different first copies (pairs of different runs?)")
      end
      b.leader = a
    else
      a.nb = a.nb or {}
      b.nb = b.nb or {}
      a.nb[#a.nb + 1] = { b, d }
      b.nb[#b.nb + 1] = { a, d }
    end
  end)
  local all = {}
  for _, r in pairs(recs) do all[#all + 1] = r end
  table.sort(all, before)
  -- the closest kept neighbour of r before `limit` (ties: the earliest)
  local function survivor(r, limit)
    local best, bd
    for _, e in ipairs(r.nb or {}) do
      local x, d = e[1], e[2]
      if x.kept and before(x, limit) and (not best or d < bd or (d == bd and before(x, best))) then
        best, bd = x, d
      end
    end
    return best, bd
  end
  -- first copies, in order: kept unless a kept neighbour comes before
  for _, r in ipairs(all) do
    if not r.leader then
      local s, d = survivor(r, r)
      if s then r.of, r.d = s, d else r.kept = true end
    end
  end
  local dropped = {}
  for _, r in ipairs(all) do
    if r.leader then
      local l = r.leader
      if l.leader then error("a first copy is itself a copy: the pairs are inconsistent", 0) end
      if l.kept then
        r.of, r.d = l, 0
      else
        r.of, r.d = survivor(l, r)
        if not r.of then error("no survivor for a copy: the pairs are inconsistent", 0) end
      end
    end
    if r.of then dropped[#dropped + 1] = r end
  end
  return dropped
end

--- A dropped record as its output line.
function M.dropped_line(r)
  return ('{"id":%s,"pos":[%d,%d],"duplicate_of":%s,"distance":%d}'):format(json_id(r.id), r.p, r.n,
    ref(r.of), r.d)
end

---------------------------------------------------------------------------------------------------
-- The commands

--- Adds the `fingerprint` and `dedupe-merge` commands to the zhtext argument parser.
-- The two subcommands' arguments live in zhtext.shuffle_args, which loads on every runtime
-- (this file needs 64-bit integers: Lua 5.3 or 5.4).
M.commands = require("zhtext.shuffle_args")

local function open_out(path)
  if not path then return io.stdout end
  local fh, err = io.open(path, "wb")
  if not fh then error(err, 0) end
  return fh
end

local function writer(fh)
  return function(line)
    local ok, err = fh:write(line, "\n")
    if not ok then error("writing the output: " .. tostring(err), 0) end
  end
end

local function finish(fh)
  local ok, err = fh:flush()
  if ok and fh ~= io.stdout then ok, err = fh:close() end
  if not ok then error("writing the output: " .. tostring(err), 0) end
end

local function fingerprint_main(args, cli)
  local header = args.part == "header"
  local part = header and 0 or math.tointeger(tonumber(args.part))
  if not part or part < 0 then return nil, "--part expects a non-negative integer or 'header'", 2 end
  if header and not (#args.inputs == 1 and args.inputs[1] == "-") then
    return nil, "--part header reads the part from the first line of stdin: give - as the only input", 2
  end
  local k = math.tointeger(tonumber(args.distance))
  if not k or k < 0 or k > 63 then return nil, "--distance expects an integer 0..63", 2 end
  local blocks = args.blocks and math.tointeger(tonumber(args.blocks)) or k + 1
  if not blocks then return nil, "--blocks expects an integer", 2 end
  local ok, masks = pcall(M.layout, k, blocks)
  if not ok then return nil, "--blocks: " .. masks, 2 end
  local max
  if args.max_bytes then
    local n, unit = args.max_bytes:match("^(%d+)([KkMmGg]?)$")
    max = n and math.tointeger(tonumber(n) * (({ k = 1 << 10, m = 1 << 20, g = 1 << 30 })[unit:lower()] or 1))
    if not max or max < 1 then return nil, "--max-bytes must be a positive size, e.g. 512K or 64M", 2 end
  end
  -- the pipeline `zhtext run ... --dedupe` builds, its dedupe stage computing the fingerprint only
  local rargs = {}
  for key, v in pairs(args) do rargs[key] = v end
  rargs.command, rargs.dedupe = "run", true
  local p, err = cli.build(rargs)
  if not p then return nil, err, 2 end
  local g = p:first_global()
  local prep = p.stages[g].prep
  local fp_pipe = require("zhtext.pipeline").new()
  for i = 1, g - 1 do fp_pipe:use(p.stages[i]) end
  fp_pipe:use(function(rec)
    rec._fp = (prep(rec))
    return rec
  end, p.stages[g].name)
  local source
  if header then
    -- Spark's pipe (printPipeContext) or a wrapper writes "#part N" before a partition's records
    local first = io.stdin:read("l")
    part = first and math.tointeger(tonumber(first:match("^#part%s+(%d+)%s*$")))
    if not part then return nil, "-:1: --part header: the first line must be '#part N'", 1 end
    source = require("zhtext.sources").jsonl(io.stdin, { name = "-", line_offset = 1, field = args.field,
      max_bytes = max })
  else
    local items, ierr = cli.expand_inputs(#args.inputs > 0 and args.inputs or { "-" }, args)
    if not items then return nil, ierr, 2 end
    source = cli.items_source(items, args.field, nil, max)
  end
  local out = open_out(args.output)
  local write = writer(out)
  local keyed = args.keyed
  local summary = fp_pipe:run(source, nil, {
    emit = function(rec, sm)
      -- a file has no id: its path names it
      local id = rec.id
      if id == nil then id = rec.path end
      local line, keys = M.fingerprint_line(id, part, sm.input, rec._fp, k, blocks, masks)
      if keyed then
        local body = line:gsub(',"bands":%[.*%]}$', "}")
        for _, key in ipairs(keys) do write(key .. "\t" .. body) end
      else
        write(line)
      end
    end,
  })
  finish(out)
  if not args.quiet then
    io.stderr:write(("zhtext: fingerprint: %s\n"):format(require("zhtext.pipeline").format_summary(summary)))
  end
  return summary.failed > 0 and 1 or 0
end

local function merge_main(args)
  local inputs = #args.inputs > 0 and args.inputs or { "-" }
  local out = open_out(args.output)
  local write = writer(out)
  if args.resolve then
    for _, r in ipairs(M.resolve(inputs)) do write(M.dropped_line(r)) end
  else
    M.reduce(inputs, write)
  end
  finish(out)
  return 0
end

--- Runs `fingerprint` or `dedupe-merge` with parsed args; `cli` is zhtext.cli (build, inputs).
-- Returns the exit code (1 on a failed record or malformed input, 2 on a usage error).
function M.main(args, cli)
  local ok, code, err, ucode = pcall(args.command == "fingerprint" and fingerprint_main or merge_main, args, cli)
  if not ok then err, ucode = code, 1 end
  if err then
    io.stderr:write("zhtext: ", require("zhtext.options").message(err), "\n")
    return ucode or 1
  end
  return code
end

return M
