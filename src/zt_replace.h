/* zt_replace: writing a data file so that no reader ever sees it half-written.
 *
 * Data files (seg.ztd, lac.bin) are mapped or read by running processes. Writing one in place
 * truncates it under them (a mapped file then kills the process with SIGBUS) and lets a process
 * starting meanwhile read a partial file. zt_replace_file writes a temporary file in the same
 * directory, syncs it, lets the caller verify it, and only then renames it over the old one: a
 * process keeps the file it opened, a new one opens either the old file or the new, whole one.
 */
#ifndef ZT_REPLACE_H
#define ZT_REPLACE_H

#include <stddef.h>

/* Checks the file written at tmp_path before it replaces the target; returns ZT_OK or a code
 * and a message in err. */
typedef int (*zt_replace_check)(const char *tmp_path, void *ctx, char *err, size_t errlen);

/* Writes data[0..len) to path through a temporary file in the same directory (mode 0644),
 * fsync'ed, checked by check (may be NULL) and renamed over path. On failure the target is
 * untouched, the temporary file removed, and err names the file and the OS reason. */
int zt_replace_file(const char *path, const void *data, size_t len, zt_replace_check check, void *ctx,
                    char *err, size_t errlen);

#endif
