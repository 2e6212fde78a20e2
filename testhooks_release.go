//go:build !hearthtest

package main

import (
	"hearth/backend/api"
	"hearth/backend/cli"
)

// The release binary has no test switches: no environment variable, flag
// or file changes key derivation or where file dialogs point. The
// end-to-end scripts build with -tags hearthtest (testhooks_e2e.go).

func applyWindowTestHooks(*api.Config) {}

func applyCLITestHooks(*cli.Env) {}
