/* zhtext.core: the entry point of the Lua binding and its shared option helpers. */
#include <string.h>

#include "lzhtext.h"
#include "zt_error.h"

static int is_known(const char *key, const char *const known[]) {
  for (; *known; known++)
    if (strcmp(key, *known) == 0) return 1;
  return 0;
}

void lzt_check_options(lua_State *L, int idx, const char *const known[]) {
  if (lua_isnoneornil(L, idx)) return;
  luaL_checktype(L, idx, LUA_TTABLE);
  lua_pushnil(L);
  while (lua_next(L, idx)) {
    lua_pop(L, 1);
    if (lua_type(L, -1) != LUA_TSTRING || !is_known(lua_tostring(L, -1), known)) {
      const char *name = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : luaL_typename(L, -1);
      luaL_argerror(L, idx, lua_pushfstring(L, "unknown option '%s'", name));
    }
  }
}

/* Pushes opts[key] (nil when there is no options table). */
static int get_opt(lua_State *L, int idx, const char *key) {
  if (lua_isnoneornil(L, idx)) { lua_pushnil(L); return LUA_TNIL; }
  return lua_getfield(L, idx, key);
}

static int opt_error(lua_State *L, int idx, const char *key, const char *expected) {
  return luaL_argerror(L, idx, lua_pushfstring(L, "option '%s' must be %s, got %s", key, expected,
                                               luaL_typename(L, -1)));
}

int lzt_opt_bool(lua_State *L, int idx, const char *key, int def) {
  int t = get_opt(L, idx, key), v = def;
  if (t == LUA_TBOOLEAN) v = lua_toboolean(L, -1);
  else if (t != LUA_TNIL) opt_error(L, idx, key, "a boolean");
  lua_pop(L, 1);
  return v;
}

int lzt_opt_enum(lua_State *L, int idx, const char *key, const char *const names[], int def) {
  int t = get_opt(L, idx, key), v = def;
  if (t == LUA_TSTRING || t == LUA_TBOOLEAN) {
    /* `false` is accepted as the name "false" so options can be switched off naturally. */
    const char *s = t == LUA_TSTRING ? lua_tostring(L, -1) : (lua_toboolean(L, -1) ? "true" : "false");
    int i;
    for (i = 0; names[i]; i++)
      if (strcmp(s, names[i]) == 0) break;
    if (!names[i]) {
      luaL_Buffer b;
      luaL_buffinit(L, &b);
      for (i = 0; names[i]; i++) {
        if (i) luaL_addstring(&b, ", ");
        luaL_addchar(&b, '\'');
        luaL_addstring(&b, names[i]);
        luaL_addchar(&b, '\'');
      }
      luaL_pushresult(&b);
      luaL_argerror(L, idx, lua_pushfstring(L, "bad value '%s' for option '%s' (expected one of %s)",
                                            s, key, lua_tostring(L, -1)));
    }
    v = i;
  } else if (t != LUA_TNIL) {
    opt_error(L, idx, key, "a string");
  }
  lua_pop(L, 1);
  return v;
}

lua_Integer lzt_opt_int(lua_State *L, int idx, const char *key, lua_Integer def) {
  int t = get_opt(L, idx, key);
  lua_Integer v = def;
  if (t == LUA_TNUMBER && lua_isinteger(L, -1)) v = lua_tointeger(L, -1);
  else if (t != LUA_TNIL) opt_error(L, idx, key, "an integer");
  lua_pop(L, 1);
  return v;
}

const char *lzt_opt_string(lua_State *L, int idx, const char *key, const char *def) {
  int t = get_opt(L, idx, key);
  const char *v = def;
  if (t == LUA_TSTRING) v = lua_tostring(L, -1); /* still anchored in the options table */
  else if (t != LUA_TNIL) opt_error(L, idx, key, "a string");
  lua_pop(L, 1);
  return v;
}

int lzt_error(lua_State *L, int code) {
  return luaL_error(L, "zhtext: %s", zt_strerror(code));
}

int luaopen_zhtext_core(lua_State *L);
int luaopen_zhtext_core(lua_State *L) {
  lua_newtable(L);
  lzt_open_text(L);
  lzt_open_seg(L);
  lzt_open_article(L);
  lzt_open_lac(L);
  lzt_open_simhash(L);
  lzt_open_sentences(L);
  lzt_open_quality(L);
  lzt_open_io(L);
  lua_pushliteral(L, "0.2.0");
  lua_setfield(L, -2, "version");
  return 1;
}
