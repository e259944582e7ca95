/* The shims declared in lzhtext_compat.h, and (on 5.1 and LuaJIT) compat-5.3's functions,
 * compiled once under their lzt_compat53_ prefix. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <lua.h>

#if LUA_VERSION_NUM < 503
#define COMPAT53_PREFIX lzt_compat53
#define COMPAT53_API extern
#include <compat-5.3.c>
#endif

#include "lzhtext.h"

#if LUA_VERSION_NUM < 504
void *lzt_newuserdatauv(lua_State *L, size_t size, int nuv) {
  void *p = lua_newuserdata(L, size);
  if (nuv > 0) {
    lua_createtable(L, nuv, 0);
    lua_setuservalue(L, -2);
  }
  return p;
}

int lzt_getiuservalue(lua_State *L, int idx, int n) {
  int t;
  lua_getuservalue(L, idx);
  if (lua_type(L, -1) != LUA_TTABLE || n < 1) {
    lua_pop(L, 1);
    lua_pushnil(L);
    return LUA_TNONE;
  }
  lua_rawgeti(L, -1, n);
  t = lua_type(L, -1);
  lua_remove(L, -2);
  return t;
}

int lzt_setiuservalue(lua_State *L, int idx, int n) {
  idx = lua_absindex(L, idx);
  lua_getuservalue(L, idx);
  if (lua_type(L, -1) != LUA_TTABLE || n < 1) {
    lua_pop(L, 2);
    return 0;
  }
  lua_insert(L, -2);
  lua_rawseti(L, -2, n);
  lua_pop(L, 1);
  return 1;
}

int lzt_typeerror(lua_State *L, int arg, const char *tname) {
  const char *got;
  if (luaL_getmetafield(L, arg, "__name") == LUA_TSTRING) got = lua_tostring(L, -1);
  else if (lua_type(L, arg) == LUA_TLIGHTUSERDATA) got = "light userdata";
  else got = luaL_typename(L, arg);
  return luaL_argerror(L, arg, lua_pushfstring(L, "%s expected, got %s", tname, got));
}
#endif

#if LUA_VERSION_NUM < 503
static void add_formatted(luaL_Buffer *b, const char *fmt, ...) {
  char tmp[64];
  int n;
  va_list ap;
  va_start(ap, fmt);
  n = vsnprintf(tmp, sizeof tmp, fmt, ap);
  va_end(ap);
  if (n > 0) luaL_addlstring(b, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

const char *lzt_pushvfstring(lua_State *L, const char *fmt, va_list ap) {
  luaL_Buffer b;
  const char *p;
  luaL_buffinit(L, &b);
  for (p = fmt; *p; p++) {
    if (*p != '%' || p[1] == '\0') {
      luaL_addchar(&b, *p);
      continue;
    }
    switch (*++p) {
    case 's': {
      const char *s = va_arg(ap, const char *);
      luaL_addstring(&b, s ? s : "(null)");
      break;
    }
    case 'd': add_formatted(&b, "%d", va_arg(ap, int)); break;
    case 'I': add_formatted(&b, "%lld", (long long)va_arg(ap, lua_Integer)); break;
    case 'f': add_formatted(&b, "%.14g", (double)va_arg(ap, lua_Number)); break;
    case 'p': add_formatted(&b, "%p", va_arg(ap, void *)); break;
    case 'c': luaL_addchar(&b, (char)va_arg(ap, int)); break;
    case 'U': add_formatted(&b, "U+%04lX", (unsigned long)va_arg(ap, long)); break;
    case '%': luaL_addchar(&b, '%'); break;
    default: luaL_addchar(&b, '%'); luaL_addchar(&b, *p); break;
    }
  }
  luaL_pushresult(&b);
  return lua_tostring(L, -1);
}

const char *lzt_pushfstring(lua_State *L, const char *fmt, ...) {
  const char *s;
  va_list ap;
  va_start(ap, fmt);
  s = lzt_pushvfstring(L, fmt, ap);
  va_end(ap);
  return s;
}

int lzt_error_fmt(lua_State *L, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  luaL_where(L, 1);
  lzt_pushvfstring(L, fmt, ap);
  va_end(ap);
  lua_concat(L, 2);
  return lua_error(L);
}
#endif

static int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* 16 hex digits -> *v; 0 for any other string */
static int parse_hex16(const char *s, size_t n, uint64_t *v) {
  size_t i;
  uint64_t x = 0;
  if (n != 16) return 0;
  for (i = 0; i < n; i++) {
    int d = hex_value(s[i]);
    if (d < 0) return 0;
    x = (x << 4) | (uint64_t)d;
  }
  *v = x;
  return 1;
}

void lzt_push_u64(lua_State *L, uint64_t v) {
#if LUA_VERSION_NUM >= 503
  lua_pushinteger(L, (lua_Integer)v);
#else
  char hex[17];
  snprintf(hex, sizeof hex, "%016llx", (unsigned long long)v);
  lua_pushlstring(L, hex, 16);
#endif
}

uint64_t lzt_check_u64(lua_State *L, int idx) {
  uint64_t v;
  if (lua_type(L, idx) == LUA_TSTRING) {
    size_t n;
    const char *s = lua_tolstring(L, idx, &n);
    if (parse_hex16(s, n, &v)) return v;
  }
#if LUA_VERSION_NUM >= 503
  return (uint64_t)luaL_checkinteger(L, idx);
#else
  if (lua_type(L, idx) == LUA_TNUMBER) {
    lua_Number x = lua_tonumber(L, idx);
    /* 2^53: the largest range in which every whole double is exact */
    if (x >= 0 && x <= 9007199254740992.0 && x == (lua_Number)(uint64_t)x) return (uint64_t)x;
  }
  return (uint64_t)luaL_argerror(L, idx, "64-bit value expected (16 hex digits, or a whole number 0..2^53)");
#endif
}
