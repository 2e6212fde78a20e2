package cli

import (
	"context"
	"flag"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"

	"hearth/backend/family"
)

func cmdFamily(ctx context.Context, r *runner, args []string) error {
	if len(args) == 0 {
		return usagef("family needs a subcommand: list, create-child, adopt, policy, reset-pin, release, handover, read, rules")
	}
	sub, args := args[0], args[1:]
	switch sub {
	case "list":
		return familyList(ctx, r, args)
	case "create-child":
		return familyCreateChild(ctx, r, args)
	case "adopt":
		return familyAdopt(ctx, r, args)
	case "policy":
		return familyPolicy(ctx, r, args)
	case "reset-pin":
		return familyResetPIN(ctx, r, args)
	case "release":
		return familyRelease(ctx, r, args)
	case "rules":
		return profileShow(ctx, r, args)
	case "read":
		return familyRead(ctx, r, args)
	case "handover":
		return familyHandover(ctx, r, args)
	}
	return usagef("unknown family subcommand %q", sub)
}

// policyFlags are the flags that change a policy; only those given apply.
type policyFlags struct {
	fs                                     *flag.FlagSet
	modules, endpoints, models, memory     *string
	quiet                                  *string
	daily, instruction, temporary, reading *string
}

func addPolicyFlags(fs *flag.FlagSet, withReading bool) *policyFlags {
	p := &policyFlags{fs: fs,
		modules:     fs.String("modules", "", "comma-separated module ids the child may use (\"all\" = every module)"),
		endpoints:   fs.String("endpoints", "", "comma-separated endpoint names or ids, or \"local\" (\"all\" = any)"),
		models:      fs.String("models", "", "comma-separated model names the child may use (\"all\" = any)"),
		memory:      fs.String("memory", "", "on|off: whether anything is remembered"),
		quiet:       fs.String("quiet", "", "quiet hours like 21:00-07:00 (\"off\" = none)"),
		daily:       fs.String("daily", "", "messages a day (0 = no limit)"),
		instruction: fs.String("instruction", "", "added to every module's system prompt (\"-\" = none)"),
		temporary:   fs.String("temporary", "", "on|off: temporary chats"),
	}
	if withReading {
		p.reading = fs.String("guardian-reads", "off", "on|off: the guardian may read the child's chats (shown to both)")
	}
	return p
}

func onOff(name, v string) (bool, error) {
	switch strings.ToLower(v) {
	case "on", "yes", "true":
		return true, nil
	case "off", "no", "false":
		return false, nil
	}
	return false, usagef("--%s must be on or off", name)
}

func list(v string) []string {
	if strings.EqualFold(strings.TrimSpace(v), "all") {
		return []string{}
	}
	return strings.Split(v, ",")
}

// apply changes p by the flags given.
func (f *policyFlags) apply(p *family.Policy) error {
	set := map[string]bool{}
	f.fs.Visit(func(fl *flag.Flag) { set[fl.Name] = true })
	var err error
	if set["modules"] {
		p.Modules = list(*f.modules)
	}
	if set["endpoints"] {
		p.Endpoints = list(*f.endpoints)
	}
	if set["models"] {
		p.Models = list(*f.models)
	}
	if set["memory"] {
		if p.Memory, err = onOff("memory", *f.memory); err != nil {
			return err
		}
	}
	if set["quiet"] {
		p.Quiet = *f.quiet
		if strings.EqualFold(p.Quiet, "off") {
			p.Quiet = ""
		}
	}
	if set["daily"] {
		if p.Daily, err = strconv.Atoi(*f.daily); err != nil {
			return usagef("--daily must be a number")
		}
	}
	if set["instruction"] {
		p.Instruction = *f.instruction
		if p.Instruction == "-" {
			p.Instruction = ""
		}
	}
	if set["temporary"] {
		if p.Temporary, err = onOff("temporary", *f.temporary); err != nil {
			return err
		}
	}
	if f.reading != nil {
		if p.GuardianReads, err = onOff("guardian-reads", *f.reading); err != nil {
			return err
		}
	}
	return p.Validate()
}

// guardianAndChild reads the flags of a family subcommand that takes only
// --profile (the guardian) and --child, and opens the guardian.
func (r *runner) guardianAndChild(ctx context.Context, name string, args []string) (family.Guardian, string, error) {
	fs := newFlags(name, r.env)
	who := fs.String("profile", "", "the guardian's profile")
	child := fs.String("child", "", "the child's profile")
	if _, err := parse(fs, args); err != nil {
		return family.Guardian{}, "", err
	}
	if *child == "" {
		return family.Guardian{}, "", usagef("--child is required")
	}
	g, err := r.guardian(ctx, *who)
	return g, *child, err
}

// guardian opens the guardian profile named by --profile.
func (r *runner) guardian(ctx context.Context, who string) (family.Guardian, error) {
	ws, _, err := r.open(ctx, who, false)
	if err != nil {
		return family.Guardian{}, err
	}
	return family.Guardian{Profile: ws.Profile, DB: ws.DB}, nil
}

