/* Binding for article parsing: article_parse(input [, opts]) -> record,
 * article_parse_date(s [, now]) -> iso | nil. One parser object (compiled patterns) per Lua
 * state, held as an upvalue and reused by every call. */
#include <math.h>
#include <stddef.h>
#include <string.h>

#include "lzhtext.h"
#include "zt_article.h"
#include "zt_error.h"

#define PARSER_MT "zhtext.core.ArticleParser"
#define RECORD_MT "zhtext.core.ArticleRecord"

static int record_gc(lua_State *L) {
  zt_article *a = (zt_article *)luaL_checkudata(L, 1, RECORD_MT);
  zt_article_free(a);
  return 0;
}

typedef struct ud_parser {
  zt_article_parser *p;
} ud_parser;

/* from lzhtext_text.c */
void lzt_read_clean_opts(lua_State *L, int idx, zt_clean_opts *o);

static int parser_gc(lua_State *L) {
  ud_parser *u = (ud_parser *)luaL_checkudata(L, 1, PARSER_MT);
  if (u->p) {
    zt_article_parser_free(u->p);
    u->p = NULL;
  }
  return 0;
}

static zt_article_parser *get_parser(lua_State *L) {
  ud_parser *u = (ud_parser *)lua_touserdata(L, lua_upvalueindex(1));
  if (!u || !u->p) luaL_error(L, "zhtext: article parser is closed");
  return u->p;
}

/* The reference time: a number (Unix seconds, read in UTC+08:00) or a date string. */
static int read_now(lua_State *L, int idx, zt_date *now, const char *what) {
  int t = lua_type(L, idx);
  if (t == LUA_TNONE || t == LUA_TNIL) return 0;
  if (t == LUA_TNUMBER) {
    /* compared as a double before any cast: NaN, +-inf and 1e300 have no long long value */
    lua_Number x = lua_tonumber(L, idx);
    long long secs = lua_isinteger(L, idx) ? (long long)lua_tointeger(L, idx) : 0;
    if (!lua_isinteger(L, idx)) {
      if (!(x >= (lua_Number)ZT_DATE_UNIX_MIN - 86400 && x <= (lua_Number)ZT_DATE_UNIX_MAX + 86400))
        secs = ZT_DATE_UNIX_MAX + 86400; /* out of range: rejected just below */
      else
        secs = (long long)floor(x);
    }
    if (!zt_date_from_unix(secs, 8 * 60, now))
      return luaL_error(L,
                        "bad %s: %s is outside the supported range (Unix seconds whose time in "
                        "UTC+08:00 falls in years %d-%d)",
                        what, luaL_tolstring(L, idx, NULL), ZT_DATE_MIN_YEAR, ZT_DATE_MAX_YEAR);
    return 1;
  }
  if (t == LUA_TSTRING) {
    size_t n, st, en;
    const char *s = lua_tolstring(L, idx, &n);
    if (!zt_date_find(s, n, NULL, now, &st, &en) || now->prec < ZT_DATE_DAY)
      return luaL_error(L, "bad %s: '%s' is not a date", what, s);
    if (now->prec == ZT_DATE_DAY) now->hour = now->min = now->sec = 0;
    return 1;
  }
  return luaL_error(L, "bad %s: expected a number or a date string, got %s", what,
                    luaL_typename(L, idx));
}

/* The record's fields (zt_article_fields.def): the one list push_record walks and Lua reads as
 * zhtext.core.article_fields. */
typedef struct field_def {
  const char *name;
  int list;   /* a zt_strvec (always present) rather than a zt_span (absent when unset) */
  size_t off; /* of the member in zt_article */
} field_def;

#define ZT_FK_STRING 0
#define ZT_FK_LIST 1
static const field_def article_fields[] = {
#define ZT_ARTICLE_FIELD(name, kind) {#name, ZT_FK_##kind, offsetof(zt_article, name)},
#include "zt_article_fields.def"
#undef ZT_ARTICLE_FIELD
};
#define N_FIELDS (sizeof article_fields / sizeof article_fields[0])

