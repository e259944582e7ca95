/* zt_html_sax: libxml2's HTML parser drives the walk (zt_html_walk.h) by SAX events: no tree is
 * built, nor walked, nor freed.
 *
 * The walk must see what it saw when it walked the tree libxml2's own SAX2 handlers build
 * (SAX2.c), so these handlers keep the few parts of that builder the tree's shape depends on:
 *   - the parser's node stack (nodePush/nodePop, as xmlSAX2StartElement/EndElement do, one
 *     placeholder node per open element): past 256 levels nodePush halts the parser exactly as
 *     before, and where the parser pops an element itself (a start tag without its '>') the
 *     element ends at the next event;
 *   - text outside any element is dropped; a run of text longer than 10 MB halts the parser
 *     (xmlSAX2Text's "huge text node"), unless XML_PARSE_HUGE;
 *   - element names are split at their first ':' (o:p is a p, as xmlSplitQName makes it);
 *   - an element started once the first root has ended becomes a child of that root when the
 *     root is the document's first child (no doctype, comment or PI before it), else a root
 *     of its own: so the root ends, for the walk, only then;
 *   - the content of a <title> is all its descendants' text (xmlNodeGetContent), that of a
 *     <script> its first child's text; both read when they end. */
#include <limits.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>

#include "zt_html_flatten.h"
#include "zt_html_walk.h"

enum { M_WALK, M_LEAF, M_OFF };   /* entered and read / entered, content skipped / not seen */
enum { K_NONE, K_ELEM, K_OTHER }; /* the document's first child */
enum { C_NONE, C_TITLE, C_SCRIPT };
enum { R_NONE, R_TEXT, R_CDATA }; /* the current node's last child, when it is text */

typedef struct sax_el {
  unsigned short oe;  /* OE_* for zt_html_leave */
  unsigned char mode; /* M_* */
  unsigned char root; /* the document's first child */
} sax_el;

typedef struct sax {
  zt_html_walk *w;
  htmlParserCtxtPtr pc;
  xmlNode placeholder; /* what the parser's node stack holds for every open element */
  sax_el *open;        /* open elements, mirroring the node stack (+ the ended root) */
  size_t nopen, capopen;
  int pending;         /* open[0] is the first root: ended, but later roots go inside it */
  int first;           /* K_* */
  int has_dtd;
  int run_type;        /* R_*: a text event then joins that node's text */
  size_t run_len;
  int run_dead;        /* that text holds a NUL: the tree's C string ends there */
  size_t leaf;         /* 1 + index in open of the element whose content is skipped, or 0 */
  int collect;         /* C_*: the leaf's content is read into buf */
  int script_ld;
  int first_child;     /* the script's first child: 0 none yet, 1 text (being read), 2 read, 3 no text */
  zt_buf buf;
} sax;

/* The element ends for the walk. */
static void pop_el(sax *x) {
  sax_el *e = &x->open[--x->nopen];
  if (e->mode == M_OFF) return;
  if (e->mode == M_LEAF) {
    x->leaf = 0;
    if (x->collect != C_NONE && zt_buf_reserve(&x->buf, 1)) {
      x->buf.data[x->buf.len] = '\0';
      if (x->collect == C_TITLE) {
        if (x->buf.len) zt_html_title(x->w, x->buf.data, x->buf.len);
      } else if (x->first_child == 1 || x->first_child == 2) {
        zt_html_script(x->w, x->script_ld, x->buf.data, x->buf.len);
      }
    }
    if (x->buf.oom) x->w->oom = 1;
  }
  zt_html_leave(x->w, e->oe);
}

/* Ends the elements the parser's node stack no longer holds (before every event). */
static void sync_open(sax *x) {
  size_t want = (size_t)x->pc->nodeNr + (size_t)x->pending;
  if (x->nopen <= want) return;
  x->run_type = R_NONE; /* the current node's last child is now an element */
  while (x->nopen > want) {
    if (x->nopen == 1 && x->open[0].root && !x->pending) {
      x->pending = 1;
      return;
    }
    pop_el(x);
  }
}

