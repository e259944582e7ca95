/* zt_article_title: the title — in HTML the <h1> the page's <title> names (else og:title or
 * <title> without its site suffix, else the headline-like line above the first paragraph); in
 * text the first headline-like line before the body, preferring one repeated later with a
 * site suffix. Repeated titles are marked and their suffix gives the site. */
#include "zt_article_impl.h"

static int same_text(const line *x, const u8 *t, size_t tn) {
  return x->n == tn && memcmp(x->s, t, tn) == 0;
}

/* Is L the title with a site suffix? Returns 1 (exact) or 2 (suffix; *suf spans it). */
static int repeats_title(const line *L, const u8 *t, size_t tn, size_t *sb, size_t *se) {
  size_t sep_end, p;
  if (!tn || L->n < tn) return 0;
  if (memcmp(L->s, t, tn) != 0) return 0;
  if (L->n == tn) return 1;
  p = tn;
  sep_end = p;
  {
    size_t l;
    int32_t c;
    while (sep_end < L->n) { c = cp_at(L->s, L->n, sep_end, &l); if (!is_space_cp(c)) break; sep_end += l; }
    c = cp_at(L->s, L->n, sep_end, &l);
    if (!(c == '-' || c == '_' || c == '|' || c == 0xFF5C || c == 0x2014 || c == 0xFF0D ||
          c == 0x2013 || c == 0xFF3F))
      return 0;
    while (sep_end < L->n) {
      c = cp_at(L->s, L->n, sep_end, &l);
      if (!(is_space_cp(c) || c == '-' || c == '_' || c == '|' || c == 0xFF5C || c == 0x2014 ||
            c == 0xFF0D || c == 0x2013 || c == 0xFF3F))
        break;
      sep_end += l;
    }
  }
  if (L->n - sep_end == 0 || za_len((const char *)L->s + sep_end, L->n - sep_end) > 30)
    return 0;
  *sb = sep_end;
  *se = L->n;
  return 2;
}

/* HTML: the title is weak (missing, only the site's name, or says nothing): the headline-like
 * line just above the first paragraph, and the line that shows the title. */
static void html_title_line(ctx *c, int have_h1) {
  const line *L = c->L;
  size_t i, nl = c->nl;
  int weak = !c->title;
  if (c->title && !have_h1 && (za_len((const char *)c->title, c->title_n) <= 4 ||
                            (za_len((const char *)c->title, c->title_n) <= 8 &&
                             za_site_like(c->r, c->title, c->title_n)))) {
    /* a short title that is also a line of the page's content is its headline (对比试车) */
    weak = 1;
    for (i = 0; i < nl; i++)
      if (!(L[i].flags & (ZT_LF_BOILER | ZT_LF_LINK)) && same_text(&L[i], c->title, c->title_n)) {
        weak = 0;
        break;
      }
  }
  if (weak) {
    /* no <title>, og:title or <h1>, or a title that only names the site (网易娱乐, 北医新闻网)
     * or says nothing (显示): the headline-like line just above the first paragraph (past a
     * dateline or byline between them) */
    size_t p0;
    for (p0 = 0; p0 < nl; p0++)
      if (L[p0].kind == ZT_K_UNKNOWN && L[p0].prose && !(L[p0].flags & (ZT_LF_BOILER | ZT_LF_LINK)))
        break;
    for (i = p0; i > 0 && p0 - i < 4;) {
      const line *x = &L[--i];
      if (x->kind == ZT_K_DATELINE || x->kind == ZT_K_BYLINE || x->kind == ZT_K_META) continue;
      if (x->kind == ZT_K_UNKNOWN && x->headline && x->n <= SHORT_LINE && x->nchars >= 4 &&
          x->nchars <= 40 && !za_lhas(x, "，") && !za_lhas(x, "。") && !za_lhas(x, "：") &&
          !memchr(x->s, ':', x->n) &&
          !(x->flags & (ZT_LF_BOILER | ZT_LF_LINK))) {
        c->title_i = i;
        c->title = x->s;
        c->title_n = x->n;
      }
      break;
    }
  }
  if (c->title_i == (size_t)-1 && c->title)
    for (i = 0; i < nl && i < 400; i++)
      if (same_text(&L[i], c->title, c->title_n)) { c->title_i = i; break; }
  if (c->title_i == (size_t)-1 && c->title && c->title_n >= 18)
    for (i = 0; i < nl && i < 400; i++)
      if (!(L[i].flags & ZT_LF_BOILER) && L[i].n >= 18 && L[i].n <= c->title_n + 60 &&
          memcmp(L[i].s, c->title, 18) == 0) {
        c->title_i = i;
        break;
      }
}

/* HTML <title> "标题 站名": a site-like last word after a plain space is a suffix when the
 * part before it is a line of the page (the headline shown without the site). */
