/* zt_article_bylines: credits outside label lines — bracketed bylines opening or closing a
 * paragraph (本报讯（记者 王晓明）, …。（张三 李四）), photo credits ending captions (… 王晓明 摄). */
#include "zt_article_impl.h"

/* Bracketed byline at the start of a paragraph (本报讯（记者 王晓明 通讯员 李华）...) or a
 * trailing one ((责任编辑：李勤余)). Adds names; returns 1 when found. */
int za_bracket_bylines(ctx *c, acc *names, const line *L, int whole) {
  const u8 *s = L->s;
  size_t n = L->n, i = 0, l, lim = n < 160 ? n : 160;
  int found = 0, tries = 0;
  // cppcheck-suppress knownConditionTrueFalse
  while (i < lim && tries < 4) {
    int32_t ch = cp_at(s, n, i, &l);
    if (ch == 0xFF08 || ch == '(' || ch == 0x3010 || ch == '[' || ch == 0x3014 || ch == 0xFF3B) {
      size_t b = i + l, e = b, l2;
      int32_t close = ch == 0xFF08 ? 0xFF09 : ch == '(' ? ')' : ch == 0x3010 ? 0x3011 :
                      ch == 0x3014 ? 0x3015 : ch == 0xFF3B ? 0xFF3D : ']';
      tries++;
      while (e < n && e - b < 200) {
        int32_t d = cp_at(s, n, e, &l2);
        if (d == close || (ch == 0xFF08 && d == ')') || (ch == '(' && d == 0xFF09)) break;
        e += l2 ? l2 : 1;
      }
      if (e < n && e - b < 200 && e > b) {
        hit h[MAX_HITS];
        size_t pe;
        int k = za_parse_labels(c->r, s + b, e - b, 1, h, &pe);
        if (k > 0 && za_hits_ok(s + b, h, k) && za_line_is_person_meta(h, k) &&
            pe < 12) {
          int dt = 0;
          zt_date dd;
          za_take_hits(c, names, s + b, h, k, &dt, &dd);
          found = 1;
        } else if (k == 0 && e - b < 40) {
          /* (王晓明 摄) */
          size_t bb = b, ee = e;
          int mark;
          za_trim(s, &bb, &ee);
          if ((mark = za_ends(c->r, RL_PHOTO_MARK, s + bb, ee - bb, 0)) >= 0) {
            ee -= za_rule_table[mark].len;
            za_trim_value(s, &bb, &ee);
            if (ee > bb && za_person_value_ok(s + bb, ee - bb)) {
              za_add_names(names, F_PHOTO, s + bb, ee - bb);
              found = 1;
            }
          } else if (za_ends(c->r, RL_REPORT_MARK, s + bb, ee - bb, 0) >= 0) {
            /* 【王小明╱台北報導】: a name, a slash, a place */
            size_t q = bb, l3;
            while (q < ee) {
              int32_t d = cp_at(s, ee, q, &l3);
              if (d == '/' || d == 0xFF0F || d == 0x2571 || d == 0x2215) break;
              q += l3 ? l3 : 1;
            }
            if (q < ee && q > bb && za_len((const char *)s + bb, q - bb) <= 4 &&
                za_person_value_ok(s + bb, q - bb)) {
              za_add_names(names, F_AUTHOR, s + bb, q - bb);
              found = 1;
            }
          }
        }
        i = e;
      }
    }
    if (whole) break;
    i += l ? l : 1;
  }
  return found;
}

/* The text before a reporter label is an outlet glued to it (新华社记者, 总台记者,
 * 河南商报记者): at most 12 characters, Han or a middle dot, no space, ending in 社/报/台/网... */
int za_outlet_prefix(const u8 *s, size_t b, size_t pe, const hit *h) {
  size_t q = b, l, chars = 0;
  int32_t last = -1;
  if (pe <= b) return 1;
  if (h[0].field != F_AUTHOR || h[0].ls != pe) return 0;
  while (q < pe) {
    int32_t c = cp_at(s, pe, q, &l);
    if (!(is_han(c) || c == 0xB7 || c == 0x30FB || c == 0x2022)) return 0;
    last = c;
    if (++chars > 12) return 0;
    q += l ? l : 1;
  }
  return is_agency_char(last);
}

/* An unlabelled byline in brackets closing a paragraph: two to four names of two to four Han
 * characters (（张三 李四）), or one name and a place with 报道 (（张三 上海报道）). */
