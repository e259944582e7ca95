/* libFuzzer harness: zt_article_parse over arbitrary bytes, as text and as HTML, and the date
 * scanner. Must never crash, leak or hang. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "zt_article.h"
#include "zt_date.h"
#include "zt_error.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  zt_article_parser *p = NULL;
  zt_article_opts o;
  zt_clean_opts co;
  zt_article a;
  zt_date now, d;
  size_t st, en;
  int mode;
  if (zt_article_parser_new(&p) != ZT_OK) return 0;
  zt_clean_defaults(&co);
  zt_date_from_unix(1700000000, 480, &now);
  for (mode = 0; mode < 3; mode++) {
    memset(&o, 0, sizeof o);
    o.mode = mode;
    o.explain = mode == 1;
    o.clean = mode == 2 ? NULL : &co;
    o.now = &now;
    zt_article_parse(p, (const char *)data, size, &o, &a);
    zt_article_free(&a);
  }
  if (zt_date_best((const char *)data, size, &now, &d, &st, &en)) {
    char buf[40];
    zt_date_format(&d, buf);
    if (st > en || en > size) __builtin_trap();
  }
  zt_article_parser_free(p);
  return 0;
}
