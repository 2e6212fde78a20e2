// Household profiles: the picker list (registry only), unlock/lockout, the open profile.
import * as api from '../api';
import type {
  ProfileDTO, KeychainStatus, CreateProfileRequest, CreateProfileResult, Protection, DeleteReport, ImportProfileRequest, ImportProfileResult, EventPayloads,
} from '../api';

export class ProfilesStore {
  list = $state<ProfileDTO[]>([]);
  /** Profiles on disk that the list lacks (offered back on the picker). */
  found = $state<ProfileDTO[]>([]);
  keychain = $state<KeychainStatus>({ available: true, reason: '' });
  current = $state<ProfileDTO | null>(null);
  loading = $state(false);
  loaded = $state(false);
  /** Unlock feedback: the sentence to show under the secret field. */
  unlockError = $state('');
  unlocking = $state(false);
  /** Seconds left before another try is allowed (counts down live). */
  lockoutRemaining = $state(0);
  failures = $state(0);
  /** Set after a recovery-key unlock when the keychain copy can be restored. */
  canRestoreKeychain = $state(false);
  autoLockMinutes = $state(0);
  /** Set while an export is being imported as a new profile. */
  importing = $state(false);
  importProgress = $state<{ done: number; total: number } | null>(null);

  #lockoutUntil = 0;
  #timer: ReturnType<typeof setInterval> | null = null;

  async load(): Promise<void> {
    this.loading = true;
    try {
      const [list, keychain, current] = await Promise.all([api.profiles.list(), api.profiles.keychainStatus(), api.profiles.current()]);
      this.list = list;
      this.keychain = keychain;
      this.current = current;
      this.loaded = true;
    } finally {
      this.loading = false;
    }
    // Never in the way of the picker: an error here only hides the offer.
    this.found = await api.profiles.unlisted().catch(() => []) ?? [];
  }

  /** Lists a profile found on disk again. */
  async bringBack(id: string): Promise<void> {
    const p = await api.profiles.bringBack(id);
    this.found = this.found.filter((x) => x.id !== id);
    this.list = [...this.list.filter((x) => x.id !== p.id), p];
  }

  /** What guessing this PIN offline would cost; nothing is kept. */
  pinStrength(pin: string): Promise<api.PINStrength> {
    return api.profiles.pinStrength(pin);
  }

  async refreshKeychain(): Promise<KeychainStatus> {
    this.keychain = await api.profiles.keychainStatus();
    return this.keychain;
  }

  byId(id: string): ProfileDTO | undefined {
    return this.list.find((p) => p.id === id);
  }

  async create(req: CreateProfileRequest): Promise<CreateProfileResult> {
    const r = await api.profiles.create(req);
    this.list = [...this.list.filter((p) => p.id !== r.profile.id), r.profile];
    return r;
  }

  /**
   * Imports an export as a new profile. The backend opens it, so it becomes current.
   * Rejects with ApiError "wrong-secret" (bundle passphrase) or "invalid" (bad file); no profile is left then.
   */
  async importAsNew(req: ImportProfileRequest): Promise<ImportProfileResult> {
    this.importing = true;
    this.importProgress = { done: 0, total: 0 };
    try {
      const r = await api.profiles.importAsNew(req);
      this.list = [...this.list.filter((p) => p.id !== r.profile.id), r.profile];
      this.current = r.profile;
      return r;
    } finally {
      this.importing = false;
      this.importProgress = null;
    }
  }

  onImportProgress(p: EventPayloads['export:progress']): void {
    if (this.importing) this.importProgress = { done: p.done, total: p.total };
  }

  /** Prepares the unlock screen for a profile: clears feedback and fetches any running lockout. */
  async prepareUnlock(id: string): Promise<void> {
    this.unlockError = '';
    this.canRestoreKeychain = false;
    this.#setLockout(0);
    this.failures = 0;
    try {
      const l = await api.profiles.lockout(id);
      this.failures = l.failures;
      this.#setLockout(l.waitSeconds);
    } catch {
      // No lockout info is not worth a toast; the unlock call reports it anyway.
    }
  }

