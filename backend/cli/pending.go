package cli

import (
	"context"
	"errors"
)

var errPending = errors.New("this command is not available in this build yet")

func cmdDoctor(context.Context, *runner, []string) error        { return errPending }
func cmdProfile(context.Context, *runner, []string) error       { return errPending }
func cmdModule(context.Context, *runner, []string) error        { return errPending }
func cmdSession(context.Context, *runner, []string) error       { return errPending }
func cmdMemory(context.Context, *runner, []string) error        { return errPending }
func cmdSearch(context.Context, *runner, []string) error        { return errPending }
func cmdEndpoint(context.Context, *runner, []string) error      { return errPending }
func cmdChat(context.Context, *runner, []string) error          { return errPending }
func cmdExport(context.Context, *runner, []string) error        { return errPending }
func cmdImport(context.Context, *runner, []string) error        { return errPending }
func cmdImportChatGPT(context.Context, *runner, []string) error { return errPending }
