package main

import (
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"path/filepath"
)

// appID is Hearth's reverse-DNS id: the desktop entry, the AppStream
// metainfo and the icon are named after it, and the window sets it as its
// program name so the desktop groups the window under the menu entry.
const appID = "app.hearth.Hearth"

// appIcon is the window icon on Linux (Windows and macOS take the icon from
// the executable's resources and the bundle). `make icons` renders it from
// build/appicon.svg before every build, at 128 px: GTK drops a window icon
// too big for one X request (1024 px is), leaving X11 task bars without it.
//
//go:embed build/windowicon.png
var appIcon []byte

// instanceID names the single-instance lock of one data folder: opening
// Hearth a second time on the same profiles focuses the running window
// instead; a window on another --data-dir is a separate instance.
func instanceID(dataDir string) string {
	if abs, err := filepath.Abs(dataDir); err == nil {
		dataDir = abs
	}
	sum := sha256.Sum256([]byte(dataDir))
	return "hearth_" + hex.EncodeToString(sum[:8])
}
