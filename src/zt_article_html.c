/* zt_article_html: what HTML adds — metadata fields (description, keywords, source), a meta
 * author trusted only when it looks like a person, class hints (class="author"), the parser's
 * warnings — and the page-wide fallbacks for names: a post line (本帖由…于…发表), a names-only
 * line under the headline. */
#include <stdio.h>

#include "zt_article_impl.h"

void za_html_meta_fields(ctx *c, const zt_html_doc *hd, acc *names) {
  const u8 *base = (const u8 *)hd->metabuf.data;
  const zt_span *m = hd->meta;
  if (m[ZT_HM_DESCRIPTION].set)
    c->a->description = za_put(c, base + m[ZT_HM_DESCRIPTION].off, m[ZT_HM_DESCRIPTION].len);
  if (m[ZT_HM_KEYWORDS].set) za_acc_add(names, F_KEYWORDS, base + m[ZT_HM_KEYWORDS].off, m[ZT_HM_KEYWORDS].len);
  if (m[ZT_HM_SOURCE].set) za_acc_add(names, F_SOURCE, base + m[ZT_HM_SOURCE].off, m[ZT_HM_SOURCE].len);
}

/* Is the author's name part of the <title>'s site suffix (网易 in 标题_网易新闻)? */
static int title_suffix_has(const u8 *t, size_t tn, const u8 *a, size_t an) {
  size_t se, sp = za_find_suffix_sep(t, tn, 0, &se);
  return sp < tn && za_contains(t + se, tn - se, a, an);
}

/* A metadata person value that is not the site's name (nor, for <meta name="author">, the
 * title's site suffix). */
static int meta_person_ok(const za_rules *r, const zt_span *m, const u8 *base, const u8 *s, size_t n,
                          int meta_author) {
  const zt_span *site = &m[ZT_HM_SITE_NAME];
  return za_person_value_ok(s, n) && !za_has_lit(s, n, "http") && !za_site_like(r, s, n) &&
         !(site->set && za_contains(base + site->off, site->len, s, n)) &&
         !(meta_author && m[ZT_HM_TITLE].set &&
           title_suffix_has(base + m[ZT_HM_TITLE].off, m[ZT_HM_TITLE].len, s, n)) &&
         !(site->set && site->len == n && memcmp(s, base + site->off, n) == 0);
}

void za_html_meta_authors(const za_rules *r, acc *names, const zt_html_doc *hd) {
  const u8 *base = (const u8 *)hd->metabuf.data;
  const zt_span *m = hd->meta, *ld = &m[ZT_HM_LD_AUTHOR];
  size_t b, e, end = ld->off + ld->len;
  /* JSON-LD's persons come joined by 、 (zt_jsonld): each is checked alone, so an outlet
   * listed among them does not sink the others */
  if (ld->set)
    for (b = ld->off; b < end; b = e + 3) {
      for (e = b; e < end && !(e + 3 <= end && memcmp(base + e, "\xE3\x80\x81", 3) == 0); e++) {}
      if (meta_person_ok(r, m, base, base + b, e - b, 0)) za_add_names(names, F_AUTHOR, base + b, e - b);
    }
}

/* An account id (bhzx_web01, editor01, a@b): ASCII digits, '_' or '@' are not in a person's
 * name, in Latin letters or Han. */
static int account_id_like(const u8 *s, size_t n) {
  size_t i;
  for (i = 0; i < n; i++)
    if ((s[i] >= '0' && s[i] <= '9') || s[i] == '_' || s[i] == '@') return 1;
  return 0;
}

/* The value is one of the names already credited in another role (the 责任编辑 or the
 * photographer that portals put in <meta name="author">). */
static int credited_elsewhere(const acc *names, const u8 *s, size_t n) {
  size_t i;
  for (i = 0; i < names->cnt; i++)
    if ((names->field[i] == F_EDITOR || names->field[i] == F_PHOTO || names->field[i] == F_SOURCE) &&
        names->n[i] >= n && za_contains(names->s[i], names->n[i], s, n))
      return 1;
  return 0;
}

/* <meta name="author"> last, and only when nothing visible credits an author: on portals it
 * often holds the web editor or a site account, so it is never added to a visible byline and
 * never taken when it names the page's editor, photographer or source. */
void za_html_meta_author(const za_rules *r, acc *names, const zt_html_doc *hd) {
  const u8 *base = (const u8 *)hd->metabuf.data;
  const zt_span *m = hd->meta, *ma = &m[ZT_HM_AUTHOR];
  const u8 *s;
  size_t b = 0, e = ma->len;
  if (!ma->set || !base || za_acc_has(names, F_AUTHOR)) return;
  s = base + ma->off; /* only now: a page without metadata has no buffer (NULL + 0 is UB) */
  za_trim_value(s, &b, &e);
  if (e <= b || account_id_like(s + b, e - b) || credited_elsewhere(names, s + b, e - b)) return;
  if (meta_person_ok(r, m, base, s, ma->len, 1)) za_add_names(names, F_AUTHOR, s, ma->len);
}

