package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"

	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"
	"github.com/wailsapp/wails/v2/pkg/options/linux"
	"github.com/wailsapp/wails/v2/pkg/runtime"

	"hearth/backend/api"
	"hearth/backend/applog"
	"hearth/backend/cli"
)

// emitter sends backend events to the window through the Wails runtime.
type emitter struct{ ctx context.Context }

func (e *emitter) Emit(name string, data any) {
	if e.ctx != nil {
		runtime.EventsEmit(e.ctx, name, data)
	}
}

// fileDialogs opens native file dialogs through the Wails runtime.
type fileDialogs struct{ ctx context.Context }

func (d *fileDialogs) SaveFile(title, defaultName string) (string, error) {
	return runtime.SaveFileDialog(d.ctx, runtime.SaveDialogOptions{Title: title, DefaultFilename: defaultName})
}

func (d *fileDialogs) OpenFile(title string) (string, error) {
	return runtime.OpenFileDialog(d.ctx, runtime.OpenDialogOptions{Title: title})
}

// runWindow starts the desktop app. Wails lives here and in main.go only.
func runWindow(args []string) error {
	dataDir, err := windowDataDir(args, os.Getenv)
	if err != nil {
		return err
	}
	dirWarning, err := cli.PrepareDataDir(dataDir)
	if err != nil {
		return err
	}
	logFile, err := applog.OpenFile(filepath.Join(dataDir, "hearth.log"), 0, 0)
	if err != nil {
		return err
	}
	defer logFile.Close()
	logger := applog.New(logFile, slog.LevelInfo)
	if dirWarning != "" {
		logger.Warn("data folder not private", "detail", dirWarning)
		fmt.Fprintln(os.Stderr, "hearth: warning:", dirWarning)
	}

	em := &emitter{}
	dl := &fileDialogs{}
	cfg := api.Config{DataDir: dataDir, Version: version, Logger: logger, Emit: em.Emit, Dialogs: dl}
	// Release builds: a no-op. Builds with the hearthtest tag only
	// (end-to-end tests): cheap Argon2id and scripted file dialogs.
	applyWindowTestHooks(&cfg)
	backend, err := api.New(cfg)
	if err != nil {
		return err
	}
	logger.Info("window starting", "version", version)
	return wails.Run(&options.App{
		Title:     "Hearth",
		Width:     1180,
		Height:    780,
		MinWidth:  900,
		MinHeight: 600,
		AssetServer: &assetserver.Options{
			Assets: assets,
		},
		BackgroundColour: &options.RGBA{R: 250, G: 248, B: 245, A: 1},
		// GPU policy Never is what Wails picks when Linux is nil (wails#2977:
		// blank pages on many GPUs and under Xvfb); keep it with the icon.
		Linux: &linux.Options{Icon: appIcon, ProgramName: appID, WebviewGpuPolicy: linux.WebviewGpuPolicyNever},
		SingleInstanceLock: &options.SingleInstanceLock{
			UniqueId: instanceID(dataDir),
			OnSecondInstanceLaunch: func(options.SecondInstanceData) {
				logger.Info("second start: showing this window")
				if em.ctx != nil {
					runtime.WindowUnminimise(em.ctx)
					runtime.Show(em.ctx)
				}
			},
		},
		OnStartup: func(ctx context.Context) {
			em.ctx, dl.ctx = ctx, ctx
		},
		OnShutdown: func(ctx context.Context) {
			backend.Shutdown(ctx)
			logger.Info("window closed")
		},
		Bind: backend.Bindings(),
	})
}

// windowDataDir is the data folder the window opens: the one the command
// line would use, read by the same parser (cli.ParseStart).
func windowDataDir(args []string, getenv func(string) string) (string, error) {
	start, err := cli.ParseStart(args, getenv)
	if err != nil {
		return "", err
	}
	return start.DataDir, nil
}
