package api

import "hearth/backend/vault"

// PINStrength is what the window shows while a PIN is chosen: the rule,
// and what guessing this PIN would cost someone who copied the wrapped
// key from the keychain (the household case PIN mode is for). Never the
// PIN itself.
type PINStrength struct {
	MinLength int  `json:"minLength"`
	TooShort  bool `json:"tooShort"`
	// Alphabet is how many characters each position may be (10 for
	// digits only, 36 with lower-case letters, 62 with both cases, 95
	// with anything else).
	Alphabet int `json:"alphabet"`
	// AverageSeconds is the average CPU time to guess it on one core.
	AverageSeconds float64 `json:"averageSeconds"`
	// Text is one sentence for under the PIN field.
	Text string `json:"text"`
}

// PINStrength estimates the offline guessing cost of pin (see
// vault.EstimateOfflineCost); it keeps and logs nothing.
func (p *Profiles) PINStrength(pin string) PINStrength {
	c := vault.EstimateOfflineCost(pin, vault.PINGuessCost)
	s := PINStrength{MinLength: vault.MinPINLength, TooShort: c.Length < vault.MinPINLength,
		Alphabet: c.Alphabet, AverageSeconds: c.CoreSeconds}
	switch {
	case s.TooShort:
		s.Text = "Use at least 6 characters; letters make a PIN much stronger."
	default:
		s.Text = "Someone who copies this profile's locked key could guess a PIN like this in " +
			c.Describe() + " of computer time on average (more computers: less time)."
		if c.Alphabet == 10 {
			s.Text += " Adding letters makes it far longer."
		}
	}
	return s
}
