#include "zt_error.h"

const char *zt_strerror(int code) {
  switch (code) {
    case ZT_OK: return "ok";
    case ZT_ENOMEM: return "out of memory";
    case ZT_EUTF8: return "invalid UTF-8";
    case ZT_EINVAL: return "invalid argument";
    case ZT_EIO: return "I/O error";
    case ZT_EFORMAT: return "malformed data";
    case ZT_EDECODE: return "undecodable bytes";
    default: return "unknown error";
  }
}
