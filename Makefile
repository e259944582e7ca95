# zhtext — build, test, check and benchmark.
#
#   make run        install missing Debian packages, build, run the main job on examples/
#   make test       install missing Debian packages, build, run every test (README's test command)
#   make test-only  build what is missing and run every test, never calling apt-get (`luarocks test`)
#   make doc        the API reference (LDoc) into doc/
#   make NO_DATA=1  build without the dictionary and model (python3-jieba absent): no cut, no accurate
#   make check      function/file length limits (tools/check_lengths.lua), luacheck, cppcheck
#   make sanitize   the whole test suite against an ASan+UBSan build
#   make valgrind   the whole test suite under valgrind
#   make fuzz       libFuzzer runs over every C entry point and the Lua binding (FUZZ_SECONDS each)
#   make linearity  1 MB vs 8 MB adversarial inputs through every entry point (LARGE=1: 100 MB)
#   make bench      benchmarks, each next to a peer in the same run
#   make eval-articles  per-field counts of zt.article.parse over the golden corpus (tests/fixtures/articles)
#   make eval-distributed  dedupe as map/shuffle/reduce on a local Dask cluster = one process (~10 s)
#   make bench-memory      1 GB of JSON Lines through run --parse --segment -j1 -: peak RSS (minutes)
#   make bench-large  the simhash index benchmark up to 10M fingerprints (a few minutes)
#   make test-openresty  nginx + lua module (LuaJIT) serving /seg and /parse, checked with curl
#
# LuaRocks (build.type = "make") passes CFLAGS, LUA_CFLAGS, DEP_CFLAGS, DEP_LIBS, LIBFLAG and the
# install directories on the command line; project flags live in ALL_CFLAGS so they survive that.

LUA        ?= lua5.4
# The runtime's headers come from pkg-config under the interpreter's name (lua5.1, lua5.3, lua5.4,
# luajit); `make LUA=luajit` therefore builds against LuaJIT's headers (docs/runtimes.md).
LUA_PC     := $(if $(filter luajit%,$(notdir $(LUA))),luajit,$(notdir $(LUA)))
PYTHON     ?= $(shell test -x /usr/bin/python3 && echo /usr/bin/python3 || echo python3)
PKGS       := libutf8proc libpcre2-8 uchardet opencc libxml-2.0 json-c
LUA_CFLAGS ?= $(shell pkg-config --cflags $(LUA_PC) 2>/dev/null)
DEP_CFLAGS ?= $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
DEP_LIBS   ?= $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lm
CFLAGS     ?= -O2 -g
WARN       := -std=c99 -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes
WERROR     ?= -Werror
ALL_CFLAGS  = $(CFLAGS) $(WARN) $(WERROR) -fPIC -D_POSIX_C_SOURCE=200809L \
              -DPCRE2_CODE_UNIT_WIDTH=8 -Isrc -Ibuild/gen $(LUA_CFLAGS) $(COMPAT53_CFLAGS) $(DEP_CFLAGS)
LIBFLAG    ?= -shared

# One build tree per Lua version, so a module built for one Lua is never installed for another.
# The version is read from the lua.h that LUA_CFLAGS points at (what LuaRocks passes for
# --lua-version), not from the interpreter; LuaJIT (a 5.1 lua.h next to a luajit.h) is told
# apart from Lua 5.1. Lua 5.4 builds in build/ (what tests/, tools and bench scripts use),
# LuaJIT in build-luajit/, any other version in build-lua<version>/.
LUA_PROBE  := $(shell printf '\043include <lua.h>\nLUA_VERSION_NUM\n\043if defined(__has_include)\n\043if __has_include(<luajit.h>)\nluajit\n\043endif\n\043endif\n' | \
                     $(CC) -E -P $(LUA_CFLAGS) - 2>/dev/null | tail -n 2)
