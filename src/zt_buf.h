/* zt_buf: a growable byte buffer with a sticky out-of-memory flag.
 *
 * Every writer in the core appends through these helpers and checks `oom` once at the end,
 * which keeps error paths out of the hot loops. The buffer owns `data`; zt_buf_free releases it,
 * zt_buf_steal hands it to the caller.
 */
#ifndef ZT_BUF_H
#define ZT_BUF_H

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

typedef struct zt_buf {
  char *data;
  size_t len;
  size_t cap;
  int oom;
} zt_buf;

#define ZT_BUF_INIT {NULL, 0, 0, 0}

/* Makes room for `extra` more bytes; returns 0 (and sets oom) when that is impossible. */
static inline int zt_buf_reserve(zt_buf *b, size_t extra) {
  size_t need, cap;
  char *p;
  if (b->oom) return 0;
  if (extra <= b->cap - b->len) return 1;
  if (extra > ((size_t)-1) / 2 - b->len) { b->oom = 1; return 0; }
  need = b->len + extra;
  cap = b->cap ? b->cap : 64;
  while (cap < need) cap *= 2;
  p = (char *)realloc(b->data, cap);
  if (!p) { b->oom = 1; return 0; }
  b->data = p;
  b->cap = cap;
  return 1;
}

static inline void zt_buf_add(zt_buf *b, const void *s, size_t n) {
  if (n && zt_buf_reserve(b, n)) { memcpy(b->data + b->len, s, n); b->len += n; }
}

static inline void zt_buf_addc(zt_buf *b, char c) {
  if (zt_buf_reserve(b, 1)) b->data[b->len++] = c;
}

static inline void zt_buf_free(zt_buf *b) {
  free(b->data);
  b->data = NULL;
  b->len = b->cap = 0;
}

/* Returns the bytes (NUL-terminated, length in *len) and leaves the buffer empty. NULL on oom. */
static inline char *zt_buf_steal(zt_buf *b, size_t *len) {
  char *p;
  if (!zt_buf_reserve(b, 1)) { zt_buf_free(b); return NULL; }
  b->data[b->len] = '\0';
  p = b->data;
  if (len) *len = b->len;
  b->data = NULL;
  b->len = b->cap = 0;
  return p;
}

#endif