static void space_suffix(ctx *c) {
  const line *L = c->L;
  size_t i, sp = c->title_n, pe;
  while (sp > 0) {
    size_t st;
    int32_t ch = cp_before(c->title, sp, &st);
    if (ch == ' ' || ch == 0x3000) break;
    sp = st;
  }
  if (!sp || sp >= c->title_n) return;
  if (!za_site_like(c->r, c->title + sp, c->title_n - sp)) return;
  pe = sp;
  while (pe > 0) {
    size_t st;
    if (!is_space_cp(cp_before(c->title, pe, &st))) break;
    pe = st;
  }
  if (za_len((const char *)c->title, pe) < 4) return;
  for (i = 0; i < c->nl; i++)
    if (!(L[i].flags & (ZT_LF_BOILER | ZT_LF_LINK)) && same_text(&L[i], c->title, pe)) {
      if (!c->site_suffix.set) c->site_suffix = za_put(c, c->title + sp, c->title_n - sp);
      c->title_n = pe;
      return;
    }
}

static void html_title(ctx *c) {
  const line *L = c->L;
  const zt_html_doc *hd = c->hd;
  size_t i, nl = c->nl;
  const zt_span *og = &hd->meta[ZT_HM_OG_TITLE], *tt = &hd->meta[ZT_HM_TITLE];
  const u8 *base = (const u8 *)hd->metabuf.data;
  const zt_span *ref = og->set ? og : tt;
  size_t cand = (size_t)-1;
  int have_h1 = 0;
  /* the <h1> that the page's title names (a logo in an <h1> does not count) */
  for (i = 0; i < nl; i++) {
    if (!(L[i].flags & ZT_LF_H1) || (L[i].flags & ZT_LF_BOILER) || L[i].nchars < 5) continue;
    if (ref->set && za_contains(base + ref->off, ref->len, L[i].s, L[i].n) &&
        L[i].nchars * 2 >= za_len((const char *)base + ref->off, ref->len)) {
      c->title_i = i;
      break;
    }
    if (cand == (size_t)-1 && !(L[i].flags & ZT_LF_LINK)) cand = i;
  }
  if (c->title_i == (size_t)-1 && cand != (size_t)-1) c->title_i = cand;
  if (c->title_i != (size_t)-1) { c->title = L[c->title_i].s; c->title_n = L[c->title_i].n; have_h1 = 1; }
  else if (og->set) { c->title = base + og->off; c->title_n = og->len; }
  else if (tt->set) { c->title = base + tt->off; c->title_n = tt->len; }
  if (c->title && tt->set && !have_h1) {
    /* strip a site suffix from <title>/og:title */
    int round;
    for (round = 0; round < 3; round++) {
      size_t se, sp = za_find_suffix_sep(c->title, c->title_n, 0, &se);
      size_t sl = sp < c->title_n ? za_len((const char *)c->title + se, c->title_n - se) : 99;
      if (sp >= c->title_n || sl > (round ? 6u : 20u) || za_len((const char *)c->title, sp) < 4)
        break;
      if (!round) c->site_suffix = za_put(c, c->title + se, c->title_n - se);
      c->title_n = sp;
    }
  } else if (c->title && tt->set && tt->len > c->title_n &&
             memcmp(base + tt->off, c->title, c->title_n) == 0) {
    /* <title> = h1 + separators + site chain: the last part is the site */
    const u8 *t = base + tt->off;
    size_t se, sp = za_find_suffix_sep(t, tt->len, c->title_n, &se);
    if (sp < tt->len && za_len((const char *)t + se, tt->len - se) <= 20)
      c->site_suffix = za_put(c, t + se, tt->len - se);
  }
  if (c->title && tt->set && !have_h1) space_suffix(c);
  html_title_line(c, have_h1);
}

/* A dateline that is a list entry: a date, then a headline of its own (six characters or more;
 * a source or an 更新 note after the date is shorter). */
static int dated_item(const line *x) {
  return x->kind == ZT_K_DATELINE && x->has_date && x->dend < x->n &&
         za_len((const char *)x->s + x->dend, x->n - x->dend) >= 7;
}

