//go:build tools

// Package wailscli pins the Wails CLI's build: wails v2.9.2's own go.mod
// asks for golang.org/x/tools v0.17.0, which no longer compiles with Go
// 1.26, so `go install …/cmd/wails@v2.9.2` fails. This module builds the
// same CLI with a newer x/tools: `go build github.com/wailsapp/wails/v2/cmd/wails`.
package wailscli

import _ "github.com/wailsapp/wails/v2/cmd/wails"
