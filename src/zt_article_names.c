/* zt_article_names: a value after a label → names (split at separators, roles, places and
 * staff codes cut, placeholders dropped), and the names collected in page order → the record's
 * arrays. The words are in zt_article_names.def. */
#include <stdlib.h>

#include "zt_article_impl.h"

void za_acc_add(acc *a, int field, const u8 *s, size_t n) {
  if (a->oom || n == 0) return;
  if (a->cnt == a->cap) {
    size_t nc = a->cap ? a->cap * 2 : 32;
    const u8 **ns = (const u8 **)realloc((void *)a->s, nc * sizeof *ns);
    size_t *nn;
    int *nf;
    if (!ns) { a->oom = 1; return; }
    a->s = ns;
    nn = (size_t *)realloc(a->n, nc * sizeof *nn);
    if (!nn) { a->oom = 1; return; }
    a->n = nn;
    nf = (int *)realloc(a->field, nc * sizeof *nf);
    if (!nf) { a->oom = 1; return; }
    a->field = nf;
    a->cap = nc;
  }
  a->s[a->cnt] = s;
  a->n[a->cnt] = n;
  a->field[a->cnt] = field;
  a->cnt++;
}

void za_acc_free(acc *a) {
  free((void *)a->s);
  free(a->n);
  free(a->field);
}

int za_acc_has(const acc *a, int field) {
  size_t i;
  for (i = 0; i < a->cnt; i++)
    if (a->field[i] == field) return 1;
  return 0;
}

static int is_name_sep(int32_t c) {
  return c == 0x3001 || c == 0xFF0C || c == ',' || c == ';' || c == 0xFF1B || c == ' ' ||
         c == 0x3000 || c == 0xA0 || c == '/' || c == 0xFF0F || c == 0x2215 || c == '\t' ||
         c == 0x2571 || c == '&' || c == 0xFF06 ||
         c == 0x548C || c == 0x53CA || c == 0x8207; /* 和 及 與 */
}

/* Validates a person value: short, no sentence punctuation, tokens short. */
int za_person_value_ok(const u8 *s, size_t n) {
  size_t i = 0, l, tok = 0, chars = 0;
  while (i < n) {
    int32_t c = cp_at(s, n, i, &l);
    if (c == 0x3002 || c == 0xFF01 || c == 0xFF1F || c == '!' || c == '?' || c == 0x201C ||
        c == 0xFF1A || c == ':')
      return 0;
    if (is_name_sep(c)) tok = 0;
    else if (++tok > 16) return 0;
    if (++chars > 48) return 0;
    i += l ? l : 1;
  }
  return 1;
}

/* A token's trailing words that are not part of a name: 报道, 摄, 整理... */
static void strip_name(const za_rules *r, const u8 *s, size_t *b, size_t *e) {
  int again = 1;
  size_t q = *b;
  {
    /* 王晓_NN5678: an editor's staff code */
    while (q < *e && s[q] != '_') q++;
    if (q < *e && q > *b) {
      size_t p = q + 1;
      while (p < *e && ((s[p] >= '0' && s[p] <= '9') || ((s[p] | 32) >= 'a' && (s[p] | 32) <= 'z'))) p++;
      if (p == *e && p > q + 1) *e = q;
    }
  }
  /* 王晓明发自北京: the name ends where 发自 begins */
  for (q = *b + 1; q < *e; q++)
    if (za_rule_at(r, RL_NAME_FROM, s, *e, q) >= 0) { *e = q; break; }
  while (again && *e > *b) {
    int j;
    again = 0;
    za_trim_value(s, b, e);
    j = za_ends(r, RL_NAME_SUFFIX, s + *b, *e - *b, 1);
    if (j >= 0) { *e -= za_rule_table[j].len; again = 1; }
  }
}

