//go:build linux

package profile

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
)

// lockHolders names the processes holding flock locks on the file at path,
// from /proc/locks: "the Hearth window (pid 4242)" or "'hearth chat'
// (pid 4243)". Only the program name and its subcommand are shown, never
// other arguments (a message may be one). It returns nil if it cannot tell.
func lockHolders(path string) []string {
	var st syscall.Stat_t
	if err := syscall.Stat(path, &st); err != nil {
		return nil
	}
	b, err := os.ReadFile("/proc/locks")
	if err != nil {
		return nil
	}
	suffix := ":" + strconv.FormatUint(st.Ino, 10)
	self := os.Getpid()
	var out []string
	seen := map[int]bool{}
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		// "1: FLOCK ADVISORY READ 4242 fe:00:9978227 0 EOF"
		if len(f) < 6 || f[1] != "FLOCK" || !strings.HasSuffix(f[5], suffix) {
			continue
		}
		pid, err := strconv.Atoi(f[4])
		if err != nil || pid == self || seen[pid] {
			continue
		}
		seen[pid] = true
		out = append(out, describeProcess(pid))
	}
	return out
}

var subcommand = regexp.MustCompile(`^[a-z][a-z-]{1,19}$`)

func describeProcess(pid int) string {
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid))
	if err != nil {
		return fmt.Sprintf("a Hearth process (pid %d)", pid)
	}
	args := strings.Split(strings.TrimRight(string(raw), "\x00"), "\x00")
	prog := filepath.Base(args[0])
	for i := 1; i < len(args); i++ {
		a := args[i]
		if a == "--data-dir" {
			i++
			continue
		}
		if strings.HasPrefix(a, "-") {
			continue
		}
		if subcommand.MatchString(a) {
			return fmt.Sprintf("'%s %s' (pid %d)", prog, a, pid)
		}
		break
	}
	return fmt.Sprintf("the %s window (pid %d)", prog, pid)
}
