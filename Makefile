# evstudy - plain GNU Makefile.  User knobs: CC CFLAGS LDFLAGS PREFIX DESTDIR
# BUILD.  Project flags (EVS_*) are always applied on top.
.DELETE_ON_ERROR:

VERSION     := 0.1.0
PREFIX      ?= /usr/local
DESTDIR     ?=
BINDIR      ?= $(PREFIX)/bin
LIBDIR      ?= $(PREFIX)/lib
INCLUDEDIR  ?= $(PREFIX)/include
DATADIR     ?= $(PREFIX)/share/evstudy
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
CC          ?= cc
AR          ?= ar
PKG_CONFIG  ?= pkg-config
INSTALL     ?= install
PYTHON      ?= /usr/bin/python3
CFLAGS      ?= -O2 -g
LDFLAGS     ?=
BUILD       ?= build
SAN_CFLAGS  ?=
COV_CFLAGS  ?=

DEPS_PC := libcurl jansson gsl sqlite3 libcrypto libxxhash
HAVE_DEPS := $(shell $(PKG_CONFIG) --exists $(DEPS_PC) 2>/dev/null && echo yes)

EVS_CPPFLAGS = -Iinclude -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
               -DEVS_DATADIR='"$(DATADIR)"' \
               $(shell $(PKG_CONFIG) --cflags $(DEPS_PC) 2>/dev/null)
EVS_WARN = -std=c11 -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
           -Wmissing-prototypes -Wwrite-strings -Wpointer-arith -Wformat=2 \
           -Wundef -fno-common $(if $(WERROR),-Werror)
EVS_LIBS = $(shell $(PKG_CONFIG) --libs $(DEPS_PC) 2>/dev/null) -lm -lpthread
ALL_CFLAGS = $(EVS_CPPFLAGS) $(EVS_WARN) $(CFLAGS) $(SAN_CFLAGS) $(COV_CFLAGS) -MMD -MP

