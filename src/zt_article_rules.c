/* zt_article_rules: the rule tables (zt_article_*.def) and the one matcher that reads them.
 *
 * The tables are static data; the parser object builds, once, an index of them: for each list,
 * chains of rules by the first two bytes of their text (in table order), and the signature bits
 * of their first two characters. Testing a position is one bucket lookup (O(1) in the number
 * of rules); testing whether a line holds a word is two signature bits per rule of that list
 * before any byte is compared.
 */
#include <stdlib.h>

#include "zt_article_impl.h"
#include "zt_error.h"

const za_rule za_rule_table[] = {
#define LABEL(t, f, fl) {t, (unsigned char)(sizeof(t) - 1), RL_LABEL, f, fl},
#include "zt_article_labels.def"
#undef LABEL
#define WORD(list, t, fl) {t, (unsigned char)(sizeof(t) - 1), list, F_NONE, fl},
#include "zt_article_boiler.def"
#include "zt_article_names.def"
#include "zt_article_dates.def"
#undef WORD
  {NULL, 0, 0, 0, 0}};

/* The rules za_line_lists looks for. */
static int za_in_line_scan(const za_rule *q) {
  return (ZA_ANYWHERE & ZA_LBIT(q->list)) || q->list == RL_FOOTER_LINK ||
         (q->list == RL_NAV && (q->flags & LB_SHORT_ANYWHERE));
}

int za_rules_init(za_rules *r) {
  size_t i, n = 0, k;
  int l;
  memset(r, 0, sizeof *r);
  while (za_rule_table[n].s) {
    if (za_rule_table[n].len < ZA_MINLEN) return ZT_EINVAL; /* a rule too short to index */
    n++;
  }
  r->n = n;
  r->next = (uint16_t *)malloc((n ? n : 1) * sizeof *r->next);
  r->order = (uint16_t *)malloc((n ? n : 1) * sizeof *r->order);
  r->sig1 = (int16_t *)malloc((n ? n : 1) * sizeof *r->sig1);
  r->sig2 = (int16_t *)malloc((n ? n : 1) * sizeof *r->sig2);
  r->any_next = (uint16_t *)malloc((n ? n : 1) * sizeof *r->any_next);
  if (!r->next || !r->order || !r->sig1 || !r->sig2 || !r->any_next) {
    za_rules_free(r);
    return ZT_ENOMEM;
  }
  if (RL__COUNT > 64) { za_rules_free(r); return ZT_EINVAL; } /* a list bit per list */
  for (l = 0; l < RL__COUNT; l++)
    for (k = 0; k < ZA_BUCKETS; k++) r->head[l][k] = ZA_NONE;
  for (k = 0; k < ZA_BUCKETS; k++) r->any_head[k] = ZA_NONE;
  /* prepend from the end: every chain stays in table order */
  for (i = n; i-- > 0;) {
    const za_rule *q = &za_rule_table[i];
    unsigned b = za_bucket((const u8 *)q->s);
    size_t len;
    int32_t c = cp_at((const u8 *)q->s, q->len, 0, &len);
    r->next[i] = r->head[q->list][b];
    r->head[q->list][b] = (uint16_t)i;
    if (za_in_line_scan(q)) {
      r->any_next[i] = r->any_head[b];
      r->any_head[b] = (uint16_t)i;
    }
    r->sig1[i] = (int16_t)(c >= 0 ? (int)sig_bit(c) : -1);
    r->sig2[i] = -1;
    if (c >= 0 && len < q->len) {
      size_t l2;
      int32_t d = cp_at((const u8 *)q->s, q->len, len, &l2);
      if (d >= 0) r->sig2[i] = (int16_t)sig_bit(d);
    }
  }
  /* the labels' first three bytes (a two-byte label: any third byte) */
  for (i = 0; i < n; i++) {
    const za_rule *q = &za_rule_table[i];
    u8 t[3];
    unsigned b3;
    uint64_t *bits = q->list == RL_LABEL ? r->label_first
                     : za_in_line_scan(q) ? r->any_first : NULL;
    if (!bits) continue;
    t[0] = (u8)q->s[0];
    t[1] = (u8)q->s[1];
    for (b3 = 0; b3 < 256; b3++) {
      unsigned key;
      if (q->len >= 3 && b3 != (u8)q->s[2]) continue;
      t[2] = (u8)b3;
      key = za_key3(t);
      bits[key >> 6] |= (uint64_t)1 << (key & 63);
    }
  }
  /* lists in table order */
  k = 0;
  for (l = 0; l < RL__COUNT; l++) {
    r->lstart[l] = (uint16_t)k;
    for (i = 0; i < n; i++)
      if (za_rule_table[i].list == l) r->order[k++] = (uint16_t)i;
    r->lcount[l] = (uint16_t)(k - r->lstart[l]);
  }
  return ZT_OK;
}

void za_rules_free(za_rules *r) {
  free(r->next);
  free(r->any_next);
  r->any_next = NULL;
  free(r->order);
  free(r->sig1);
  free(r->sig2);
  r->next = r->order = NULL;
  r->sig1 = r->sig2 = NULL;
}

int za_ends(const za_rules *r, int list, const u8 *s, size_t n, size_t keep) {
  unsigned i;
  for (i = 0; i < r->lcount[list]; i++) {
    unsigned j = r->order[r->lstart[list] + i];
    size_t l = za_rule_table[j].len;
    if (l + keep <= n && memcmp(s + n - l, za_rule_table[j].s, l) == 0) return (int)j;
  }
  return -1;
}

