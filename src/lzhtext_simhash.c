/* Binding for the simhash feature: fingerprints, exact hashes and the near-duplicate index. */
#include <string.h>

#include "lzhtext.h"
#include "zt_error.h"
#include "zt_simhash.h"

#define INDEX_MT "zhtext.SimhashIndex"

static const char *const simhash_keys[] = {"ngram", NULL};
static const char *const index_keys[] = {"k", NULL};

typedef struct feat {
  uint64_t h;
  double w;
} feat;

/* Reads the item at the top of the stack (a string, {word, weight} or {word=, weight=}) into *f;
 * returns 0 for an item without content (only spaces and punctuation), which is skipped. */
static int read_feature(lua_State *L, feat *f, lua_Integer i) {
  size_t n;
  const char *w;
  double weight = 1.0;
  int t = lua_type(L, -1);
  if (t == LUA_TSTRING) {
    w = lua_tolstring(L, -1, &n);
  } else if (t == LUA_TTABLE) {
    if (lua_geti(L, -1, 1) == LUA_TNIL) {
      lua_pop(L, 1);
      lua_getfield(L, -1, "word");
    }
    if (lua_type(L, -1) != LUA_TSTRING)
      luaL_argerror(L, 1, lua_pushfstring(L, "item %I: word must be a string", i));
    w = lua_tolstring(L, -1, &n); /* anchored in the item table */
    lua_pop(L, 1);
    if (lua_geti(L, -1, 2) == LUA_TNIL) {
      lua_pop(L, 1);
      lua_getfield(L, -1, "weight");
    }
    if (!lua_isnil(L, -1)) {
      if (lua_type(L, -1) != LUA_TNUMBER)
        luaL_argerror(L, 1, lua_pushfstring(L, "item %I: weight must be a number", i));
      weight = (double)lua_tonumber(L, -1);
    }
    lua_pop(L, 1);
  } else {
    luaL_argerror(L, 1, lua_pushfstring(L, "item %I: expected a string or {word, weight}, got %s", i,
                                        luaL_typename(L, -1)));
    return 0;
  }
  if (!zt_simhash_has_content(w, n)) return 0;
  f->h = zt_hash64(w, n);
  f->w = weight;
  return 1;
}

/* The simhash of a list of words: each item (or each run of ngram consecutive items, with the
 * mean of their weights) is one feature; items of only spaces/punctuation are skipped. */
static uint64_t words_simhash(lua_State *L, int ngram) {
  lua_Integer i, len = luaL_len(L, 1);
  size_t m = 0, j;
  feat *fs;
  zt_simhash_acc acc;
  if (len < 0) len = 0;
  if ((lua_Unsigned)len > ((size_t)-1) / sizeof(feat)) luaL_error(L, "zhtext: too many items");
  /* a userdata, so an error in the middle leaves nothing to free */
  fs = (feat *)lua_newuserdatauv(L, (size_t)len * sizeof(feat) + 1, 0);
  for (i = 1; i <= len; i++) {
    lua_geti(L, 1, i);
    if (read_feature(L, &fs[m], i)) m++;
    lua_pop(L, 1);
  }
  zt_simhash_init(&acc);
  if (ngram <= 1 || m == 0) {
    for (j = 0; j < m; j++) zt_simhash_add_hash(&acc, fs[j].h, fs[j].w);
  } else {
    size_t n = (size_t)ngram < m ? (size_t)ngram : m, k;
    uint64_t hs[8];
    for (j = 0; j + n <= m; j++) {
      double w = 0;
      for (k = 0; k < n; k++) {
        hs[k] = fs[j + k].h;
        w += fs[j + k].w;
      }
      zt_simhash_add_hash(&acc, zt_hash64(hs, n * sizeof hs[0]), w / (double)n);
    }
  }
  lua_pop(L, 1);
  return zt_simhash_final(&acc);
}

/* simhash(s [, opts]) | simhash(words [, opts]) -> integer */
static int l_simhash(lua_State *L) {
  uint64_t fp;
  int t = lua_type(L, 1);
  lua_Integer ng;
  if (t != LUA_TSTRING && t != LUA_TTABLE) return luaL_typeerror(L, 1, "string or table");
  lzt_check_options(L, 2, simhash_keys);
  ng = lzt_opt_int(L, 2, "ngram", t == LUA_TSTRING ? 2 : 1);
  if (ng < 1 || ng > 8) luaL_argerror(L, 2, "option 'ngram' must be between 1 and 8");
  if (t == LUA_TSTRING) {
    size_t n;
    const char *s = lua_tolstring(L, 1, &n);
    fp = zt_simhash_text(s, n, (int)ng);
  } else {
    fp = words_simhash(L, (int)ng);
  }
  lzt_push_u64(L, fp);
  return 1;
}

