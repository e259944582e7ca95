/* zt_article_site: the site name (og:site_name, a title suffix, a dateline, the copyright
 * line), the domain (the page's URL, copyright and footer lines) and the copyright line. */
#include "zt_article_impl.h"

int za_site_like(const za_rules *r, const u8 *s, size_t n) {
  size_t chars = za_len((const char *)s, n);
  return chars >= 2 && chars <= 20 && za_ends(r, RL_SITE_END, s, n, 0) >= 0;
}

/* The position of a title/site separator in s (" - ", "-", "_", "|", "｜", "—"...) after
 * `from`: returns the separator start and its end in *sep_end, or n. Searches from the right. */
size_t za_find_suffix_sep(const u8 *s, size_t n, size_t from, size_t *sep_end) {
  size_t i = n;
  while (i > from) {
    size_t st, l;
    int32_t c = cp_before(s, i, &st);
    int sep = c == '-' || c == '_' || c == '|' || c == 0xFF5C || c == 0x2014 || c == 0xFF0D ||
              c == 0x2013 || c == 0xFF3F || c == 0x2015;
    if (sep && (c == '-' || c == 0x2013 || c == 0xFF0D)) {
      /* not a hyphen next to a digit (2023-2024, COVID-19) */
      size_t l1, l2;
      int32_t a = cp_before(s, st, &l1), z = cp_at(s, n, i, &l2);
      if (a >= 0 && z >= 0 && ((a >= '0' && a <= '9') || (z >= '0' && z <= '9'))) sep = 0;
    }
    if (sep) {
      size_t b = st, e = i;
      /* include surrounding spaces and a doubled dash */
      while (b > from) { int32_t d = cp_before(s, b, &l); if (!(is_space_cp(d) || d == 0x2014)) break; b = l; }
      while (e < n) { int32_t d = cp_at(s, n, e, &l); if (!is_space_cp(d)) break; e += l; }
      *sep_end = e;
      return b;
    }
    i = st;
  }
  return n;
}


/* The remainder of a dateline once its date and labels are removed: a site name when it
 * looks like one (信息快讯网 glued to 2018-07-12). */
void za_dateline_site(ctx *c, const line *L, zt_span *site_out) {
  size_t b = L->dend, e = L->n, l;
  int glued;
  if (site_out->set) return;
  if (L->dstart > 0) {
    size_t pb = 0, pe = L->dstart;
    za_trim_value(L->s, &pb, &pe);
    if (pe > pb) return; /* text before the date: not a simple dateline */
  }
  glued = b < e && !is_space_cp(cp_at(L->s, L->n, b, &l));
  za_trim_value(L->s, &b, &e);
  if (e <= b || za_starts(c->r, RL_WEEKDAY, L->s + b, e - b) >= 0) return;
  {
    size_t chars = za_len((const char *)L->s + b, e - b), i;
    if (chars < 2 || chars > 16) return;
    for (i = b; i < e; i++)
      if (L->s[i] == ' ' || L->s[i] == ':') return;
    if (za_has_lit(L->s + b, e - b, "：") || za_has_lit(L->s + b, e - b, "　")) return;
  }
  if (glued || za_site_like(c->r, L->s + b, e - b)) *site_out = za_put(c, L->s + b, e - b);
}

/* A site name in the copyright line: 版权所有：XX网 / © 2024 XX网 / XX网 版权所有. */
static void copyright_site(ctx *c) {
  zt_buf tmp = ZT_BUF_INIT;
  const u8 *s;
  size_t n, i = 0, l = 0, tb = 0;
  zt_buf_add(&tmp, c->a->arena.data + c->a->copyright.off, c->a->copyright.len);
  if (tmp.oom) { zt_buf_free(&tmp); return; }
  s = (const u8 *)tmp.data;
  n = tmp.len;
  while (i <= n) {
    int32_t ch = i < n ? cp_at(s, n, i, &l) : -2;
    if (i == n || is_space_cp(ch) || ch == '|' || ch == 0xFF5C || ch == 0xA9 || ch == ',' ||
        ch == 0xFF0C || ch == ':' || ch == 0xFF1A || ch == '(' || ch == ')' || ch == 0xFF08 ||
        ch == 0xFF09 || ch == 0x3002 || ch == 0x3001) {
      size_t b = tb, e = i;
      if (e - b > 12 && memcmp(s + e - 12, "版权所有", 12) == 0) e -= 12;
      else if (e - b > 12 && memcmp(s + e - 12, "版權所有", 12) == 0) e -= 12;
      if (e - b > 12 && memcmp(s + b, "版权所有", 12) == 0) b += 12;
      else if (e - b > 12 && memcmp(s + b, "版權所有", 12) == 0) b += 12;
      if (e > b && za_site_like(c->r, s + b, e - b) && !memchr(s + b, '.', e - b)) {
        c->a->site = za_put(c, s + b, e - b);
        break;
      }
      if (i == n) break;
      i += l ? l : 1;
      tb = i;
      continue;
    }
    i += l ? l : 1;
  }
  zt_buf_free(&tmp);
}

