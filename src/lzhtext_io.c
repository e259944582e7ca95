/* Binding for the few operating-system calls the command's parallel runner and --resume need and
 * Lua's io library lacks (truncate, bounded line reads, unnamed temporary files, waiting on
 * several pipes at once, tying workers to their parent). Linux; not part of the public API. */
#define _GNU_SOURCE /* O_TMPFILE, PR_SET_PDEATHSIG */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "lzhtext.h"

static int fail(lua_State *L, const char *what) {
  int e = errno;
  lua_pushnil(L);
  if (what) lua_pushfstring(L, "%s: %s", what, strerror(e));
  else lua_pushstring(L, strerror(e));
  lua_pushinteger(L, e);
  return 3;
}

static FILE *check_file(lua_State *L, int idx) {
#if LUA_VERSION_NUM >= 503
  luaL_Stream *p = (luaL_Stream *)luaL_checkudata(L, idx, LUA_FILEHANDLE);
  if (p->closef == NULL || p->f == NULL) luaL_argerror(L, idx, "attempt to use a closed file");
  return p->f;
#else
  /* 5.1 (FILE **) and LuaJIT (a struct whose first member is the FILE *) */
  FILE **pf = (FILE **)luaL_checkudata(L, idx, LUA_FILEHANDLE);
  if (*pf == NULL) luaL_argerror(L, idx, "attempt to use a closed file");
  return *pf;
#endif
}

/* truncate(path, size) -> true | nil, message: cuts a file to size bytes in place, so that
 * dropping a torn last line never rewrites (and never risks) the lines before it. */
static int l_truncate(lua_State *L) {
  const char *path = luaL_checkstring(L, 1);
  lua_Integer size = luaL_checkinteger(L, 2);
  if (size < 0) return luaL_argerror(L, 2, "size must not be negative");
  if (truncate(path, (off_t)size) != 0) return fail(L, path);
  lua_pushboolean(L, 1);
  return 1;
}

/* readline(file, max) -> line, consumed | false, consumed | nil at the end.
 * Reads one line (without its "\n") of at most max bytes; a longer line is consumed to its end
 * without being kept (false), so one huge line costs no memory. consumed counts the bytes read,
 * newline included, which lets a caller stop at a byte offset. */
static int l_readline(lua_State *L) {
  FILE *f = check_file(L, 1);
  lua_Integer max = luaL_checkinteger(L, 2);
  luaL_Buffer b;
  lua_Integer n = 0;
  int c = EOF, toolong = 0;
  luaL_buffinit(L, &b);
  flockfile(f);
  while ((c = getc_unlocked(f)) != EOF) {
    n++;
    if (c == '\n') break;
    if (toolong) continue;
    if (n > max) {
      toolong = 1;
      continue;
    }
    luaL_addchar(&b, (char)c);
  }
  funlockfile(f);
  if (c == EOF && ferror(f)) return fail(L, NULL);
  if (n == 0) {
    lua_pushnil(L);
    return 1;
  }
  luaL_pushresult(&b);
  if (toolong) {
    lua_pop(L, 1);
    lua_pushboolean(L, 0);
  }
  lua_pushinteger(L, n);
  return 2;
}

#if LUA_VERSION_NUM >= 503
static int close_stream(lua_State *L) {
  luaL_Stream *p = (luaL_Stream *)luaL_checkudata(L, 1, LUA_FILEHANDLE);
  int r = fclose(p->f);
  return luaL_fileresult(L, r == 0, NULL);
}
#endif

/* tmpfile(dir) -> file | nil, message: a read/write file in dir that has no name, so no exit
 * path (a kill included) can leave it behind. Unlike io.tmpfile it honours dir ($TMPDIR). */
static int l_tmpfile(lua_State *L) {
  const char *dir = luaL_checkstring(L, 1);
#if LUA_VERSION_NUM >= 503
  luaL_Stream *p;
  int fd = -1;
#ifdef O_TMPFILE
  fd = open(dir, O_TMPFILE | O_RDWR, 0600);
#endif
  if (fd < 0) {
    /* a file system without O_TMPFILE: a named file, unlinked at once */
    size_t n = strlen(dir);
    char *name = (char *)malloc(n + 16);
    if (!name) return luaL_error(L, "not enough memory");
    memcpy(name, dir, n);
    memcpy(name + n, "/zhtext.XXXXXX", 15);
    fd = mkstemp(name);
    if (fd >= 0) unlink(name);
    free(name);
    if (fd < 0) return fail(L, dir);
  }
  p = (luaL_Stream *)lua_newuserdatauv(L, sizeof(luaL_Stream), 0);
  p->closef = NULL;
  p->f = NULL;
  luaL_setmetatable(L, LUA_FILEHANDLE);
  p->f = fdopen(fd, "w+b");
  if (!p->f) {
    close(fd);
    return fail(L, dir);
  }
  p->closef = close_stream;
  return 1;
#else
  /* 5.1 and LuaJIT build their file handles privately (LuaJIT's io accepts no other): the
   * runtime's io.tmpfile, in the C library's temporary directory (docs/runtimes.md) */
  (void)dir;
  lua_getglobal(L, "io");
  lua_getfield(L, -1, "tmpfile");
  lua_call(L, 0, 2);
  return 2;
#endif
}

