package ops

import (
	"context"
	"encoding/json"
	"net/http"
	"sync/atomic"
	"time"
)

// Check reports whether one dependency is ready; nil means ready.
type Check func(ctx context.Context) error

// Health serves /healthz and /readyz. The process is live as soon as it
// serves; it is ready once SetReady has been called and every check passes.
type Health struct {
	ready    atomic.Bool
	draining atomic.Bool
	checks   map[string]Check
}

// NewHealth returns a Health that is not ready yet.
func NewHealth(checks map[string]Check) *Health {
	return &Health{checks: checks}
}

// SetReady marks the index loaded, or not.
func (h *Health) SetReady(ready bool) { h.ready.Store(ready) }

// SetDraining marks the process as shutting down: not ready, and saying
// why.
func (h *Health) SetDraining() {
	h.draining.Store(true)
	h.ready.Store(false)
}

// Live answers /healthz: 200 while the process serves.
func (h *Health) Live(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// Ready answers /readyz: 200 with every check's status when ready, 503
// otherwise.
func (h *Health) Ready(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	status := map[string]string{}
	ok := h.ready.Load() && !h.draining.Load() // a late SetReady does not undo draining
	switch {
	case h.draining.Load():
		status["index"] = "draining"
	case !ok:
		status["index"] = "loading"
	default:
		status["index"] = "ok"
	}
	for name, check := range h.checks {
		if err := check(ctx); err != nil {
			status[name] = "failing"
			ok = false
		} else {
			status[name] = "ok"
		}
	}
	code := http.StatusOK
	if !ok {
		code = http.StatusServiceUnavailable
	}
	writeJSON(w, code, status)
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(v)
}