static int att_id(const char *k) {
  switch (k[0]) {
    case 'c':
      if (!strcmp(k, "class")) return A_CLASS;
      if (!strcmp(k, "content")) return A_CONTENT;
      break;
    case 'd': if (!strcmp(k, "datetime")) return A_DATETIME; break;
    case 'h':
      if (!strcmp(k, "href")) return A_HREF;
      if (!strcmp(k, "hidden")) return A__COUNT;
      break;
    case 'i':
      if (!strcmp(k, "id")) return A_ID;
      if (!strcmp(k, "itemprop")) return A_ITEMPROP;
      break;
    case 'n': if (!strcmp(k, "name")) return A_NAME; break;
    case 'p': if (!strcmp(k, "property")) return A_PROPERTY; break;
    case 'r':
      if (!strcmp(k, "role")) return A_ROLE;
      if (!strcmp(k, "rel")) return A_REL;
      break;
    case 's': if (!strcmp(k, "style")) return A_STYLE; break;
    case 't': if (!strcmp(k, "type")) return A_TYPE; break;
    default: break;
  }
  return -1;
}

/* The start tag as the walk reads it. Names come lowercased and deduplicated; an attribute
 * without a value has no text in the tree (none of these is one of HTML's boolean ones). */
static void read_el(const zt_html_ctx *c, const char *name, const xmlChar **atts, zt_html_el *e) {
  const char *colon = name[0] == ':' ? NULL : strchr(name, ':');
  size_t i;
  if (colon && colon[1]) name = colon + 1; /* xmlSplitQName: the local part */
  e->tag = zt_html_tag(c, name, &e->tflags);
  memset(e->a, 0, sizeof e->a);
  e->hidden_attr = 0;
  for (i = 0; atts && atts[i]; i += 2) {
    int k = att_id((const char *)atts[i]);
    if (k == A__COUNT) e->hidden_attr = 1;
    else if (k >= 0 && atts[i + 1]) e->a[k] = (const char *)atts[i + 1];
  }
}

/* A start tag with no element open: inside the first root, or a root of its own. Returns 1
 * when it is the first root. */
static int top_level(sax *x) {
  if (x->first == K_NONE) {
    x->first = K_ELEM;
    return 1;
  }
  if (x->first == K_OTHER && x->pending) {
    x->pending = 0;
    pop_el(x);
  }
  return 0;
}

/* A child (not text) of the leaf script: the end of its first child's text, if any. */
static void script_child(sax *x, const char *content) {
  if (x->first_child == 1) x->first_child = 2;
  if (x->first_child != 0) return;
  x->first_child = content ? 2 : 3;
  if (content) zt_buf_add(&x->buf, content, strlen(content));
}

static void on_start(void *ctx, const xmlChar *name, const xmlChar **atts) {
  htmlParserCtxtPtr pc = (htmlParserCtxtPtr)ctx;
  sax *x = (sax *)pc->_private;
  zt_html_el el;
  sax_el *e;
  unsigned oe;
  int root = 0;
  if (!name || x->w->oom) return;
  sync_open(x);
  if (pc->nodeNr == 0) root = top_level(x);
  if (nodePush(pc, &x->placeholder) < 0) return; /* past the depth limit: the parser stops */
  x->run_type = R_NONE;
  if (x->nopen == x->capopen) {
    size_t nc = x->capopen ? x->capopen * 2 : 64;
    sax_el *no = (sax_el *)realloc(x->open, nc * sizeof *no);
    if (!no) { x->w->oom = 1; xmlStopParser(pc); return; }
    x->open = no;
    x->capopen = nc;
  }
  if (x->leaf && x->collect == C_SCRIPT && x->nopen == x->leaf) script_child(x, NULL);
  e = &x->open[x->nopen++];
  e->oe = 0;
  e->root = (unsigned char)root;
  if (x->leaf) { e->mode = M_OFF; return; }
  read_el(x->w->c, (const char *)name, atts, &el);
  if (zt_html_enter(x->w, &el, &oe)) {
    e->mode = M_WALK;
  } else {
    e->mode = M_LEAF;
    x->leaf = x->nopen;
    x->collect = el.tag == T_TITLE ? C_TITLE : el.tag == T_SCRIPT ? C_SCRIPT : C_NONE;
    x->script_ld = el.a[A_TYPE] && strstr(el.a[A_TYPE], "ld+json");
    x->first_child = 0;
    x->buf.len = 0;
  }
  e->oe = (unsigned short)oe;
  if (x->w->oom) xmlStopParser(pc);
}

