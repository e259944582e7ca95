/* Eight threads, each with its own lua_State that loads the real zhtext (the Lua modules of
 * lua/, zhtext.core from the ThreadSanitizer build) and runs tests/tsan/threads_lua.lua: cut
 * (precise, accurate, traditional), pos, entities, article parsing of text and HTML, convert,
 * clean, decode (GBK detected, Big5 named), sentences, keywords and simhash, a few rounds
 * each. Every thread's result must equal the one computed on the main thread before any thread
 * started; a Lua error fails with its message. The states share nothing but the process (the
 * mapped data files, OpenCC, libxml2, pcre2, uchardet, iconv), which is what `make tsan` checks
 * for races. Lua itself is not instrumented: that is sound because each lua_State is used by
 * its own thread only.
 * Arguments: the source tree (for lua/ and the chunk) and the directory above zhtext/core.so. */
#include <iconv.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

enum { NTHREADS = 8, ROUNDS = 3 };

typedef struct job {
  const char *root, *cdir;
  pthread_barrier_t *start; /* NULL on the main thread */
  char *digest;             /* the chunk's result (malloc'd), or NULL */
  char *error;              /* the Lua error (malloc'd), or NULL */
} job;

static char *dup_str(const char *s) {
  size_t n = strlen(s);
  char *r = (char *)malloc(n + 1);
  if (r) memcpy(r, s, n + 1);
  return r;
}

/* package.path and package.cpath of the state: the source tree's modules, the TSan core only
 * (no ";;": a core.so elsewhere on the default path must not be picked up instead). */
static void set_paths(lua_State *L, const job *j) {
  lua_getglobal(L, "package");
  lua_pushfstring(L, "%s/lua/?.lua;%s/lua/?/init.lua;", j->root, j->root);
  lua_getfield(L, -2, "path");
  lua_concat(L, 2);
  lua_setfield(L, -2, "path");
  lua_pushfstring(L, "%s/?.so;", j->cdir);
  lua_getfield(L, -2, "cpath");
  lua_concat(L, 2);
  lua_setfield(L, -2, "cpath");
  lua_pop(L, 1);
}

/* Runs the chunk in a new state; returns the state when keep is set (else closes it). */
static lua_State *run_chunk(job *j, int keep) {
  lua_State *L = luaL_newstate();
  char chunk[4096];
  if (!L) { j->error = dup_str("luaL_newstate failed"); return NULL; }
  luaL_openlibs(L);
  set_paths(L, j);
  snprintf(chunk, sizeof chunk, "%s/tests/tsan/threads_lua.lua", j->root);
  if (luaL_loadfile(L, chunk) != LUA_OK) {
    j->error = dup_str(lua_tostring(L, -1));
  } else {
    lua_pushinteger(L, ROUNDS);
    if (j->start) pthread_barrier_wait(j->start); /* all threads load, then start together */
    if (lua_pcall(L, 1, 1, 0) != LUA_OK) {
      const char *m = lua_tostring(L, -1);
      j->error = dup_str(m ? m : "(error object is not a string)");
    } else if (!lua_isstring(L, -1)) {
      j->error = dup_str("the chunk did not return a string");
    } else {
      j->digest = dup_str(lua_tostring(L, -1));
    }
  }
  if (keep) return L;
  lua_close(L);
  return NULL;
}

/* Where two results part, with some context, so a failure says which call differs. */
static void show_difference(int t, const char *want, const char *got) {
  size_t i = 0, from;
  while (want[i] && want[i] == got[i]) i++;
  from = i > 60 ? i - 60 : 0;
  fprintf(stderr, "threads_lua: thread %d: results differ from the main thread's at byte %zu\n"
          "  main:   ...%.160s\n  thread: ...%.160s\n", t, i, want + from, got + from);
}

/* glibc loads a gconv module (GB18030, BIG5-HKSCS...) at iconv_open and unloads it a few
 * iconv_close calls after its last user goes, both under a lock inside libc that ThreadSanitizer
 * does not see; eight threads decoding at once then show up as a race in ld.so's free (seen in
 * CI, not every run). Holding one descriptor per module for the whole run keeps each loaded, as
 * any host that decodes often does; zhtext's own calls still open and close their own. */
