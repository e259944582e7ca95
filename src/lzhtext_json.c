/* The project's one JSON encoder (zhtext.core.json_encode, json_article), in C so that a record
 * is written in one pass over its table instead of a Lua walk of every field and word.
 *
 * Values follow lua-cjson's rules, which earlier output was made with: numbers as "%.14g" (NaN
 * and infinities are an error), cjson.null as null, a table whose keys are all positive integers
 * as an array (holes as null, an excessively sparse one an error), others as objects with string
 * or number keys. Unlike lua-cjson: "/" is not escaped, each byte of an invalid UTF-8 sequence
 * becomes U+FFFD (JSON text must be UTF-8), and object keys are sorted, so that the same record
 * is always the same bytes (lua-cjson follows the hash order, which changes between processes).
 *
 * json_encode(record, ranks): one line. Keys in ranks' order (key -> integer), then the others
 *   alphabetically; keys starting with "_" (internal fields) left out; an empty table value is
 *   [] (a record's tables are lists). A record with a non-string key is encoded as a plain value.
 * json_article(record): the indented form of zhtext.article.to_json: the fields of
 *   zt_article_fields.def first, in order (absent ones as null, absent lists as []), then the
 *   others alphabetically; empty tables as []. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lzhtext.h"
#include "zt_buf.h"

#define JSON_MT "zhtext.core.JsonBuffer"
#define MAX_DEPTH 1000
#define SPARSE_RATIO 2
#define SPARSE_SAFE 10

typedef struct jw {
  zt_buf b;
  int pretty;
} jw;

typedef struct jkey {
  const char *s; /* the key as JSON text: a Lua string held by the table, or num[] */
  size_t n;
  lua_Integer rank;
  int isnum;
  lua_Number num_key;
  char num[32];
} jkey;

static const char *const article_names[] = {
#define ZT_ARTICLE_FIELD(name, kind) #name,
#include "zt_article_fields.def"
#undef ZT_ARTICLE_FIELD
};
static const int article_lists[] = {
#define ZT_ARTICLE_FIELD(name, kind) ZT_JSON_##kind,
#define ZT_JSON_STRING 0
#define ZT_JSON_LIST 1
#include "zt_article_fields.def"
#undef ZT_ARTICLE_FIELD
};
#define N_ARTICLE (sizeof article_names / sizeof article_names[0])

static int jw_gc(lua_State *L) {
  jw *w = (jw *)luaL_checkudata(L, 1, JSON_MT);
  zt_buf_free(&w->b);
  return 0;
}

static jw *new_writer(lua_State *L, int pretty) {
  jw *w = (jw *)lua_newuserdatauv(L, sizeof *w, 0);
  memset(w, 0, sizeof *w);
  w->pretty = pretty;
  if (luaL_newmetatable(L, JSON_MT)) {
    lua_pushcfunction(L, jw_gc);
    lua_setfield(L, -2, "__gc");
  }
  lua_setmetatable(L, -2);
  return w;
}

static char *room(lua_State *L, jw *w, size_t n);
static void put(lua_State *L, jw *w, const char *s, size_t n) {
  memcpy(room(L, w, n), s, n);
  w->b.len += n;
}
#define PUTS(L, w, lit) put(L, w, lit, sizeof lit - 1)

static void indent(lua_State *L, jw *w, int level) {
  static const char spaces[] = "                                ";
  size_t n = (size_t)level * 2;
  while (n > 0) {
    size_t k = n < sizeof spaces - 1 ? n : sizeof spaces - 1;
    put(L, w, spaces, k);
    n -= k;
  }
}

/* Length of the well-formed UTF-8 sequence at p (RFC 3629: no overlong forms, no surrogates,
 * nothing past U+10FFFF), 0 when it is not one. */