int za_has_any(const za_rules *r, int list, const u8 *s, size_t n) {
  size_t p;
  for (p = 0; p + ZA_MINLEN <= n; p++) {
    unsigned i;
    for (i = r->head[list][za_bucket(s + p)]; i != ZA_NONE; i = r->next[i])
      if (za_rule_table[i].len <= n - p && memcmp(s + p, za_rule_table[i].s, za_rule_table[i].len) == 0)
        return 1;
  }
  return 0;
}

static int rule_in_line(const za_rules *r, unsigned j, const line *L) {
  if (r->sig1[j] < 0 || !((L->sig[r->sig1[j] >> 6] >> (r->sig1[j] & 63)) & 1)) return 0;
  if (r->sig2[j] >= 0 && !((L->sig[r->sig2[j] >> 6] >> (r->sig2[j] & 63)) & 1)) return 0;
  return za_has_lit_n(L->s, L->n, za_rule_table[j].s, za_rule_table[j].len);
}

int za_line_count(const za_rules *r, int list, const line *L, unsigned flags) {
  unsigned i;
  int k = 0;
  za_line_sig(L);
  for (i = 0; i < r->lcount[list]; i++) {
    unsigned j = r->order[r->lstart[list] + i];
    if ((za_rule_table[j].flags & flags) == flags && rule_in_line(r, j, L)) k++;
  }
  return k;
}

int za_line_has(const za_rules *r, int list, const line *L) {
  unsigned i;
  za_line_sig(L);
  for (i = 0; i < r->lcount[list]; i++)
    if (rule_in_line(r, r->order[r->lstart[list] + i], L)) return 1;
  return 0;
}

/* One position of za_line_lists: a rule of the chained lists at p, and a label's start. */
typedef struct lists_scan {
  uint64_t have;
  int nl;                /* label places seen */
  unsigned first_link;   /* the first footer link rule found, or ZA_NONE */
  unsigned links;        /* distinct footer link rules, up to 2 */
} lists_scan;

static inline void lists_at(const za_rules *r, line *L, lists_scan *z, size_t p) {
  const u8 *s = L->s;
  size_t n = L->n;
  unsigned i, bucket, lab = 1, any = 1;
  if (p + 3 <= n) {
    /* one key for both bit sets (za_label_may_start's and the chained rules') */
    unsigned key = za_key3(s + p);
    lab = (unsigned)(r->label_first[key >> 6] >> (key & 63)) & 1u;
    any = (unsigned)(r->any_first[key >> 6] >> (key & 63)) & 1u;
    if (!(lab | any)) return;
  }
  bucket = za_bucket(s + p);
  if (lab && z->nl <= LAB_MAX && r->head[RL_LABEL][bucket] != ZA_NONE) { /* za_label_may_start */
    if (z->nl < LAB_MAX) L->lab_at[z->nl] = (uint16_t)p;
    z->nl++;
  }
  if (!any) return;
  for (i = r->any_head[bucket]; i != ZA_NONE; i = r->any_next[i]) {
    const za_rule *q = &za_rule_table[i];
    if (q->len > n - p || !za_eq(s + p, q->s, q->len)) continue;
    z->have |= ZA_LBIT(q->list);
    if (q->list == RL_FOOTER_LINK) {
      if (z->first_link == ZA_NONE) { z->first_link = i; z->links = 1; }
      else if (i != z->first_link) z->links = 2;
    }
  }
}

/* Every byte position of the line, against the chained rules (za_in_line_scan) that start
 * with its bucket: what za_line_has answers for each of those lists (za_has_lit_n compares at
 * every byte offset; a rule, valid UTF-8, never starts with a continuation byte, so those are
 * skipped), how many footer links (za_line_count, up to 2), whether a navigation word that
 * counts anywhere is there (the RL_NAV bit), the breadcrumb separators (> » ＞ ›) and the
 * places a label may start. */
uint64_t za_line_lists(const za_rules *r, line *L) {
  const u8 *s = L->s;
  size_t n = L->n, p;
  unsigned seps = 0;
  lists_scan z;
  z.have = 0;
  z.nl = 0;
  z.first_link = ZA_NONE;
  z.links = 0;
  L->lab_known = 0;
  if (n > SHORT_LINE) return 0; /* no signature: za_line_has says 0 */
  for (p = 0; p + ZA_MINLEN <= n; p++) {
    u8 b = s[p];
    size_t skip = 0;
    if ((b & 0xC0) == 0x80) continue;
    if ((b & 0xF0) == 0xE0 && p + 3 <= n && ((s[p + 1] ^ 0x80u) | (s[p + 2] ^ 0x80u)) < 0x40u) {
      /* a well-formed three-byte character: its continuation bytes are stepped over */
      if ((b == 0xEF && s[p + 1] == 0xBC && s[p + 2] == 0x9E) ||
          (b == 0xE2 && s[p + 1] == 0x80 && s[p + 2] == 0xBA))
        seps++;
      skip = 2;
    } else if (b == '>' || (b == 0xC2 && s[p + 1] == 0xBB)) {
      seps++;
    }
    lists_at(r, L, &z, p);
    p += skip;
  }
  if (n >= 1 && s[n - 1] == '>') seps++; /* the last byte, past the loop */
  L->lab_known = 1;
  L->lab_n = z.nl;
  L->crumb_seps = seps;
  L->footer_links = z.links;
  return z.have;
}
