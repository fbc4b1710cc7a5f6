// Package eval measures answer quality offline: it reads question sets in
// JSON Lines, runs them through a bot.Engine, and computes deterministic
// metrics (retrieval hit@k and MRR, answer accuracy, citation validity,
// abstention) per retrieval mode and per kind of question, with a gate of
// thresholds that CI enforces.
package eval
