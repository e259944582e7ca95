/* zt_encoding: detect the encoding of scraped bytes and convert them to UTF-8.
 *
 * Valid UTF-8 passes through untouched. Otherwise: a BOM, then a <meta charset> declaration,
 * then uchardet, with a check that a CJK guess really decodes. GB2312 and GBK are decoded as
 * GB18030 (their superset) and Big5 as Big5-HKSCS, through iconv.
 */
#ifndef ZT_ENCODING_H
#define ZT_ENCODING_H

#include <stddef.h>

#include "zt_buf.h"
#include "zt_clean.h"

/* Writes the detected encoding's iconv name (e.g. "UTF-8", "GB18030", "BIG5-HKSCS") into
 * name[0..cap). Never fails: GB18030 is the fallback for undetectable non-UTF-8 bytes. */
void zt_detect_encoding(const char *s, size_t n, char *name, size_t cap);

/* Converts s[0..n) from `encoding` (NULL: detect) to UTF-8, appending to out. The encoding
 * actually used is written to used[0..cap). Undecodable bytes follow `policy` (replace with
 * U+FFFD, drop, or error: ZT_EDECODE with *err_pos the 0-based offset). An encoding iconv does
 * not know gives ZT_EINVAL. */
int zt_decode(const char *s, size_t n, const char *encoding, zt_invalid policy, zt_buf *out,
              char *used, size_t cap, size_t *err_pos);

#endif
