package vault

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"hearth/backend/vault/atomicfile"
)

// SlotsFileName is the key-slot file in a profile folder. SlotsCopyName
// is its second copy: like LUKS's two headers, losing or damaging one
// file never locks anyone out.
const (
	SlotsFileName = "keyslots.json"
	SlotsCopyName = "keyslots.copy.json"
)

// slotFileVersion is the current keyslots.json format.
const slotFileVersion = 1

// slotFile is keyslots.json. Mode is authoritative for how the profile
// unlocks; KeyCheck fingerprints the data key (see keyCheck). Sum is a
// checksum of the rest of the file (absent in files written before it
// existed), so a flipped bit in the mode or key check is noticed too.
type slotFile struct {
	Version  int    `json:"version"`
	Profile  string `json:"profile"`
	Mode     Mode   `json:"mode"`
	KeyCheck []byte `json:"keyCheck"`
	Slots    []slot `json:"slots"`
	Sum      []byte `json:"sum,omitempty"`
}

func (v *Vault) slotsPath() string     { return filepath.Join(v.dir, SlotsFileName) }
func (v *Vault) slotsCopyPath() string { return filepath.Join(v.dir, SlotsCopyName) }

// HasSlots reports whether dir holds either copy of a key-slot file
// (intact or not): the profile there has been initialised.
func HasSlots(dir string) bool {
	for _, name := range []string{SlotsFileName, SlotsCopyName} {
		if _, err := os.Lstat(filepath.Join(dir, name)); err == nil {
			return true
		}
	}
	return false
}

// checksum is SHA-256 over the file's compact JSON without Sum.
func (f *slotFile) checksum() ([]byte, error) {
	c := *f
	c.Sum = nil
	body, err := json.Marshal(&c)
	if err != nil {
		return nil, err
	}
	h := sha256.Sum256(body)
	return h[:sumSize], nil
}

// encode returns the file's bytes with a fresh Sum.
func (f *slotFile) encode() ([]byte, error) {
	sum, err := f.checksum()
	if err != nil {
		return nil, err
	}
	c := *f
	c.Sum = sum
	return json.MarshalIndent(&c, "", "  ")
}

// readSlots loads keyslots.json and its copy. If one copy is missing or
// damaged it is rewritten from the other and the repair is reported
// (Options.OnRepair); if both are intact but differ, the main file wins,
// because it is always written first. Only when neither copy is usable is
// the result ErrCorrupt (wrapped with what is wrong); damaged copies are
// then left as they are.
func (v *Vault) readSlots() (*slotFile, error) {
	a, errA := v.readSlotCopy(v.slotsPath(), SlotsFileName)
	b, errB := v.readSlotCopy(v.slotsCopyPath(), SlotsCopyName)
	switch {
	case errors.Is(errA, ErrUnsupported):
		return nil, errA // written by a newer Hearth: never "repaired" back
	case errors.Is(errB, ErrUnsupported):
		return nil, errB
	case errA == nil && errB == nil:
		if !bytes.Equal(a.raw, b.raw) {
			v.repair(v.slotsCopyPath(), SlotsCopyName, a, "it was older than "+SlotsFileName)
		}
		return a.f, nil
	case errA == nil:
		if errors.Is(errB, ErrCorrupt) {
			v.repair(v.slotsCopyPath(), SlotsCopyName, a, errB.Error())
		}
		return a.f, nil
	case errB == nil:
		if errors.Is(errA, ErrCorrupt) {
			v.repair(v.slotsPath(), SlotsFileName, b, errA.Error())
		}
		return b.f, nil
	case errors.Is(errA, ErrCorrupt) && errors.Is(errB, ErrCorrupt):
		return nil, fmt.Errorf("%w (%w; its copy %s is unusable too: %v)", ErrSlotsLost, errA, SlotsCopyName, stripCorrupt(errB))
	}
	return nil, errA
}

// stripCorrupt drops the ErrCorrupt prefix from a second message.
func stripCorrupt(err error) string {
	return strings.TrimPrefix(err.Error(), ErrCorrupt.Error()+": ")
}

// slotCopy is one parsed copy and its canonical bytes.
type slotCopy struct {
	f   *slotFile
	raw []byte
}

// repair rewrites the copy at path from good and reports why. A failed
// write (a read-only folder) is reported too; the good copy still works.
func (v *Vault) repair(path, name string, good *slotCopy, why string) {
	if err := atomicfile.Write(path, good.raw, 0o600); err != nil {
		v.report(fmt.Sprintf("%s is damaged or missing (%s) and could not be rewritten: %v", name, why, err))
		return
	}
	v.report(fmt.Sprintf("%s was damaged or missing (%s); it was rewritten from the intact copy", name, why))
}

func (v *Vault) report(msg string) {
	if v.onRepair != nil {
		v.onRepair(msg)
	}
}

// readSlotCopy loads and checks one copy. A missing, truncated or
// inconsistent file is ErrCorrupt (wrapped with what is wrong).
func (v *Vault) readSlotCopy(path, name string) (*slotCopy, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w: %s is missing", ErrCorrupt, name)
	}
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	var f slotFile
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, fmt.Errorf("%w: %s is not valid JSON (%v)", ErrCorrupt, name, err)
	}
	if f.Version > slotFileVersion {
		return nil, fmt.Errorf("%w: %s has version %d, this Hearth reads up to %d", ErrUnsupported, name, f.Version, slotFileVersion)
	}
	if f.Version != slotFileVersion {
		return nil, fmt.Errorf("%w: %s has no valid version", ErrCorrupt, name)
	}
	if f.Sum != nil {
		sum, err := f.checksum()
		if err != nil {
			return nil, fmt.Errorf("check %s: %w", name, err)
		}
		if !bytes.Equal(sum, f.Sum) {
			return nil, fmt.Errorf("%w: %s checksum mismatch", ErrCorrupt, name)
		}
	}
	if f.Profile != v.id {
		return nil, fmt.Errorf("%w: %s belongs to another profile", ErrCorrupt, name)
	}
	if _, err := ParseMode(string(f.Mode)); err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrCorrupt, name, err)
	}
	if len(f.KeyCheck) != checkSize {
		return nil, fmt.Errorf("%w: %s has no key check", ErrCorrupt, name)
	}
	if f.find(KindRecovery) == nil {
		return nil, fmt.Errorf("%w: %s has no recovery slot", ErrCorrupt, name)
	}
	if f.Mode == ModePassphrase && f.find(KindPassphrase) == nil {
		return nil, fmt.Errorf("%w: %s has no passphrase slot", ErrCorrupt, name)
	}
	for i := range f.Slots {
		if err := f.Slots[i].validate(); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
	}
	enc, err := f.encode()
	if err != nil {
		return nil, fmt.Errorf("encode %s: %w", name, err)
	}
	return &slotCopy{f: &f, raw: enc}, nil
}

// writeSlots writes keyslots.json and then its copy, each atomically, so
// at every moment at least one intact copy is on disk.
func (v *Vault) writeSlots(f *slotFile) error {
	b, err := f.encode()
	if err != nil {
		return fmt.Errorf("encode %s: %w", SlotsFileName, err)
	}
	if err := os.MkdirAll(v.dir, 0o700); err != nil {
		return fmt.Errorf("create profile folder: %w", err)
	}
	if err := atomicfile.Write(v.slotsPath(), b, 0o600); err != nil {
		return fmt.Errorf("write %s: %w", SlotsFileName, err)
	}
	if err := atomicfile.Write(v.slotsCopyPath(), b, 0o600); err != nil {
		return fmt.Errorf("write %s: %w", SlotsCopyName, err)
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
