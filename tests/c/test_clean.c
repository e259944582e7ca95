/* The cleaning core without Lua: properties over pseudo-random mixed input. */
#include <stdint.h>
#include <string.h>

#include "ctest.h"
#include "zt_clean.h"
#include "zt_error.h"
#include "zt_utf8.h"

/* Fragments that exercise every stage; random concatenations of them, plus random bytes. */
static const char *const pieces[] = {
  "中文", "，", ",", ".", "。", "!", "？", ":", "(", ")", "（", "）", "\"", "“", "ＡＢ", "１２",
  " ", "  ", "\t", "\n", "\r\n", "\xe3\x80\x80", "\xc2\xa0", "\xe2\x80\x8b", "\xef\xbb\xbf", "\x01",
  "e\xcc\x81", "\xe2\x91\xa0", "\xef\xbd\xb6\xef\xbe\x9e", "\xff", "\xe4\xb8", "abc", "3.14", "09:30",
  "http://a.cn/x", "a@b.cn", "...", "……", "<p>", "&amp;", "&#22269;", "<!--", "-->", "<script>", "x"};

static uint32_t rng = 12345;
static uint32_t next(void) { rng = rng * 1103515245u + 12345u; return rng >> 8; }

int main(void) {
  zt_clean_opts o;
  char input[2048];
  int round;
  for (round = 0; round < 20000; round++) {
    size_t n = 0, k = next() % 24, i;
    zt_buf a = ZT_BUF_INIT, b = ZT_BUF_INIT;
    int rc;
    for (i = 0; i < k; i++) {
      const char *p = pieces[next() % (sizeof pieces / sizeof *pieces)];
      size_t l = strlen(p);
      if (next() % 16 == 0) { input[n++] = (char)(next() & 0xFF); continue; }
      memcpy(input + n, p, l);
      n += l;
    }
    zt_clean_defaults(&o);
    o.html = (round % 3) == 0;
    o.cjk_space = (round % 5) == 0 ? ZT_CJK_SPACE_REMOVE : ZT_CJK_SPACE_KEEP;
    rc = zt_clean(input, n, &o, &a, NULL, NULL);
    CHECK(rc == ZT_OK);
    CHECK(zt_utf8_check(a.data, a.len) == a.len);
    o.html = 0; /* a second pass must change nothing (HTML was decoded by the first) */
    rc = zt_clean(a.data, a.len, &o, &b, NULL, NULL);
    CHECK(rc == ZT_OK);
    CHECK(a.len == b.len && memcmp(a.data, b.data, a.len) == 0);
    if (a.len != b.len || memcmp(a.data, b.data, a.len) != 0) {
      { FILE *f = fopen("/tmp/in.bin", "wb"); if (f) { fwrite(input, 1, n, f); fclose(f); } }
      fprintf(stderr, "not idempotent: [%.*s] -> [%.*s] -> [%.*s]\n", (int)n, input, (int)a.len,
              a.data, (int)b.len, b.data);
      zt_buf_free(&a);
      zt_buf_free(&b);
      break;
    }
    zt_buf_free(&a);
    zt_buf_free(&b);
  }
  {
    /* The punctuation ranges is_separator answers without utf8proc are all punctuation. */
    int32_t cp;
    for (cp = 0x3001; cp <= 0x301F; cp++)
      if (cp <= 0x3003 || (cp >= 0x3008 && cp <= 0x3011) || cp >= 0x3014) CHECK(zt_is_punct(cp));
    for (cp = 0x2010; cp <= 0x2027; cp++) CHECK(zt_is_punct(cp));
  }
  {
    size_t pos = 0;
    zt_buf c = ZT_BUF_INIT;
    zt_clean_defaults(&o);
    o.invalid = ZT_INVALID_ERROR;
    CHECK(zt_clean("ab\xff", 3, &o, &c, NULL, &pos) == ZT_EUTF8 && pos == 2);
    zt_buf_free(&c);
  }
  return CTEST_END();
}
