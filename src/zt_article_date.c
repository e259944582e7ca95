/* zt_article_date: the date, as a priority list of strategies (as GNE and trafilatura order
 * theirs): HTML publication metadata (refined by the dateline's time), then the visible
 * dateline near the title, a labelled date, other datelines, dates after the body, script and
 * modification metadata, the URL, and last resorts inside the body. The first strategy that
 * finds a date wins. Date formats are read by zt_date.c; cues are in zt_article_dates.def. */
#include "zt_article_impl.h"

/* A date in a URL path: /2023/05/18/, /20230518/, /2023-05/18/, /202305/t20230518_1.html. */
int za_url_date(const u8 *s, size_t n, zt_date *d) {
  size_t i = 0, host = 0;
  for (i = 0; i + 2 < n && i < 16; i++)
    if (s[i] == ':' && s[i + 1] == '/' && s[i + 2] == '/') { host = i + 3; break; }
  while (host < n && s[host] != '/') host++;
  for (i = host; i < n; i++) {
    int v[8], k = 0, y, m, dd;
    size_t j = i;
    if (!(s[i] >= '0' && s[i] <= '9') || (i > 0 && s[i - 1] >= '0' && s[i - 1] <= '9')) continue;
    /* collect up to 8 digits allowing one separator after the year and after the month */
    while (j < n && k < 8) {
      if (s[j] >= '0' && s[j] <= '9') { v[k++] = s[j] - '0'; j++; }
      else if ((s[j] == '/' || s[j] == '-' || s[j] == '_') && (k == 4 || k == 6)) j++;
      else break;
    }
    if (k < 8 || (j < n && s[j] >= '0' && s[j] <= '9')) continue;
    y = v[0] * 1000 + v[1] * 100 + v[2] * 10 + v[3];
    m = v[4] * 10 + v[5];
    dd = v[6] * 10 + v[7];
    if (y < 1990 || y > 2099 || !zt_date_valid(y, m, dd)) continue;
    memset(d, 0, sizeof *d);
    d->year = y;
    d->month = m;
    d->day = dd;
    d->prec = ZT_DATE_DAY;
    return 1;
  }
  return 0;
}

/* A line dated by the story: its date is not only an update time (更新于 …), a decoy that
 * loses to the dateline; update lines date a page only as a last resort (date_update_line). */
static int story_dated(const line *x) { return x->has_date && !x->date.updated; }

/* A dateline opening with its date and followed by a headline (2024-06-02 08:10 某某开通). */
static int dated_headline(const line *x) {
  return x->has_date && x->kind == ZT_K_DATELINE && x->dstart == 0 && x->n >= x->dend + 12;
}

/* Line i is an item of a dated list (a hot list, latest news): it and a neighbour are both
 * dated headlines. Such lines date other stories, never the page's. */
static int dated_list_item(const ctx *c, size_t i) {
  return dated_headline(&c->L[i]) && ((i > 0 && dated_headline(&c->L[i - 1])) ||
                                      (i + 1 < c->nl && dated_headline(&c->L[i + 1])));
}

/* A line under or near the headline that dates the story. */
static int header_dated(const ctx *c, size_t i) { return story_dated(&c->L[i]) && !dated_list_item(c, i); }

