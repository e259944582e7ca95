/* zt_sentences: the rules on hand-written cases, and the lossless property (the spans cover the
 * text's non-space characters exactly, in order, trimmed) on random texts built from the pieces
 * the rules react to. With `--bench SCALE FILE...` it times the splitter over files instead and
 * prints MB/s (tests/bench/bench_sentences.sh). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ctest.h"
#include "zt_sentences.h"
#include "zt_utf8.h"

#define MAXS 256

typedef struct spans {
  size_t off[MAXS], len[MAXS];
  size_t n, total;  /* kept, and seen (more than MAXS are counted, not kept) */
} spans;

static int collect(void *ud, size_t off, size_t len) {
  spans *sp = (spans *)ud;
  if (sp->n < MAXS) {
    sp->off[sp->n] = off;
    sp->len[sp->n] = len;
    sp->n++;
  }
  sp->total++;
  return 0;
}

/* The independent definition of the characters sentences are trimmed of. */
static int space_cp(int32_t cp) {
  return cp == '\n' || cp == '\r' || cp == '\v' || cp == '\f' || cp == 0x85 || cp == 0x2028 ||
         cp == 0x2029 || (cp >= 0 && zt_is_hspace(cp));
}

/* 1 when the spans of s[0..n) cover its non-space characters exactly: ordered, disjoint, not
 * empty, on character boundaries, starting and ending with a non-space character. */
static int lossless(const char *s, size_t n, const spans *sp) {
  const unsigned char *u = (const unsigned char *)s;
  size_t p = 0, k = 0;
  if (sp->total != sp->n) return 0;
  while (p < n) {
    int32_t cp;
    size_t len = zt_utf8_decode(u + p, n - p, &cp);
    int space = space_cp(cp);
    while (k < sp->n && sp->off[k] + sp->len[k] <= p) k++;
    if (k < sp->n && sp->off[k] <= p) {
      if (p + len > sp->off[k] + sp->len[k]) return 0;             /* a span cuts a character */
      if (space && (p == sp->off[k] || p + len == sp->off[k] + sp->len[k])) return 0; /* untrimmed */
    } else {
      if (!space) return 0;                                          /* a character left out */
      if (k < sp->n && sp->off[k] < p + len) return 0;               /* a span starts mid-character */
    }
    p += len;
  }
  for (k = 0; k < sp->n; k++) {
    if (sp->len[k] == 0 || sp->off[k] + sp->len[k] > n) return 0;
    if (k > 0 && sp->off[k] < sp->off[k - 1] + sp->len[k - 1]) return 0;
  }
  return 1;
}

static void split(const char *s, int semicolon, spans *sp) {
  zt_sentences_opts o;
  o.semicolon = semicolon;
  memset(sp, 0, sizeof *sp);
  (void)zt_sentences(s, strlen(s), &o, collect, sp);
}

/* Checks that s splits into the sentences of want, joined by '|'. */
static int splits_as(const char *s, int semicolon, const char *want) {
  spans sp;
  char got[1024];
  size_t k, g = 0;
  split(s, semicolon, &sp);
  for (k = 0; k < sp.n && g + sp.len[k] + 2 < sizeof got; k++) {
    if (k) got[g++] = '|';
    memcpy(got + g, s + sp.off[k], sp.len[k]);
    g += sp.len[k];
  }
  got[g] = '\0';
  if (strcmp(got, want) != 0) fprintf(stderr, "  got  %s\n  want %s\n", got, want);
  return strcmp(got, want) == 0 && lossless(s, strlen(s), &sp);
}

static void test_rules(void) {
  CHECK(splits_as("今天很好。我们走吧！你去吗？？好的！？", 0, "今天很好。|我们走吧！|你去吗？？|好的！？"));
  CHECK(splits_as("他说：“走吧。”我们走了。", 0, "他说：“走吧。”|我们走了。"));
  CHECK(splits_as("他想了想……还是算了。", 0, "他想了想……|还是算了。"));
  CHECK(splits_as("“好吧……”，他说。", 0, "“好吧……”，他说。"));
  CHECK(splits_as("他列出“苹果、梨……香蕉”等水果。", 0, "他列出“苹果、梨……香蕉”等水果。"));
  CHECK(splits_as("甲；乙。", 0, "甲；乙。"));
  CHECK(splits_as("甲；乙。", 1, "甲；|乙。"));
  CHECK(splits_as("价格3.14元，10:30开始。", 0, "价格3.14元，10:30开始。"));
  CHECK(splits_as("见http://a.cn/x?y=1!z.html。后", 0, "见http://a.cn/x?y=1!z.html。|后"));
  CHECK(splits_as("He went to the U.S. Army. Mr. Li left.", 0, "He went to the U.S. Army.|Mr. Li left."));
  CHECK(splits_as("行一\n  行二  \r\n\n", 0, "行一|行二"));
  CHECK(splits_as("", 0, ""));
  CHECK(splits_as(" \n\t\xe3\x80\x80 ", 0, ""));
  CHECK(splits_as("坏\xff字节。好", 0, "坏\xff字节。|好"));
}

