#include "zt_convert.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <opencc.h>

#include "zt_error.h"
#include "zt_utf8.h"

struct zt_converter {
  opencc_t od;
};

zt_converter *zt_converter_open(const char *config, char *err, size_t cap) {
  char name[256];
  size_t len = strlen(config);
  zt_converter *c;
  opencc_t od;
  if (len == 0 || len > 200) {
    if (cap) snprintf(err, cap, "bad OpenCC configuration name");
    return NULL;
  }
  if (strchr(config, '/') || (len > 5 && strcmp(config + len - 5, ".json") == 0))
    snprintf(name, sizeof name, "%s", config);
  else
    snprintf(name, sizeof name, "%s.json", config);
  od = opencc_open(name);
  if (od == (opencc_t)-1) {
    if (cap) snprintf(err, cap, "unknown OpenCC configuration '%s' (%s)", config, opencc_error());
    return NULL;
  }
  c = (zt_converter *)malloc(sizeof *c);
  if (!c) {
    opencc_close(od);
    if (cap) snprintf(err, cap, "out of memory");
    return NULL;
  }
  c->od = od;
  return c;
}

/* Converts one run of valid, NUL-free UTF-8. */
static int convert_run(zt_converter *c, const char *s, size_t n, zt_buf *out) {
  char *r;
  if (n == 0) return ZT_OK;
  r = opencc_convert_utf8(c->od, s, n);
  if (!r) { zt_buf_add(out, s, n); return out->oom ? ZT_ENOMEM : ZT_OK; }
  zt_buf_add(out, r, strlen(r));
  opencc_convert_utf8_free(r);
  return out->oom ? ZT_ENOMEM : ZT_OK;
}

int zt_convert(zt_converter *c, const char *s, size_t n, zt_buf *out) {
  const unsigned char *p = (const unsigned char *)s;
  size_t i = 0, run = 0;
  while (i < n) {
    int32_t cp;
    size_t k = zt_utf8_decode(p + i, n - i, &cp);
    if (cp > 0) { i += k; continue; }
    /* NUL or an ill-formed subpart: convert what came before, copy it through. */
    if (convert_run(c, s + run, i - run, out)) return ZT_ENOMEM;
    zt_buf_add(out, s + i, k);
    i += k;
    run = i;
  }
  if (convert_run(c, s + run, n - run, out)) return ZT_ENOMEM;
  return out->oom ? ZT_ENOMEM : ZT_OK;
}

void zt_converter_close(zt_converter *c) {
  if (!c) return;
  opencc_close(c->od);
  free(c);
}
