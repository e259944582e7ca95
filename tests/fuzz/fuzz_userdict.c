/* libFuzzer harness: user words on a segmenter. The input is, in turn, a user dictionary file
 * (zt_seg_load_userdict), word operations (add_word with a frequency from the input, del_word,
 * suggest_freq with and without tuning) and text to segment afterwards; segmentation must still
 * lose no byte, totals must stay positive, and nothing may crash, overflow or leak.
 *
 * Input: selector byte, dictionary length byte (x 4), dictionary bytes, then operations
 * (op byte, word piece, 8-byte frequency) while bytes remain; the last 64 bytes are also cut.
 * The dictionary is $ZHTEXT_DATA_DIR/seg.ztd (skipped when absent). */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_data.h"
#include "zt_dict.h"
#include "zt_error.h"
#include "zt_seg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static zt_dict *dict; /* mapped once for the run: fuzzing only */
static int tried;

static const char sample[] = "我来到北京清华大学，他来到了网易杭研大厦。小明硕士毕业于中国科学院计算所。";

static void cut_check(zt_seg *sg, const char *s, size_t n) {
  zt_toks t = {NULL, 0, 0, 0};
  size_t i, at = 0;
  if (zt_seg_cut(sg, s, n, ZT_MODE_PRECISE, ZT_SEG_HMM, &t) != ZT_OK) abort();
  for (i = 0; i < t.n; i++) {
    if (t.v[i].start != at || t.v[i].end <= at || t.v[i].end > n) abort();
    at = t.v[i].end;
  }
  if (at != n) abort();
  t.n = 0;
  if (zt_seg_cut(sg, s, n, ZT_MODE_SEARCH, ZT_SEG_HMM, &t) != ZT_OK) abort();
  t.n = 0;
  if (zt_seg_pos(sg, s, n, ZT_SEG_HMM, &t) != ZT_OK) abort();
  zt_toks_free(&t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fuzz_in in = {data, size};
  zt_seg *sg;
  char path[64], err[512];
  size_t dl;
  const char *tail = (const char *)data + (size > 64 ? size - 64 : 0);
  size_t tail_n = size > 64 ? 64 : size;
  if (!tried) {
    char p[4096];
    tried = 1;
    fuzz_data_path("seg.ztd", p, sizeof p);
    if (zt_dict_open(p, &dict, err, sizeof err) != ZT_OK) dict = NULL;
  }
  if (!dict || zt_seg_new(dict, &sg) != ZT_OK) return 0;
  (void)fuzz_u8(&in);
  dl = (size_t)fuzz_u8(&in) * 4;
  if (dl > in.n) dl = in.n;
  if (dl && fuzz_temp_file("udict", in.p, dl, path, sizeof path)) {
    err[0] = '\0';
    if (zt_seg_load_userdict(sg, path, err, sizeof err) != ZT_OK && !memchr(err, 0, sizeof err))
      abort();
    remove(path);
  }
  in.p += dl;
  in.n -= dl;
  while (in.n) {
    unsigned op = fuzz_u8(&in);
    size_t wl, nseg, i;
    const char *w = fuzz_piece(&in, 24, &wl);
    long long freq = (long long)fuzz_u64(&in);
    const char *segs[4];
    size_t lens[4];
    switch (op % 4) {
    case 0: zt_seg_add_word(sg, w, wl, freq, (op & 4) ? "nz" : NULL); break;
    case 1: zt_seg_del_word(sg, w, wl); break;
    default: /* suggest_freq: the word whole (1 piece) or cut into up to 4 pieces */
      nseg = 1 + (op >> 4) % 4;
      for (i = 0; i < nseg; i++) {
        size_t a = wl * i / nseg, b = wl * (i + 1) / nseg;
        segs[i] = w + a;
        lens[i] = b - a;
      }
      (void)zt_seg_suggest_freq(sg, segs, lens, nseg, (op & 8) != 0);
    }
    if (zt_seg_total(sg) <= 0) abort();
  }
  cut_check(sg, sample, sizeof sample - 1);
  cut_check(sg, tail, tail_n);
  zt_seg_free(sg);
  return 0;
}
