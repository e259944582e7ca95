/* libFuzzer harness for the LAC core: zt_lac_analyze over arbitrary bytes (must never crash, leak,
 * hang, or give tokens out of order), zt_lac_encode on the same bytes, zt_lac_tag_batch on
 * arbitrary id sequences (out-of-range ids, empty and uneven sequences, first byte 0x5A), and
 * zt_lac_load over arbitrary "model files" (first byte 0xA5). The model is
 * $ZHTEXT_LAC, else $ZHTEXT_DATA_DIR/lac.bin, else build/zhtext/lac.bin (text fuzzing is skipped
 * when there is none). The harness keeps the loaded model in a static: fuzzing only. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "zt_error.h"
#include "zt_lac.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static zt_lac *model;
static int tried;

static zt_lac *get_model(void) {
  char path[4096];
  const char *env = getenv("ZHTEXT_LAC"), *dir = getenv("ZHTEXT_DATA_DIR");
  if (tried) return model;
  tried = 1;
  if (env && *env) snprintf(path, sizeof path, "%s", env);
  else snprintf(path, sizeof path, "%s/lac.bin", dir && *dir ? dir : "build/zhtext");
  if (zt_lac_load(path, &model, NULL, 0) != ZT_OK) model = NULL;
  return model;
}

/* Up to 8 sequences: a count byte, then per sequence a length byte and that many 2-byte ids
 * (signed, so negative and too-large ids both occur). Every tag must be a tag id. */
static void batch(zt_lac *m, const uint8_t *p, size_t n) {
  int32_t *ids[8];
  uint8_t *tags[8];
  size_t lens[8], nseq, i, j, at = 1;
  if (n == 0) return;
  nseq = p[0] % 9;
  for (i = 0; i < nseq; i++) {
    size_t l = at < n ? p[at++] : 0;
    ids[i] = malloc((l ? l : 1) * sizeof **ids);
    tags[i] = malloc(l ? l : 1);
    if (!ids[i] || !tags[i]) abort();
    for (j = 0; j < l; j++) {
      int16_t v = 0;
      if (at + 2 <= n) { memcpy(&v, p + at, 2); at += 2; }
      ids[i][j] = v % 2 ? (int32_t)v * 16 : v;
    }
    memset(tags[i], 0xFF, l ? l : 1);
    lens[i] = l;
  }
  if (zt_lac_tag_batch(m, nseq, (const int32_t *const *)ids, lens, tags) == ZT_OK)
    for (i = 0; i < nseq; i++)
      for (j = 0; j < lens[i]; j++)
        if (tags[i][j] >= ZT_LAC_NTAGS) abort();
  for (i = 0; i < nseq; i++) {
    free(ids[i]);
    free(tags[i]);
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  zt_lac *m = get_model();
  if (size > 0 && data[0] == 0xA5) {
    /* A "model file" with a valid magic and arbitrary contents. */
    char tmp[] = "/tmp/zt_fuzz_lacXXXXXX";
    int fd = mkstemp(tmp);
    zt_lac *x = NULL;
    if (fd < 0) return 0;
    if (write(fd, "ZTLAC001", 8) == 8 && write(fd, data + 1, size - 1) == (ssize_t)(size - 1)) {
      if (zt_lac_load(tmp, &x, NULL, 0) == ZT_OK) zt_lac_free(x);
    }
    close(fd);
    remove(tmp);
    return 0;
  }
  if (m && size > 0 && data[0] == 0x5A) {
    batch(m, data + 1, size - 1);
    return 0;
  }
  if (m) {
    int32_t *ids = NULL;
    size_t nids = 0, i;
    if (zt_lac_encode(m, (const char *)data, size, &ids, &nids) == ZT_OK) {
      for (i = 0; i < nids; i++)
        if (ids[i] < 0 || ids[i] >= zt_lac_vocab_size(m)) abort();
    }
    free(ids);
  }
  if (m) {
    zt_lac_token *t = NULL;
    size_t nt = 0, i, prev = 0;
    if (zt_lac_analyze(m, (const char *)data, size, &t, &nt) == ZT_OK) {
      for (i = 0; i < nt; i++) {
        if (t[i].start < prev || t[i].stop <= t[i].start || t[i].stop > size) abort();
        prev = t[i].stop;
      }
    }
    free(t);
  }
  return 0;
}
