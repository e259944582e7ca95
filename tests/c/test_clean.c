/* The cleaning core without Lua: properties over pseudo-random mixed input, and linear time on
 * the shapes that used to rescan (runs of marks without spaces, entity chains, combining-mark
 * floods). */
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

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

/* A small alphabet for URL-like and mixed-script runs: what decides whether a mark is inside a
 * URL or e-mail address, next to CJK, or between letters. Idempotence bugs live in the
 * interplay of these, so they are drawn densely and without other noise. */
static const char *const url_tokens[] = {
  "。", "，", "：", "/", ".", ":", "@", "a", "c", "w", "www", "x1", "7", "09", "中", "文", "”", "’",
  "」", " ", "\n", "(", ")", "（", "）", "!", "！", "?", "？", ";", "；", "\"", "．", "…", "-",
  "://", "http", "e\xcc\x81", "&"};

static uint32_t next(uint32_t *rng) {
  *rng = *rng * 1103515245u + 12345u;
  return *rng >> 8;
}

static int same(const zt_buf *a, const zt_buf *b) {
  return a->len == b->len && (a->len == 0 || memcmp(a->data, b->data, a->len) == 0);
}

/* Cleans in[0..n) with o, checks the result is valid UTF-8, that a second pass with the same
 * options (HTML off: it was decoded by the first) changes nothing, and that the chunk size
 * does not show. Returns 0 on the first failure, after printing the input. */
static int check_one(const char *in, size_t n, zt_clean_opts o) {
  zt_buf a = ZT_BUF_INIT, b = ZT_BUF_INIT, c = ZT_BUF_INIT;
  int ok;
  CHECK(zt_clean(in, n, &o, &a, NULL, NULL) == ZT_OK);
  CHECK(zt_utf8_check(a.data, a.len) == a.len);
  o.chunk = 1;
  CHECK(zt_clean(in, n, &o, &c, NULL, NULL) == ZT_OK);
  o.chunk = 0;
  o.html = 0;
  CHECK(zt_clean(a.data, a.len, &o, &b, NULL, NULL) == ZT_OK);
  ok = same(&a, &b) && same(&a, &c);
  CHECK(same(&a, &b));
  CHECK(same(&a, &c));
  if (!ok)
    fprintf(stderr, "not idempotent or chunk-dependent: [%.*s] -> [%.*s] -> [%.*s]\n", (int)n, in,
            (int)a.len, a.data ? a.data : "", (int)b.len, b.data ? b.data : "");
  zt_buf_free(&a);
  zt_buf_free(&b);
  zt_buf_free(&c);
  return ok;
}

static void random_pieces(void) {
  zt_clean_opts o;
  char input[2048];
  uint32_t rng = 12345;
  int round;
  for (round = 0; round < 20000; round++) {
    size_t n = 0, k = next(&rng) % 24, i;
    for (i = 0; i < k; i++) {
      const char *p = pieces[next(&rng) % (sizeof pieces / sizeof *pieces)];
      size_t l = strlen(p);
      if (next(&rng) % 16 == 0) { input[n++] = (char)(next(&rng) & 0xFF); continue; }
      memcpy(input + n, p, l);
      n += l;
    }
    zt_clean_defaults(&o);
    o.html = (round % 3) == 0;
    o.cjk_space = (round % 5) == 0 ? ZT_CJK_SPACE_REMOVE : ZT_CJK_SPACE_KEEP;
    if (!check_one(input, n, o)) break;
  }
}

static void url_like_runs(int rounds) {
  zt_clean_opts o;
  char input[512];
  uint32_t rng = 2026;
  int round;
  for (round = 0; round < rounds; round++) {
    size_t n = 0, k = 1 + next(&rng) % 14, i;
    for (i = 0; i < k; i++) {
      const char *p = url_tokens[next(&rng) % (sizeof url_tokens / sizeof *url_tokens)];
      size_t l = strlen(p);
      memcpy(input + n, p, l);
      n += l;
    }
    zt_clean_defaults(&o);
    if (!check_one(input, n, o)) break;
  }
}

/* The examples of the issue that found the class: written as the fuzzer would see them. */
static void known_cases(void) {
  static const char *const cases[] = {"。a://c./中", "x，a://c，y中", "中（x(y，z://w )a",
                                      "a（b://c）d", "www．a.cn，中", "a@b．c，中", "(a://b/(c)中"};
  zt_clean_opts o;
  size_t i;
  zt_clean_defaults(&o);
  for (i = 0; i < sizeof cases / sizeof *cases; i++) check_one(cases[i], strlen(cases[i]), o);
}