static size_t utf8_seq(const unsigned char *p, size_t left) {
  unsigned char c = p[0], lo = 0x80, hi = 0xBF;
  size_t n, i;
  if (c >= 0xC2 && c <= 0xDF) n = 2;
  else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  if (left < n || p[1] < lo || p[1] > hi) return 0;
  for (i = 2; i < n; i++)
    if ((p[i] & 0xC0) != 0x80) return 0;
  return n;
}

/* Room for n more bytes, written straight into the buffer by the caller. */
static char *room(lua_State *L, jw *w, size_t n) {
  if (n > w->b.cap - w->b.len && !zt_buf_reserve(&w->b, n)) luaL_error(L, "not enough memory");
  return w->b.data + w->b.len;
}

/* Bytes written as they are: printable ASCII but '"' and '\\' (0x7F is escaped, as cjson does). */
#define ONES 0x0101010101010101ull
#define HIGHS 0x8080808080808080ull
/* Whether none of the 8 bytes of x needs a look: all are ASCII from 0x20 to 0x7E, none '"' or
 * '\\' (the classic "has a zero byte" test, on x and on x xor each byte to avoid). */
static inline int plain8(uint64_t x) {
  uint64_t q = x ^ (ONES * '"'), b = x ^ (ONES * '\\'), d = x ^ (ONES * 0x7F);
  uint64_t bad = (x - ONES * 0x20) | (q - ONES) | (b - ONES) | (d - ONES) | x;
  return (bad & HIGHS) == 0;
}

/* Length of a well-formed three-byte sequence at p (the common case of Chinese text), else 0. */
static inline size_t utf8_seq3(const unsigned char *p, size_t left) {
  unsigned char c = p[0];
  if ((c & 0xF0) != 0xE0 || left < 3 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80) return 0;
  if ((c == 0xE0 && p[1] < 0xA0) || (c == 0xED && p[1] > 0x9F)) return 0;
  return 3;
}

/* The room is reserved once for the worst case (every byte escaped as \u00XX), so the loop
 * writes without checks; a run of plain bytes (eight ASCII ones at a time, or whole UTF-8
 * characters) is copied at once. lead: a byte written first (a separator), 0 for none. */
static void put_string_after(lua_State *L, jw *w, char lead, const char *str, size_t n) {
  static const char hex[] = "0123456789abcdef";
  const unsigned char *s = (const unsigned char *)str;
  size_t i = 0, run = 0;
  char *o, *o0;
  if (n > (((size_t)-1) / 2 - 16) / 6) luaL_error(L, "not enough memory");
  o = o0 = room(L, w, n * 6 + 3);
  if (lead) *o++ = lead;
  *o++ = '"';
  while (i < n) {
    unsigned char c = s[i];
    if (c >= 0x80) {
      size_t k;
      if (utf8_seq3(s + i, n - i)) {
        i += 3;
        while (i + 3 <= n && utf8_seq3(s + i, 3)) i += 3; /* a run of them: Chinese text */
        continue;
      }
      if ((k = utf8_seq(s + i, n - i)) != 0) {
        i += k;
        continue;
      }
    } else if (c >= 0x20 && c != '"' && c != '\\' && c < 0x7F) {
      i++;
      while (i + 8 <= n) {
        uint64_t x;
        memcpy(&x, s + i, 8);
        if (!plain8(x)) break;
        i += 8;
      }
      continue;
    }
    memcpy(o, s + run, i - run);
    o += i - run;
    if (c >= 0x80) {
      memcpy(o, "\xEF\xBF\xBD", 3);
      o += 3;
    } else {
      *o++ = '\\';
      switch (c) {
        case '"': *o++ = '"'; break;
        case '\\': *o++ = '\\'; break;
        case '\b': *o++ = 'b'; break;
        case '\f': *o++ = 'f'; break;
        case '\n': *o++ = 'n'; break;
        case '\r': *o++ = 'r'; break;
        case '\t': *o++ = 't'; break;
        default:
          *o++ = 'u';
          *o++ = '0';
          *o++ = '0';
          *o++ = hex[c >> 4];
          *o++ = hex[c & 15];
      }
    }
    i++;
    run = i;
  }
  memcpy(o, s + run, n - run);
  o += n - run;
  *o++ = '"';
  w->b.len += (size_t)(o - o0);
}