  /** Tries a secret. Resolves true when the profile is open; false with unlockError set otherwise. */
  async unlock(id: string, secret: string): Promise<boolean> {
    if (this.lockoutRemaining > 0) return false;
    this.unlocking = true;
    this.unlockError = '';
    try {
      this.current = await api.profiles.unlock(id, secret);
      this.#setLockout(0);
      this.failures = 0;
      return true;
    } catch (e) {
      const err = api.toApiError(e);
      this.unlockError = err.message;
      if (err.code === 'locked-out') this.#setLockout(err.waitSeconds);
      else if (err.code === 'wrong-secret') await this.#refreshLockout(id);
      else if (err.code !== 'keychain-unavailable') throw err;
      return false;
    } finally {
      this.unlocking = false;
    }
  }

  async unlockWithRecovery(id: string, recoveryKey: string): Promise<boolean> {
    this.unlocking = true;
    this.unlockError = '';
    try {
      const r = await api.profiles.unlockWithRecovery(id, recoveryKey.trim());
      this.current = r.profile;
      this.canRestoreKeychain = r.canRestoreKeychain;
      return true;
    } catch (e) {
      const err = api.toApiError(e);
      this.unlockError = err.message;
      if (err.code === 'locked-out') this.#setLockout(err.waitSeconds);
      else if (err.code !== 'wrong-secret') throw err;
      return false;
    } finally {
      this.unlocking = false;
    }
  }

  /** pin: for PIN profiles, the PIN to wrap the restored keychain copy with. */
  async restoreKeychain(pin = ''): Promise<void> {
    await api.profiles.restoreKeychain(pin);
    this.canRestoreKeychain = false;
  }

  async lock(): Promise<void> {
    await api.profiles.lock();
    this.markLocked();
  }

  /** Called on lock (ours or the backend's "profile:locked" event). */
  markLocked(): void {
    this.current = null;
    this.canRestoreKeychain = false;
  }

  async rename(name: string): Promise<void> {
    const p = await api.profiles.rename(name);
    this.#replace(p);
  }

  async changeProtection(mode: Protection, currentSecret: string, newSecret: string): Promise<void> {
    const p = await api.profiles.changeProtection(mode, currentSecret, newSecret);
    this.#replace(p);
  }

  /** Re-encrypts the open profile under a new data key and returns the new recovery key (show once). */
  async rotateKey(currentSecret: string, newSecret: string): Promise<string> {
    const r = await api.profiles.rotateKey(currentSecret, newSecret);
    this.#replace(r.profile);
    this.current = r.profile.isOpen ? r.profile : null;
    return r.recoveryKey;
  }

  async loadAutoLock(): Promise<void> {
    this.autoLockMinutes = await api.profiles.getAutoLock();
  }

  async setAutoLock(minutes: number): Promise<void> {
    await api.profiles.setAutoLock(minutes);
    this.autoLockMinutes = minutes;
  }

  /** Deletes the open profile; confirmName must equal its name (checked here and by the backend). */
  async deleteCurrent(confirmName: string): Promise<DeleteReport> {
    if (!this.current || confirmName !== this.current.name) {
      throw new api.ApiError('confirm', 'Type the profile name exactly to confirm.');
    }
    const id = this.current.id;
    const report = await api.profiles.delete(confirmName);
    this.list = this.list.filter((p) => p.id !== id);
    this.current = null;
    return report;
  }

  touch(): void {
    api.profiles.touch().catch(() => {});
  }

  dispose(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }

  async #refreshLockout(id: string): Promise<void> {
    try {
      const l = await api.profiles.lockout(id);
      this.failures = l.failures;
      this.#setLockout(l.waitSeconds);
    } catch {
      /* keep the wrong-secret sentence */
    }
  }

  #setLockout(seconds: number): void {
    this.#lockoutUntil = seconds > 0 ? Date.now() + seconds * 1000 : 0;
    this.lockoutRemaining = Math.max(0, Math.ceil(seconds));
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    if (seconds <= 0) return;
    this.#timer = setInterval(() => {
      const left = Math.max(0, Math.ceil((this.#lockoutUntil - Date.now()) / 1000));
      this.lockoutRemaining = left;
      if (left === 0 && this.#timer) {
        clearInterval(this.#timer);
        this.#timer = null;
      }
    }, 250);
  }

  #replace(p: ProfileDTO): void {
    this.current = p;
    this.list = this.list.map((x) => (x.id === p.id ? p : x));
  }
}
