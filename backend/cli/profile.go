package cli

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"

	"hearth/backend/vault"
)

func cmdProfile(ctx context.Context, r *runner, args []string) error {
	if len(args) == 0 {
		return usagef("profile needs a subcommand: list, create, rename, protect, rotate-key, delete, unlock, bring-back")
	}
	sub, args := args[0], args[1:]
	switch sub {
	case "list":
		return profileList(ctx, r, args)
	case "create":
		return profileCreate(ctx, r, args)
	case "rename":
		return profileRename(ctx, r, args)
	case "protect":
		return profileProtect(ctx, r, args)
	case "delete":
		return profileDelete(ctx, r, args)
	case "unlock":
		return profileUnlock(ctx, r, args)
	case "bring-back":
		return profileBringBack(ctx, r, args)
	case "rotate-key":
		return profileRotateKey(ctx, r, args)
	case "show":
		return profileShow(ctx, r, args)
	}
	return usagef("unknown profile subcommand %q", sub)
}

func profileList(ctx context.Context, r *runner, args []string) error {
	if _, err := parse(newFlags("profile list", r.env), args); err != nil {
		return err
	}
	c, err := r.home()
	if err != nil {
		return err
	}
	ps, err := c.ListProfiles(ctx)
	if err != nil {
		return err
	}
	found, err := c.UnlistedProfiles(ctx)
	if err != nil {
		return err
	}
	if len(ps) == 0 && len(found) == 0 {
		r.printf("No profiles yet. Create one with: hearth profile create --name NAME\n")
		return nil
	}
	if len(ps) > 0 {
		tw := tabwriter.NewWriter(r.env.Stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tNAME\tPROTECTION\tCREATED")
		for _, p := range ps {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", p.ID, p.Name, p.Protection, p.CreatedAt.Format("2006-01-02"))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	for _, p := range found {
		r.printf("Found on disk but missing from the list: %s %q (%s). Bring it back with: hearth profile bring-back --profile %s\n", p.ID, p.Name, p.Protection, p.ID)
	}
	return nil
}

// profileBringBack lists again a profile whose folder is on disk but
// which the profile list lacks.
func profileBringBack(ctx context.Context, r *runner, args []string) error {
	fs := newFlags("profile bring-back", r.env)
	who := fs.String("profile", "", "id of the profile found on disk")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if *who == "" {
		return usagef("--profile is required (the id shown by 'hearth profile list')")
	}
	c, err := r.home()
	if err != nil {
		return err
	}
	p, err := c.BringBackProfile(ctx, *who)
	if err != nil {
		return err
	}
	r.printf("Profile %q is listed again.\n", p.Name)
	return nil
}

func profileCreate(ctx context.Context, r *runner, args []string) error {
	fs := newFlags("profile create", r.env)
	name := fs.String("name", "", "display name")
	mode := fs.String("protection", "keychain", "keychain|pin|passphrase")
	color := fs.String("color", "", "#rrggbb")
	emoji := fs.String("emoji", "", "an emoji for the tile")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if strings.TrimSpace(*name) == "" {
		return usagef("--name is required")
	}
	req, err := r.newProfileRequest(*name, *mode)
	if err != nil {
		return err
	}
	req.Color, req.Emoji = *color, *emoji
	c, err := r.home()
	if err != nil {
		return err
	}
	p, recovery, err := c.CreateProfile(ctx, req)
	if err != nil {
		return err
	}
	r.printf("Created profile %q (%s protection).\n", p.Name, p.Protection)
	r.printRecovery(p, recovery)
	return nil
}

func profileRename(ctx context.Context, r *runner, args []string) error {
	fs := newFlags("profile rename", r.env)
	who := fs.String("profile", "", "profile name or id")
	name := fs.String("name", "", "new name")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if *who == "" || strings.TrimSpace(*name) == "" {
		return usagef("profile rename needs --profile and --name")
	}
	c, err := r.home()
	if err != nil {
		return err
	}
	p, err := c.FindProfile(ctx, *who)
	if err != nil {
		return err
	}
	p, err = c.RenameProfile(ctx, p.ID, *name)
	if err != nil {
		return err
	}
	r.printf("Renamed to %q.\n", p.Name)
	return nil
}

func profileProtect(ctx context.Context, r *runner, args []string) error {
	fs := newFlags("profile protect", r.env)
	who := fs.String("profile", "", "profile name or id")
	mode := fs.String("protection", "", "keychain|pin|passphrase")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if *who == "" || *mode == "" {
		return usagef("profile protect needs --profile and --protection")
	}
	m, err := vault.ParseMode(*mode)
	if err != nil {
		return usagef("--protection must be keychain, pin or passphrase")
	}
	c, err := r.home()
	if err != nil {
		return err
	}
	p, err := c.FindProfile(ctx, *who)
	if err != nil {
		return err
	}
	current, err := r.secretFor(p.Protection, " (current)")
	if err != nil {
		return err
	}
	newSecret, err := r.newSecretFor(m, "HEARTH_NEW_PIN", "HEARTH_NEW_PASSPHRASE")
	if err != nil {
		return err
	}
	changed, err := c.ChangeProtection(ctx, p.ID, m, current, newSecret)
	if changed.ID != "" {
		// Also on an error: the change was made and only a clean-up (the
		// old keychain item) is left, which the error describes.
		r.printf("%s is now protected by %s.\n", changed.Name, changed.Protection)
	}
	return err
}

func profileDelete(ctx context.Context, r *runner, args []string) error {
	fs := newFlags("profile delete", r.env)
	who := fs.String("profile", "", "profile name or id")
	yes := fs.Bool("yes", false, "do not ask for confirmation")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if *who == "" {
		return usagef("--profile is required")
	}
	c, err := r.home()
	if err != nil {
		return err
	}
	p, err := c.FindProfile(ctx, *who)
	if err != nil {
		return err
	}
	if !*yes {
		if r.env.Prompt == nil {
			return usagef("deleting %s cannot be undone: pass --yes to confirm", p.Name)
		}
		typed, err := r.env.Prompt(fmt.Sprintf("Type %q to delete this profile and all its data", p.Name))
		if err != nil {
			return err
		}
		if typed != p.Name {
			return usagef("the name did not match; nothing was deleted")
		}
	}
	rep, err := c.DeleteProfile(ctx, p.ID)
	if err != nil {
		return err
	}
	r.printf("Deleted profile %q.\n", rep.Profile.Name)
	for _, k := range rep.KeychainItems {
		r.printf("removed keychain item: %s\n", k)
	}
	for _, f := range rep.Files {
		r.printf("removed: %s\n", f)
	}
	return nil
}

func profileUnlock(ctx context.Context, r *runner, args []string) error {
	fs := newFlags("profile unlock", r.env)
	who := fs.String("profile", "", "profile name or id")
	recovery := fs.Bool("recovery", false, "use the recovery key (HEARTH_RECOVERY_KEY)")
	restore := fs.Bool("restore-keychain", false, "after a recovery unlock, store the key in the keychain again")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	ws, open, err := r.open(ctx, *who, *recovery)
	if err != nil {
		return err
	}
	v, err := ws.DB.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	r.printf("Profile %q opens (schema version %d).\n", ws.Profile.Name, v)
	if open.KeychainRestoreSuggested {
		if !*restore {
			r.printf("The keychain does not hold this profile's key; run again with --restore-keychain to store it there.\n")
			return nil
		}
		pin := ""
		if ws.Profile.Protection == vault.ModePIN {
			if pin, err = r.secret("HEARTH_PIN", "PIN"); err != nil {
				return err
			}
		}
		if err := r.c.RestoreKeychainItem(ctx, ws.Profile.ID, pin); err != nil {
			return err
		}
		r.printf("The key is in the keychain again.\n")
	}
	return nil
}
