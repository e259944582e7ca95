/* libFuzzer harness for the Lua binding: one Lua state with zhtext loaded (zhtext.core linked
 * in, built with the fuzzer's sanitizers; the Lua modules from the source tree), and each input
 * (package.path; C modules such as cjson load from the system as usual, zhtext.core is
 * preloaded) drives one call of the public API through tests/fuzz/fuzz_lua_driver.lua: the first byte picks
 * the function, the second its options, the rest is the input string. Lua errors are fine
 * (caught); crashes, UBSan reports and leaks are not. The state lives for the whole run (loading
 * the dictionary and model per input would be too slow), with a full collection after each
 * input: finalizers run, and what an input allocated is freed before the next one (libFuzzer
 * otherwise runs a leak scan of the whole heap after every input whose mallocs and frees
 * differ). FUZZ_ROOT (set by the Makefile) is the source tree; ZHTEXT_DATA_DIR
 * the built data. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int luaopen_zhtext_core(lua_State *L);

#ifndef FUZZ_ROOT
#define FUZZ_ROOT "."
#endif

static lua_State *L;
static int drive = LUA_NOREF;

static void setup(void) {
  L = luaL_newstate();
  if (!L) abort();
  luaL_openlibs(L);
  lua_getglobal(L, "package");
  lua_getfield(L, -1, "preload");
  lua_pushcfunction(L, luaopen_zhtext_core);
  lua_setfield(L, -2, "zhtext.core");
  lua_pop(L, 1);
  lua_pushliteral(L, FUZZ_ROOT "/lua/?.lua;" FUZZ_ROOT "/lua/?/init.lua");
  lua_setfield(L, -2, "path");
  lua_pop(L, 1);
  if (luaL_loadfile(L, FUZZ_ROOT "/tests/fuzz/fuzz_lua_driver.lua") != LUA_OK ||
      lua_pcall(L, 0, 1, 0) != LUA_OK || !lua_isfunction(L, -1)) {
    fprintf(stderr, "fuzz_lua: driver: %s\n", lua_tostring(L, -1));
    abort();
  }
  drive = luaL_ref(L, LUA_REGISTRYINDEX);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 2) return 0;
  if (!L) setup();
  lua_rawgeti(L, LUA_REGISTRYINDEX, drive);
  lua_pushinteger(L, data[0]);
  lua_pushinteger(L, data[1]);
  lua_pushlstring(L, (const char *)data + 2, size - 2);
  if (lua_pcall(L, 3, 0, 0) != LUA_OK) {
    if (getenv("FUZZ_LUA_VERBOSE")) fprintf(stderr, "fuzz_lua: %s\n", luaL_tolstring(L, -1, NULL));
    lua_settop(L, 0);
  }
  lua_gc(L, LUA_GCCOLLECT);
  return 0;
}
