/* zhtext.core quality: zt.quality(record_or_text) -> {chars =, cjk_ratio =, ...}
 * A record's text is its `text`, else its `paragraphs` joined by newlines, else `content` (the
 * pipeline's rule); has_title / has_date say whether it has a non-empty title / date. */
#include "lzhtext.h"
#include "zt_error.h"
#include "zt_quality.h"

static int nonempty_field(lua_State *L, int idx, const char *key) {
  size_t n = 0;
  int ok = lua_getfield(L, idx, key) == LUA_TSTRING && (lua_tolstring(L, -1, &n), n > 0);
  lua_pop(L, 1);
  return ok;
}

/* Pushes the text of the record at index 1. */
static void push_record_text(lua_State *L) {
  if (lua_getfield(L, 1, "text") == LUA_TSTRING) return;
  lua_pop(L, 1);
  if (lua_getfield(L, 1, "paragraphs") == LUA_TTABLE) {
    luaL_Buffer b;
    lua_Integer i, len = luaL_len(L, -1);
    int t = lua_gettop(L);
    luaL_buffinit(L, &b);
    for (i = 1; i <= len; i++) {
      if (lua_geti(L, t, i) != LUA_TSTRING)
        luaL_error(L, "zhtext: quality: paragraphs[%I] is %s, not a string", i, luaL_typename(L, -1));
      if (i > 1) luaL_addchar(&b, '\n');
      luaL_addvalue(&b);
    }
    luaL_pushresult(&b);
    lua_remove(L, t);
    return;
  }
  lua_pop(L, 1);
  if (lua_getfield(L, 1, "content") == LUA_TSTRING) return;
  luaL_error(L, "zhtext: quality: the record has no 'text', 'paragraphs' or 'content'");
}

static void set_num(lua_State *L, const char *key, double v) {
  lua_pushnumber(L, (lua_Number)v);
  lua_setfield(L, -2, key);
}

static void set_int(lua_State *L, const char *key, size_t v) {
  lua_pushinteger(L, (lua_Integer)v);
  lua_setfield(L, -2, key);
}

static int l_quality(lua_State *L) {
  int t = lua_type(L, 1), has_title = 0, has_date = 0, rc;
  size_t n;
  const char *s;
  zt_quality q;
  if (t == LUA_TTABLE) {
    push_record_text(L);
    has_title = nonempty_field(L, 1, "title");
    has_date = nonempty_field(L, 1, "date");
  } else if (t != LUA_TSTRING) {
    return luaL_typeerror(L, 1, "string or record table");
  } else {
    lua_pushvalue(L, 1);
  }
  s = lua_tolstring(L, -1, &n);
  rc = zt_quality_compute(s, n, &q);
  if (rc != ZT_OK) return lzt_error(L, rc);
  lua_createtable(L, 0, 18);
  set_int(L, "chars", q.chars);
  set_int(L, "lines", q.lines);
  set_int(L, "sentences", q.sentences);
  set_num(L, "cjk_ratio", q.cjk_ratio);
  set_num(L, "latin_ratio", q.latin_ratio);
  set_num(L, "punct_ratio", q.punct_ratio);
  set_num(L, "digit_ratio", q.digit_ratio);
  set_num(L, "dup_line_ratio", q.dup_line_ratio);
  set_num(L, "dup_ngram_ratio", q.dup_ngram_ratio);
  set_num(L, "boilerplate_ratio", q.boilerplate_ratio);
  set_num(L, "mean_sentence_chars", q.mean_sentence_chars);
  set_num(L, "mean_line_chars", q.mean_line_chars);
  set_num(L, "max_line_chars", q.max_line_chars);
  set_num(L, "bullet_line_ratio", q.bullet_line_ratio);
  set_num(L, "ellipsis_line_ratio", q.ellipsis_line_ratio);
  lua_pushboolean(L, has_title);
  lua_setfield(L, -2, "has_title");
  lua_pushboolean(L, has_date);
  lua_setfield(L, -2, "has_date");
  return 1;
}

static const luaL_Reg funcs[] = {
  {"quality", l_quality},
  {NULL, NULL},
};

void lzt_open_quality(lua_State *L) { luaL_setfuncs(L, funcs, 0); }
