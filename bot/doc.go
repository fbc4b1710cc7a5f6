// Package bot turns a question into an Answer: it retrieves passages, then
// composes an answer of verbatim quotes (extractive, needing nothing but the
// articles) or asks a language model for one (generative), verifies every
// quote against the passage it cites, notes where the articles disagree, and
// declines plainly when they do not answer. It knows nothing of Discord;
// adapters render its Answers.
package bot