int za_is_placeholder_name(const za_rules *r, const u8 *s, size_t n) {
  /* a placeholder, or a label word (编辑 刘晓阳 校对 李铭), or an agency with its label (南都记者) */
  if (za_whole(r, RL_PLACEHOLDER, s, n) || za_whole(r, RL_LABEL, s, n) ||
      za_ends(r, RL_PLACEHOLDER_END, s, n, 0) >= 0)
    return 1;
  {
    /* a run of more than six Han characters is a phrase, not a name (a·b names excepted) */
    size_t q = 0, l, han = 0;
    int dot = 0;
    while (q < n) {
      int32_t c = cp_at(s, n, q, &l);
      if (is_han(c)) han++;
      if (c == 0xB7 || c == 0x30FB || c == 0x2022) dot = 1;
      q += l ? l : 1;
    }
    if (han > 6 && !dot) return 1;
  }
  {
    size_t q;
    int letters = 0;
    for (q = 0; q < n; q++) {
      if (s[q] == '.' || s[q] == '@' || s[q] == '=' || s[q] == '<' || s[q] == '>') return 1;
      if (s[q] >= 0x80 || ((s[q] | 32) >= 'a' && (s[q] | 32) <= 'z')) letters = 1;
    }
    if (!letters) return 1;
  }
  /* a place with 报道/電 (臺北報導, 北京电) is not a name */
  return za_ends(r, RL_PLACE_END, s, n, 0) >= 0;
}

/* A two- or three-character name set with spaces between its characters (赵　培, 王 小 明),
 * as pages pad names to one width: the token s[tb..i) is one Han character (or such a name
 * so far) and after the spaces at i comes one Han character ending the token. */
int za_spaced_name_at(const u8 *s, size_t n, size_t tb, size_t i) {
  size_t q = tb, l, hans = 0;
  int32_t c;
  if (i < tb || i - tb > 24) return 0; /* bounded: callers test it at every space */
  while (q < i) {
    c = cp_at(s, n, q, &l);
    if (is_han(c)) hans++;
    else if (!(c == ' ' || c == 0x3000 || c == 0xA0)) return 0;
    q += l ? l : 1;
  }
  if (hans < 1 || hans > 2 || q - tb > 24) return 0;
  /* only single characters between spaces */
  if (hans == 2 && is_han(cp_before(s, i, &l)) && l >= tb && is_han(cp_before(s, l, &q))) return 0;
  q = i;
  while (q < n && ((c = cp_at(s, n, q, &l)) == ' ' || c == 0x3000 || c == 0xA0)) q += l;
  if (q - i > 6 || q >= n || !is_han(cp_at(s, n, q, &l))) return 0;
  q += l;
  if (q < n && is_han(cp_at(s, n, q, &l))) return 0; /* 赵 海涛: not spaced out */
  return 1;
}

/* 张蕾 AB123: a staff code after a name, letters then digits in ASCII (a person's name in
 * Latin letters has no digits). */
static int staff_code(const u8 *s, size_t n) {
  size_t q = 0, letters = 0, digits = 0;
  while (q < n && ((s[q] | 32) >= 'a' && (s[q] | 32) <= 'z')) { letters++; q++; }
  while (q < n && s[q] >= '0' && s[q] <= '9') { digits++; q++; }
  return q == n && letters >= 1 && letters <= 4 && digits >= 2;
}

/* 北岭师范大学教育学院教授汪启明: an affiliation and a job title glued before a name of two or
 * three characters — *b moves past the last job title. */
static void cut_job_title(const za_rules *r, const u8 *s, size_t *b, size_t e) {
  size_t q, l, after = 0;
  int j;
  if (za_len((const char *)s + *b, e - *b) < 6) return;
  for (q = *b; q < e; q += l ? l : 1) {
    cp_at(s, e, q, &l);
    if ((j = za_rule_at(r, RL_JOB_TITLE, s, e, q)) >= 0) after = q + za_rule_table[j].len;
  }
  if (after > *b && after < e) {
    size_t chars = 0;
    for (q = after; q < e; q += l ? l : 1, chars++)
      if (!is_han(cp_at(s, e, q, &l))) return;
    if (chars >= 2 && chars <= 3) *b = after;
  }
}

/* Splits a person value into names and adds them. A token after the first that ends in
 * 报道/報導 is a place (記者林志明／臺北報導); one starting with 系/为/是 is a description. */
