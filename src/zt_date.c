/* zt_date: date and time recognition (see zt_date.h). A hand-written scanner: at each position
 * that can start a date it tries the absolute forms, then the relative ones; everything is
 * validated before it is returned. */
#include "zt_date.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "zt_utf8.h"
#include "zt_utf8_inline.h"

typedef unsigned char u8;

static inline int32_t cp_at(const u8 *s, size_t n, size_t p, size_t *len) {
  int32_t c;
  if (p >= n) { *len = 0; return -1; }
  *len = zt_utf8_next(s + p, n - p, &c);
  return c;
}

/* Whether s[0..n) holds something an absolute date starts with or needs: an ASCII or
 * full-width digit (read_digits), 民 (民國/民国) or 年 (a year in Chinese numerals ends in
 * it). Without one, try_abs fails at every position: without a reference time (no relative
 * forms) zt_date_find can answer 0 after this byte scan. */
static int may_hold_abs_date(const u8 *s, size_t n) {
  size_t i;
  for (i = 0; i < n; i++) {
    unsigned b = s[i];
    if (b < 0xE5) {
      if (b - '0' < 10u) return 1;
      continue;
    }
    if (i + 2 < n && ((b == 0xEF && s[i + 1] == 0xBC && s[i + 2] - 0x90u < 10u) ||  /* ０..９ */
        (b == 0xE5 && s[i + 1] == 0xB9 && s[i + 2] == 0xB4) ||       /* 年 */
        (b == 0xE6 && s[i + 1] == 0xB0 && s[i + 2] == 0x91)))        /* 民 */
      return 1;
  }
  return 0;
}

static inline int digit_val(int32_t c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 0xFF10 && c <= 0xFF19) return c - 0xFF10;
  return -1;
}

static inline int cn_digit(int32_t c) {
  /* the low bytes of the fourteen code points below, as bits: most characters fail here */
  static const uint64_t low[4] = {0x801000000289u, 0x280020000000u, 0x101000u, 0x40000008000800u};
  if (c < 0x25CB || (c > 0x96F6 && c != 0xFF2F) || !((low[(c >> 6) & 3] >> (c & 63)) & 1))
    return -1;
  switch (c) {
    case 0x3007: case 0x25CB: case 0x96F6: case 0xFF2F: return 0; /* 〇 ○ 零 Ｏ */
    case 0x4E00: return 1; case 0x4E8C: return 2; case 0x4E09: return 3; case 0x56DB: return 4;
    case 0x4E94: return 5; case 0x516D: return 6; case 0x4E03: return 7; case 0x516B: return 8;
    case 0x4E5D: return 9; case 0x4E24: return 2; /* 两 */
    default: return -1;
  }
}

static int is_digit_at(const u8 *s, size_t n, size_t p) {
  size_t l;
  return digit_val(cp_at(s, n, p, &l)) >= 0;
}

/* The literal lit at *p: advances and returns 1, else 0. */
static int lit(const u8 *s, size_t n, size_t *p, const char *lit_) {
  size_t l = strlen(lit_);
  if (l <= n - *p && memcmp(s + *p, lit_, l) == 0) { *p += l; return 1; }
  return 0;
}

static void skip_space(const u8 *s, size_t n, size_t *p) {
  size_t l;
  while (*p < n) {
    int32_t c = cp_at(s, n, *p, &l);
    if (c < 0 || !(c == ' ' || c == '\t' || zt_is_hspace(c))) break;
    *p += l;
  }
}

/* 1..maxd ASCII or full-width digits (fails if there are more). */
static int read_digits(const u8 *s, size_t n, size_t *p, int maxd, int *v) {
  size_t q = *p, l;
  int k = 0, val = 0, dv;
  while (q < n && (dv = digit_val(cp_at(s, n, q, &l))) >= 0) {
    if (++k > maxd) return 0;
    val = val * 10 + dv;
    q += l;
  }
  if (!k) return 0;
  *p = q;
  *v = val;
  return k;
}

