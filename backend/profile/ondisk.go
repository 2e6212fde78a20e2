package profile

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"hearth/backend/vault"
	"hearth/backend/vault/atomicfile"
)

// InfoFileName is the file in each profile folder that describes the
// profile (id, name, colour, emoji, protection, creation time; nothing
// secret), so the profile list can always be rebuilt from what is on disk.
const InfoFileName = "profile.json"

const infoVersion = 1

type info struct {
	Version int `json:"version"`
	Profile
}

// writeInfo records p in its folder dir.
func writeInfo(dir string, p Profile) error {
	b, err := json.MarshalIndent(info{Version: infoVersion, Profile: p}, "", "  ")
	if err != nil {
		return fmt.Errorf("encode %s: %w", InfoFileName, err)
	}
	if err := atomicfile.Write(filepath.Join(dir, InfoFileName), b, 0o600); err != nil {
		return fmt.Errorf("write %s: %w", InfoFileName, err)
	}
	return nil
}

// readInfo reads the description in dir, which must be of profile id.
func readInfo(dir, id string) (Profile, error) {
	b, err := os.ReadFile(filepath.Join(dir, InfoFileName))
	if err != nil {
		return Profile{}, err
	}
	var in info
	if err := json.Unmarshal(b, &in); err != nil {
		return Profile{}, fmt.Errorf("%s: %v", InfoFileName, err)
	}
	if in.Version != infoVersion || in.ID != id {
		return Profile{}, fmt.Errorf("%s: not a description of profile %s", InfoFileName, id)
	}
	if _, err := vault.ParseMode(string(in.Protection)); err != nil {
		return Profile{}, fmt.Errorf("%s: %v", InfoFileName, err)
	}
	if n, err := cleanName(in.Name); err == nil {
		in.Name = n
	} else {
		in.Name = fallbackName(id)
	}
	if c, e, err := cleanLook(in.Color, in.Emoji); err == nil {
		in.Color, in.Emoji = c, e
	} else {
		in.Color, in.Emoji = DefaultColor, ""
	}
	return in.Profile, nil
}

func fallbackName(id string) string { return "Profile " + id[:6] }

// onDisk returns the profiles whose folders are on disk: a real folder
// (not a symbolic link) under profiles/ named by a profile id and holding
// key slots. Each is described by its profile.json; a folder without one
// (made before it existed) gets a name from its id, the protection from
// its key slots and the time of its key-slot file.
func (m *Manager) onDisk(ctx context.Context) ([]Profile, error) {
	entries, err := os.ReadDir(filepath.Join(m.dataDir, "profiles"))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read profiles folder: %w", err)
	}
	var out []Profile
	for _, e := range entries {
		id := e.Name()
		if !validID(id) || e.Type()&fs.ModeSymlink != 0 || !e.IsDir() {
			continue
		}
		dir := m.Dir(id)
		if !vault.HasSlots(dir) {
			continue // an interrupted delete: no key, nothing to open
		}
		p, err := readInfo(dir, id)
		if err != nil {
			p = Profile{ID: id, Name: fallbackName(id), Color: DefaultColor, Protection: vault.ModeKeychain}
			if mode, err := m.vault(id).Mode(ctx); err == nil {
				p.Protection = mode
			}
			if fi, err := os.Stat(filepath.Join(dir, vault.SlotsFileName)); err == nil {
				p.CreatedAt = fi.ModTime().UTC()
			}
		}
		out = append(out, p)
	}
	return out, nil
}

// merge adds to r every profile in found that it lacks, renaming one whose
// name is taken ("Ada (2)"). It returns the profiles added.
func (r *registry) merge(found []Profile) []Profile {
	var added []Profile
	for _, p := range found {
		if _, ok := r.byID(p.ID); ok {
			continue
		}
		base := p.Name
		for n := 2; r.nameTaken(p.Name, p.ID); n++ {
			suffix := fmt.Sprintf(" (%d)", n)
			p.Name = string([]rune(base)[:min(len([]rune(base)), MaxNameLength-len(suffix))]) + suffix
		}
		r.Profiles = append(r.Profiles, p)
		added = append(added, p)
	}
	return added
}

// Unlisted returns the profiles found on disk that the profile list lacks
// (say profiles.json was replaced by an older copy): the picker offers to
// bring them back with [Manager.BringBack].
func (m *Manager) Unlisted(ctx context.Context) ([]Profile, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	r, err := m.readRegistry()
	if err != nil {
		return nil, err
	}
	found, err := m.onDisk(ctx)
	if err != nil {
		return nil, err
	}
	var out []Profile
	for _, p := range found {
		if _, ok := r.byID(p.ID); !ok {
			out = append(out, p)
		}
	}
	return out, nil
}

// BringBack adds profile id, found on disk, to the profile list again.
func (m *Manager) BringBack(ctx context.Context, id string) (Profile, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	unlock, err := m.lockRegistry()
	if err != nil {
		return Profile{}, fmt.Errorf("bring back profile: %w", err)
	}
	defer unlock()
	r, err := m.readRegistry()
	if err != nil {
		return Profile{}, err
	}
	if i, ok := r.byID(id); ok {
		return r.Profiles[i], nil
	}
	found, err := m.onDisk(ctx)
	if err != nil {
		return Profile{}, err
	}
	i := slices.IndexFunc(found, func(p Profile) bool { return p.ID == id })
	if i < 0 {
		return Profile{}, fmt.Errorf("%w: %q is not on disk", ErrNotFound, id)
	}
	added := r.merge(found[i : i+1])
	if err := m.writeRegistry(r); err != nil {
		return Profile{}, err
	}
	m.log.Info("profile brought back to the list", "profile", id)
	return added[0], nil
}

// rebuild makes the profile list when profiles.json is missing, empty or
// damaged: the backup's entries whose folders are still on disk, then
// every other profile on disk.
func (m *Manager) rebuild() (*registry, error) {
	r := &registry{Version: registryVersion}
	found, err := m.onDisk(context.Background())
	if err != nil {
		return nil, err
	}
	if bb, err := os.ReadFile(m.backupPath()); err == nil {
		if br, err := parseRegistry(bb); err == nil {
			for _, p := range br.Profiles {
				if slices.ContainsFunc(found, func(f Profile) bool { return f.ID == p.ID }) {
					r.Profiles = append(r.Profiles, p)
				}
			}
		}
	}
	r.merge(found)
	r.rebuilt = true
	return r, nil
}

// blank reports whether b holds nothing but white space (a truncated or
// emptied file).
func blank(b []byte) bool { return strings.TrimSpace(string(b)) == "" }
