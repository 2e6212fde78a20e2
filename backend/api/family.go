package api

import (
	"context"

	"hearth/backend/family"
	"hearth/backend/vault"
)

// Family is family mode for the open profile: a guardian creates child
// profiles and sets their rules; a child sees the rules and who set them.
// Children are named by their id among the open guardian's own children,
// never any other profile.
type Family struct{ b *Backend }

// PolicyDTO is a child's family rules.
type PolicyDTO struct {
	Modules       []string `json:"modules"`   // module ids; empty = all
	Endpoints     []string `json:"endpoints"` // endpoint names or "local"; empty = all
	Models        []string `json:"models"`    // model names; empty = all
	Memory        bool     `json:"memory"`
	Quiet         string   `json:"quiet"` // "21:00-07:00" or ""
	Daily         int      `json:"daily"` // 0 = no limit
	Instruction   string   `json:"instruction"`
	Temporary     bool     `json:"temporary"`
	GuardianReads bool     `json:"guardianReads"`
}

func policyDTO(p family.Policy) PolicyDTO {
	return PolicyDTO{Modules: orEmpty(p.Modules), Endpoints: orEmpty(p.Endpoints), Models: orEmpty(p.Models), Memory: p.Memory, Quiet: p.Quiet,
		Daily: p.Daily, Instruction: p.Instruction, Temporary: p.Temporary, GuardianReads: p.GuardianReads}
}

func (d PolicyDTO) policy() family.Policy {
	return family.Policy{Modules: d.Modules, Endpoints: d.Endpoints, Models: d.Models, Memory: d.Memory, Quiet: d.Quiet, Daily: d.Daily,
		Instruction: d.Instruction, Temporary: d.Temporary, GuardianReads: d.GuardianReads}
}

func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// ChildDTO is a supervised profile as its guardian sees it.
type ChildDTO struct {
	ID      string    `json:"id"`
	Name    string    `json:"name"`
	Missing bool      `json:"missing"`
	Policy  PolicyDTO `json:"policy"`
	Rules   []string  `json:"rules"` // the policy in plain words
}

func childDTO(c family.Child) ChildDTO {
	return ChildDTO{ID: c.ID, Name: c.Name, Missing: c.Missing, Policy: policyDTO(c.Policy), Rules: c.Policy.Describe()}
}

// RulesDTO is what a supervised profile is told about its own rules.
type RulesDTO struct {
	GuardianName string    `json:"guardianName"`
	Policy       PolicyDTO `json:"policy"`
	Rules        []string  `json:"rules"` // in plain words
	SentToday    int       `json:"sentToday"`
}

// FamilyStatus is the open profile's place in family mode.
type FamilyStatus struct {
	Children []ChildDTO `json:"children"` // the profiles it supervises
	Rules    *RulesDTO  `json:"rules"`    // its own rules; null if nobody supervises it
}

// Status returns the open profile's children and its own rules.
func (f *Family) Status() (FamilyStatus, error) {
	ctx := context.Background()
	ws, err := f.b.workspace()
	if err != nil {
		return FamilyStatus{}, err
	}
	kids, err := f.b.home.Family.List(ctx, family.Guardian{Profile: ws.Profile, DB: ws.DB})
	if err != nil {
		return FamilyStatus{}, f.b.fail("family.status", err)
	}
	out := FamilyStatus{Children: []ChildDTO{}}
	for _, k := range kids {
		out.Children = append(out.Children, childDTO(k))
	}
	if r := ws.Family.Rules(); r != nil {
		out.Rules = &RulesDTO{GuardianName: r.GuardianName, Policy: policyDTO(r.Policy), Rules: r.Policy.Describe(),
			SentToday: ws.Family.SentToday(ctx)}
	}
	return out, nil
}

// CreateChildRequest makes a child profile supervised by the open profile.
type CreateChildRequest struct {
	Name       string    `json:"name"`
	Color      string    `json:"color"`
	Protection string    `json:"protection"` // pin | passphrase | keychain
	Secret     string    `json:"secret"`     // the child's PIN or passphrase
	Policy     PolicyDTO `json:"policy"`
}

