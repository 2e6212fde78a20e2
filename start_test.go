package main

import (
	"testing"

	"hearth/backend/cli"
)

// The window and the command line read the global flags and HEARTH_DATA_DIR
// the same way: every spelling of the data folder reaches the window.
func TestWindowDataDir_EverySpelling(t *testing.T) {
	env := func(vals map[string]string) func(string) string {
		return func(k string) string { return vals[k] }
	}
	noEnv := env(nil)
	for _, tc := range []struct {
		name   string
		args   []string
		getenv func(string) string
		want   string
	}{
		{"flag and value", []string{"--data-dir", "/x"}, noEnv, "/x"},
		{"flag=value", []string{"--data-dir=/x"}, noEnv, "/x"},
		{"single dash", []string{"-data-dir=/x"}, noEnv, "/x"},
		{"environment", nil, env(map[string]string{"HEARTH_DATA_DIR": "/env"}), "/env"},
		{"flag beats environment", []string{"--data-dir=/x"}, env(map[string]string{"HEARTH_DATA_DIR": "/env"}), "/x"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if cli.IsCommand(tc.args) {
				t.Fatalf("%q runs the command line, want the window", tc.args)
			}
			got, err := windowDataDir(tc.args, tc.getenv)
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("window data folder for %q = %q, want %q", tc.args, got, tc.want)
			}
		})
	}
}