/* hamming(a, b) -> integer */
static int l_hamming(lua_State *L) {
  uint64_t a = lzt_check_u64(L, 1), b = lzt_check_u64(L, 2);
  lua_pushinteger(L, zt_hamming(a, b));
  return 1;
}

/* hash64(s) -> integer */
static int l_hash64(lua_State *L) {
  size_t n;
  const char *s = luaL_checklstring(L, 1, &n);
  lzt_push_u64(L, zt_hash64(s, n));
  return 1;
}

typedef struct lindex {
  zt_simhash_index *ix;
} lindex;

static lindex *check_index(lua_State *L) {
  lindex *u = (lindex *)luaL_checkudata(L, 1, INDEX_MT);
  if (!u->ix) luaL_argerror(L, 1, "simhash index is closed");
  return u;
}

/* simhash_index([{k = 3}]) -> index */
static int l_index_new(lua_State *L) {
  lua_Integer k;
  int err;
  lindex *u;
  lzt_check_options(L, 1, index_keys);
  k = lzt_opt_int(L, 1, "k", 3);
  if (k < 0 || k > 63) luaL_argerror(L, 1, "option 'k' must be between 0 and 63");
  u = (lindex *)lua_newuserdatauv(L, sizeof *u, 0);
  u->ix = NULL;
  luaL_setmetatable(L, INDEX_MT);
  u->ix = zt_simhash_index_new((int)k, &err);
  if (!u->ix) return lzt_error(L, err);
  return 1;
}

#define GROWTH_KEY "zhtext.simhash.growth"

/* Adds fp, and keeps the collector's view of index memory honest. The tables are malloc'd, out
 * of the collector's sight: a loop making indexes (each a few bytes to the GC) piled up
 * hundreds of MB of garbage. A LUA_GCSTEP of the grown size is no cure under the generational
 * collector (lua5.4's default), which then only runs minor collections that promote a live
 * index to old, never to be swept by one. So, like the collector's own pause, a full
 * collection runs whenever the indexes of this state have grown by more than the Lua heap (and
 * 1 MB) since the last one: amortised linear, and garbage indexes never outgrow the heap. */
static int index_add(lua_State *L, lindex *u, uint64_t fp, int64_t id) {
  size_t before = zt_simhash_index_bytes(u->ix), after, *growth;
  int rc = zt_simhash_index_add(u->ix, fp, id);
  after = zt_simhash_index_bytes(u->ix);
  if (after <= before) return rc;
  if (lua_getfield(L, LUA_REGISTRYINDEX, GROWTH_KEY) != LUA_TUSERDATA) {
    lua_pop(L, 1);
    growth = (size_t *)lua_newuserdatauv(L, sizeof *growth, 0);
    *growth = 0;
    lua_pushvalue(L, -1);
    lua_setfield(L, LUA_REGISTRYINDEX, GROWTH_KEY);
  } else {
    growth = (size_t *)lua_touserdata(L, -1);
  }
  *growth += after - before;
  {
    size_t heap = (size_t)lua_gc(L, LUA_GCCOUNT) * 1024 + (size_t)lua_gc(L, LUA_GCCOUNTB);
    if (*growth > heap && *growth > ((size_t)1 << 20)) {
      *growth = 0;
      lua_gc(L, LUA_GCCOLLECT);
    }
  }
  lua_pop(L, 1);
  return rc;
}

/* index:add(fp [, id]) -> id (default: the number of fingerprints after adding) */
static int l_index_add(lua_State *L) {
  lindex *u = check_index(L);
  uint64_t fp = lzt_check_u64(L, 2);
  lua_Integer id = luaL_optinteger(L, 3, (lua_Integer)zt_simhash_index_size(u->ix) + 1);
  int rc = index_add(L, u, fp, (int64_t)id);
  if (rc != ZT_OK) return lzt_error(L, rc);
  lua_pushinteger(L, id);
  return 1;
}

