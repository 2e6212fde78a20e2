package api_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// profileIDAllowed are the bound methods that take a profile id: they open
// (or ask about opening) a profile, they never read its data.
var profileIDAllowed = map[string]bool{
	"Profiles.Unlock":             true,
	"Profiles.UnlockWithRecovery": true,
	"Profiles.Lockout":            true,
	"Profiles.BringBack":          true, // lists a profile found on disk again; reads none of its data
}

var profileWord = regexp.MustCompile(`(?i)profile`)

// TestNoDataMethodTakesAProfileID guards isolation rule 1 at the source:
// no exported method of the bound facades takes a parameter, or a request
// struct with a field, naming a profile (the open profile is server-side
// state), and a Profiles method takes an "id" only where it opens one.
// It reads the package's source with go/ast, because parameter names are
// not visible through reflection.
func TestNoDataMethodTakesAProfileID(t *testing.T) {
	fset := token.NewFileSet()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	structs := map[string]*ast.StructType{}
	var methods []*ast.FuncDecl
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Recv != nil && d.Name.IsExported() {
					methods = append(methods, d)
				}
			case *ast.GenDecl:
				for _, s := range d.Specs {
					if ts, ok := s.(*ast.TypeSpec); ok {
						if st, ok := ts.Type.(*ast.StructType); ok {
							structs[ts.Name.Name] = st
						}
					}
				}
			}
		}
	}
	checked := 0
	for _, m := range methods {
		recv := receiverName(m.Recv.List[0].Type)
		if recv == "" || !ast.IsExported(recv) {
			continue
		}
		full := recv + "." + m.Name.Name
		checked++
		for _, p := range m.Type.Params.List {
			for _, n := range p.Names {
				if profileIDAllowed[full] {
					continue
				}
				if profileWord.MatchString(n.Name) || (recv == "Profiles" && strings.EqualFold(n.Name, "id")) {
					t.Errorf("%s takes parameter %q: the open profile must come from server-side state", full, n.Name)
				}
			}
			if st, ok := structs[typeName(p.Type)]; ok {
				for _, fld := range st.Fields.List {
					for _, n := range fld.Names {
						if profileWord.MatchString(n.Name) && strings.HasSuffix(strings.ToLower(n.Name), "id") {
							t.Errorf("%s takes %s with field %s", full, typeName(p.Type), n.Name)
						}
					}
				}
			}
		}
	}
	if checked < 20 {
		t.Fatalf("only %d bound methods found: the scan is not looking at the facades", checked)
	}
}

func receiverName(e ast.Expr) string {
	if s, ok := e.(*ast.StarExpr); ok {
		e = s.X
	}
	if id, ok := e.(*ast.Ident); ok {
		return id.Name
	}
	return ""
}

func typeName(e ast.Expr) string {
	if s, ok := e.(*ast.StarExpr); ok {
		e = s.X
	}
	if id, ok := e.(*ast.Ident); ok {
		return id.Name
	}
	return ""
}
