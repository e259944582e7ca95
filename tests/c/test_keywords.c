/* zt_kw_long_enough: Python's len(w.strip()) >= 2 on UTF-8 words. */
#include "ctest.h"
#include "zt_keywords.h"

#define LONG(s) zt_kw_long_enough(s, sizeof(s) - 1)

int main(void) {
  CHECK(LONG("\xe4\xb8\xad\xe6\x96\x87"));           /* 中文 */
  CHECK(!LONG("\xe4\xb8\xad"));                      /* 中 */
  CHECK(LONG("ab"));
  CHECK(!LONG("a"));
  CHECK(!LONG(" a "));
  CHECK(!LONG("\xe3\x80\x80\xe4\xb8\xad\xe3\x80\x80")); /* ideographic spaces around 中 */
  CHECK(LONG("a b"));                                /* inner space counts */
  CHECK(!LONG("  "));
  CHECK(!LONG(""));
  CHECK(LONG("\xff\xfe"));                           /* ill-formed: two bytes */
  CHECK(!LONG("\xff"));
  /* decided at the first two characters, or not: spaces and ill-formed bytes among them */
  CHECK(!LONG("\xe4\xb8\xad\xe3\x80\x80"));         /* 中 then an ideographic space */
  CHECK(!LONG("\xe3\x80\x80\xe4\xb8\xad"));         /* the other way round */
  CHECK(LONG("\xe4\xb8\xad\xe6\x96\x87\xff"));      /* 中文 then a stray byte */
  CHECK(LONG("\xe4\xb8\xad\xe2\x80\x80\xe6\x96\x87")); /* an en quad inside */
  CHECK(!LONG("\xe4\xb8\xad\xe2\x80\x80"));         /* 中 then an en quad */
  CHECK(LONG("\xe4\xb8\xad\xed\xa0\x80"));          /* 中 then a surrogate: ill-formed */
  CHECK(!LONG("a\t"));
  CHECK(LONG("a\x7f"));                             /* DEL is not a space */
  CHECK(LONG("#1"));
  return CTEST_END();
}