// CreateChild creates a child profile (not opened) and returns it with its
// recovery key, shown once.
func (f *Family) CreateChild(req CreateChildRequest) (CreateResult, error) {
	ctx := context.Background()
	g, err := f.guardian()
	if err != nil {
		return CreateResult{}, err
	}
	mode, err := vault.ParseMode(req.Protection)
	if err != nil {
		return CreateResult{}, invalid("Choose keychain, PIN or passphrase protection.")
	}
	c, rk, err := f.b.home.Family.CreateChild(ctx, g, family.ChildRequest{Name: req.Name, Color: req.Color,
		Protection: mode, Secret: req.Secret, Policy: req.Policy.policy()})
	if err != nil {
		return CreateResult{}, f.b.fail("family.createChild", err)
	}
	return CreateResult{Profile: f.b.Profiles.dto(c), RecoveryKey: rk}, nil
}

// SetPolicy signs and saves new rules for child (also restoring a policy
// file that was deleted or changed by hand).
func (f *Family) SetPolicy(child string, p PolicyDTO) (ChildDTO, error) {
	g, err := f.guardian()
	if err != nil {
		return ChildDTO{}, err
	}
	c, err := f.b.home.Family.SetPolicy(context.Background(), g, child, func(pol *family.Policy) { *pol = p.policy() })
	if err != nil {
		return ChildDTO{}, f.b.fail("family.setPolicy", err)
	}
	return childDTO(c), nil
}

// ResetPIN sets a new PIN (or passphrase) for child.
func (f *Family) ResetPIN(child, newSecret string) error {
	g, err := f.guardian()
	if err != nil {
		return err
	}
	return f.b.fail("family.resetPin", f.b.home.Family.ResetPIN(context.Background(), g, child, newSecret))
}

// ChatLineDTO is one message of a child's chat as the guardian reads it.
type ChatLineDTO struct {
	Module  string `json:"module"`
	Session string `json:"session"`
	Title   string `json:"title"`
	Role    string `json:"role"`
	Content string `json:"content"`
}

// ReadChats returns child's saved chats, only if reading them was chosen
// when the rules were set (shown to both); each read is recorded in the
// child's audit log.
func (f *Family) ReadChats(child string) ([]ChatLineDTO, error) {
	g, err := f.guardian()
	if err != nil {
		return nil, err
	}
	lines, err := f.b.home.Family.ReadChats(context.Background(), g, child)
	if err != nil {
		return nil, f.b.fail("family.readChats", err)
	}
	out := make([]ChatLineDTO, len(lines))
	for i, l := range lines {
		out[i] = ChatLineDTO(l)
	}
	return out, nil
}

// Release ends the open profile's supervision of child.
func (f *Family) Release(child string) error {
	g, err := f.guardian()
	if err != nil {
		return err
	}
	return f.b.fail("family.release", f.b.home.Family.Release(context.Background(), g, child))
}

// AdoptRequest takes over supervision of an existing profile.
type AdoptRequest struct {
	Profile string    `json:"profile"` // the profile's id
	Secret  string    `json:"secret"`  // that person's PIN or passphrase; their recovery key if it opens from the keychain
	Policy  PolicyDTO `json:"policy"`
}

// Adopt makes the open profile the guardian of an existing profile, with
// that person's own secret (never silently); wrong secrets count toward
// that profile's lock-out. It returns the profile now supervised.
func (f *Family) Adopt(req AdoptRequest) (ProfileDTO, error) {
	g, err := f.guardian()
	if err != nil {
		return ProfileDTO{}, err
	}
	c, err := f.b.home.Family.Adopt(context.Background(), g, req.Profile, req.Secret, req.Policy.policy())
	if err != nil {
		return ProfileDTO{}, f.b.fail("family.adopt", err)
	}
	return f.b.Profiles.dto(c), nil
}

// Handover hands the open profile's supervision of child to the guardian
// profile next (an id), with next's own secret: its PIN or passphrase, or
// its recovery key if it opens from the keychain. The child keeps its rules.
func (f *Family) Handover(child, next, nextSecret string) error {
	g, err := f.guardian()
	if err != nil {
		return err
	}
	return f.b.fail("family.handover", f.b.home.Family.Handover(context.Background(), g, child, next, nextSecret))
}

func (f *Family) guardian() (family.Guardian, error) {
	ws, err := f.b.workspace()
	if err != nil {
		return family.Guardian{}, err
	}
	return family.Guardian{Profile: ws.Profile, DB: ws.DB}, nil
}
