package cli_test

import (
	"reflect"
	"testing"

	"hearth/backend/cli"
)

func TestParseStart(t *testing.T) {
	getenv := func(vals map[string]string) func(string) string {
		return func(k string) string { return vals[k] }
	}
	env := getenv(map[string]string{"HEARTH_DATA_DIR": "/env"})
	for _, tc := range []struct {
		args  []string
		dir   string
		rest  []string
		usage bool
	}{
		{args: nil, dir: "/env"},
		{args: []string{"--data-dir", "/x"}, dir: "/x"},
		{args: []string{"--data-dir=/x"}, dir: "/x"},
		{args: []string{"-data-dir", "/x", "doctor", "--profile", "Ann"}, dir: "/x", rest: []string{"doctor", "--profile", "Ann"}},
		{args: []string{"--data-dir=/x", "--help", "doctor"}, dir: "/x", rest: []string{"help"}},
		{args: []string{"version", "--data-dir=/y"}, dir: "/env", rest: []string{"version", "--data-dir=/y"}},
		{args: []string{"--data-dir"}, usage: true},
		{args: []string{"--data-dir="}, usage: true},
	} {
		s, err := cli.ParseStart(tc.args, env)
		if tc.usage {
			if err == nil || !cli.IsCommand(tc.args) {
				t.Errorf("%q: err %v, IsCommand %v; want a usage error for the command line", tc.args, err, cli.IsCommand(tc.args))
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: %v", tc.args, err)
			continue
		}
		if s.DataDir != tc.dir || !reflect.DeepEqual(s.Args, tc.rest) || s.Window() != (tc.rest == nil) {
			t.Errorf("%q: dir %q args %q window %v; want dir %q args %q", tc.args, s.DataDir, s.Args, s.Window(), tc.dir, tc.rest)
		}
	}
}
