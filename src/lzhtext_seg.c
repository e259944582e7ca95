/* Binding for the seg feature: filled in by its issue. */
#include "lzhtext.h"

void lzt_open_seg(lua_State *L) {
  (void)L;
}
