# suido — the two commands of the README, and a few for developers.
#   make run    install what is missing, build, create the demo city, start the staff server
#   make check  install what is missing, build (also with ASan+UBSan), run every test
BUILD      ?= build
BUILD_ASAN ?= build-asan
DESTDIR    ?=
PORT       ?= 8080
# meson compiles through ccache when it is installed (install-deps.sh does): a second build of
# the same sources, in this clone or a fresh one elsewhere, takes seconds.  Paths under this
# clone are hashed relative to it, so clones in other folders share the cache.
export CCACHE_BASEDIR   := $(CURDIR)
export CCACHE_NOHASHDIR := 1

.PHONY: all deps build build-asan run check unit bench fuzz clean install

all: build

deps:
	@scripts/install-deps.sh $(DEPS_PROFILE)

$(BUILD)/build.ninja:
	meson setup $(BUILD) --buildtype=debugoptimized

# The sanitizer build is linked as a fixed-address executable (-no-pie): the instrumented binary
# carries some 350,000 relocations that a position-independent one applies at every start, and
# `make check` starts it some 1,300 times (a fifth of each start's CPU: 237 -> 193 ms measured).
$(BUILD_ASAN)/build.ninja:
	meson setup $(BUILD_ASAN) --buildtype=debug -Db_sanitize=address,undefined -Db_lundef=false \
	  -Dc_args=-fno-pie -Dc_link_args=-no-pie

build: deps $(BUILD)/build.ninja
	ninja -C $(BUILD)

build-asan: $(BUILD_ASAN)/build.ninja
	ninja -C $(BUILD_ASAN)

run: build
	@PORT=$(PORT) scripts/run-demo.sh $(BUILD)/suido

check: DEPS_PROFILE = --test
check: build build-asan
	@tests/run-all.sh

unit: build
	meson test -C $(BUILD) --suite unit --print-errorlogs

bench: DEPS_PROFILE = --bench
bench: build
	bench/search.sh
	bench/reading_import.sh
	bench/bill_run.sh
	bench/slip_render.sh
	bench/agent_import.sh
	bench/debit.sh
	bench/meter_to_cash.sh
	bench/stats.sh
	bench/meter_plan.sh

fuzz: build
	scripts/fuzz.sh $(FUZZ_SECONDS)

clean:
	rm -rf $(BUILD) $(BUILD_ASAN)

# make install DESTDIR=/tmp/stage: the FHS layout of a server (docs/operations.md, "Install").
# An existing /etc/suido/suido.conf is never overwritten; the example is always in /usr/share/suido.
UNITDIR ?= /lib/systemd/system
install: $(BUILD)/build.ninja
	ninja -C $(BUILD)
	install -D -m 0755 $(BUILD)/suido $(DESTDIR)/usr/bin/suido
	install -D -m 0644 surcharge/tokurei.json $(DESTDIR)/usr/share/suido/surcharge/tokurei.json
	install -D -m 0644 docs/suido.ini.example $(DESTDIR)/usr/share/suido/suido.conf.example
	install -D -m 0644 -t $(DESTDIR)/usr/share/doc/suido docs/operations.md docs/architecture.md README.md
	install -d -m 0750 $(DESTDIR)/etc/suido $(DESTDIR)/var/lib/suido
	test -e $(DESTDIR)/etc/suido/suido.conf || install -m 0640 docs/suido.ini.example $(DESTDIR)/etc/suido/suido.conf
	install -D -m 0644 -t $(DESTDIR)$(UNITDIR) dist/systemd/*.service dist/systemd/*.timer
	install -D -m 0644 dist/sysusers.d/suido.conf $(DESTDIR)/usr/lib/sysusers.d/suido.conf
	install -D -m 0644 dist/tmpfiles.d/suido.conf $(DESTDIR)/usr/lib/tmpfiles.d/suido.conf