/* s as a JSON string. */
static void put_string(lua_State *L, jw *w, const char *str, size_t n) { put_string_after(L, w, 0, str, n); }

/* lua-cjson's number text ("%.14g"), with "." whatever the C locale says. */
static size_t format_number(lua_State *L, lua_Number x, char *buf, size_t cap) {
  int k;
  char *p;
  if (isnan(x) || isinf(x)) luaL_error(L, "Cannot serialise number: must not be NaN or Infinity");
  k = snprintf(buf, cap, "%.14g", (double)x);
  if (k < 0 || (size_t)k >= cap) luaL_error(L, "Cannot serialise number");
  for (p = buf; *p; p++)
    if (*p == ',') *p = '.';
  return (size_t)k;
}

/* lua-cjson's test: > 0 the length of an array, 0 an empty table, -1 an object. */
static lua_Integer array_length(lua_State *L, int t) {
  lua_Number max = 0;
  lua_Integer items = 0;
  lua_pushnil(L);
  while (lua_next(L, t)) {
    lua_Number k;
    if (lua_isinteger(L, -2)) {
      lua_Integer ik = lua_tointeger(L, -2);
      lua_pop(L, 1);
      if (ik < 1 || ik >= ((lua_Integer)1 << 53)) {
        lua_pop(L, 1);
        return -1;
      }
      if ((lua_Number)ik > max) max = (lua_Number)ik;
      items++;
      continue;
    }
    if (lua_type(L, -2) != LUA_TNUMBER) {
      lua_pop(L, 2);
      return -1;
    }
    k = lua_tonumber(L, -2);
    if (!(floor(k) == k && k >= 1 && k < 9007199254740992.0)) {
      lua_pop(L, 2);
      return -1;
    }
    if (k > max) max = k;
    items++;
    lua_pop(L, 1);
  }
  if (max > (lua_Number)items * SPARSE_RATIO && max > SPARSE_SAFE)
    luaL_error(L, "Cannot serialise table: excessively sparse array");
  return (lua_Integer)max;
}

/* Number keys are formatted into their own entry, which qsort moves: read them through this. */
static const char *key_text(const jkey *k) { return k->isnum ? k->num : k->s; }

static int key_before(const void *pa, const void *pb) {
  const jkey *a = (const jkey *)pa, *b = (const jkey *)pb;
  size_t n = a->n < b->n ? a->n : b->n;
  int c;
  if (a->rank != b->rank) return a->rank < b->rank ? -1 : 1;
  c = memcmp(key_text(a), key_text(b), n);
  if (c) return c;
  return a->n < b->n ? -1 : a->n > b->n;
}

/* The keys of the table at t (an absolute index), sorted (by rank first, when ranks, the
 * absolute index of a table key -> integer, is not 0), in a userdata pushed on the stack (freed
 * by the collector, whatever error comes later). skip_private leaves out string keys starting
 * with "_"; *count is the number kept. */
static jkey *sorted_keys(lua_State *L, int t, int ranks, int skip_private, size_t *count) {
  size_t n = 0, cap = 0, i;
  jkey *keys;
  lua_pushnil(L);
  while (lua_next(L, t)) {
    cap++;
    lua_pop(L, 1);
  }
  keys = (jkey *)lua_newuserdatauv(L, (cap ? cap : 1) * sizeof *keys, 0);
  lua_pushnil(L);
  while (lua_next(L, t)) {
    jkey *k = &keys[n];
    int kt = lua_type(L, -2);
    lua_pop(L, 1);
    if (n >= cap) continue; /* cannot happen: the table is not changed in between */
    memset(k, 0, sizeof *k);
    k->rank = 1000;
    if (kt == LUA_TSTRING) {
      k->s = lua_tolstring(L, -1, &k->n); /* held by the table, which is not changed */
      if (skip_private && k->n > 0 && k->s[0] == '_') continue;
      if (ranks) {
        lua_pushvalue(L, -1);
        if (lua_rawget(L, ranks) == LUA_TNUMBER) k->rank = (lua_Integer)lua_tonumber(L, -1);
        lua_pop(L, 1);
      }
    } else if (kt == LUA_TNUMBER) {
      k->isnum = 1;
      k->num_key = lua_tonumber(L, -1);
      k->n = format_number(L, k->num_key, k->num, sizeof k->num);
    } else {
      luaL_error(L, "Cannot serialise table: table key must be a number or string");
    }
    n++;
  }
  qsort(keys, n, sizeof *keys, key_before);
  for (i = 0; i < n; i++)
    if (keys[i].isnum) keys[i].s = keys[i].num;
  *count = n;
  return keys;
}

