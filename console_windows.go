//go:build windows

package main

import (
	"os"

	"golang.org/x/sys/windows"
)

// attachConsole connects a command-line run to the console it was started
// from. hearth.exe is a GUI program (Wails builds it without a console of
// its own), so without this `hearth version` typed in cmd.exe or PowerShell
// would print nothing and secret prompts could not read the keyboard.
// Standard streams already redirected to a file or pipe are left alone.
func attachConsole() {
	const attachParentProcess = ^uintptr(0) // ATTACH_PARENT_PROCESS, (DWORD)-1
	attach := windows.NewLazySystemDLL("kernel32.dll").NewProc("AttachConsole")
	if r, _, _ := attach.Call(attachParentProcess); r == 0 {
		return // started from Explorer or a shortcut: no console to attach
	}
	if out, err := os.OpenFile("CONOUT$", os.O_WRONLY, 0); err == nil {
		if !redirected(windows.STD_OUTPUT_HANDLE) {
			os.Stdout = out
		}
		if !redirected(windows.STD_ERROR_HANDLE) {
			os.Stderr = out
		}
	}
	if !redirected(windows.STD_INPUT_HANDLE) {
		if in, err := os.OpenFile("CONIN$", os.O_RDWR, 0); err == nil {
			os.Stdin = in
		}
	}
}

// redirected reports whether a standard handle was given to the process
// (a file, pipe or console of its own) rather than left empty.
func redirected(std uint32) bool {
	h, err := windows.GetStdHandle(std)
	if err != nil || h == 0 || h == windows.InvalidHandle {
		return false
	}
	t, err := windows.GetFileType(h)
	return err == nil && t != windows.FILE_TYPE_UNKNOWN
}