static void on_end(void *ctx, const xmlChar *name) {
  htmlParserCtxtPtr pc = (htmlParserCtxtPtr)ctx;
  sax *x = (sax *)pc->_private;
  (void)name;
  if (x->w->oom) return;
  sync_open(x);
  nodePop(pc);
  x->run_type = R_NONE;
  sync_open(x);
  if (x->w->oom) xmlStopParser(pc);
}

/* Text (type R_TEXT) or a script's CDATA (R_CDATA). */
static void on_text(sax *x, const char *s, size_t n, int type) {
  const char *nul;
  int join;
  if (x->w->oom) return;
  sync_open(x);
  if (x->pc->nodeNr == 0) return; /* outside any element: the tree drops it */
  join = x->run_type == type;
  if (join) {
    if (!(x->pc->options & XML_PARSE_HUGE) && x->run_len + n > XML_MAX_TEXT_LENGTH) {
      /* xmlSAX2Text's "huge text node": the chunk is dropped, the parser stops */
      x->pc->errNo = XML_ERR_NO_MEMORY;
      x->pc->instate = XML_PARSER_EOF;
      x->pc->disableSAX = 1;
      return;
    }
    x->run_len += n;
    if (x->run_dead) return;
  } else {
    x->run_type = type;
    x->run_len = n;
    x->run_dead = 0;
  }
  if ((nul = (const char *)memchr(s, 0, n)) != NULL) {
    n = (size_t)(nul - s);
    x->run_dead = 1;
  }
  if (!x->leaf) {
    zt_html_text(x->w, s, n);
  } else if (x->collect == C_TITLE) {
    zt_buf_add(&x->buf, s, n);
  } else if (x->collect == C_SCRIPT && x->nopen == x->leaf) {
    if (x->first_child == 0 || (x->first_child == 1 && join)) {
      x->first_child = 1;
      zt_buf_add(&x->buf, s, n);
    } else if (x->first_child == 1) {
      x->first_child = 2;
    }
  }
  if (x->w->oom) xmlStopParser(x->pc);
}

static void on_chars(void *ctx, const xmlChar *ch, int len) {
  htmlParserCtxtPtr pc = (htmlParserCtxtPtr)ctx;
  on_text((sax *)pc->_private, (const char *)ch, len > 0 ? (size_t)len : 0, R_TEXT);
}

static void on_cdata(void *ctx, const xmlChar *ch, int len) {
  htmlParserCtxtPtr pc = (htmlParserCtxtPtr)ctx;
  on_text((sax *)pc->_private, (const char *)ch, len > 0 ? (size_t)len : 0, R_CDATA);
}

/* A comment or PI: a child of the current node, or of the document. */
static void on_other(sax *x, const char *content) {
  if (x->w->oom) return;
  sync_open(x);
  if (x->pc->nodeNr == 0) {
    if (x->first == K_NONE) x->first = K_OTHER;
    return;
  }
  x->run_type = R_NONE;
  if (x->leaf && x->collect == C_SCRIPT && x->nopen == x->leaf) script_child(x, content);
}

static void on_comment(void *ctx, const xmlChar *value) {
  htmlParserCtxtPtr pc = (htmlParserCtxtPtr)ctx;
  on_other((sax *)pc->_private, (const char *)value);
}

static void on_pi(void *ctx, const xmlChar *target, const xmlChar *data) {
  htmlParserCtxtPtr pc = (htmlParserCtxtPtr)ctx;
  (void)target;
  on_other((sax *)pc->_private, (const char *)data);
}

