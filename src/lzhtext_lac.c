/* Binding for the lac feature: the lac_small BiGRU-CRF (src/zt_lac*.c).
 * Entities are the words tagged PER, LOC, ORG, TIME, plus the POS tags ns (place name → LOC) and
 * nt (organisation name → ORG); nr is left out (on news it mostly tags noise).
 *
 *   core.lac_convert(lac_dir, out_path) -> true | nil, msg
 *   core.lac_load(path) -> model | nil, msg
 *   model:analyze(s, what)  what = "cut" | "tokenize" | "pos" | "entities"
 *   model:encode(s) -> {ids}          model input of one line (tests)
 *   model:tag_ids({ids}) -> {tag ids} raw network + CRF (tests)
 *   model:kernel([name]) -> name      "auto" | "portable" | "avx2" | "avx512"
 *   model:chunk([n]) -> n             maximum chunk length in characters
 */
#include <stdlib.h>
#include <string.h>

#include "lzhtext.h"
#include "zt_error.h"
#include "zt_lac.h"

#define LAC_MT "zhtext.lac.model"

#define BOX_MT "zhtext.lac.box"

typedef struct { zt_lac *m; } lac_ud;

/* A userdata owning one malloc'd block, so that a Lua error cannot leak it. */
static void **push_box(lua_State *L) {
  void **b = (void **)lua_newuserdatauv(L, sizeof(void *), 0);
  *b = NULL;
  luaL_setmetatable(L, BOX_MT);
  return b;
}

static int box_gc(lua_State *L) {
  void **b = (void **)luaL_checkudata(L, 1, BOX_MT);
  free(*b);
  *b = NULL;
  return 0;
}

static zt_lac *check_model(lua_State *L) {
  lac_ud *u = (lac_ud *)luaL_checkudata(L, 1, LAC_MT);
  if (!u->m) luaL_argerror(L, 1, "model is closed");
  return u->m;
}

static int l_convert(lua_State *L) {
  const char *dir = luaL_checkstring(L, 1), *out = luaL_checkstring(L, 2);
  char err[512] = "";
  int rc = zt_lac_convert(dir, out, err, sizeof err);
  if (rc) {
    luaL_pushfail(L);
    lua_pushstring(L, err[0] ? err : zt_strerror(rc));
    return 2;
  }
  lua_pushboolean(L, 1);
  return 1;
}

static int l_load(lua_State *L) {
  const char *path = luaL_checkstring(L, 1);
  char err[512] = "";
  lac_ud *u = (lac_ud *)lua_newuserdatauv(L, sizeof *u, 0);
  int rc;
  u->m = NULL;
  luaL_setmetatable(L, LAC_MT);
  rc = zt_lac_load(path, &u->m, err, sizeof err);
  if (rc) {
    luaL_pushfail(L);
    lua_pushstring(L, err[0] ? err : zt_strerror(rc));
    return 2;
  }
  return 1;
}

static int l_gc(lua_State *L) {
  lac_ud *u = (lac_ud *)luaL_checkudata(L, 1, LAC_MT);
  zt_lac_free(u->m);
  u->m = NULL;
  return 0;
}

static int l_tostring(lua_State *L) {
  lac_ud *u = (lac_ud *)luaL_checkudata(L, 1, LAC_MT);
  if (u->m) lua_pushfstring(L, "zhtext.lac model (%p)", (void *)u->m);
  else lua_pushliteral(L, "zhtext.lac model (closed)");
  return 1;
}

/* The methods check the model last, right before the core runs: an allocation made after the
 * check (a box, a string conversion) may run a __gc finalizer that closes the model. The
 * tokens are in a box of the call's own, so a call made from a finalizer while the result is
 * built cannot touch them. */
static int l_analyze(lua_State *L) {
  static const char *const whats[] = {"cut", "tokenize", "pos", "entities", NULL};
  size_t n, i, k = 0;
  const char *s = luaL_checklstring(L, 2, &n);
  int what = luaL_checkoption(L, 3, NULL, whats);
  zt_lac_token *t = NULL;
  size_t nt = 0;
  void **box = push_box(L);
  int rc = zt_lac_analyze(check_model(L), s, n, &t, &nt);
  *box = t;
  if (rc) return lzt_error(L, rc);
  lua_createtable(L, (int)(nt < 0x7fffffff ? nt : 0), 0);
  for (i = 0; i < nt; i++) {
    const char *w = s + t[i].start;
    size_t wl = t[i].stop - t[i].start;
    const char *type = NULL;
    switch (what) {
    case 0:
      lua_pushlstring(L, w, wl);
      break;
    case 1:
      lua_createtable(L, 3, 0);
      lua_pushlstring(L, w, wl); lua_rawseti(L, -2, 1);
      lua_pushinteger(L, (lua_Integer)t[i].start + 1); lua_rawseti(L, -2, 2);
      lua_pushinteger(L, (lua_Integer)t[i].stop); lua_rawseti(L, -2, 3);
      break;
    case 2:
      lua_createtable(L, 2, 0);
      lua_pushlstring(L, w, wl); lua_rawseti(L, -2, 1);
      lua_pushstring(L, zt_lac_class_name(t[i].cls)); lua_rawseti(L, -2, 2);
      break;
    default:
      switch (t[i].cls) {
      case ZT_LAC_CLASS_PER: type = "PER"; break;
      case ZT_LAC_CLASS_LOC: case ZT_LAC_CLASS_NS: type = "LOC"; break;
      case ZT_LAC_CLASS_ORG: case ZT_LAC_CLASS_NT: type = "ORG"; break;
      case ZT_LAC_CLASS_TIME: type = "TIME"; break;
      default: continue;
      }
      lua_createtable(L, 0, 4);
      lua_pushlstring(L, w, wl); lua_setfield(L, -2, "text");
      lua_pushstring(L, type); lua_setfield(L, -2, "type");
      lua_pushinteger(L, (lua_Integer)t[i].start + 1); lua_setfield(L, -2, "start");
      lua_pushinteger(L, (lua_Integer)t[i].stop); lua_setfield(L, -2, "stop");
      break;
    }
    lua_rawseti(L, -2, (lua_Integer)++k);
  }
  return 1;
}

