/* zt_article_labels: label lines (来源：… 作者：… 责任编辑：…). The labels are the table of
 * zt_article_labels.def; this file finds them in a line (one index lookup per position), cuts
 * their values, and checks that person values look like names. */
#include "zt_article_impl.h"

/* The separator after a label at p: 1 colon, 2 slash, 0 none; *after is past it and spaces. */
static int label_sep(const u8 *s, size_t n, size_t p, size_t *after) {
  size_t l, q = p;
  int32_t c;
  int sep = 0;
  while (q < n) { c = cp_at(s, n, q, &l); if (c != ' ' && c != 0x3000 && c != 0xA0) break; q += l; }
  c = cp_at(s, n, q, &l);
  if (c == ':' || c == 0xFF1A || c == 0xFE55) { sep = 1; q += l; }
  else if (c == '/' || c == 0xFF0F || c == '|' || c == 0xFF5C || c == 0x2215 || c == 0x4E28 ||
           c == 0xFE31 || c == 0x2571) { sep = 2; q += l; }
  if (sep) while (q < n) { c = cp_at(s, n, q, &l); if (!is_space_cp(c)) break; q += l; }
  *after = sep ? q : p;
  return sep;
}

static int is_value_stop(int32_t c) {
  return c == '|' || c == 0xFF5C || c == 0x4E28 || c == 0x3014 || c == 0x3015 || c == 0xFF3B ||
         c == 0xFF3D || c == '\t' || c == 0x3000 || c == 0x3010 || c == 0x3011 ||
         c == '[' || c == ']' || c == 0xFF08 || c == 0xFF09 || c == '(' || c == ')';
}

/* A value glued to its label at q (作者何光明, 来源云溪网): a run of Han characters ending the
 * line or followed by a space or a stop — two to four for a name, up to twelve ending in an
 * outlet character for a source; a further glued label may follow it (来源X作者Y). */
static int glued_value_ok(const za_rules *r, const u8 *s, size_t n, size_t q, int field) {
  size_t l, chars = 0;
  int32_t c = -1, last = -1;
  while (q < n && chars <= 12) {
    int j;
    c = cp_at(s, n, q, &l);
    if (!is_han(c)) break;
    /* 来源西坪日报作者邢雅琳 (spans without spaces): the next such label ends the value */
    if (chars >= 2 && (j = za_rule_at(r, RL_LABEL, s, n, q)) >= 0 &&
        (za_rule_table[j].flags & LB_GLUED_VALUE)) {
      c = ' ';
      break;
    }
    last = c;
    chars++;
    q += l ? l : 1;
  }
  if (q < n && !(is_space_cp(c) || is_value_stop(c))) return 0;
  if (field == F_AUTHOR) return chars >= 2 && chars <= 4 && !is_agency_char(last);
  return field == F_SOURCE && chars >= 2 && chars <= 12 && is_agency_char(last);
}

/* A label at byte p of s[0..n): its index in za_rule_table (the longest label there) or -1.
 * `loose` allows labels without a colon (short lines, brackets); `inval`: p ends a value. */
