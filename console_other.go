//go:build !windows

package main

// attachConsole is needed on Windows only, where hearth.exe is a GUI
// program without a console; elsewhere the terminal's streams are inherited.
func attachConsole() {}
