package api

import (
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"

	"hearth/backend/chat"
)

var updateEvents = flag.Bool("update-events", false, "rewrite frontend/src/api/events.gen.ts")

// eventPayloads names the payload type of every Event* constant.
var eventPayloads = map[string]any{
	EventChatDelta:      ChatDelta{},
	EventChatDone:       ChatDone{},
	EventChatError:      ChatError{},
	EventChatTitle:      ChatTitle{},
	EventChatWait:       ChatWait{},
	EventMemoryChanged:  MemoryExtracted{},
	EventProfileNotice:  ProfileNotice{},
	EventProfileLocked:  ProfileLocked{},
	EventExportProgress: ExportProgress{},
	EventEndpointStatus: StatusDTO{},
}

// tsNames are Go types the window already knows by another name.
var tsNames = map[reflect.Type]string{
	reflect.TypeOf(chat.Message{}): "Message",
}

const eventsTSPath = "../../frontend/src/api/events.gen.ts"

// TestEventPayloadsTS fails when the window's event types differ from the
// Go payloads, or when an Event* constant has no payload type.
func TestEventPayloadsTS(t *testing.T) {
	for _, name := range eventConstants(t) {
		if _, ok := eventPayloads[name]; !ok {
			t.Errorf("event %q has no payload type in eventPayloads", name)
		}
	}
	got := eventsTS()
	if *updateEvents {
		if err := os.WriteFile(eventsTSPath, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(eventsTSPath)
	if err != nil {
		t.Fatal(err)
	}
	if string(want) != got {
		t.Fatalf("%s is out of date; run go test ./backend/api -run TestEventPayloadsTS -update-events\n--- want\n%s", eventsTSPath, got)
	}
}

// eventConstants lists the values of the package's Event* string constants.
func eventConstants(t *testing.T) []string {
	t.Helper()
	fset := token.NewFileSet()
	pkgs, err := parser.ParseDir(fset, ".", func(fi os.FileInfo) bool { return !strings.HasSuffix(fi.Name(), "_test.go") }, 0)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, p := range pkgs {
		for _, f := range p.Files {
			for _, d := range f.Decls {
				gd, ok := d.(*ast.GenDecl)
				if !ok || gd.Tok != token.CONST {
					continue
				}
				for _, sp := range gd.Specs {
					vs := sp.(*ast.ValueSpec)
					for i, n := range vs.Names {
						if !strings.HasPrefix(n.Name, "Event") || i >= len(vs.Values) {
							continue
						}
						if lit, ok := vs.Values[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
							s, _ := strconv.Unquote(lit.Value)
							out = append(out, s)
						}
					}
				}
			}
		}
	}
	if len(out) == 0 {
		t.Fatal("found no Event* constants")
	}
	return out
}

func eventsTS() string {
	var b strings.Builder
	b.WriteString("// Generated from backend/api/events.go by\n// go test ./backend/api -run TestEventPayloadsTS -update-events. Do not edit.\n")
	b.WriteString("import type { EndpointState, Message } from './types';\n\n")
	b.WriteString("export interface EventPayloads {\n")
	names := make([]string, 0, len(eventPayloads))
	for n := range eventPayloads {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(&b, "  '%s': %s;\n", n, tsStruct(reflect.TypeOf(eventPayloads[n])))
	}
	b.WriteString("}\n")
	return b.String()
}

func tsStruct(t reflect.Type) string {
	var fields []string
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" || !f.IsExported() {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if name == "" {
			name = f.Name
		}
		typ := f.Tag.Get("ts")
		if typ == "" {
			typ = tsType(f.Type)
		}
		opt := ""
		if strings.Contains(opts, "omitempty") {
			opt = "?"
		}
		fields = append(fields, fmt.Sprintf("%s%s: %s", name, opt, typ))
	}
	return "{ " + strings.Join(fields, "; ") + " }"
}

func tsType(t reflect.Type) string {
	if n, ok := tsNames[t]; ok {
		return n
	}
	switch t.Kind() {
	case reflect.Pointer:
		return tsType(t.Elem()) + " | null"
	case reflect.String:
		return "string"
	case reflect.Bool:
		return "boolean"
	case reflect.Int, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
		return "number"
	case reflect.Slice:
		return tsType(t.Elem()) + "[]"
	case reflect.Struct:
		return tsStruct(t)
	}
	panic("no TypeScript type for " + t.String())
}