static int label_at(const za_rules *r, const u8 *s, size_t n, size_t p, int loose, int inval,
                    int *sep, size_t *after) {
  int best = za_rule_at(r, RL_LABEL, s, n, p);
  size_t bestlen, st;
  int32_t prev;
  if (best < 0) return -1;
  bestlen = za_rule_table[best].len;
  prev = cp_before(s, p, &st);
  {
    /* boundary before: not after a Han character or a letter, except 新华社记者 (agency) */
    int glued = prev >= 0 && (is_han(prev) || (prev < 0x80 && ((prev | 32) >= 'a' && (prev | 32) <= 'z')));
    if (glued && !is_agency_char(prev) && !inval) return -1;
    if (glued && !((za_rule_table[best].flags & LB_AGENCY) && is_agency_char(prev))) {
      /* glued to the previous value (作者:张三来源:人民网): a long label with a colon only */
      size_t a2;
      int gv = inval && (za_rule_table[best].flags & LB_GLUED_VALUE) &&
               label_sep(s, n, p + bestlen, &a2) == 0 && is_han(cp_at(s, n, p + bestlen, &st)) &&
               glued_value_ok(r, s, n, p + bestlen, za_rule_table[best].field);
      if (!gv && (!inval || za_rule_table[best].len < 6 || label_sep(s, n, p + bestlen, &a2) != 1))
        return -1;
    }
  }
  *sep = label_sep(s, n, p + bestlen, after);
  if (*sep == 2 && !(za_rule_table[best].flags & LB_SLASH)) return -1;
  if (!*sep) {
    if (za_rule_table[best].flags & LB_NEEDSEP) return -1;
    if (za_rule_table[best].field == F_DATE) {
      /* a date label without a colon must be followed by a date */
      size_t q = p + bestlen, ds, de;
      zt_date d;
      int found;
      while (q < n && (s[q] == ' ')) q++;
      if (q >= n) return -1;
      found = zt_date_find((const char *)s + q, n - q < 24 ? n - q : 24, NULL, &d, &ds, &de);
      if (!found || ds != 0) return -1;
      *after = q;
      return best;
    }
    if ((za_rule_table[best].flags & LB_GLUED_VALUE) && is_han(cp_at(s, n, p + bestlen, &st)) &&
        glued_value_ok(r, s, n, p + bestlen, za_rule_table[best].field)) {
      *after = p + bestlen;
      return best;
    }
    if (!loose || !(za_rule_table[best].flags & LB_NOCOLON)) return -1;
    /* must be followed by a space, or glued to a name for the reporter labels (记者王晓明) */
    int32_t c = cp_at(s, n, p + bestlen, &st);
    if (!(is_space_cp(c) || (is_han(c) && (za_rule_table[best].flags & LB_GLUE)))) return -1;
    {
      size_t q = p + bestlen;
      while (q < n) { int32_t d = cp_at(s, n, q, &st); if (!is_space_cp(d)) break; q += st; }
      *after = q;
      if (q >= n) return -1;
    }
  }
  return best;
}

/* 1..6 Han characters and a colon at p: a label this parser does not know (单位：). */
static int unknown_label_at(const u8 *s, size_t n, size_t p) {
  size_t l;
  int k = 0;
  while (p < n && k <= 6) {
    int32_t c = cp_at(s, n, p, &l);
    if (c == ':' || c == 0xFF1A) return k >= 1;
    if (!is_han(c)) return 0;
    k++;
    p += l;
  }
  return 0;
}

/* za_parse_labels; cand[0..ncand): every position that may start a label, ascending (the
 * rest only step on to the next), or NULL: all positions. */
