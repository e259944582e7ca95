/* zt_replace: temporary file + fsync + check + rename. See zt_replace.h. */
#include "zt_replace.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "zt_error.h"

static int fail(char *err, size_t errlen, const char *what, const char *path, int e) {
  if (err && errlen) snprintf(err, errlen, "%s: %s: %s", path, what, strerror(e));
  return ZT_EIO;
}

/* Makes the rename durable. Some file systems cannot sync a directory (EINVAL): nothing to do. */
static int sync_dir(const char *path, char *err, size_t errlen) {
  char dir[4096];
  const char *slash = strrchr(path, '/');
  size_t n = slash ? (size_t)(slash - path) : 0;
  int fd, rc = ZT_OK;
  if (n >= sizeof dir) return ZT_OK;
  if (slash && n == 0) n = 1; /* "/file" */
  if (n) memcpy(dir, path, n);
  else dir[n++] = '.';
  dir[n] = '\0';
  fd = open(dir, O_RDONLY);
  if (fd < 0) return ZT_OK; /* searchable but unreadable directory: the rename itself is done */
  if (fsync(fd) != 0 && errno != EINVAL && errno != EROFS) rc = fail(err, errlen, "fsync of directory", dir, errno);
  close(fd);
  return rc;
}

static int write_all(int fd, const unsigned char *p, size_t n) {
  while (n) {
    ssize_t w = write(fd, p, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      return -1;
    }
    p += w;
    n -= (size_t)w;
  }
  return 0;
}

int zt_replace_file(const char *path, const void *data, size_t len, zt_replace_check check, void *ctx,
                    char *err, size_t errlen) {
  char tmp[4096];
  int fd, rc, e;
  if ((size_t)snprintf(tmp, sizeof tmp, "%s.tmpXXXXXX", path) >= sizeof tmp) {
    if (err && errlen) snprintf(err, errlen, "%.200s...: path too long", path);
    return ZT_EINVAL;
  }
  if ((fd = mkstemp(tmp)) < 0) return fail(err, errlen, "cannot create a temporary file beside it", path, errno);
  if (fchmod(fd, 0644) != 0 || write_all(fd, (const unsigned char *)data, len) != 0 || fsync(fd) != 0) {
    e = errno;
    close(fd);
    unlink(tmp);
    return fail(err, errlen, "write failed", tmp, e);
  }
  if (close(fd) != 0) {
    e = errno;
    unlink(tmp);
    return fail(err, errlen, "write failed", tmp, e);
  }
  if (check && (rc = check(tmp, ctx, err, errlen)) != ZT_OK) {
    unlink(tmp);
    return rc;
  }
  if (rename(tmp, path) != 0) {
    e = errno;
    unlink(tmp);
    return fail(err, errlen, "cannot rename the temporary file over it", path, e);
  }
  return sync_dir(path, err, errlen);
}
