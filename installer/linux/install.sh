#!/usr/bin/env sh
# Install the one-folder bundle for the current user on Linux: the program under
# ~/.local/lib/archivist, a launcher in ~/.local/bin, the menu entry and the icons.
# Usage: installer/linux/install.sh [dist/archivist]
set -eu
HERE="$(cd "$(dirname "$0")" && pwd)"
BUNDLE="${1:-$HERE/../../dist/archivist}"
PREFIX="${PREFIX:-$HOME/.local}"
ICONS="$BUNDLE/_internal/archivist/resources/icons"

rm -rf "$PREFIX/lib/archivist"
mkdir -p "$PREFIX/lib" "$PREFIX/bin" "$PREFIX/share/applications"
cp -R "$BUNDLE" "$PREFIX/lib/archivist"
ln -sf "$PREFIX/lib/archivist/archivist" "$PREFIX/bin/archivist"
cp "$HERE/archivist.desktop" "$PREFIX/share/applications/archivist.desktop"
for size in 16 24 32 48 64 128 256 512; do
    mkdir -p "$PREFIX/share/icons/hicolor/${size}x${size}/apps"
    cp "$ICONS/archivist-$size.png" "$PREFIX/share/icons/hicolor/${size}x${size}/apps/archivist.png"
done
mkdir -p "$PREFIX/share/icons/hicolor/scalable/apps"
cp "$ICONS/archivist.svg" "$PREFIX/share/icons/hicolor/scalable/apps/archivist.svg"
echo "Archivist installed in $PREFIX/lib/archivist; run 'archivist' or use the application menu."
