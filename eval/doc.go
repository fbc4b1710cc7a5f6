// Package eval measures answer quality offline: it reads question sets in
// JSON Lines, runs them through a bot.Engine, and computes deterministic
// metrics (hit@k and MRR, in the engine's order and in retrieval's own,
// answer accuracy, citation validity, abstention) per retrieval mode and
// per kind of question, with a gate of thresholds that CI enforces.
package eval