/* A Chinese numeral 0..99 (十, 十二, 二十, 二十一, 一二 as digits): returns 1 and advances. */
static int read_cn_num(const u8 *s, size_t n, size_t *p, int *v) {
  size_t q = *p, l;
  int32_t c = cp_at(s, n, q, &l);
  int a = cn_digit(c), val;
  if (c == 0x5341) { /* 十 */
    q += l;
    val = 10;
    a = cn_digit(cp_at(s, n, q, &l));
    if (a > 0) { val += a; q += l; }
  } else if (a >= 0) {
    q += l;
    val = a;
    c = cp_at(s, n, q, &l);
    if (c == 0x5341) {
      q += l;
      val = a * 10;
      a = cn_digit(cp_at(s, n, q, &l));
      if (a > 0) { val += a; q += l; }
    } else if ((a = cn_digit(c)) >= 0) {
      val = val * 10 + a;
      q += l;
      if (cn_digit(cp_at(s, n, q, &l)) >= 0) return 0;
    }
  } else {
    return 0;
  }
  *p = q;
  *v = val;
  return 1;
}

/* A Chinese numeral up to 999 (一百零七, 一百一十二, 九十九): ROC years. */
static int read_cn_roc(const u8 *s, size_t n, size_t *p, int *v) {
  size_t q = *p, l1, l2, l3;
  int h = cn_digit(cp_at(s, n, q, &l1)), rest = 0;
  if (h > 0 && cp_at(s, n, q + l1, &l2) == 0x767E) { /* N百 */
    int32_t c;
    q += l1 + l2;
    c = cp_at(s, n, q, &l3);
    if (c == 0x96F6 || c == 0x3007) { /* 零N */
      q += l3;
      if (!read_cn_num(s, n, &q, &rest) || rest > 9) return 0;
    } else if (!read_cn_num(s, n, &q, &rest)) {
      rest = 0;
    }
    *p = q;
    *v = h * 100 + rest;
    return 1;
  }
  return read_cn_num(s, n, p, v);
}

static int read_num_any(const u8 *s, size_t n, size_t *p, int maxd, int *v) {
  return read_digits(s, n, p, maxd, v) || read_cn_num(s, n, p, v);
}

static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

static int leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int zt_date_valid(int y, int m, int d) {
  if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1) return 0;
  return d <= mdays[m - 1] + (m == 2 && leap(y));
}

