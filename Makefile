# bops: one GNU Makefile, no configure step.
#
#   make            build ./bops over lib/libbops.a
#   make check      install missing packages, build, run every test
#   make demo       build and tour a fresh example workspace (DIR=...)
#   make bench      measure against taskwarrior on generated data
#   make fuzz       run each libFuzzer target FUZZ_TIME seconds (60)
#   make fuzz-corpus  rebuild tests/fuzz/corpus/ from the test fixtures
#   make install    PREFIX=/usr/local DESTDIR= (completions: BASHCOMPDIR,
#                   ZSHCOMPDIR, FISHCOMPDIR; the phone module: LIBDIR)
#   make clean

PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
MANDIR  ?= $(PREFIX)/share/man
DATADIR ?= $(PREFIX)/share/bops
# the phone module, bops-phone.so, goes in $(LIBDIR)/bops
LIBDIR  ?= $(PREFIX)/lib
# where each shell looks for completions
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR  ?= $(PREFIX)/share/zsh/site-functions
FISHCOMPDIR ?= $(PREFIX)/share/fish/vendor_completions.d
DESTDIR ?=

CC      ?= cc
PKGS    := yaml-0.1 libgit2 libutf8proc glib-2.0 jansson
PKG_CFLAGS = $(shell pkg-config --cflags yaml-0.1 libgit2 libutf8proc 2>/dev/null)
# <glib.h> is for lib/date.c (time zones) and lib/alias.c (shell words)
# alone: no other file gets GLib's headers.
GLIB_CFLAGS = $(shell pkg-config --cflags glib-2.0 2>/dev/null)
# nettle gives SHA-256 to lib/contact.c; libcsv (lib/import.c alone) has
# no pkg-config file.  lib/phone.c loads the phone module with dlopen(3).
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) nettle 2>/dev/null) \
	-lcsv -ldl -lm
# The phone module, bops-phone.so: lib/phone.cc over libphonenumber (C++,
# with no pkg-config file), which brings the C++ runtime, protobuf, ICU
# and Abseil.  bops loads it when a phone number is first parsed, so
# that no other command maps, binds and constructs them at start-up.
PHONE_LIBS = -lphonenumber -lprotobuf
# STATIC=1 (the default) links each library that has a static archive
# installed from it, and the others (libc's, GSSAPI) dynamically: the
# dynamic loader then maps
# fewer files and binds fewer symbols, which was two thirds of `bops
# version`'s time.  STATIC=0 links them all dynamically, as a distribution
# would, to take the libraries' security updates without rebuilding bops.
STATIC ?= 1
# zlib too: the phone module's protobuf loads it anyway, and a second
# copy in bops would stand in for the library's (tests/layers.sh).
DYNAMIC_ONLY := c m rt dl pthread resolv z
ifeq ($(STATIC),1)
STATIC_L  = $(patsubst -l%,%,$(filter -l%,$(shell pkg-config --static \
	--libs $(PKGS) nettle libssh2 2>/dev/null)))
LINK_LIBS = $(foreach l,$(STATIC_L),$(if $(filter $(l),$(DYNAMIC_ONLY)),\
	-l$(l),$(if $(wildcard $(shell $(CC) -print-file-name=lib$(l).a)),\
	-l:lib$(l).a,-l$(l)))) \
	$(shell pkg-config --libs krb5-gssapi 2>/dev/null) \
	$(if $(wildcard $(shell $(CC) -print-file-name=libcsv.a)),-l:libcsv.a,-lcsv) \
	-pthread -ldl -lm
else
LINK_LIBS = $(PKG_LIBS)
endif
CMOCKA_CFLAGS = $(shell pkg-config --cflags cmocka 2>/dev/null)
CMOCKA_LIBS   = $(shell pkg-config --libs cmocka 2>/dev/null)

WARN    := -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
	   -Wmissing-prototypes -Wno-unused-parameter
ifeq ($(CI),true)
WERROR  ?= 1
endif
ifeq ($(WERROR),1)
WARN    += -Werror
endif
CFLAGS  ?= -O2 -g
BOPS_CFLAGS := -std=c11 -D_DEFAULT_SOURCE -D_GNU_SOURCE $(WARN) \
	   -DBOPS_DATADIR='"$(DATADIR)"' -DBOPS_PHONEDIR='"$(LIBDIR)/bops"' \
	   -iquote lib $(PKG_CFLAGS)