LIB_SRC := $(sort $(wildcard src/*.c))
CLI_SRC := $(sort $(wildcard src/cli/*.c))
LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/%.o)
CLI_OBJ := $(CLI_SRC:%.c=$(BUILD)/%.o)
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
LIB      := $(BUILD)/libevs.a
BIN      := $(BUILD)/evstudy
# Fuzz targets: tests/fuzz/fuzz_NAME.c, seeds in tests/fuzz/seeds/NAME/.
# Each is also linked with replay.c into the unit program test_fuzz_NAME,
# which replays tests/fuzz/regress/NAME/ and the seeds in every build.
FUZZ_SRC   := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_NAMES := $(FUZZ_SRC:tests/fuzz/fuzz_%.c=%)
REPLAY_BIN := $(FUZZ_NAMES:%=$(BUILD)/tests/test_fuzz_%)
# LD_PRELOAD shim that makes chosen file-system calls fail (CLI tests).
SHIM       := $(BUILD)/tests/libevs_fault.so
# The command's objects without main(), for targets that drive the CLI.
CLI_LIB    := $(BUILD)/libevscli.a
FUZZ_CC    ?= clang
FUZZ_SECONDS ?= 10
# libFuzzer needs UB to abort; the check build lets UBSan go on and write
# its report to a log that tests/run-all.sh counts as a failure (with
# -fno-sanitize-recover GCC's UBSan ignores log_path).
FUZZ_SAN   := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
CHECK_SAN  := -fsanitize=address,undefined -fno-omit-frame-pointer
# The sanitizer build uses clang when there is one: its UBSan also checks
# what GCC's does not (NULL to memcpy's nonnull arguments, found by the
# fuzzer), and a second compiler's warnings come for free.
SAN_CC     ?= $(shell echo 'int main(void){return 0;}' | clang -fsanitize=address,undefined \
                -x c - -o /dev/null >/dev/null 2>&1 && echo clang || echo $(CC))
# What `make check` runs: each mode is one pass of the whole suite.
CHECK_MODES ?= normal asan valgrind fuzz
# Seconds per fuzz target in `make check`: short locally, longer in CI
# (CI=true), a few minutes in all.
CHECK_FUZZ_SECONDS ?= $(if $(CI),8,4)

.PHONY: all deps check check-unit check-cli demo bench bench-smoke install uninstall \
        clean asan check-asan check-valgrind installcheck check-slow fuzz fuzz-run

all: deps-ok $(LIB) $(BIN) $(BUILD)/evs.pc

.PHONY: deps-ok
deps-ok:
ifneq ($(HAVE_DEPS),yes)
	@echo "evstudy: missing libraries ($(DEPS_PC)); run 'scripts/install-deps.sh' or 'make demo'" >&2; exit 1
endif

deps:
	@scripts/install-deps.sh

$(BUILD)/src/%.o: src/%.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Isrc -c $< -o $@

# The command is a client of the public headers only: no -Isrc here.
$(BUILD)/src/cli/%.o: src/cli/%.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(LIB): $(LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(CLI_LIB): $(filter-out $(BUILD)/src/cli/main.o,$(CLI_OBJ))
	@rm -f $@
	$(AR) rcs $@ $^

$(BIN): $(CLI_OBJ) $(LIB)
	$(CC) $(CFLAGS) $(SAN_CFLAGS) $(COV_CFLAGS) $(LDFLAGS) -o $@ $(CLI_OBJ) $(LIB) $(EVS_LIBS)

# Paths compiled into the binary and the .pc file: rebuilt when PREFIX or
# DATADIR change, so `make install PREFIX=/opt/x` never installs stale paths.
CONFIG_STAMP := $(BUILD)/config.stamp
CONFIG_LINE := $(PREFIX)|$(LIBDIR)|$(INCLUDEDIR)|$(DATADIR)
$(shell mkdir -p $(BUILD) && { [ "$$(cat $(CONFIG_STAMP) 2>/dev/null)" = '$(CONFIG_LINE)' ] || echo '$(CONFIG_LINE)' > $(CONFIG_STAMP); })
$(CLI_OBJ): $(CONFIG_STAMP)

$(BUILD)/evs.pc: evs.pc.in $(CONFIG_STAMP)
	@mkdir -p $(dir $@)
	sed -e 's|@prefix@|$(PREFIX)|' -e 's|@libdir@|$(LIBDIR)|' \
	    -e 's|@includedir@|$(INCLUDEDIR)|' -e 's|@version@|$(VERSION)|' $< > $@

$(BUILD)/tests/%: tests/unit/%.c $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Isrc -Itests/unit -o $@ $< $(LIB) $(LDFLAGS) $(EVS_LIBS) \
	    $(shell $(PKG_CONFIG) --libs cmocka)

$(BUILD)/tests/test_fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c $(CLI_LIB) $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Isrc -Isrc/cli -Itests/fuzz -DEVS_FUZZ_NAME='"$*"' \
	    -o $@ $< tests/fuzz/replay.c $(CLI_LIB) $(LIB) $(LDFLAGS) $(EVS_LIBS) \
	    $(shell $(PKG_CONFIG) --libs cmocka)

# Never sanitized: it is preloaded into sanitized and valgrind runs alike.
$(SHIM): tests/shim/evs_fault.c
	@mkdir -p $(dir $@)
	$(CC) $(EVS_WARN) -Wno-missing-prototypes -O1 -g -fPIC -shared -o $@ $< -ldl

# libFuzzer binaries (built by `make fuzz` with BUILD=build/fuzz, CC=clang).
$(BUILD)/bin/fuzz_%: tests/fuzz/fuzz_%.c $(CLI_LIB) $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Isrc -Isrc/cli -Itests/fuzz -fsanitize=fuzzer \
	    -o $@ $< $(CLI_LIB) $(LIB) $(LDFLAGS) $(EVS_LIBS)

# ---- tests ------------------------------------------------------------------
# `check` installs what is missing, builds, and runs the whole suite once per
# mode in CHECK_MODES (normal build, ASan+UBSan build, valgrind memcheck,
# a short libFuzzer run); tests/check-all.sh prints the one closing line.
check: deps
	@$(MAKE) --no-print-directory all $(UNIT_BIN) $(REPLAY_BIN) $(SHIM)
	@BUILD=$(BUILD) PYTHON=$(PYTHON) MAKE="$(MAKE)" CHECK_MODES="$(CHECK_MODES)" \
	  FUZZ_CC=$(FUZZ_CC) FUZZ_SECONDS=$(CHECK_FUZZ_SECONDS) tests/check-all.sh

check-unit: all $(UNIT_BIN) $(REPLAY_BIN)
	@BUILD=$(BUILD) ONLY=unit tests/run-all.sh

check-cli: all $(SHIM)
	@BUILD=$(BUILD) ONLY=cli tests/run-all.sh

ASAN_FLAGS = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
asan:
	$(MAKE) BUILD=build/san CC=$(SAN_CC) CFLAGS='-O1 -g' SAN_CFLAGS='$(CHECK_SAN)' \
	  all $(UNIT_BIN:$(BUILD)/%=build/san/%) $(REPLAY_BIN:$(BUILD)/%=build/san/%) \
	  $(SHIM:$(BUILD)/%=build/san/%)

# SAN_CFLAGS reaches tests that build against the library (installcheck).
check-asan: asan
	@BUILD=build/san SANITIZED=1 SAN_CFLAGS='$(CHECK_SAN)' ASAN_OPTIONS=detect_leaks=1 tests/run-all.sh

# Simulated size and power of every test (a few minutes; not in check).
SIM_REPS ?= 2000
SIM_BIN := $(BUILD)/tests/slow/sim
$(SIM_BIN): tests/slow/sim.c $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(LIB) $(LDFLAGS) $(EVS_LIBS)

check-slow: all $(SIM_BIN)
	$(SIM_BIN) $(SIM_REPS)

check-valgrind: all $(UNIT_BIN) $(REPLAY_BIN) $(SHIM)
	@BUILD=$(BUILD) VALGRIND=1 tests/run-all.sh

# `fuzz` builds every target with clang's libFuzzer, ASan and UBSan;
# `fuzz-run` runs each for FUZZ_SECONDS over its seeds and saved crashes.
fuzz:
	@command -v $(FUZZ_CC) >/dev/null 2>&1 || { echo "make fuzz: $(FUZZ_CC) not \
	found; scripts/install-deps.sh installs clang" >&2; exit 1; }
	@$(MAKE) --no-print-directory BUILD=build/fuzz CC=$(FUZZ_CC) CFLAGS='-O1 -g' \
	  SAN_CFLAGS='$(FUZZ_SAN) -fsanitize=fuzzer-no-link' \
	  $(FUZZ_NAMES:%=build/fuzz/bin/fuzz_%)

fuzz-run: fuzz
	@FUZZ_SECONDS=$(FUZZ_SECONDS) tests/fuzz/run.sh $(FUZZ_NAMES)

demo: deps
	@$(MAKE) --no-print-directory all
	@scripts/demo.sh $(BIN)

bench: all
	@scripts/bench.sh $(BIN)

# The benchmark on a tiny data set: proves it works (make check runs it too).
bench-smoke: all
	@BENCH_SMALL=1 scripts/bench.sh $(BIN)

# ---- install ------------------------------------------------------------------
install: all
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR) $(DESTDIR)$(INCLUDEDIR)/evs \
	    $(DESTDIR)$(PKGCONFIGDIR) $(DESTDIR)$(DATADIR)
	$(INSTALL) -m 755 $(BIN) $(DESTDIR)$(BINDIR)/evstudy
	$(INSTALL) -m 644 $(LIB) $(DESTDIR)$(LIBDIR)/libevs.a
	$(INSTALL) -m 644 include/evs.h $(DESTDIR)$(INCLUDEDIR)/evs.h
	$(INSTALL) -m 644 include/evs/*.h $(DESTDIR)$(INCLUDEDIR)/evs/
	$(INSTALL) -m 644 $(BUILD)/evs.pc $(DESTDIR)$(PKGCONFIGDIR)/evs.pc
	$(INSTALL) -m 644 data/*.csv data/*.json data/*.md $(DESTDIR)$(DATADIR)/

# installcheck: install into a staging DESTDIR, build examples/study.c
# against it with pkg-config (the sysroot maps the .pc paths into the
# stage), and run it on the installed data.
STAGE ?= $(BUILD)/stage
installcheck: all
	@rm -rf $(STAGE)
	@$(MAKE) --no-print-directory install DESTDIR=$(abspath $(STAGE)) >/dev/null
	@export PKG_CONFIG_PATH=$(abspath $(STAGE))$(PKGCONFIGDIR) \
	    PKG_CONFIG_SYSROOT_DIR=$(abspath $(STAGE)); \
	  $(CC) $(CFLAGS) $(SAN_CFLAGS) $(LDFLAGS) -o $(STAGE)/study examples/study.c \
	    $$($(PKG_CONFIG) --cflags --libs evs)
	$(STAGE)/study $(abspath $(STAGE))$(DATADIR)

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/evstudy $(DESTDIR)$(LIBDIR)/libevs.a \
	    $(DESTDIR)$(INCLUDEDIR)/evs.h $(DESTDIR)$(PKGCONFIGDIR)/evs.pc
	rm -rf $(DESTDIR)$(INCLUDEDIR)/evs $(DESTDIR)$(DATADIR)

clean:
	rm -rf $(BUILD) build out

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(wildcard $(BUILD)/tests/*.d $(BUILD)/bin/*.d)
