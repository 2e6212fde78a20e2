package vault

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"hearth/backend/keychain"
)

// keychainItem is the JSON stored in the profile's keychain item. It says
// what it holds, so an unlock stays correct even if a protection change
// was interrupted between updating the keychain and keyslots.json.
type keychainItem struct {
	Version int    `json:"v"`
	Mode    Mode   `json:"mode"`
	Key     []byte `json:"key,omitempty"`  // ModeKeychain: the data key (base64 in JSON)
	Slot    *slot  `json:"slot,omitempty"` // ModePIN: the key wrapped by the PIN
	// During a key rotation (rotate.go) the item also holds the next key's
	// item, with the key check of the key it holds, so an unlock picks the
	// one that matches keyslots.json whichever folder is in place.
	Check []byte        `json:"check,omitempty"`
	Next  *keychainItem `json:"next,omitempty"`
}

// forCheck is the item (this one or its Next) for the key whose check
// keyslots.json records.
func (it *keychainItem) forCheck(want []byte) *keychainItem {
	if it.Next != nil && bytes.Equal(it.Next.Check, want) {
		return it.Next
	}
	return it
}

// putItem stores the keychain item for mode (keychain or pin).
func (v *Vault) putItem(ctx context.Context, mode Mode, key []byte, pin string) error {
	if v.kc == nil {
		return keychain.Unavailable("no keychain configured", nil)
	}
	item, err := v.newItem(mode, key, pin)
	if err != nil {
		return err
	}
	return v.storeItem(ctx, item)
}

// newItem builds the keychain item for mode (keychain or pin).
func (v *Vault) newItem(mode Mode, key []byte, pin string) (keychainItem, error) {
	item := keychainItem{Version: 1, Mode: mode}
	switch mode {
	case ModeKeychain:
		item.Key = key
	case ModePIN:
		s, err := sealSlot(KindPIN, v.id, secretBytes(pin), key, v.pinKDF, v.now())
		if err != nil {
			return item, fmt.Errorf("wrap key with PIN: %w", err)
		}
		item.Slot = &s
	default:
		return item, fmt.Errorf("%w: %s does not use the keychain", ErrBadMode, mode)
	}
	return item, nil
}

// storeItem writes item to the profile's keychain account.
func (v *Vault) storeItem(ctx context.Context, item keychainItem) error {
	if v.kc == nil {
		return keychain.Unavailable("no keychain configured", nil)
	}
	b, err := json.Marshal(item)
	if err != nil {
		return fmt.Errorf("encode keychain item: %w", err)
	}
	defer clear(b)
	if err := v.kc.Set(ctx, v.Account(), string(b)); err != nil {
		return fmt.Errorf("store key in keychain: %w", err)
	}
	return nil
}

// getItem reads and parses the keychain item.
func (v *Vault) getItem(ctx context.Context) (*keychainItem, error) {
	if v.kc == nil {
		return nil, keychain.Unavailable("no keychain configured", nil)
	}
	s, err := v.kc.Get(ctx, v.Account())
	if errors.Is(err, keychain.ErrNotFound) {
		return nil, fmt.Errorf("%w (%w)", ErrKeychainItemMissing, err)
	}
	if err != nil {
		return nil, fmt.Errorf("read key from keychain: %w", err)
	}
	var item keychainItem
	if err := json.Unmarshal([]byte(s), &item); err != nil || item.Version != 1 {
		return nil, fmt.Errorf("%w: the keychain item is not a Hearth key", ErrCorrupt)
	}
	for it := &item; it != nil; it = it.Next {
		switch {
		case it.Mode == ModeKeychain && len(it.Key) == KeySize:
		case it.Mode == ModePIN && it.Slot != nil && it.Slot.Kind == KindPIN:
		default:
			return nil, fmt.Errorf("%w: the keychain item is incomplete", ErrCorrupt)
		}
		if it != &item && it.Next != nil {
			return nil, fmt.Errorf("%w: the keychain item is incomplete", ErrCorrupt)
		}
	}
	return &item, nil
}

// deleteItem removes the keychain item; a missing item is not an error.
// It reports whether an item was removed.
func (v *Vault) deleteItem(ctx context.Context) (bool, error) {
	if v.kc == nil {
		return false, nil
	}
	err := v.kc.Delete(ctx, v.Account())
	if errors.Is(err, keychain.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("remove keychain item: %w", err)
	}
	return true, nil
}