LUA_VERSION_NUM := $(firstword $(filter 5%,$(LUA_PROBE)))
LUA_JIT    := $(filter luajit,$(LUA_PROBE))
LUA_V      := $(shell echo '$(LUA_VERSION_NUM)' | awk '/^[0-9]+$$/ { printf "%d.%d", $$1 / 100, $$1 % 100 }')
# Versions the binding builds for; the others stop with a message instead of a broken module.
SUPPORTED_LUA := 5.1 5.3 5.4
B          ?= $(if $(LUA_JIT),build-luajit,$(if $(filter-out 5.4,$(LUA_V)),build-lua$(LUA_V),build))
# 5.1 and LuaJIT: compat-5.3's header and source (Debian: lua-compat53-dev), searched after the
# runtime's own include directory so that its lua.h is the one used.
COMPAT53_DIR ?= $(firstword $(wildcard /usr/include/lua5.1/compat-5.3.h /usr/local/include/compat-5.3.h))
COMPAT53_CFLAGS := $(if $(filter 5.1,$(LUA_V)),$(if $(COMPAT53_DIR),-idirafter $(dir $(COMPAT53_DIR))))
# The pure C core (no lua.h): every src/zt_*.c. The binding: every src/lzhtext*.c.
CORE_SRC   := $(sort $(wildcard src/zt_*.c))
BIND_SRC   := $(sort $(wildcard src/lzhtext*.c))
CORE_OBJ   := $(CORE_SRC:src/%.c=$(B)/obj/%.o)
BIND_OBJ   := $(BIND_SRC:src/%.c=$(B)/obj/%.o)
HEADERS    := $(wildcard src/*.h src/*.def) build/gen/zt_entities_table.h
SO         := $(B)/zhtext/core.so
LIBCORE    := $(B)/libzhtext.a

# Data files built from Debian packages and installed beside the Lua modules; features append.
DATA       :=

# Lua 5.4 always finds build/ (tests/, tools and benchmarks run lua5.4); the runtime being built
# finds its own tree through its own variables (5.1 and LuaJIT read LUA_PATH and LUA_CPATH).
export LUA_PATH_5_4  := $(CURDIR)/lua/?.lua;$(CURDIR)/lua/?/init.lua;;
export LUA_CPATH_5_4 := $(CURDIR)/$(if $(filter 5.4,$(LUA_V)),$(B),build)/?.so;;
LUA_ENV    := $(if $(filter 5.1,$(LUA_V)),,_$(subst .,_,$(LUA_V)))
ifneq ($(LUA_V),5.4)
ifneq ($(LUA_V),)
export LUA_PATH$(LUA_ENV)  := $(CURDIR)/lua/?.lua;$(CURDIR)/lua/?/init.lua;;
export LUA_CPATH$(LUA_ENV) := $(CURDIR)/$(B)/?.so;;
endif
endif
# the interpreter the specs start for commands and scripts (tests/support/util.lua)
export ZHTEXT_TEST_LUA := $(LUA)
export ZHTEXT_DATA_DIR ?= $(CURDIR)/$(B)/zhtext

.PHONY: all deps run test test-only check sanitize valgrind fuzz fuzz-build fuzz-run fuzz-replay linearity bench install clean data ctests
.PHONY: lua-check data-check doc eval-articles test-openresty
all: lua-check data-check $(SO) $(LIBCORE) data

lua-check:
	@if [ -z "$(LUA_V)" ]; then \
	  echo "zhtext: no lua.h found with LUA_CFLAGS='$(LUA_CFLAGS)': apt-get install liblua5.4-dev, or set LUA_CFLAGS=-I<dir of lua.h>" >&2; exit 1; fi
	@case " $(SUPPORTED_LUA) " in *" $(LUA_V) "*) ;; *) \
	  echo "zhtext: cannot build for Lua $(LUA_V) (headers from LUA_CFLAGS='$(LUA_CFLAGS)'): this version builds for Lua $(SUPPORTED_LUA) and LuaJIT 2.1" >&2; exit 1;; esac
	@if [ "$(LUA_V)" = 5.1 ] && [ -z "$(COMPAT53_CFLAGS)" ]; then \
	  echo "zhtext: building for Lua 5.1/LuaJIT needs compat-5.3's compat-5.3.h: apt-get install lua-compat53-dev, or set COMPAT53_DIR=<path of compat-5.3.h>" >&2; exit 1; fi

deps:
	@sh .ci/deps --runtime $(notdir $(LUA))

# python3 is a build tool: it generates the HTML entity table (no Python at run time).
build/gen/zt_entities_table.h: tools/gen_entities.py
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "zhtext: building needs python3 (tools/gen_entities.py writes the HTML entity table): apt-get install python3, or set PYTHON=" >&2; exit 1; }
	@mkdir -p $(dir $@)
	$(PYTHON) tools/gen_entities.py > $@.tmp && mv $@.tmp $@

$(B)/obj/%.o: src/%.c $(HEADERS) | lua-check
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(SO): $(CORE_OBJ) $(BIND_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(LIBFLAG) -o $@ $^ $(LDFLAGS) $(DEP_LIBS)

$(LIBCORE): $(CORE_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

# `make test SPEC=tests/clean_spec.lua` runs one spec file; B=build-x keeps a separate build tree.
SPEC ?=

# C unit tests and tools: tests/c/*.c, each linked against the core alone (no Lua).
CTESTS := $(patsubst tests/c/%.c,$(B)/tests/%,$(wildcard tests/c/*.c))
$(B)/tests/test_simhash: tests/fuzz/simhash_ref.h
$(B)/tests/%: tests/c/%.c $(LIBCORE) tests/c/ctest.h
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $< -o $@ $(LIBCORE) $(LDFLAGS) $(DEP_LIBS)
ctests: $(CTESTS)

data: $(DATA)

# ---- segmentation data (issue 3) ----
# jieba's dict.txt, HMM tables and idf (Debian's python3-jieba) compiled by the core's own
# zt_dict_build into one mmap-able file. zt_segtool also serves tests/eval and tests/bench.
# ZHTEXT_JIEBA_DIR (environment, e.g. for `luarocks make`) or JIEBA_DIR points at another copy.
JIEBA_DIR ?= $(or $(ZHTEXT_JIEBA_DIR),/usr/lib/python3/dist-packages/jieba)
# Without jieba's data the rock would install and then fail at its first cut: stop instead,
# unless NO_DATA=1 asks for a build without the dictionary and model.
NO_DATA   ?=
data-check:
	@if [ -z "$(NO_DATA)" ] && [ ! -f "$(JIEBA_DIR)/dict.txt" -o ! -f "$(LAC_DIR)/word.dic" ]; then \
	  echo "zhtext: jieba's data not found ($(JIEBA_DIR)/dict.txt, $(LAC_DIR)/word.dic): the dictionary and the model are built from it." >&2; \
	  echo "zhtext: install it (apt-get install python3-jieba), point JIEBA_DIR= or ZHTEXT_JIEBA_DIR= at a jieba package directory," >&2; \
	  echo "zhtext: or build without data: make NO_DATA=1 (NO_DATA=1 luarocks make ...)" >&2; exit 1; fi
SEGTOOL   := $(B)/tools/zt_segtool
SEGDICT   := $(B)/zhtext/seg.ztd
$(SEGTOOL): tools/zt_segtool.c $(LIBCORE)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $< -o $@ $(LIBCORE) $(LDFLAGS) $(DEP_LIBS)
# rebuilt when the format's code or jieba's data changes, not on every core change
$(SEGDICT): src/zt_dict.c src/zt_dict.h $(wildcard $(JIEBA_DIR)/dict.txt) | $(SEGTOOL)
	@mkdir -p $(dir $@)
	$(SEGTOOL) build $(JIEBA_DIR) $@
ifeq ($(NO_DATA)$(if $(wildcard $(JIEBA_DIR)/dict.txt),,none),)
DATA      += $(SEGDICT)
data: $(SEGDICT)
endif
# ---- accurate mode data (issue 5) ----
# lac.bin: the lac_small model (fp32) converted from Debian's python3-jieba by the library itself.
LAC_DIR ?= $(JIEBA_DIR)/lac_small
ifeq ($(NO_DATA)$(if $(wildcard $(LAC_DIR)/word.dic),,none),)
DATA += $(B)/zhtext/lac.bin
data: $(B)/zhtext/lac.bin
endif
LACTOOL := $(B)/tools/zt_lac_convert
$(LACTOOL): tools/zt_lac_convert.c $(LIBCORE)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $< -o $@ $(LIBCORE) $(LDFLAGS) $(DEP_LIBS)
$(B)/zhtext/lac.bin: $(LACTOOL)
	@mkdir -p $(dir $@)
	$(LACTOOL) $(LAC_DIR) $@

run: deps
	@$(MAKE) --no-print-directory -s all
	@$(LUA) examples/run.lua examples/article.txt

test: deps
	@$(MAKE) --no-print-directory test-only

# Below 5.4 the specs run through tests/support/runtime.lua (globals and syntax the specs use);
# below 5.3 the specs whose code needs 64-bit integers and their operators are left out
# (docs/runtimes.md says why and what covers them there).
SPECS_NEED_53 := tests/simhash_spec.lua tests/shuffle_spec.lua
TEST_SPECS := $(or $(SPEC),$(if $(filter 5.1,$(LUA_V)),$(filter-out $(SPECS_NEED_53),$(sort $(wildcard tests/*_spec.lua)))))
BUSTED_HELPER := $(if $(filter 5.4,$(LUA_V)),,--helper=tests/support/runtime.lua)

# What `luarocks test` runs: no package installation, only the build and the suite.
test-only:
	@$(MAKE) --no-print-directory all ctests
	@ZHTEXT_CTEST_DIR=$(CURDIR)/$(B)/tests $(LUA) /usr/bin/busted --ignore-lua $(BUSTED_HELPER) -o tests/support/summary.lua $(TEST_SPECS)

check: deps
	$(LUA) tools/check_lengths.lua
	luacheck -q lua tests examples tools
	cppcheck -q --std=c99 --enable=warning,performance,portability --error-exitcode=1 \
	  --inline-suppr --suppress=missingIncludeSystem --suppress=missingInclude --suppress=variableScope \
	  -DPCRE2_CODE_UNIT_WIDTH=8 src/

ASAN_FLAGS := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined
sanitize: deps
	@$(MAKE) --no-print-directory all
	@$(MAKE) --no-print-directory B=build-asan CFLAGS="$(ASAN_FLAGS)" LDFLAGS="$(ASAN_FLAGS)" \
	  build-asan/zhtext/core.so ctests
	LD_PRELOAD="$$(gcc -print-file-name=libasan.so) $(CURDIR)/build-asan/zhtext/core.so" \
	ASAN_OPTIONS=detect_leaks=1:fast_unwind_on_malloc=0 \
	LUA_CPATH_5_4="$(CURDIR)/build-asan/?.so;;" ZHTEXT_CTEST_DIR=$(CURDIR)/build-asan/tests \
	ZHTEXT_DATA_DIR=$(CURDIR)/build/zhtext \
	  $(LUA) /usr/bin/busted --ignore-lua -o tests/support/summary.lua $(SPEC)

valgrind: all ctests
	ZHTEXT_CTEST_DIR=$(CURDIR)/$(B)/tests ZHTEXT_UNDER_VALGRIND=1 \
	valgrind -q --error-exitcode=99 --leak-check=full --keep-debuginfo=yes \
	  --errors-for-leak-kinds=definite,indirect \
	  $(LUA) /usr/bin/busted --ignore-lua -o tests/support/summary.lua $(SPEC)

# tests/c/test_threads (8 threads, each with its own objects) against a ThreadSanitizer build of
# the core in build-tsan/, then tests/tsan/threads_lua (8 threads, each with its own lua_State
# running the real Lua modules over build-tsan/zhtext/core.so); any report fails the target.
# liblua5.4 is not instrumented: each state is used by one thread only, so it needs no suppression.
TSAN_FLAGS := -O1 -g -fno-omit-frame-pointer -fsanitize=thread
TSAN_RUN   := TSAN_OPTIONS="halt_on_error=1 exitcode=66" ZHTEXT_DATA_DIR=$(CURDIR)/build/zhtext
.PHONY: tsan
tsan: deps
	@$(MAKE) --no-print-directory all
	@$(MAKE) --no-print-directory B=build-tsan CFLAGS="$(TSAN_FLAGS)" LDFLAGS="$(TSAN_FLAGS)" \
	  build-tsan/tests/test_threads build-tsan/zhtext/core.so
	@$(MAKE) --no-print-directory build-tsan/tests/threads_lua
	$(TSAN_RUN) build-tsan/tests/test_threads
	$(TSAN_RUN) build-tsan/tests/threads_lua $(CURDIR) $(CURDIR)/build-tsan
build-tsan/tests/threads_lua: tests/tsan/threads_lua.c
	@mkdir -p $(dir $@)
	$(CC) $(TSAN_FLAGS) $(WARN) $(WERROR) -D_POSIX_C_SOURCE=200809L $(LUA_CFLAGS) $< -o $@ \
	  -llua5.4 -lpthread

# ---- fuzzing (issue 9) ----
# Every tests/fuzz/*.c is a libFuzzer harness, linked against the core built once with the
# fuzzer's instrumentation and ASan+UBSan (an archive, so each harness pulls only what it uses);
# fuzz_lua also links the binding and liblua5.4. `make fuzz` runs each for FUZZ_SECONDS (20)
# seconds, FUZZ_JOBS (2) at a time, with the hand-written seeds of tests/fuzz/seeds/<name>/
# (regression inputs included) and a corpus kept in build/fuzz/corpus/<name>/, then prints
# executions per harness; a crash, leak, UB report or timeout fails it and leaves the input in
# build/fuzz/artifacts/. `make fuzz-replay` only reruns the seeds (seconds).
FUZZ_B      := build/fuzz
FUZZ_SAN    := -g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined
FUZZ_CFLAGS := $(FUZZ_SAN) $(WARN) $(WERROR) -D_POSIX_C_SOURCE=200809L -DPCRE2_CODE_UNIT_WIDTH=8 \
               -Isrc -Ibuild/gen $(LUA_CFLAGS) $(DEP_CFLAGS)
FUZZ_LIB    := $(FUZZ_B)/libzhtext-fuzz.a
FUZZ_BIND   := $(BIND_SRC:src/%.c=$(FUZZ_B)/obj/%.o)
FUZZERS     := $(patsubst tests/fuzz/%.c,$(FUZZ_B)/%,$(wildcard tests/fuzz/*.c))
$(FUZZ_B)/obj/%.o: src/%.c $(HEADERS)
	@mkdir -p $(dir $@)
	clang $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c $< -o $@
$(FUZZ_LIB): $(CORE_SRC:src/%.c=$(FUZZ_B)/obj/%.o)
	@rm -f $@
	$(AR) rcs $@ $^
$(FUZZ_B)/fuzz_lua: tests/fuzz/fuzz_lua.c $(FUZZ_BIND) $(FUZZ_LIB)
	clang $(FUZZ_CFLAGS) -fsanitize=fuzzer -DFUZZ_ROOT='"$(CURDIR)"' $< $(FUZZ_BIND) $(FUZZ_LIB) \
	  -o $@ -llua5.4 $(DEP_LIBS)
$(FUZZ_B)/fuzz_simhash: tests/fuzz/simhash_ref.h
$(FUZZ_B)/%: tests/fuzz/%.c tests/fuzz/fuzz_data.h $(FUZZ_LIB)
	clang $(FUZZ_CFLAGS) -fsanitize=fuzzer $< $(FUZZ_LIB) -o $@ $(DEP_LIBS)
fuzz: build/gen/zt_entities_table.h
	@sh .ci/deps clang libclang-rt-14-dev
	@$(MAKE) --no-print-directory all
	@$(MAKE) --no-print-directory fuzz-run
fuzz-build: build/gen/zt_entities_table.h $(FUZZERS)
fuzz-run: fuzz-build
	@sh tests/fuzz/run.sh $(FUZZERS)
fuzz-replay: fuzz-build
	@FUZZ_REPLAY=1 sh tests/fuzz/run.sh $(FUZZERS)

# ---- linear time on large adversarial inputs (issue 9) ----
# 1 MB and 8 MB of each shape through each entry point; fails when 8 MB takes more than 16x
# the time of 1 MB (linear is 8, quadratic 64). LARGE=1 adds a 100 MB pass.
linearity: all
	@$(LUA) tests/linearity/linearity.lua $(if $(LARGE),--large)

# The golden corpus scored field by field (tests/eval/eval_articles.lua); always exits 0, the
# asserting twin is tests/articles_golden_spec.lua.
eval-articles: all
	@$(LUA) tests/eval/eval_articles.lua

# ---- OpenResty / nginx (issue 13) ----
# Debian's nginx and lua module (linked with luajit2, OpenResty's LuaJIT) serve /seg and /parse
# from examples/openresty over the LuaJIT build (build-luajit/); tests/openresty/run.sh starts
# nginx on a free loopback port under a temporary prefix, checks the answers with curl, stops it.
OPENRESTY_PKGS := nginx libnginx-mod-http-lua curl
test-openresty:
	@sh .ci/deps --runtime luajit $(OPENRESTY_PKGS)
	@$(MAKE) --no-print-directory LUA=luajit all
	@sh tests/openresty/run.sh build-luajit

# `make bench LUA=luajit` (or lua5.1, lua5.3): builds that runtime's tree next to build/ and runs
# only tests/bench/bench_runtimes.sh, the same zt.cut and zt.article.parse work under Lua 5.4
# and that runtime (about 15 s); the other benchmarks are Lua 5.4's.
bench:
	@sh .ci/deps python3-numpy
	@$(MAKE) --no-print-directory CFLAGS="-O2 -g" all
ifeq ($(LUA_V)$(LUA_JIT),5.4)
	@for b in tests/bench/bench_*.sh; do sh $$b || exit 1; done
else
	@$(MAKE) --no-print-directory CFLAGS="-O2 -g" LUA=lua5.4 all
	@BENCH_LUA=$(LUA) sh tests/bench/bench_runtimes.sh
endif

# ---- distributed dedupe and streaming memory (issue 12) ----
# tests/eval/dask_dedupe.py: a corpus with planted near duplicates deduplicated as fingerprint ->
# shuffle by band key -> dedupe-merge -> --resolve on a Dask LocalCluster (2 workers on
# 127.0.0.1), compared with `zhtext run --dedupe -j1`; exits 1 when they differ (docs/distributed.md).
.PHONY: eval-distributed bench-memory
eval-distributed:
	@sh .ci/deps python3-distributed
	@$(MAKE) --no-print-directory all
	@$(PYTHON) tests/eval/dask_dedupe.py
# BENCH_MEMORY_MB (1024) of generated JSON Lines piped through `run --parse --segment -j1 -`; fails
# above BENCH_MEMORY_LIMIT_MB (100) of peak RSS.
bench-memory:
	@$(MAKE) --no-print-directory all
	@sh tests/bench/memory.sh

# bench-large: the simhash index benchmark (tests/bench/bench_simhash.sh) with 10M fingerprints
# too, next to the cc06a81 build (1-4 minutes on the 2-core machine by its load; 1.2 GB of memory).
.PHONY: bench-large
bench-large:
	@$(MAKE) --no-print-directory CFLAGS="-O2 -g" all
	@BENCH_SIMHASH_LARGE=1 sh tests/bench/bench_simhash.sh

# The API reference from the doc comments (config.ld: lua/zhtext/*.lua and the stubs for C
# functions in docs/api/); Debian's lua-ldoc is installed when missing.
doc:
	@command -v ldoc >/dev/null 2>&1 || sh .ci/deps lua-ldoc
	@rm -rf doc
	ldoc .

# `luarocks make` (build.type = "make") calls `make install` with these set.
LUADIR ?= $(CURDIR)/.rocks/share/lua/5.4
LIBDIR ?= $(CURDIR)/.rocks/lib/lua/5.4
BINDIR ?= $(CURDIR)/.rocks/bin
# Data files are copied to a temporary name in the target directory, verified there (header,
# size, full checksum) and renamed over the old file: a process that has the old file mapped
# keeps it (writing in place truncates a mapped file and kills its readers with SIGBUS), no
# process opens a half-written file, and a damaged build never replaces a good install.
# library/: LuaLS type stubs (---@meta) for editors; point Lua.workspace.library at the
# installed $(LUADIR)/zhtext/library.
# The installed command's first line names the interpreter it was built for.
ZHTEXT_SHEBANG := $(if $(filter /%,$(LUA)),$(LUA),/usr/bin/env $(LUA))
install: all $(SEGTOOL) $(LACTOOL)
	install -d $(LIBDIR)/zhtext $(LUADIR)/zhtext $(LUADIR)/zhtext/library
	install -m 0755 $(SO) $(LIBDIR)/zhtext/core.so
	install -m 0644 lua/zhtext/*.lua $(LUADIR)/zhtext/
	install -m 0644 library/*.lua $(LUADIR)/zhtext/library/
	install -m 0644 LICENSE NOTICE $(LUADIR)/zhtext/
	@set -e; for f in $(DATA); do \
	  n=$$(basename "$$f"); t="$(LUADIR)/zhtext/.$$n.tmp$$$$"; trap 'rm -f "$$t"' EXIT; \
	  echo "install $$f -> $(LUADIR)/zhtext/$$n (through a verified temporary copy)"; \
	  install -m 0644 "$$f" "$$t"; \
	  case "$$n" in \
	    *.ztd) $(SEGTOOL) verify "$$t" >/dev/null ;; \
	    lac.bin) $(LACTOOL) --verify "$$t" >/dev/null ;; \
	  esac || { echo "make install: $$f failed verification; the installed copy is unchanged" >&2; exit 1; }; \
	  sync "$$t"; mv -f "$$t" "$(LUADIR)/zhtext/$$n"; \
	done
	$(if $(wildcard bin/zhtext),install -d $(BINDIR) && sed '1s|^#!.*|#!$(ZHTEXT_SHEBANG)|' bin/zhtext > $(B)/zhtext.cmd \
	  && install -m 0755 $(B)/zhtext.cmd $(BINDIR)/zhtext)

clean:
	rm -rf build build-asan build-tsan build-lua* zhtext src/*.o doc
