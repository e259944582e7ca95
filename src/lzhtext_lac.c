/* Binding for the lac feature: filled in by its issue. */
#include "lzhtext.h"

void lzt_open_lac(lua_State *L) {
  (void)L;
}
