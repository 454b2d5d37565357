# SPDX-License-Identifier: MIT
# ismsbook — GNU make. `make help` lists the targets.

VERSION  = 0.1.0
PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
MANDIR  ?= $(PREFIX)/share/man
DATADIR ?= $(PREFIX)/share/ismsbook

PKGS     = libcmark-gfm yaml-0.1 lua5.4 libxml-2.0 libmicrohttpd nettle
DEBS     = build-essential pkg-config libcmark-gfm-dev libcmark-gfm-extensions-dev \
           libyaml-dev liblua5.4-dev libxml2-dev libcmocka-dev libmicrohttpd-dev nettle-dev \
           libxml2-utils python3 python3-icalendar nodejs clang libclang-rt-dev \
           valgrind

CC      ?= cc
WARN     = -std=c11 -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
           -Wmissing-prototypes -Wwrite-strings -Wundef -Wformat=2
CFLAGS  ?=
OPT      = -O2 -g
CPPFLAGS += -D_GNU_SOURCE -DIB_VERSION='"$(VERSION)"' \
            -DIB_DATADIR='"$(DATADIR)"' -iquote src

ifeq ($(SANITIZE),1)
BUILD    = build/asan
OPT      = -O1 -g
SAN      = -fsanitize=address,undefined -fno-sanitize-recover=all \
           -fno-omit-frame-pointer
LDFLAGS += $(SAN)
CPPFLAGS += -DIB_ARENA_DEBUG
# Third-party leaks we cannot free, each explained in the file.
export LSAN_OPTIONS = suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0
else ifeq ($(VALGRIND),1)
# The memcheck build (make test VALGRIND=1): no sanitizers, the arena in
# its one-malloc-each mode so memcheck sees every allocation, and every
# run of a program the tests build goes through tests/valgrind.sh.
BUILD    = build/vg
OPT      = -O1 -g
CPPFLAGS += -DIB_ARENA_DEBUG
VG       = $(CURDIR)/tests/valgrind.sh
VG_START = vg-start
export IB_VG_LOGS = $(CURDIR)/$(BUILD)/valgrind
else ifeq ($(FUZZ),1)
# The libFuzzer build (make fuzz): clang, the library instrumented for
# coverage and the sanitizers, the arena in its one-malloc-each mode.
BUILD    = build/fuzz
FUZZ_CC ?= clang
CC       = $(FUZZ_CC)
OPT      = -O1 -g
SAN      = -fsanitize=fuzzer-no-link,address,undefined \
           -fno-sanitize-recover=all -fno-omit-frame-pointer
CPPFLAGS += -DIB_ARENA_DEBUG
else
BUILD    = build
# The program's own code (src/, cmd/): -O3 ran 3 % fewer cycles on the
# benchmark. The tests keep -O2: at -O3 GCC warns falsely about their
# bodies (-Wdangling-pointer through open_memstream, for one).
OPT_SRC  = -O3 -g
endif
OPT_SRC ?= $(OPT)

-include config.mk

PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
TEST_LIBS  := $(shell pkg-config --libs cmocka 2>/dev/null)