/* index:query(fp [, k]) -> id, distance | nil */
static int l_index_query(lua_State *L) {
  lindex *u = check_index(L);
  uint64_t fp = lzt_check_u64(L, 2);
  lua_Integer k = luaL_optinteger(L, 3, zt_simhash_index_k(u->ix));
  int64_t id;
  int dist;
  if (k < 0 || k > zt_simhash_index_k(u->ix))
    luaL_argerror(L, 3, lua_pushfstring(L, "distance must be between 0 and %d (the index's k)",
                                        zt_simhash_index_k(u->ix)));
  if (!zt_simhash_index_query(u->ix, fp, (int)k, &id, &dist)) {
    luaL_pushfail(L);
    return 1;
  }
  lua_pushinteger(L, (lua_Integer)id);
  lua_pushinteger(L, dist);
  return 2;
}

/* index:check(fp [, id]) -> id, distance of a near duplicate already present (fp is not added),
 * or nil after adding fp. */
static int l_index_check(lua_State *L) {
  lindex *u = check_index(L);
  uint64_t fp = lzt_check_u64(L, 2);
  lua_Integer nid = luaL_optinteger(L, 3, (lua_Integer)zt_simhash_index_size(u->ix) + 1);
  int64_t id;
  int dist, rc;
  if (zt_simhash_index_query(u->ix, fp, zt_simhash_index_k(u->ix), &id, &dist)) {
    lua_pushinteger(L, (lua_Integer)id);
    lua_pushinteger(L, dist);
    return 2;
  }
  rc = index_add(L, u, fp, (int64_t)nid);
  if (rc != ZT_OK) return lzt_error(L, rc);
  luaL_pushfail(L);
  return 1;
}

static int l_index_len(lua_State *L) {
  lindex *u = check_index(L);
  lua_pushinteger(L, (lua_Integer)zt_simhash_index_size(u->ix));
  return 1;
}

static int l_index_k(lua_State *L) {
  lindex *u = check_index(L);
  lua_pushinteger(L, zt_simhash_index_k(u->ix));
  return 1;
}

static int l_index_close(lua_State *L) {
  lindex *u = (lindex *)luaL_checkudata(L, 1, INDEX_MT);
  zt_simhash_index_free(u->ix);
  u->ix = NULL;
  return 0;
}

static int l_index_tostring(lua_State *L) {
  lindex *u = (lindex *)luaL_checkudata(L, 1, INDEX_MT);
  if (u->ix)
    lua_pushfstring(L, INDEX_MT " (k=%d, %I fingerprints)", zt_simhash_index_k(u->ix),
                    (lua_Integer)zt_simhash_index_size(u->ix));
  else
    lua_pushliteral(L, INDEX_MT " (closed)");
  return 1;
}

static const luaL_Reg index_meta[] = {
  {"__gc", l_index_close},
  {"__close", l_index_close},
  {"__len", l_index_len},
  {"__tostring", l_index_tostring},
  {NULL, NULL},
};

static const luaL_Reg index_methods[] = {
  {"add", l_index_add},
  {"query", l_index_query},
  {"check", l_index_check},
  {"k", l_index_k},
  {"close", l_index_close},
  {NULL, NULL},
};

/* simhash_hash64(s) -> simhash(s), hash64(s): the text's fingerprint (character bigrams) and
 * exact hash from one pass (the dedupe stage's two). */
static int l_simhash_hash64(lua_State *L) {
  size_t n;
  const char *s = luaL_checklstring(L, 1, &n);
  uint64_t h = 0, fp = zt_simhash_text_hash64(s, n, 2, &h);
  lzt_push_u64(L, fp);
  lzt_push_u64(L, h);
  return 2;
}

static const luaL_Reg funcs[] = {
  {"simhash", l_simhash},
  {"simhash_hash64", l_simhash_hash64},
  {"hamming", l_hamming},
  {"hash64", l_hash64},
  {"simhash_index", l_index_new},
  {NULL, NULL},
};

void lzt_open_simhash(lua_State *L) {
  if (luaL_newmetatable(L, INDEX_MT)) {
    luaL_setfuncs(L, index_meta, 0);
    luaL_newlib(L, index_methods);
    lua_setfield(L, -2, "__index");
  }
  lua_pop(L, 1);
  luaL_setfuncs(L, funcs, 0);
}
