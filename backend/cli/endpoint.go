package cli

import (
	"context"
	"fmt"
	"text/tabwriter"

	"hearth/backend/household"
	"hearth/backend/llm"
)

func cmdEndpoint(ctx context.Context, r *runner, args []string) error {
	if len(args) == 0 {
		return usagef("endpoint needs a subcommand: list, add, set-key, models, test, remove")
	}
	sub := args[0]
	fs := newFlags("endpoint "+sub, r.env)
	who := fs.String("profile", "", "profile name or id")
	name := fs.String("name", "", "endpoint name")
	url := fs.String("url", "", "base URL, e.g. http://127.0.0.1:11434/v1 (add)")
	model := fs.String("model", "", "default model (add)")
	if _, err := parse(fs, args[1:]); err != nil {
		return err
	}
	ws, _, err := r.open(ctx, *who, false)
	if err != nil {
		return err
	}
	if sub == "list" {
		return endpointList(ctx, r, ws)
	}
	if *name == "" {
		return usagef("endpoint %s needs --name", sub)
	}
	switch sub {
	case "add":
		if *url == "" {
			return usagef("endpoint add needs --url")
		}
		key := r.env.Getenv("HEARTH_API_KEY")
		if key == "" && r.env.Prompt != nil && !llm.IsLocalURL(*url) {
			if key, err = r.env.Prompt("API key (empty for none)"); err != nil {
				return err
			}
		}
		ep, err := ws.Endpoints.Add(ctx, llm.EndpointInput{Name: *name, BaseURL: *url, DefaultModel: *model, APIKey: key})
		if err != nil {
			return err
		}
		r.printf("Added endpoint %q (%s)%s.\n", ep.Name, ep.BaseURL, keyNote(ep))
		return nil
	}
	ep, err := ws.Endpoints.GetByName(ctx, *name)
	if err != nil {
		return err
	}
	switch sub {
	case "set-key":
		key, err := r.secret("HEARTH_API_KEY", "API key")
		if err != nil {
			return err
		}
		if err := ws.Endpoints.SetAPIKey(ctx, ep.ID, key); err != nil {
			return err
		}
		r.printf("Stored the API key for %q inside the encrypted profile.\n", ep.Name)
	case "remove":
		if err := ws.Endpoints.Remove(ctx, ep.ID); err != nil {
			return err
		}
		r.printf("Removed endpoint %q.\n", ep.Name)
	case "models", "test":
		full, err := ws.Endpoints.Resolve(ctx, ep.ID)
		if err != nil {
			return err
		}
		c, _ := r.home()
		if sub == "test" {
			if _, err := c.Client.Check(ctx, full); err != nil {
				return err
			}
			r.printf("OK: %s answers.\n", ep.Name)
			return nil
		}
		models, err := c.Client.Models(ctx, full)
		if err != nil {
			return err
		}
		for _, m := range models {
			r.printf("%s\n", m)
		}
	default:
		return usagef("unknown endpoint subcommand %q", sub)
	}
	return nil
}

func keyNote(ep llm.Endpoint) string {
	if ep.HasAPIKey {
		return " with an API key"
	}
	return ""
}

func endpointList(ctx context.Context, r *runner, ws *household.Workspace) error {
	eps, err := ws.Endpoints.List(ctx)
	if err != nil {
		return err
	}
	if len(eps) == 0 {
		r.printf("No endpoints yet. Suggestions:\n")
		for _, s := range llm.Suggestions() {
			r.printf("  hearth endpoint add --profile %q --name %q --url %s\n", ws.Profile.Name, s.Name, s.BaseURL)
		}
		return nil
	}
	def, _ := ws.Endpoints.Default(ctx)
	tw := tabwriter.NewWriter(r.env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tURL\tMODEL\tKEY\tLOCAL\tDEFAULT")
	for _, e := range eps {
		if !ws.Family.AllowsEndpoint(e) {
			continue // the family rules do not let this profile choose it
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", e.Name, e.BaseURL, e.DefaultModel, yes(e.HasAPIKey), yes(e.Local), yes(e.ID == def.ID))
	}
	return tw.Flush()
}

func yes(b bool) string {
	if b {
		return "yes"
	}
	return "-"
}