/* Text: the first headline-like line before the body; prefer one that repeats. */
static void text_title(ctx *c) {
  line *L = c->L;
  size_t i, nl = c->nl;
  /* the first headline-like line before the body; prefer one that repeats */
  size_t first = (size_t)-1, lim, from, j;
  lim = c->run_b;
  from = lim != nl && lim > 15 ? lim - 15 : 0;
  size_t above_meta = (size_t)-1, last_cand = (size_t)-1;
  int above_list = 0;
  for (i = from; i < lim && i < from + 50; i++) {
    line *x = &L[i];
    /* a line above two or more dated entries in a row heads a dated list (热文, 最新), not
     * the story: a later headline-like line above a dateline or byline replaces it */
    if ((x->kind == ZT_K_DATELINE || x->kind == ZT_K_BYLINE || x->kind == ZT_K_META) &&
        (above_meta == (size_t)-1 || (above_list && last_cand > above_meta)) &&
        last_cand != (size_t)-1 && last_cand + 3 >= i) {
      /* of the headline-like lines just above: the first long one (a subtitle may follow
       * the title; a short channel name may precede it), else the nearest */
      size_t k, run = 0;
      while (i + run < nl && dated_item(&L[i + run])) run++;
      above_list = run >= 2;
      above_meta = last_cand;
      for (k = i >= 3 ? i - 3 : 0; k < i; k++)
        if (L[k].kind == ZT_K_UNKNOWN && L[k].headline && L[k].n <= SHORT_LINE &&
            L[k].nchars >= 8) {
          above_meta = k;
          break;
        }
    }
    if (x->kind != ZT_K_UNKNOWN || !x->headline || x->n > SHORT_LINE || x->nchars < 4) continue;
    last_cand = i;
    if (first == (size_t)-1) first = i;
    for (j = i + 1; j < nl && j < i + 400; j++) {
      size_t sb, se;
      if (repeats_title(&L[j], x->s, x->n, &sb, &se)) { c->title_i = i; break; }
    }
    if (c->title_i != (size_t)-1) break;
  }
  if (c->title_i != (size_t)-1) c->title_rule = "the first headline-like line that repeats later";
  else if (above_meta != (size_t)-1) { c->title_i = above_meta; c->title_rule = "the headline-like line above the dateline/byline"; }
  else { c->title_i = first; c->title_rule = "the first headline-like line"; }
  if (c->title_i != (size_t)-1) {
    c->title = L[c->title_i].s;
    c->title_n = L[c->title_i].n;
  }
}

/* Pass: the title, repeated titles, the site suffix. */
void za_pass_title(ctx *c) {
  zt_article *a = c->a;
  line *L = c->L;
  size_t i, nl = c->nl;
  int html = c->html;
  if (html) html_title(c);
  else text_title(c);
  if (c->title_i != (size_t)-1) {
    L[c->title_i].kind = ZT_K_TITLE;
    L[c->title_i].rule = html ? "the page's <h1>/title" : c->title_rule;
    L[c->title_i].meta = 1;
  }

  /* repeated titles (anywhere): take the site name from the suffix */
  if (c->title_n) {
    for (i = 0; i < nl; i++) {
      size_t sb, se;
      int r;
      if (i == c->title_i || L[i].n > SHORT_LINE) continue;
      r = repeats_title(&L[i], c->title, c->title_n, &sb, &se);
      if (!r) continue;
      L[i].kind = ZT_K_REPEATED_TITLE;
      L[i].rule = r == 2 ? "the title again with a site suffix (-站名)" : "the title again";
      L[i].meta = 1;
      L[i].boiler = 1;
      if (r == 2 && !c->site_suffix.set) {
        /* a chain (_本地新闻_站名): the site is its last part */
        size_t ce, cp = za_find_suffix_sep(L[i].s, se, sb, &ce);
        if (cp < se && cp > sb && za_len((const char *)L[i].s + ce, se - ce) >= 2) sb = ce;
        c->site_suffix = za_put(c, L[i].s + sb, se - sb);
      }
    }
  }
  if (!html && c->title_n) {
    /* the title line itself may carry the suffix: 标题 - 站名 */
    size_t se, sp = za_find_suffix_sep(c->title, c->title_n, 0, &se);
    if (sp < c->title_n && sp > 0) {
      const u8 *suf = c->title + se;
      size_t sn = c->title_n - se;
      int match = c->site_suffix.set && c->site_suffix.len == sn &&
                  memcmp(a->arena.data + c->site_suffix.off, suf, sn) == 0;
      if (match || (za_site_like(c->r, suf, sn) && za_len((const char *)c->title, sp) >= 6)) {
        if (!c->site_suffix.set) c->site_suffix = za_put(c, suf, sn);
        c->title_n = sp;
      }
    }
  }
  /* a separator left dangling at the end (标题_ with an empty site part) */
  while (c->title_n > 0) {
    size_t st;
    int32_t ch = cp_before(c->title, c->title_n, &st);
    if (!(ch == '_' || ch == '-' || ch == '|' || ch == 0xFF5C || ch == 0xFF3F || ch == ' ' ||
          ch == 0x3000 || ch == 0x2014 || ch == 0x2013))
      break;
    c->title_n = st;
  }
  if (c->title_n) a->title = za_put(c, c->title, c->title_n);
}
