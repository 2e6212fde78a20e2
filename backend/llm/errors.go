package llm

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"syscall"
	"time"

	openai "github.com/sashabaranov/go-openai"
)

// Kind says what went wrong talking to a server, independent of the cause's
// wording, so the UI and CLI can react (retry button, settings link).
type Kind string

// Fault kinds. Every error returned by [Client] is an [*Error] with one of these.
const (
	KindOffline           Kind = "offline"            // network unreachable
	KindConnectionRefused Kind = "connection_refused" // nothing listening
	KindDNS               Kind = "dns"                // host name not found
	KindTLS               Kind = "tls"                // certificate or handshake failure
	KindAuth              Kind = "auth"               // 401/403: key missing or refused
	KindModelNotFound     Kind = "model_not_found"    // 404
	KindRateLimited       Kind = "rate_limited"       // 429
	KindQuota             Kind = "quota"              // 429 insufficient_quota, 402: the account is out of credit
	KindLoading           Kind = "loading"            // 503 while the server loads the model
	KindBadAddress        Kind = "bad_address"        // 404 for the API path itself: not an OpenAI-compatible base URL
	KindServer            Kind = "server"             // 5xx or an error frame inside the stream (Detail: the server's sentence)
	KindRejected          Kind = "rejected"           // other 4xx
	KindTimeout           Kind = "timeout"            // no response headers in time
	KindStalled           Kind = "stalled"            // no bytes for StallTimeout mid-reply
	KindDropped           Kind = "dropped"            // connection lost mid-reply
	KindMalformed         Kind = "malformed"          // not SSE / not JSON
	KindTooLarge          Kind = "too_large"          // reply cap reached
	KindCanceled          Kind = "canceled"           // the caller stopped the turn
	KindConfig            Kind = "config"             // no endpoint, no model, bad URL
	KindUnknown           Kind = "unknown"
)

// Error is a classified fault. Detail is the server's own message (if any)
// with the API key redacted; it may appear in the sentence shown for rejected
// requests but is never logged by this package.
type Error struct {
	Kind       Kind
	Op         string // "chat", "models"
	Host       string // host:port of the endpoint
	Model      string
	Status     int           // HTTP status, 0 if none
	RetryAfter time.Duration // for KindRateLimited, 0 if unknown
	Stall      time.Duration // for KindStalled
	Detail     string
	Err        error
	Connected  bool          // the server accepted the connection (a timeout then means busy or loading)
	NoKey      bool          // the request carried no API key (401: one is needed)
	Wait       time.Duration // for KindTimeout and KindLoading: how long Hearth waited

	retryHeader bool // the server sent a readable Retry-After
}

