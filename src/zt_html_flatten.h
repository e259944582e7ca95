/* zt_html_flatten (private to zt_html.c): libxml2 (2.9) stops parsing for good past 256 levels
 * of open elements unless XML_PARSE_HUGE is given, and HUGE alone matches closing tags by
 * scanning the whole open-element stack (quadratic on 40k unclosed <font>s). A page that made
 * the parser stop is parsed again from a copy whose start tags deeper than `limit` are left
 * out: their text stays, nested in the element at the limit. */
#ifndef ZT_HTML_FLATTEN_H
#define ZT_HTML_FLATTEN_H

#include <stddef.h>

#include "zt_buf.h"

/* Writes the flattened copy of s[0..n) to out; returns how many start tags were left out, or
 * (size_t)-1 when out of memory. */
size_t zt_html_flatten(const char *s, size_t n, size_t limit, zt_buf *out);

#endif
