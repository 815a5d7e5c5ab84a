#!/usr/bin/env bash
# Install what Quartermaster needs to build and test on Debian/Ubuntu, and only
# what is missing: system packages (apt), a Rust toolchain (rustup) if there is
# no cargo at all, and tauri-driver (cargo install). Safe to run repeatedly.
# Shared by `make deps` (and so `make run`/`make test`) and .ci/run.
set -euo pipefail

# The one list of system packages (see /work/shared/RECIPE.md). chromium and poppler-utils are
# for the report tests: the brief printed as a browser prints it, and its pages counted.
APT_PACKAGES="libwebkit2gtk-4.1-dev build-essential curl wget file libxdo-dev libssl-dev \
libayatana-appindicator3-dev librsvg2-dev pkg-config fonts-dejavu-core \
xvfb xauth imagemagick x11-apps x11-utils webkit2gtk-driver sqlite3 \
chromium poppler-utils gcc-mingw-w64-x86-64-win32"
# gcc-mingw-w64-x86-64-win32: the C compiler the Windows check needs for bundled SQLite and
# friends (the x86_64 half of mingw-w64, without the i686 one). dpkg-deb (make dist) is in dpkg.

export PATH="$HOME/.cargo/bin:$PATH"

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi

log() { printf 'deps: %s\n' "$*" >&2; }

# apt/dpkg may be busy (unattended upgrades, another install): wait for the
# lock up to 10 minutes rather than failing, and retry a few times.
apt_get() {
    local attempt
    for attempt in 1 2 3 4 5; do
        if $SUDO env DEBIAN_FRONTEND=noninteractive \
            apt-get -o DPkg::Lock::Timeout=600 "$@"; then
            return 0
        fi
        log "apt-get $1 failed (attempt $attempt), retrying in 15 s"
        sleep 15
    done
    return 1
}

# --- system packages ------------------------------------------------------
missing=()
for pkg in $APT_PACKAGES; do
    # dpkg -s also succeeds for removed-but-not-purged packages: require the
    # "install ok installed" status.
    if ! dpkg -s "$pkg" 2>/dev/null | grep -q '^Status: install ok installed'; then
        missing+=("$pkg")
    fi
done

if [ "${#missing[@]}" -gt 0 ]; then
    log "installing apt packages: ${missing[*]}"
    apt_get update
    apt_get install -y --no-install-recommends "${missing[@]}"
else
    log "apt packages: all present"
fi

# --- Rust toolchain ---------------------------------------------------------
if ! command -v cargo >/dev/null 2>&1; then
    log "no cargo found: installing the stable Rust toolchain with rustup"
    curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs \
        | sh -s -- -y --profile minimal --default-toolchain stable \
            --component clippy --component rustfmt
else
    log "cargo: $(cargo --version)"
fi

# --- the Windows target, for `make check-windows` ---------------------------
WINDOWS_TARGET=x86_64-pc-windows-gnu
if command -v rustup >/dev/null 2>&1; then
    if ! rustup target list --installed | grep -qx "$WINDOWS_TARGET"; then
        log "adding the rustup target $WINDOWS_TARGET"
        rustup target add "$WINDOWS_TARGET"
    else
        log "rustup target $WINDOWS_TARGET: present"
    fi
else
    log "no rustup: the $WINDOWS_TARGET standard library must come with the toolchain"
fi

# --- tauri-driver (WebDriver bridge for the GUI end-to-end tests) ----------
if ! command -v tauri-driver >/dev/null 2>&1; then
    log "installing tauri-driver (cargo install, about a minute)"
    cargo install tauri-driver --locked
else
    log "tauri-driver: $(command -v tauri-driver)"
fi