SRC   = $(sort $(wildcard src/*.c))
CMD   = $(sort $(wildcard cmd/*.c))
CMDOBJ = $(CMD:cmd/%.c=$(BUILD)/cmd/%.o)
OBJ   = $(SRC:src/%.c=$(BUILD)/obj/%.o)
DATA  = $(sort $(wildcard src/data/*/*.tsv))
I18N  = $(sort $(wildcard themes/default/i18n/*.yaml))
GEN   = $(DATA:src/data/%.tsv=$(BUILD)/gen/%.o) \
        $(I18N:themes/default/i18n/%.yaml=$(BUILD)/gen/theme_default_%.o) \
        $(BUILD)/gen/theme_i18n.o
LIB   = $(BUILD)/libismsbook.a
BIN   = $(BUILD)/ismsbook
UNIT  = $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(sort $(wildcard tests/unit/test_*.c)))
SPEC  = $(BUILD)/tests/mustache_spec

# Fuzz targets tests/fuzz/fuzz_<name>.c, seeds in tests/fuzz/corpus/<name>/,
# crash reproducers in tests/fuzz/regress/<name>/. Each target is built
# twice: with replay.c into $(BUILD)/tests/ for make test (any compiler),
# and with libFuzzer into build/fuzz/ for make fuzz (clang).
FUZZ_NAMES   = $(patsubst tests/fuzz/fuzz_%.c,%,$(sort $(wildcard tests/fuzz/fuzz_*.c)))
FUZZ_REPLAY  = $(FUZZ_NAMES:%=$(BUILD)/tests/fuzz_%)
FUZZ_BINS    = $(FUZZ_NAMES:%=build/fuzz/fuzz_%)
FUZZ_SECONDS ?= 60
FUZZ_RUN     ?= $(FUZZ_NAMES)
FUZZ_FLAGS   ?= -timeout=10 -rss_limit_mb=2048
FUZZ_H       = $(wildcard tests/fuzz/*.h)

ALL_CFLAGS = $(WARN) $(OPT) $(SAN) $(CFLAGS) $(PKG_CFLAGS)
SRC_CFLAGS = $(WARN) $(OPT_SRC) $(SAN) $(CFLAGS) $(PKG_CFLAGS)
ifeq ($(WERROR),1)
ALL_CFLAGS += -Werror
SRC_CFLAGS += -Werror
endif

.PHONY: all pkgcheck deps setup site test unit spec e2e docs example repro hardening adversarial vg-start check regen install uninstall \
        clean lint format help fuzz fuzz-build fuzz-replay serve-test

all: $(BIN)

# pkg-config prints nothing at all when one of PKGS is missing, and the
# compiler then fails on some header: say which are missing instead.
pkgcheck:
	@missing=$$(for p in $(PKGS); do pkg-config --exists $$p 2>/dev/null || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "make: pkg-config cannot find:" $$missing >&2; \
	  echo "make: run 'make deps' as root to install the packages (DEBS in the Makefile)" >&2; \
	  exit 1; fi

# Objects depend on this file too: its flags make them.
$(BUILD)/obj/%.o: src/%.c Makefile | pkgcheck
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(SRC_CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/cmd/%.o: cmd/%.c Makefile | pkgcheck
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(SRC_CFLAGS) -MMD -MP -c -o $@ $<

# Each data table becomes a byte array named after its path, e.g.
# ib_data_iso27001_2022_annexA_2022, NUL-terminated. od and sed are in every
# Debian (xxd may be missing); an array, not a string literal, because ISO C
# only promises 4095-byte literals and -Wpedantic says so.
define embed
	@mkdir -p $(@D)
	{ echo "/* Generated from $< by make; do not edit. */"; \
	  echo "extern const unsigned char $(1)[];"; \
	  echo "const unsigned char $(1)[] = {"; \
	  od -An -v -tu1 $< | sed 's/[0-9][0-9]*/&,/g'; \
	  echo "0};"; } >$@.tmp && mv $@.tmp $@
endef

$(BUILD)/gen/%.c: src/data/%.tsv
	$(call embed,ib_data_$(subst -,_,$(subst /,_,$*)))

# The default theme's UI strings, built in, one array per language
# (ib_data_theme_default_en, _da...), and ib_i18n_builtin, the table of
# language code to array: they fill in the keys another theme's i18n files
# lack (i18n.c). Sorted by file name, as $(I18N) is.
$(BUILD)/gen/theme_default_%.c: themes/default/i18n/%.yaml
	$(call embed,ib_data_theme_default_$(subst -,_,$*))

I18N_LANGS = $(I18N:themes/default/i18n/%.yaml=%)
$(BUILD)/gen/theme_i18n.c: $(I18N) src/i18n.h Makefile
	@mkdir -p $(@D)
	{ echo "/* Generated from themes/default/i18n/ by make; do not edit. */"; \
	  echo '#include "i18n.h"'; \
	  for l in $(I18N_LANGS); do \
	    echo "extern const unsigned char ib_data_theme_default_$$(echo $$l | tr - _)[];"; \
	  done; \
	  echo "const struct ib_i18n_builtin ib_i18n_builtin[] = {"; \
	  for l in $(I18N_LANGS); do \
	    echo "    {\"$$l\", ib_data_theme_default_$$(echo $$l | tr - _)},"; \
	  done; \
	  echo "    {0, 0},"; \
	  echo "};"; } >$@.tmp && mv $@.tmp $@

$(BUILD)/gen/%.o: $(BUILD)/gen/%.c
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

.PRECIOUS: $(BUILD)/gen/%.c $(BUILD)/gen/theme_default_%.c

$(LIB): $(OBJ) $(GEN)
	@rm -f $@
	$(AR) rcs $@ $^

$(BIN): $(CMDOBJ) $(LIB)
	$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS) -lpthread

$(BUILD)/tests/%: tests/unit/%.c $(LIB)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(LIB) $(PKG_LIBS) $(TEST_LIBS) -lpthread

$(SPEC): tests/spec/mustache_spec.c $(LIB)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(LIB) $(PKG_LIBS) -lpthread

$(BUILD)/tests/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c $(FUZZ_H) $(LIB)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< tests/fuzz/replay.c \
	  $(LIB) $(PKG_LIBS) -lpthread

ifeq ($(FUZZ),1)
$(BUILD)/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_H) $(LIB)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -fsanitize=fuzzer,address,undefined \
	  -o $@ $< $(LIB) $(PKG_LIBS) -lpthread
