package main

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"sync"
	"time"
)

// progressEvery is how often a progress line is redrawn at most.
const progressEvery = 200 * time.Millisecond

// terminal returns w when it is a terminal, else nil: progress is drawn
// only for a person watching, never into a log file or a pipe.
func terminal(w io.Writer) io.Writer {
	f, ok := w.(*os.File)
	if !ok {
		return nil
	}
	fi, err := f.Stat()
	if err != nil || fi.Mode()&os.ModeCharDevice == 0 {
		return nil
	}
	return w
}

// progress reports long work: on a terminal, one line redrawn in place
// as steps complete; when the work ends, that line is cleared and one
// summary line is logged, terminal or not. It is safe for concurrent use;
// a nil *progress does nothing.
type progress struct {
	term  io.Writer // nil: no progress line
	log   *slog.Logger
	now   func() time.Time
	what  string
	start time.Time

	mu    sync.Mutex
	drawn time.Time // when the line was last drawn
	shown bool      // a line is on the terminal
}

// newProgress starts reporting the work what.
func newProgress(term io.Writer, log *slog.Logger, now func() time.Time, what string) *progress {
	return &progress{term: term, log: log, now: now, what: what, start: now()}
}

// step reports done of total steps (total 0: unknown), with a detail,
// redrawing the line at most every progressEvery, and always for the last
// step.
func (p *progress) step(done, total int, detail string) {
	if p == nil || p.term == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now()
	if p.shown && now.Sub(p.drawn) < progressEvery && (total == 0 || done < total) {
		return
	}
	count := fmt.Sprint(done)
	if total > 0 {
		count = fmt.Sprintf("%d/%d", done, total)
	}
	if detail != "" {
		detail = " " + detail
	}
	fmt.Fprintf(p.term, "\r\033[K%s: %s%s (%s)", p.what, count, detail, now.Sub(p.start).Round(100*time.Millisecond))
	p.drawn, p.shown = now, true
}

// clear removes the progress line, if one is shown.
func (p *progress) clear() {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.shown {
		fmt.Fprint(p.term, "\r\033[K")
		p.shown = false
	}
}

// done clears the progress line and logs the summary msg with attrs and
// the time taken.
func (p *progress) done(msg string, attrs ...any) {
	if p == nil {
		return
	}
	p.clear()
	secs := p.now().Sub(p.start).Seconds()
	p.log.Info(msg, append(attrs, "seconds", float64(int(secs*1000))/1000)...)
}
