#!/usr/bin/env bash
# Builds the installable Linux app: a production build of the binary (UI embedded, no dev
# server), then a .deb with the binary, the desktop entry and the icons in every size the menu
# picks from. Needs only cargo and dpkg-deb, so it works offline. Prints the .deb's path.
# Shared by `make dist` and `make dist-test`.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="$HOME/.cargo/bin:$PATH"
TARGET_DIR="${CARGO_TARGET_DIR:-target}"

log() { printf 'dist: %s\n' "$*" >&2; }

# tauri/custom-protocol is what `tauri build` adds: serve the embedded UI, not a dev URL.
log "release build (cargo build --release --features tauri/custom-protocol)"
cargo build --release -p quartermaster --features tauri/custom-protocol >&2

VERSION="$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)"
ARCH="$(dpkg --print-architecture)"
OUT="$TARGET_DIR/dist"
ROOT="$OUT/deb-root"
DEB="$OUT/quartermaster_${VERSION}_${ARCH}.deb"

rm -rf "$ROOT"
install -Dm755 -s "$TARGET_DIR/release/quartermaster" "$ROOT/usr/bin/quartermaster"
install -Dm644 src-tauri/linux/quartermaster.desktop "$ROOT/usr/share/applications/quartermaster.desktop"
for size in 32 48 64 128 256 512; do
    case "$size" in
        256) icon=icons/128x128@2x.png ;;
        512) icon=icons/icon.png ;;
        *) icon="icons/${size}x${size}.png" ;;
    esac
    install -Dm644 "$icon" "$ROOT/usr/share/icons/hicolor/${size}x${size}/apps/quartermaster.png"
done
install -Dm644 LICENSE "$ROOT/usr/share/doc/quartermaster/copyright"

INSTALLED_KB="$(du -sk "$ROOT/usr" | cut -f1)"
mkdir -p "$ROOT/DEBIAN"
cat > "$ROOT/DEBIAN/control" <<CONTROL
Package: quartermaster
Version: $VERSION
Architecture: $ARCH
Maintainer: The Quartermaster authors <authors@quartermaster.invalid>
Installed-Size: $INSTALLED_KB
Depends: libwebkit2gtk-4.1-0, libgtk-3-0
Section: misc
Priority: optional
Description: The ML engineering organisation in one local file
 Quartermaster is an offline desktop app for whoever runs an ML engineering
 organisation: portfolio, teams and headcount, roadmap, cloud spend, hiring
 scorecards and KPI history in one local SQLite file, with a command line for
 every import and export.
CONTROL

dpkg-deb --root-owner-group --build "$ROOT" "$DEB" >&2
log "built $DEB ($(du -h "$DEB" | cut -f1))"
echo "$DEB"
