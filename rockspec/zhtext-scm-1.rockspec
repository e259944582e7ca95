rockspec_format = "3.0"
package = "zhtext"
version = "scm-1"
source = { url = "git+https://example.invalid/zhtext.git" }
description = {
  summary = "Clean, segment and structure scraped Chinese articles, fast (C core, Lua API)",
  detailed = [[
zhtext turns raw scraped Chinese pages into clean, structured, segmented records: Unicode and
punctuation cleaning, GBK/Big5 decoding, traditional/simplified conversion, jieba-compatible
dictionary segmentation, article metadata and boilerplate removal, and a Lua pipeline API.]],
  license = "MIT",
  labels = { "chinese", "nlp", "unicode", "segmentation", "text" },
}
dependencies = { "lua >= 5.4, < 5.5", "lua-cjson", "argparse" }
external_dependencies = {
  UTF8PROC = { header = "utf8proc.h", library = "utf8proc" },
  PCRE2 = { header = "pcre2.h", library = "pcre2-8" },
  UCHARDET = { header = "uchardet/uchardet.h", library = "uchardet" },
  OPENCC = { header = "opencc/opencc.h", library = "opencc" },
  LIBXML2 = { header = "libxml2/libxml/HTMLparser.h", library = "xml2" },
}
build = {
  type = "make",
  build_target = "all",
  build_variables = {
    CFLAGS = "$(CFLAGS)",
    LIBFLAG = "$(LIBFLAG)",
    LUA = "$(LUA)",
    LUA_CFLAGS = "-I$(LUA_INCDIR)",
    DEP_CFLAGS = "-I$(UTF8PROC_INCDIR) -I$(PCRE2_INCDIR) -I$(UCHARDET_INCDIR)/uchardet"
      .. " -I$(OPENCC_INCDIR)/opencc -I$(LIBXML2_INCDIR)/libxml2",
    DEP_LIBS = "-L$(UTF8PROC_LIBDIR) -L$(PCRE2_LIBDIR) -L$(UCHARDET_LIBDIR) -L$(OPENCC_LIBDIR)"
      .. " -L$(LIBXML2_LIBDIR) -lutf8proc -lpcre2-8 -luchardet -lopencc -lxml2 -lm",
  },
  install_variables = {
    LUADIR = "$(LUADIR)",
    LIBDIR = "$(LIBDIR)",
    BINDIR = "$(BINDIR)",
  },
  copy_directories = { "examples" },
}
test = { type = "command", command = "make test" }