static void put_value(lua_State *L, jw *w, int idx, int depth, int top);

/* Pushes t[key] for a sorted key. */
static void push_entry(lua_State *L, int t, const jkey *k) {
  if (k->isnum) lua_pushnumber(L, k->num_key);
  else lua_pushlstring(L, k->s, k->n);
  lua_rawget(L, t);
}

static void put_object(lua_State *L, jw *w, int t, int depth) {
  size_t n, i;
  jkey *keys = sorted_keys(L, t, 0, 0, &n);
  put(L, w, "{", 1);
  for (i = 0; i < n; i++) {
    if (i) put(L, w, ",", 1);
    if (w->pretty) {
      put(L, w, "\n", 1);
      indent(L, w, depth + 1);
    }
    put_string(L, w, keys[i].s, keys[i].n);
    if (w->pretty) PUTS(L, w, ": ");
    else put(L, w, ":", 1);
    push_entry(L, t, &keys[i]);
    put_value(L, w, lua_gettop(L), depth + 1, 0);
    lua_pop(L, 1);
  }
  if (w->pretty) {
    put(L, w, "\n", 1);
    indent(L, w, depth);
  }
  put(L, w, "}", 1);
  lua_pop(L, 1); /* keys */
}

static void put_array(lua_State *L, jw *w, int t, lua_Integer len, int depth) {
  lua_Integer i;
  put(L, w, "[", 1);
  for (i = 1; i <= len; i++) {
    if (i > 1) put(L, w, ",", 1);
    if (w->pretty) {
      put(L, w, "\n", 1);
      indent(L, w, depth + 1);
    }
    lua_rawgeti(L, t, i);
    put_value(L, w, lua_gettop(L), depth + 1, 0);
    lua_pop(L, 1);
  }
  if (w->pretty) {
    put(L, w, "\n", 1);
    indent(L, w, depth);
  }
  put(L, w, "]", 1);
}

/* A list of strings, numbers and booleans (the words of a record, its paragraphs), written in
 * one walk: while lua_next gives the keys 1, 2, 3... in order with such values, they are written
 * as they come. Anything else (another key, a table or an unwritable value inside, an empty
 * table) undoes what was written and returns 0, for the general path (array_length, then the
 * array or object), which then writes what it always did and raises the errors it always
 * raised; a list taken to its end is what put_array would have written. */
static int put_plain_list(lua_State *L, jw *w, int t) {
  size_t mark = w->b.len;
  lua_Integer want = 1;
  put(L, w, "[", 1);
  lua_pushnil(L);
  while (lua_next(L, t)) {
    int vt = lua_type(L, -1);
    if (!lua_isinteger(L, -2) || lua_tointeger(L, -2) != want) goto undo;
    if (vt == LUA_TSTRING) {
      size_t n;
      const char *v = lua_tolstring(L, -1, &n);
      put_string_after(L, w, want > 1 ? ',' : 0, v, n);
    } else if (vt == LUA_TNUMBER || vt == LUA_TBOOLEAN) {
      if (want > 1) put(L, w, ",", 1);
      if (vt == LUA_TNUMBER) {
        lua_Number x = lua_tonumber(L, -1);
        if (isnan(x) || isinf(x)) goto undo;
      }
      put_value(L, w, lua_gettop(L), 1, 0);
    } else {
      goto undo;
    }
    lua_pop(L, 1);
    want += 1;
  }
  if (want == 1) {
    w->b.len = mark;
    return 0;
  }
  put(L, w, "]", 1);
  return 1;
undo:
  lua_pop(L, 2);
  w->b.len = mark;
  return 0;
}

