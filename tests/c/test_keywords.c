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
  return CTEST_END();
}
