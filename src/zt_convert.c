/* zt_convert: OpenCC conversion, and the one lock every OpenCC open and close takes. */
#include "zt_convert.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sys/stat.h>
#include <unistd.h>

#include <opencc.h>

#include "zt_error.h"
#include "zt_utf8.h"

struct zt_converter {
  opencc_t od;
};

/* OpenCC's opening (configuration search, dictionary loading, the error string it keeps in a
 * static) is not thread-safe: every open and close in the library goes through this one lock.
 * The accepted exception to "no global mutable state": a lock guarding a library's globals. */
static pthread_mutex_t opencc_lock = PTHREAD_MUTEX_INITIALIZER;

/* A short reason for a failed open that never quotes OpenCC's message: that message can hold
 * a line of whatever file the configuration (or a dictionary it names) points to. */
static const char *open_failure(const char *name) {
  const char *m = opencc_error();
  if (strchr(name, '/')) {
    struct stat st;
    if (stat(name, &st) != 0) return errno == ENOENT ? "no such file" : "cannot read it";
    if (!S_ISREG(st.st_mode)) return "not a regular file";
    if (access(name, R_OK) != 0) return "permission denied";
  }
  if (!m) return "OpenCC cannot load it";
  if (strstr(m, "not found or not accessible"))
    return strchr(name, '/') ? "a file it names is missing or unreadable"
                             : "not found in OpenCC's data directory";
  if (!strncmp(m, "Invalid format", 14)) return "not a valid OpenCC configuration";
  if (!strncmp(m, "Invalid text dictionary", 23) || strstr(m, "dictionary"))
    return "a dictionary it names is not a valid OpenCC dictionary";
  return "OpenCC cannot load it";
}

void *zt_opencc_open(const char *name, char *err, size_t cap) {
  opencc_t od;
  pthread_mutex_lock(&opencc_lock);
  od = opencc_open(name);
  if (od == (opencc_t)-1 && cap) snprintf(err, cap, "%s", open_failure(name));
  pthread_mutex_unlock(&opencc_lock);
  return od == (opencc_t)-1 ? NULL : (void *)od;
}

void zt_opencc_close(void *od) {
  if (!od) return;
  pthread_mutex_lock(&opencc_lock);
  opencc_close((opencc_t)od);
  pthread_mutex_unlock(&opencc_lock);
}

zt_converter *zt_converter_open(const char *config, char *err, size_t cap) {
  char name[256], why[80] = "";
  size_t len = strlen(config);
  zt_converter *c;
  void *od;
  if (len == 0 || len > 200) {
    if (cap) snprintf(err, cap, "bad OpenCC configuration name");
    return NULL;
  }
  if (strchr(config, '/') || (len > 5 && strcmp(config + len - 5, ".json") == 0))
    snprintf(name, sizeof name, "%s", config);
  else
    snprintf(name, sizeof name, "%s.json", config);
  od = zt_opencc_open(name, why, sizeof why);
  if (!od) {
    if (cap) snprintf(err, cap, "cannot open OpenCC configuration '%s' (%s)", config, why);
    return NULL;
  }
  c = (zt_converter *)malloc(sizeof *c);
  if (!c) {
    zt_opencc_close(od);
    if (cap) snprintf(err, cap, "out of memory");
    return NULL;
  }
  c->od = (opencc_t)od;
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
  zt_opencc_close((void *)c->od);
  free(c);
}