/* Days since 1970-01-01 (H. Hinnant's algorithm). */
static long long days_from_civil(int y, int m, int d) {
  long long era, yoe, doy, doe;
  y -= m <= 2;
  era = (y >= 0 ? y : y - 399) / 400;
  yoe = y - era * 400;
  doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

static void civil_from_days(long long z, int *y, int *m, int *d) {
  long long era, doe, yoe, doy, mp, yy;
  z += 719468;
  era = (z >= 0 ? z : z - 146096) / 146097;
  doe = z - era * 146097;
  yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  yy = yoe + era * 400;
  doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  mp = (5 * doy + 2) / 153;
  *d = (int)(doy - (153 * mp + 2) / 5 + 1);
  *m = (int)(mp < 10 ? mp + 3 : mp - 9);
  *y = (int)(yy + (*m <= 2));
}

int zt_date_from_unix(long long t, int offset_min, zt_date *d) {
  long long days, rem;
  memset(d, 0, sizeof *d);
  /* checked before adding: t may be anything a caller read (LLONG_MAX included) */
  if (offset_min < -1440 || offset_min > 1440 ||
      t < ZT_DATE_UNIX_MIN - (long long)offset_min * 60 ||
      t > ZT_DATE_UNIX_MAX - (long long)offset_min * 60)
    return 0;
  t += (long long)offset_min * 60;
  days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
  rem = t - days * 86400;
  civil_from_days(days, &d->year, &d->month, &d->day);
  d->hour = (int)(rem / 3600);
  d->min = (int)(rem / 60 % 60);
  d->sec = (int)(rem % 60);
  d->prec = ZT_DATE_TIME;
  return 1;
}

int zt_date_now_ok(const zt_date *now) {
  return now && now->year >= ZT_DATE_MIN_YEAR && now->year <= ZT_DATE_MAX_YEAR &&
         zt_date_valid(now->year, now->month, now->day) && now->hour >= 0 && now->hour <= 23 &&
         now->min >= 0 && now->min <= 59 && now->sec >= 0 && now->sec <= 60;
}

static long long to_seconds(const zt_date *d) {
  return days_from_civil(d->year, d->month, d->day) * 86400LL + d->hour * 3600LL + d->min * 60LL +
         d->sec;
}

/* now - secs (secs <= 999 days, now in range): 0 when that leaves the supported years. */
static int shift(const zt_date *now, long long secs, zt_date *d) {
  return zt_date_from_unix(to_seconds(now) - secs, 0, d);
}

/* 上午/下午...: returns the kind (1 morning, 2 afternoon/evening, 3 noon) and advances. */
static int read_ampm(const u8 *s, size_t n, size_t *p) {
  static const char *const am[] = {"上午", "早上", "凌晨", "早晨", "清晨", NULL};
  static const char *const pm[] = {"下午", "晚上", "傍晚", "晚间", "晚間", "夜间", "夜間", NULL};
  int i;
  for (i = 0; am[i]; i++) if (lit(s, n, p, am[i])) return 1;
  for (i = 0; pm[i]; i++) if (lit(s, n, p, pm[i])) return 2;
  if (lit(s, n, p, "中午")) return 3;
  return 0;
}

/* A weekday between a date and its time: 星期四, 周四, 礼拜四, (星期四), （周四）. */
static void skip_weekday(const u8 *s, size_t n, size_t *p) {
  size_t q = *p, l;
  int open = 0;
  int32_t c;
  if (lit(s, n, &q, "（") || lit(s, n, &q, "(")) open = 1;
  if (!(lit(s, n, &q, "星期") || lit(s, n, &q, "礼拜") || lit(s, n, &q, "禮拜") ||
        lit(s, n, &q, "周") || lit(s, n, &q, "週")))
    return;
  c = cp_at(s, n, q, &l);
  if (!(cn_digit(c) > 0 || c == 0x65E5 || c == 0x5929)) return; /* 一..六, 日, 天 */
  q += l;
  if (open && !(lit(s, n, &q, "）") || lit(s, n, &q, ")"))) return;
  skip_space(s, n, &q);
  *p = q;
}

/* A time at *p (after optional spaces / T). Fills hour/min/sec/offset on success. */
static int read_time(const u8 *s, size_t n, size_t *p, zt_date *d) {
  size_t q = *p, l;
  int ampm, h, m = 0, sec = 0, colon = 0;
  int32_t c;
  skip_space(s, n, &q);
  if (q < n && (s[q] == 'T' || s[q] == ',')) { q++; }
  skip_space(s, n, &q);
  skip_weekday(s, n, &q);
  ampm = read_ampm(s, n, &q);
  skip_space(s, n, &q);
  if (!read_digits(s, n, &q, 2, &h)) {
    if (!read_cn_num(s, n, &q, &h)) return 0;
    c = cp_at(s, n, q, &l);
    if (!(c == 0x65F6 || c == 0x6642 || c == 0x70B9 || c == 0x9EDE)) return 0;
  }
  c = cp_at(s, n, q, &l);
  if (c == ':' || c == 0xFF1A) {
    q += l;
    if (!read_digits(s, n, &q, 2, &m) || m > 59) return 0;
    colon = 1;
    c = cp_at(s, n, q, &l);
    if ((c == ':' || c == 0xFF1A) && is_digit_at(s, n, q + l)) {
      size_t r = q + l;
      if (read_digits(s, n, &r, 2, &sec) && sec <= 60) q = r;
      else sec = 0;
      if (q < n && s[q] == '.' && is_digit_at(s, n, q + 1)) { /* fraction: skipped */
        q++;
        while (is_digit_at(s, n, q)) q++;
      }
    }
  } else if (c == 0x65F6 || c == 0x6642 || c == 0x70B9 || c == 0x9EDE) { /* 时 時 点 點 */
    size_t r;
    q += l;
    r = q;
    if (read_num_any(s, n, &r, 2, &m) && m <= 59) {
      q = r;
      if (lit(s, n, &q, "分")) {
        r = q;
        if (read_num_any(s, n, &r, 2, &sec) && sec <= 60 && lit(s, n, &r, "秒")) q = r;
        else sec = 0;
      }
    } else {
      m = 0;
      if (!lit(s, n, &q, "整")) (void)lit(s, n, &q, "钟");
    }
  } else {
    return 0;
  }
  if (sec == 60) sec = 59;
  if (!ampm) {
    size_t r = q;
    skip_space(s, n, &r);
    if (r + 1 < n && (s[r] == 'A' || s[r] == 'a' || s[r] == 'P' || s[r] == 'p') &&
        (s[r + 1] == 'M' || s[r + 1] == 'm') && !(r + 2 < n && ((s[r + 2] | 32) >= 'a' && (s[r + 2] | 32) <= 'z'))) {
      ampm = (s[r] | 32) == 'a' ? 1 : 2;
      q = r + 2;
    }
  }
  if (ampm == 2 && h < 12) h += 12;
  else if (ampm == 1 && h == 12) h = 0;
  if (h > 23) return 0;
  d->hour = h;
  d->min = m;
  d->sec = sec;
  d->prec = ZT_DATE_TIME;
  /* offset, glued to the time */
  if (colon && q < n) {
    if (s[q] == 'Z') {
      d->has_offset = 1;
      d->offset_min = 0;
      q++;
    } else if ((s[q] == '+' || s[q] == '-') && is_digit_at(s, n, q + 1)) {
      size_t r = q + 1;
      int oh = 0, k = 0;
      while (r < n && s[r] >= '0' && s[r] <= '9' && k < 2) { oh = oh * 10 + (s[r] - '0'); r++; k++; }
      if (k == 2) {
        int om = 0;
        if (r < n && s[r] == ':') r++;
        k = 0;
        while (r < n && s[r] >= '0' && s[r] <= '9' && k < 2) { om = om * 10 + (s[r] - '0'); r++; k++; }
        if ((k == 0 || k == 2) && oh <= 14 && om <= 59 && !(r < n && s[r] >= '0' && s[r] <= '9')) {
          d->has_offset = 1;
          d->offset_min = (s[q] == '-' ? -1 : 1) * (oh * 60 + om);
          q = r;
        }
      }
    }
  }
  *p = q;
  return 1;
}

static int is_datesep(int32_t c) {
  return c == '-' || c == '/' || c == '.' || c == 0xFF0D || c == 0xFF0F || c == 0xFF0E ||
         c == 0x2013 || c == 0x2212;
}

/* An absolute date (with its optional time) starting exactly at p0. */
static int try_abs(const u8 *s, size_t n, size_t p0, zt_date *d, size_t *endp) {
  size_t p = p0, l, q;
  int y = 0, m = 0, dd = 0, v, cnyear = 0, k;
  memset(d, 0, sizeof *d);
  if (lit(s, n, &p, "民國") || lit(s, n, &p, "民国")) {
    skip_space(s, n, &p);
    if (!read_digits(s, n, &p, 3, &v) && !read_cn_roc(s, n, &p, &v)) return 0;
    if (v < 1 || v > 200) return 0;
    y = v + 1911;
    skip_space(s, n, &p);
    if (!lit(s, n, &p, "年")) return 0;
    cnyear = 1;
  } else if ((k = read_digits(s, n, &p, 4, &v)) != 0) {
    if (k <= 2 && p < n && s[p] == '/') {
      /* 9/17/2004 5:54:13 AM: the US month/day/year, only with a 12-hour time (AM/PM),
       * which tells it apart from day/month/year */
      int m2 = v, d2, y2;
      size_t q2 = p + 1, t0;
      if (p0 > 0 && (s[p0 - 1] == '/' || s[p0 - 1] == '.')) return 0;
      if (read_digits(s, n, &q2, 2, &d2) && q2 < n && s[q2] == '/') {
        q2++;
        if (read_digits(s, n, &q2, 4, &y2) == 4) {
          if (y2 < 1900 || y2 > 2099 || !zt_date_valid(y2, m2, d2)) return 0;
          memset(d, 0, sizeof *d);
          d->year = y2;
          d->month = m2;
          d->day = d2;
          t0 = q2;
          if (q2 >= n || s[q2] != ' ' || !read_time(s, n, &q2, d) || q2 < t0 + 2 ||
              !((s[q2 - 1] | 32) == 'm' && ((s[q2 - 2] | 32) == 'a' || (s[q2 - 2] | 32) == 'p')))
            return 0;
          *endp = q2;
          return 1;
        }
      }
    }
    if (k == 2 && p < n && (s[p] == '-' || s[p] == '/')) {
      /* 19-10-08 12:00: a two-digit year, only with a time (alone it is too ambiguous) */
      int m2, d2;
      size_t q2 = p + 1;
      int32_t sep2 = s[p];
      if (!read_digits(s, n, &q2, 2, &m2) || q2 >= n || s[q2] != sep2) return 0;
      q2++;
      if (read_digits(s, n, &q2, 2, &d2) != 2) return 0;
      y = v < 70 ? 2000 + v : 1900 + v;
      if (!zt_date_valid(y, m2, d2)) return 0;
      memset(d, 0, sizeof *d);
      d->year = y;
      d->month = m2;
      d->day = d2;
      if (q2 >= n || !(s[q2] == ' ' || s[q2] == 'T') || !read_time(s, n, &q2, d)) return 0;
      *endp = q2;
      return 1;
    }
    if (k != 4 || v < 1900 || v > 2099) return 0;
    y = v;
  } else {
    int i;
    v = 0;
    for (i = 0; i < 4; i++) {
      int dv = cn_digit(cp_at(s, n, p, &l));
      if (dv < 0) return 0;
      v = v * 10 + dv;
      p += l;
    }
    if (v < 1900 || v > 2099 || !lit(s, n, &p, "年")) return 0;
    y = v;
    cnyear = 1;
  }
  d->year = y;
  if (!cnyear) {
    q = p;
    skip_space(s, n, &q);
    if (lit(s, n, &q, "年")) { cnyear = 1; p = q; }
  }
  if (cnyear) {
    d->prec = ZT_DATE_YEAR;
    *endp = p;
    q = p;
    skip_space(s, n, &q);
    if (!read_num_any(s, n, &q, 2, &m)) return 1;
    skip_space(s, n, &q);
    if (!lit(s, n, &q, "月") || m < 1 || m > 12) return 1;
    d->month = m;
    d->prec = ZT_DATE_MONTH;
    *endp = p = q;
    skip_space(s, n, &q);
    if (!read_num_any(s, n, &q, 2, &dd)) return 1;
    if (!zt_date_valid(y, m, dd)) return 0;
    skip_space(s, n, &q);
    if (!lit(s, n, &q, "日") && !lit(s, n, &q, "号") && !lit(s, n, &q, "號")) {
      if (is_digit_at(s, n, q)) return 1;
    }
    d->prec = ZT_DATE_DAY;
    p = q;
  } else {
    int32_t c, sep = cp_at(s, n, p, &l);
    if (!is_datesep(sep)) return 0;
    p += l;
    if (!read_digits(s, n, &p, 2, &m) || m < 1 || m > 12) return 0;
    c = cp_at(s, n, p, &l);
    if (c != sep) {
      if (sep == '.' || is_digit_at(s, n, p) || is_datesep(c)) return 0;
      d->month = m;
      d->prec = ZT_DATE_MONTH;
      *endp = p;
      return 1;
    }
    p += l;
    if (!read_digits(s, n, &p, 2, &dd)) return 0;
    if (!zt_date_valid(y, m, dd)) return 0;
    if (sep == '.' && p < n && s[p] == '.' && is_digit_at(s, n, p + 1)) return 0; /* 1.2.3.4 */
    d->prec = ZT_DATE_DAY;
  }
  d->month = m;
  d->day = dd;
  q = p;
  if (read_time(s, n, &q, d)) p = q;
  *endp = p;
  return 1;
}

/* Relative forms, and month-day-time without a year; need `now`. */
static int try_rel(const u8 *s, size_t n, size_t p0, const zt_date *now, zt_date *d,
                   size_t *endp) {
  size_t p = p0, q;
  int v, back = -1;
  zt_date t;
  memset(d, 0, sizeof *d);
  if (lit(s, n, &p, "刚刚") || lit(s, n, &p, "剛剛")) {
    *d = *now;
    d->prec = ZT_DATE_TIME;
    d->relative = 1;
    *endp = p;
    return 1;
  }
  if (lit(s, n, &p, "今天") || lit(s, n, &p, "今日")) back = 0;
  else if (lit(s, n, &p, "昨天") || lit(s, n, &p, "昨日")) back = 1;
  else if (lit(s, n, &p, "前天")) back = 2;
  if (back >= 0) {
    if (!zt_date_from_unix(
            days_from_civil(now->year, now->month, now->day) * 86400LL - back * 86400LL, 0, d))
      return 0;
    d->hour = d->min = d->sec = 0;
    d->prec = ZT_DATE_DAY;
    d->relative = 1;
    q = p;
    if (read_time(s, n, &q, d)) { p = q; d->has_offset = 0; }
    *endp = p;
    return 1;
  }
  if (read_num_any(s, n, &p, 3, &v)) {
    long long unit = 0;
    size_t r = p;
    skip_space(s, n, &r);
    if (lit(s, n, &r, "秒钟") || lit(s, n, &r, "秒鐘") || lit(s, n, &r, "秒")) unit = 1;
    else if (lit(s, n, &r, "分钟") || lit(s, n, &r, "分鐘")) unit = 60;
    else if (lit(s, n, &r, "个小时") || lit(s, n, &r, "個小時") || lit(s, n, &r, "小时") ||
             lit(s, n, &r, "小時"))
      unit = 3600;
    else if (lit(s, n, &r, "天") || lit(s, n, &r, "日")) unit = 86400;
    if (unit) {
      skip_space(s, n, &r);
      if (lit(s, n, &r, "前")) {
        if (!shift(now, unit * v, d)) return 0;
        if (unit == 86400) { d->prec = ZT_DATE_DAY; d->hour = d->min = d->sec = 0; }
        d->relative = 1;
        *endp = r;
        return 1;
      }
      return 0;
    }
    /* MM-DD HH:MM or M月D日 HH:MM, in the reference year */
    {
      int m = v, dd;
      size_t l;
      int32_t c = cp_at(s, n, p, &l);
      q = p;
      if (c == '-' || c == '/') {
        q += l;
        if (!read_digits(s, n, &q, 2, &dd)) return 0;
      } else if (lit(s, n, &q, "月")) {
        if (!read_num_any(s, n, &q, 2, &dd)) return 0;
        if (!lit(s, n, &q, "日") && !lit(s, n, &q, "号")) return 0;
      } else {
        return 0;
      }
      memset(&t, 0, sizeof t);
      if (!read_time(s, n, &q, &t) || t.has_offset) return 0;
      t.year = now->year;
      t.month = m;
      t.day = dd;
      if (!zt_date_valid(t.year, m, dd)) return 0;
      if (to_seconds(&t) > to_seconds(now) + 86400) {
        t.year--;
        if (t.year < ZT_DATE_MIN_YEAR || !zt_date_valid(t.year, m, dd)) return 0;
      }
      t.relative = 1;
      *d = t;
      *endp = q;
      return 1;
    }
  }
  return 0;
}

/* A date label (发布时间： 日期: 发表于 ...) right before byte offset `at`: 0 none, 1 a label,
 * 2 an update label (更新时间： 更新于 修改时间 最后更新). */
static int labelled_before(const u8 *s, size_t at) {
  static const char *const labels[] = {"时间", "時間", "日期", "发布", "發布", "發佈", "发表",
                                       "發表", "发布于", "发表于", "發表於", "更新", "发稿",
                                       "刊发", "Date", "date", "Published", "published",
                                       "发布于:", "posted @", "Posted @", "posted on",
                                       "Posted on", NULL};
  /* update words, read just before the label's own word (时间, 日期) or the date */
  static const char *const updates[] = {"更新", "更新于", "更新於", "修改", "修改于", "修改於",
                                        "最后更新", "最後更新", "Updated", "updated", NULL};
  size_t p = at, q;
  int i, found = 0;
  while (p > 0 && (s[p - 1] == ' ' || s[p - 1] == '\t')) p--;
  if (p >= 3 && memcmp(s + p - 3, "\xE3\x80\x80", 3) == 0) p -= 3;
  if (p >= 1 && s[p - 1] == ':') p--;
  else if (p >= 3 && memcmp(s + p - 3, "\xEF\xBC\x9A", 3) == 0) p -= 3;
  while (p > 0 && s[p - 1] == ' ') p--;
  for (i = 0; labels[i] && !found; i++) {
    size_t l = strlen(labels[i]);
    if (l <= p && memcmp(s + p - l, labels[i], l) == 0) found = 1;
  }
  q = p;
  if (q >= 6 && (memcmp(s + q - 6, "时间", 6) == 0 || memcmp(s + q - 6, "時間", 6) == 0 ||
                 memcmp(s + q - 6, "日期", 6) == 0))
    q -= 6;
  for (i = 0; updates[i]; i++) {
    size_t l = strlen(updates[i]);
    if (l <= q && memcmp(s + q - l, updates[i], l) == 0) return 2;
  }
  return found;
}

int zt_date_find(const char *str, size_t n, const zt_date *now, zt_date *d, size_t *start,
                 size_t *end) {
  const u8 *s = (const u8 *)str;
  size_t p = 0, l, e;
  int prev_digit = 0, prev_cn = 0;
  if (!zt_date_now_ok(now)) now = NULL;
  if (!now && !may_hold_abs_date(s, n)) return 0;
  while (p < n) {
    u8 b = s[p];
    int32_t c = cp_at(s, n, p, &l);
    int dv = digit_val(c), cv = cn_digit(c);
    if (((dv >= 0 && !prev_digit) || (cv >= 0 && !prev_cn) || b == 0xE6 /* 民 */) &&
        try_abs(s, n, p, d, &e)) {
      *start = p;
      *end = e;
      d->labelled = labelled_before(s, p);
      d->updated = d->labelled == 2;
      d->labelled = d->labelled != 0;
      return 1;
    }
    if (now && b >= 0xE4 && !prev_digit && try_rel(s, n, p, now, d, &e)) {
      *start = p;
      *end = e;
      d->labelled = labelled_before(s, p);
      d->updated = d->labelled == 2;
      d->labelled = d->labelled != 0;
      return 1;
    }
    if (now && dv >= 0 && !prev_digit && try_rel(s, n, p, now, d, &e)) {
      *start = p;
      *end = e;
      d->labelled = labelled_before(s, p);
      d->updated = d->labelled == 2;
      d->labelled = d->labelled != 0;
      return 1;
    }
    prev_digit = dv >= 0;
    prev_cn = cv >= 0 || c == 0x5341;
    p += l ? l : 1;
  }
  return 0;
}

int zt_date_best(const char *s, size_t n, const zt_date *now, zt_date *d, size_t *start,
                 size_t *end) {
  size_t off = 0, st, en;
  zt_date cur;
  int found = 0, guard = 0;
  while (off < n && guard++ < 10000 && zt_date_find(s + off, n - off, now, &cur, &st, &en)) {
    if (!found || (d->updated && !cur.updated && cur.prec >= ZT_DATE_DAY) ||
        (cur.updated == d->updated &&
         ((cur.labelled && !d->labelled && cur.prec >= ZT_DATE_DAY) ||
          (cur.labelled == d->labelled && cur.prec > d->prec)))) {
      *d = cur;
      *start = off + st;
      *end = off + en;
      found = 1;
    }
    off += en > st ? en : st + 1;
  }
  return found;
}

int zt_date_parse(const char *str, size_t n, const zt_date *now, zt_date *d) {
  const u8 *s = (const u8 *)str;
  size_t st, en, b = 0, e = n;
  int v;
  if (zt_date_best(str, n, now, d, &st, &en)) return 1;
  /* a bare year: 2018 */
  while (b < e && (s[b] == ' ' || s[b] == '\t' || s[b] == '\n' || s[b] == '\r')) b++;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\n' || s[e - 1] == '\r')) e--;
  st = b;
  if (read_digits(s, e, &st, 4, &v) == 4 && st == e && v >= 1900 && v <= 2099) {
    memset(d, 0, sizeof *d);
    d->year = v;
    d->prec = ZT_DATE_YEAR;
    return 1;
  }
  return 0;
}

size_t zt_date_format(const zt_date *d, char *out) {
  int k;
  switch (d->prec) {
    case ZT_DATE_YEAR: k = snprintf(out, 32, "%04d", d->year); break;
    case ZT_DATE_MONTH: k = snprintf(out, 32, "%04d-%02d", d->year, d->month); break;
    case ZT_DATE_DAY: k = snprintf(out, 32, "%04d-%02d-%02d", d->year, d->month, d->day); break;
    case ZT_DATE_TIME:
      k = snprintf(out, 32, "%04d-%02d-%02dT%02d:%02d:%02d", d->year, d->month, d->day, d->hour,
                   d->min, d->sec);
      if (d->has_offset && k > 0 && k < 26) {
        int o = d->offset_min < 0 ? -d->offset_min : d->offset_min;
        k += snprintf(out + k, 32 - (size_t)k, "%c%02d:%02d", d->offset_min < 0 ? '-' : '+',
                      o / 60 % 100, o % 60);
      }
      break;
    default: out[0] = '\0'; k = 0;
  }
  return k > 0 ? (size_t)k : 0;
}
