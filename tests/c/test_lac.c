/* The LAC core without Lua: malformed model files, hostile text, kernel and batching invariance.
 * Needs the model file ($ZHTEXT_DATA_DIR/lac.bin, or $ZHTEXT_LAC); skips when there is none. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctest.h"
#include "zt_error.h"
#include "zt_lac.h"

static const char *const pieces[] = {
  "新华社", "北京", "3月5日电", "，", "。", "！", "？", "“", "”", "（", "）", "李强", "国务院", "臺灣",
  "運動員", "獲得", "ＡＢＣ", "１２３", "abc", "iPhone 15", " ", "\t", "\n", "\r\n", "\xe3\x80\x80",
  "\xc2\xa0", "\xe2\x80\x8b", "\x01", "\xff", "\xe4\xb8", "\xed\xa0\x80", "\xf0\x9f\x98\x80", "……",
  "2024年", "5%", "http://a.cn/x", "the", "\xf4\x90\x80\x80", "\xc0\xaf"};

static uint32_t rng = 777;
static uint32_t next(void) { rng = rng * 1103515245u + 12345u; return rng >> 8; }

static int is_ws_byte(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/* Tokens are non-empty, in order, inside the input, never start or end with ASCII white space. */
static int tokens_ok(const char *s, size_t n, const zt_lac_token *t, size_t nt) {
  size_t i, prev = 0;
  for (i = 0; i < nt; i++) {
    if (t[i].start < prev || t[i].stop <= t[i].start || t[i].stop > n) return 0;
    if (is_ws_byte((unsigned char)s[t[i].start]) || is_ws_byte((unsigned char)s[t[i].stop - 1])) return 0;
    if (t[i].cls < 0 || t[i].cls >= ZT_LAC_NCLASSES) return 0;
    prev = t[i].stop;
  }
  return 1;
}

static void bad_files(const char *model_path) {
  FILE *f = fopen(model_path, "rb");
  char tmp[] = "/tmp/zt_lac_badXXXXXX";
  unsigned char *d;
  long n;
  int fd, i;
  zt_lac *m = NULL;
  char err[256];
  if (!f) return;
  fseek(f, 0, SEEK_END);
  n = ftell(f);
  fseek(f, 0, SEEK_SET);
  d = (unsigned char *)malloc((size_t)n);
  CHECK(d && fread(d, 1, (size_t)n, f) == (size_t)n);
  fclose(f);
  fd = mkstemp(tmp);
  CHECK(fd >= 0);
  if (fd < 0 || !d) { free(d); return; }
  for (i = 0; i < 6; i++) {
    FILE *o = fdopen(dup(fd), "wb");
    size_t len = (size_t)n;
    unsigned char saved = 0;
    size_t at = 0;
    if (i == 0) len = 0;
    if (i == 1) len = 40;
    if (i == 2) len = (size_t)n / 2;
    if (i == 3) len = (size_t)n - 1;
    if (i == 4) { at = (size_t)n / 3; saved = d[at]; d[at] ^= 0x55; }
    if (i == 5) { at = 9; saved = d[at]; d[at] = 0xff; } /* absurd vocabulary size */
    CHECK(o != NULL);
    if (!o) break;
    fseek(o, 0, SEEK_SET);
    CHECK(ftruncate(fd, 0) == 0);
    CHECK(fwrite(d, 1, len, o) == len);
    fclose(o);
    m = NULL;
    CHECK(zt_lac_load(tmp, &m, err, sizeof err) == ZT_EFORMAT);
    CHECK(m == NULL);
    if (i >= 4) d[at] = saved;
  }
  close(fd);
  remove(tmp);
  CHECK(zt_lac_load("/nonexistent/zt_lac.bin", &m, err, sizeof err) == ZT_EIO);
  free(d);
}