static void trailing_plain_names(acc *names, const u8 *s, size_t n) {
  size_t q = 0, l = 0, tb = 0, ntok = 0, tok_b[5], tok_e[5];
  int place = 0;
  while (q <= n) {
    int32_t c = q < n ? cp_at(s, n, q, &l) : ' ';
    if (q == n || c == ' ' || c == 0x3000 || c == 0xA0) {
      if (q > tb) {
        if (ntok == 5) return;
        tok_b[ntok] = tb;
        tok_e[ntok++] = q;
      }
      if (q == n) break;
      tb = q + l;
    } else if (!is_han(c)) {
      return;
    }
    q += l ? l : 1;
  }
  if (ntok == 0) return;
  if (ntok >= 2 &&
      za_ends(names->r, RL_REPORT_MARK, s + tok_b[ntok - 1], tok_e[ntok - 1] - tok_b[ntok - 1], 0) >= 0) {
    place = 1;
    ntok--;
  }
  if (ntok > 4 || (ntok < 2 && !place)) return;
  for (q = 0; q < ntok; q++) {
    size_t chars = za_len((const char *)s + tok_b[q], tok_e[q] - tok_b[q]);
    int32_t lc = cp_before(s, tok_e[q], &l);
    if (chars < 2 || chars > 4 || is_agency_char(lc) ||
        za_is_placeholder_name(names->r, s + tok_b[q], tok_e[q] - tok_b[q]))
      return;
  }
  for (q = 0; q < ntok; q++) za_acc_add(names, F_AUTHOR, s + tok_b[q], tok_e[q] - tok_b[q]);
}

/* The opening bracket ending just before b follows a finished sentence (。！？”). */
static int sentence_before_bracket(const u8 *s, size_t b) {
  size_t st;
  int32_t c;
  if (cp_before(s, b, &st) < 0 || st == 0) return 0;
  c = cp_before(s, st, &st);
  while (is_space_cp(c) && st > 0) c = cp_before(s, st, &st);
  return c == 0x3002 || c == 0xFF01 || c == 0xFF1F || c == 0x201D || c == '!' || c == '?';
}

/* A byline in brackets closing a paragraph: "...取得新进展。（记者 张三 李四）"; closing the
 * story's last paragraph, one name of two or three characters too (…活起来。（钟晓岚）). */
void za_trailing_bracket_byline(ctx *c, acc *names, const line *L, int last) {
  const u8 *s = L->s;
  size_t n = L->n, e, b, st;
  int32_t close = cp_before(s, n, &st), open;
  hit h[MAX_HITS];
  size_t pe;
  int k;
  if (n < 6 || !(close == 0xFF09 || close == ')')) return;
  e = st;
  open = close == ')' ? '(' : 0xFF08;
  b = e;
  while (b > 0 && e - b < 120) {
    size_t st2;
    int32_t d = cp_before(s, b, &st2);
    if (d == open || d == (open == '(' ? 0xFF08 : '(')) break;
    b = st2;
  }
  if (b == 0 || e - b >= 120 || e <= b) return;
  k = za_parse_labels(c->r, s + b, e - b, 1, h, &pe);
  if (k > 0 && (pe < 6 || za_outlet_prefix(s + b, 0, pe, h)) && za_hits_ok(s + b, h, k) &&
      za_line_is_person_meta(h, k)) {
    int dt = 0;
    zt_date dd;
    za_take_hits(c, names, s + b, h, k, &dt, &dd);
  } else if (k == 0 && e - b <= 60 && sentence_before_bracket(s, b)) {
    size_t bb = b, ee = e;
    za_trim(s, &bb, &ee);
    if (last && za_len((const char *)s + bb, ee - bb) <= 3 && za_names_only(c->r, s + bb, ee - bb))
      za_add_names(names, F_AUTHOR, s + bb, ee - bb);
    else
      trailing_plain_names(names, s + bb, ee - bb);
  }
}

