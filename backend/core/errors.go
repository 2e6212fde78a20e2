package core

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"

	"hearth/backend/exchange"
	"hearth/backend/keychain"
	"hearth/backend/llm"
	"hearth/backend/profile"
	"hearth/backend/store"
	"hearth/backend/vault"
)

// Codes the window and the command line react to.
const (
	CodeWrongSecret = "wrong-secret"
	CodeLockedOut   = "locked-out"
	CodeKeychain    = "keychain-unavailable"
	CodeLocked      = "locked"
	CodeNotFound    = "not-found"
	CodeInvalid     = "invalid"
	CodeError       = "error"
)

// Problem is an error told to a person: a code and one clear sentence.
type Problem struct {
	Code    string
	Message string
	Wait    time.Duration // for CodeLockedOut
}

// Describe turns err into a Problem. The sentence names what went wrong
// without secrets or message text.
func Describe(err error) Problem {
	var lo *vault.LockoutError
	switch {
	case errors.As(err, &lo):
		secs := int(lo.Wait.Round(time.Second) / time.Second)
		return Problem{Code: CodeLockedOut, Wait: lo.Wait,
			Message: fmt.Sprintf("Too many wrong tries; wait %s before trying again.", humanWait(secs))}
	case errors.Is(err, vault.ErrWrongSecret):
		var ws *vault.WrongSecretError
		if errors.As(err, &ws) && ws.Wait > 0 {
			secs := int(ws.Wait.Round(time.Second) / time.Second)
			return Problem{Code: CodeWrongSecret, Wait: ws.Wait,
				Message: fmt.Sprintf("That is not right (%d wrong tries); wait %s before trying again.", ws.Failures, humanWait(secs))}
		}
		return Problem{Code: CodeWrongSecret, Message: "That PIN, passphrase or recovery key is not right."}
	case errors.Is(err, vault.ErrRecoveryKeyFormat):
		return Problem{Code: CodeWrongSecret, Message: "That is not a valid recovery key; check it for typos."}
	case errors.Is(err, vault.ErrKeychainItemMissing):
		return Problem{Code: CodeKeychain, Message: "The keychain no longer holds this profile's key; open it with the recovery key."}
	case errors.Is(err, keychain.ErrUnavailable):
		return Problem{Code: CodeKeychain, Message: sentence("The OS keychain is unavailable (" + reason(err) + "); choose passphrase protection on this machine")}
	case errors.Is(err, profile.ErrLocked), errors.Is(err, profile.ErrNotOpen):
		return Problem{Code: CodeLocked, Message: "No profile is open; unlock one first."}
	case errors.Is(err, store.ErrMissing):
		return Problem{Code: CodeError, Message: "This profile's database file (hearth.db) is missing or empty. Hearth did not start it over: put back a copy of the file, or bring the profile back from an export."}
	case errors.Is(err, store.ErrWrongKey):
		return Problem{Code: CodeError, Message: "The profile's database could not be decrypted; its file may be damaged or replaced."}
	case errors.Is(err, vault.ErrCorrupt) && !strings.Contains(err.Error(), vault.SlotsCopyName):
		return Problem{Code: CodeError, Message: "This profile's key data is damaged; open it with the recovery key."}
	case errors.Is(err, vault.ErrCorrupt):
		return Problem{Code: CodeError, Message: "Both copies of this profile's key file (keyslots.json and keyslots.copy.json) are damaged or missing; put back a copy of either file from a backup, or bring the profile back from an export."}
	case errors.Is(err, profile.ErrBusy):
		return Problem{Code: CodeError, Message: sentence(profile.ErrBusy.Error())}
	case errors.Is(err, profile.ErrRegistryCorrupt):
		return Problem{Code: CodeError, Message: sentence(err.Error())}
	case errors.Is(err, exchange.ErrWrongPassphrase):
		return Problem{Code: CodeWrongSecret, Message: exchange.UserMessage(err)}
	case isExchange(err):
		return Problem{Code: CodeInvalid, Message: exchange.UserMessage(err)}
	case isLLM(err):
		return Problem{Code: CodeError, Message: llm.UserMessage(err)}
	case isNotFound(err):
		return Problem{Code: CodeNotFound, Message: sentence(err.Error())}
	}
	return Problem{Code: CodeError, Message: sentence(err.Error())}
}

func isExchange(err error) bool {
	var e *exchange.Error
	return errors.As(err, &e)
}

func isLLM(err error) bool {
	var e *llm.Error
	return errors.As(err, &e) || errors.Is(err, llm.ErrNoEndpoint) || errors.Is(err, llm.ErrNoModel)
}

func isNotFound(err error) bool {
	return strings.Contains(err.Error(), "not found") || errors.Is(err, profile.ErrNotFound)
}

// reason is the innermost cause of a keychain failure, without the sentinel.
func reason(err error) string {
	var u *keychain.UnavailableError
	if errors.As(err, &u) && u.Reason != "" {
		return u.Reason
	}
	return "no Secret Service answered"
}

func humanWait(secs int) string {
	if secs < 1 {
		secs = 1
	}
	if secs < 90 {
		return fmt.Sprintf("%d seconds", secs)
	}
	return fmt.Sprintf("%d minutes", (secs+59)/60)
}

// sentence capitalises s and ends it with a full stop.
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return "Something went wrong."
	}
	r := []rune(s)
	r[0] = unicode.ToUpper(r[0])
	s = string(r)
	if !strings.HasSuffix(s, ".") && !strings.HasSuffix(s, "?") && !strings.HasSuffix(s, "!") {
		s += "."
	}
	return s
}