/* Fallbacks from elements whose class says what they hold (class="author", "source", "time"):
 * used only when the labels and metadata gave nothing for that field. */
void za_html_hints(ctx *c, const zt_html_doc *hd, acc *names) {
  const u8 *base = (const u8 *)hd->metabuf.data;
  static const int which[3] = {ZT_HM_AUTHOR_HINT, ZT_HM_EDITOR_HINT, ZT_HM_SOURCE_HINT};
  static const int field[3] = {F_AUTHOR, F_EDITOR, F_SOURCE};
  int j;
  for (j = 0; j < 3; j++) {
    const zt_span *sp = &hd->meta[which[j]];
    const u8 *s;
    hit h[MAX_HITS];
    size_t pe, b, e;
    int k;
    if (!sp->set || za_acc_has(names, field[j])) continue;
    /* only elements in the article's header (not a sidebar's author list) */
    if (hd->meta_line[which[j]] > (c->body_start < c->nl ? c->body_start + 2 : 60)) continue;
    if (field[j] == F_SOURCE && c->a->source.set) continue;
    s = base + sp->off;
    k = za_parse_labels(c->r, s, sp->len, 1, h, &pe);
    if (k > 0) {
      if (za_hits_ok(s, h, k)) {
        int dt = 0;
        zt_date dd;
        za_take_hits(c, names, s, h, k, &dt, &dd);
      }
      continue;
    }
    b = 0;
    e = sp->len;
    za_trim_value(s, &b, &e);
    if (e <= b || za_len((const char *)s + b, e - b) > 20) continue;
    if (field[j] == F_SOURCE) {
      za_acc_add(names, F_SOURCE, s + b, e - b);
    } else if (za_person_value_ok(s + b, e - b) && !za_site_like(c->r, s + b, e - b)) {
      zt_date d;
      size_t ds, de;
      if (!zt_date_find((const char *)s + b, e - b, NULL, &d, &ds, &de)) za_add_names(names, field[j], s + b, e - b);
    }
  }
  if (!c->a->date.set && hd->meta[ZT_HM_DATE_HINT].set &&
      hd->meta_line[ZT_HM_DATE_HINT] <= (c->body_start < c->nl ? c->body_start + 2 : 60)) {
    zt_date d;
    size_t ds, de;
    const zt_span *sp = &hd->meta[ZT_HM_DATE_HINT];
    if (zt_date_best((const char *)base + sp->off, sp->len, c->o->now, &d, &ds, &de) &&
        d.prec >= ZT_DATE_DAY)
      za_put_date(c, &d);
  }
}

/* With no author from labels or metadata: a names-only line just under the headline, in the
 * few lines before the first body paragraph, not a link. */
void za_header_name_line(acc *names, const line *L, size_t nl) {
  size_t first = 0, i, k;
  if (za_acc_has(names, F_AUTHOR)) return;
  while (first < nl && L[first].kind != ZT_K_BODY) first++;
  if (first == nl) return;
  /* the few lines before the first paragraph, then the second to fourth lines of the page
   * (a headline at the very top, the body found further down) */
  for (k = 0; k < 8; k++) {
    const line *x, *pv;
    if (k < 5) {
      if (first < k + 2) continue;
      i = first - 1 - k;
    } else {
      i = k - 4;
      if (i >= first || first - i <= 5) continue;
    }
    x = &L[i];
    pv = &L[i - 1];
    if (x->kind != ZT_K_HEADER || (x->flags & (ZT_LF_LINK | ZT_LF_BOILER))) continue;
    if (!(pv->kind == ZT_K_TITLE || pv->kind == ZT_K_REPEATED_TITLE ||
          (pv->kind == ZT_K_HEADER && pv->nchars <= 40 && !pv->ends_sentence)))
      continue;
    if (za_names_only(names->r, x->s, x->n)) {
      za_add_names(names, F_AUTHOR, x->s, x->n);
      return;
    }
  }
}

/* A blog footer `posted @ DATE NAME 阅读(12)`: the name after the date, up to a space or a
 * bracket. Gives the author when nothing else did (the first such line: replies come later). */
