package llm_test

import (
	"context"
	"errors"
	"net"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"

	"hearth/backend/llm"
)

// Rule 4 of ARCHITECTURE.md's isolation list: sensitive memories go only
// to a local endpoint, and "local" is decided by IsLocalURL. These tests
// try to make a URL that is not loopback pass for one.

// TestIsLocalURL_Adversarial is a table of URLs that look local to a
// careless check (substring, suffix, trailing-dot trimming, userinfo,
// resolver tricks) but whose connection would not go to this machine's
// loopback interface, plus the genuine loopback forms that must stay local.
func TestIsLocalURL_Adversarial(t *testing.T) {
	for _, tc := range []struct {
		url   string
		local bool
		why   string
	}{
		// Genuine loopback.
		{"http://127.0.0.1:11434/v1", true, "IPv4 loopback"},
		{"http://127.255.255.254/v1", true, "all of 127.0.0.0/8 is loopback"},
		{"http://localhost:11434/v1", true, "the name the hosts file maps to loopback"},
		{"HTTP://LocalHost:8080", true, "scheme and host are case-insensitive"},
		{"http://[::1]:8080/v1", true, "IPv6 loopback"},
		{"http://[0:0:0:0:0:0:0:1]/v1", true, "IPv6 loopback, long form"},
		{"http://[::ffff:127.0.0.1]:11434/v1", true, "IPv4-mapped loopback: Go dials it as 127.0.0.1"},
		{"http://[::ffff:7f00:1]/v1", true, "the same address in hex"},

		// Names that contain or end like "localhost" but are someone's DNS.
		{"http://localhost.attacker.example/v1", false, "a subdomain of an attacker's zone"},
		{"http://localhost-attacker.example/v1", false, "prefix match"},
		{"http://attacker.example/localhost", false, "localhost only in the path"},
		{"http://mylocalhost/v1", false, "suffix without a dot"},
		{"http://127.0.0.1.nip.io/v1", false, "wildcard DNS that answers 127.0.0.1 today, anything tomorrow"},
		{"http://localtest.me/v1", false, "public name pointing at loopback"},
		// A trailing dot makes the name absolute: Go's resolver skips the
		// hosts file and asks DNS (see TestIsLocalURL_NamesNeverReachDNS).
		{"http://localhost./v1", false, "absolute name, answered by DNS"},
		{"http://LOCALHOST./v1", false, "absolute name, answered by DNS"},
		{"http://127.0.0.1./v1", false, "not an IP literal: a DNS name"},
		{"http://foo.localhost/v1", false, "RFC 6761 asks resolvers to special-case it; Go's does not"},
		{"http://localhost.localdomain/v1", false, "hosts-file alias, resolved by name"},
		{"http://ip6-localhost/v1", false, "hosts-file alias, resolved by name"},

		// Addresses that are not loopback.
		{"http://0.0.0.0:11434/v1", false, "unspecified address, not loopback"},
		{"http://[::]:11434/v1", false, "unspecified IPv6 address"},
		{"http://[::127.0.0.1]/v1", false, "IPv4-compatible (not mapped) address is not loopback"},
		{"http://[fe80::1%25lo]/v1", false, "link-local with a zone"},
		{"http://[::1%25eth0]/v1", false, "a zone makes it no plain loopback literal"},
		{"http://192.168.1.5:11434/v1", false, "LAN"},
		{"http://10.0.0.1/v1", false, "private network"},
		{"http://169.254.169.254/v1", false, "link-local metadata service"},

		// Numeric spellings some resolvers (inet_aton) read as 127.0.0.1,
		// Go's ParseIP does not: they are names, so not local.
		{"http://127.1/v1", false, "short form"},
		{"http://2130706433/v1", false, "decimal"},
		{"http://0x7f000001/v1", false, "hex"},
		{"http://0177.0.0.1/v1", false, "octal"},

		// URL syntax tricks: the loopback part is not the host.
		{"http://127.0.0.1@attacker.example/v1", false, "userinfo"},
		{"http://localhost:11434@attacker.example/v1", false, "userinfo with a port"},
		{"http://user:pw@attacker.example:11434/v1", false, "userinfo"},
		{"http://attacker.example#@127.0.0.1/", false, "fragment"},
		{"http://attacker.example?@127.0.0.1/", false, "query"},
		{`http://localhost\@attacker.example/`, false, "backslash (browsers read it as a slash)"},
		{"http://127.0.0.1:11434.attacker.example/", false, "port that is not a port"},
		{"http://localhost%2eattacker.example/", false, "escaped dot"},
		{"http://[::1]@attacker.example/", false, "bracketed userinfo"},

		// Not an http URL with a host at all.
		{"localhost:11434", false, "no scheme: parses as scheme localhost"},
		{"//127.0.0.1:11434/v1", true, "scheme-relative, still loopback"},
		{"file:///tmp/socket", false, "no host"},
		{"http://", false, "empty host"},
		{"", false, "empty"},
		{"::not a url", false, "unparsable"},
	} {
		if got := llm.IsLocalURL(tc.url); got != tc.local {
			t.Errorf("IsLocalURL(%q) = %v, want %v (%s)", tc.url, got, tc.local, tc.why)
		}
	}
}