/* A small deterministic generator (xorshift), local to the test. */
static unsigned rnd(unsigned long long *st) {
  *st ^= *st << 13;
  *st ^= *st >> 7;
  *st ^= *st << 17;
  return (unsigned)(*st >> 32);
}

static void test_lossless_random(void) {
  static const char *const pieces[] = {
    "。", "！", "？", "…", "……", "“", "”", "‘", "’", "（", "）", "，", "、", "；", "：", " ", "  ",
    "\n", "\r\n", "\t", "\xe3\x80\x80", "\xc2\xa0", "\xe2\x80\xa8", "a", "Ab", "U.S.", "Mr.", ".",
    "...", "?", "!", "3", "3.14", "No.5", "http://x.cn/a?b", "www.", "a@b.cn", "中", "文字",
    "\xff", "\xe4\xb8", "\xf0\x9f", "\"", "'", "．", "１", "(", ")", "e.g.", "\x0b",
  };
  unsigned long long st = 0x9E3779B97F4A7C15ULL;
  size_t npieces = sizeof pieces / sizeof pieces[0];
  int iter, bad = 0;
  for (iter = 0; iter < 20000; iter++) {
    char buf[600];
    size_t len = 0;
    int parts = (int)(rnd(&st) % 40), j;
    spans sp;
    for (j = 0; j < parts; j++) {
      const char *p = pieces[rnd(&st) % npieces];
      size_t m = strlen(p);
      memcpy(buf + len, p, m);
      len += m;
    }
    buf[len] = '\0';
    split(buf, iter & 1, &sp);
    if (!lossless(buf, len, &sp)) {
      if (bad++ < 3) fprintf(stderr, "not lossless: [%s]\n", buf);
    }
  }
  CHECK(bad == 0);
}

static int count_only(void *ud, size_t off, size_t len) {
  (void)off;
  (void)len;
  (*(size_t *)ud)++;
  return 0;
}

/* Appends the file at path to *s (length *n); 0 on failure. */
static int append_file(const char *path, char **s, size_t *n) {
  FILE *f = fopen(path, "rb");
  char chunk[1 << 16];
  size_t got;
  int ok = f != NULL;
  while (ok && (got = fread(chunk, 1, sizeof chunk, f)) > 0) {
    char *p = (char *)realloc(*s, *n + got);
    if (!p) { ok = 0; break; }
    memcpy(p + *n, chunk, got);
    *s = p;
    *n += got;
  }
  if (f && ferror(f)) ok = 0;
  if (f) fclose(f);
  return ok;
}

static double time_split(const char *s, size_t n, size_t *count) {
  struct timespec t0, t1;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t0);
  (void)zt_sentences(s, n, NULL, count_only, count);
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t1);
  return (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
}

/* --bench SCALE FILE...: the files (read where they are) joined, repeated SCALE times in memory;
 * prints the best of 5 passes in MB/s. */
static int bench(int scale, int nfiles, char **files) {
  char *one = NULL, *s;
  size_t n1 = 0, n, count, sentences = 0;
  double best = 1e30;
  int i, r;
  for (i = 0; i < nfiles; i++)
    if (!append_file(files[i], &one, &n1)) { fprintf(stderr, "cannot read %s\n", files[i]); free(one); return 2; }
  if (scale < 1) scale = 1;
  n = n1 * (size_t)scale;
  s = (char *)malloc(n + 1);
  if (!s) { free(one); return 2; }
  for (i = 0; i < scale; i++) memcpy(s + n1 * (size_t)i, one, n1);
  for (r = 0; r < 5; r++) {
    double t;
    count = 0;
    t = time_split(s, n, &count);
    if (t < best) best = t;
    sentences = count;
  }
  printf("%.1f MB/s (%.1f MB, %zu sentences, best of 5)\n", (double)n / 1e6 / best, (double)n / 1e6, sentences);
  free(one);
  free(s);
  return 0;
}

int main(int argc, char **argv) {
  if (argc >= 4 && strcmp(argv[1], "--bench") == 0) return bench(atoi(argv[2]), argc - 3, argv + 3);
  test_rules();
  test_lossless_random();
  return CTEST_END();
}
