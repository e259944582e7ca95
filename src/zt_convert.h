/* zt_convert: traditional ↔ simplified Chinese through OpenCC. */
#ifndef ZT_CONVERT_H
#define ZT_CONVERT_H

#include <stddef.h>

#include "zt_buf.h"

typedef struct zt_converter zt_converter;

/* Opens an OpenCC configuration by short name ("t2s", "s2twp", ...), file name ("t2s.json") or
 * path. Returns NULL when OpenCC cannot open it (the reason is written to err[0..cap)). */
zt_converter *zt_converter_open(const char *config, char *err, size_t cap);

/* Converts s[0..n), appending to out. NUL bytes and ill-formed UTF-8 pass through unchanged
 * (OpenCC itself stops at NUL and rejects ill-formed input). */
int zt_convert(zt_converter *c, const char *s, size_t n, zt_buf *out);

void zt_converter_close(zt_converter *c);

#endif
