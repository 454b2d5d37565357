# SPDX-License-Identifier: MIT
# ismsbook — GNU make. `make help` lists the targets.

VERSION  = 0.1.0
PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
MANDIR  ?= $(PREFIX)/share/man
DATADIR ?= $(PREFIX)/share/ismsbook

PKGS     = libcmark-gfm yaml-0.1 lua5.4 libxml-2.0
DEBS     = build-essential pkg-config libcmark-gfm-dev libcmark-gfm-extensions-dev \
           libyaml-dev liblua5.4-dev libxml2-dev libcmocka-dev \
           libxml2-utils python3

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
else
BUILD    = build
endif

-include config.mk

PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
TEST_LIBS  := $(shell pkg-config --libs cmocka 2>/dev/null)

SRC   = $(sort $(wildcard src/*.c))
OBJ   = $(SRC:src/%.c=$(BUILD)/obj/%.o)
DATA  = $(sort $(wildcard src/data/*/*.tsv))
GEN   = $(DATA:src/data/%.tsv=$(BUILD)/gen/%.o)
LIB   = $(BUILD)/libismsbook.a
BIN   = $(BUILD)/ismsbook
UNIT  = $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(sort $(wildcard tests/unit/test_*.c)))
SPEC  = $(BUILD)/tests/mustache_spec

ALL_CFLAGS = $(WARN) $(OPT) $(SAN) $(CFLAGS) $(PKG_CFLAGS)
ifeq ($(WERROR),1)
ALL_CFLAGS += -Werror
endif

.PHONY: all deps setup site test unit spec e2e docs example check regen install uninstall \
        clean lint format help

all: $(BIN)

$(BUILD)/obj/%.o: src/%.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/cmd/%.o: cmd/%.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

# Each data table becomes a byte array named after its path, e.g.
# ib_data_iso27001_2022_annexA_2022, NUL-terminated. od and sed are in every
# Debian (xxd may be missing); an array, not a string literal, because ISO C
# only promises 4095-byte literals and -Wpedantic says so.
$(BUILD)/gen/%.c: src/data/%.tsv
	@mkdir -p $(@D)
	sym=ib_data_$$(printf '%s' '$*' | tr -c 'A-Za-z0-9' '_'); \
	{ echo "/* Generated from $< by make; do not edit. */"; \
	  echo "extern const unsigned char $$sym[];"; \
	  echo "const unsigned char $$sym[] = {"; \
	  od -An -v -tu1 $< | sed 's/[0-9][0-9]*/&,/g'; \
	  echo "0};"; } >$@.tmp && mv $@.tmp $@

$(BUILD)/gen/%.o: $(BUILD)/gen/%.c
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

.PRECIOUS: $(BUILD)/gen/%.c

$(LIB): $(OBJ) $(GEN)
	@rm -f $@
	$(AR) rcs $@ $^

$(BIN): $(BUILD)/cmd/ismsbook.o $(LIB)
	$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS) -lpthread

$(BUILD)/tests/%: tests/unit/%.c $(LIB)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(LIB) $(PKG_LIBS) $(TEST_LIBS) -lpthread

$(SPEC): tests/spec/mustache_spec.c $(LIB)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(LIB) $(PKG_LIBS) -lpthread

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

unit: $(UNIT)
	@fail=0; for t in $(UNIT); do $$t || fail=1; done; exit $$fail

spec: $(SPEC)
	$(SPEC) tests/spec/mustache

e2e: $(BIN)
	tests/e2e/run.sh $(BIN)

docs: $(BIN)
	tests/check-docs.sh $(BIN)

example: $(BIN)
	tests/example.sh $(BIN)

test: unit spec e2e docs example

# Everything CI runs: the plain suite, then the suite under ASan+UBSan.
check:
	$(MAKE) test
	$(MAKE) test SANITIZE=1

regen: $(BIN)
	tests/e2e/run.sh --regen $(BIN)

install: $(BIN)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(DATADIR)/themes
	install -m 755 $(BIN) $(DESTDIR)$(BINDIR)/ismsbook
	install -m 644 cmd/ismsbook.1 $(DESTDIR)$(MANDIR)/man1/ismsbook.1
	cp -R themes/default $(DESTDIR)$(DATADIR)/themes/

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/ismsbook $(DESTDIR)$(MANDIR)/man1/ismsbook.1
	rm -rf $(DESTDIR)$(DATADIR)

lint:
	clang-tidy --quiet --warnings-as-errors='*' \
	  --checks='clang-analyzer-*,bugprone-*,-bugprone-easily-swappable-parameters,-clang-analyzer-security.insecureAPI.DeprecatedOrUnsafeBufferHandling' \
	  $(SRC) cmd/ismsbook.c -- $(CPPFLAGS) $(PKG_CFLAGS) -std=c11
	cppcheck --quiet --enable=warning,performance,portability --error-exitcode=1 \
	  --inline-suppr -Isrc $(SRC) cmd/ismsbook.c

format:
	clang-format -i src/*.c src/*.h cmd/*.c tests/unit/*.c tests/spec/*.c

clean:
	rm -rf build public

help:
	@echo "make setup     install packages (as root), build, build the example into public/"
	@echo "make           build build/ismsbook"
	@echo "make test      unit, spec and end-to-end tests (SANITIZE=1 for ASan+UBSan)"
	@echo "make check     make test, then make test SANITIZE=1 (what CI runs)"
	@echo "make regen     rewrite the end-to-end golden files, showing the diff first"
	@echo "make install   install binary, man page and theme (PREFIX, DESTDIR, MANDIR)"
	@echo "make lint      clang-tidy and cppcheck;  make format: clang-format"

-include $(OBJ:.o=.d) $(BUILD)/cmd/ismsbook.d