static const char *const held_encodings[] = {"GB18030", "GBK", "BIG5-HKSCS", "CP950", "BIG5",
                                             "UTF-16LE", "UTF-16BE"};
enum { NHELD = sizeof held_encodings / sizeof held_encodings[0] };

static void hold_gconv(iconv_t held[NHELD]) {
  int i;
  for (i = 0; i < NHELD; i++) held[i] = iconv_open("UTF-8", held_encodings[i]);
}

static void release_gconv(iconv_t held[NHELD]) {
  int i;
  for (i = 0; i < NHELD; i++)
    if (held[i] != (iconv_t)-1) iconv_close(held[i]);
}

static void *thread_main(void *arg) {
  run_chunk((job *)arg, 0);
  return NULL;
}

int main(int argc, char **argv) {
  pthread_t th[NTHREADS];
  job base, jobs[NTHREADS];
  pthread_barrier_t start;
  lua_State *main_state;
  iconv_t held[NHELD];
  int i, failures = 0, started = 0;
  if (argc != 3) {
    fprintf(stderr, "usage: %s <source tree> <dir of zhtext/core.so>\n", argv[0]);
    return 2;
  }
  memset(&base, 0, sizeof base);
  base.root = argv[1];
  base.cdir = argv[2];
  /* The main thread's state stays open until the threads are done, as in a host that loaded
   * zhtext before starting its workers: core.so (and the OpenCC, libxml2... it links) stay
   * loaded, so the threads' `require` only finds it. Closing it first would make the first
   * thread to require it dlopen the libraries again and run their C++ static constructors, and
   * the other threads then read those globals ordered only by glibc's loader lock, which
   * ThreadSanitizer does not see (a report inside libopencc with the allocation under dlopen). */
  hold_gconv(held);
  main_state = run_chunk(&base, 1);
  if (base.error) {
    fprintf(stderr, "threads_lua: main thread: %s\n", base.error);
    free(base.error);
    if (main_state) lua_close(main_state);
    release_gconv(held);
    return 1;
  }
  if (pthread_barrier_init(&start, NULL, NTHREADS) != 0) {
    fprintf(stderr, "threads_lua: pthread_barrier_init failed\n");
    free(base.digest);
    lua_close(main_state);
    release_gconv(held);
    return 1;
  }
  for (i = 0; i < NTHREADS; i++) {
    jobs[i] = base;
    jobs[i].digest = NULL;
    jobs[i].start = &start;
  }
  for (i = 0; i < NTHREADS; i++) {
    if (pthread_create(&th[i], NULL, thread_main, &jobs[i]) != 0) {
      /* the barrier waits for NTHREADS: without them all the others would never start */
      fprintf(stderr, "threads_lua: pthread_create failed\n");
      abort();
    }
    started++;
  }
  for (i = 0; i < started; i++) pthread_join(th[i], NULL);
  for (i = 0; i < NTHREADS; i++) {
    if (jobs[i].error) {
      fprintf(stderr, "threads_lua: thread %d: %s\n", i, jobs[i].error);
      failures++;
    } else if (!jobs[i].digest) {
      fprintf(stderr, "threads_lua: thread %d: no result\n", i);
      failures++;
    } else if (strcmp(jobs[i].digest, base.digest) != 0) {
      show_difference(i, base.digest, jobs[i].digest);
      failures++;
    }
    free(jobs[i].error);
    free(jobs[i].digest);
  }
  pthread_barrier_destroy(&start);
  lua_close(main_state);
  printf("threads_lua: %d threads x %d rounds, own lua_State each, %zu-byte results: %s\n",
         NTHREADS, ROUNDS, strlen(base.digest), failures ? "FAIL" : "ok");
  free(base.digest);
  release_gconv(held);
  return failures ? 1 : 0;
}
