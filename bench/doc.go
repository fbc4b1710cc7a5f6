// Package bench measures how partnerbot's costs grow with its corpus. It
// builds synthetic corpora of any number of passages from the sentences of
// the real articles, and for each, and for the articles themselves, times
// index builds, restarts from a persisted index, queries per retrieval
// mode and whole answers, and weighs the heap. Two baselines are measured
// in the same run on the same vectors: chromem-go's own query, and a plain
// flat dot-product scan, the memory-bandwidth floor.
package bench
