package cli

import (
	"context"
	"errors"
)

var errPending = errors.New("this command is not available in this build yet")

func cmdExport(context.Context, *runner, []string) error        { return errPending }
func cmdImport(context.Context, *runner, []string) error        { return errPending }
func cmdImportChatGPT(context.Context, *runner, []string) error { return errPending }
