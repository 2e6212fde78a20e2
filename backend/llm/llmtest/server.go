package llmtest

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
)

// Server is a Handler served on a loopback httptest server.
type Server struct {
	*Handler
	HTTP *httptest.Server
	// URL is the OpenAI base URL (ending in /v1).
	URL string
}

// NewServer starts a plain-HTTP fake on 127.0.0.1, closed at test cleanup.
func NewServer(tb testing.TB, models ...string) *Server {
	tb.Helper()
	h := NewHandler(models...)
	s := httptest.NewServer(h)
	tb.Cleanup(s.Close)
	return &Server{Handler: h, HTTP: s, URL: s.URL + "/v1"}
}

// NewDialectServer starts a plain-HTTP fake speaking dialect d on
// 127.0.0.1, closed at test cleanup. URL is the base URL a user would
// configure for that server: ".../api/v1" for OpenRouter, the bare host
// for DeepSeek (api.deepseek.com's documented base_url), ".../v1" for the
// rest.
func NewDialectServer(tb testing.TB, d Dialect, models ...string) *Server {
	tb.Helper()
	h := NewHandler(models...)
	h.SetDialect(d)
	s := httptest.NewServer(h)
	tb.Cleanup(s.Close)
	return &Server{Handler: h, HTTP: s, URL: s.URL + BasePath(d)}
}

// BasePath is the path of dialect d's base URL (see NewDialectServer).
func BasePath(d Dialect) string {
	switch d {
	case DialectOpenRouter:
		return "/api/v1"
	case DialectDeepSeek:
		return ""
	}
	return "/v1"
}

// NewTLSServer starts an HTTPS fake whose certificate no default client
// trusts (for the TLS fault); HTTP.Client() trusts it.
func NewTLSServer(tb testing.TB, models ...string) *Server {
	tb.Helper()
	h := NewHandler(models...)
	s := httptest.NewTLSServer(h)
	tb.Cleanup(s.Close)
	return &Server{Handler: h, HTTP: s, URL: s.URL + "/v1"}
}

// Addr is the server's host:port.
func (s *Server) Addr() string { return s.HTTP.Listener.Addr().String() }

// ClosedURL returns a base URL on a loopback port nothing listens on
// (connection refused).
func ClosedURL(tb testing.TB) string {
	tb.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatalf("listen: %v", err)
	}
	addr := l.Addr().String()
	l.Close()
	return "http://" + addr + "/v1"
}

// RoutedClient returns an HTTP client that connects every request to addr
// whatever the URL's host, so an endpoint can look remote
// (http://hearth-test.invalid/v1) while the bytes stay on loopback.
func RoutedClient(addr string) *http.Client {
	d := &net.Dialer{}
	tr := &http.Transport{
		DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
			return d.DialContext(ctx, network, addr)
		},
	}
	return &http.Client{Transport: tr}
}

// NoDNSClient returns an HTTP client whose resolver fails every lookup
// without touching the network (the DNS fault, hermetically).
func NoDNSClient() *http.Client {
	r := &net.Resolver{PreferGo: true, Dial: func(ctx context.Context, network, address string) (net.Conn, error) {
		return nil, &net.OpError{Op: "dial", Net: network, Err: errNoDNS}
	}}
	d := &net.Dialer{Resolver: r}
	return &http.Client{Transport: &http.Transport{DialContext: d.DialContext}}
}

type dnsError struct{}

func (dnsError) Error() string { return "no DNS server in tests" }

var errNoDNS = dnsError{}