func (e *Error) Error() string {
	s := e.Op + ": " + string(e.Kind)
	if e.Status != 0 {
		s += fmt.Sprintf(" (HTTP %d)", e.Status)
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

func (e *Error) Unwrap() error { return e.Err }

// KindOf returns err's Kind, KindCanceled for a bare context.Canceled, and
// KindUnknown for anything else (including nil's callers misusing it).
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	if errors.Is(err, context.Canceled) {
		return KindCanceled
	}
	return KindUnknown
}

// Sentinel causes set by the watchdog; matched with errors.Is.
var (
	errRequestTimeout = errors.New("no response before the request timeout")
	errStalled        = errors.New("no data before the stall timeout")
	errTooLarge       = errors.New("reply exceeds the size cap")
	errNoData         = errors.New("stream ended before any data")
	errNoFinish       = errors.New("stream ended without a finish reason")
	errNotSSE         = errors.New("reply is a web page, not an event stream")
	errStreamError    = errors.New("server reported an error inside the stream")

	// ErrNoEndpoint is returned when no endpoint is configured.
	ErrNoEndpoint = errors.New("no endpoint configured")
	// ErrNoModel is returned when neither the request nor the endpoint names a model.
	ErrNoModel = errors.New("no model chosen")
)

// sentence is the one sentence shown in the window and the CLI for e.
func (e *Error) sentence() string {
	host := e.Host
	if host == "" {
		host = "the server"
	}
	switch e.Kind {
	case KindOffline:
		return fmt.Sprintf("Could not reach %s: the network is unreachable (are you offline?).", host)
	case KindConnectionRefused:
		return fmt.Sprintf("Nothing is answering at %s; is the model server running?", host)
	case KindDNS:
		return fmt.Sprintf("The server name %s could not be found; check the address and your connection.", hostOnly(host))
	case KindTLS:
		return fmt.Sprintf("The secure connection to %s failed: its certificate is not trusted or TLS is misconfigured.", host)
	case KindAuth:
		if e.NoKey {
			return fmt.Sprintf("%s needs an API key (HTTP %d); add the key in the endpoint's settings.", capitalize(host), e.Status)
		}
		return fmt.Sprintf("The server refused the API key (HTTP %d); check the endpoint's key.", e.Status)
	case KindBadAddress:
		return "This address does not offer an OpenAI-compatible API (HTTP 404); check the base URL, which usually ends in /v1."
	case KindQuota:
		return "The account behind this API key has used up its quota or credit; check the plan and billing with the provider."
	case KindLoading:
		if e.Wait > 0 {
			return fmt.Sprintf("The server is still loading the model; Hearth waited %s. Try again in a moment.", roundDuration(e.Wait))
		}
		return "The server is still loading the model; try again in a moment."
	case KindModelNotFound:
		if e.Model != "" {
			return fmt.Sprintf("The model %q is not available on this server; pick another model.", e.Model)
		}
		return "The model is not available on this server; pick another model."
	case KindRateLimited:
		if e.RetryAfter > 0 {
			return fmt.Sprintf("The server is rate-limiting requests; try again in %s.", roundDuration(e.RetryAfter))
		}
		return "The server is rate-limiting requests; try again shortly."
	case KindServer:
		switch {
		case e.Status == 0 && e.Detail != "":
			return "The server reported an error while replying: " + sentence(e.Detail)
		case e.Status == 0:
			return "The server reported an error while replying; try again later."
		case e.Detail != "":
			return fmt.Sprintf("The server had an internal error (HTTP %d): %s Try again later.", e.Status, sentence(e.Detail))
		}
		return fmt.Sprintf("The server had an internal error (HTTP %d); try again later.", e.Status)
	case KindRejected:
		if e.Detail != "" {
			return fmt.Sprintf("The server rejected the request (HTTP %d): %s", e.Status, sentence(e.Detail))
		}
		return fmt.Sprintf("The server rejected the request (HTTP %d).", e.Status)
	case KindTimeout:
		if e.Connected && e.Wait > 0 {
			return fmt.Sprintf("%s did not answer in time: it accepted the request but sent nothing for %s, so it may still be loading the model or be busy. Try again in a moment.", capitalize(host), roundDuration(e.Wait))
		}
		return fmt.Sprintf("%s did not answer in time; try again, or check that it is not overloaded.", capitalize(host))
	case KindStalled:
		if e.Stall > 0 {
			return fmt.Sprintf("The reply stopped arriving (nothing for %s), so it was cut off.", roundDuration(e.Stall))
		}
		return "The reply stopped arriving, so it was cut off."
	case KindDropped:
		return "The connection was lost in the middle of the reply."
	case KindMalformed:
		if errors.Is(e.Err, errNotSSE) {
			return "This address answered with a web page Hearth could not understand, not an OpenAI-compatible API; check the base URL, which usually ends in /v1."
		}
		return "The server sent a reply Hearth could not understand; is this an OpenAI-compatible server?"
	case KindTooLarge:
		return "The reply grew far larger than expected and was cut off."
	case KindCanceled:
		return "Stopped."
	case KindConfig:
		if errors.Is(e.Err, ErrNoModel) {
			return noModelSentence
		}
		return "The endpoint's address is not valid; check its base URL."
	}
	return "Something went wrong talking to the model server."
}

// classify turns any fault from a request into an *Error. parent is the
// caller's context (to tell Stop from our own watchdog), cause is
// context.Cause of the per-call context.
func classify(parent context.Context, op, host string, err, cause error, key string) *Error {
	e := &Error{Kind: KindUnknown, Op: op, Host: host, Err: err}
	var already *Error
	if errors.As(err, &already) {
		return already
	}
	if parent.Err() != nil {
		if errors.Is(parent.Err(), context.DeadlineExceeded) {
			e.Kind = KindTimeout
		} else {
			e.Kind = KindCanceled
		}
		return e
	}
	switch {
	case errors.Is(cause, errRequestTimeout):
		e.Kind, e.Err = KindTimeout, cause
		return e
	case errors.Is(cause, errStalled):
		e.Kind, e.Err = KindStalled, cause
		return e
	case errors.Is(err, errTooLarge):
		e.Kind = KindTooLarge
		return e
	}
	var apiErr *openai.APIError
	var reqErr *openai.RequestError
	switch {
	case errors.As(err, &apiErr):
		f := &serverFault{Status: apiErr.HTTPStatusCode, Message: apiErr.Message, Type: apiErr.Type}
		if apiErr.Code != nil {
			f.Code = fmt.Sprint(apiErr.Code)
		}
		if apiErr.Param != nil {
			f.Param = *apiErr.Param
		}
		return faultError(f, op, host, key) // status 0: an {"error":…} frame inside the stream
	case errors.As(err, &reqErr):
		return faultError(parseFault(reqErr.HTTPStatusCode, reqErr.Body), op, host, key)
	}
	var dnsErr *net.DNSError
	var certErr *tls.CertificateVerificationError
	var unknownCA x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	var invalidCert x509.CertificateInvalidError
	var recordErr tls.RecordHeaderError
	var alertErr tls.AlertError
	var syntaxErr *json.SyntaxError
	var typeErr *json.UnmarshalTypeError
	var netErr net.Error
	switch {
	case errors.As(err, &dnsErr):
		e.Kind = KindDNS
	case errors.As(err, &certErr), errors.As(err, &unknownCA), errors.As(err, &hostErr),
		errors.As(err, &invalidCert), errors.As(err, &recordErr), errors.As(err, &alertErr):
		e.Kind = KindTLS
	case errors.Is(err, syscall.ECONNREFUSED):
		e.Kind = KindConnectionRefused
	case errors.Is(err, syscall.ENETUNREACH), errors.Is(err, syscall.EHOSTUNREACH), errors.Is(err, syscall.ENETDOWN):
		e.Kind = KindOffline
	case errors.As(err, &syntaxErr), errors.As(err, &typeErr),
		errors.Is(err, openai.ErrTooManyEmptyStreamMessages), errors.Is(err, errNoData), errors.Is(err, errNotSSE):
		e.Kind = KindMalformed
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, errNoFinish), errors.Is(err, syscall.ECONNRESET),
		errors.Is(err, syscall.EPIPE), errors.Is(err, io.EOF):
		e.Kind = KindDropped
	case errors.As(err, &netErr) && netErr.Timeout():
		e.Kind = KindTimeout
	case errors.Is(err, context.Canceled):
		e.Kind = KindCanceled
	}
	if e.Kind == KindUnknown && strings.Contains(err.Error(), "tls: ") {
		e.Kind = KindTLS // e.g. "tls: first record does not look like a TLS handshake"
	}
	return e
}