/* Where the domain pattern can first match in s[0..n), or n when nowhere: a match holds a
 * '.' followed by a label character and starts with the label run right before its first
 * '.'. So no such '.' means no match, and the first one bounds the start: the match begins
 * at the run before it or further on (a '.' before a later match's first dot would sit inside
 * its first label). Bytes >= 0x80 count as label characters: caseless UTF matching lets K
 * (Kelvin) and ſ stand for k and s. */
static size_t domain_from(const u8 *s, size_t n) {
  size_t d, b;
  for (d = 1; d + 1 < n; d++)
    if (s[d] == '.' && (zt_clean_is_alnum(s[d + 1]) || s[d + 1] >= 0x80)) break;
  if (d + 1 >= n) return n;
  b = d;
  while (b > 0 && (zt_clean_is_alnum(s[b - 1]) || s[b - 1] == '-' || s[b - 1] >= 0x80)) b--;
  return b;
}

static void find_domain(ctx *c, const u8 *s, size_t n) {
  int rc;
  size_t from;
  if (c->a->domain.set || n == 0 || n > 100000) return;
  from = domain_from(s, n);
  if (from >= n) return;
  rc = pcre2_match(c->p->domain_re, (PCRE2_SPTR)s, n, from, PCRE2_NO_UTF_CHECK, c->p->md,
                   c->p->mctx);
  if (rc > 0) {
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(c->p->md);
    size_t b = ov[0], e = ov[1];
    if (e - b > 4 && (s[b] | 32) == 'w' && (s[b + 1] | 32) == 'w' && (s[b + 2] | 32) == 'w' &&
        s[b + 3] == '.')
      b += 4;
    if (e > b) {
      size_t i;
      zt_span sp;
      sp.off = c->a->arena.len;
      for (i = b; i < e; i++) {
        char ch = (char)s[i];
        zt_buf_addc(&c->a->arena, (ch >= 'A' && ch <= 'Z') ? (char)(ch + 32) : ch);
      }
      if (c->a->arena.oom) { c->oom = 1; return; }
      sp.len = e - b;
      sp.set = 1;
      c->a->domain = sp;
    }
  }
}

/* The domain of a URL (scheme://host/...). */
static void url_domain(ctx *c, const u8 *s, size_t n) {
  size_t i = 0, b, e;
  if (c->a->domain.set || !s || !n) return;
  for (i = 0; i + 2 < n && i < 16; i++)
    if (s[i] == ':' && s[i + 1] == '/' && s[i + 2] == '/') { i += 3; goto host; }
  i = 0;
host:
  b = i;
  e = b;
  while (e < n && s[e] != '/' && s[e] != ':' && s[e] != '?' && s[e] != '#') e++;
  find_domain(c, s + b, e - b);
}

/* A link glued after the source in its line (来源：渝江网我要评论): the comments link's words
 * are not part of the outlet's name. */
static void source_link_tail(ctx *c) {
  zt_span *src = &c->a->source;
  const u8 *s;
  int j;
  s = (const u8 *)c->a->arena.data + src->off;
  j = za_ends(c->r, RL_COMMENTS, s, src->len, 0);
  if (j < 0 || za_len((const char *)s, src->len - za_rule_table[j].len) < 2) return;
  src->len -= za_rule_table[j].len;
}

/* No labelled source: the outlet set apart right after the dateline under the headline
 * (2020-06-01 10:20 东陵日报, or the site's own name: 2005-03-28　楚乡信息港　记者 …) is the
 * source. An outlet glued
 * to the date is only the site (a page's own name, 2021-09-16江南文旅资讯网). */
static void dateline_source(ctx *c) {
  const line *L = c->L;
  size_t i = c->title_i == (size_t)-1 ? 0 : c->title_i + 1, lim = i + 4, l;
  for (; i < c->nl && i < lim && i < c->body_start; i++) {
    const line *x = &L[i];
    size_t b, e, pb = 0, pe;
    if (!x->has_date || !(x->kind == ZT_K_DATELINE || x->kind == ZT_K_BYLINE || x->kind == ZT_K_META))
      continue;
    pe = x->dstart;
    za_trim_value(x->s, &pb, &pe);
    b = x->dend;
    if (pe > pb || b >= x->n || !is_space_cp(cp_at(x->s, x->n, b, &l))) return;
    while (b < x->n && is_space_cp(cp_at(x->s, x->n, b, &l))) b += l;
    for (e = b; e < x->n; e += l) {
      int32_t ch = cp_at(x->s, x->n, e, &l);
      if (is_space_cp(ch) || ch == ':' || ch == 0xFF1A || !l) break;
    }
    if (e < x->n && (x->s[e] == ':' || cp_at(x->s, x->n, e, &l) == 0xFF1A)) return;
    if (e > b && (za_site_like(c->r, x->s + b, e - b) ||
                  (c->a->site.set && c->a->site.len == e - b &&
                   memcmp(c->a->arena.data + c->a->site.off, x->s + b, e - b) == 0)))
      c->a->source = za_put(c, x->s + b, e - b);
    return;
  }
}