/* Days since 1970-01-01 of a civil date (proleptic Gregorian), to compare two dates. */
static long days_from_civil(int y, int m, int d) {
  long era, yoe, doy, doe;
  y -= m <= 2;
  era = (y >= 0 ? y : y - 399) / 400;
  yoe = y - era * 400;
  doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

/* Wall-clock minutes of a date (its offset ignored: a dateline is written in local time). */
static long date_minutes(const zt_date *d) {
  return days_from_civil(d->year, d->month, d->day) * 1440L + d->hour * 60L + d->min;
}

/* The visible dateline under the headline (the first dated line there outside boilerplate). */
static const line *dateline_under_title(const ctx *c) {
  size_t i, from = c->title_i == (size_t)-1 ? 0 : c->title_i;
  for (i = from; i < c->nl && i < from + 12 && i <= c->body_start; i++)
    if (header_dated(c, i) && !(c->L[i].flags & ZT_LF_BOILER)) return &c->L[i];
  return NULL;
}

/* HTML metadata: published time, JSON-LD, meta dates, <time>. The dateline under the headline
 * refines or overrides it: a date-only value (or a midnight one, which CMSs write for a date)
 * takes the dateline's time on the same day, and a time that differs from the dateline's by
 * less than a day (a UTC time labelled local, the moment a page was generated) gives way to
 * what the page shows (an equal one keeps the metadata's seconds and offset). Dates further apart are different events: the metadata stays. */
#define OVER_META "dateline under the headline, over metadata less than a day off"
/* A strategy's date is the page's: no later strategy runs. */
static void take_date(ctx *c, const zt_date *d) {
  za_put_date(c, d);
  c->date_done = 1;
}

static void date_html_meta(ctx *c) {
  const zt_html_doc *hd = c->hd;
  static const int order[] = {ZT_HM_PUBLISHED, ZT_HM_LD_DATE, ZT_HM_META_DATE, ZT_HM_TIME, -1};
  static const char *const names[] = {"metadata: published_time", "metadata: JSON-LD datePublished",
                                      "metadata: a date meta", "metadata: <time datetime>"};
  static const char *const refined[] = {
      "metadata: published_time, the dateline's time", "metadata: JSON-LD datePublished, the dateline's time",
      "metadata: a date meta, the dateline's time", "metadata: <time datetime>, the dateline's time"};
  int j;
  for (j = 0; order[j] >= 0 && !c->date_done; j++) {
    const zt_span *sp = &hd->meta[order[j]];
    zt_date d;
    size_t ds, de;
    if (sp->set && zt_date_find(hd->metabuf.data + sp->off, sp->len, c->o->now, &d, &ds, &de) &&
        d.prec >= ZT_DATE_DAY) {
      const line *x = dateline_under_title(c);
      if (x && x->date.prec == ZT_DATE_TIME) {
        long gap = date_minutes(&x->date) - date_minutes(&d);
        int same_day = x->date.year == d.year && x->date.month == d.month && x->date.day == d.day;
        if (d.prec == ZT_DATE_DAY ? same_day : (gap != 0 && gap > -1440 && gap < 1440)) {
          c->a->date_rule = d.prec == ZT_DATE_DAY ? refined[j] : OVER_META;
          d = x->date;
        }
      }
      if (!c->a->date_rule) c->a->date_rule = names[j];
      take_date(c, &d);
    }
  }
}

/* Header and trailing zones: the labelled date and the dateline's site from label lines and
 * datelines (always read: the site comes from here even when metadata dated the page). */
static void header_zone(ctx *c) {
  line *L = c->L;
  size_t i, nl = c->nl;
  int html = c->html;
  hit h[MAX_HITS];
  for (i = 0; i < nl; i++) {
    line *x = &L[i];
    int in_body = c->body_start < nl && i >= c->body_start && i <= c->body_end;
    if (x->kind == ZT_K_BYLINE || x->kind == ZT_K_META) {
      size_t pe;
      if (html && (x->flags & ZT_LF_BOILER) && !(x->flags & ZT_LF_MAIN) && in_body) continue;
      if (!(x->marks & LN_BRACKETED)) {
        int k = za_line_labels(c->r, x, x->loose, h, &pe);
        if (k > 0) {
          int dt = 0;
          zt_date dd;
          acc scratch = {0};
          scratch.r = c->r;
          za_take_hits(c, &scratch, x->s, h, k, &dt, &dd);
          za_acc_free(&scratch);
          /* the label may be an update's (更新时间：): then the line's best date, which
           * passes over update times, is the story's, and an update alone is no label date */
          if (dt && x->has_date && x->date.labelled) {
            if (x->date.updated) dt = 0;
            else dd = x->date;
          }
          if (dt && !c->labelled_date_set) { c->labelled_date = dd; c->labelled_date_set = 1; }
        }
      }
      if (story_dated(x) && !c->date_done && !c->labelled_date_set && i < c->body_start + 1) {
        c->labelled_date = x->date;
        c->labelled_date_set = 1;
      }
      if (x->has_date) za_dateline_site(c, x, &c->site_dateline);
    } else if (x->kind == ZT_K_DATELINE && !html && i <= c->body_start) {
      za_dateline_site(c, x, &c->site_dateline);
    }
  }
}

/* The first dateline near the title (HTML: outside nav/share elements first, then inside them next to the title). */
static void date_near_title(ctx *c) {
  const line *L = c->L;
  size_t i, nl = c->nl;
  int html = c->html;
  size_t from = c->title_i == (size_t)-1 ? 0 : c->title_i;
  int pass;
  for (pass = 0; pass < (html ? 2 : 1) && !c->date_done; pass++)
    for (i = from; i < nl && i < from + 12 && i <= c->body_start; i++)
      if (header_dated(c, i) && L[i].kind != ZT_K_TITLE && L[i].kind != ZT_K_REPEATED_TITLE &&
          (L[i].kind == ZT_K_DATELINE || L[i].meta ||
           (i < c->body_start && !L[i].prose && L[i].nchars <= 100 && L[i].kind != ZT_K_RELATED_LABEL)) &&
          /* HTML: first outside nav/share/aside elements, then (an info bar with a share
           * class) inside them, still next to the title */
          !(html && pass == 0 && (L[i].flags & ZT_LF_BOILER)) &&
          !(pass == 1 && (c->title_i == (size_t)-1 || i > c->title_i + 4))) {
        take_date(c, &L[i].date);
        break;
      }
}

/* A labelled date (发布时间：...) from the header. */
static void date_labelled(ctx *c) {
  if (!c->date_done && c->labelled_date_set) take_date(c, &c->labelled_date);
}

/* A dateline just above the title. */
static void date_above_title(ctx *c) {
  const line *L = c->L;
  int html = c->html;
  if (!c->date_done && c->title_i != (size_t)-1) {
    /* a dateline just above the title */
    size_t j;
    for (j = c->title_i; j > 0 && j + 4 > c->title_i; j--) {
      const line *x = &L[j - 1];
      if (header_dated(c, j - 1) && !x->prose && x->nchars <= 60 && !(html && (x->flags & ZT_LF_BOILER))) {
        take_date(c, &x->date);
        break;
      }
    }
  }
}

/* Any dateline before the body. */
static void date_dateline_before_body(ctx *c) {
  const line *L = c->L;
  size_t i, nl = c->nl;
  int html = c->html;
  if (!c->date_done)
    for (i = 0; i < nl && i <= c->body_start; i++)
      if (header_dated(c, i) && L[i].kind == ZT_K_DATELINE && !(html && (L[i].flags & ZT_LF_BOILER))) {
        take_date(c, &L[i].date);
        break;
      }
}

/* An update line before the body (更新于 …) when nothing else in the header dates the page. */
static void date_update_line(ctx *c) {
  size_t i;
  for (i = 0; i < c->nl && i <= c->body_start && !c->date_done; i++)
    if (c->L[i].has_date && c->L[i].date.updated && c->L[i].nchars <= 60 &&
        !(c->html && (c->L[i].flags & ZT_LF_BOILER))) {
      take_date(c, &c->L[i].date);
    }
}

/* A blog post's footer (posted @ DATE NAME) below the body, even inside a footer element:
 * it comes before the replies and sidebars that follow it. */
static void date_post_footer(ctx *c) {
  size_t i;
  if (c->body_start >= c->nl) return;
  for (i = c->body_start; i < c->nl && !c->date_done; i++)
    if (c->L[i].has_date && c->L[i].nchars <= 100 && c->L[i].dstart <= 12 &&
        za_starts(c->r, RL_POST_FOOTER, c->L[i].s, c->L[i].n) >= 0) {
      take_date(c, &c->L[i].date);
    }
}

/* A short dated line right after the body. */
static void date_after_body(ctx *c) {
  const line *L = c->L;
  size_t i, nl = c->nl;
  int html = c->html;
  if (!c->date_done && c->body_end < nl)
    for (i = c->body_end + 1; i < nl && i <= c->body_end + 3; i++)
      if (L[i].has_date && L[i].nchars <= 30 && L[i].kind != ZT_K_RELATED &&
          L[i].kind != ZT_K_COPYRIGHT && !(html && (L[i].flags & ZT_LF_BOILER))) {
        take_date(c, &L[i].date);
        break;
      }
}

/* A labelled date anywhere after the body. */
static void date_labelled_after_body(ctx *c) {
  const line *L = c->L;
  size_t i, nl = c->nl;
  int html = c->html;
  if (!c->date_done)
    for (i = c->body_end + 1; i < nl && c->body_end < nl; i++)
      if (L[i].has_date && L[i].date.labelled && L[i].kind != ZT_K_RELATED &&
          !(html && (L[i].flags & ZT_LF_BOILER))) {
        take_date(c, &L[i].date);
        break;
      }
}

/* A publication time in a page script (Unix time or a date string). */
static void date_script(ctx *c) {
  const zt_html_doc *hd = c->hd;
  int html = c->html;
  if (!c->date_done && html && hd->meta[ZT_HM_SCRIPT_DATE].set) {
    zt_date d;
    size_t ds, de;
    const zt_span *sp = &hd->meta[ZT_HM_SCRIPT_DATE];
    const char *v = hd->metabuf.data + sp->off;
    size_t q = 0;
    while (q < sp->len && v[q] >= '0' && v[q] <= '9') q++;
    if (q == sp->len && (q == 10 || q == 13)) {
      /* Unix time (seconds or milliseconds), shown as China time */
      long long t = 0;
      for (q = 0; q < 10; q++) t = t * 10 + (v[q] - '0');
      zt_date_from_unix(t, 8 * 60, &d);
      if (d.year >= 1995 && d.year <= 2099) { take_date(c, &d); }
    } else if (zt_date_find(v, sp->len, NULL, &d, &ds, &de) && d.prec >= ZT_DATE_DAY) {
      take_date(c, &d);
    }
  }
}

/* The modification time (dateModified, article:modified_time): a last resort of metadata. */
static void date_modified(ctx *c) {
  const zt_html_doc *hd = c->hd;
  int html = c->html;
  if (!c->date_done && html && hd->meta[ZT_HM_MODIFIED].set) {
    zt_date d;
    size_t ds, de;
    const zt_span *sp = &hd->meta[ZT_HM_MODIFIED];
    if (zt_date_find(hd->metabuf.data + sp->off, sp->len, NULL, &d, &ds, &de) &&
        d.prec >= ZT_DATE_DAY) {
      take_date(c, &d);
    }
  }
}

/* A date in the URL path. */
static void date_url(ctx *c) {
  const zt_html_doc *hd = c->hd;
  int html = c->html;
  if (!c->date_done) {
    zt_date d;
    const char *u = c->o->url;
    size_t un = u ? strlen(u) : 0;
    if (!u && html && hd->meta[ZT_HM_URL].set) {
      u = hd->metabuf.data + hd->meta[ZT_HM_URL].off;
      un = hd->meta[ZT_HM_URL].len;
    }
    if (u && un < 4096 && za_url_date((const u8 *)u, un, &d)) {
      take_date(c, &d);
    }
  }
}

/* A labelled date at the start of the first paragraph. */
static void date_body_start(ctx *c) {
  const line *L = c->L;
  size_t nl = c->nl;
  if (!c->date_done && c->body_start < nl && (L[c->body_start].has_date) &&
      L[c->body_start].dstart < 60 && L[c->body_start].date.labelled) {
    take_date(c, &L[c->body_start].date);
  }
}

/* A reposted article's own dateline a few lines into the body (2003-7-24 某某晚报). */
static void date_reposted(ctx *c) {
  const line *L = c->L;
  size_t i, nl = c->nl;
  int html = c->html;
  if (!c->date_done && c->body_start < nl)
    for (i = c->body_start + 1; i < nl && i <= c->body_start + 8 && i <= c->body_end; i++)
      if (L[i].has_date && L[i].kind == ZT_K_DATELINE && L[i].nchars <= 40 &&
          L[i].dstart < 4 && !(html && (L[i].flags & ZT_LF_BOILER))) {
        take_date(c, &L[i].date);
        break;
      }
  /* a magazine issue closing the article: ——《某某》1998年3月号 */
}

/* A magazine issue closing the article: ——《某某》1998年3月号. */
static void date_magazine(ctx *c) {
  const line *L = c->L;
  size_t i, nl = c->nl;
  int html = c->html;
  if (!c->date_done && c->body_start < nl)
    for (i = c->body_start; i < nl; i++) {
      const line *x = &L[i];
      size_t q, ds, de;
      zt_date d;
      if (x->nchars > 40 ||
          !(x->kind == ZT_K_UNKNOWN || x->kind == ZT_K_BODY || x->kind == ZT_K_OTHER) ||
          !za_lhas(x, "\xE3\x80\x8A") || (html && (x->flags & ZT_LF_BOILER)))
        continue; /* 《 */
      for (q = 0; q < x->n && !(x->s[q] >= '0' && x->s[q] <= '9'); q++) {}
      if (q < x->n && zt_date_find((const char *)x->s + q, x->n - q, NULL, &d, &ds, &de) &&
          d.prec == ZT_DATE_MONTH && ds == 0 &&
          (ends_with(x->s + q + de, x->n - q - de, "号") || ends_with(x->s + q + de, x->n - q - de, "號") ||
           starts_with(x->s + q + de, x->n - q - de, "号") || starts_with(x->s + q + de, x->n - q - de, "號"))) {
        take_date(c, &d);
        break;
      }
    }
}

/* The strategies after the metadata, in priority order. */
static const struct {
  const char *name;
  void (*run)(ctx *c);
} strategies[] = {
  {"dateline near the title", date_near_title},
  {"labelled date", date_labelled},
  {"dateline above the title", date_above_title},
  {"dateline before the body", date_dateline_before_body},
  {"update line before the body", date_update_line},
  {"post footer", date_post_footer},
  {"date after the body", date_after_body},
  {"labelled date after the body", date_labelled_after_body},
  {"script date", date_script},
  {"modified time", date_modified},
  {"URL", date_url},
  {"labelled date opening the body", date_body_start},
  {"reposted dateline in the body", date_reposted},
  {"magazine issue", date_magazine},
  {NULL, NULL}};

/* Pass: the date, and short dated lines outside the body marked as datelines. */
void za_pass_dates(ctx *c) {
  line *L = c->L;
  size_t i, nl = c->nl;
  int k;
  if (c->html) date_html_meta(c);
  header_zone(c);
  for (k = 0; strategies[k].run && !c->date_done; k++) {
    strategies[k].run(c);
    if (c->date_done) c->a->date_rule = strategies[k].name;
  }
  if (!c->o->explain || !c->a->date.set) c->a->date_rule = NULL;
  for (i = 0; i < nl; i++)
    if (L[i].has_date && L[i].kind == ZT_K_UNKNOWN && L[i].n < 120 &&
        (i < c->body_start || i > c->body_end) && L[i].dend - L[i].dstart + 40 >= L[i].n) {
      L[i].kind = ZT_K_DATELINE;
      L[i].rule = "a date with little else (dateline)";
    }
}
