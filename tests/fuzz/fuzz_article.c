/* libFuzzer harness: zt_article_parse over arbitrary bytes, as text and as HTML, with the page
 * URL and the reference time (`now`) taken from the input too, and the date scanner. Must never
 * crash, leak or hang.
 *
 * Input: a selector byte, the URL (a length byte, then that many raw bytes: invalid UTF-8
 * included, since URLs come from scraped records), 8 bytes of Unix time, then the page. The
 * selector's low bits pick the mode and whether `now` is given, as Unix time or read from a
 * date string at the start of the page (the two ways the binding accepts). */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "fuzz_data.h"
#include "zt_article.h"
#include "zt_date.h"
#include "zt_error.h"
#include "zt_utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* `now` is kept within 1970..2199 here: the binding rejects values outside its documented
 * range before they reach the core. */
#define NOW_MIN 0LL                /* 1970-01-01 */
#define NOW_SPAN 7258118400ULL    /* up to 2199-12-31 */

static void check_record(const zt_article *a) {
  const zt_strvec *v[] = {&a->authors, &a->editors, &a->photographers, &a->paragraphs,
                          &a->related, &a->keywords};
  const zt_span *f[] = {&a->title, &a->date, &a->site, &a->domain, &a->source, &a->copyright,
                        &a->description};
  size_t i, j;
  for (i = 0; i < sizeof f / sizeof *f; i++)
    if (f[i]->off > a->arena.len || f[i]->len > a->arena.len - f[i]->off) __builtin_trap();
  for (i = 0; i < sizeof v / sizeof *v; i++)
    for (j = 0; j < v[i]->n; j++)
      if (v[i]->v[j].off > a->arena.len || v[i]->v[j].len > a->arena.len - v[i]->v[j].off)
        __builtin_trap();
  if (memchr(a->encoding, 0, sizeof a->encoding) == NULL) __builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static zt_article_parser *p;
  fuzz_in in = {data, size};
  zt_article_opts o;
  zt_clean_opts co;
  zt_article a;
  zt_date now, d;
  char url[256];
  const char *u, *page;
  size_t ul, n, st, en;
  unsigned sel;
  int mode;
  long long t;
  if (!p && zt_article_parser_new(&p) != ZT_OK) return 0; /* kept for the run: fuzzing only */
  sel = fuzz_u8(&in);
  u = fuzz_piece(&in, 200, &ul);
  memcpy(url, u, ul);
  url[ul] = '\0'; /* the C API takes a C string: bytes after a NUL are not part of it */
  /* raw bytes: zt_article_parse repairs an ill-formed URL itself before pcre2 sees it */
  t = NOW_MIN + (long long)(fuzz_u64(&in) % NOW_SPAN);
  page = (const char *)in.p;
  n = in.n;
  zt_clean_defaults(&co);
  zt_date_from_unix(t, (int)(sel >> 4) * 60 - 480, &now);
  if ((sel & 12) == 8 && !(zt_date_find(page, n, NULL, &now, &st, &en) && now.prec >= ZT_DATE_DAY))
    zt_date_from_unix(t, 480, &now);
  for (mode = 0; mode < 3; mode++) {
    memset(&o, 0, sizeof o);
    o.mode = mode;
    o.explain = (sel & 1) != 0;
    o.clean = (sel & 2) ? NULL : &co;
    o.now = (sel & 12) ? &now : NULL;
    o.url = (sel & 12) == 4 ? NULL : url;
    if (zt_article_parse(p, page, n, &o, &a) == ZT_OK) check_record(&a);
    zt_article_free(&a);
  }
  if (zt_date_best(page, n, &now, &d, &st, &en)) {
    char buf[40];
    zt_date_format(&d, buf);
    if (st > en || en > n) __builtin_trap();
  }
  return 0;
}
