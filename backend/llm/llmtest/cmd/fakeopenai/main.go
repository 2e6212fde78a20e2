// Command fakeopenai serves the llmtest fake OpenAI server on a loopback
// address, for end-to-end UI tests and trying Hearth without a model:
//
//	fakeopenai -addr 127.0.0.1:18080 [-slow 50ms] [-dialect ollama] [-require-key]
//
// Point an endpoint at http://127.0.0.1:18080/v1 (/api/v1 for -dialect
// openrouter, no path for deepseek). Replies echo the last user message as
// markdown, in the wire format of the -dialect server (default openai).
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

func main() {
	addr := flag.String("addr", "127.0.0.1:18080", "loopback host:port to listen on")
	slow := flag.Duration("slow", 0, "pause between streamed chunks (e.g. 50ms)")
	models := flag.String("models", "fake-model,fake-model-large", "comma-separated model ids")
	requireKey := flag.Bool("require-key", false, "require the API key from $FAKEOPENAI_KEY")
	dialect := flag.String("dialect", "openai", "server to imitate: "+dialectNames())
	flag.Parse()
	d, err := llmtest.ParseDialect(*dialect)
	if err != nil {
		fmt.Fprintln(os.Stderr, "fakeopenai:", err)
		os.Exit(2)
	}
	if err := run(*addr, *slow, *models, *requireKey, d); err != nil {
		fmt.Fprintln(os.Stderr, "fakeopenai:", err)
		os.Exit(1)
	}
}

func dialectNames() string {
	var names []string
	for _, d := range llmtest.Dialects() {
		names = append(names, string(d))
	}
	return strings.Join(names, ", ")
}

func run(addr string, slow time.Duration, models string, requireKey bool, d llmtest.Dialect) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return err
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return errors.New("refusing to listen on a non-loopback address")
	}
	h := llmtest.NewHandler(strings.Split(models, ",")...)
	h.SetDialect(d)
	h.SetSlow(slow)
	if requireKey {
		key := os.Getenv("FAKEOPENAI_KEY")
		if key == "" {
			return errors.New("-require-key needs FAKEOPENAI_KEY")
		}
		h.RequireKey(key)
	}
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	log.Printf("fakeopenai: serving %s on http://%s%s", d, l.Addr(), llmtest.BasePath(d))
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	return srv.Serve(l)
}
