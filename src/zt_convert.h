/* zt_convert: traditional ↔ simplified Chinese through OpenCC. */
#ifndef ZT_CONVERT_H
#define ZT_CONVERT_H

#include <stddef.h>

#include "zt_buf.h"

typedef struct zt_converter zt_converter;

/* Opens an OpenCC configuration by short name ("t2s", "s2twp", ...), file name ("t2s.json") or
 * path. Returns NULL when OpenCC cannot open it; err[0..cap) then gets "cannot open OpenCC
 * configuration 'NAME' (REASON)", REASON a fixed phrase (never a quote of OpenCC's message,
 * which can hold a line of whatever file the path points to). Thread-safe. */
zt_converter *zt_converter_open(const char *config, char *err, size_t cap);

/* Converts s[0..n), appending to out. NUL bytes and ill-formed UTF-8 pass through unchanged
 * (OpenCC itself stops at NUL and rejects ill-formed input). */
int zt_convert(zt_converter *c, const char *s, size_t n, zt_buf *out);

void zt_converter_close(zt_converter *c);

/* opencc_open/opencc_close for the library's other OpenCC users, serialised by one process-wide
 * lock (OpenCC's opening is not thread-safe). Returns the opencc_t as a pointer, or NULL on
 * failure with a short reason (no file content) in err[0..cap) when cap > 0. */
void *zt_opencc_open(const char *name, char *err, size_t cap);
void zt_opencc_close(void *od);

#endif
