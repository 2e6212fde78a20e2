// Command fakeopenai serves the llmtest fake model server on a loopback
// address, for end-to-end UI tests and trying Hearth without a model:
//
//	fakeopenai -addr 127.0.0.1:18080 [-slow 50ms] [-dialect ollama] [-require-key]
//	           [-think "text" [-think-style inline]] [-keepalives 3] [-line-ending crlf]
//	           [-embed-models fake-embed] [-embeddings-down] [-control]
//
// Point an endpoint at http://127.0.0.1:18080/v1 (/api/v1 for -dialect
// openrouter, no path for deepseek). Replies echo the last user message as
// markdown, in the wire format of the -dialect server (default openai);
// -think makes every reply think first, the way that server streams
// thinking. POST <base>/embeddings answers the fake's meaning-aware
// embeddings (llmtest.Embedding) in the dialect's bytes; -embeddings-down
// starts with them failing (503) while chat works, and -control serves
// POST /_control/embeddings?down=1 (or 0) so an end-to-end test can take
// them down and bring them back.
package main

import (
	"errors"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"strings"
	"time"

	"hearth/backend/llm/llmtest"
)

// options are the command's flags.
type options struct {
	addr, models string
	slow         time.Duration
	requireKey   bool
	embedModels  string
	embedDown    bool
	control      bool
	dialect      llmtest.Dialect
	echo         llmtest.Reply
}

func main() {
	o, err := parseFlags()
	if err != nil {
		fmt.Fprintln(os.Stderr, "fakeopenai:", err)
		os.Exit(2)
	}
	if err := run(o); err != nil {
		fmt.Fprintln(os.Stderr, "fakeopenai:", err)
		os.Exit(1)
	}
}

func parseFlags() (options, error) {
	var o options
	flag.StringVar(&o.addr, "addr", "127.0.0.1:18080", "loopback host:port to listen on")
	flag.DurationVar(&o.slow, "slow", 0, "pause between streamed chunks (e.g. 50ms)")
	flag.StringVar(&o.models, "models", "fake-model,fake-model-large", "comma-separated model ids")
	flag.BoolVar(&o.requireKey, "require-key", false, "require the API key from $FAKEOPENAI_KEY")
	flag.StringVar(&o.embedModels, "embed-models", llmtest.DefaultEmbedModel, "comma-separated embedding model ids")
	flag.BoolVar(&o.embedDown, "embeddings-down", false, "start with /embeddings answering 503 (chat keeps working)")
	flag.BoolVar(&o.control, "control", false, "serve POST /_control/embeddings?down=1|0 for tests")
	dialect := flag.String("dialect", "openai", "server to imitate: "+dialectNames())
	flag.StringVar(&o.echo.Reasoning, "think", "", "thinking every reply streams before its answer")
	style := flag.String("think-style", "default", "how thinking is sent: default (the server's way), field, inline, r1")
	flag.IntVar(&o.echo.KeepAlives, "keepalives", 0, "keep-alive comments per reply, in the server's form")
	ending := flag.String("line-ending", "lf", "line ending of the stream: lf, crlf, cr")
	flag.Parse()
	var err error
	if o.dialect, err = llmtest.ParseDialect(*dialect); err != nil {
		return o, err
	}
	styles := map[string]llmtest.ThinkStyle{"default": llmtest.ThinkDefault, "field": llmtest.ThinkField,
		"inline": llmtest.ThinkInline, "r1": llmtest.ThinkR1}
	var ok bool
	if o.echo.Think, ok = styles[*style]; !ok {
		return o, fmt.Errorf("unknown -think-style %q", *style)
	}
	endings := map[string]string{"lf": "\n", "crlf": "\r\n", "cr": "\r"}
	if o.echo.LineEnding, ok = endings[*ending]; !ok {
		return o, fmt.Errorf("unknown -line-ending %q", *ending)
	}
	return o, nil
}

func dialectNames() string {
	var names []string
	for _, d := range llmtest.Dialects() {
		names = append(names, string(d))
	}
	return strings.Join(names, ", ")
}

func run(o options) error {
	host, _, err := net.SplitHostPort(o.addr)
	if err != nil {
		return err
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return errors.New("refusing to listen on a non-loopback address")
	}
	h := llmtest.NewHandler(strings.Split(o.models, ",")...)
	h.SetDialect(o.dialect)
	h.SetSlow(o.slow)
	h.SetEchoStyle(o.echo)
	h.SetEmbedModels(strings.Split(o.embedModels, ",")...)
	h.SetEmbeddingsDown(o.embedDown)
	if o.requireKey {
		key := os.Getenv("FAKEOPENAI_KEY")
		if key == "" {
			return errors.New("-require-key needs FAKEOPENAI_KEY")
		}
		h.RequireKey(key)
	}
	l, err := net.Listen("tcp", o.addr)
	if err != nil {
		return err
	}
	log.Printf("fakeopenai: serving %s on http://%s%s", o.dialect, l.Addr(), llmtest.BasePath(o.dialect))
	var handler http.Handler = h
	if o.control {
		handler = withControl(h)
	}
	srv := &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second}
	return srv.Serve(l)
}

// withControl serves the test control path in front of h.
func withControl(h *llmtest.Handler) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /_control/embeddings", func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Query().Get("down") {
		case "1":
			h.SetEmbeddingsDown(true)
		case "0":
			h.SetEmbeddingsDown(false)
		default:
			http.Error(w, "down=1 or down=0", http.StatusBadRequest)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	})
	mux.Handle("/", h)
	return mux
}