endif

# Installs the missing Debian packages as root; otherwise prints the command.
deps:
	@missing=$$(for p in $(DEBS); do \
	    dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; \
	  done); \
	if [ -z "$$missing" ]; then echo "deps: all packages present"; \
	elif [ "$$(id -u)" = 0 ]; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	else echo "deps: missing packages; run as root:"; \
	  echo "  apt-get install -y $$missing"; exit 1; fi

# One command for a newcomer: packages, build, and the example site in public/.
setup: deps
	$(MAKE) all
	$(MAKE) site

site: $(BIN)
	$(BIN) build -o public

# With VALGRIND=1, $(VG) runs each program under memcheck; the scripts get
# it as IB_WRAP. $(VG) is empty otherwise.
unit: $(UNIT) | $(VG_START)
	@fail=0; for t in $(UNIT); do $(VG) $$t || fail=1; done; exit $$fail

spec: $(SPEC) | $(VG_START)
	$(VG) $(SPEC) tests/spec/mustache

e2e: $(BIN) | $(VG_START)
	IB_WRAP='$(VG)' tests/e2e/run.sh $(BIN)

docs: $(BIN) | $(VG_START)
	IB_WRAP='$(VG)' tests/check-docs.sh $(BIN)

example: $(BIN) | $(VG_START)
	IB_WRAP='$(VG)' tests/example.sh $(BIN)

# Byte-identical sites across runs, -j, TZ, locales, checkout paths and
# SOURCE_DATE_EPOCH (not under valgrind: it is about output, not memory).
repro: $(BIN)
	tests/repro/run.sh $(BIN)

# Forgets the valgrind logs of an earlier run; test reports the new ones.
vg-start:
	@$(VG) --start

# `ismsbook serve` end to end: a real server on a free port (bash, python3).
serve-test: $(BIN)
	tests/serve/run.sh $(BIN)

# Issue 8: concurrent builds, signals, full disks, pathological Markdown
# (not under valgrind: it times the real binary and kills it).
hardening: $(BIN)
	sh tests/hardening/run.sh $(BIN)

# Issue 8: the adversarial suite, hostile input and output folders
# (tests/adversarial/; one case: tests/adversarial/run.sh BIN group/name).
adversarial: $(BIN) | $(VG_START)
	IB_WRAP='$(VG)' tests/adversarial/run.sh $(BIN)

test: unit spec e2e docs example fuzz-replay serve-test repro hardening adversarial
ifeq ($(VALGRIND),1)
	@$(VG) --report
endif

# Every seed and every crash reproducer through every target, no clang needed.
fuzz-replay: $(FUZZ_REPLAY) | $(VG_START)
	@fail=0; for n in $(FUZZ_NAMES); do \
	  $(VG) $(BUILD)/tests/fuzz_$$n tests/fuzz/corpus/$$n tests/fuzz/regress/$$n \
	    || fail=1; \
	done; exit $$fail

fuzz-build:
	$(MAKE) FUZZ=1 $(FUZZ_BINS)

# Fuzzes each of FUZZ_RUN (default: all) for FUZZ_SECONDS. New inputs go to
# build/fuzz/corpus/<name>/, crashes to build/fuzz/crashes/<name>/, the log
# to build/fuzz/<name>.log; the seeds in tests/ are only read.
fuzz: fuzz-build
	@fail=0; for n in $(FUZZ_RUN); do \
	  mkdir -p build/fuzz/corpus/$$n build/fuzz/crashes/$$n; \
	  dict=; [ -f tests/fuzz/$$n.dict ] && dict=-dict=tests/fuzz/$$n.dict; \
	  reg=; [ -d tests/fuzz/regress/$$n ] && reg=tests/fuzz/regress/$$n; \
	  echo "fuzz: $$n for $(FUZZ_SECONDS) s"; \
	  build/fuzz/fuzz_$$n -max_total_time=$(FUZZ_SECONDS) $(FUZZ_FLAGS) \
	    $$dict -print_final_stats=1 -artifact_prefix=build/fuzz/crashes/$$n/ \
	    build/fuzz/corpus/$$n tests/fuzz/corpus/$$n $$reg \
	    >build/fuzz/$$n.log 2>&1 || { fail=1; tail -n 50 build/fuzz/$$n.log; }; \
	  grep -E '^(stat::number_of_executed_units|Done)' build/fuzz/$$n.log; \
	done; exit $$fail

# Everything CI runs: the plain suite, the suite under ASan+UBSan, then the
# suite under valgrind's memcheck.
check:
	$(MAKE) test
	$(MAKE) test SANITIZE=1
	$(MAKE) test VALGRIND=1

regen: $(BIN)
	tests/e2e/run.sh --regen $(BIN)

