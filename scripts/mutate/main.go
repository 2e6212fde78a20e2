// Command mutate checks that the tests guarding Hearth's privacy rules have
// teeth: it applies each rule-breaking edit listed in a mutants file to a
// scratch copy of the repository, one at a time, runs the Go test
// packages named for it, and reports which edits the tests catch
// ("killed") and which they do not ("SURVIVED").
//
// It is run by hand (make mutate, or scripts/mutate.sh), never in CI: each
// mutant costs a test run. The working tree is never touched; the scratch
// copy is `git archive HEAD` (or -rev) unpacked under the system temp
// directory, or a copy of the working tree's tracked and new files with
// -worktree. Tests that fail on the unmutated copy (flaky, or broken by
// work in progress) are reported and cannot kill a mutant.
//
// # Mutants file
//
//	== id: what the edit breaks
//	test ./backend/chat/ ./backend/memory/
//	file backend/chat/turn.go
//	<<<
//	exact old text (one or more lines; must occur exactly once)
//	---
//	new text
//	>>>
//
// A mutant may have several file/<<< blocks. Lines starting with # outside
// a block are comments. An edit whose old text is not found (exactly once)
// makes the mutant STALE: update the list when the code moves.
package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"
)

type edit struct {
	file     string
	old, new string
}

type mutant struct {
	id, desc string
	pkgs     []string
	edits    []edit
	line     int
}

func main() {
	list := flag.String("list", "scripts/mutants.txt", "mutants file (relative paths start at the repository root)")
	run := flag.String("run", "", "only mutants whose id matches this regexp")
	skip := flag.String("skip", "", "passed to go test -skip (to see which mutants survive without some tests)")
	rev := flag.String("rev", "HEAD", "commit to copy (git archive)")
	worktree := flag.Bool("worktree", false, "copy the working tree (tracked and untracked, not ignored) instead of -rev")
	keep := flag.Bool("keep", false, "keep the scratch copy")
	timeout := flag.Duration("timeout", 15*time.Minute, "go test timeout per mutant")
	flag.Parse()
	if err := mainErr(*list, *run, *skip, *rev, *worktree, *keep, *timeout); err != nil {
		fmt.Fprintln(os.Stderr, "mutate:", err)
		if errors.Is(err, errSurvivors) {
			os.Exit(1)
		}
		os.Exit(2)
	}
}

func mainErr(list, run, skip, rev string, worktree, keep bool, timeout time.Duration) error {
	root, err := output(".", "git", "rev-parse", "--show-toplevel")
	if err != nil {
		return fmt.Errorf("find repository: %w", err)
	}
	root = strings.TrimSpace(root)
	if !filepath.IsAbs(list) {
		list = filepath.Join(root, list)
	}
	muts, err := parse(list)
	if err != nil {
		return err
	}
	if run != "" {
		re, err := regexp.Compile(run)
		if err != nil {
			return fmt.Errorf("-run: %w", err)
		}
		var sel []mutant
		for _, m := range muts {
			if re.MatchString(m.id) {
				sel = append(sel, m)
			}
		}
		muts = sel
	}
	if len(muts) == 0 {
		return errors.New("no mutants selected")
	}
	scratch, err := os.MkdirTemp("", "hearth-mutate-")
	if err != nil {
		return err
	}
	if keep {
		fmt.Println("scratch copy:", scratch)
	} else {
		defer os.RemoveAll(scratch)
	}
	if err := copyTree(root, scratch, rev, worktree); err != nil {
		return fmt.Errorf("scratch copy: %w", err)
	}

	// Baseline: the unmutated copy must pass, or every "killed" is noise.
	pkgSet := map[string]bool{}
	for _, m := range muts {
		for _, p := range m.pkgs {
			pkgSet[p] = true
		}
	}
	var all []string
	for p := range pkgSet {
		all = append(all, p)
	}
	sort.Strings(all)
	fmt.Printf("baseline: go test %s\n", strings.Join(all, " "))
	// Tests that already fail (or flake) unmutated cannot kill a mutant.
	ignore := map[string]bool{}
	if out, ok := goTest(scratch, all, skip, timeout); !ok {
		fails := failingTests(out)
		if len(fails) == 0 {
			fmt.Println(out)
			return errors.New("the unmutated copy does not build or its tests fail outside any test; fix that first")
		}
		fmt.Printf("WARNING: the unmutated copy fails %s; these tests are ignored below\n", strings.Join(fails, " "))
		for _, f := range fails {
			ignore[f] = true
		}
	}

	var survived, stale int
	fmt.Printf("\n%-40s %-9s %s\n", "MUTANT", "RESULT", "FAILING TESTS / NOTE")
	for _, m := range muts {
		res, note := runMutant(scratch, m, skip, timeout, ignore)
		switch res {
		case "SURVIVED":
			survived++
		case "STALE", "BROKEN":
			stale++
		}
		fmt.Printf("%-40s %-9s %s\n", m.id, res, note)
		fmt.Printf("%-40s %-9s   (%s)\n", "", "", m.desc)
	}
	fmt.Printf("\n%d mutants: %d killed, %d survived, %d stale or not compiling\n",
		len(muts), len(muts)-survived-stale, survived, stale)
	if survived+stale > 0 {
		return errSurvivors
	}
	return nil
}

// errSurvivors makes the exit status 1 (after the scratch copy is removed).
var errSurvivors = errors.New("some mutants survived or are stale")

