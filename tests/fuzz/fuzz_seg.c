/* libFuzzer harness for the segmentation core: every mode, flag and POS over arbitrary bytes,
 * checking that spans stay in bounds and that precise mode loses no byte; the first bytes of
 * some inputs also become a user word. Dictionary: $ZHTEXT_DICT, else build/zhtext/seg.ztd,
 * else compiled from Debian's python3-jieba at start-up. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zt_dict.h"
#include "zt_error.h"
#include "zt_seg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static zt_dict *dict;

static zt_dict *get_dict(void) {
  char err[512];
  const char *p = getenv("ZHTEXT_DICT");
  if (dict) return dict;
  if (zt_dict_open(p ? p : "build/zhtext/seg.ztd", &dict, err, sizeof err) != ZT_OK &&
      zt_dict_build("/usr/lib/python3/dist-packages/jieba", NULL, &dict, err, sizeof err) != ZT_OK) {
    fprintf(stderr, "fuzz_seg: no dictionary: %s\n", err);
    abort();
  }
  return dict;
}

static void check(const zt_toks *t, size_t size, int lossless) {
  size_t i, at = 0;
  for (i = 0; i < t->n; i++) {
    if (t->v[i].start > t->v[i].end || t->v[i].end > size) abort();
    if (lossless) {
      if (t->v[i].start != at || t->v[i].end == at) abort();
      at = t->v[i].end;
    }
  }
  if (lossless && at != size) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  zt_seg *sg;
  zt_toks t = {NULL, 0, 0, 0};
  const char *s = (const char *)data;
  int mode, flags;
  if (zt_seg_new(get_dict(), &sg) != ZT_OK) return 0;
  if (size > 4 && data[0] == 'U') {
    size_t wl = data[1] % 16 + 1;
    if (wl + 2 <= size) zt_seg_add_word(sg, s + 2, wl, data[1] & 0x80 ? 0 : 7, "nz");
  }
  for (mode = ZT_MODE_PRECISE; mode <= ZT_MODE_SEARCH; mode++)
    for (flags = 0; flags < 4; flags++) {
      t.n = 0;
      if (zt_seg_cut(sg, s, size, mode, flags, &t) != ZT_OK) abort();
      check(&t, size, mode == ZT_MODE_PRECISE);
    }
  for (flags = 0; flags < 4; flags++) {
    t.n = 0;
    if (zt_seg_pos(sg, s, size, flags, &t) != ZT_OK) abort();
    check(&t, size, 0);
  }
  if (zt_seg_safe_split(s, size, size / 2) > size) abort();
  zt_toks_free(&t);
  zt_seg_free(sg);
  return 0;
}