static double cpu_seconds(void) {
  struct timespec t;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Best of three CPU times of cleaning `reps` copies of a buffer of `unit` repeated to n bytes. */
static double time_clean(const char *unit, size_t n, int reps, int html) {
  size_t ul = strlen(unit), i;
  char *s = (char *)malloc(n);
  double best = 1e30;
  int round, r;
  zt_clean_opts o;
  if (!s) return 1e30;
  for (i = 0; i < n; i++) s[i] = unit[i % ul];
  while (n > 0 && ((unsigned char)s[n - 1] & 0xC0) == 0x80) n--; /* whole characters only */
  zt_clean_defaults(&o);
  o.html = html;
  for (round = 0; round < 3; round++) {
    double t = cpu_seconds();
    for (r = 0; r < reps; r++) {
      zt_buf out = ZT_BUF_INIT;
      CHECK(zt_clean(s, n, &o, &out, NULL, NULL) == ZT_OK);
      zt_buf_free(&out);
    }
    t = cpu_seconds() - t;
    if (t < best) best = t;
  }
  free(s);
  return best;
}

static void on_alarm(int sig) {
  static const char msg[] = "test_clean: linear-time check still running after its limit\n";
  (void)sig;
  if (write(2, msg, sizeof msg - 1) < 0) _exit(2);
  _exit(1);
}

/* 1 MiB once against 128 KiB eight times: the same bytes of work when cleaning is linear, 8x
 * when it rescans. The margin is wide (3x plus 20 ms) for a loaded machine; the alarm turns a
 * return of the quadratic behaviour (which took minutes here) into a failure, not a hang. */
static void linear_time(void) {
  static const struct { const char *unit; int html; } shapes[] = {
    {"a,", 0}, {"&amp;", 1}, {"x;y!z:(w)&", 0}, {"1,2;", 0}, {"a@b@", 0}, {"http://a.cn/?q=1&", 0},
    {"\xef\xbc\x8c" "a", 0}, {"a\xcc\x81\xcc\x96", 0}, {"\xe0\xbd\xb3", 0}, {"<a '", 1}};
  size_t i;
  signal(SIGALRM, on_alarm);
  alarm(120);
  for (i = 0; i < sizeof shapes / sizeof *shapes; i++) {
    double small = time_clean(shapes[i].unit, 128 * 1024, 8, shapes[i].html);
    double big = time_clean(shapes[i].unit, 1024 * 1024, 1, shapes[i].html);
    CHECK(big <= 3 * small + 0.02);
    if (big > 3 * small + 0.02)
      fprintf(stderr, "not linear: [%s] 8 x 128 KiB %.3f s, 1 MiB %.3f s\n", shapes[i].unit, small, big);
  }
  alarm(0);
}

/* zt_clean_unchanged's promise, against the full stages: whenever it says a string is left as
 * it is, cleaning that string with a newline appended (which the shortcut does not take, and
 * which only ends the last line) gives the string back, under each option set that allows
 * the shortcut. Strings are drawn from what the shortcut accepts and its near misses. */
static void unchanged_shortcut(int rounds) {
  static const char *const toks[] = {
    "中", "国", "一", "丁", "ä¸", "ã", "a", "Z", "5", "0", "，", "．", "！", "？",
    "：", "；", "（", "）", "。", "、", "“", "”", "—", "《", "》", "【", "】", "…", "－", "Ａ", "１",
    "ï¤", "â", "ã", " ", ",", "·"};
  zt_clean_opts opts[4];
  uint32_t rng = 99;
  int r, k, taken = 0;
  zt_clean_defaults(&opts[0]);
  opts[1] = opts[0];
  opts[1].punct = ZT_PUNCT_KEEP;
  opts[2] = opts[0];
  opts[2].form = ZT_FORM_NFKC;
  opts[2].cjk_space = ZT_CJK_SPACE_REMOVE;
  opts[3] = opts[0];
  opts[3].width = 0;
  opts[3].html = 1;
  for (r = 0; r < rounds; r++) {
    char in[256];
    size_t n = 0, m = 1 + next(&rng) % 12, i;
    for (i = 0; i < m; i++) {
      const char *t = toks[next(&rng) % (sizeof toks / sizeof *toks)];
      memcpy(in + n, t, strlen(t));
      n += strlen(t);
    }
    for (k = 0; k < 4; k++) {
      zt_buf out = ZT_BUF_INIT;
      if (!zt_clean_unchanged(in, n, &opts[k])) continue;
      taken++;
      in[n] = '\n';
      CHECK(zt_clean(in, n + 1, &opts[k], &out, NULL, NULL) == ZT_OK);
      CHECK(out.len == n && memcmp(out.data, in, n) == 0);
      zt_buf_free(&out);
    }
  }
  CHECK(taken > rounds / 4);
  {
    zt_clean_opts a = opts[0];
    a.punct = ZT_PUNCT_ASCII;
    CHECK(zt_clean_unchanged("中文", 6, &opts[0]) && !zt_clean_unchanged("中文", 6, &a));
    CHECK(!zt_clean_unchanged("a，b", 5, &opts[0]) && zt_clean_unchanged("中，b", 7, &opts[0]) == 0);
    CHECK(zt_clean_unchanged("中，文2023年", 16, &opts[0]));
  }
}

int main(void) {
  zt_clean_opts o;
  /* Under valgrind everything is ~50x slower and CPU times say nothing about the code. */
  int slow = getenv("ZHTEXT_UNDER_VALGRIND") != NULL;
  random_pieces();
  url_like_runs(slow ? 5000 : 100000);
  known_cases();
  unchanged_shortcut(slow ? 2000 : 50000);
  if (!slow) linear_time();
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
