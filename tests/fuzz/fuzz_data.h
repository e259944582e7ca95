/* Shared by the libFuzzer harnesses: where the built data files are, and a reader of the fuzz
 * input as a stream of small fields. Harnesses that need a data file skip (return 0 at once)
 * when it is absent, so `make fuzz` still runs the others on a machine without the data. */
#ifndef FUZZ_DATA_H
#define FUZZ_DATA_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* $ZHTEXT_DATA_DIR/name, else build/zhtext/name (the Makefile exports the former). */
static inline void fuzz_data_path(const char *name, char *out, size_t cap) {
  const char *dir = getenv("ZHTEXT_DATA_DIR");
  snprintf(out, cap, "%s/%s", dir && *dir ? dir : "build/zhtext", name);
}

/* The input consumed front to back; reads past the end give zeros. */
typedef struct fuzz_in {
  const uint8_t *p;
  size_t n;
} fuzz_in;

static inline unsigned fuzz_u8(fuzz_in *in) {
  unsigned v = 0;
  if (in->n) { v = in->p[0]; in->p++; in->n--; }
  return v;
}

static inline uint64_t fuzz_u64(fuzz_in *in) {
  uint64_t v = 0;
  int i;
  for (i = 0; i < 8; i++) v = (v << 8) | fuzz_u8(in);
  return v;
}

/* A piece of up to `max` bytes: its length is the next byte (mod max + 1). */
static inline const char *fuzz_piece(fuzz_in *in, size_t max, size_t *len) {
  size_t l = fuzz_u8(in) % (max + 1);
  const char *s = (const char *)in->p;
  if (l > in->n) l = in->n;
  in->p += l;
  in->n -= l;
  *len = l;
  return s;
}

/* Writes s[0..n) to a new temporary file; its name goes to path (at least 32 bytes). 1 on success. */
static inline int fuzz_temp_file(const char *tag, const void *s, size_t n, char *path, size_t cap) {
  int fd, ok;
  snprintf(path, cap, "/tmp/zt_fuzz_%sXXXXXX", tag);
  fd = mkstemp(path);
  if (fd < 0) return 0;
  ok = n == 0 || write(fd, s, n) == (ssize_t)n;
  if (close(fd) != 0) ok = 0;
  if (!ok) remove(path);
  return ok;
}

#endif
