package memory_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"hearth/backend/memory"
)

// fakeCompleter returns reply and records what it was sent.
type fakeCompleter struct {
	reply  string
	system string
	user   string
}

func (f *fakeCompleter) Complete(_ context.Context, system, user string) (string, error) {
	f.system, f.user = system, user
	return f.reply, nil
}

var _ memory.Completer = (*fakeCompleter)(nil)

func TestService_Extract(t *testing.T) {
	ctx := context.Background()
	s := newService(t)
	old := mustAdd(t, s, "kitchen", "Has two children")
	gone := mustAdd(t, s, "kitchen", "Dislikes mushrooms")
	hidden, _ := s.Add(ctx, "kitchen", memory.Memory{Text: "Diabetic", Sensitivity: memory.Sensitive})
	otherMod := mustAdd(t, s, "tutor", "Studies French")

	t.Run("RejectsWithoutChange", func(t *testing.T) {
		for name, reply := range map[string]string{
			"BadJSON":       `{"operations": [`,
			"UnknownOp":     `{"operations":[{"op":"MERGE","id":"1"}]}`,
			"UnknownID":     `{"operations":[{"op":"ADD","text":"Likes tea"},{"op":"DELETE","id":"99"}]}`,
			"RealIDOtherMd": `{"operations":[{"op":"DELETE","id":"` + otherMod.ID + `"}]}`,
			"TooLong":       `{"operations":[{"op":"ADD","text":"` + strings.Repeat("a", memory.MaxTextLen+1) + `"}]}`,
			"TooMany":       `{"operations":[` + strings.Repeat(`{"op":"ADD","text":"x"},`, 20) + `{"op":"ADD","text":"x"}]}`,
			"StringOp":      `{"operations":["ADD Likes tea"]}`,
			"Unclosed":      `{"operations":[]`,
			"NoOperations":  `{}`,
			"BadKind":       `{"operations":[{"op":"ADD","text":"x","kind":"gossip"}]}`,
			"AddWithID":     `{"operations":[{"op":"ADD","id":"1","text":"x"}]}`,
			"Twice":         `{"operations":[{"op":"DELETE","id":"1"},{"op":"DELETE","id":"1"}]}`,
		} {
			f := &fakeCompleter{reply: reply}
			n, err := s.Extract(ctx, "kitchen", f, "hi", "hello", "", "")
			if !errors.Is(err, memory.ErrBadExtraction) || n != 0 {
				t.Errorf("%s: %d, %v", name, n, err)
			}
			if err != nil && strings.Contains(err.Error(), "Likes tea") {
				t.Errorf("%s: error quotes the reply", name)
			}
		}
		counts, _ := s.Counts(ctx)
		if counts["kitchen"] != 3 || counts["tutor"] != 1 {
			t.Fatalf("changed despite rejection: %v", counts)
		}
	})
	t.Run("OK", func(t *testing.T) {
		f := &fakeCompleter{}
		// Find the short ids the model was shown.
		f.reply = `{"operations":[]}`
		if _, err := s.Extract(ctx, "kitchen", f, "We now have three children <private>salary 50k</private>", "Noted", "", ""); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(f.user, "salary") || strings.Contains(f.user, "Diabetic") || strings.Contains(f.user, "French") {
			t.Fatalf("prompt leaked private, sensitive or other-module text: %s", f.user)
		}
		short := func(text string) string {
			i := strings.Index(f.user, `"text":"`+text+`"`)
			j := strings.LastIndex(f.user[:i], `"id":"`)
			return f.user[j+6 : j+6+strings.Index(f.user[j+6:], `"`)]
		}
		f.reply = "```json\n" + `{"operations":[
			{"op":"UPDATE","id":"` + short("Has two children") + `","text":"Has three children"},
			{"op":"DELETE","id":"` + short("Dislikes mushrooms") + `"},
			{"op":"ADD","text":"Cooks for five","kind":"fact"},
			{"op":"NONE"}]}` + "\n```"
		n, err := s.Extract(ctx, "kitchen", f, "We now have three children", "Noted", "sess", "msg")
		if err != nil || n != 3 {
			t.Fatalf("%d %v", n, err)
		}
		if m, _ := s.Get(ctx, "kitchen", old.ID); m.Text != "Has three children" {
			t.Errorf("update: %q", m.Text)
		}
		if _, err := s.Get(ctx, "kitchen", gone.ID); !errors.Is(err, memory.ErrNotFound) {
			t.Errorf("delete: %v", err)
		}
		if _, err := s.Get(ctx, "kitchen", hidden.ID); err != nil {
			t.Errorf("sensitive memory touched: %v", err)
		}
		added, _ := s.Search(ctx, "kitchen", "five", 5)
		if len(added) != 1 || added[0].SourceSession != "sess" || added[0].SourceMessage != "msg" {
			t.Errorf("add: %+v", added)
		}
	})
}
