// Package ops owns what operators look at: liveness (/healthz), readiness
// (/readyz: the index is loaded and the database answers) and Prometheus
// metrics (/metrics) for questions, abstentions, answer latency, provider
// errors, rate-limited users and Discord REST 429s.
package ops