func familyList(ctx context.Context, r *runner, args []string) error {
	fs := newFlags("family list", r.env)
	who := fs.String("profile", "", "the guardian's profile")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	g, err := r.guardian(ctx, *who)
	if err != nil {
		return err
	}
	kids, err := r.c.Family.List(ctx, g)
	if err != nil {
		return err
	}
	if len(kids) == 0 {
		r.printf("%s supervises no profiles. Create one with: hearth family create-child --profile %s --name NAME\n", g.Profile.Name, g.Profile.Name)
		return nil
	}
	tw := tabwriter.NewWriter(r.env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tNAME\tMODULES\tENDPOINTS\tMEMORY\tQUIET\tDAILY")
	for _, k := range kids {
		name := k.Name
		if k.Missing {
			name += " (missing)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%d\n", k.ID, name, orAll(k.Policy.Modules), orAll(k.Policy.Endpoints),
			onOffWord(k.Policy.Memory), orNone(k.Policy.Quiet), k.Policy.Daily)
	}
	return tw.Flush()
}

func orAll(s []string) string {
	if len(s) == 0 {
		return "all"
	}
	return strings.Join(s, ",")
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

func onOffWord(b bool) string {
	if b {
		return "on"
	}
	return "off"
}

func familyCreateChild(ctx context.Context, r *runner, args []string) error {
	fs := newFlags("family create-child", r.env)
	who := fs.String("profile", "", "the guardian's profile")
	name := fs.String("name", "", "the child's display name")
	mode := fs.String("protection", "pin", "pin|passphrase|keychain for the child's profile")
	color := fs.String("color", "", "#rrggbb")
	pf := addPolicyFlags(fs, true)
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if strings.TrimSpace(*name) == "" {
		return usagef("--name is required")
	}
	pol := family.Policy{Memory: true, Temporary: true}
	if err := pf.apply(&pol); err != nil {
		return err
	}
	g, err := r.guardian(ctx, *who)
	if err != nil {
		return err
	}
	// The child's PIN or passphrase: HEARTH_NEW_PIN / HEARTH_NEW_PASSPHRASE
	// (HEARTH_PIN is the guardian's own).
	req, err := r.newProfileRequestFrom(*name, *mode, "HEARTH_NEW_PIN", "HEARTH_NEW_PASSPHRASE")
	if err != nil {
		return err
	}
	child, recovery, err := r.c.Family.CreateChild(ctx, g, family.ChildRequest{Name: req.Name, Color: *color,
		Protection: req.Protection, Secret: req.Secret, Policy: pol})
	if err != nil {
		return err
	}
	r.printf("Created %q, supervised by %s (%s protection).\n", child.Name, g.Profile.Name, child.Protection)
	for _, line := range pol.Describe() {
		r.printf("  %s\n", line)
	}
	r.printRecovery(child, recovery)
	return nil
}

// familyAdopt makes the guardian supervise an existing profile, with that
// person's own secret: HEARTH_CHILD_PIN or HEARTH_CHILD_PASSPHRASE, or
// HEARTH_CHILD_RECOVERY_KEY for a profile that opens without one.
func familyAdopt(ctx context.Context, r *runner, args []string) error {
	fs := newFlags("family adopt", r.env)
	who := fs.String("profile", "", "the guardian's profile")
	child := fs.String("child", "", "the profile to supervise")
	pf := addPolicyFlags(fs, true)
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if *child == "" {
		return usagef("--child is required")
	}
	pol := family.Policy{Memory: true, Temporary: true}
	if err := pf.apply(&pol); err != nil {
		return err
	}
	g, err := r.guardian(ctx, *who)
	if err != nil {
		return err
	}
	p, err := r.c.FindProfile(ctx, *child)
	if err != nil {
		return err
	}
	secret, err := r.ownSecretOf(p, "HEARTH_CHILD")
	if err != nil {
		return err
	}
	if _, err := r.c.Family.Adopt(ctx, g, p.ID, secret, pol); err != nil {
		return err
	}
	r.printf("%s now supervises %q.\n", g.Profile.Name, p.Name)
	for _, line := range pol.Describe() {
		r.printf("  %s\n", line)
	}
	return nil
}

func familyPolicy(ctx context.Context, r *runner, args []string) error {
	if len(args) == 0 || (args[0] != "show" && args[0] != "set") {
		return usagef("family policy needs show or set")
	}
	sub, args := args[0], args[1:]
	fs := newFlags("family policy "+sub, r.env)
	who := fs.String("profile", "", "the guardian's profile")
	child := fs.String("child", "", "the child's profile")
	var pf *policyFlags
	if sub == "set" {
		pf = addPolicyFlags(fs, false)
	}
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if *child == "" {
		return usagef("--child is required")
	}
	g, err := r.guardian(ctx, *who)
	if err != nil {
		return err
	}
	var k family.Child
	if sub == "show" {
		k, err = r.c.Family.Policy(ctx, g, *child)
	} else {
		var perr error
		k, err = r.c.Family.SetPolicy(ctx, g, *child, func(p *family.Policy) { perr = pf.apply(p) })
		if perr != nil {
			return perr
		}
	}
	if err != nil {
		return err
	}
	if sub == "set" {
		r.printf("Family rules of %s saved and signed by %s.\n", k.Name, g.Profile.Name)
	}
	r.printf("Family rules of %s, set by %s:\n", k.Name, g.Profile.Name)
	for _, line := range k.Policy.Describe() {
		r.printf("  %s\n", line)
	}
	return nil
}

func familyResetPIN(ctx context.Context, r *runner, args []string) error {
	g, child, err := r.guardianAndChild(ctx, "family reset-pin", args)
	if err != nil {
		return err
	}
	k, err := r.c.Family.Policy(ctx, g, child)
	if err != nil {
		return err
	}
	p, err := r.c.FindProfile(ctx, k.ID)
	if err != nil {
		return err
	}
	secret, err := r.newSecretFor(p.Protection, "HEARTH_NEW_PIN", "HEARTH_NEW_PASSPHRASE")
	if err != nil {
		return err
	}
	if err := r.c.Family.ResetPIN(ctx, g, k.ID, secret); err != nil {
		return err
	}
	r.printf("New %s set for %s.\n", p.Protection, p.Name)
	return nil
}

func familyRelease(ctx context.Context, r *runner, args []string) error {
	g, child, err := r.guardianAndChild(ctx, "family release", args)
	if err != nil {
		return err
	}
	k, err := r.c.Family.Policy(ctx, g, child)
	if err != nil {
		return err
	}
	if err := r.c.Family.Release(ctx, g, k.ID); err != nil {
		return err
	}
	r.printf("%s is no longer supervised by %s; the family rules end when %s next unlocks.\n", k.Name, g.Profile.Name, k.Name)
	return nil
}

// profileShow shows a profile and, for a supervised one, its family rules
// and who set them, in plain words.
func profileShow(ctx context.Context, r *runner, args []string) error {
	fs := newFlags("profile show", r.env)
	who := fs.String("profile", "", "profile name or id")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	ws, _, err := r.open(ctx, *who, false)
	if err != nil {
		return err
	}
	r.printf("Profile %q (%s protection).\n", ws.Profile.Name, ws.Profile.Protection)
	if kids, err := r.c.Family.List(ctx, family.Guardian{Profile: ws.Profile, DB: ws.DB}); err == nil && len(kids) > 0 {
		names := make([]string, len(kids))
		for i, k := range kids {
			names[i] = k.Name
		}
		r.printf("Guardian of: %s.\n", strings.Join(names, ", "))
	}
	rules := ws.Family.Rules()
	if rules == nil {
		r.printf("Nobody supervises this profile.\n")
		return nil
	}
	r.printf("Family rules set by %s:\n", rules.GuardianName)
	for _, line := range rules.Policy.Describe() {
		r.printf("  %s\n", line)
	}
	if rules.Policy.Daily > 0 {
		r.printf("  Sent today: %d of %d.\n", ws.Family.SentToday(ctx), rules.Policy.Daily)
	}
	return nil
}

// familyRead prints a child's saved chats, only if reading them was chosen
// when the family rules were set (and shown to both).
func familyRead(ctx context.Context, r *runner, args []string) error {
	g, child, err := r.guardianAndChild(ctx, "family read", args)
	if err != nil {
		return err
	}
	lines, err := r.c.Family.ReadChats(ctx, g, child)
	if err != nil {
		return err
	}
	session := ""
	for _, l := range lines {
		if l.Session != session {
			session = l.Session
			r.printf("== %s: %s\n", l.Module, orNone(l.Title))
		}
		r.printf("%s: %s\n", l.Role, l.Content)
	}
	return nil
}

// familyHandover hands a child to another guardian, with that guardian's
// own secret: HEARTH_GUARDIAN_PIN or HEARTH_GUARDIAN_PASSPHRASE, or
// HEARTH_GUARDIAN_RECOVERY_KEY for a profile that opens without one.
func familyHandover(ctx context.Context, r *runner, args []string) error {
	fs := newFlags("family handover", r.env)
	who := fs.String("profile", "", "the current guardian's profile")
	child := fs.String("child", "", "the child's profile")
	to := fs.String("to", "", "the next guardian's profile")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if *child == "" || *to == "" {
		return usagef("family handover needs --child and --to")
	}
	g, err := r.guardian(ctx, *who)
	if err != nil {
		return err
	}
	next, err := r.c.FindProfile(ctx, *to)
	if err != nil {
		return err
	}
	secret, err := r.ownSecretOf(next, "HEARTH_GUARDIAN")
	if err != nil {
		return err
	}
	if err := r.c.Family.Handover(ctx, g, *child, next.ID, secret); err != nil {
		return err
	}
	r.printf("%s now looks after %s instead of %s.\n", next.Name, *child, g.Profile.Name)
	return nil
}
