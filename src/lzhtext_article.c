/* Binding for the article feature: filled in by its issue. */
#include "lzhtext.h"

void lzt_open_article(lua_State *L) {
  (void)L;
}
