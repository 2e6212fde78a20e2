// How the family dialogs ask for another person's own secret: the word for
// it depends on how that person's profile opens.
import type { ProfileDTO } from '../../api';

/** "PIN", "passphrase", or "recovery key" for a profile that opens from the keychain without one. */
export function secretKind(p: Pick<ProfileDTO, 'protection'>): string {
  return p.protection === 'pin' ? 'PIN' : p.protection === 'passphrase' ? 'passphrase' : 'recovery key';
}

/** The label of the field where that person types it, e.g. "Bob's PIN". */
export function secretLabel(p: Pick<ProfileDTO, 'name' | 'protection'>): string {
  return `${p.name}'s ${secretKind(p)}`;
}
