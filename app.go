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
	"github.com/wailsapp/wails/v2/pkg/runtime"

	"hearth/backend/api"
	"hearth/backend/applog"
	"hearth/backend/cli"
	"hearth/backend/vault"
)

// emitter sends backend events to the window through the Wails runtime.
type emitter struct{ ctx context.Context }

func (e *emitter) Emit(name string, data any) {
	if e.ctx != nil {
		runtime.EventsEmit(e.ctx, name, data)
	}
}

// dialogs opens native file dialogs through the Wails runtime. With
// HEARTH_TEST_DIALOG_DIR set (end-to-end tests, where a GTK dialog would
// block the browser-driven page) it answers with files in that folder.
type dialogs struct {
	ctx     context.Context
	testDir string
}

func (d *dialogs) SaveFile(title, defaultName string) (string, error) {
	if d.testDir != "" {
		return filepath.Join(d.testDir, defaultName), nil
	}
	return runtime.SaveFileDialog(d.ctx, runtime.SaveDialogOptions{Title: title, DefaultFilename: defaultName})
}

func (d *dialogs) OpenFile(title string) (string, error) {
	if d.testDir != "" {
		return d.lastSaved()
	}
	return runtime.OpenFileDialog(d.ctx, runtime.OpenDialogOptions{Title: title})
}

// lastSaved is the newest file in the test folder (end-to-end tests only).
func (d *dialogs) lastSaved() (string, error) {
	entries, err := os.ReadDir(d.testDir)
	if err != nil {
		return "", err
	}
	best, bestTime := "", int64(0)
	for _, e := range entries {
		if info, err := e.Info(); err == nil && !e.IsDir() && info.ModTime().UnixNano() > bestTime {
			best, bestTime = filepath.Join(d.testDir, e.Name()), info.ModTime().UnixNano()
		}
	}
	return best, nil
}

// runWindow starts the desktop app. Wails lives here and in main.go only.
func runWindow(args []string) error {
	dataDir := ""
	for i := 0; i < len(args); i++ {
		if args[i] == "--data-dir" && i+1 < len(args) {
			dataDir = args[i+1]
		}
	}
	if dataDir == "" {
		d, err := cli.DefaultDataDir(os.Getenv)
		if err != nil {
			return err
		}
		dataDir = d
	}
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return fmt.Errorf("create data dir: %w", err)
	}
	logFile, err := applog.OpenFile(filepath.Join(dataDir, "hearth.log"), 0, 0)
	if err != nil {
		return err
	}
	defer logFile.Close()
	logger := applog.New(logFile, slog.LevelInfo)

	em := &emitter{}
	dl := &dialogs{testDir: os.Getenv("HEARTH_TEST_DIALOG_DIR")}
	cfg := api.Config{DataDir: dataDir, Version: version, Logger: logger, Emit: em.Emit, Dialogs: dl}
	if os.Getenv("HEARTH_TEST_LOW_KDF") == "1" {
		// End-to-end tests only: cheap Argon2id so many unlocks stay fast.
		cfg.KDF = vault.LowSecurityKDFParams()
	}
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
