/* Binding for the text layer: clean, decode, convert and the UTF-8 helpers. */
#include <string.h>

#include "lzhtext.h"
#include "zt_clean.h"
#include "zt_error.h"
#include "zt_utf8.h"

static const char *const clean_keys[] = {"width", "form", "punct", "space", "cjk_space",
                                         "invisible", "html", "invalid", NULL};
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

/* clean(s [, opts]) -> string, stats | nil, message */
static int l_clean(lua_State *L) {
  size_t n, pos = 0;
  const char *s = luaL_checklstring(L, 1, &n);
  zt_clean_opts o;
  zt_clean_stats st;
  zt_buf out = ZT_BUF_INIT;
  int rc;
  lzt_read_clean_opts(L, 2, &o);
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

void lzt_open_text(lua_State *L) {
  static const luaL_Reg funcs[] = {
    {"clean", l_clean},
    {"utf8_valid", l_utf8_valid},
    {"utf8_len", l_utf8_len},
    {"is_han", l_is_han},
    {NULL, NULL}};
  luaL_setfuncs(L, funcs, 0);
}