/* The value at idx. top: a record's field value, where an empty table is [] (nested ones are
 * {} as lua-cjson writes them, [] in the indented form). */
static void put_value(lua_State *L, jw *w, int idx, int depth, int top) {
  char num[32];
  size_t n;
  switch (lua_type(L, idx)) {
    case LUA_TNIL: PUTS(L, w, "null"); return;
    case LUA_TBOOLEAN:
      if (lua_toboolean(L, idx)) PUTS(L, w, "true");
      else PUTS(L, w, "false");
      return;
    case LUA_TNUMBER:
      /* 5.1/LuaJIT have no integer subtype (compat's lua_isinteger says "integral", -0.0
       * too): there every number takes cjson's "%.14g" path below */
      if (LUA_VERSION_NUM >= 503 && lua_isinteger(L, idx)) {
        /* "%.14g" writes an integer of at most 14 digits as it is */
        lua_Integer v = lua_tointeger(L, idx);
        if (v > -100000000000000LL && v < 100000000000000LL) {
          n = (size_t)snprintf(num, sizeof num, "%lld", (long long)v);
          put(L, w, num, n);
          return;
        }
      }
      n = format_number(L, lua_tonumber(L, idx), num, sizeof num);
      put(L, w, num, n);
      return;
    case LUA_TSTRING: {
      const char *s = lua_tolstring(L, idx, &n);
      put_string(L, w, s, n);
      return;
    }
    case LUA_TLIGHTUSERDATA:
      if (lua_touserdata(L, idx) == NULL) { /* cjson.null */
        PUTS(L, w, "null");
        return;
      }
      break;
    case LUA_TTABLE: {
      lua_Integer len;
      if (depth >= MAX_DEPTH) luaL_error(L, "Cannot serialise, excessive nesting (%d)", depth + 1);
      luaL_checkstack(L, 6, "json: nesting");
      if (!w->pretty && put_plain_list(L, w, idx)) return;
      len = array_length(L, idx);
      if (len == 0) {
        if (top || w->pretty) PUTS(L, w, "[]");
        else PUTS(L, w, "{}");
      } else if (len > 0) {
        put_array(L, w, idx, len, depth);
      } else {
        put_object(L, w, idx, depth);
      }
      return;
    }
    default: break;
  }
  luaL_error(L, "Cannot serialise %s: type not supported", luaL_typename(L, idx));
}

static int only_string_keys(lua_State *L, int t) {
  lua_pushnil(L);
  while (lua_next(L, t)) {
    if (lua_type(L, -2) != LUA_TSTRING) {
      lua_pop(L, 2);
      return 0;
    }
    lua_pop(L, 1);
  }
  return 1;
}

static int finish(lua_State *L, jw *w) {
  lua_pushlstring(L, w->b.data ? w->b.data : "", w->b.len);
  return 1;
}

/* The writer of json_encode, kept between calls in its upvalue with its buffer (a record's
 * line is written into memory already allocated and touched): taken for the call, leaving false
 * behind, so that a call made while this one runs (from a finalizer) gets a writer of its own,
 * and one that raises an error just loses its writer to the collector. Pushed on the stack. */
static jw *take_writer(lua_State *L) {
  jw *w;
  if (lua_type(L, lua_upvalueindex(1)) != LUA_TUSERDATA) return new_writer(L, 0);
  lua_pushvalue(L, lua_upvalueindex(1));
  w = (jw *)lua_touserdata(L, -1);
  lua_pushboolean(L, 0);
  lua_replace(L, lua_upvalueindex(1));
  w->b.len = 0;
  w->b.oom = 0;
  return w;
}

