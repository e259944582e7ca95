/* Status codes shared by the C core. Functions return ZT_OK (0) or one of these. */
#ifndef ZT_ERROR_H
#define ZT_ERROR_H

enum {
  ZT_OK = 0,
  ZT_ENOMEM,     /* an allocation failed */
  ZT_EUTF8,      /* invalid UTF-8 where the caller asked for an error */
  ZT_EINVAL,     /* a bad argument (unknown name, out-of-range value) */
  ZT_EIO,        /* a file could not be read or written */
  ZT_EFORMAT,    /* a data file is malformed */
  ZT_EDECODE     /* bytes that the chosen encoding cannot decode */
};

const char *zt_strerror(int code);

#endif
