package ops

import (
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics are partnerbot's Prometheus collectors, on a registry of their
// own so tests can make as many as they like.
type Metrics struct {
	reg              *prometheus.Registry
	questions        *prometheus.CounterVec
	abstentions      *prometheus.CounterVec
	latency          *prometheus.HistogramVec
	providerErrors   *prometheus.CounterVec
	answerFailures   *prometheus.CounterVec
	rateLimitedUsers prometheus.Counter
	restRateLimits   prometheus.Counter
}

// NewMetrics registers the collectors, with Go runtime and process metrics.
func NewMetrics() *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		questions: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "partnerbot_questions_total", Help: "Questions answered, by answer mode and source.",
		}, []string{"mode", "source"}),
		abstentions: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "partnerbot_abstentions_total", Help: "Questions declined because the articles do not answer them.",
		}, []string{"mode", "source"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "partnerbot_answer_seconds",
			Help:    "Time to compose an answer, from question to verified answer.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 20},
		}, []string{"mode"}),
		providerErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "partnerbot_provider_errors_total", Help: "Language-model provider failures, by kind.",
		}, []string{"kind"}),
		answerFailures: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "partnerbot_answer_failures_total", Help: "Questions no answer could be given for, by reason (timeout, canceled, error).",
		}, []string{"reason"}),
		rateLimitedUsers: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "partnerbot_rate_limited_total", Help: "Questions refused by the per-user rate limit.",
		}),
		restRateLimits: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "partnerbot_discord_rest_429_total", Help: "Discord REST replies of 429 Too Many Requests.",
		}),
	}
	m.reg.MustRegister(m.questions, m.abstentions, m.latency, m.providerErrors, m.answerFailures, m.rateLimitedUsers, m.restRateLimits,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Answered counts one answer.
func (m *Metrics) Answered(mode, source string, abstained bool, took time.Duration) {
	m.questions.WithLabelValues(mode, source).Inc()
	if abstained {
		m.abstentions.WithLabelValues(mode, source).Inc()
	}
	m.latency.WithLabelValues(mode).Observe(took.Seconds())
}

// ProviderError counts a provider failure of the given kind.
func (m *Metrics) ProviderError(kind string) { m.providerErrors.WithLabelValues(kind).Inc() }

// AnswerFailed counts a question no answer could be given for.
func (m *Metrics) AnswerFailed(reason string) { m.answerFailures.WithLabelValues(reason).Inc() }

// RateLimited counts a question refused by the per-user rate limit.
func (m *Metrics) RateLimited() { m.rateLimitedUsers.Inc() }

// RESTRateLimited counts a Discord REST 429.
func (m *Metrics) RESTRateLimited() { m.restRateLimits.Inc() }

// Handler serves the metrics in the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}
