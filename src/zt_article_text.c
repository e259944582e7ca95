/* zt_article_text: trimming and searching UTF-8 spans (shared by the article passes). */
#include "zt_article_impl.h"

int za_has_lit_n(const u8 *s, size_t n, const char *lit, size_t l) {
  size_t i;
  u8 c0 = (u8)lit[0], c1;
  if (l > n) return 0;
  if (l == 1) return memchr(s, c0, n) != NULL;
  c1 = (u8)lit[1];
  for (i = 0; i + l <= n; i++)
    if (s[i] == c0 && s[i + 1] == c1 && memcmp(s + i, lit, l) == 0) return 1;
  return 0;
}

int za_contains(const u8 *hay, size_t n, const u8 *needle, size_t m) {
  size_t i;
  if (m == 0 || m > n) return 0;
  for (i = 0; i + m <= n; i++)
    if (hay[i] == needle[0] && memcmp(hay + i, needle, m) == 0) return 1;
  return 0;
}

void za_trim(const u8 *s, size_t *b, size_t *e) {
  size_t l, st;
  while (*b < *e) {
    int32_t c = cp_at(s, *e, *b, &l);
    if (!is_space_cp(c)) break;
    *b += l;
  }
  while (*e > *b) {
    int32_t c = cp_before(s, *e, &st);
    if (!is_space_cp(c)) break;
    *e = st;
  }
}

/* Trims spaces and trailing/leading separators punctuation of a value. */
void za_trim_value(const u8 *s, size_t *b, size_t *e) {
  size_t l, st;
  for (;;) {
    int32_t c;
    za_trim(s, b, e);
    if (*b >= *e) return;
    c = cp_at(s, *e, *b, &l);
    if (c == ':' || c == 0xFF1A || c == ',' || c == 0xFF0C || c == 0x3001 || c == ';' ||
        c == 0xFF1B || c == '|' || c == 0xFF5C || c == '/' || c == 0xFF0F) {
      *b += l;
      continue;
    }
    c = cp_before(s, *e, &st);
    if (c == ',' || c == 0xFF0C || c == 0x3001 || c == ';' || c == 0xFF1B || c == '|' ||
        c == 0xFF5C || c == 0x3002 || c == ':' || c == 0xFF1A || c == '/' || c == 0xFF0F) {
      *e = st;
      continue;
    }
    return;
  }
}

/* A line of nothing but one to three names (2-4 Han characters each, 、 or spaces between;
 * a lone name 2-3),
 * as older pages and essays put under the headline: 胡平 / 赵延东、风笑天. */
/* Trims spaces and one pair of enclosing brackets ([ ] 【 】 （ ） ( )) from s[b..e). */
void za_trim_brackets(const u8 *s, size_t *b, size_t *e) {
  size_t l, st;
  int32_t o, cl;
  za_trim(s, b, e);
  /* private-use characters (what GBK's user area decodes to) count as spaces here */
  while (*e > *b && (cl = cp_before(s, *e, &st)) >= 0xE000 && cl <= 0xF8FF) {
    *e = st;
    za_trim(s, b, e);
  }
  while (*e > *b && (o = cp_at(s, *e, *b, &l)) >= 0xE000 && o <= 0xF8FF) {
    *b += l;
    za_trim(s, b, e);
  }
  if (*e <= *b) return;
  o = cp_at(s, *e, *b, &l);
  cl = cp_before(s, *e, &st);
  if ((o == '[' && cl == ']') || (o == 0x3010 && cl == 0x3011) || (o == 0xFF08 && cl == 0xFF09) ||
      (o == '(' && cl == ')') || (o == 0xFF3B && cl == 0xFF3D) || (o == 0xFF08 && cl == ')') ||
      (o == '(' && cl == 0xFF09)) {
    if (st <= *b + l) { *e = *b; return; }
    *b += l;
    *e = st;
    za_trim(s, b, e);
  }
}
