package llmtest_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"hearth/backend/llm/llmtest"
)

// answer is one raw HTTP answer of the fake.
type answer struct {
	status int
	header http.Header
	body   string
}

// post sends body to the server's base URL + path and returns the answer
// byte for byte.
func post(t *testing.T, srv *llmtest.Server, path, body string) answer {
	t.Helper()
	resp, err := http.Post(srv.URL+path, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatalf("post %s: %v", path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("read %s: %v", path, err)
	}
	return answer{status: resp.StatusCode, header: resp.Header, body: string(b)}
}

// chat posts a streamed chat request for model with the extra top-level
// JSON members given (e.g. `"stream_options":{"include_usage":true}`).
func chat(t *testing.T, srv *llmtest.Server, model, extra string) answer {
	t.Helper()
	body := `{"model":"` + model + `","stream":true,"messages":[{"role":"user","content":"Say hi"}]`
	if extra != "" {
		body += "," + extra
	}
	return post(t, srv, "/chat/completions", body+"}")
}

// events joins SSE lines into the wire bytes: every line ends in "\n" and
// every event in a blank line.
func events(lines ...string) string {
	var b strings.Builder
	for _, l := range lines {
		b.WriteString(l + "\n\n")
	}
	return b.String()
}

// same fails with both byte strings and the first differing offset.
func same(t *testing.T, what, got, want string) {
	t.Helper()
	if got == want {
		return
	}
	i := 0
	for i < len(got) && i < len(want) && got[i] == want[i] {
		i++
	}
	t.Errorf("%s: bytes differ at offset %d\n got: %q\nwant: %q", what, i, got, want)
}

func wantStatus(t *testing.T, a answer, status int, contentType string) {
	t.Helper()
	if a.status != status {
		t.Errorf("status = %d, want %d (body %q)", a.status, status, a.body)
	}
	if ct := a.header.Get("Content-Type"); contentType != "" && ct != contentType {
		t.Errorf("Content-Type = %q, want %q", ct, contentType)
	}
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }

func newAuthed(url, key string) (*http.Request, error) {
	req, err := http.NewRequest(http.MethodPost, url, strings.NewReader(`{"model":"m","stream":true,"messages":[{"role":"user","content":"hi"}]}`))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+key)
	return req, nil
}

func do(t *testing.T, req *http.Request) answer {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s: %v", req.URL, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return answer{status: resp.StatusCode, header: resp.Header, body: string(b)}
}
