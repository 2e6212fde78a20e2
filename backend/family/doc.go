// Package family is family mode: a guardian profile supervises child
// profiles with a policy (modules, endpoints, models, memory, quiet hours,
// a daily message limit, an instruction added to every module's prompt,
// temporary chats, whether the guardian may read the child's chats).
//
// # Keys
//
// A guardian has an ed25519 signing key and an age X25519 identity, made
// on first use and kept only in the guardian's encrypted database
// (family_guardian). A child's encrypted database pins the guardian's two
// public keys, a random policy key and the highest policy number seen
// (family_supervision).
//
// # Files in a child's profile folder
//
//   - family-policy.json: the signed [Statement] (ed25519 over a domain
//     prefix and the statement's bytes, naming the supervision and a
//     sequence number), sealed with the policy key (XChaCha20-Poly1305),
//     so browsing the folder shows nothing of the rules.
//   - family-guardian.json: the guardian key slot, the child's data key
//     encrypted to the guardian's age recipient, for PIN reset; it names
//     the guardian's profile id so a guardian with children is not deleted.
//
// # Checks
//
// [Check] runs at every unlock of any profile (profile.Options.Verify): a
// supervised profile whose policy file is missing, does not decrypt, is
// not signed by the pinned key, belongs to another supervision or is older
// than one seen does not open ([ErrPolicyBroken]); inside quiet hours it
// does not open either ([ErrQuietHours]). An [Enforcer] then applies the
// rules to the open profile: the chat engine's modules, memory, endpoints
// and turns ([Enforcer.AllowTurn], [Enforcer.AllowModel]), and what the
// window and the command line offer.
//
// # Threat model
//
// The signature stops a child (or anyone) changing, deleting, swapping or
// rolling back the policy with ordinary tools. It does not stop someone
// who rebuilds the app or administers the machine, nor the child decrypting
// their own database with tools of their own (they know their PIN). The
// guardian key slot means the guardian can technically decrypt the child's
// data: "the guardian cannot read your chats" is the app's promise
// ([Service.ReadChats] refuses unless chosen at set-up), not the cipher's.
// THREAT-MODEL.md says this for people.
package family
