package keychain

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/godbus/dbus/v5"
	"github.com/zalando/go-keyring"
)

// DefaultTimeout bounds each keychain call when NewOS is given zero.
const DefaultTimeout = 5 * time.Second

// osKeychain is the OS keychain via github.com/zalando/go-keyring, without
// a timeout (NewOS adds one). getenv reads the environment (os.Getenv).
type osKeychain struct {
	service string
	getenv  func(string) string
}

var _ Keychain = osKeychain{}

// NewOS returns the operating system's keychain for service (Hearth uses
// [Service]), with every call bounded by timeout (DefaultTimeout if <= 0)
// as described in [WithTimeout].
func NewOS(service string, timeout time.Duration) Keychain {
	return WithTimeout(osKeychain{service: service, getenv: os.Getenv}, timeout)
}

// errNoSessionBus is the cause when there is no session bus to talk to.
var errNoSessionBus = errors.New("no session bus address and no $XDG_RUNTIME_DIR/bus socket")

// sessionBus checks, on systems whose keychain is the Secret Service, that
// a D-Bus session bus exists before go-keyring is called. Without one,
// godbus would "autolaunch" a private dbus-daemon (and the Secret Service
// call would then start a gnome-keyring-daemon on it) that outlives the
// command: a keychain check must never leave processes behind.
func (k osKeychain) sessionBus() error {
	if runtime.GOOS == "darwin" || runtime.GOOS == "windows" {
		return nil
	}
	if addr := k.getenv("DBUS_SESSION_BUS_ADDRESS"); addr != "" && !strings.HasPrefix(addr, "autolaunch:") {
		return nil
	}
	if dir := k.getenv("XDG_RUNTIME_DIR"); dir != "" {
		if fi, err := os.Stat(filepath.Join(dir, "bus")); err == nil && fi.Mode()&fs.ModeSocket != 0 {
			return nil
		}
	}
	return Unavailable("no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set); Hearth does not start one", errNoSessionBus)
}

func (k osKeychain) Get(_ context.Context, account string) (string, error) {
	if err := k.sessionBus(); err != nil {
		return "", fmt.Errorf("keychain get: %w", err)
	}
	s, err := keyring.Get(k.service, account)
	if err != nil {
		return "", fmt.Errorf("keychain get: %w", classify(err))
	}
	return s, nil
}

func (k osKeychain) Set(_ context.Context, account, secret string) error {
	if err := k.sessionBus(); err != nil {
		return fmt.Errorf("keychain set: %w", err)
	}
	if err := keyring.Set(k.service, account, secret); err != nil {
		return fmt.Errorf("keychain set: %w", classify(err))
	}
	return nil
}

func (k osKeychain) Delete(_ context.Context, account string) error {
	if err := k.sessionBus(); err != nil {
		return fmt.Errorf("keychain delete: %w", err)
	}
	if err := keyring.Delete(k.service, account); err != nil {
		return fmt.Errorf("keychain delete: %w", classify(err))
	}
	return nil
}

// classify maps a go-keyring or D-Bus error to ErrNotFound or an
// *UnavailableError with a reason the user can act on.
func classify(err error) error {
	if errors.Is(err, keyring.ErrNotFound) {
		return ErrNotFound
	}
	if errors.Is(err, keyring.ErrSetDataTooBig) {
		return fmt.Errorf("secret too large for the keychain: %w", err)
	}
	name := dbusErrorName(err)
	msg := err.Error()
	switch {
	case name == "org.freedesktop.DBus.Error.ServiceUnknown" || name == "org.freedesktop.DBus.Error.NameHasNoOwner":
		return Unavailable("no Secret Service on the session bus (start gnome-keyring, KWallet or KeePassXC, or use passphrase protection)", err)
	case name == "org.freedesktop.DBus.Error.NoReply" || name == "org.freedesktop.DBus.Error.Timeout":
		return Unavailable("the Secret Service did not reply", err)
	case name == "org.freedesktop.Secret.Error.IsLocked":
		return Unavailable("the keyring is locked", err)
	case name == "org.freedesktop.DBus.Error.AccessDenied":
		return Unavailable("access to the Secret Service was denied", err)
	case name == "org.freedesktop.Secret.Error.NoSuchObject" || name == "org.freedesktop.DBus.Error.UnknownObject" ||
		strings.Contains(msg, "Object does not exist"):
		return Unavailable("the keyring has no default (login) collection", err)
	case strings.Contains(msg, "couldn't determine address of session bus"):
		return Unavailable("no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set)", err)
	case strings.HasPrefix(msg, "dial ") || strings.Contains(msg, "connection refused") ||
		strings.Contains(msg, "no such file or directory") || strings.Contains(msg, "dbus: authentication failed"):
		return Unavailable("cannot connect to the D-Bus session bus", err)
	case name != "":
		return Unavailable("the Secret Service returned an error ("+name+")", err)
	}
	return Unavailable("the keychain returned an error", err)
}

// dbusErrorName returns the D-Bus error name in err's chain, or "".
func dbusErrorName(err error) string {
	var pe *dbus.Error
	if errors.As(err, &pe) && pe != nil {
		return pe.Name
	}
	var ve dbus.Error
	if errors.As(err, &ve) {
		return ve.Name
	}
	return ""
}
