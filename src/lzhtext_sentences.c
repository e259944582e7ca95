/* zhtext.core sentences: zt.sentences(text [, opts]) -> {{text=, start=, stop=}, ...}
 * start/stop are 1-based inclusive byte offsets into text, as zt.tokenize's. */
#include "lzhtext.h"
#include "zt_sentences.h"

static const char *const sentence_keys[] = {"semicolon", NULL};

typedef struct collect {
  lua_State *L;
  const char *s;
  lua_Integer count;
} collect;

/* Errors raised here unwind through zt_sentences, which holds no resources. */
static int add_sentence(void *ud, size_t off, size_t len) {
  collect *c = (collect *)ud;
  lua_State *L = c->L;
  lua_createtable(L, 0, 3);
  lua_pushlstring(L, c->s + off, len);
  lua_setfield(L, -2, "text");
  lua_pushinteger(L, (lua_Integer)off + 1);
  lua_setfield(L, -2, "start");
  lua_pushinteger(L, (lua_Integer)(off + len));
  lua_setfield(L, -2, "stop");
  lua_rawseti(L, -2, ++c->count);
  return 0;
}

static int l_sentences(lua_State *L) {
  size_t n;
  const char *s = luaL_checklstring(L, 1, &n);
  zt_sentences_opts o;
  collect c;
  lzt_check_options(L, 2, sentence_keys);
  o.semicolon = lzt_opt_bool(L, 2, "semicolon", 0);
  c.L = L;
  c.s = s;
  c.count = 0;
  lua_settop(L, 2);
  lua_newtable(L);
  (void)zt_sentences(s, n, &o, add_sentence, &c);
  return 1;
}

static const luaL_Reg funcs[] = {
  {"sentences", l_sentences},
  {NULL, NULL},
};

void lzt_open_sentences(lua_State *L) { luaL_setfuncs(L, funcs, 0); }