/* stat(path) -> kind, size, id | nil, message: kind "file", "directory" or "other" (symbolic
 * links followed), the size in bytes, id "dev:ino" (to see a directory twice). One call and no
 * table per entry: the parallel runner lists and sizes every input file before it starts. */
static int l_stat(lua_State *L) {
  struct stat st;
  const char *p = luaL_checkstring(L, 1);
  if (stat(p, &st) != 0) return fail(L, NULL);
  lua_pushstring(L, S_ISREG(st.st_mode) ? "file" : S_ISDIR(st.st_mode) ? "directory" : "other");
  lua_pushinteger(L, (lua_Integer)st.st_size);
  lua_pushfstring(L, "%I:%I", (lua_Integer)st.st_dev, (lua_Integer)st.st_ino);
  return 3;
}

/* fileno(file) -> descriptor */
static int l_fileno(lua_State *L) {
  lua_pushinteger(L, fileno(check_file(L, 1)));
  return 1;
}

/* poll({fd, ...}, timeout_ms) -> {ready, ...}: true at each index whose descriptor can be read
 * (data, end of file or error); timeout < 0 waits for ever. */
static int l_poll(lua_State *L) {
  lua_Integer i, n;
  int timeout = (int)luaL_optinteger(L, 2, -1), r;
  struct pollfd *fds;
  luaL_checktype(L, 1, LUA_TTABLE);
  n = luaL_len(L, 1);
  if (n < 0 || n > 4096) return luaL_argerror(L, 1, "between 0 and 4096 descriptors expected");
  fds = (struct pollfd *)lua_newuserdatauv(L, sizeof(struct pollfd) * (size_t)(n ? n : 1), 0);
  for (i = 0; i < n; i++) {
    lua_geti(L, 1, i + 1);
    fds[i].fd = (int)luaL_checkinteger(L, -1);
    fds[i].events = POLLIN;
    fds[i].revents = 0;
    lua_pop(L, 1);
  }
  do {
    r = poll(fds, (nfds_t)n, timeout);
  } while (r < 0 && errno == EINTR);
  if (r < 0) return fail(L, "poll");
  lua_createtable(L, (int)n, 0);
  for (i = 0; i < n; i++) {
    lua_pushboolean(L, (fds[i].revents & (POLLIN | POLLHUP | POLLERR | POLLNVAL)) != 0);
    lua_rawseti(L, -2, i + 1);
  }
  return 1;
}

/* read(fd, n) -> bytes ("" at end of file) | nil, message: one read(2), unbuffered, for
 * descriptors poll() reported ready, of at most n bytes and no more than the pipe holds
 * (FIONREAD): a large n costs nothing when little is there (no buffer of n bytes each time). */
static int l_read(lua_State *L) {
  int fd = (int)luaL_checkinteger(L, 1);
  lua_Integer want = luaL_optinteger(L, 2, 65536);
  char small[16384];
  char *p = small;
  luaL_Buffer b;
  ssize_t got;
  int avail = 0;
  if (want < 1 || want > (1 << 24)) return luaL_argerror(L, 2, "1 to 16 MB expected");
  if (ioctl(fd, FIONREAD, &avail) == 0 && avail > 0 && (lua_Integer)avail < want) want = avail;
  if (want > (lua_Integer)sizeof small) p = luaL_buffinitsize(L, &b, (size_t)want);
  do {
    got = read(fd, p, (size_t)want);
  } while (got < 0 && errno == EINTR);
  if (got < 0) return fail(L, "read");
  if (p == small) lua_pushlstring(L, small, (size_t)got);
  else luaL_pushresultsize(&b, (size_t)got);
  return 1;
}

/* pdeathsig() -> parent pid: asks the kernel to SIGKILL this process when its parent dies (a
 * worker must not outlive a killed run). The caller compares the pid with the parent it expects,
 * since the parent may have died before the request. */
static int l_pdeathsig(lua_State *L) {
  if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) != 0) return fail(L, "prctl");
  lua_pushinteger(L, (lua_Integer)getppid());
  return 1;
}

static int l_getpid(lua_State *L) {
  lua_pushinteger(L, (lua_Integer)getpid());
  return 1;
}