int main(void) {
  const char *env = getenv("ZHTEXT_LAC"), *dir = getenv("ZHTEXT_DATA_DIR");
  char path[4096], err[256] = "";
  zt_lac *m = NULL;
  int round, k;
  if (env && *env) snprintf(path, sizeof path, "%s", env);
  else snprintf(path, sizeof path, "%s/lac.bin", dir ? dir : "build/zhtext");
  if (zt_lac_load(path, &m, err, sizeof err) != ZT_OK) {
    printf("skip: no LAC model (%s)\n", err);
    return 0;
  }
  bad_files(path);

  /* Hostile text: random pieces and bytes, NUL included. */
  for (round = 0; round < 300; round++) {
    char s[1024];
    size_t n = 0, i, parts = next() % 40;
    zt_lac_token *t = NULL;
    size_t nt = 0;
    for (i = 0; i < parts; i++) {
      if (next() % 8 == 0) {
        if (n < sizeof s) s[n++] = (char)(next() & 0xff);
      } else {
        const char *p = pieces[next() % (sizeof pieces / sizeof *pieces)];
        size_t l = strlen(p);
        if (n + l > sizeof s) break;
        memcpy(s + n, p, l);
        n += l;
      }
    }
    CHECK(zt_lac_analyze(m, s, n, &t, &nt) == ZT_OK);
    CHECK(tokens_ok(s, n, t, nt));
    free(t);
  }

  /* A long line without any punctuation is cut into bounded chunks; offsets stay in order. */
  {
    size_t n = 3 * 5000, i, nt = 0, covered = 0;
    char *s = (char *)malloc(n);
    zt_lac_token *t = NULL;
    for (i = 0; i < n; i += 3) memcpy(s + i, (i / 3) % 3 ? "\xe4\xb8\xad" : "\xe5\x9b\xbd", 3);
    CHECK(zt_lac_analyze(m, s, n, &t, &nt) == ZT_OK);
    CHECK(tokens_ok(s, n, t, nt));
    for (i = 0; i < nt; i++) covered += t[i].stop - t[i].start;
    CHECK(covered == n);
    free(t);
    free(s);
  }

  /* Kernels and batching give identical tags. */
  {
    enum { NS = 7 };
    int32_t *ids[NS];
    uint8_t *ref[NS], *got[NS];
    size_t lens[NS], i, j;
    for (i = 0; i < NS; i++) {
      lens[i] = 1 + next() % 90;
      ids[i] = (int32_t *)malloc(lens[i] * sizeof(int32_t));
      ref[i] = (uint8_t *)malloc(lens[i]);
      got[i] = (uint8_t *)malloc(lens[i]);
      for (j = 0; j < lens[i]; j++) ids[i][j] = (int32_t)(next() % 21000) - 20;
    }
    zt_lac_set_kernel(m, ZT_LAC_KERNEL_PORTABLE);
    for (i = 0; i < NS; i++) {
      const int32_t *one = ids[i];
      CHECK(zt_lac_tag_batch(m, 1, &one, &lens[i], &ref[i]) == ZT_OK);
    }
    for (k = ZT_LAC_KERNEL_PORTABLE; k <= ZT_LAC_KERNEL_AVX512; k++) {
      zt_lac_set_kernel(m, k);
      CHECK(zt_lac_tag_batch(m, NS, (const int32_t *const *)ids, lens, got) == ZT_OK);
      for (i = 0; i < NS; i++) CHECK(memcmp(ref[i], got[i], lens[i]) == 0);
    }
    zt_lac_set_kernel(m, ZT_LAC_KERNEL_AUTO);
    for (i = 0; i < NS; i++) { free(ids[i]); free(ref[i]); free(got[i]); }
  }

  /* Traditional input: tokens cover the original characters. */
  {
    const char *s = "臺灣的運動員在錦標賽中獲得獎牌。";
    zt_lac_token *t = NULL;
    size_t nt = 0;
    CHECK(zt_lac_analyze(m, s, strlen(s), &t, &nt) == ZT_OK);
    CHECK(nt > 3 && t[0].start == 0 && t[0].stop == 6 && t[nt - 1].stop == strlen(s));
    free(t);
  }
  zt_lac_free(m);
  return CTEST_END();
}