// runMutant applies m to the scratch copy, tests, and restores the files.
func runMutant(dir string, m mutant, skip string, timeout time.Duration, ignore map[string]bool) (string, string) {
	orig := map[string][]byte{}
	defer func() {
		for f, b := range orig {
			os.WriteFile(filepath.Join(dir, f), b, 0o644)
		}
	}()
	for _, e := range m.edits {
		p := filepath.Join(dir, e.file)
		b, ok := orig[e.file]
		if !ok {
			var err error
			if b, err = os.ReadFile(p); err != nil {
				return "STALE", err.Error()
			}
			orig[e.file] = b
		}
		cur, _ := os.ReadFile(p)
		if n := bytes.Count(cur, []byte(e.old)); n != 1 {
			return "STALE", fmt.Sprintf("%s: old text found %d times (mutants file line %d)", e.file, n, m.line)
		}
		if err := os.WriteFile(p, bytes.Replace(cur, []byte(e.old), []byte(e.new), 1), 0o644); err != nil {
			return "STALE", err.Error()
		}
	}
	out, ok := goTest(dir, m.pkgs, skip, timeout)
	if ok {
		return "SURVIVED", "no test failed"
	}
	if fails := failingTests(out); len(fails) > 0 {
		var real []string
		for _, f := range fails {
			if !ignore[f] {
				real = append(real, f)
			}
		}
		if len(real) == 0 {
			return "SURVIVED", "only tests that fail unmutated failed: " + strings.Join(fails, " ")
		}
		return "killed", strings.Join(real, " ")
	}
	if strings.Contains(out, "[build failed]") || strings.Contains(out, "[setup failed]") {
		return "BROKEN", "does not compile: " + firstLine(out)
	}
	return "killed", "go test failed: " + firstLine(out)
}

var failRe = regexp.MustCompile(`(?m)^--- FAIL: (\S+)`)

// failingTests lists the top-level tests that failed.
func failingTests(out string) []string {
	var names []string
	seen := map[string]bool{}
	for _, m := range failRe.FindAllStringSubmatch(out, -1) {
		if !seen[m[1]] {
			seen[m[1]] = true
			names = append(names, m[1])
		}
	}
	return names
}

func firstLine(s string) string {
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			return l
		}
	}
	return ""
}

func goTest(dir string, pkgs []string, skip string, timeout time.Duration) (string, bool) {
	args := []string{"test", "-count=1", "-timeout", timeout.String()}
	if skip != "" {
		args = append(args, "-skip", skip)
	}
	args = append(args, pkgs...)
	ctx, cancel := context.WithTimeout(context.Background(), timeout+time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS="+goflags())
	out, err := cmd.CombinedOutput()
	return string(out), err == nil
}

// goflags keeps the caller's GOFLAGS and adds the build tag the Makefile
// uses, so a plain `scripts/mutate.sh` behaves like `make mutate`.
func goflags() string {
	f := os.Getenv("GOFLAGS")
	if !strings.Contains(f, "-tags") {
		f = strings.TrimSpace(f + " -tags=webkit2_41")
	}
	return f
}

// copyTree fills dst with rev (git archive) or with the working tree's
// tracked and untracked, non-ignored files.
func copyTree(root, dst, rev string, worktree bool) error {
	if !worktree {
		cmd := exec.Command("sh", "-c", `git -C "$1" archive "$3" | tar -x -C "$2"`, "sh", root, dst, rev)
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("%v: %s", err, out)
		}
		return nil
	}
	files, err := output(root, "git", "ls-files", "-z", "--cached", "--others", "--exclude-standard")
	if err != nil {
		return err
	}
	for _, f := range strings.Split(files, "\x00") {
		if f == "" {
			continue
		}
		b, err := os.ReadFile(filepath.Join(root, f))
		if errors.Is(err, os.ErrNotExist) {
			continue // deleted in the working tree
		}
		if err != nil {
			return err
		}
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dst, f)), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dst, f), b, 0o644); err != nil {
			return err
		}
	}
	return nil
}

func output(dir, name string, args ...string) (string, error) {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	out, err := cmd.Output()
	return string(out), err
}

// parse reads the mutants file (format in the package doc).
func parse(path string) ([]mutant, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var muts []mutant
	var cur *mutant
	var file string
	var old, nu []string
	state := "" // "", "old", "new"
	sc := bufio.NewScanner(f)
	n := 0
	bad := func(msg string) error { return fmt.Errorf("%s:%d: %s", path, n, msg) }
	for sc.Scan() {
		line := sc.Text()
		n++
		switch state {
		case "old":
			if line == "---" {
				state = "new"
			} else {
				old = append(old, line)
			}
			continue
		case "new":
			if line == ">>>" {
				if file == "" {
					return nil, bad("edit before a file line")
				}
				cur.edits = append(cur.edits, edit{file: file, old: strings.Join(old, "\n"), new: strings.Join(nu, "\n")})
				old, nu, state = nil, nil, ""
			} else {
				nu = append(nu, line)
			}
			continue
		}
		switch {
		case strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#"):
		case strings.HasPrefix(line, "== "):
			id, desc, _ := strings.Cut(strings.TrimPrefix(line, "== "), ":")
			muts = append(muts, mutant{id: strings.TrimSpace(id), desc: strings.TrimSpace(desc), line: n})
			cur, file = &muts[len(muts)-1], ""
		case cur == nil:
			return nil, bad("line outside a mutant")
		case strings.HasPrefix(line, "test "):
			cur.pkgs = append(cur.pkgs, strings.Fields(strings.TrimPrefix(line, "test "))...)
		case strings.HasPrefix(line, "file "):
			file = strings.TrimSpace(strings.TrimPrefix(line, "file "))
		case line == "<<<":
			state = "old"
		default:
			return nil, bad("unexpected line: " + line)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if state != "" {
		return nil, bad("unterminated edit")
	}
	for _, m := range muts {
		if len(m.pkgs) == 0 || len(m.edits) == 0 {
			return nil, fmt.Errorf("%s:%d: mutant %s needs a test line and an edit", path, m.line, m.id)
		}
	}
	return muts, nil
}
