package family

import (
	"errors"

	"hearth/backend/apperr"
)

// Sentinels. Check with errors.Is; refusals arrive as an *apperr.Error
// whose Message is the sentence to show and whose cause is the sentinel.
var (
	// ErrInvalid: a policy field or request is not valid.
	ErrInvalid = errors.New("invalid family setting")
	// ErrPolicyBroken: a supervised profile's policy file is missing,
	// altered, older than one already seen, or signed by another key.
	ErrPolicyBroken = errors.New("the family rules of this profile are missing or were changed")
	// ErrQuietHours: the policy's quiet hours are on now.
	ErrQuietHours = errors.New("quiet hours")
	// ErrDailyLimit: the child sent today's allowed number of messages.
	ErrDailyLimit = errors.New("daily message limit reached")
	// ErrNotAllowed: the policy does not allow this endpoint, temporary
	// chat or memory write. (A module it does not allow is not found.)
	ErrNotAllowed = errors.New("not allowed by the family rules")
	// ErrNotChild: the guardian does not supervise this profile.
	ErrNotChild = errors.New("this profile is not supervised by this guardian")
	// ErrHasChildren: a guardian with supervised children cannot be deleted.
	ErrHasChildren = errors.New("this guardian still supervises child profiles")
)

// refuse is a family-mode refusal: the sentence a person reads, naming
// what to do next (usually: ask the guardian to unlock Hearth).
func refuse(kind error, msg string) error { return apperr.Wrap(apperr.Invalid, kind, msg) }

// invalid is a request the family rules or the guardian's input rejects.
func invalid(msg string) error { return apperr.Wrap(apperr.Invalid, ErrInvalid, msg) }

// notChild words ErrNotChild for a child named child.
func notChild(child string) error {
	return apperr.Wrap(apperr.NotFound, ErrNotChild, "This profile does not supervise a child profile called \""+child+"\".")
}