/* A photo credit ending a caption line: "... 新华社记者 王晓明 摄" */
void za_trailing_photo_credit(acc *names, const line *L) {
  const u8 *s = L->s;
  size_t n = L->n, e, b, st;
  int32_t c;
  int mark;
  if (n > 600) return;
  e = n;
  c = cp_before(s, e, &st);
  if (c == 0xFF09 || c == ')') e = st;
  if ((mark = za_ends(names->r, RL_PHOTO_MARK, s, e, 0)) < 0) return;
  e -= za_rule_table[mark].len;
  while (e > 0 && (s[e - 1] == ' ' || s[e - 1] == '/')) e--;
  /* back over a name and an optional 记者 label */
  b = e;
  {
    int chars = 0;
    while (b > 0 && chars < 6) {
      c = cp_before(s, b, &st);
      if (!is_han(c) && c != 0xB7 && c != 0x30FB) break;
      b = st;
      chars++;
    }
    if (chars < 2 || chars > 5) return;
  }
  {
    size_t pb = b;
    while (pb > 0 && s[pb - 1] == ' ') pb--;
    c = cp_before(s, pb, &st);
    if (!(pb == 0 || b != pb || c == 0xFF08 || c == '(' ||
          za_ends(names->r, RL_REPORTER_END, s, pb, 0) >= 0))
      return;
  }
  {
    size_t bb = b, ee = e;
    if (ends_with(s + bb, ee - bb, "记者")) return;
    za_add_names(names, F_PHOTO, s + bb, ee - bb);
  }
}

/* A byline of names, a slash and the outlet, alone on a line under the headline
 * next to the dateline (韩冬/滨海日报, 范雨桐 翟亮/东城晚报): the names are authors, the outlet
 * the source. */
static void slash_outlet_byline(acc *names, const line *x) {
  const u8 *s = x->s;
  size_t n = x->n, q = n, st, chars = 0, ob, oe = n;
  int32_t d, last = -1;
  while (q > 0) {
    d = cp_before(s, q, &st);
    if (d == '/' || d == 0xFF0F || d == 0x2215 || d == 0x2571) break;
    if (!is_han(d)) return;
    if (last < 0) last = d;
    chars++;
    q = st;
  }
  if (q == 0 || chars < 2 || chars > 12 || !is_agency_char(last)) return;
  ob = q;
  cp_before(s, q, &st);
  q = st;
  while (q > 0 && s[q - 1] == ' ') q--;
  if (q == 0 || !za_names_only(names->r, s, q)) return;
  za_add_names(names, F_AUTHOR, s, q);
  za_acc_add(names, F_SOURCE, s + ob, oe - ob);
}

/* A self-media credit line `原创 NAME ACCOUNT DATE`: with two tokens before the date, the
 * first is the author (the second is the account, a channel, not a person); with one, it is
 * the account. */
static void original_credit_line(acc *names, const line *x) {
  size_t b, e, l;
  int h = za_starts(names->r, RL_ORIGINAL_MARK, x->s, x->n);
  if (h < 0 || !x->has_date || x->dstart > 80) return;
  b = za_rule_table[h].len;
  if (b >= x->dstart || !is_space_cp(cp_at(x->s, x->n, b, &l))) return;
  while (b < x->dstart && is_space_cp(cp_at(x->s, x->n, b, &l))) b += l ? l : 1;
  for (e = b; e < x->dstart && !is_space_cp(cp_at(x->s, x->n, e, &l)); e += l ? l : 1) {}
  {
    /* the account must follow: 原创 ACCOUNT DATE alone names no person */
    size_t q = e, a;
    while (q < x->dstart && is_space_cp(cp_at(x->s, x->n, q, &l))) q += l ? l : 1;
    for (a = q; a < x->dstart && !is_space_cp(cp_at(x->s, x->n, a, &l)); a += l ? l : 1) {}
    if (a == q) return;
    while (a < x->dstart && is_space_cp(cp_at(x->s, x->n, a, &l))) a += l ? l : 1;
    if (a < x->dstart) return;
  }
  if (e > b && za_len((const char *)x->s + b, e - b) <= 8 && za_person_value_ok(x->s + b, e - b) &&
      !za_is_placeholder_name(names->r, x->s + b, e - b))
    za_add_names(names, F_AUTHOR, x->s + b, e - b);
}

/* A signature closing the story: `——沈一鸣` (a dash, then names only) on the last paragraph's
 * line or just after it. */
static void dash_signature(acc *names, const line *x) {
  size_t b = 0, l;
  int dashes = 0;
  if (x->nchars > 16) return;
  while (b < x->n) {
    int32_t ch = cp_at(x->s, x->n, b, &l);
    if (ch == 0x2014 || ch == 0x2015 || ch == '-' || ch == 0x2500) dashes++;
    else if (!is_space_cp(ch)) break;
    b += l ? l : 1;
  }
  if (dashes < 1 || b >= x->n) return;
  if (za_names_only(names->r, x->s + b, x->n - b)) za_add_names(names, F_AUTHOR, x->s + b, x->n - b);
}

