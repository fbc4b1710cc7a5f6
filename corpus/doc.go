// Package corpus owns the articles partnerbot answers from: the Document and
// Passage types, the articles embedded in the binary, loading more from a
// directory, cleaning away boilerplate, sentence splitting, chunking into
// passages, and Normalize, the single text normalisation every comparison in
// the project uses.
//
// Cleaned text is kept verbatim apart from removed boilerplate, because every
// quote partnerbot shows must be found in it.
package corpus
