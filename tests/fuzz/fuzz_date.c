/* libFuzzer harness: the date scanner (zt_date_find / zt_date_best / zt_date_parse) over
 * arbitrary bytes, with and without a reference time taken from the input. Every date returned
 * must be a real one (valid calendar day, time of day, a four-digit year), its span inside the
 * input, and its ISO form must fit the documented 32 bytes.
 *
 * Input: a selector byte, 8 bytes of Unix time, then the text. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "fuzz_data.h"
#include "zt_date.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Reference times from 1970 to 2199 (Unix time as the binding takes it): the binding rejects
 * values outside its documented range before they reach the core. */
#define NOW_MIN 0LL                /* 1970-01-01 */
#define NOW_SPAN 7258118400ULL    /* up to 2199-12-31 */

static void check_date(const zt_date *d) {
  char buf[64];
  size_t len;
  if (d->prec < ZT_DATE_YEAR || d->prec > ZT_DATE_TIME) __builtin_trap();
  if (d->year < 1 || d->year > 9999) __builtin_trap();
  if (d->prec >= ZT_DATE_MONTH && (d->month < 1 || d->month > 12)) __builtin_trap();
  if (d->prec >= ZT_DATE_DAY && !zt_date_valid(d->year, d->month, d->day)) __builtin_trap();
  if (d->prec == ZT_DATE_TIME &&
      (d->hour < 0 || d->hour > 23 || d->min < 0 || d->min > 59 || d->sec < 0 || d->sec > 60))
    __builtin_trap();
  if (d->has_offset && (d->offset_min < -24 * 60 || d->offset_min > 24 * 60)) __builtin_trap();
  memset(buf, 'x', sizeof buf);
  len = zt_date_format(d, buf);
  if (len >= 32 || buf[len] != '\0' || strlen(buf) != len) __builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fuzz_in in = {data, size};
  zt_date now, d;
  const zt_date *np;
  const char *s;
  size_t n, st, en;
  unsigned sel = fuzz_u8(&in);
  long long t = NOW_MIN + (long long)(fuzz_u64(&in) % NOW_SPAN);
  s = (const char *)in.p;
  n = in.n;
  zt_date_from_unix(t, (int)(sel % 32) * 60 - 12 * 60, &now);
  np = (sel & 0x80) ? NULL : &now;
  if (zt_date_find(s, n, np, &d, &st, &en)) {
    if (st >= en || en > n) __builtin_trap();
    check_date(&d);
  }
  if (zt_date_best(s, n, np, &d, &st, &en)) {
    if (st >= en || en > n) __builtin_trap();
    check_date(&d);
  }
  if (zt_date_parse(s, n, np, &d)) check_date(&d);
  return 0;
}
