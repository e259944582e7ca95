rockspec_format = "3.0"
package = "zhtext"
version = "0.2.0-1"
source = { url = "git+https://github.com/zhtext/zhtext.git", tag = "v0.2.0" }
description = {
  summary = "Clean, segment and structure scraped Chinese articles, fast (C core, Lua API)",
  detailed = [[
zhtext turns raw scraped Chinese pages into clean, structured, segmented records: Unicode and
punctuation cleaning, GBK/Big5 decoding, traditional/simplified conversion, jieba-compatible
dictionary segmentation, neural (lac_small) segmentation and named entities, article metadata
and boilerplate removal, near-duplicate detection, a Lua pipeline API and the `zhtext` command.

Building needs, besides a C compiler, make and the C libraries below: python3 (it generates the
HTML entity table) and jieba's data (Debian: apt-get install python3-jieba; elsewhere set
ZHTEXT_JIEBA_DIR to a jieba package directory), from which the dictionary and the lac_small
model are converted at build time. NO_DATA=1 builds without them (no segmentation, no accurate
mode). Nothing but Lua and the C libraries is needed at run time; lua-term is optional (it
turns the progress bar off when stderr is not a terminal).]],
  homepage = "https://github.com/zhtext/zhtext",
  issues_url = "https://github.com/zhtext/zhtext/issues",
  license = "MIT",
  labels = { "chinese", "nlp", "unicode", "segmentation", "text" },
}
dependencies = { "lua >= 5.1, < 5.5", "lua-cjson", "argparse", "luafilesystem" }
external_dependencies = {
  UTF8PROC = { header = "utf8proc.h", library = "utf8proc" },
  PCRE2 = { header = "pcre2.h", library = "pcre2-8" },
  UCHARDET = { header = "uchardet/uchardet.h", library = "uchardet" },
  OPENCC = { header = "opencc/opencc.h", library = "opencc" },
  LIBXML2 = { header = "libxml2/libxml/HTMLparser.h", library = "xml2" },
}
-- The same variables for `make` and `make install`: the Makefile keys its build tree by the Lua
-- headers in LUA_CFLAGS, so the install step must see the headers the build used.
local make_variables = {
  CFLAGS = "$(CFLAGS)",
  LIBFLAG = "$(LIBFLAG)",
  LUA = "$(LUA)",
  LUA_CFLAGS = "-I$(LUA_INCDIR)",
  DEP_CFLAGS = "-I$(UTF8PROC_INCDIR) -I$(PCRE2_INCDIR) -I$(UCHARDET_INCDIR)/uchardet"
    .. " -I$(OPENCC_INCDIR)/opencc -I$(LIBXML2_INCDIR)/libxml2",
  DEP_LIBS = "-L$(UTF8PROC_LIBDIR) -L$(PCRE2_LIBDIR) -L$(UCHARDET_LIBDIR) -L$(OPENCC_LIBDIR)"
    .. " -L$(LIBXML2_LIBDIR) -lutf8proc -lpcre2-8 -luchardet -lopencc -lxml2 -lm",
}
local install_variables = {
  LUADIR = "$(LUADIR)",
  LIBDIR = "$(LIBDIR)",
  BINDIR = "$(BINDIR)",
  CFLAGS = make_variables.CFLAGS,
  LIBFLAG = make_variables.LIBFLAG,
  LUA = make_variables.LUA,
  LUA_CFLAGS = make_variables.LUA_CFLAGS,
  DEP_CFLAGS = make_variables.DEP_CFLAGS,
  DEP_LIBS = make_variables.DEP_LIBS,
}
build = {
  type = "make",
  build_target = "all",
  build_variables = make_variables,
  install_variables = install_variables,
  copy_directories = { "examples", "docs" },
}
-- `make test-only` builds what is missing and runs the suite; it never installs packages.
test = { type = "command", command = "make test-only" }