/* kill(pid, signal) -> true | nil, message */
static int l_kill(lua_State *L) {
  lua_Integer pid = luaL_checkinteger(L, 1);
  int sig = (int)luaL_optinteger(L, 2, SIGTERM);
  if (pid <= 0) return luaL_argerror(L, 1, "a process id expected");
  if (kill((pid_t)pid, sig) != 0) return fail(L, "kill");
  lua_pushboolean(L, 1);
  return 1;
}

#if LUA_VERSION_NUM < 503
/* pclose(file) -> true | nil, "exit" | "signal", code: closes an io.popen handle with the status
 * that 5.2+'s file:close returns; 5.1's and LuaJIT's report none, and the command tells a
 * worker that died from one that ended. The handle is marked closed for the runtime's io. */
static int l_pclose(lua_State *L) {
  FILE **pf = (FILE **)luaL_checkudata(L, 1, LUA_FILEHANDLE);
  int st;
  if (*pf == NULL) return luaL_argerror(L, 1, "attempt to use a closed file");
  st = pclose(*pf);
  *pf = NULL;
  return luaL_execresult(L, st);
}
#endif

/* ncpus() -> n: the CPUs this process may run on (sched_getaffinity: taskset, cgroup cpusets),
 * which is what the default --jobs should use, not the machine's count; at least 1. */
static int l_ncpus(lua_State *L) {
  cpu_set_t set;
  long n = 0;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) == 0) n = CPU_COUNT(&set);
  if (n < 1) n = sysconf(_SC_NPROCESSORS_ONLN);
  lua_pushinteger(L, n < 1 ? 1 : (lua_Integer)n);
  return 1;
}

/* Reads exactly n bytes at off of fd into p; 0, or -1 with errno (EIO for a file cut short). */
static int pread_all(int fd, char *p, size_t n, off_t off) {
  while (n > 0) {
    ssize_t got = pread(fd, p, n, off);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) return -1;
    if (got == 0) {
      errno = EIO;
      return -1;
    }
    p += got;
    n -= (size_t)got;
    off += got;
  }
  return 0;
}

/* copy(fd, offset, n, file) -> true | nil, message: copies n bytes at offset of fd (a worker's
 * output file) into file's buffer, so that the parallel runner passes records on from the
 * workers to the output without making them Lua strings. Every read and write is checked. */
static int l_copy(lua_State *L) {
  int fd = (int)luaL_checkinteger(L, 1);
  lua_Integer off = luaL_checkinteger(L, 2), n = luaL_checkinteger(L, 3);
  FILE *out = check_file(L, 4);
  char buf[65536];
  if (off < 0 || n < 0) return luaL_argerror(L, off < 0 ? 2 : 3, "must not be negative");
  while (n > 0) {
    size_t k = n < (lua_Integer)sizeof buf ? (size_t)n : sizeof buf;
    if (pread_all(fd, buf, k, (off_t)off) != 0) return fail(L, "reading a worker's output");
    if (fwrite(buf, 1, k, out) != k) return fail(L, NULL);
    off += (lua_Integer)k;
    n -= (lua_Integer)k;
  }
  lua_pushboolean(L, 1);
  return 1;
}

/* pread(fd, offset, n) -> bytes | nil, message: n bytes at offset (exactly, or an error). */
static int l_pread(lua_State *L) {
  int fd = (int)luaL_checkinteger(L, 1);
  lua_Integer off = luaL_checkinteger(L, 2), n = luaL_checkinteger(L, 3);
  luaL_Buffer b;
  char *p;
  if (off < 0 || n < 0 || n > ((lua_Integer)1 << 40)) return luaL_argerror(L, off < 0 ? 2 : 3, "out of range");
  p = luaL_buffinitsize(L, &b, (size_t)n);
  if (pread_all(fd, p, (size_t)n, (off_t)off) != 0) return fail(L, "reading a worker's output");
  luaL_pushresultsize(&b, (size_t)n);
  return 1;
}

static const luaL_Reg funcs[] = {
  {"ncpus", l_ncpus},
  {"copy", l_copy},
  {"pread", l_pread},
  {"truncate", l_truncate},
  {"readline", l_readline},
  {"tmpfile", l_tmpfile},
  {"fileno", l_fileno},
  {"stat", l_stat},
  {"poll", l_poll},
  {"read", l_read},
  {"pdeathsig", l_pdeathsig},
  {"getpid", l_getpid},
  {"kill", l_kill},
#if LUA_VERSION_NUM < 503
  {"pclose", l_pclose},
#endif
  {NULL, NULL},
};

void lzt_open_json(lua_State *L); /* lzhtext_json.c: json_encode, json_article */
void lzt_open_io(lua_State *L) {
  luaL_newlib(L, funcs);
  lua_setfield(L, -2, "io");
  lzt_open_json(L);
}