# Benchmarks of issue 7 (tests/bench/; not part of make test). bench-deps
# installs what only the benchmark needs: Debian's Hugo, to compare with,
# and GNU time, for peak memory.
BENCH_DEBS   = hugo time python3
BENCH_SIZES ?= 1000,10000
BENCH_RUNS  ?= 5
BENCH_JOBS  ?= $(shell nproc 2>/dev/null || echo 1)

.PHONY: bench bench-deps

build/bench/floor: tests/bench/floor.c src/mdpin.c src/mdpin.h Makefile
	@mkdir -p $(@D)
	$(CC) -D_GNU_SOURCE -iquote src $(WARN) $(OPT_SRC) $(CFLAGS) \
	  $(shell pkg-config --cflags libcmark-gfm) -o $@ $< src/mdpin.c \
	  $(shell pkg-config --libs libcmark-gfm) -lpthread

bench-deps:
	@missing=$$(for p in $(BENCH_DEBS); do \
	    dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; \
	  done); \
	if [ -z "$$missing" ]; then echo "bench-deps: all packages present"; \
	elif [ "$$(id -u)" = 0 ]; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	else echo "bench-deps: missing packages; run as root:"; \
	  echo "  apt-get install -y $$missing"; exit 1; fi

bench: $(BIN) build/bench/floor
	tests/bench/run.sh --bin $(BIN) --sizes $(BENCH_SIZES) --runs $(BENCH_RUNS) -j $(BENCH_JOBS)

install: $(BIN)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(DATADIR)/themes
	install -m 755 $(BIN) $(DESTDIR)$(BINDIR)/ismsbook
	install -m 644 cmd/ismsbook.1 $(DESTDIR)$(MANDIR)/man1/ismsbook.1
	cp -R themes/default $(DESTDIR)$(DATADIR)/themes/

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/ismsbook $(DESTDIR)$(MANDIR)/man1/ismsbook.1
	rm -rf $(DESTDIR)$(DATADIR)

# Static analysis: clang-tidy on each file (make -j lint runs them side by
# side; a file is analysed again only when it or a header changed), then
# cppcheck. Two checks are off because clang-tidy 14 reports correct code
# with them: bugprone-sizeof-expression flags every n * sizeof(*p) where
# *p is a pointer to a struct (arrays of pointers, all over), and
# clang-analyzer-valist.Uninitialized flags a va_list passed to a
# function or copied with va_copy. CI runs make lint (lint-deps first).
LINT_DEBS   = clang-tidy cppcheck
TIDY_CHECKS = clang-analyzer-*,bugprone-*,-bugprone-easily-swappable-parameters,-clang-analyzer-security.insecureAPI.DeprecatedOrUnsafeBufferHandling,-bugprone-sizeof-expression,-clang-analyzer-valist.Uninitialized
TIDY_OK     = $(patsubst %.c,build/lint/%.ok,$(SRC) $(CMD))

.PHONY: lint lint-deps

lint: $(TIDY_OK)
	cppcheck --quiet --enable=warning,performance,portability --error-exitcode=1 \
	  --inline-suppr -Isrc $(SRC) $(CMD)

build/lint/%.ok: %.c $(wildcard src/*.h) Makefile
	@mkdir -p $(@D)
	clang-tidy --quiet --warnings-as-errors='*' --checks='$(TIDY_CHECKS)' \
	  $< -- $(CPPFLAGS) $(PKG_CFLAGS) -std=c11
	@touch $@

lint-deps:
	@$(MAKE) --no-print-directory deps DEBS='$(LINT_DEBS)'

format:
	clang-format -i src/*.c src/*.h cmd/*.c tests/unit/*.c tests/spec/*.c \
	  tests/fuzz/*.c tests/fuzz/*.h

clean:
	rm -rf build public

help:
	@echo "make setup     install packages (as root), build, build the example into public/"
	@echo "make           build build/ismsbook"
	@echo "make test      unit, spec, end-to-end and repro tests (SANITIZE=1 for"
	@echo "               ASan+UBSan, VALGRIND=1 for valgrind's memcheck)"
	@echo "make check     make test plain, with SANITIZE=1, with VALGRIND=1 (what CI runs)"
	@echo "make fuzz      libFuzzer (clang) on each tests/fuzz target for FUZZ_SECONDS (60)"
	@echo "make regen     rewrite the end-to-end golden files, showing the diff first"
	@echo "make bench     benchmark against Hugo and the floor (make bench-deps first; BENCH_SIZES)"
	@echo "make install   install binary, man page and theme (PREFIX, DESTDIR, MANDIR)"
	@echo "make lint      clang-tidy and cppcheck;  make format: clang-format"

-include $(OBJ:.o=.d) $(CMDOBJ:.o=.d)