/* No source yet: a 来源： label inside a notice box below the story (【版权声明】本文来源：
 * 航空科技报，转载请注明出处。), or on a dated line above it that was not read as a label line
 * (an empty 作者： before it), names it when its value, up to the first punctuation or space,
 * is site-like. */
/* A site-like 来源： value in s[0..n), up to the first punctuation or space; `depth` 1 also
 * looks inside the other labels' values (an empty 作者：　来源：X reads 来源：X as its value). */
static int source_in(ctx *c, const u8 *s, size_t n, int depth) {
  hit h[MAX_HITS];
  size_t pe, e, l;
  int k = za_parse_labels(c->r, s, n, 0, h, &pe), j;
  for (j = 0; j < k; j++) {
    if (h[j].field != F_SOURCE) {
      if (depth && h[j].ve > h[j].vs && source_in(c, s + h[j].vs, h[j].ve - h[j].vs, 0)) return 1;
      continue;
    }
    if (h[j].sep != 1 || h[j].ve <= h[j].vs) continue;
    for (e = h[j].vs; e < h[j].ve; e += l) {
      int32_t ch = cp_at(s, h[j].ve, e, &l);
      if (!l || za_is_cn_punct(ch) || is_space_cp(ch) || ch == ',' || ch == '.') break;
    }
    if (e > h[j].vs && za_site_like(c->r, s + h[j].vs, e - h[j].vs)) {
      c->a->source = za_put(c, s + h[j].vs, e - h[j].vs);
      return 1;
    }
  }
  return 0;
}

static void labelled_source(ctx *c) {
  const line *L = c->L;
  size_t i = c->title_i == (size_t)-1 ? 0 : c->title_i + 1;
  for (; i < c->nl; i++) {
    int above = i < c->body_start && L[i].kind == ZT_K_HEADER && L[i].has_date;
    int box = i > c->body_end && c->body_end < c->nl &&
              (L[i].kind == ZT_K_FOOTER || L[i].kind == ZT_K_COPYRIGHT);
    if (!(above || box) || L[i].n > SHORT_LINE) continue;
    if (source_in(c, L[i].s, L[i].n, 1)) return;
  }
}

/* Once names are flushed: the source's fixes (a glued link cut; the dateline's outlet; a
 * notice box's 来源：). */
void za_source_fixups(ctx *c) {
  if (c->a->source.set) { source_link_tail(c); return; }
  dateline_source(c);
  if (!c->a->source.set) labelled_source(c);
}

/* Pass: site, copyright, domain — each from the first place that gives it. */
void za_pass_site(ctx *c) {
  zt_article *a = c->a;
  const zt_html_doc *hd = c->hd;
  const line *L = c->L;
  size_t i, nl = c->nl;
  int html = c->html;
  if (html && hd->meta[ZT_HM_SITE_NAME].set)
    a->site = za_put(c, (const u8 *)hd->metabuf.data + hd->meta[ZT_HM_SITE_NAME].off,
                     hd->meta[ZT_HM_SITE_NAME].len);
  if (!a->site.set && c->site_suffix.set) a->site = c->site_suffix;
  if (!a->site.set && c->site_dateline.set) a->site = c->site_dateline;
  for (i = 0; i < nl; i++)
    if (L[i].kind == ZT_K_COPYRIGHT) {
      if (!a->copyright.set) a->copyright = za_put(c, L[i].s, L[i].n);
      find_domain(c, L[i].s, L[i].n);
    }
  if (!a->site.set && a->copyright.set) copyright_site(c);
  if (html) {
    if (c->o->url) url_domain(c, (const u8 *)c->o->url, strlen(c->o->url));
    if (hd->meta[ZT_HM_URL].set)
      url_domain(c, (const u8 *)hd->metabuf.data + hd->meta[ZT_HM_URL].off, hd->meta[ZT_HM_URL].len);
  }
  for (i = 0; i < nl && !a->domain.set; i++)
    if (L[i].kind == ZT_K_FOOTER) find_domain(c, L[i].s, L[i].n);
  if (!html && c->o->url) url_domain(c, (const u8 *)c->o->url, strlen(c->o->url));
  for (i = 0; i < nl && !a->domain.set; i++)
    if ((L[i].kind == ZT_K_META || L[i].kind == ZT_K_OTHER || L[i].kind == ZT_K_HEADER) &&
        L[i].n < SHORT_LINE && (za_has_lit(L[i].s, L[i].n, "http") || za_has_lit(L[i].s, L[i].n, "www.")))
      find_domain(c, L[i].s, L[i].n);
}