/* <!DOCTYPE>: the first one goes before every other child of the document. */
static void on_doctype(void *ctx, const xmlChar *name, const xmlChar *ext, const xmlChar *sys) {
  htmlParserCtxtPtr pc = (htmlParserCtxtPtr)ctx;
  sax *x = (sax *)pc->_private;
  (void)name;
  (void)ext;
  (void)sys;
  if (!x->has_dtd) {
    x->has_dtd = 1;
    x->first = K_OTHER;
  }
}

/* One libxml2 parse feeding the walk; returns 1 when the parser gave up before the end (a
 * limit: xmlHaltParser leaves the context at EOF with SAX disabled). */
static int parse_once(sax *x, const char *s, size_t n, int huge) {
  htmlParserCtxtPtr pc = htmlNewParserCtxt();
  htmlDocPtr doc;
  int stopped;
  if (!pc) return 0;
  x->pc = pc;
  x->nopen = 0;
  x->pending = x->has_dtd = x->run_dead = 0;
  x->first = K_NONE;
  x->run_type = R_NONE;
  x->leaf = 0;
  pc->_private = x;
  pc->sax->startDocument = NULL; /* no document: nothing else asks for one */
  pc->sax->endDocument = NULL;
  pc->sax->setDocumentLocator = NULL;
  pc->sax->internalSubset = on_doctype;
  pc->sax->startElement = on_start;
  pc->sax->endElement = on_end;
  pc->sax->characters = on_chars;
  pc->sax->cdataBlock = on_cdata;
  pc->sax->comment = on_comment;
  pc->sax->processingInstruction = on_pi;
  doc = htmlCtxtReadMemory(pc, s, (int)n, NULL, "UTF-8",
                           HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                               HTML_PARSE_NONET | HTML_PARSE_COMPACT | HTML_PARSE_IGNORE_ENC |
                               (huge ? XML_PARSE_HUGE : 0));
  if (doc) xmlFreeDoc(doc);
  stopped = pc->instate == XML_PARSER_EOF && pc->disableSAX && !x->w->oom;
  /* what is still open ends (innermost first), the first root last */
  x->pending = 0;
  while (x->nopen) pop_el(x);
  htmlFreeParserCtxt(pc);
  x->pc = NULL;
  return stopped;
}

/* Empties the document (but its warnings) and the walk, for a second parse. */
static void reset_doc(zt_html_walk *w) {
  unsigned warn = w->d->warn;
  size_t flat_depth = w->d->flat_depth;
  zt_html_doc_free(w->d);
  w->d->warn = warn;
  w->d->flat_depth = flat_depth;
  zt_html_walk_reset(w);
}

/* A page that hit a parser limit is parsed again flattened (zt_html_flatten.h). */
void zt_html_parse(zt_html_walk *w, const char *s, size_t n) {
  sax x;
  size_t limit = ZT_HTML_FLAT_DEPTH;
  int stopped;
  memset(&x, 0, sizeof x);
  x.w = w;
  stopped = parse_once(&x, s, n, 0);
  while (stopped && limit >= ZT_HTML_FLAT_DEPTH / 4) {
    zt_buf fs = ZT_BUF_INIT;
    size_t dropped = zt_html_flatten(s, n, limit, &fs);
    if (dropped == (size_t)-1 || fs.len > (size_t)INT_MAX) {
      zt_buf_free(&fs);
      if (dropped == (size_t)-1) w->oom = 1;
      break;
    }
    reset_doc(w);
    stopped = parse_once(&x, fs.data ? fs.data : "", fs.len, 1);
    zt_buf_free(&fs);
    if (dropped) {
      w->d->warn |= ZT_HW_FLATTENED;
      w->d->flat_depth = limit;
    }
    limit /= 2;
  }
  if (stopped) w->d->warn |= ZT_HW_STOPPED;
  free(x.open);
  zt_buf_free(&x.buf);
}
