package household_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"hearth/backend/apperr"
	"hearth/backend/chat"
	"hearth/backend/exchange"
	"hearth/backend/household"
	"hearth/backend/keychain"
	"hearth/backend/llm"
	"hearth/backend/memory"
	"hearth/backend/module"
	"hearth/backend/profile"
	"hearth/backend/store"
	"hearth/backend/vault"
)

// TestDescribe is the table from the domain packages' errors to what a
// person sees. Each error is also wrapped the way callers wrap it, so the
// table holds through %w chains.
func TestDescribe(t *testing.T) {
	for _, tt := range []struct {
		name string
		err  error
		code string
		msg  string // the whole sentence, or with want a part of it
		part bool
		wait time.Duration
	}{
		// Keys and secrets.
		{name: "WrongSecret", err: &vault.WrongSecretError{Failures: 1}, code: apperr.WrongSecret, msg: "That PIN, passphrase or recovery key is not right."},
		{name: "WrongSecretWithWait", err: &vault.WrongSecretError{Failures: 5, Wait: 30 * time.Second}, code: apperr.WrongSecret,
			msg: "That is not right (5 wrong tries); wait 30 seconds before trying again.", wait: 30 * time.Second},
		{name: "LockedOut", err: &vault.LockoutError{Failures: 9, Wait: 10 * time.Minute}, code: apperr.LockedOut,
			msg: "Too many wrong tries; wait 10 minutes before trying again.", wait: 10 * time.Minute},
		{name: "RecoveryKeyFormat", err: vault.ErrRecoveryKeyFormat, code: apperr.WrongSecret, msg: "That is not a valid recovery key; check it for typos."},
		{name: "KeychainItemMissing", err: fmt.Errorf("%w: %w", vault.ErrKeychainItemMissing, keychain.ErrNotFound), code: apperr.Keychain,
			msg: "The keychain no longer holds this profile's key; open it with the recovery key."},
		{name: "KeychainUnavailable", err: &keychain.UnavailableError{Reason: "no Secret Service on the session bus", Err: errors.New("dbus: no reply")},
			code: apperr.Keychain, msg: "The OS keychain is unavailable (no Secret Service on the session bus); choose passphrase protection on this machine."},
		{name: "KeychainUnavailableNoReason", err: keychain.ErrUnavailable, code: apperr.Keychain,
			msg: "The OS keychain is unavailable (no Secret Service answered); choose passphrase protection on this machine."},
		{name: "WeakSecret", err: fmt.Errorf("%w: a PIN needs at least 6 characters", vault.ErrWeakSecret), code: apperr.Invalid,
			msg: "PIN or passphrase too short: a PIN needs at least 6 characters."},
		{name: "SlotsLost", err: fmt.Errorf("%w (%w; its copy keyslots.copy.json is unusable too: x)", vault.ErrSlotsLost, vault.ErrCorrupt), code: apperr.Internal,
			msg: "Both copies of this profile's key file", part: true},
		{name: "KeyDataDamaged", err: vault.ErrCorrupt, code: apperr.Internal, msg: "This profile's key data is damaged; open it with the recovery key."},
		{name: "ExportPassphrase", err: exchange.ErrWrongPassphrase, code: apperr.WrongSecret, msg: "That passphrase does not open this export file."},

		// The open profile and its database.
		{name: "Locked", err: profile.ErrLocked, code: apperr.Locked, msg: "No profile is open; unlock one first."},
		{name: "NotOpen", err: profile.ErrNotOpen, code: apperr.Locked, msg: "No profile is open; unlock one first."},
		{name: "DatabaseMissing", err: store.ErrMissing, code: apperr.Internal, msg: "This profile's database file (hearth.db) is missing or empty.", part: true},
		{name: "DatabaseWrongKey", err: store.ErrWrongKey, code: apperr.Internal, msg: "The profile's database could not be decrypted; its file may be damaged or replaced."},
		{name: "RegistryBusy", err: profile.ErrBusy, code: apperr.Internal, msg: "Another Hearth window or command is changing the profile list; try again in a moment."},
		{name: "RegistryCorruptHidesTheParser", err: fmt.Errorf("%w: %w", profile.ErrRegistryCorrupt, errors.New("invalid character 'x' looking for beginning of value")),
			code: apperr.Internal, msg: "The profile list (profiles.json) is damaged and Hearth could not rebuild it from the profile folders; the details are in the log."},

		// Not found: one sentinel each, matched with errors.Is (no text matching).
		{name: "ProfileNotFound", err: profile.ErrNotFound, code: apperr.NotFound, msg: "That profile does not exist."},
		{name: "ModuleNotFound", err: fmt.Errorf("%w: %q", module.ErrNotFound, "nope"), code: apperr.NotFound, msg: "That module does not exist."},
		{name: "SessionNotFound", err: chat.ErrNotFound, code: apperr.NotFound, msg: "That conversation was not found in this module."},
		{name: "MemoryNotFound", err: memory.ErrNotFound, code: apperr.NotFound, msg: "That memory was not found in this module."},
		{name: "EndpointNotFound", err: llm.ErrNotFound, code: apperr.NotFound, msg: "That endpoint no longer exists; choose another one."},
		{name: "ErasedNotFound", err: exchange.ErrNotFound, code: apperr.NotFound, msg: "That was not found; it may already be deleted."},
		{name: "KeychainItemNotFound", err: keychain.ErrNotFound, code: apperr.NotFound, msg: "The keychain holds no key for this profile; open it with the recovery key."},
		{name: "NotFoundInTextIsNotNotFound", err: errors.New("libwebkit2gtk not found"), code: apperr.Internal, msg: apperr.InternalMessage},

		// Input the person can change: the reason it was wrapped with, without the callers' context.
		{name: "ProfileNameMissing", err: fmt.Errorf("%w: a name is required", profile.ErrInvalid), code: apperr.Invalid, msg: "Invalid profile details: a name is required."},
		{name: "ProfileNameTaken", err: fmt.Errorf("%w: %q", profile.ErrNameTaken, "Ana"), code: apperr.Invalid, msg: `A profile with this name already exists: "Ana".`},
		{name: "MemoryEmpty", err: fmt.Errorf("%w: text is empty", memory.ErrInvalid), code: apperr.Invalid, msg: "Invalid memory: text is empty."},
		{name: "ModuleExists", err: module.ErrExists, code: apperr.Invalid, msg: "A module with this id or name already exists."},
		{name: "ModuleBuiltin", err: module.ErrBuiltin, code: apperr.Invalid, msg: "Built-in modules cannot be deleted; archive it instead."},
		{name: "InUseSaysWhere", err: fmt.Errorf("delete profile: %w (open in pid 42)", profile.ErrInUse), code: apperr.Internal,
			msg: "The profile is open in another Hearth window or command; close it there and try again (open in pid 42)."},
		{name: "ChatEmpty", err: chat.ErrEmpty, code: apperr.Invalid, msg: "Type a message first."},
		{name: "ChatBusy", err: chat.ErrBusy, code: apperr.Internal, msg: "A reply is still being written in this conversation; wait for it or stop it."},
		{name: "ChatNoReply", err: chat.ErrNoReply, code: apperr.Invalid, msg: "There is no reply to regenerate yet."},
		{name: "ChatClosed", err: chat.ErrClosed, code: apperr.Locked, msg: "The profile is being locked; unlock it again to go on."},
		{name: "EndpointNameTaken", err: llm.ErrNameTaken, code: apperr.Invalid, msg: "An endpoint with this name already exists."},
		{name: "NoEndpoint", err: llm.ErrNoEndpoint, code: apperr.Internal, msg: "No model server is set up yet; add an endpoint first."},
		{name: "ModelServerFault", err: &llm.Error{Kind: llm.KindConnectionRefused, Op: "chat", Host: "127.0.0.1:11434"}, code: apperr.Internal,
			msg: "Nothing is answering at 127.0.0.1:11434; is the model server running?"},

		// Worded by the domain package: passed through as it is.
		{name: "WordedByDomain", err: apperr.Wrap(apperr.Invalid, exchange.ErrInvalid, "The archive is damaged or not a Hearth export: manifest.json line 3: bad JSON."),
			code: apperr.Invalid, msg: "The archive is damaged or not a Hearth export: manifest.json line 3: bad JSON."},

		// Nobody worded it: the plain sentence, never the chain of causes.
		{name: "Unknown", err: fmt.Errorf("open /home/x/secret: permission denied"), code: apperr.Internal, msg: apperr.InternalMessage},
		{name: "UnknownSQL", err: fmt.Errorf("list sessions: %w", errors.New("SQL logic error: no such table: sessions (1)")), code: apperr.Internal, msg: apperr.InternalMessage},
	} {
		t.Run(tt.name, func(t *testing.T) {
			for _, err := range []error{tt.err, fmt.Errorf("unlock: %w", fmt.Errorf("open workspace: %w", tt.err))} {
				e := household.Describe(err)
				if e.Code != tt.code {
					t.Errorf("code = %q, want %q (err %v)", e.Code, tt.code, err)
				}
				if got := e.Message; (tt.part && !strings.HasPrefix(got, tt.msg)) || (!tt.part && got != tt.msg) {
					t.Errorf("message = %q, want %q", got, tt.msg)
				}
				if e.Wait != tt.wait {
					t.Errorf("wait = %v, want %v", e.Wait, tt.wait)
				}
				if !errors.Is(e, tt.err) {
					t.Errorf("the described error lost its cause")
				}
				if strings.Contains(e.Message, "unlock:") || strings.Contains(e.Message, "open workspace") {
					t.Errorf("the callers' context reached the person: %q", e.Message)
				}
				if apperr.Code(e) != e.Code || apperr.Message(fmt.Errorf("x: %w", e)) != e.Message {
					t.Errorf("apperr helpers disagree with Describe")
				}
			}
		})
	}
	if household.Describe(nil) != nil {
		t.Error("Describe(nil) is not nil")
	}
}

// TestDescribeLLMClient: an error from a real call to a model server that
// is not there reaches the table already worded, with its host.
func TestDescribeLLMClient(t *testing.T) {
	ep := llm.Endpoint{BaseURL: "http://127.0.0.1:1/v1", DefaultModel: "m"}
	_, err := llm.NewClient(llm.ClientOptions{}).Models(context.Background(), ep)
	e := household.Describe(err)
	if e.Code != apperr.Internal || !strings.Contains(e.Message, "127.0.0.1:1") || e.Message == apperr.InternalMessage {
		t.Fatalf("described as %q (%s), err %v", e.Message, e.Code, err)
	}
}