// TestIsLocalURL_LoopbackOnlyHere: a name that resolves to loopback on
// this machine only (the machine's own host name, 127.0.1.1 on Debian) is
// still a name, so it is not local: the rule must not depend on what a
// resolver says.
func TestIsLocalURL_LoopbackOnlyHere(t *testing.T) {
	host, err := os.Hostname()
	if err != nil || host == "" {
		t.Skipf("no host name: %v", err)
	}
	if strings.EqualFold(host, "localhost") {
		t.Skip("the host is called localhost")
	}
	if addrs, err := net.DefaultResolver.LookupHost(context.Background(), host); err == nil {
		t.Logf("%s resolves to %v here", host, addrs)
	}
	if llm.IsLocalURL("http://" + host + ":11434/v1") {
		t.Fatalf("IsLocalURL(http://%s:11434/v1) = true: a resolvable name counted as loopback", host)
	}
}

// TestIsLocalURL_NamesNeverReachDNS: every host NAME IsLocalURL accepts
// must resolve from the hosts file to loopback without a DNS query, because
// whoever answers DNS (a café's router, a spoofer) could point it anywhere.
// The resolver here is Go's own with a DNS transport that records every
// query and fails it.
func TestIsLocalURL_NamesNeverReachDNS(t *testing.T) {
	var mu sync.Mutex
	var queried []string
	r := &net.Resolver{PreferGo: true, Dial: func(ctx context.Context, network, address string) (net.Conn, error) {
		mu.Lock()
		queried = append(queried, address)
		mu.Unlock()
		return nil, errors.New("dns disabled in this test")
	}}
	names := []string{"localhost", "LOCALHOST", "localhost.", "LocalHost.", "foo.localhost", "foo.localhost.",
		"localhost.localdomain", "ip6-localhost", "127.0.0.1.", "localhost.attacker.example"}
	accepted := 0
	for _, name := range names {
		u := (&url.URL{Scheme: "http", Host: name + ":11434", Path: "/v1"}).String()
		if !llm.IsLocalURL(u) {
			continue
		}
		accepted++
		mu.Lock()
		queried = nil
		mu.Unlock()
		addrs, err := r.LookupHost(context.Background(), name)
		mu.Lock()
		q := queried
		mu.Unlock()
		if len(q) > 0 {
			t.Errorf("%s counts as local, but resolving it asks DNS (%v): DNS could point it off this machine", name, q)
			continue
		}
		if err != nil || len(addrs) == 0 {
			t.Errorf("%s counts as local but does not resolve from the hosts file: %v", name, err)
			continue
		}
		for _, a := range addrs {
			if ip := net.ParseIP(a); ip == nil || !ip.IsLoopback() {
				t.Errorf("%s counts as local but resolves to %s", name, a)
			}
		}
	}
	if accepted == 0 {
		t.Fatal("no name was accepted as local: the check above tested nothing")
	}
}
