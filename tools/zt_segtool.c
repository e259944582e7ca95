/* zt_segtool: the segmentation core without Lua — builds the binary dictionary, segments lines
 * for the evaluation scripts and times the core for `make bench`.
 *
 *   zt_segtool build JIEBA_DIR OUT [WORDS]     compile jieba's data (WORDS: another dict.txt)
 *   zt_segtool cut DICT MODE HMM [pos] < text  one output line per input line, words separated
 *                                              by U+001F (pos: word/tag)
 *   zt_segtool bench DICT FILE [SECONDS]       precise mode with HMM, MB/s (load excluded)
 *   zt_segtool verify DICT                     header, size and full checksum (make install
 *                                              runs it on each copy before renaming it in place)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "zt_dict.h"
#include "zt_error.h"
#include "zt_seg.h"

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static char *slurp(const char *path, size_t *n) {
  FILE *f = fopen(path, "rb");
  char *b;
  long sz;
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  sz = ftell(f);
  fseek(f, 0, SEEK_SET);
  b = (char *)malloc((size_t)sz + 1);
  if (!b || fread(b, 1, (size_t)sz, f) != (size_t)sz) { free(b); fclose(f); return NULL; }
  fclose(f);
  *n = (size_t)sz;
  return b;
}

int main(int argc, char **argv) {
  char err[512] = "";
  zt_dict *d = NULL;
  zt_seg *sg = NULL;
  int rc;
  if (argc >= 4 && strcmp(argv[1], "build") == 0) {
    rc = zt_dict_build(argv[2], argc > 4 ? argv[4] : NULL, &d, err, sizeof err);
    if (rc == ZT_OK) rc = zt_dict_save(d, argv[3], err, sizeof err);
    if (rc != ZT_OK) { fprintf(stderr, "zt_segtool: %s\n", err[0] ? err : zt_strerror(rc)); return 1; }
    zt_dict_free(d);
    return 0;
  }
  if (argc < 3) {
    fprintf(stderr, "usage: zt_segtool build|cut|bench|verify ...\n");
    return 2;
  }
  if ((rc = zt_dict_open(argv[2], &d, err, sizeof err)) != ZT_OK) {
    fprintf(stderr, "zt_segtool: %s\n", err);
    return 1;
  }
  if (strcmp(argv[1], "verify") == 0) {
    rc = zt_dict_verify(d);
    zt_dict_free(d);
    if (rc != ZT_OK) {
      fprintf(stderr, "zt_segtool: %s: damaged dictionary (checksum mismatch)\n", argv[2]);
      return 1;
    }
    printf("%s: ok\n", argv[2]);
    return 0;
  }
  if (zt_seg_new(d, &sg) != ZT_OK) return 1;
  if (strcmp(argv[1], "cut") == 0 && argc >= 5) {
    int mode = strcmp(argv[3], "full") == 0 ? ZT_MODE_FULL : strcmp(argv[3], "search") == 0 ? ZT_MODE_SEARCH : ZT_MODE_PRECISE;
    int flags = (atoi(argv[4]) ? ZT_SEG_HMM : 0) | (argc > 6 && strcmp(argv[6], "norm") == 0 ? ZT_SEG_NORMALIZE : 0);
    int pos = argc > 5 && strcmp(argv[5], "pos") == 0;
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    zt_toks t = {NULL, 0, 0, 0};
    while ((len = getline(&line, &cap, stdin)) >= 0) {
      size_t i;
      if (len && line[len - 1] == '\n') len--;
      if (len && line[len - 1] == '\r') len--;
      t.n = 0;
      if (pos) zt_seg_pos(sg, line, (size_t)len, flags, &t);
      else zt_seg_cut(sg, line, (size_t)len, mode, flags, &t);
      for (i = 0; i < t.n; i++) {
        if (i) fputc(0x1f, stdout);
        fwrite(line + t.v[i].start, 1, t.v[i].end - t.v[i].start, stdout);
        if (pos) printf("/%s", zt_seg_tag_name(sg, t.v[i].tag));
      }
      fputc('\n', stdout);
    }
    free(line);
    zt_toks_free(&t);
  } else if (strcmp(argv[1], "bench") == 0 && argc >= 4) {
    size_t n = 0, words = 0;
    char *text = slurp(argv[3], &n);
    double secs = argc > 4 ? atof(argv[4]) : 3.0, t0, t1, bytes = 0;
    zt_toks t = {NULL, 0, 0, 0};
    if (!text) { fprintf(stderr, "zt_segtool: cannot read %s\n", argv[3]); return 1; }
    t0 = now();
    do {
      /* line by line, like the peers' benchmark loops */
      size_t p = 0;
      while (p < n) {
        char *e = memchr(text + p, '\n', n - p);
        size_t l = e ? (size_t)(e - text - p) : n - p;
        t.n = 0;
        zt_seg_cut(sg, text + p, l, ZT_MODE_PRECISE, ZT_SEG_HMM, &t);
        words += t.n;
        p += l + 1;
      }
      bytes += (double)n;
      t1 = now();
    } while (t1 - t0 < secs);
    printf("%.2f MB/s (%.0f bytes, %zu words, %.2f s)\n", bytes / (t1 - t0) / 1e6, bytes, words, t1 - t0);
    zt_toks_free(&t);
    free(text);
  }
  zt_seg_free(sg);
  zt_dict_free(d);
  return 0;
}
