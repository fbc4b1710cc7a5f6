package ops

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Replica is what one replica of several reports: whether it holds the
// gateway, the questions waiting across all replicas, and the questions it
// took over from replicas that died.
type Replica struct {
	gateway   prometheus.Gauge
	connected prometheus.Gauge
	waiting   prometheus.Gauge
	takenOver prometheus.Counter
	takeAge   prometheus.Histogram
}

// Replica registers the replica's collectors, labelled with its name. Call
// it once per Metrics.
func (m *Metrics) Replica(name string) *Replica {
	r := &Replica{
		gateway: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "partnerbot_gateway_held", Help: "1 while this replica holds the Discord gateway, else 0.",
			ConstLabels: prometheus.Labels{"replica": name},
		}),
		connected: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "partnerbot_gateway_connected", Help: "1 while this replica's Discord gateway is connected (READY or RESUMED and not since disconnected), else 0.",
			ConstLabels: prometheus.Labels{"replica": name},
		}),
		waiting: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "partnerbot_jobs_waiting", Help: "Questions received and not yet answered, across all replicas.",
		}),
		takenOver: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "partnerbot_jobs_taken_over_total", Help: "Questions this replica took over from a replica that died.",
		}),
		takeAge: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "partnerbot_job_takeover_age_seconds", Help: "Age of a question when another replica took it over.",
			Buckets: []float64{1, 2.5, 5, 10, 20, 30, 60, 120, 300, 900},
		}),
	}
	m.reg.MustRegister(r.gateway, r.connected, r.waiting, r.takenOver, r.takeAge)
	return r
}

// GatewayHeld records whether this replica holds the gateway.
func (r *Replica) GatewayHeld(held bool) {
	v := 0.0
	if held {
		v = 1
	}
	r.gateway.Set(v)
}

// GatewayConnected records whether this replica's gateway is connected.
func (r *Replica) GatewayConnected(up bool) {
	v := 0.0
	if up {
		v = 1
	}
	r.connected.Set(v)
}

// JobsWaiting records the questions waiting for an answer.
func (r *Replica) JobsWaiting(n int) { r.waiting.Set(float64(n)) }

// JobTakenOver counts a question taken over, at the given age.
func (r *Replica) JobTakenOver(age time.Duration) {
	r.takenOver.Inc()
	r.takeAge.Observe(age.Seconds())
}