static int parse_labels(const za_rules *r, const u8 *s, size_t n, int loose, hit *hits,
                        size_t *prefix_end, const uint16_t *cand, int ncand) {
  size_t p = 0, l, after;
  int k = 0, sep, ci = 0;
  *prefix_end = n;
  while (p < n && k < MAX_HITS) {
    if (cand) {
      while (ci < ncand && cand[ci] < p) ci++;
      if (ci == ncand) break; /* no label further on */
      p = cand[ci];
    }
    // cppcheck-suppress uninitvar ; hits[k - 1] is written before k > 0
    int idx = za_label_may_start(r, s, n, p)
                  ? label_at(r, s, n, p, loose, k > 0 && p == hits[k - 1].ve, &sep, &after)
                  : -1;
    if (idx < 0) {
      cp_at(s, n, p, &l);
      p += l ? l : 1;
      continue;
    }
    if (k == 0) *prefix_end = p;
    hits[k].field = za_rule_table[idx].field;
    hits[k].ls = p;
    hits[k].le = p + za_rule_table[idx].len;
    hits[k].sep = sep;
    hits[k].also_photo = (za_rule_table[idx].flags & LB_ALSO_PHOTO) != 0;
    hits[k].vs = after;
    /* the value runs to the next label, a stop character, two spaces, or the end */
    p = after;
    if (hits[k].field == F_DATE) {
      size_t ds, de;
      zt_date d;
      if (zt_date_find((const char *)s + p, n - p, NULL, &d, &ds, &de) && ds <= 3) p += de;
      hits[k].ve = p;
      k++;
      continue;
    }
    while (p < n) {
      int s2;
      size_t a2;
      int32_t c = cp_at(s, n, p, &l);
      if (is_value_stop(c)) break;
      if (c == ' ' && p + 1 < n && s[p + 1] == ' ' && !za_spaced_name_at(s, n, hits[k].vs, p)) break;
      if ((hits[k].field == F_SOURCE) && is_space_cp(c)) {
        /* 人民网 - 人民日报 stays one source */
        size_t q = p, lq = 0;
        int32_t d;
        while (q < n && is_space_cp(d = cp_at(s, n, q, &lq))) q += lq;
        d = q < n ? cp_at(s, n, q, &lq) : -1;
        if (!(q < n && (d == '-' || d == 0x2014 || d == 0xFF0D || d == 0x2013))) break;
        q += lq;
        while (q < n && is_space_cp(cp_at(s, n, q, &lq))) q += lq;
        p = q;
        continue;
      }
      if (za_label_may_start(r, s, n, p)) {
        if (p > hits[k].vs && label_at(r, s, n, p, loose, 1, &s2, &a2) >= 0) break;
        /* 作者：责任编辑：NAME: a label with its colon right after a label leaves it empty */
        if (p == hits[k].vs && hits[k].sep == 1 && label_at(r, s, n, p, loose, 1, &s2, &a2) >= 0 &&
            s2 == 1)
          break;
      }
      if (p > hits[k].vs && is_space_cp(cp_before(s, p, &a2)) && unknown_label_at(s, n, p)) break;
      if (c >= '0' && c <= '9' && p > hits[k].vs) {
        size_t ds, de;
        zt_date d;
        if (zt_date_find((const char *)s + p, n - p < 40 ? n - p : 40, NULL, &d, &ds, &de) && ds == 0)
          break;
      }
      p += l ? l : 1;
    }
    hits[k].ve = p;
    k++;
  }
  return k;
}

int za_parse_labels(const za_rules *r, const u8 *s, size_t n, int loose, hit *hits,
                    size_t *prefix_end) {
  return parse_labels(r, s, n, loose, hits, prefix_end, NULL, 0);
}

int za_line_labels(const za_rules *r, const line *L, int loose, hit *hits, size_t *prefix_end) {
  int known = L->lab_known && L->lab_n <= LAB_MAX;
  return parse_labels(r, L->s, L->n, loose, hits, prefix_end, known ? L->lab_at : NULL,
                      known ? L->lab_n : 0);
}

int za_line_is_person_meta(const hit *h, int k) {
  int i;
  for (i = 0; i < k; i++)
    if (h[i].field == F_AUTHOR || h[i].field == F_EDITOR || h[i].field == F_PHOTO) return 1;
  return 0;
}

/* Reads label hits into fields. */
void za_take_hits(ctx *c, acc *names, const u8 *s, const hit *h, int k, int *date_taken,
                      zt_date *labelled_date) {
  int i;
  for (i = 0; i < k; i++) {
    size_t b = h[i].vs, e = h[i].ve;
    za_trim_value(s, &b, &e);
    switch (h[i].field) {
      case F_SOURCE:
        if (e > b) za_acc_add(names, F_SOURCE, s + b, e - b);
        break;
      case F_AUTHOR: case F_EDITOR: case F_PHOTO:
        if (e > b) za_add_names(names, h[i].field, s + b, e - b);
        if (e > b && h[i].also_photo) za_add_names(names, F_PHOTO, s + b, e - b);
        break;
      case F_KEYWORDS:
        if (e > b) za_acc_add(names, F_KEYWORDS, s + b, e - b);
        break;
      case F_DATE: {
        zt_date d;
        size_t ds, de;
        if (!*date_taken && e > b &&
            zt_date_find((const char *)s + b, e - b, c->o->now, &d, &ds, &de) &&
            d.prec >= ZT_DATE_DAY) {
          *labelled_date = d;
          *date_taken = 1;
        }
        break;
      }
      default:
        break;
    }
  }
}

