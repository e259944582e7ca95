/* zt_jsonld: article metadata from the text of a <script type="application/ld+json">.
 *
 * The text is parsed by json-c (Debian's libjson-c; see docs/articles.md for why json-c and
 * not cJSON), then the article-like object is chosen and its fields read:
 *
 *   object   the best by (1) @type rank (ZT_LD_RANK_*): *Article / *Posting / Report, then
 *            *Page, then VideoObject / AudioObject, then CreativeWork or a top-level object
 *            without @type that has a headline or datePublished; any other type is never a
 *            candidate (Organization, WebSite, BreadcrumbList...); (2) nesting level
 *            (an object in @graph, a top-level array or a run of concatenated values is at
 *            level 0, each property hop such as mainEntity adds one); (3) document order.
 *   fill-in  a field the chosen object lacks is taken from the other level-0 candidates, by
 *            rank then order (the WebPage beside an Article in a @graph); never from objects
 *            nested in other properties (the NewsArticles of a related-stories list).
 *   headline headline, then name.      published  datePublished, dateCreated, uploadDate.
 *   modified dateModified (its own field, never a published date).
 *   authors  author, then creator: a string, an object (name, or familyName + givenName, or an
 *            @id that names another object of the same script), or an array of those. A Person
 *            (or an object without @type, or a string) is a person; an Organization (any type
 *            ending in Organization, Corporation, NGO, LocalBusiness, WebSite, Brand) is not: it
 *            is a publisher candidate.
 *   publisher publisher (string, object name, @id reference, first of an array), then the first
 *            Organization author.
 *   url      url, then mainEntityOfPage (a string, or an object's @id or url).
 *
 * Values: escapes decoded by json-c (\uXXXX with surrogate pairs, \" ...; a lone surrogate
 * becomes U+FFFD); a value with ill-formed UTF-8 is dropped; control characters become
 * spaces, runs of spaces one, ends trimmed; over-long values (per field) are dropped.
 *
 * Malformed text, the documented repairs: a byte-order mark, <!-- -->, <![CDATA[ ]]> and
 * JavaScript comments around or between values are skipped; several values one after another
 * (optionally separated by , or ;) are read as one array; trailing commas, single-quoted
 * strings and raw control characters inside strings are accepted (json-c's non-strict mode).
 * At a syntax error the parse stops and the values read before it are kept; when they hold no
 * candidate, the text's first "datePublished": "..." is still taken (ZT_LDF_SALVAGED). Limits: the text
 * is at most ZT_JSONLD_MAX_BYTES (longer: only that date is looked for), nesting at most
 * ZT_JSONLD_MAX_DEPTH (deeper: that value is lost), ZT_JSONLD_MAX_VALUES top-level values.
 * Time and memory are linear in the text. Pure C, no global state, thread-safe.
 */
#ifndef ZT_JSONLD_H
#define ZT_JSONLD_H

#include <stddef.h>

#include "zt_buf.h"

#define ZT_JSONLD_MAX_BYTES ((size_t)4 << 20)
#define ZT_JSONLD_MAX_DEPTH 64
#define ZT_JSONLD_MAX_VALUES 64
#define ZT_JSONLD_MAX_AUTHORS 16
/* ZT_LD_PERSONS holds whole names only, up to this many code points (the article extractor
 * does not take a longer person value) */
#define ZT_JSONLD_PERSONS_CHARS 48

enum {
  ZT_LD_TYPE,       /* the chosen object's @type (the one that ranked it), without prefix;
                     * absent for an object without @type */
  ZT_LD_HEADLINE,
  ZT_LD_PUBLISHED,
  ZT_LD_MODIFIED,
  ZT_LD_PUBLISHER,
  ZT_LD_URL,
  ZT_LD_PERSONS,    /* the person authors joined by 、 (see ZT_JSONLD_PERSONS_CHARS) */
  ZT_LD__COUNT
};

/* zt_jsonld.rank: how article-like the chosen object is (0: none was found). */
enum {
  ZT_LD_RANK_UNTYPED = 1, /* CreativeWork, or no @type (top level, with headline/datePublished) */
  ZT_LD_RANK_MEDIA = 2,   /* VideoObject, AudioObject */
  ZT_LD_RANK_PAGE = 3,    /* WebPage, ItemPage, ... */
  ZT_LD_RANK_ARTICLE = 4  /* NewsArticle, Article, BlogPosting, Report, ... */
};

/* What the parse met (zt_jsonld.flags). */
enum {
  ZT_LDF_TOO_BIG = 1u << 0,  /* longer than ZT_JSONLD_MAX_BYTES: not parsed */
  ZT_LDF_DEPTH = 1u << 1,    /* a value nested deeper than ZT_JSONLD_MAX_DEPTH was lost */
  ZT_LDF_SYNTAX = 1u << 2,   /* stopped at a syntax error (the values before it are kept) */
  ZT_LDF_WRAPPED = 1u << 3,  /* comment or CDATA markers around the JSON were skipped */
  ZT_LDF_MULTI = 1u << 4,    /* several top-level values */
  ZT_LDF_BAD_UTF8 = 1u << 5, /* a value with ill-formed UTF-8 was dropped */
  ZT_LDF_LIMIT = 1u << 6,    /* more than ZT_JSONLD_MAX_VALUES values (or @id objects): the
                              * rest was ignored */
  ZT_LDF_SALVAGED = 1u << 7  /* unreadable text: its first "datePublished": "..." was taken
                              * as it stands (rank ZT_LD_RANK_UNTYPED, no other field) */
};

typedef struct zt_ld_value {
  size_t off, len; /* in zt_jsonld.buf, NUL-terminated there */
  int set;
} zt_ld_value;

typedef struct zt_ld_author {
  size_t off, len;
  int org;         /* an Organization: a publisher candidate, not a person */
} zt_ld_author;

typedef struct zt_jsonld {
  zt_buf buf;
  zt_ld_value f[ZT_LD__COUNT];
  zt_ld_author authors[ZT_JSONLD_MAX_AUTHORS]; /* document order, duplicates dropped */
  size_t nauthors;
  int rank;        /* the chosen object's ZT_LD_RANK_*, 0 when there is no article-like object */
  unsigned flags;  /* ZT_LDF_* */
  size_t values;   /* top-level values read */
} zt_jsonld;

/* Parses s[0..n) into ld (zeroed, or from an earlier parse: its content is freed). ZT_OK (ld->rank == 0 when nothing
 * article-like was found, whatever the text was) or ZT_ENOMEM. */
int zt_jsonld_parse(const char *s, size_t n, zt_jsonld *ld);

/* Field `which` (ZT_LD_*) as a NUL-terminated string, or NULL when absent. */
const char *zt_jsonld_get(const zt_jsonld *ld, int which);

void zt_jsonld_free(zt_jsonld *ld);

#endif