ALL_CFLAGS = $(BOPS_CFLAGS) $(CFLAGS) -MMD -MP

LIB_SRC  := $(filter-out lib/share.gen.c,$(wildcard lib/*.c)) lib/share.gen.c
LIB_OBJ  := $(LIB_SRC:.c=.o)
CMD_SRC  := $(wildcard cmd/*.c)
CMD_OBJ  := $(CMD_SRC:.c=.o)
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:.c=)
SHARE_EMBED := $(sort $(wildcard share/schemas/*.yaml share/templates/*))
MAN_PAGES := $(wildcard man/*.[0-9])

all: bops bops-phone.so

# Rebuild everything when the flags or the install paths change.
.build-flags: FORCE
	@echo '$(CC) $(ALL_CFLAGS) $(LDFLAGS) $(LINK_LIBS)' > .build-flags.new
	@if cmp -s .build-flags.new .build-flags; then rm .build-flags.new; \
	else mv .build-flags.new .build-flags; fi

%.o: %.c .build-flags
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

lib/date.o lib/alias.o: private ALL_CFLAGS += $(GLIB_CFLAGS)

# lib/phone.cc: the one C++ file, libphonenumber behind a C function,
# built into the phone module next to bops (lib/phone.h).  It exports
# that function alone, and -z defs makes any symbol it does not find in
# its libraries an error here, not when bops loads it.
CXX     ?= c++
CXXFLAGS ?= -O2 -g
bops-phone.so: lib/phone.cc .build-flags
	$(CXX) -std=c++17 $(filter-out -Wstrict-prototypes -Wmissing-prototypes,$(WARN)) \
		-iquote lib $(CXXFLAGS) -fPIC -fvisibility=hidden -MMD -MP \
		-MF bops-phone.d -shared -Wl,-z,defs -o $@ $< $(PHONE_LIBS)

lib/share.gen.c: $(SHARE_EMBED) share/embed.sh
	sh share/embed.sh $(SHARE_EMBED) > $@.tmp && mv $@.tmp $@

lib/libbops.a: $(LIB_OBJ)
	rm -f $@
	$(AR) rcs $@ $(LIB_OBJ)

bops: $(CMD_OBJ) lib/libbops.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(CMD_OBJ) lib/libbops.a $(LINK_LIBS)

# tests/unit/sandbox.c: what every unit binary shares (sandbox.h).
UNIT_SHARED := tests/unit/sandbox.o
tests/unit/sandbox.o: tests/unit/sandbox.c .build-flags
	$(CC) $(ALL_CFLAGS) $(CMOCKA_CFLAGS) -c -o $@ $<

tests/unit/test_%: tests/unit/test_%.c $(UNIT_SHARED) lib/libbops.a \
    .build-flags
	$(CC) $(ALL_CFLAGS) $(CMOCKA_CFLAGS) \
		-DBOPS_BUILD_PHONE='"$(CURDIR)/bops-phone.so"' -o $@ $< \
		$(UNIT_SHARED) lib/libbops.a $(PKG_LIBS) $(CMOCKA_LIBS)

tests/unit/test_phone: bops-phone.so

units: $(UNIT_BIN)

# deps: the packages the build and the tests need (jansson and libcsv
# read what `bops import` takes), the tz database that
# bops reads its time zones from, clang with its runtime (libFuzzer,
# the sanitizers) for make fuzz, and zsh and fish, whose completions
# the tests run as they run bash's.
DEB_PKGS := libyaml-dev libgit2-dev libutf8proc-dev libglib2.0-dev tzdata \
	libkrb5-dev \
	libcmocka-dev pkg-config groff-base git python3 util-linux bsdutils \
	clang libclang-rt-14-dev libphonenumber-dev nettle-dev g++ \
	libjansson-dev libcsv-dev zsh fish
# chromium renders the HTML report and the journey map for their tests,
# with Thai and Chinese fonts (t7104-report-html.sh, t3804-journey-html.sh).
DEB_PKGS += chromium fonts-thai-tlwg fonts-wqy-microhei
deps:
	@missing=""; \
	for p in $(PKGS) cmocka nettle krb5-gssapi; do \
		pkg-config --exists $$p 2>/dev/null || missing=1; done; \
	command -v pkg-config >/dev/null || missing=1; \
	[ -f /usr/share/zoneinfo/Europe/Stockholm ] || missing=1; \
	[ -f /usr/include/csv.h ] || missing=1; \
	command -v chromium >/dev/null || missing=1; \
	[ -d /usr/share/fonts/truetype/wqy ] || missing=1; \
	command -v groff >/dev/null || missing=1; \
	[ -f /usr/include/phonenumbers/phonenumberutil.h ] || missing=1; \
	command -v c++ >/dev/null || missing=1; \
	for c in git python3 flock script unshare clang chromium bash zsh \
	    fish; do \
		command -v $$c >/dev/null || missing=1; done; \
	rt=$$(clang --print-runtime-dir 2>/dev/null); \
	[ -f "$$rt/libclang_rt.fuzzer-$$(uname -m).a" ] || missing=1; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ]; then \
			echo "deps: installing $(DEB_PKGS)"; \
			apt-get update -q && \
			DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
				$(DEB_PKGS) || exit 1; \
		else \
			echo "deps: missing packages; run:"; \
			echo "  sudo apt-get update && sudo apt-get install -y $(DEB_PKGS)"; \
			exit 1; \
		fi; \
	fi

check: deps
	@$(MAKE) --no-print-directory all units
	@sh tests/run.sh

# check under AddressSanitizer and UndefinedBehaviorSanitizer: the whole
# tree is rebuilt with the sanitizers (the flags stamp sees to it), every
# test runs, and any report fails it.
SAN_FLAGS := -O1 -g -fsanitize=address,undefined,float-cast-overflow \
	-fno-omit-frame-pointer -fno-sanitize-recover=all
# STATIC=0: the libraries linked as shared objects, so that the leak
# suppressions of tests/lsan.supp, which name them, match their frames.
# intercept_tls_get_addr=0: the thread-local blocks of the libraries that
# the phone module brings with dlopen(3) are not followed; GCC 12's
# LeakSanitizer crashes on them under glibc 2.36 ("Tracer caught signal
# 11") once libphonenumber has parsed a number.
check-sanitize: deps
	@$(MAKE) --no-print-directory all units CFLAGS='$(SAN_FLAGS)' \
		LDFLAGS='-fsanitize=address,undefined,float-cast-overflow' \
		STATIC=0
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:intercept_tls_get_addr=0 \
		UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 \
		sh tests/run.sh

# every unit test under valgrind: no invalid access, no leak in lib/.
check-valgrind: deps
	@$(MAKE) --no-print-directory units
	@command -v valgrind >/dev/null || { \
		if [ "$$(id -u)" = 0 ]; then apt-get install -y -q valgrind; \
		else echo "valgrind: run sudo apt-get install -y valgrind"; \
			exit 1; fi; }
	@fail=0; for t in $(UNIT_BIN); do \
		valgrind -q --leak-check=full --errors-for-leak-kinds=definite \
			--error-exitcode=99 ./$$t >/dev/null 2>$$t.vg; \
		rc=$$?; if [ $$rc -ne 0 ]; then fail=1; \
			echo "$$t: valgrind exit $$rc"; cat $$t.vg; fi; \
		rm -f $$t.vg; \
	done; \
	if [ $$fail = 0 ]; then echo "valgrind: $(words $(UNIT_BIN)) unit binaries clean"; fi; \
	exit $$fail

# fuzz: the libFuzzer targets of tests/fuzz/, each run for FUZZ_TIME
# seconds from its seed corpus in tests/fuzz/corpus/<target>/.  lib/ is
# compiled again with clang and the sanitizers into tests/fuzz/build/, so
# the gcc build is untouched.  A crash, a leak, undefined behaviour, a
# broken property or a slow input fails it; the input is kept as
# tests/fuzz/build/<target>-crash-* (or -leak-, -timeout-).
FUZZ_CC     ?= clang
FUZZ_TIME   ?= 60
FUZZ_DIR    := tests/fuzz/build
FUZZ_NAMES  := yaml emit pack schema merge
FUZZ_SAN    := -fsanitize=address,undefined,float-cast-overflow \
	-fno-sanitize-recover=all
FUZZ_CFLAGS  = -std=c11 -D_DEFAULT_SOURCE -D_GNU_SOURCE $(WARN) \
	-DBOPS_DATADIR='"$(DATADIR)"' -iquote lib $(PKG_CFLAGS) -O1 -g \
	-fno-omit-frame-pointer $(FUZZ_SAN)
FUZZ_LIB_OBJ := $(LIB_SRC:lib/%.c=$(FUZZ_DIR)/lib/%.o)
FUZZ_BIN    := $(FUZZ_NAMES:%=$(FUZZ_DIR)/fuzz_%)

$(FUZZ_DIR)/lib/date.o $(FUZZ_DIR)/lib/alias.o: private FUZZ_CFLAGS += $(GLIB_CFLAGS)
$(FUZZ_DIR)/lib/%.o: lib/%.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -MMD -MP -c \
		-o $@ $<

$(FUZZ_DIR)/libbops.a: $(FUZZ_LIB_OBJ)
	rm -f $@
	$(AR) rcs $@ $(FUZZ_LIB_OBJ)

$(FUZZ_DIR)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(FUZZ_DIR)/libbops.a
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< \
		$(FUZZ_DIR)/libbops.a $(PKG_LIBS)

fuzz-build: $(FUZZ_BIN)

# fuzz-corpus: rebuild the seed corpus from the test fixtures.
$(FUZZ_DIR)/seed_pack: tests/fuzz/seed_pack.c lib/libbops.a .build-flags
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $< lib/libbops.a $(PKG_LIBS)

fuzz-corpus: all $(FUZZ_DIR)/seed_pack
	sh tests/fuzz/make-corpus.sh

fuzz: deps
	@$(MAKE) --no-print-directory fuzz-build
	@fail=0; for t in $(FUZZ_NAMES); do \
		mkdir -p $(FUZZ_DIR)/corpus/$$t; \
		echo "fuzz: $$t for $(FUZZ_TIME) s"; \
		ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
		UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		./$(FUZZ_DIR)/fuzz_$$t -max_total_time=$(FUZZ_TIME) \
			-timeout=20 -rss_limit_mb=2560 -max_len=16384 \
			-dict=tests/fuzz/yaml.dict -print_final_stats=1 \
			-artifact_prefix=$(FUZZ_DIR)/$$t- \
			$(FUZZ_DIR)/corpus/$$t tests/fuzz/corpus/$$t \
			>$(FUZZ_DIR)/$$t.log 2>&1 || { fail=1; \
			echo "fuzz: $$t found something:"; \
			grep -E -v '^#[0-9]|^ +#[0-9]+ 0x' \
				$(FUZZ_DIR)/$$t.log | tail -40; }; \
		grep -E '^stat::number_of_executed_units' \
			$(FUZZ_DIR)/$$t.log | sed "s/^/fuzz: $$t /"; \
	done; exit $$fail

demo: deps
	@$(MAKE) --no-print-directory all
	@sh share/demo.sh "$(DIR)"

bench: deps
	@$(MAKE) --no-print-directory all
	@sh tests/bench/run.sh

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
		$(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man7 \
		$(DESTDIR)$(DATADIR)
	install -m 755 bops $(DESTDIR)$(BINDIR)/bops
	install -d $(DESTDIR)$(LIBDIR)/bops
	install -m 644 bops-phone.so $(DESTDIR)$(LIBDIR)/bops/bops-phone.so
	for m in $(MAN_PAGES); do \
		s=$${m##*.}; install -m 644 $$m $(DESTDIR)$(MANDIR)/man$$s/; \
	done
	cp -R share/schemas share/templates share/completions \
		share/bops/examples $(DESTDIR)$(DATADIR)/
	install -d $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR) \
		$(DESTDIR)$(FISHCOMPDIR)
	install -m 644 share/completions/bops.bash $(DESTDIR)$(BASHCOMPDIR)/bops
	install -m 644 share/completions/_bops $(DESTDIR)$(ZSHCOMPDIR)/_bops
	install -m 644 share/completions/bops.fish \
		$(DESTDIR)$(FISHCOMPDIR)/bops.fish

clean:
	rm -f bops bops-phone.so bops-phone.d lib/*.o lib/*.d cmd/*.o \
		cmd/*.d lib/libbops.a lib/share.gen.c $(UNIT_BIN) \
		tests/unit/*.o tests/unit/*.d .build-flags
	rm -rf tests/cli/trash $(FUZZ_DIR)

.PHONY: all units deps check check-sanitize check-valgrind demo bench install clean FORCE \
	fuzz fuzz-build fuzz-corpus
FORCE:

-include $(LIB_OBJ:.o=.d) $(CMD_OBJ:.o=.d) $(UNIT_SRC:.c=.d) bops-phone.d \
	$(UNIT_SHARED:.o=.d) \
	$(FUZZ_LIB_OBJ:.o=.d)
