package docs_test

import (
	"context"
	"testing"
	"time"

	"hearth/backend/docs"
	"hearth/backend/module"
	"hearth/backend/semantic"
	"hearth/backend/store"
	"hearth/backend/store/storetest"
)

// profile is a fresh profile database with the built-in modules, a
// custom module "garden", a docs service and a vector index.
type profile struct {
	db      *store.DB
	docs    *docs.Service
	modules *module.Service
	index   *semantic.Index
}

func newProfile(t testing.TB, plain bool) *profile {
	t.Helper()
	ctx := context.Background()
	db := storetest.OpenWith(t, storetest.Config{Options: store.Options{Plain: plain}})
	p := &profile{db: db, modules: module.NewService(db, time.Now), index: semantic.New(db)}
	p.docs = docs.NewService(db, time.Now, docs.Options{Index: p.index})
	if err := p.modules.Seed(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := p.modules.Create(ctx, module.Module{ID: "garden", Name: "Garden"}); err != nil {
		t.Fatal(err)
	}
	return p
}

func (p *profile) count(t testing.TB, q string, args ...any) int {
	t.Helper()
	var n int
	if err := p.db.QueryRowContext(context.Background(), q, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

func (p *profile) add(t testing.TB, moduleID, name, text string, opt docs.AddOptions) docs.Document {
	t.Helper()
	d, err := p.docs.Add(context.Background(), moduleID, name, []byte(text), opt)
	if err != nil {
		t.Fatal(err)
	}
	return d
}