void za_add_names(acc *a, int field, const u8 *s, size_t n) {
  const za_rules *r = a->r;
  size_t i = 0, l = 0, tb = 0;
  int tok = 0, han = 0, after_slash = 0;
  for (i = 0; i < n && !han; i += l ? l : 1) han = is_han(cp_at(s, n, i, &l));
  i = 0;
  while (i <= n) {
    int32_t c = i < n ? cp_at(s, n, i, &l) : -2;
    /* Latin names keep their spaces: Zhang San */
    if (i < n && (c == ' ' || c == 0x3000 || c == 0xA0) && za_spaced_name_at(s, n, tb, i)) {
      i += l ? l : 1;
      continue;
    }
    if (i == n || (is_name_sep(c) && (han || !(c == ' ' || c == 0xA0)))) {
      size_t b = tb, e = i;
      za_trim_value(s, &b, &e);
      if (e > b) {
        int place, desc;
        /* 王大明台北18日電: cut the dateline, then a two-character place */
        {
          size_t q = b, l2;
          while (q < e) {
            int32_t d = cp_at(s, e, q, &l2);
            if ((d >= '0' && d <= '9') || (d >= 0xFF10 && d <= 0xFF19)) break;
            q += l2 ? l2 : 1;
          }
          if (q < e && q > b && za_ends(r, RL_WIRE_END, s + b, e - b, 0) >= 0) {
            size_t chars = za_len((const char *)s + b, q - b);
            e = q;
            if (chars >= 4 && chars <= 6) {
              size_t st2;
              cp_before(s, e, &st2);
              e = st2;
              cp_before(s, e, &st2);
              e = st2;
            }
          }
        }
        place = tok > 0 && za_ends(r, RL_PLACE_END, s + b, e - b, 0) >= 0;
        desc = za_starts(r, RL_NAME_DESC, s + b, e - b) >= 0;
        tok++;
        {
          /* 赵培：北京物资学院: the affiliation after a colon is not part of the name */
          size_t q = b, l3;
          while (q < e) {
            int32_t d = cp_at(s, e, q, &l3);
            if (d == 0xFF1A || d == ':') { if (q > b) { e = q; za_trim_value(s, &b, &e); } break; }
            q += l3 ? l3 : 1;
          }
        }
        /* 马俊峰/文, 张三/图: the role after a slash, not a name */
        if (after_slash && za_starts(r, RL_SLASH_ROLE, s + b, e - b) >= 0) desc = 1;
        strip_name(r, s, &b, &e);
        /* a nested label inside (本报记者王晓明): drop it (the first such label in table order) */
        if (e - b >= ZA_MINLEN) {
          unsigned j;
          for (j = r->head[RL_LABEL][za_bucket(s + b)]; j != ZA_NONE; j = r->next[j]) {
            size_t ll = za_rule_table[j].len;
            if ((za_rule_table[j].field == F_AUTHOR || za_rule_table[j].field == F_PHOTO) && ll > 3 &&
                e - b > ll && memcmp(s + b, za_rule_table[j].s, ll) == 0) {
              b += ll;
              break;
            }
          }
        }
        if (!desc) cut_job_title(r, s, &b, e);
        if (!desc) desc = za_has_any(r, RL_NAME_ORG, s + b, e - b) || (han && tok > 1 && staff_code(s + b, e - b));
        /* a value without Han keeps its spaces in one token: Latin names run longer */
        if (!place && !desc && e > b && za_len((const char *)s + b, e - b) <= (han ? 12u : 24u) &&
            !za_is_placeholder_name(r, s + b, e - b))
          za_acc_add(a, field, s + b, e - b);
      }
      if (i == n) break;
      after_slash = c == '/' || c == 0xFF0F || c == 0x2215 || c == 0x2571;
      i += l ? l : 1;
      tb = i;
      continue;
    }
    i += l ? l : 1;
  }
}