/* Pushes the line written and gives the writer at wi back (its buffer freed first when one
 * huge record made it large, so that it does not pin the memory). */
static int finish_kept(lua_State *L, jw *w, int wi) {
  lua_pushlstring(L, w->b.data ? w->b.data : "", w->b.len);
  if (w->b.cap > ((size_t)1 << 20)) zt_buf_free(&w->b);
  lua_pushvalue(L, wi);
  lua_replace(L, lua_upvalueindex(1));
  return 1;
}

/* json_encode(record [, ranks]) -> one line of JSON */
static int l_json_encode(lua_State *L) {
  int ranks = lua_isnoneornil(L, 2) ? 0 : 2;
  jw *w;
  size_t n, i;
  jkey *keys;
  int wi;
  if (ranks) luaL_checktype(L, 2, LUA_TTABLE);
  lua_settop(L, 2);
  w = take_writer(L);
  wi = lua_gettop(L);
  if (lua_type(L, 1) != LUA_TTABLE || !only_string_keys(L, 1)) {
    put_value(L, w, 1, 0, 0);
    return finish_kept(L, w, wi);
  }
  keys = sorted_keys(L, 1, ranks, 1, &n);
  put(L, w, "{", 1);
  for (i = 0; i < n; i++) {
    if (i) put(L, w, ",", 1);
    put_string(L, w, keys[i].s, keys[i].n);
    put(L, w, ":", 1);
    push_entry(L, 1, &keys[i]);
    put_value(L, w, lua_gettop(L), 1, 1);
    lua_pop(L, 1);
  }
  put(L, w, "}", 1);
  lua_settop(L, wi);
  return finish_kept(L, w, wi);
}

/* json_article(record) -> the indented form */
static int l_json_article(lua_State *L) {
  jw *w;
  size_t n, i, f, written = 0;
  jkey *keys;
  int wi;
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_settop(L, 1);
  w = new_writer(L, 1);
  wi = lua_gettop(L);
  lua_createtable(L, 0, (int)N_ARTICLE); /* field -> rank */
  for (f = 0; f < N_ARTICLE; f++) {
    lua_pushinteger(L, (lua_Integer)f);
    lua_setfield(L, -2, article_names[f]);
  }
  keys = sorted_keys(L, 1, wi + 1, 0, &n);
  PUTS(L, w, "{");
  for (f = 0, i = 0; f < N_ARTICLE || i < n;) {
    int absent = 0;
    if (f < N_ARTICLE && (i >= n || keys[i].rank != (lua_Integer)f)) {
      absent = 1; /* a schema field the record lacks */
    }
    if (written) PUTS(L, w, ",\n  ");
    else PUTS(L, w, "\n  ");
    written++;
    if (absent) {
      put_string(L, w, article_names[f], strlen(article_names[f]));
      if (article_lists[f]) PUTS(L, w, ": []");
      else PUTS(L, w, ": null");
      f++;
      continue;
    }
    put_string(L, w, keys[i].s, keys[i].n);
    PUTS(L, w, ": ");
    push_entry(L, 1, &keys[i]);
    if (f < N_ARTICLE && lua_isnil(L, -1) && article_lists[f]) PUTS(L, w, "[]");
    else put_value(L, w, lua_gettop(L), 1, 1);
    lua_pop(L, 1);
    if (f < N_ARTICLE) f++;
    i++;
  }
  PUTS(L, w, "\n}");
  lua_settop(L, wi);
  return finish(L, w);
}

void lzt_open_json(lua_State *L);
void lzt_open_json(lua_State *L) {
  static const luaL_Reg funcs[] = {{"json_article", l_json_article}, {NULL, NULL}};
  luaL_setfuncs(L, funcs, 0);
  lua_pushboolean(L, 0); /* no writer yet */
  lua_pushcclosure(L, l_json_encode, 1);
  lua_setfield(L, -2, "json_encode");
}
