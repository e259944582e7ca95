--- zhtext behind nginx's lua module (OpenResty, or Debian's nginx + libnginx-mod-http-lua):
-- the handlers that examples/openresty/conf/nginx.conf routes to.
--
--   init_by_lua_block    { require("zhtext_service").init() }
--   content_by_lua_block { require("zhtext_service").seg() }     -- POST /seg
--   content_by_lua_block { require("zhtext_service").parse() }   -- POST /parse
--   content_by_lua_block { require("zhtext_service").stats() }   -- GET /stats
--
-- init() runs once, in the master process, before the workers are forked: the dictionary is
-- mapped and the accurate-mode model read there, and every worker inherits both (the pages are
-- shared, never copied). A request only calls into the loaded segmenter; nothing is opened,
-- read or compiled per request. Written for LuaJIT (Lua 5.1 semantics).
-- luacheck: globals ngx

local M = {}

local zt, lac_model, cjson
local SHARED = "zhtext_stats" -- lua_shared_dict in nginx.conf: counters across all workers
local served = 0              -- requests this worker served (module state lives as long as the worker)

local MODES = { precise = true, full = true, search = true, accurate = true }

-- init(): load zhtext and everything it maps, and fail nginx's start with the reason when
-- the dictionary cannot be found (a server that would answer every /seg with 500 should not
-- start). The model is optional: without it /seg?mode=accurate answers 503.
function M.init()
  ngx.update_time()
  local t0 = ngx.now()
  zt = require("zhtext")
  cjson = require("cjson")
  local seg = zt.default_segmenter() -- raises "zhtext.seg: no segmentation dictionary ..."
  assert(#seg:cut("预热") > 0, "zhtext: the default segmenter returned no words")
  local model, err = require("zhtext.lac").model()
  if model then
    lac_model = model
  else
    ngx.log(ngx.WARN, "zhtext: accurate mode unavailable (", err, "): /seg?mode=accurate answers 503")
  end
  local stats = ngx.shared[SHARED]
  if stats then
    stats:incr("init_runs", 1, 0)
    stats:set("init_pid", ngx.worker.pid())
  end
  ngx.update_time()
  ngx.log(ngx.NOTICE, ("zhtext: %s loaded in %.0f ms (dictionary mapped, model %s), pid %d"):format(
    zt._VERSION, (ngx.now() - t0) * 1000, lac_model and "loaded" or "absent", ngx.worker.pid()))
end

local function send(status, json)
  ngx.status = status
  ngx.header["Content-Type"] = "application/json; charset=utf-8"
  ngx.print(json, "\n")
  return ngx.exit(status)
end

local function fail(status, message)
  return send(status, cjson.encode({ error = message, status = status }))
end

-- Errors that zhtext raises for the caller's options: the client's fault, not the server's.
local function is_argument_error(msg)
  return msg:find("bad argument", 1, true) or msg:find("bad option", 1, true)
end

-- Runs f(...) and turns a Lua error into a JSON answer: 400 with zhtext's message for a bad
-- option; otherwise 500 naming only the request (the message and traceback, which hold file
-- paths, go to error.log under the same id). The request ends there; the worker goes on.
-- (xpcall passes the arguments on LuaJIT and 5.2+.)
local function guarded(f, ...)
  local ok, a, b = xpcall(f, debug.traceback, ...)
  if ok then return a, b end
  local msg = tostring(a)
  local first = msg:match("^[^\n]*")
  if is_argument_error(first) then return nil, fail(400, first) end
  local id = ngx.var.request_id
  ngx.log(ngx.ERR, "zhtext: request ", id, ": ", msg)
  return nil, fail(500, "internal error (request " .. id .. ", logged in error.log)")
end

-- The request body as a string, or ends the request: 405 for another method, 400 for an empty
-- body. nginx.conf keeps bodies up to client_max_body_size in memory (client_body_buffer_size
-- is the same), and answers a larger one with 413 before this runs; a body nginx did spill to
-- a file (another limit in a copied config) is read back rather than refused.
local function body()
  if ngx.req.get_method() ~= "POST" then
    ngx.header["Allow"] = "POST"
    return nil, fail(405, "use POST with the text as the request body")
  end
  ngx.req.read_body()
  local data = ngx.req.get_body_data()
  if not data then
    local path = ngx.req.get_body_file()
    if path then
      local f = io.open(path, "rb")
      if f then
        data = f:read("*a")
        f:close()
      end
    end
  end
  if not data or data == "" then return nil, fail(400, "empty body: POST the text to process") end
  return data
end

-- The charset named by the request's Content-Type (text/plain; charset=gbk), if any.
local function charset()
  local ct = ngx.var.content_type
  return ct and ct:lower():match("charset%s*=%s*\"?([%w_%-]+)")
end

local function count()
  served = served + 1
  local stats = ngx.shared[SHARED]
  if stats then stats:incr("requests", 1, 0) end
end

local function words_json(words)
  if #words == 0 then return '{"words":[]}' end -- cjson would write an empty table as {}
  return cjson.encode({ words = words })
end

local function do_seg(data, args)
  local cs = charset()
  -- UTF-8 passes through; another charset (named, or detected) is decoded, and ill-formed
  -- bytes become U+FFFD, so the JSON written below is always valid UTF-8.
  local text = zt.decode(data, cs and { encoding = cs } or nil)
  return zt.cut(text, { mode = args.mode, hmm = args.hmm ~= "0" })
end

--- POST /seg: body → {"words": [...]}. Query: mode (precise | full | search | accurate), hmm=0.
function M.seg()
  local data = body()
  if not data then return end
  count()
  local args = ngx.req.get_uri_args()
  local mode = args.mode
  if mode ~= nil and not MODES[mode] then
    return fail(400, "mode must be one of precise, full, search, accurate")
  end
  if mode == "accurate" and not lac_model then return fail(503, "accurate mode unavailable: no model") end
  local words = guarded(do_seg, data, args)
  if not words then return end
  return send(200, words_json(words))
end

local function do_parse(data, args)
  local rec = zt.article.parse(data, { url = args.url, now = args.now, mode = args.mode })
  return zt.article.to_json(rec)
end

--- POST /parse: an article (HTML or text, any charset zhtext decodes) → the record as JSON
-- (zt.article.to_json: fixed field order, arrays always arrays). Query: url (for the domain),
-- now (reference time for relative dates), mode (auto | text | html).
function M.parse()
  local data = body()
  if not data then return end
  count()
  local json = guarded(do_parse, data, ngx.req.get_uri_args())
  if not json then return end
  return send(200, json)
end

--- GET /stats: whether init ran once (init_runs, init_pid = the master), which worker answers,
-- and how many requests this worker and all workers served.
function M.stats()
  local stats = ngx.shared[SHARED]
  return send(200, cjson.encode({
    version = zt._VERSION,
    init_runs = stats and stats:get("init_runs") or cjson.null,
    init_pid = stats and stats:get("init_pid") or cjson.null,
    worker_pid = ngx.worker.pid(),
    worker_served = served,
    requests = stats and stats:get("requests") or 0,
    model = lac_model ~= nil,
  }))
end

return M