/* Pass: names, in page order — label lines, bracketed bylines at the start of the first
 * paragraphs and closing them, a lone bracketed name after the last one, photo credits ending
 * captions. */
void za_pass_names(ctx *c, acc *names) {
  const line *L = c->L;
  size_t i, nl = c->nl;
  int html = c->html;
  hit h[MAX_HITS];
  int seen = 0, dated_byline = 0, next_story = 0;
  for (i = 0; i < nl; i++) {
    const line *x = &L[i];
    int in_body = c->body_start < nl && i >= c->body_start && i <= c->body_end;
    /* 上一篇/下一篇 after the story's dated byline: a dated byline after it is the next story's */
    if (x->kind == ZT_K_NAV && dated_byline && x->nchars <= 40 && za_starts(c->r, RL_NAV_NEXT, x->s, x->n) >= 0)
      next_story = 1;
    if (x->kind == ZT_K_BYLINE || x->kind == ZT_K_META) {
      size_t pe;
      int k;
      if (html && (x->flags & ZT_LF_BOILER) && !(x->flags & ZT_LF_MAIN) &&
          (in_body || (c->body_end < nl && i > c->body_end + 5)))
        continue; /* bylines of other articles in sidebars and comment lists */
      if (x->has_date && next_story) continue;
      if (x->has_date && x->kind == ZT_K_BYLINE) dated_byline = 1;
      if (x->marks & LN_BRACKETED) {
        za_bracket_bylines(c, names, x, 1);
      } else if ((k = za_line_labels(c->r, x, x->loose, h, &pe)) > 0) {
        int dt = 0;
        zt_date dd;
        za_take_hits(c, names, x->s, h, k, &dt, &dd);
        if (x->has_date && x->dend < h[0].ls && h[0].ls - x->dend <= 40) {
          /* 2004年7月16日 08:19 [ 王明 ] 来源：... : a bare name between the date and the labels */
          size_t b = x->dend, e = h[0].ls;
          za_trim_brackets(x->s, &b, &e);
          if (e > b && za_names_only(c->r, x->s + b, e - b)) za_add_names(names, F_AUTHOR, x->s + b, e - b);
        }
      }
      continue;
    }
    if ((x->kind == ZT_K_OTHER || x->kind == ZT_K_BODY) && c->body_end < nl && i >= c->body_end &&
        i <= c->body_end + 2 && !(html && (x->flags & (ZT_LF_BOILER | ZT_LF_LINK))))
      dash_signature(names, x);
    if (x->kind == ZT_K_OTHER && c->body_end < nl && i > c->body_end && i <= c->body_end + 2 &&
        x->nchars <= 14 && !(html && (x->flags & (ZT_LF_BOILER | ZT_LF_LINK)))) {
      /* a lone bracketed name right after the last paragraph: （王明） */
      size_t b = 0, e = x->n, st;
      int32_t o = cp_at(x->s, x->n, 0, &st), cl = cp_before(x->s, x->n, &st);
      if ((o == 0xFF08 || o == '(') && (cl == 0xFF09 || cl == ')')) {
        za_trim_brackets(x->s, &b, &e);
        if (e > b && za_names_only(c->r, x->s + b, e - b)) za_add_names(names, F_AUTHOR, x->s + b, e - b);
      }
    }
    if (x->kind == ZT_K_DATELINE && c->title_i != NO_LINE && i > c->title_i && i <= c->title_i + 3)
      original_credit_line(names, x);
    if (x->kind == ZT_K_HEADER && c->title_i != NO_LINE && i > c->title_i && i <= c->title_i + 3 &&
        x->nchars <= 30 && !(html && (x->flags & (ZT_LF_BOILER | ZT_LF_LINK))) &&
        (L[i - 1].kind == ZT_K_DATELINE || (i + 1 < nl && L[i + 1].kind == ZT_K_DATELINE)))
      slash_outlet_byline(names, x);
    if (x->kind == ZT_K_BODY && seen++ < 3) za_bracket_bylines(c, names, x, 0);
    if (x->kind == ZT_K_BODY) za_trailing_bracket_byline(c, names, x, i == c->body_end);
    if ((x->kind == ZT_K_BODY || x->kind == ZT_K_OTHER || x->kind == ZT_K_HEADER) &&
        x->nchars < 120 && !(html && (x->flags & ZT_LF_BOILER)))
      za_trailing_photo_credit(names, x);
  }
}
