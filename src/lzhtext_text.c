/* Binding for the text layer: clean, decode, convert and the UTF-8 helpers. */
#include <string.h>

#include "lzhtext.h"
#include "zt_clean.h"
#include "zt_convert.h"
#include "zt_encoding.h"
#include "zt_error.h"
#include "zt_utf8.h"

static const char *const clean_keys[] = {"width", "form", "punct", "space", "cjk_space",
                                         "invisible", "html", "invalid", "stats", NULL};
static const char *const form_names[] = {"false", "NFC", "NFKC", NULL};
static const char *const punct_names[] = {"auto", "ascii", "keep", NULL};
static const char *const invalid_names[] = {"replace", "drop", "error", NULL};
static const char *const cjk_space_names[] = {"keep", "remove", NULL};

/* Reads a cleaning options table at idx into o (defaults for absent keys). Shared with other
 * bindings that clean their output (article parsing). */
void lzt_read_clean_opts(lua_State *L, int idx, zt_clean_opts *o);
void lzt_read_clean_opts(lua_State *L, int idx, zt_clean_opts *o) {
  zt_clean_defaults(o);
  lzt_check_options(L, idx, clean_keys);
  o->width = lzt_opt_bool(L, idx, "width", o->width);
  o->form = (zt_form)lzt_opt_enum(L, idx, "form", form_names, (int)o->form);
  o->punct = (zt_punct)lzt_opt_enum(L, idx, "punct", punct_names, (int)o->punct);
  o->space = lzt_opt_bool(L, idx, "space", o->space);
  o->cjk_space = (zt_cjk_space)lzt_opt_enum(L, idx, "cjk_space", cjk_space_names, (int)o->cjk_space);
  o->invisible = lzt_opt_bool(L, idx, "invisible", o->invisible);
  o->html = lzt_opt_bool(L, idx, "html", o->html);
  o->invalid = (zt_invalid)lzt_opt_enum(L, idx, "invalid", invalid_names, (int)o->invalid);
}

static void set_count(lua_State *L, const char *k, size_t v) {
  lua_pushinteger(L, (lua_Integer)v);
  lua_setfield(L, -2, k);
}

/* clean(s [, opts]) -> string [, stats when opts.stats] | nil, message */
static int l_clean(lua_State *L) {
  size_t n, pos = 0;
  const char *s = luaL_checklstring(L, 1, &n);
  zt_clean_opts o;
  zt_clean_stats st;
  zt_buf out = ZT_BUF_INIT;
  int rc, want_stats;
  lzt_read_clean_opts(L, 2, &o);
  want_stats = lzt_opt_bool(L, 2, "stats", 0);
  memset(&st, 0, sizeof st);
  rc = zt_clean(s, n, &o, &out, &st, &pos);
  if (rc == ZT_EUTF8) {
    zt_buf_free(&out);
    luaL_pushfail(L);
    lua_pushfstring(L, "invalid UTF-8 at byte %I", (lua_Integer)pos + 1);
    return 2;
  }
  if (rc != ZT_OK) { zt_buf_free(&out); return lzt_error(L, rc); }
  lua_pushlstring(L, out.data ? out.data : "", out.len);
  zt_buf_free(&out);
  if (!want_stats) return 1;
  lua_createtable(L, 0, 8);
  set_count(L, "invalid", st.invalid);
  set_count(L, "invisible", st.invisible);
  set_count(L, "width", st.width);
  set_count(L, "normalized", st.normalized);
  set_count(L, "space", st.space);
  set_count(L, "punct", st.punct);
  set_count(L, "html_tags", st.html_tags);
  set_count(L, "html_entities", st.html_entities);
  return 2;
}

/* utf8_valid(s) -> true | false, byte position of the first bad byte (1-based) */
static int l_utf8_valid(lua_State *L) {
  size_t n;
  const char *s = luaL_checklstring(L, 1, &n);
  size_t bad = zt_utf8_check(s, n);
  lua_pushboolean(L, bad == n);
  if (bad == n) return 1;
  lua_pushinteger(L, (lua_Integer)bad + 1);
  return 2;
}

/* utf8_repair(s) -> s when valid, else a copy in which each byte of an ill-formed sequence is
 * U+FFFD: what the JSON encoder writes for such bytes, so every output format agrees */
static int l_utf8_repair(lua_State *L) {
  size_t n;
  const char *s = luaL_checklstring(L, 1, &n);
  size_t i = zt_utf8_check(s, n);
  luaL_Buffer b;
  if (i == n) {
    lua_settop(L, 1);
    return 1;
  }
  luaL_buffinit(L, &b);
  luaL_addlstring(&b, s, i);
  while (i < n) {
    int32_t cp;
    size_t k = zt_utf8_decode((const unsigned char *)s + i, n - i, &cp), j;
    if (cp >= 0) luaL_addlstring(&b, s + i, k);
    else
      for (j = 0; j < k; j++) luaL_addlstring(&b, "\xEF\xBF\xBD", 3);
    i += k;
  }
  luaL_pushresult(&b);
  return 1;
}