/* The record's keys, made once (upvalue 2 of article_parse: field i + 1, then KEY_*), so that
 * filling a record hashes no key string. */
enum { KEY_FORMAT = 1, KEY_ENCODING, KEY_LINES, KEY_DATE_RULE, KEY_TEXT, KEY_KIND, KEY_RULE,
       KEY__COUNT };
static const char *const extra_keys[KEY__COUNT] = {NULL, "format", "encoding", "lines",
                                                   "date_rule", "text", "kind", "rule"};
#define KEYS lua_upvalueindex(2)

static void push_key(lua_State *L, size_t i) {
  lua_rawgeti(L, KEYS, (lua_Integer)i);
}

static void push_field(lua_State *L, const zt_article *a, size_t fi);

/* zhtext.core.article_fields: {{name = "title", type = "string"}, ..., {name = "authors",
 * type = "list"}, ...} in output order. */
static void push_field_list(lua_State *L) {
  size_t i;
  lua_createtable(L, (int)N_FIELDS, 0);
  for (i = 0; i < N_FIELDS; i++) {
    lua_createtable(L, 0, 2);
    lua_pushstring(L, article_fields[i].name);
    lua_setfield(L, -2, "name");
    lua_pushstring(L, article_fields[i].list ? "list" : "string");
    lua_setfield(L, -2, "type");
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
}

static void push_field(lua_State *L, const zt_article *a, size_t fi) {
  const field_def *f = &article_fields[fi];
  const char *base = (const char *)a + f->off;
  if (f->list) {
    const zt_strvec *v = (const zt_strvec *)(const void *)base;
    size_t i;
    push_key(L, fi + 1);
    lua_createtable(L, (int)(v->n < 1000000 ? v->n : 0), 0);
    for (i = 0; i < v->n; i++) {
      lua_pushlstring(L, a->arena.data + v->v[i].off, v->v[i].len);
      lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
  } else {
    const zt_span *sp = (const zt_span *)(const void *)base;
    if (!sp->set) return;
    push_key(L, fi + 1);
    lua_pushlstring(L, a->arena.data + sp->off, sp->len);
  }
  lua_rawset(L, -3);
}

/* {field names..., format, encoding, lines, date_rule, text, kind, rule} */
static void push_keys(lua_State *L) {
  size_t i;
  lua_createtable(L, (int)(N_FIELDS + KEY__COUNT), 0);
  for (i = 0; i < N_FIELDS; i++) {
    lua_pushstring(L, article_fields[i].name);
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
  for (i = KEY_FORMAT; i < KEY__COUNT; i++) {
    lua_pushstring(L, extra_keys[i]);
    lua_rawseti(L, -2, (lua_Integer)(N_FIELDS + i));
  }
}

static void set_extra(lua_State *L, int key) {
  push_key(L, N_FIELDS + (size_t)key);
  lua_insert(L, -2);
  lua_rawset(L, -3);
}

static const char *const parse_keys[] = {"clean", "now", "url", "explain", "mode", NULL};
static const char *const mode_names[] = {"auto", "text", "html", NULL};

/* Builds the record table from a (on the stack top). */
static void push_record(lua_State *L, const zt_article *a) {
  size_t f;
  lua_createtable(L, 0, (int)N_FIELDS + 2);
  for (f = 0; f < N_FIELDS; f++) push_field(L, a, f);
  if (a->lines) {
    size_t i;
    lua_createtable(L, (int)(a->nlines < 1000000 ? a->nlines : 0), 0);
    for (i = 0; i < a->nlines; i++) {
      lua_createtable(L, 0, 3);
      lua_pushlstring(L, a->arena.data + a->lines[i].text.off, a->lines[i].text.len);
      set_extra(L, KEY_TEXT);
      lua_pushstring(L, zt_article_kind_name(a->lines[i].kind));
      set_extra(L, KEY_KIND);
      lua_pushstring(L, a->lines[i].rule);
      set_extra(L, KEY_RULE);
      lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    set_extra(L, KEY_LINES);
    if (a->date_rule) {
      lua_pushstring(L, a->date_rule);
      set_extra(L, KEY_DATE_RULE);
    }
  }
  lua_pushstring(L, a->is_html ? "html" : "text");
  set_extra(L, KEY_FORMAT);
  lua_pushstring(L, a->encoding);
  set_extra(L, KEY_ENCODING);
}

/* article_parse(input [, opts]) -> record */
static int l_parse(lua_State *L) {
  size_t n;
  const char *s = luaL_checklstring(L, 1, &n);
  zt_article_parser *p = get_parser(L);
  zt_article_opts o;
  zt_clean_opts co;
  zt_date now;
  zt_article *a;
  int rc, clean_t;
  memset(&o, 0, sizeof o);
  lzt_check_options(L, 2, parse_keys);
  /* clean: a table of cleaning options, or false for values as written */
  clean_t = lua_isnoneornil(L, 2) ? LUA_TNIL : lua_getfield(L, 2, "clean");
  if (clean_t == LUA_TBOOLEAN && !lua_toboolean(L, -1)) {
    o.clean = NULL;
  } else if (clean_t == LUA_TNIL || clean_t == LUA_TBOOLEAN) {
    zt_clean_defaults(&co);
    o.clean = &co;
  } else if (clean_t == LUA_TTABLE) {
    lzt_read_clean_opts(L, lua_gettop(L), &co);
    o.clean = &co;
  } else {
    return luaL_argerror(L, 2, "option 'clean' must be a table or a boolean");
  }
  if (clean_t != LUA_TNIL || !lua_isnoneornil(L, 2)) lua_pop(L, 1);
  if (!lua_isnoneornil(L, 2)) {
    lua_getfield(L, 2, "now");
    if (read_now(L, lua_gettop(L), &now, "option 'now'")) o.now = &now;
    lua_pop(L, 1);
  }
  o.url = lzt_opt_string(L, 2, "url", NULL);
  o.explain = lzt_opt_bool(L, 2, "explain", 0);
  o.mode = lzt_opt_enum(L, 2, "mode", mode_names, 0);
  /* the record lives in a userdata whose __gc frees it, so a Lua error cannot leak it */
  a = (zt_article *)lua_newuserdatauv(L, sizeof *a, 0);
  memset(a, 0, sizeof *a);
  if (luaL_newmetatable(L, RECORD_MT)) {
    lua_pushcfunction(L, record_gc);
    lua_setfield(L, -2, "__gc");
  }
  lua_setmetatable(L, -2);
  rc = zt_article_parse(p, s, n, &o, a);
  if (rc != ZT_OK) {
    zt_article_free(a);
    return lzt_error(L, rc);
  }
  push_record(L, a);
  zt_article_free(a);
  return 1;
}

/* article_parse_date(s [, now]) -> iso | nil */
static int l_parse_date(lua_State *L) {
  size_t n;
  const char *s = luaL_checklstring(L, 1, &n);
  zt_date now, d;
  int have_now = read_now(L, 2, &now, "argument #2 'now'");
  char buf[40];
  if (!zt_date_parse(s, n, have_now ? &now : NULL, &d)) {
    luaL_pushfail(L);
    return 1;
  }
  lua_pushlstring(L, buf, zt_date_format(&d, buf));
  return 1;
}

void lzt_open_article(lua_State *L) {
  static const luaL_Reg funcs[] = {{"article_parse", l_parse},
                                   {"article_parse_date", l_parse_date},
                                   {NULL, NULL}};
  ud_parser *u;
  u = (ud_parser *)lua_newuserdatauv(L, sizeof *u, 0);
  u->p = NULL;
  if (luaL_newmetatable(L, PARSER_MT)) {
    lua_pushcfunction(L, parser_gc);
    lua_setfield(L, -2, "__gc");
    lua_pushcfunction(L, parser_gc);
    lua_setfield(L, -2, "__close");
  }
  lua_setmetatable(L, -2);
  if (zt_article_parser_new(&u->p) != ZT_OK) {
    lzt_error(L, ZT_ENOMEM);
    return;
  }
  push_keys(L);
  luaL_setfuncs(L, funcs, 2);
  push_field_list(L);
  lua_setfield(L, -2, "article_fields");
}
