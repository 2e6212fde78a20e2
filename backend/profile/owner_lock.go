package profile

import (
	"errors"
	"path/filepath"
	"time"
)

// OwnerLockName is the lock file in a profile folder. Every process that
// has the profile open holds a shared advisory lock on it; deleting the
// profile takes it exclusively, so a delete never pulls the files from
// under a window or command that is writing to them.
const OwnerLockName = "owner.lock"

// ownerLockWait bounds how long a delete waits for other holders to let go
// (a command that is just finishing), and how long an open waits for a
// delete in progress.
const ownerLockWait = 2 * time.Second

// ErrInUse: another Hearth window or command has the profile open.
var ErrInUse = errors.New("the profile is open in another Hearth window or command; close it there and try again")

func (m *Manager) ownerLockPath(id string) string { return filepath.Join(m.Dir(id), OwnerLockName) }
