/* zt_date: finding publish dates and times in Chinese text and writing them as ISO 8601.
 *
 * Recognized: 2018-07-12, 2018/7/12, 2018.07.12, 2018年7月12日 (号/號), Chinese numerals
 * (二〇一九年九月一日), full-width digits, ROC years (民國107年 = 2018), each optionally followed
 * by a time (09:30, 09:30:15, 上午/下午 9:30, 9时30分, 9點30分) and an offset (Z, +08:00, +0800);
 * ISO 8601 with T; year-month (2018年7月, 2018-07); relative forms (刚刚, 3分钟前, 3小时前,
 * 2天前, 今天/昨天/前天 [time], MM-DD HH:MM) when a reference time is given. Dates are validated:
 * 2018-02-30 or 25:00 are never returned. Pure C, no allocation, linear in the input.
 */
#ifndef ZT_DATE_H
#define ZT_DATE_H

#include <stddef.h>

enum { ZT_DATE_NONE = 0, ZT_DATE_YEAR, ZT_DATE_MONTH, ZT_DATE_DAY, ZT_DATE_TIME };

typedef struct zt_date {
  int year, month, day, hour, min, sec;
  int prec;        /* ZT_DATE_* */
  int has_offset;  /* the text gave a UTC offset */
  int offset_min;  /* minutes east of UTC */
  int relative;    /* resolved from a relative form against the reference time */
  int labelled;    /* preceded by a label such as 发布时间： */
  int updated;     /* that label says the page was updated (更新于, 修改时间): not its publication */
} zt_date;

/* Finds the first date in s[0..n). `now` (may be NULL) is the reference wall-clock time for
 * relative forms (without it they are not recognized). On success returns 1 and fills *d and
 * the byte span [*start, *end) of the match (a preceding label such as 发布时间： is not part of
 * it; d->labelled says whether one was there). Returns 0 when there is none. */
int zt_date_find(const char *s, size_t n, const zt_date *now, zt_date *d, size_t *start,
                 size_t *end);

/* Like zt_date_find, but starts at byte `from` and returns the best candidate of the string:
 * the first labelled date if any, else the first one with the highest precision; a date labelled
 * as an update (更新时间：…　发布时间：…) loses to any other. */
int zt_date_best(const char *s, size_t n, const zt_date *now, zt_date *d, size_t *start,
                 size_t *end);

/* The date of a whole string (zt_date_best, or a bare year such as "2018"): 1 or 0. */
int zt_date_parse(const char *s, size_t n, const zt_date *now, zt_date *d);

/* Writes d as ISO 8601 (2018, 2018-07, 2018-07-12, 2018-07-12T09:30:00[+08:00]) into out
 * (at least 32 bytes), NUL-terminated; returns its length. */
size_t zt_date_format(const zt_date *d, char *out);

/* The supported range of reference times (`now`) and of zt_date_from_unix's results: wall-clock
 * years 1900..9999. Outside it no date is computed (a reference time of year 10^8 would give
 * impossible dates, and seconds beyond +-2^63 cannot be added to at all). */
#define ZT_DATE_MIN_YEAR 1900
#define ZT_DATE_MAX_YEAR 9999
#define ZT_DATE_UNIX_MIN (-2208988800LL)  /* 1900-01-01T00:00:00Z */
#define ZT_DATE_UNIX_MAX 253402300799LL   /* 9999-12-31T23:59:59Z */

/* Converts Unix time t to the wall clock at offset_min minutes east of UTC (|offset_min| <=
 * 1440), prec TIME. Returns 1, or 0 (and *d zeroed, prec NONE) when the wall clock would fall
 * outside years ZT_DATE_MIN_YEAR..ZT_DATE_MAX_YEAR. */
int zt_date_from_unix(long long t, int offset_min, zt_date *d);

/* 1 when d can serve as a reference time: a valid calendar day in years
 * ZT_DATE_MIN_YEAR..ZT_DATE_MAX_YEAR with hour/min/sec in range. zt_date_find, zt_date_best and
 * zt_date_parse treat any other `now` as absent (relative forms are then not recognized). */
int zt_date_now_ok(const zt_date *now);

/* 1 when y-m-d is a real calendar day. */
int zt_date_valid(int y, int m, int d);

#endif
