package keychain

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/godbus/dbus/v5"
	"github.com/zalando/go-keyring"
)

func TestClassify(t *testing.T) {
	for _, tc := range []struct {
		name   string
		err    error
		reason string // "" means ErrNotFound
	}{
		{"NotFound", keyring.ErrNotFound, ""},
		{"NoService", &dbus.Error{Name: "org.freedesktop.DBus.Error.ServiceUnknown", Body: []any{"The name is not activatable"}}, "no Secret Service on the session bus"},
		{"NoServiceValue", fmt.Errorf("call: %w", dbus.Error{Name: "org.freedesktop.DBus.Error.ServiceUnknown"}), "no Secret Service on the session bus"},
		{"Locked", &dbus.Error{Name: "org.freedesktop.Secret.Error.IsLocked"}, "locked"},
		{"NoAddress", errors.New("dbus: couldn't determine address of session bus"), "DBUS_SESSION_BUS_ADDRESS"},
		{"Dial", errors.New("dial unix /x: connect: no such file or directory"), "cannot connect to the D-Bus session bus"},
		{"Other", errors.New("boom"), "the keychain returned an error"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := classify(tc.err)
			if tc.reason == "" {
				if !errors.Is(got, ErrNotFound) {
					t.Fatalf("got %v, want ErrNotFound", got)
				}
				return
			}
			var ue *UnavailableError
			if !errors.Is(got, ErrUnavailable) || !errors.As(got, &ue) || !strings.Contains(ue.Reason, tc.reason) {
				t.Fatalf("got %v, want reason containing %q", got, tc.reason)
			}
			if !errors.Is(got, tc.err) && ue.Err != tc.err {
				t.Fatalf("cause lost: %v", got)
			}
		})
	}
}
