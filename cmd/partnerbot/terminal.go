package main

import (
	"io"
	"unicode"
	"unicode/utf8"
)

// plainText writes text for a terminal with every control character but
// line breaks and tabs shown as U+FFFD: an article may hold a few (its
// quotes are verbatim), and one such as ESC would drive the terminal. A
// rune split across writes is held until it is whole. JSON output needs
// none of this: the encoder escapes them.
type plainText struct {
	w    io.Writer
	held []byte // the start of a rune the last write cut
}

func (t *plainText) Write(p []byte) (int, error) {
	b := append(t.held, p...)
	t.held = nil
	if n := incompleteTail(b); n > 0 {
		t.held = append([]byte(nil), b[len(b)-n:]...)
		b = b[:len(b)-n]
	}
	out := make([]byte, 0, len(b))
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if unicode.IsControl(r) && r != '\n' && r != '\t' {
			out = utf8.AppendRune(out, utf8.RuneError)
		} else {
			out = append(out, b[:size]...)
		}
		b = b[size:]
	}
	if _, err := t.w.Write(out); err != nil {
		return 0, err
	}
	return len(p), nil
}

// incompleteTail is how many bytes at the end of b begin a rune that is
// not whole yet: 0 when b ends on a rune's end (or on bytes that can never
// become one).
func incompleteTail(b []byte) int {
	for n := 1; n <= utf8.UTFMax-1 && n <= len(b); n++ {
		c := b[len(b)-n]
		if utf8.RuneStart(c) {
			if !utf8.FullRune(b[len(b)-n:]) {
				return n
			}
			return 0
		}
	}
	return 0
}
