package doctor_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"hearth/backend/doctor"
	"hearth/backend/keychain/keychaintest"
	"hearth/backend/llm"
)

func plain(err error) string { return "said: " + err.Error() }

func TestMachine_NamesAndKeychainWording(t *testing.T) {
	kc := keychaintest.New()
	res := doctor.Run(context.Background(), doctor.Machine(t.TempDir(), kc, plain), 5*time.Second)
	var names []string
	for _, r := range res {
		names = append(names, r.Name)
	}
	if got := strings.Join(names, ","); got != "data dir,keychain,webkit/gtk" {
		t.Fatalf("machine checks: %s", got)
	}
	if !res[1].OK || !strings.Contains(res[1].Detail, "Secret Service reachable") || len(kc.Accounts()) != 0 {
		t.Fatalf("keychain: %+v, left %v", res[1], kc.Accounts())
	}
	kc.Unavailable("no Secret Service on the session bus")
	res = doctor.Run(context.Background(), []doctor.Check{doctor.Keychain(kc, plain)}, 5*time.Second)
	if res[0].OK || !strings.HasPrefix(res[0].Detail, "said: ") || !strings.HasSuffix(res[0].Detail, "profiles can still use passphrase protection") {
		t.Fatalf("keychain unavailable: %+v", res[0])
	}
}

// Endpoint checks ask a real server for its models through the LLM client.
func TestEndpoints(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/v1/models" {
			http.NotFound(w, r)
			return
		}
		fmt.Fprint(w, `{"object":"list","data":[{"id":"m1","object":"model"},{"id":"m2","object":"model"}]}`)
	}))
	defer srv.Close()
	client := llm.NewClient(llm.ClientOptions{})
	probe := func(ep llm.Endpoint) doctor.Endpoint {
		return doctor.Endpoint{Name: ep.Name, Models: func(ctx context.Context) (string, []string, error) {
			models, err := client.CheckModels(ctx, ep)
			return ep.BaseURL, models, err
		}}
	}
	up := llm.Endpoint{Name: "Home", BaseURL: srv.URL + "/v1"}
	missing := llm.Endpoint{Name: "Picky", BaseURL: srv.URL + "/v1", DefaultModel: "m9"}
	res := doctor.Run(context.Background(), doctor.Endpoints("Ann", []doctor.Endpoint{probe(up), probe(missing)}, plain), 5*time.Second)
	if len(res) != 2 || res[0].Name != "endpoint Home" || !res[0].OK || res[0].Detail != srv.URL+"/v1 answers (2 models)" {
		t.Fatalf("answering endpoint: %+v", res)
	}
	if res[1].Name != "endpoint Picky" || res[1].OK || res[1].Skip || !strings.HasPrefix(res[1].Detail, "said: ") {
		t.Fatalf("endpoint without its default model: %+v", res[1])
	}

	res = doctor.Run(context.Background(), doctor.Endpoints("Ann", nil, plain), time.Second)
	if len(res) != 1 || res[0].Name != "AI endpoints of Ann" || !res[0].Skip || !strings.Contains(res[0].Detail, "hearth endpoint add") {
		t.Fatalf("no endpoints: %+v", res)
	}
	res = doctor.Run(context.Background(), []doctor.Check{doctor.NoProfileOpen()}, time.Second)
	if res[0].Name != "AI endpoints" || !res[0].Skip {
		t.Fatalf("no profile open: %+v", res[0])
	}
}
