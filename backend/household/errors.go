package household

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"hearth/backend/apperr"
	"hearth/backend/chat"
	"hearth/backend/exchange"
	"hearth/backend/keychain"
	"hearth/backend/llm"
	"hearth/backend/memory"
	"hearth/backend/module"
	"hearth/backend/profile"
	"hearth/backend/store"
	"hearth/backend/vault"
)

// Describe is the one table from the domain packages' errors to what a
// person sees: an [*apperr.Error] with a code and one clear sentence. An
// error that already carries one (an LLM server's own sentence, an
// import's line number) keeps it; sentinels are matched with errors.Is;
// anything else is [apperr.InternalMessage], never its text, with err kept
// as the cause for the log. Describe(nil) is nil.
func Describe(err error) *apperr.Error {
	if err == nil {
		return nil
	}
	var ae *apperr.Error
	if errors.As(err, &ae) {
		return ae
	}
	if e := llm.Describe(err); e != nil {
		return e // model servers and endpoints: llm words its own
	}
	if e := describeVault(err); e != nil {
		return e
	}
	for _, r := range sentences() {
		if errors.Is(err, r.is) {
			msg := r.msg
			if msg == "" {
				msg = apperr.Sentence(reasonOf(err, r.is))
			}
			return apperr.Wrap(r.code, err, msg)
		}
	}
	return apperr.From(err)
}

// describeVault words the key errors whose sentence carries data (a wait,
// a count, the keychain's reason).
func describeVault(err error) *apperr.Error {
	var lo *vault.LockoutError
	var ws *vault.WrongSecretError
	switch {
	case errors.As(err, &lo):
		return &apperr.Error{Code: apperr.LockedOut, Wait: lo.Wait, Err: err,
			Message: fmt.Sprintf("Too many wrong tries; wait %s before trying again.", humanWait(lo.Wait))}
	case errors.As(err, &ws) && ws.Wait > 0:
		return &apperr.Error{Code: apperr.WrongSecret, Wait: ws.Wait, Err: err,
			Message: fmt.Sprintf("That is not right (%d wrong tries); wait %s before trying again.", ws.Failures, humanWait(ws.Wait))}
	case errors.Is(err, keychain.ErrUnavailable):
		reason := "no Secret Service answered"
		var u *keychain.UnavailableError
		if errors.As(err, &u) && u.Reason != "" {
			reason = u.Reason
		}
		return apperr.Wrap(apperr.Keychain, err, apperr.Sentence("The OS keychain is unavailable ("+reason+"); choose passphrase protection on this machine"))
	}
	return nil
}

// rule words every error matching the sentinel is. An empty msg means the
// sentinel's own words with the reason it was wrapped with ("invalid
// memory: text is empty"): sentinels that are already sentences, and
// validation errors whose reason is written for the person.
type rule struct {
	is   error
	code string
	msg  string
}

// sentences is the table, checked in order (the first match wins).
func sentences() []rule {
	return []rule{
		// Keys and secrets.
		{vault.ErrWrongSecret, apperr.WrongSecret, "That PIN, passphrase or recovery key is not right."},
		{vault.ErrRecoveryKeyFormat, apperr.WrongSecret, "That is not a valid recovery key; check it for typos."},
		{exchange.ErrWrongPassphrase, apperr.WrongSecret, "That passphrase does not open this export file."},
		{vault.ErrKeychainItemMissing, apperr.Keychain, "The keychain no longer holds this profile's key; open it with the recovery key."},
		{vault.ErrSecretRequired, apperr.Invalid, "A PIN or passphrase is required."},
		{vault.ErrWeakSecret, apperr.Invalid, ""},
		{vault.ErrBadMode, apperr.Invalid, ""},
		{vault.ErrSlotsLost, apperr.Internal, "Both copies of this profile's key file (keyslots.json and keyslots.copy.json) are damaged or missing; put back a copy of either file from a backup, or bring the profile back from an export."},
		{vault.ErrCorrupt, apperr.Internal, "This profile's key data is damaged; open it with the recovery key."},
		{vault.ErrUnsupported, apperr.Internal, "This profile's key file was written by a newer Hearth; update Hearth to open it."},

		// The open profile and its database.
		{profile.ErrLocked, apperr.Locked, "No profile is open; unlock one first."},
		{profile.ErrNotOpen, apperr.Locked, "No profile is open; unlock one first."},
		{chat.ErrClosed, apperr.Locked, "The profile is being locked; unlock it again to go on."},
		{store.ErrMissing, apperr.Internal, "This profile's database file (hearth.db) is missing or empty. Hearth did not start it over: put back a copy of the file, or bring the profile back from an export."},
		{store.ErrWrongKey, apperr.Internal, "The profile's database could not be decrypted; its file may be damaged or replaced."},
		{profile.ErrBusy, apperr.Internal, ""},
		{profile.ErrInUse, apperr.Internal, ""},
		{profile.ErrSymlink, apperr.Internal, ""},
		{profile.ErrRegistryCorrupt, apperr.Internal, "The profile list (profiles.json) is damaged and Hearth could not rebuild it from the profile folders; the details are in the log."},

		// Things that do not exist (here).
		{profile.ErrNotFound, apperr.NotFound, "That profile does not exist."},
		{module.ErrNotFound, apperr.NotFound, "That module does not exist."},
		{chat.ErrNotFound, apperr.NotFound, "That conversation was not found in this module."},
		{memory.ErrNotFound, apperr.NotFound, "That memory was not found in this module."},
		{exchange.ErrNotFound, apperr.NotFound, "That was not found; it may already be deleted."},
		{keychain.ErrNotFound, apperr.NotFound, "The keychain holds no key for this profile; open it with the recovery key."},

		// Input the person can change.
		{profile.ErrNameTaken, apperr.Invalid, ""},
		{profile.ErrInvalid, apperr.Invalid, ""},
		{module.ErrExists, apperr.Invalid, ""},
		{module.ErrInvalid, apperr.Invalid, ""},
		{module.ErrBuiltin, apperr.Invalid, "Built-in modules cannot be deleted; archive it instead."},
		{memory.ErrInvalid, apperr.Invalid, ""},
		{memory.ErrNothingToUndo, apperr.Invalid, "There is nothing to undo for this memory."},
		{chat.ErrInvalid, apperr.Invalid, ""},
		{chat.ErrEmpty, apperr.Invalid, "Type a message first."},
		{chat.ErrTooLong, apperr.Invalid, "That message is too long to send."},
		{chat.ErrBusy, apperr.Internal, "A reply is still being written in this conversation; wait for it or stop it."},
		{chat.ErrNoReply, apperr.Invalid, "There is no reply to regenerate yet."},
		{chat.ErrNotContinue, apperr.Invalid, "Only an interrupted reply can be continued."},
	}
}

// reasonOf is the sentinel's text with what it was wrapped with
// ("invalid memory: text is empty", "… try again (open in pid 42)"),
// without the context callers put before it ("open workspace: …"). The
// error was matched with errors.Is; this only finds where its words start.
func reasonOf(err, sentinel error) string {
	text, own := err.Error(), sentinel.Error()
	if i := strings.Index(text, own); i >= 0 {
		return text[i:]
	}
	return own
}

func humanWait(d time.Duration) string {
	secs := int(d.Round(time.Second) / time.Second)
	if secs < 1 {
		secs = 1
	}
	if secs < 90 {
		return fmt.Sprintf("%d seconds", secs)
	}
	return fmt.Sprintf("%d minutes", (secs+59)/60)
}
