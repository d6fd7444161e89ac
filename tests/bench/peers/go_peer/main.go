// A Go net/http SSE server for benchmarks: the same events as `rill --serve --bench`
// (the demo music agent) and the other peers, with `id: <session>:<seq>` lines,
// `retry: 1000` first and a `sentUs` stamp (wall-clock microseconds since the Unix epoch,
// taken when the event is encoded) on every event. Each event is written and flushed
// with http.Flusher, the way Go SSE servers such as Mercure do it.
//
//	go_peer [--port N] [--steps N] [--payload BYTES] [--step-delay MS]
//	        [--idle-streams] [--heartbeat S]
//
// GET or POST /chat. Prints `LISTENING <port>` once it accepts connections; binds
// 127.0.0.1 only; exits when its parent does. Standard library only, so it builds
// offline with Debian 12's golang-go.
package main

import (
	"crypto/rand"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"time"
)

var (
	port        = flag.Int("port", 0, "port on 127.0.0.1 (0: any free one)")
	steps       = flag.Int("steps", 3, "plan length")
	payload     = flag.Int("payload", 0, "bytes of padding in each plan and step event")
	stepDelayMs = flag.Int("step-delay", 300, "milliseconds between events")
	idle        = flag.Bool("idle-streams", false, "send the greeting, then only heartbeats")
	heartbeatS  = flag.Int("heartbeat", 15, "seconds between heartbeats of idle streams")
	_           = flag.Bool("bench", true, "accepted for symmetry: sentUs is always on")
)

var (
	plan    = []string{"下载歌曲", "分析歌曲", "解析参数"}
	running = []string{"正在下载歌曲…", "正在分析歌曲…", "正在解析参数…"}
	done    = []string{"已下载《随机推荐》（5:58）", "节奏 137 BPM，E 调", "音量 85%，均衡器：流行"}
)

const (
	greeting = "请问您想听什么曲子？"
	answer   = "**《随机推荐》** 已准备好：\n\n- 时长 5:58\n- 节奏 137 BPM，E 调\n" +
		"- 音量 85%，均衡器：流行\n\n祝您聆听愉快！"
)

type event struct {
	kind, content string
	status        *int
	state         string
	step          int
}

func script() []event {
	ok := 200
	pad := strings.Repeat("x", *payload)
	out := []event{{kind: "assistant", content: greeting, status: &ok}}
	for s := 1; s <= *steps; s++ {
		out = append(out, event{kind: "planning", content: fmt.Sprintf("%d. %s%s", s, plan[(s-1)%3], pad), step: s})
	}
	for s := 1; s <= *steps; s++ {
		out = append(out, event{kind: "step", content: running[(s-1)%3] + pad, state: "running", step: s})
		out = append(out, event{kind: "step", content: done[(s-1)%3] + pad, state: "done", step: s})
	}
	out = append(out, event{kind: "assistant", content: answer, status: &ok})
	return append(out, event{kind: "done", content: "完成"})
}

func uuid() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}

// The wire shape of an event, fields in the order the other servers write them ("type"
// first: rill-bench spots the end of a stream by `{"type":"done"`).
type wireEvent struct {
	Type      string `json:"type"`
	ID        string `json:"id"`
	SessionID string `json:"sessionId"`
	Timestamp string `json:"timestamp"`
	Content   string `json:"content"`
	Status    *int   `json:"status"`
	SentUs    int64  `json:"sentUs"`
	Step      int    `json:"step,omitempty"`
	State     string `json:"state,omitempty"`
}

func frame(sessionID string, seq int, e event) []byte {
	now := time.Now()
	data, _ := json.Marshal(wireEvent{
		Type: e.kind, ID: uuid(), SessionID: sessionID,
		Timestamp: now.UTC().Format("2006-01-02T15:04:05.000Z"),
		Content:   e.content, Status: e.status, SentUs: now.UnixMicro(),
		Step: e.step, State: e.state,
	})
	return []byte(fmt.Sprintf("id: %s:%d\ndata: %s\n\n", sessionID, seq, data))
}

func chat(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/chat" || (r.Method != http.MethodGet && r.Method != http.MethodPost) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusNotFound)
		_, _ = io.WriteString(w, `{"error":"not found","status":404}`)
		return
	}
	_, _ = io.Copy(io.Discard, r.Body) // the body is not used
	flusher := w.(http.Flusher)
	sessionID := r.URL.Query().Get("sessionId")
	if sessionID == "" {
		sessionID = uuid()
	}
	h := w.Header()
	h.Set("Content-Type", "text/event-stream; charset=utf-8")
	h.Set("Cache-Control", "no-cache")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	_, _ = io.WriteString(w, "retry: 1000\n\n")
	flusher.Flush()

	events := script()
	gone := r.Context().Done()
	for i, e := range events {
		if _, err := w.Write(frame(sessionID, i+1, e)); err != nil {
			return
		}
		flusher.Flush()
		if *idle && i == 0 {
			ticker := time.NewTicker(time.Duration(*heartbeatS) * time.Second)
			defer ticker.Stop()
			for {
				select {
				case <-gone:
					return
				case <-ticker.C:
					if _, err := io.WriteString(w, ": ping\n\n"); err != nil {
						return
					}
					flusher.Flush()
				}
			}
		}
		if i+1 < len(events) && *stepDelayMs > 0 {
			select {
			case <-gone:
				return
			case <-time.After(time.Duration(*stepDelayMs) * time.Millisecond):
			}
		}
	}
}

func main() {
	flag.Parse()
	listener, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", *port))
	if err != nil {
		fmt.Fprintln(os.Stderr, "go_peer:", err)
		os.Exit(1)
	}
	fmt.Printf("LISTENING %d\n", listener.Addr().(*net.TCPAddr).Port)
	parent := os.Getppid()
	go func() {
		for range time.Tick(500 * time.Millisecond) {
			if os.Getppid() != parent {
				os.Exit(0)
			}
		}
	}()
	server := &http.Server{Handler: http.HandlerFunc(chat)}
	if err := server.Serve(listener); err != nil {
		fmt.Fprintln(os.Stderr, "go_peer:", err)
		os.Exit(1)
	}
}