static int l_encode(lua_State *L) {
  size_t n, i, ni;
  const char *s = luaL_checklstring(L, 2, &n);
  int32_t *ids = NULL;
  void **box = push_box(L);
  int rc = zt_lac_encode(check_model(L), s, n, &ids, &ni);
  *box = ids;
  if (rc) return lzt_error(L, rc);
  lua_createtable(L, (int)ni, 0);
  for (i = 0; i < ni; i++) {
    lua_pushinteger(L, ids[i]);
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
  return 1;
}

static int l_tag_ids(lua_State *L) {
  size_t n, i;
  int32_t *ids;
  uint8_t *tags;
  int rc;
  luaL_checktype(L, 2, LUA_TTABLE);
  n = (size_t)lua_rawlen(L, 2);
  ids = (int32_t *)lua_newuserdatauv(L, (n + 1) * sizeof *ids, 0);
  tags = (uint8_t *)lua_newuserdatauv(L, n + 1, 0);
  for (i = 0; i < n; i++) {
    lua_Integer v;
    lua_rawgeti(L, 2, (lua_Integer)i + 1);
    if (!lua_isinteger(L, -1)) luaL_argerror(L, 2, "ids must be integers");
    v = lua_tointeger(L, -1);
    ids[i] = v < 0 || v > 0x7fffffff ? -1 : (int32_t)v;
    lua_pop(L, 1);
  }
  {
    const int32_t *idp = ids;
    uint8_t *tgp = tags;
    rc = zt_lac_tag_batch(check_model(L), 1, &idp, &n, &tgp);
  }
  if (rc) return lzt_error(L, rc);
  lua_createtable(L, (int)n, 0);
  for (i = 0; i < n; i++) {
    lua_pushinteger(L, tags[i]);
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
  return 1;
}

static int l_kernel(lua_State *L) {
  static const char *const names[] = {"auto", "portable", "avx2", "avx512", NULL};
  zt_lac *m = check_model(L);
  int k;
  if (lua_isnoneornil(L, 2)) {
    lua_pushstring(L, zt_lac_kernel_name(zt_lac_get_kernel(m)));
    return 1;
  }
  k = zt_lac_set_kernel(m, luaL_checkoption(L, 2, NULL, names));
  lua_pushstring(L, zt_lac_kernel_name(k));
  return 1;
}

static int l_chunk(lua_State *L) {
  zt_lac *m = check_model(L);
  lua_Integer n;
  if (lua_isnoneornil(L, 2)) {
    lua_pushinteger(L, (lua_Integer)zt_lac_get_chunk(m));
    return 1;
  }
  n = luaL_checkinteger(L, 2);
  lua_pushinteger(L, (lua_Integer)zt_lac_set_chunk(m, n < 0 ? 0 : (size_t)n));
  return 1;
}

void lzt_open_lac(lua_State *L) {
  static const luaL_Reg meta[] = {
    {"__gc", l_gc}, {"__close", l_gc}, {"__tostring", l_tostring}, {NULL, NULL}};
  static const luaL_Reg methods[] = {
    {"analyze", l_analyze}, {"encode", l_encode}, {"tag_ids", l_tag_ids}, {"kernel", l_kernel},
    {"chunk", l_chunk}, {"close", l_gc}, {NULL, NULL}};
  if (luaL_newmetatable(L, LAC_MT)) {
    luaL_setfuncs(L, meta, 0);
    luaL_newlib(L, methods);
    lua_setfield(L, -2, "__index");
  }
  lua_pop(L, 1);
  if (luaL_newmetatable(L, BOX_MT)) {
    lua_pushcfunction(L, box_gc);
    lua_setfield(L, -2, "__gc");
  }
  lua_pop(L, 1);
  lua_pushcfunction(L, l_convert);
  lua_setfield(L, -2, "lac_convert");
  lua_pushcfunction(L, l_load);
  lua_setfield(L, -2, "lac_load");
}