/* Validates label hits: person values must look like names. */
int za_hits_ok(const u8 *s, const hit *h, int k) {
  int i, good = 0;
  for (i = 0; i < k; i++) {
    size_t b = h[i].vs, e = h[i].ve;
    za_trim_value(s, &b, &e);
    if (h[i].field == F_AUTHOR || h[i].field == F_EDITOR || h[i].field == F_PHOTO) {
      if (!za_person_value_ok(s + b, e - b)) return 0;
      if (h[i].sep == 0 && e == b) return 0;
    } else if (h[i].field == F_SOURCE) {
      if (za_len((const char *)s + b, e - b) > 30) return 0;
    }
    good++;
  }
  return good;
}

/* A short line that is all labels (and a date, or a short outlet before them): kind BYLINE or
 * META. Colon-less labels (记者 张三) are read on loose lines, and on any label line where
 * they find more. Returns 1 when the line got a kind. */
int za_label_line(ctx *c, line *x) {
  hit h[MAX_HITS];
  size_t pe, pb = 0, pe2, tb, te;
  int k, j, sentence_after;
  x->loose = x->nchars <= 40 && !x->ends_sentence;
  if (x->lab_known && x->lab_n == 0) return 0; /* za_parse_labels would find nothing */
  k = za_line_labels(c->r, x, x->loose, h, &pe);
  if (k > 0 && !x->loose && x->nchars <= 160 && !x->ends_sentence && za_hits_ok(x->s, h, k)) {
    hit h2[MAX_HITS];
    size_t pe3;
    int k2 = za_line_labels(c->r, x, 1, h2, &pe3);
    if (k2 > k && za_hits_ok(x->s, h2, k2)) {
      memcpy(h, h2, sizeof h2);
      k = k2;
      pe = pe3;
      x->loose = 1;
    }
  }
  if (k <= 0 || !za_hits_ok(x->s, h, k)) return 0;
  /* the text before the first label must be empty, a date, or short */
  pe2 = pe;
  za_trim_value(x->s, &pb, &pe2);
  if (x->has_date && x->dstart < pe) {
    pb = x->dend;
    pe2 = pe;
    if (pb > pe2) pb = pe2;
    za_trim_value(x->s, &pb, &pe2);
  }
  /* and a sentence must not follow the last value (〔記者王小明／台北報導〕行政院今天...) */
  tb = h[k - 1].ve;
  te = x->n;
  za_trim_value(x->s, &tb, &te);
  sentence_after = x->prose && te > tb && za_len((const char *)x->s + tb, te - tb) > 8;
  if (sentence_after || !(pe2 <= pb || za_len((const char *)x->s + pb, pe2 - pb) <= 8 ||
                          (pe2 == pe && za_outlet_prefix(x->s, pb, pe, h))))
    return 0;
  x->meta = 1;
  x->kind = za_line_is_person_meta(h, k) ? ZT_K_BYLINE : ZT_K_META;
  x->rule = x->kind == ZT_K_BYLINE ? "label line (作者/记者/编辑/摄影...)" : "label line (来源/时间/...)";
  for (j = 0; j < k; j++) {
    if (h[j].field == F_EDITOR) x->closing = 1;
    if (h[j].field == F_PHOTO || h[j].field == F_SOURCE) x->soft_closing = 1;
  }
  return 1;
}