/* utf8_len(s) -> number of characters | nil, position of the first bad byte */
static int l_utf8_len(lua_State *L) {
  size_t n;
  const char *s = luaL_checklstring(L, 1, &n);
  size_t bad = zt_utf8_check(s, n);
  if (bad != n) {
    luaL_pushfail(L);
    lua_pushinteger(L, (lua_Integer)bad + 1);
    return 2;
  }
  lua_pushinteger(L, (lua_Integer)zt_utf8_len(s, n));
  return 1;
}

/* is_han(s) -> true when s is non-empty and every character is a Han ideograph */
static int l_is_han(lua_State *L) {
  size_t n, i = 0;
  const char *s = luaL_checklstring(L, 1, &n);
  int ok = n > 0;
  while (ok && i < n) {
    int32_t cp;
    i += zt_utf8_decode((const unsigned char *)s + i, n - i, &cp);
    ok = cp >= 0 && zt_is_han(cp);
  }
  lua_pushboolean(L, ok);
  return 1;
}

/* decode(bytes [, encoding | {encoding=, invalid=}]) -> utf8, encoding | nil, message */
static int l_decode(lua_State *L) {
  static const char *const keys[] = {"encoding", "invalid", NULL};
  size_t n, pos = 0;
  const char *s = luaL_checklstring(L, 1, &n), *enc = NULL;
  zt_invalid policy = ZT_INVALID_REPLACE;
  zt_buf out = ZT_BUF_INIT;
  char used[40];
  int rc;
  if (lua_type(L, 2) == LUA_TSTRING) enc = lua_tostring(L, 2);
  else if (!lua_isnoneornil(L, 2)) {
    lzt_check_options(L, 2, keys);
    enc = lzt_opt_string(L, 2, "encoding", NULL);
    policy = (zt_invalid)lzt_opt_enum(L, 2, "invalid", invalid_names, (int)policy);
  }
  rc = zt_decode(s, n, enc, policy, &out, used, sizeof used, &pos);
  if (rc == ZT_OK) {
    lua_pushlstring(L, out.data ? out.data : "", out.len);
    zt_buf_free(&out);
    lua_pushstring(L, used);
    return 2;
  }
  zt_buf_free(&out);
  if (rc == ZT_EINVAL) return luaL_argerror(L, 2, lua_pushfstring(L, "unknown encoding '%s'", enc));
  if (rc == ZT_EDECODE) {
    luaL_pushfail(L);
    lua_pushfstring(L, "undecodable %s bytes at byte %I", used, (lua_Integer)pos + 1);
    return 2;
  }
  return lzt_error(L, rc);
}

/* detect_encoding(bytes) -> name */
static int l_detect_encoding(lua_State *L) {
  size_t n;
  const char *s = luaL_checklstring(L, 1, &n);
  char name[40];
  zt_detect_encoding(s, n, name, sizeof name);
  lua_pushstring(L, name);
  return 1;
}

#define CONVERTER_MT "zhtext.Converter"
#define CONVERTER_CACHE "zhtext.converters"

static int converter_gc(lua_State *L) {
  zt_converter **c = (zt_converter **)luaL_checkudata(L, 1, CONVERTER_MT);
  zt_converter_close(*c);
  *c = NULL;
  return 0;
}

/* The converter for a configuration, opened once per Lua state and cached in the registry. */
static zt_converter *get_converter(lua_State *L, const char *config) {
  zt_converter **slot;
  char err[256];
  luaL_getsubtable(L, LUA_REGISTRYINDEX, CONVERTER_CACHE);
  {
    if (lua_getfield(L, -1, config) == LUA_TUSERDATA) {
      slot = (zt_converter **)lua_touserdata(L, -1);
      lua_pop(L, 2);
      return *slot;
    }
    lua_pop(L, 1);
  }
  slot = (zt_converter **)lua_newuserdatauv(L, sizeof *slot, 0);
  *slot = NULL;
  if (luaL_newmetatable(L, CONVERTER_MT)) {
    lua_pushcfunction(L, converter_gc);
    lua_setfield(L, -2, "__gc");
  }
  lua_setmetatable(L, -2);
  *slot = zt_converter_open(config, err, sizeof err);
  if (!*slot) {
    lua_pushstring(L, err);
    luaL_argerror(L, 2, lua_tostring(L, -1));
  }
  lua_setfield(L, -2, config);
  lua_pop(L, 1);
  return *slot;
}

/* convert(s, config) -> string */
static int l_convert(lua_State *L) {
  size_t n;
  const char *s = luaL_checklstring(L, 1, &n);
  const char *config = luaL_checkstring(L, 2);
  zt_converter *c = get_converter(L, config);
  zt_buf out = ZT_BUF_INIT;
  int rc = zt_convert(c, s, n, &out);
  if (rc != ZT_OK) { zt_buf_free(&out); return lzt_error(L, rc); }
  lua_pushlstring(L, out.data ? out.data : "", out.len);
  zt_buf_free(&out);
  return 1;
}

void lzt_open_text(lua_State *L) {
  static const luaL_Reg funcs[] = {
    {"clean", l_clean},
    {"decode", l_decode},
    {"detect_encoding", l_detect_encoding},
    {"convert", l_convert},
    {"utf8_valid", l_utf8_valid},
    {"utf8_len", l_utf8_len},
    {"utf8_repair", l_utf8_repair},
    {"is_han", l_is_han},
    {NULL, NULL}};
  luaL_setfuncs(L, funcs, 0);
}
