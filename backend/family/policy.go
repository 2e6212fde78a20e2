package family

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Policy is what a guardian allows a child profile. The zero value allows
// nothing to be limited except what it says: every list empty means "no
// limit" for that item.
type Policy struct {
	// Modules are the module ids the child may see and use; empty = all.
	Modules []string `json:"modules"`
	// Endpoints are endpoint ids or names the child may use; the word
	// "local" allows every endpoint on this computer or the local
	// network (llm.Endpoint.Local). Empty = all.
	Endpoints []string `json:"endpoints"`
	// Models are the model names the child may use; empty = all.
	Models []string `json:"models,omitempty"`
	// Memory false: nothing is remembered (no extraction, no memory writes).
	Memory bool `json:"memory"`
	// Quiet is a daily window "HH:MM-HH:MM" in the child's local time in
	// which the profile does not open and no reply is started; it may
	// cross midnight ("21:00-07:00"). "" = none.
	Quiet string `json:"quiet"`
	// Daily is the most messages the child may send per local day; 0 = no limit.
	Daily int `json:"daily"`
	// Instruction is added to every module's system prompt.
	Instruction string `json:"instruction"`
	// Temporary allows temporary (unsaved) chats.
	Temporary bool `json:"temporary"`
	// GuardianReads: the guardian may read the child's chats. Chosen at
	// set-up, shown to both; off unless chosen.
	GuardianReads bool `json:"guardianReads"`
}

// Limits on policy fields.
const (
	MaxInstruction = 2000
	maxListItems   = 64
	maxItemLen     = 200
)

// LocalEndpoints is the Endpoints word for "every local endpoint".
const LocalEndpoints = "local"

// Validate checks the policy's fields and normalises its lists.
func (p *Policy) Validate() error {
	var err error
	if p.Modules, err = cleanList("modules", p.Modules); err != nil {
		return err
	}
	if p.Endpoints, err = cleanList("endpoints", p.Endpoints); err != nil {
		return err
	}
	if p.Models, err = cleanList("models", p.Models); err != nil {
		return err
	}
	if len(p.Models) == 0 {
		p.Models = nil // absent in statements made before it existed
	}
	if p.Quiet != "" {
		if _, _, err := parseQuiet(p.Quiet); err != nil {
			return err
		}
	}
	if p.Daily < 0 || p.Daily > 100000 {
		return invalid("The daily limit must be between 0 (no limit) and 100000.")
	}
	p.Instruction = strings.TrimSpace(p.Instruction)
	if len([]rune(p.Instruction)) > MaxInstruction {
		return invalid(fmt.Sprintf("The instruction is longer than %d characters.", MaxInstruction))
	}
	return nil
}

func cleanList(what string, in []string) ([]string, error) {
	out := []string{}
	for _, s := range in {
		s = strings.TrimSpace(s)
		if s == "" || slices.Contains(out, s) {
			continue
		}
		if len(s) > maxItemLen {
			return nil, invalid("An item of the " + what + " list is too long.")
		}
		out = append(out, s)
	}
	if len(out) > maxListItems {
		return nil, invalid("The " + what + " list is too long.")
	}
	return out, nil
}

// parseQuiet reads "HH:MM-HH:MM" into minutes after midnight.
func parseQuiet(s string) (from, to int, err error) {
	a, b, ok := strings.Cut(strings.TrimSpace(s), "-")
	if !ok {
		return 0, 0, invalid("Quiet hours are written like 21:00-07:00.")
	}
	if from, err = parseClock(a); err != nil {
		return 0, 0, err
	}
	if to, err = parseClock(b); err != nil {
		return 0, 0, err
	}
	if from == to {
		return 0, 0, invalid("Quiet hours cannot start and end at the same time.")
	}
	return from, to, nil
}

func parseClock(s string) (int, error) {
	t, err := time.Parse("15:04", strings.TrimSpace(s))
	if err != nil {
		return 0, invalid(fmt.Sprintf("%q is not a time like 21:00.", strings.TrimSpace(s)))
	}
	return t.Hour()*60 + t.Minute(), nil
}

// InQuiet reports whether now (in its own location: the child's local
// time) falls inside the quiet hours, and when they end.
func (p Policy) InQuiet(now time.Time) (bool, string) {
	if p.Quiet == "" {
		return false, ""
	}
	from, to, err := parseQuiet(p.Quiet)
	if err != nil {
		return false, ""
	}
	m := now.Hour()*60 + now.Minute()
	var in bool
	if from < to {
		in = m >= from && m < to
	} else { // across midnight
		in = m >= from || m < to
	}
	return in, fmt.Sprintf("%02d:%02d", to/60, to%60)
}

// AllowsModule reports whether the child may use module id.
func (p Policy) AllowsModule(id string) bool {
	return len(p.Modules) == 0 || slices.Contains(p.Modules, id)
}

// AllowsModel reports whether the child may use model.
func (p Policy) AllowsModel(model string) bool {
	return len(p.Models) == 0 || slices.ContainsFunc(p.Models, func(m string) bool { return strings.EqualFold(m, model) })
}

// AllowsEndpoint reports whether the child may use the endpoint with this
// id and name, which is local or not.
func (p Policy) AllowsEndpoint(id, name string, local bool) bool {
	if len(p.Endpoints) == 0 {
		return true
	}
	for _, e := range p.Endpoints {
		if e == id || strings.EqualFold(e, name) || (local && strings.EqualFold(e, LocalEndpoints)) {
			return true
		}
	}
	return false
}

// Describe says the policy in plain words, one rule a line, for the child
// and the guardian alike.
func (p Policy) Describe() []string {
	var out []string
	if len(p.Modules) == 0 {
		out = append(out, "All modules are available.")
	} else {
		out = append(out, "Modules you can use: "+strings.Join(p.Modules, ", ")+".")
	}
	switch {
	case len(p.Endpoints) == 0:
		out = append(out, "Any model server can be used.")
	case len(p.Endpoints) == 1 && strings.EqualFold(p.Endpoints[0], LocalEndpoints):
		out = append(out, "Only model servers on this computer or home network can be used.")
	default:
		out = append(out, "Model servers you can use: "+strings.Join(p.Endpoints, ", ")+".")
	}
	if len(p.Models) > 0 {
		out = append(out, "Models you can use: "+strings.Join(p.Models, ", ")+".")
	}
	if p.Memory {
		out = append(out, "Hearth may remember things from your chats.")
	} else {
		out = append(out, "Memory is off: nothing from your chats is remembered.")
	}
	if p.Quiet != "" {
		out = append(out, "Quiet hours "+p.Quiet+": Hearth does not open or reply then.")
	}
	if p.Daily > 0 {
		out = append(out, fmt.Sprintf("Up to %d messages a day.", p.Daily))
	}
	if p.Temporary {
		out = append(out, "Temporary chats are allowed.")
	} else {
		out = append(out, "Temporary chats are off: every chat is saved.")
	}
	if p.Instruction != "" {
		out = append(out, "Every module is also told: "+p.Instruction)
	}
	if p.GuardianReads {
		out = append(out, "Your guardian can read your chats.")
	} else {
		out = append(out, "Your guardian cannot read your chats in Hearth.")
	}
	out = append(out, "If you forget your PIN, your guardian can set a new one.")
	return out
}
