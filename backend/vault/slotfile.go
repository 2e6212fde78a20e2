package vault

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"hearth/backend/vault/atomicfile"
)

// SlotsFileName is the key-slot file in a profile folder.
const SlotsFileName = "keyslots.json"

// slotFileVersion is the current keyslots.json format.
const slotFileVersion = 1

// slotFile is keyslots.json. Mode is authoritative for how the profile
// unlocks; KeyCheck fingerprints the data key (see keyCheck).
type slotFile struct {
	Version  int    `json:"version"`
	Profile  string `json:"profile"`
	Mode     Mode   `json:"mode"`
	KeyCheck []byte `json:"keyCheck"`
	Slots    []slot `json:"slots"`
}

func (v *Vault) slotsPath() string { return filepath.Join(v.dir, SlotsFileName) }

// readSlots loads and checks keyslots.json. A missing, truncated or
// inconsistent file is ErrCorrupt (wrapped with what is wrong); it is
// never rewritten here.
func (v *Vault) readSlots() (*slotFile, error) {
	b, err := os.ReadFile(v.slotsPath())
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w: %s is missing", ErrCorrupt, SlotsFileName)
	}
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", SlotsFileName, err)
	}
	var f slotFile
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, fmt.Errorf("%w: %s is not valid JSON (%v)", ErrCorrupt, SlotsFileName, err)
	}
	if f.Version > slotFileVersion {
		return nil, fmt.Errorf("%w: %s has version %d, this Hearth reads up to %d", ErrUnsupported, SlotsFileName, f.Version, slotFileVersion)
	}
	if f.Version != slotFileVersion {
		return nil, fmt.Errorf("%w: %s has no valid version", ErrCorrupt, SlotsFileName)
	}
	if f.Profile != v.id {
		return nil, fmt.Errorf("%w: %s belongs to another profile", ErrCorrupt, SlotsFileName)
	}
	if _, err := ParseMode(string(f.Mode)); err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrCorrupt, SlotsFileName, err)
	}
	if len(f.KeyCheck) != checkSize {
		return nil, fmt.Errorf("%w: %s has no key check", ErrCorrupt, SlotsFileName)
	}
	if f.find(KindRecovery) == nil {
		return nil, fmt.Errorf("%w: %s has no recovery slot", ErrCorrupt, SlotsFileName)
	}
	if f.Mode == ModePassphrase && f.find(KindPassphrase) == nil {
		return nil, fmt.Errorf("%w: %s has no passphrase slot", ErrCorrupt, SlotsFileName)
	}
	return &f, nil
}

func (v *Vault) writeSlots(f *slotFile) error {
	b, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return fmt.Errorf("encode %s: %w", SlotsFileName, err)
	}
	if err := os.MkdirAll(v.dir, 0o700); err != nil {
		return fmt.Errorf("create profile folder: %w", err)
	}
	if err := atomicfile.Write(v.slotsPath(), b, 0o600); err != nil {
		return fmt.Errorf("write %s: %w", SlotsFileName, err)
	}
	return nil
}

// find returns the first slot of kind, or nil.
func (f *slotFile) find(kind Kind) *slot {
	for i := range f.Slots {
		if f.Slots[i].Kind == kind {
			return &f.Slots[i]
		}
	}
	return nil
}

// without returns f's slots minus those of kind.
func (f *slotFile) without(kind Kind) []slot {
	var out []slot
	for _, s := range f.Slots {
		if s.Kind != kind {
			out = append(out, s)
		}
	}
	return out
}
