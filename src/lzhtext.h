/* The Lua binding's shared helpers. Only src/lzhtext*.c include lua.h; each feature has its own
 * binding file with an lzt_open_<feature>(L) that adds its functions to the module table on
 * the top of the stack. */
#ifndef LZHTEXT_H
#define LZHTEXT_H

#include <lua.h>
#include <lauxlib.h>

#include "lzhtext_compat.h"

/* Raises "bad argument #idx to 'fname' (unknown option 'key')" for any string key of the
 * options table at idx that is not in known (NULL-terminated). A nil/none idx is accepted. */
void lzt_check_options(lua_State *L, int idx, const char *const known[]);

/* Option readers: the value of key in the options table at idx (which may be nil/none), or def.
 * A wrong type or an unknown enum value raises an error naming the option. */
int lzt_opt_bool(lua_State *L, int idx, const char *key, int def);
int lzt_opt_enum(lua_State *L, int idx, const char *key, const char *const names[], int def);
lua_Integer lzt_opt_int(lua_State *L, int idx, const char *key, lua_Integer def);
const char *lzt_opt_string(lua_State *L, int idx, const char *key, const char *def);

/* Raises a Lua error for a core status code (out of memory, etc.). */
int lzt_error(lua_State *L, int code);

/* Feature registration: each adds functions to the table on top of the stack. */
void lzt_open_text(lua_State *L);     /* lzhtext_text.c: clean, decode, convert, utf8 */
void lzt_open_seg(lua_State *L);      /* lzhtext_seg.c: dictionary segmentation */
void lzt_open_article(lua_State *L);  /* lzhtext_article.c: article parsing, dates */
void lzt_open_lac(lua_State *L);      /* lzhtext_lac.c: the neural model */
void lzt_open_simhash(lua_State *L);  /* lzhtext_simhash.c: fingerprints */
void lzt_open_sentences(lua_State *L); /* lzhtext_sentences.c: sentence splitting */
void lzt_open_quality(lua_State *L);   /* lzhtext_quality.c: document quality signals */
void lzt_open_io(lua_State *L);        /* lzhtext_io.c: core.io, system calls for the command */

#endif
