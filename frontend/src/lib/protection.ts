// Profile protection modes as the wizards explain them, and the rules for a new PIN/passphrase.
import type { Protection } from '../api';

export interface ProtectionMode { id: Protection; title: string; text: string; needsKeychain: boolean }

export const PROTECTION_MODES: ProtectionMode[] = [
  { id: 'keychain', title: 'Open automatically', needsKeychain: true,
    text: 'Best when you have your own login on this computer. The key is kept in the system keychain, so Hearth opens without asking.' },
  { id: 'pin', title: 'PIN', needsKeychain: true,
    text: 'For a computer login shared by the family. Your profile opens only with your PIN, so others on the same login cannot read it.' },
  { id: 'passphrase', title: 'Passphrase', needsKeychain: false,
    text: 'Works everywhere, even without a system keychain. You type the passphrase every time you open your profile.' },
];

/** The shortest PIN the backend accepts (vault.MinPINLength). Digits and letters both count. */
export const MIN_PIN_LENGTH = 6;

/** Why the new secret cannot be used yet ("" when it can). */
export function secretProblem(protection: Protection, secret: string, secret2: string): string {
  if (protection === 'keychain') return '';
  if (protection === 'pin') {
    if ([...secret].length < MIN_PIN_LENGTH) return `Use at least ${MIN_PIN_LENGTH} characters; letters make a PIN much stronger.`;
  } else if (secret.length < 8) return 'Use at least 8 characters.';
  if (secret2 !== secret) return 'The two entries do not match yet.';
  return '';
}

/** The phrase for what the recovery key stands in for. */
export function lostWhat(protection: Protection): string {
  return protection === 'keychain' ? 'keychain is lost' : protection === 'pin' ? 'PIN is forgotten' : 'passphrase is forgotten';
}