// faultError classifies what a server said. The message may echo request
// data, so it goes to Detail (shown, never logged) and Err stays generic.
func faultError(f *serverFault, op, host, key string) *Error {
	e := &Error{Op: op, Host: host, Status: f.Status, NoKey: key == "", Err: errors.New("server error response")}
	if f.Status == 0 {
		e.Err = errStreamError
	}
	e.Detail = f.Message
	if e.Detail == "" {
		e.Detail = f.Body
	}
	e.Detail = redact(e.Detail, key)
	e.Kind = kindForStatus(f.Status)
	switch {
	case f.Status == 0:
		e.Kind = KindServer
	case f.Status == 402 || (f.Status == 429 && (f.says("quota") || f.says("billing") || f.says("credit"))):
		e.Kind = KindQuota
	case f.Status == 503 && (f.says("loading") || f.says("unavailable_error")):
		e.Kind = KindLoading
	case f.Status == 404 && op == "models":
		e.Kind = KindBadAddress
	case f.Status == 404 && !f.says("model"):
		e.Kind = KindBadAddress // "404 page not found": the path, not the model
	}
	return e
}

func kindForStatus(status int) Kind {
	switch {
	case status == 401 || status == 403:
		return KindAuth
	case status == 404:
		return KindModelNotFound
	case status == 429:
		return KindRateLimited
	case status >= 500:
		return KindServer
	case status == 408:
		return KindTimeout
	case status >= 400:
		return KindRejected
	}
	return KindMalformed // a 1xx/3xx we did not follow
}

// redact removes the API key from server text (some servers echo it back)
// and bounds the length so a hostile server cannot flood the UI.
func redact(s, key string) string {
	if key != "" {
		s = strings.ReplaceAll(s, key, "[redacted]")
	}
	const max = 300
	if len(s) > max {
		s = strings.ToValidUTF8(s[:max], "") + "…"
	}
	return s
}

func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" || strings.HasSuffix(s, ".") || strings.HasSuffix(s, "…") {
		return s
	}
	return s + "."
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func hostOnly(hostport string) string {
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		return h
	}
	return hostport
}

func roundDuration(d time.Duration) string {
	if d < time.Second {
		return "a second"
	}
	s := int(d.Round(time.Second) / time.Second)
	if s == 1 {
		return "1 second"
	}
	if s < 120 {
		return fmt.Sprintf("%d seconds", s)
	}
	return fmt.Sprintf("%d minutes", (s+59)/60)
}