int za_names_only(const za_rules *r, const u8 *s, size_t n) {
  size_t q = 0, l = 1, tb = 0, ntok = 0, maxc = 0;
  size_t nchars = za_len((const char *)s, n);
  if (nchars < 2 || nchars > 20) return 0;
  while (q <= n) {
    int32_t c = q < n ? cp_at(s, n, q, &l) : ' ';
    if (q == n || c == ' ' || c == 0x3000 || c == 0xA0 || c == 0x3001 || c == 0xFF0C ||
        c == ',') {
      if (q > tb) {
        const u8 *t = s + tb;
        size_t tn = q - tb, chars = za_len((const char *)t, tn), st;
        if (++ntok > 3 || chars < 2 || chars > 4 || is_agency_char(cp_before(t, tn, &st)) ||
            za_is_placeholder_name(r, t, tn) || za_whole(r, RL_NOT_NAME, t, tn) ||
            za_ends(r, RL_NOT_NAME_TAIL, t, tn, 0) >= 0)
          return 0;
        if (chars > maxc) maxc = chars;
      }
      if (q == n) break;
      tb = q + l;
    } else if (!is_han(c) && c != 0xB7 && c != 0x30FB) {
      return 0;
    }
    q += l ? l : 1;
  }
  /* one four-character word alone is more often a heading (随笔分类) than a name */
  return ntok > 1 || (ntok == 1 && maxc <= 3);
}

/* Names and keywords collected in page order → the record's arrays (deduplicated). */
static int is_outlet(ctx *c, const u8 *s, size_t n) {
  const zt_span *f[2];
  int k;
  f[0] = &c->a->source;
  f[1] = &c->a->site;
  for (k = 0; k < 2; k++)
    if (f[k]->set && f[k]->len == n && memcmp(c->a->arena.data + f[k]->off, s, n) == 0) return 1;
  return 0;
}

/* 赵　培 → 赵培: drops spaces between Han characters of a name just written at the arena's end. */
static void squeeze_name(ctx *c, zt_span *sp) {
  u8 *d = (u8 *)c->a->arena.data + sp->off;
  size_t n = sp->len, r = 0, w = 0, l, st;
  if (sp->off + sp->len != c->a->arena.len) return;
  while (r < n) {
    int32_t ch = cp_at(d, n, r, &l);
    if (!l) l = 1;
    if ((ch == ' ' || ch == 0x3000 || ch == 0xA0) && w > 0 && is_han(cp_before(d, w, &st))) {
      size_t q = r;
      int32_t nx = -1;
      while (q < n && ((nx = cp_at(d, n, q, &l)) == ' ' || nx == 0x3000 || nx == 0xA0)) q += l;
      if (q < n && is_han(nx)) { r = q; continue; }
      cp_at(d, n, r, &l);
    }
    memmove(d + w, d + r, l);
    w += l;
    r += l;
  }
  sp->len = w;
  c->a->arena.len = sp->off + w;
}

static void put_field(ctx *c, zt_span *f, const u8 *s, size_t n) {
  if (f->set) return;
  *f = za_put(c, s, n);
}

void za_flush_names(ctx *c, acc *names) {
  size_t i;
  for (i = 0; i < names->cnt; i++)
    if (names->field[i] == F_SOURCE) put_field(c, &c->a->source, names->s[i], names->n[i]);
  for (i = 0; i < names->cnt; i++) {
    zt_strvec *v = NULL;
    switch (names->field[i]) {
      case F_AUTHOR:
        /* the outlet named as author (meta author = 新浪科技 = 来源) is not a person */
        if (!is_outlet(c, names->s[i], names->n[i])) v = &c->a->authors;
        break;
      case F_EDITOR: v = &c->a->editors; break;
      case F_PHOTO: v = &c->a->photographers; break;
      case F_KEYWORDS: {
        const u8 *s = names->s[i];
        size_t n = names->n[i], p = 0, tb = 0, l = 0;
        while (p <= n) {
          int32_t ch = p < n ? cp_at(s, n, p, &l) : -2;
          if (p == n || ch == ',' || ch == 0xFF0C || ch == 0x3001 || ch == ';' || ch == 0xFF1B ||
              ch == ' ' || ch == 0x3000 || ch == '|') {
            size_t b = tb, e = p;
            za_trim_value(s, &b, &e);
            if (e > b) za_put_list(c, &c->a->keywords, s + b, e - b, 1, 100);
            if (p == n) break;
            p += l;
            tb = p;
            continue;
          }
          p += l ? l : 1;
        }
        break;
      }
      default: break;
    }
    if (v) {
      size_t before = v->n;
      za_put_list(c, v, names->s[i], names->n[i], 1, 64);
      if (v->n > before) squeeze_name(c, &v->v[v->n - 1]);
    }
  }
}
