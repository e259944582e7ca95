/* The binding's portability layer: the binding is written against the Lua 5.4 API, and this
 * header maps that API onto Lua 5.3, Lua 5.1 and LuaJIT 2.1 (the C core never sees lua.h).
 *
 * On 5.1 and LuaJIT, compat-5.3 (Debian: lua-compat53-dev) backports the 5.3 API; its
 * functions are compiled once, in lzhtext_compat.c, under the lzt_compat53_ prefix, so they
 * never clash with another module's copy inside the same process (nginx's lua module loads
 * several). The 5.4-only calls the binding makes get small shims here. Included by lzhtext.h,
 * so every src/lzhtext*.c sees it. docs/runtimes.md describes the differences users see. */
#ifndef LZHTEXT_COMPAT_H
#define LZHTEXT_COMPAT_H

#include <stdint.h>

#include <lua.h>
#include <lauxlib.h>

#if defined(LUA_VERSION_NUM) && LUA_VERSION_NUM < 503
#ifndef COMPAT53_PREFIX
#define COMPAT53_PREFIX lzt_compat53
#endif
#include <compat-5.3.h>
#endif

#if defined(LUA_VERSION_NUM) && LUA_VERSION_NUM < 504
/* A userdata with nuv user values: on 5.3 and below the single user value is a table that holds
 * them (created only when nuv > 0). */
void *lzt_newuserdatauv(lua_State *L, size_t size, int nuv);
int lzt_getiuservalue(lua_State *L, int idx, int n);
int lzt_setiuservalue(lua_State *L, int idx, int n);
int lzt_typeerror(lua_State *L, int arg, const char *tname);
#define lua_newuserdatauv(L, size, nuv) lzt_newuserdatauv((L), (size), (nuv))
#define lua_getiuservalue(L, idx, n) lzt_getiuservalue((L), (idx), (n))
#define lua_setiuservalue(L, idx, n) lzt_setiuservalue((L), (idx), (n))
#define luaL_typeerror(L, arg, tname) lzt_typeerror((L), (arg), (tname))
#define luaL_pushfail(L) lua_pushnil(L)
/* 5.4's lua_gc takes no third argument for the queries and collections the binding asks for */
#define lua_gc(L, what) (lua_gc)((L), (what), 0)
#endif

#if defined(LUA_VERSION_NUM) && LUA_VERSION_NUM < 503
/* 5.1's lua_pushfstring has no %I (lua_Integer): these format %s %d %I %f %p %c %U %% as 5.3
 * does, and luaL_error raises through them. */
const char *lzt_pushvfstring(lua_State *L, const char *fmt, va_list ap);
const char *lzt_pushfstring(lua_State *L, const char *fmt, ...);
int lzt_error_fmt(lua_State *L, const char *fmt, ...);
#define lua_pushvfstring lzt_pushvfstring
#define lua_pushfstring lzt_pushfstring
#define luaL_error lzt_error_fmt
#endif

/* 64-bit hashes and fingerprints. Lua 5.3 and 5.4: a Lua integer (all 64 bits, negative above
 * 2^63). 5.1 and LuaJIT, whose numbers are doubles exact only to 2^53: a string of 16 lowercase
 * hex digits. lzt_check_u64 accepts, on every runtime, that 16-digit string (any case) or an
 * integer (on 5.1/LuaJIT a number that is a whole number in 0..2^53), so a fingerprint written
 * down by one runtime is read by all. */
void lzt_push_u64(lua_State *L, uint64_t v);
uint64_t lzt_check_u64(lua_State *L, int idx);

#endif
