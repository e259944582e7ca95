/* Binding for the simhash feature: filled in by its issue. */
#include "lzhtext.h"

void lzt_open_simhash(lua_State *L) {
  (void)L;
}
