# Quartermaster — developer and CI entry points.
#   make run    install what is missing, build, create a demo database if none, launch
#   make test   install what is missing, run core tests, then the whole workspace under Xvfb
#   make dist   the installable app: a .deb with the menu entry and icons (.ci/dist.sh)
# The list of system packages and the install logic live in .ci/deps.sh.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
export PATH := $(HOME)/.cargo/bin:$(PATH)

# Prerequisites are ordered (deps before build before launch).
.NOTPARALLEL:

XVFB := xvfb-run -a -s "-screen 0 1280x800x24"

.PHONY: all deps build run test bench bench-gui dist dist-test check-windows icons fmt lint clean

all: build

deps:
	bash .ci/deps.sh

build:
	cargo build -p quartermaster

run: deps build
	DB="$${QUARTERMASTER_DB:-$${XDG_DATA_HOME:-$$HOME/.local/share}/quartermaster/quartermaster.db}"; \
	BIN="$${CARGO_TARGET_DIR:-target}/debug/quartermaster"; \
	if [ ! -e "$$DB" ]; then \
		mkdir -p "$$(dirname "$$DB")"; \
		echo "creating demo database at $$DB"; \
		"$$BIN" --db "$$DB" init --demo; \
	fi; \
	exec "$$BIN" --db "$$DB"

test: deps
	cargo test -p quartermaster-core
	$(XVFB) cargo test --workspace --no-fail-fast

bench:
	cargo run --release -p quartermaster -- bench capacity
	cargo run --release -p quartermaster -- bench import --rows 200000
	cargo run --release -p quartermaster -- bench undo

# Cold start and view-switch figures of the real window (release build, under Xvfb).
bench-gui: deps
	cargo build --release -p quartermaster
	QUARTERMASTER_BIN="$${CARGO_TARGET_DIR:-target}/release/quartermaster" $(XVFB) cargo test --test main bench_gui -- --ignored --nocapture

# The installable app: prints the path of the .deb under $(CARGO_TARGET_DIR)/dist/.
dist: deps
	bash .ci/dist.sh

# Builds the .deb, installs it into a clean root with dpkg and runs the installed binary.
dist-test: deps
	DEB="$$(bash .ci/dist.sh)"; \
	QUARTERMASTER_DEB="$$DEB" cargo test --test main -- --ignored dist::

# The whole workspace type-checks for Windows (mingw-w64 and the rustup target from .ci/deps.sh).
check-windows: deps
	cargo check --workspace --target x86_64-pc-windows-gnu

# Regenerates icons/*.png, icon.ico and icon.icns from icons/source.png (tests/icons.rs).
icons:
	QUARTERMASTER_WRITE_ICONS=1 cargo test --test main -- icons::

fmt:
	cargo fmt --all

lint:
	cargo clippy --workspace --all-targets

clean:
	cargo clean
	rm -rf src-tauri/gen