static void posted_at_line(ctx *c, acc *names) {
  size_t i;
  for (i = 0; i < c->nl; i++) {
    const line *x = &c->L[i];
    size_t b = 0, l, ds, de, e;
    int h;
    zt_date d;
    if (x->n > 300) continue;
    while (b < x->n && is_space_cp(cp_at(x->s, x->n, b, &l))) b += l ? l : 1;
    if ((h = za_starts(c->r, RL_POSTED_AT, x->s + b, x->n - b)) < 0) continue;
    b += za_rule_table[h].len;
    if (!zt_date_find((const char *)x->s + b, x->n - b, NULL, &d, &ds, &de) || ds > 3 ||
        d.prec < ZT_DATE_DAY)
      return;
    b += de;
    while (b < x->n && is_space_cp(cp_at(x->s, x->n, b, &l))) b += l ? l : 1;
    for (e = b; e < x->n; e += l ? l : 1) {
      int32_t ch = cp_at(x->s, x->n, e, &l);
      if (is_space_cp(ch) || ch == '(' || ch == 0xFF08) break;
    }
    if (e > b && za_len((const char *)x->s + b, e - b) <= 16 && za_person_value_ok(x->s + b, e - b) &&
        !za_is_placeholder_name(c->r, x->s + b, e - b))
      za_add_names(names, F_AUTHOR, x->s + b, e - b);
    return;
  }
}

/* `NAME 于 DATE 发布` opening a short line (a blog's post line without 本文由): the name is
 * one short token before 于. */
static int bare_posted_name(const line *x, size_t q) {
  size_t b = 0, e = q;
  if (x->nchars > 80) return 0;
  za_trim_value(x->s, &b, &e);
  if (e <= b || za_len((const char *)x->s + b, e - b) > 12) return 0;
  for (; b < e; b++)
    if (x->s[b] == ' ') return 0;
  return 1;
}

/* A forum or CMS post line: 本帖由NAME于DATE发表 / 本文由NAME于DATE发布 / NAME 于 DATE 发布 /
 * NAME 发表于 DATE (the first one: a thread's opening post).
 * Gives the author and the date when nothing else did. */
void za_posted_by_line(ctx *c, acc *names) {
  const line *L = c->L;
  size_t i, nl = c->nl;
  int html = c->html;
  if (!za_acc_has(names, F_AUTHOR)) posted_at_line(c, names);
  if (c->a->date.set && za_acc_has(names, F_AUTHOR)) return;
  for (i = 0; i < nl; i++) {
    const line *x = &L[i];
    size_t b = 0, q, l, ds, de, ne;
    int h, vb;
    zt_date d;
    if (x->n > 300 || (html && (x->flags & ZT_LF_BOILER))) continue;
    while (b < x->n && is_space_cp(cp_at(x->s, x->n, b, &l))) b += l ? l : 1;
    h = za_starts(c->r, RL_POSTED_HEAD, x->s + b, x->n - b);
    if (h >= 0) b += za_rule_table[h].len;
    /* the name: up to 于 within 24 bytes */
    for (q = b; q + 3 <= x->n && q - b <= 24; q++)
      if (memcmp(x->s + q, "于", 3) == 0 || memcmp(x->s + q, "於", 3) == 0) break;
    if (q + 3 > x->n || q - b > 24 || q == b) continue;
    /* NAME 发表于 DATE (a forum post's line): the verb before 于 */
    vb = za_ends(c->r, RL_POSTED_VERB, x->s + b, q - b, 1);
    ne = vb >= 0 ? q - za_rule_table[vb].len : q;
    if (h < 0 && !bare_posted_name(x, ne)) continue;
    if (vb < 0 && !za_has_any(c->r, RL_POSTED_VERB, x->s + q, x->n - q))
      continue;
    if (!zt_date_find((const char *)x->s + q + 3, x->n - q - 3, NULL, &d, &ds, &de) || ds > 3 ||
        d.prec < ZT_DATE_DAY)
      continue;
    if (!za_acc_has(names, F_AUTHOR)) {
      size_t nb = b;
      za_trim_value(x->s, &nb, &ne);
      if (ne > nb && za_person_value_ok(x->s + nb, ne - nb)) za_add_names(names, F_AUTHOR, x->s + nb, ne - nb);
    }
    za_put_date(c, &d);
    return;
  }
}

/* The parser limits the page hit, as record warnings (never a silently shorter body). */
void za_html_warnings(ctx *c, const zt_html_doc *hd) {
  char msg[160];
  int k;
  zt_span sp;
  if (hd->warn & ZT_HW_FLATTENED) {
    k = snprintf(msg, sizeof msg,
                 "html nesting deeper than libxml2's 256 levels: elements below level %zu were "
                 "flattened (their text kept)",
                 hd->flat_depth);
    sp.off = c->a->arena.len;
    zt_buf_add(&c->a->arena, msg, k > 0 ? (size_t)k : 0);
    sp.len = c->a->arena.len - sp.off;
    sp.set = 1;
    za_vec_push(&c->a->warnings, sp, &c->oom);
  }
  if (hd->warn & ZT_HW_STOPPED) {
    static const char stopped[] = "html parser stopped early: the rest of the page is missing";
    sp.off = c->a->arena.len;
    zt_buf_add(&c->a->arena, stopped, sizeof stopped - 1);
    sp.len = sizeof stopped - 1;
    sp.set = 1;
    za_vec_push(&c->a->warnings, sp, &c->oom);
  }
  if (c->a->arena.oom) c->oom = 1;
}
