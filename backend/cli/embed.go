package cli

import (
	"context"
	"fmt"

	"hearth/backend/apperr"
	"hearth/backend/household"
	"hearth/backend/semantic"
)

// cmdEmbed shows and sets the profile's embedding model (retrieval by
// meaning) and embeds what is missing:
//
//	hearth embed status    --profile P
//	hearth embed set-model --profile P [--endpoint NAME] MODEL
//	hearth embed off       --profile P
//	hearth embed run       --profile P
func cmdEmbed(ctx context.Context, r *runner, args []string) error {
	if len(args) == 0 {
		return usagef("embed needs a subcommand: status, set-model, off, run")
	}
	sub := args[0]
	fs := newFlags("embed "+sub, r.env)
	who := fs.String("profile", "", "profile name or id")
	epName := fs.String("endpoint", "", "endpoint that serves the embedding model (set-model; default: the default endpoint)")
	rest, err := parse(fs, args[1:])
	if err != nil {
		return err
	}
	switch sub {
	case "status", "off", "run":
		if len(rest) != 0 {
			return usagef("embed %s takes no arguments", sub)
		}
	case "set-model":
		if len(rest) != 1 || rest[0] == "" {
			return usagef("embed set-model needs the model name, e.g. nomic-embed-text")
		}
	default:
		return usagef("unknown embed subcommand %q: status, set-model, off, run", sub)
	}
	ws, _, err := r.open(ctx, *who, false)
	if err != nil {
		return err
	}
	switch sub {
	case "set-model":
		set := semantic.Setting{Model: rest[0]}
		if *epName != "" {
			ep, err := ws.Endpoints.GetByName(ctx, *epName)
			if err != nil {
				return err
			}
			set.EndpointID = ep.ID
		}
		if err := semantic.SaveSetting(ctx, ws.DB, set); err != nil {
			return err
		}
		r.printf("Embedding model set to %q; run 'hearth embed run' (or open the window) to embed memories and documents.\n", set.Model)
		if _, _, err := ws.Embedder.Query(ctx, "test"); err != nil {
			fmt.Fprintf(r.env.Stderr, "(the embedding server did not answer yet: %s)\n", semantic.Problem(err))
		}
		return nil
	case "off":
		if err := semantic.SaveSetting(ctx, ws.DB, semantic.Setting{}); err != nil {
			return err
		}
		r.printf("Retrieval by meaning is off; memories are found by keywords.\n")
		return nil
	case "run":
		return embedRun(ctx, r, ws)
	}
	return embedStatus(ctx, r, ws)
}

func embedStatus(ctx context.Context, r *runner, ws *household.Workspace) error {
	set, err := ws.Embedder.Setting(ctx)
	if err != nil {
		return err
	}
	if set.Model == "" {
		r.printf("model: none (retrieval by keywords only)\n")
		return nil
	}
	endpoint := "the default endpoint"
	if set.EndpointID != "" {
		if ep, err := ws.Endpoints.Get(ctx, set.EndpointID); err == nil {
			endpoint = ep.Name
		} else {
			endpoint = "a removed endpoint"
		}
	}
	p, err := ws.Embedding.Measure(ctx)
	if err != nil {
		return err
	}
	r.printf("model: %s\nendpoint: %s\nembedded: %d of %d\n", set.Model, endpoint, p.Done, p.Total)
	return nil
}

func embedRun(ctx context.Context, r *runner, ws *household.Workspace) error {
	set, err := ws.Embedder.Setting(ctx)
	if err != nil {
		return err
	}
	if set.Model == "" {
		return usagef("no embedding model is set; use 'hearth embed set-model MODEL' first")
	}
	if err := ws.Embedding.Pass(ctx); err != nil {
		p := ws.Embedding.Status()
		return apperr.Wrap(apperr.Internal, err, fmt.Sprintf("Embedded %d of %d, then stopped: %s", p.Done, p.Total, semantic.Problem(err)))
	}
	p := ws.Embedding.Status()
	r.printf("Embedded %d of %d with %s.\n", p.Done, p.Total, p.Model)
	return nil
}
