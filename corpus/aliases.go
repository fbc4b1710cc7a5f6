package corpus

import (
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// AliasesFile is the optional file in an articles directory that gives
// other names for the people, places and organisations its articles name:
// each key a name as the articles write it, each value the other ways
// people write or say it.
//
//	Maren Oskvold: [minister Oskvold, the trade minister]
//	Ho Chi Minh City: [HCMC, Saigon]
const AliasesFile = "aliases.yaml"

// ErrAliases is a bad aliases file; the error wrapping it says what is wrong.
var ErrAliases = errors.New("bad aliases")

// Aliases maps a name to the other names it goes by.
type Aliases map[string][]string

// add adds more's aliases to a, each once.
func (a Aliases) add(more Aliases) {
	for name, list := range more {
		for _, alias := range list {
			if !slices.Contains(a[name], alias) {
				a[name] = append(a[name], alias)
			}
		}
	}
}

// maxAliasLen bounds a name or an alias, in bytes.
const maxAliasLen = 200

// ParseAliases reads an aliases file. Every name and alias must be text of
// at most maxAliasLen bytes with a letter or digit in it; a name may not be
// given twice.
func ParseAliases(raw []byte) (Aliases, error) {
	var n yaml.Node
	if err := yaml.Unmarshal(raw, &n); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrAliases, err)
	}
	if n.Kind == 0 {
		return Aliases{}, nil // empty file
	}
	if n.Kind == yaml.DocumentNode && len(n.Content) == 1 {
		n = *n.Content[0]
	}
	if n.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%w: want a mapping of names to lists of aliases", ErrAliases)
	}
	out := Aliases{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		name := strings.TrimSpace(k.Value)
		if err := checkName(name); err != nil {
			return nil, fmt.Errorf("%w: line %d: name %q: %w", ErrAliases, k.Line, k.Value, err)
		}
		if _, dup := out[name]; dup {
			return nil, fmt.Errorf("%w: line %d: %q is given twice", ErrAliases, k.Line, name)
		}
		var list []string
		if err := v.Decode(&list); err != nil {
			return nil, fmt.Errorf("%w: line %d: aliases of %q: want a list of names", ErrAliases, v.Line, name)
		}
		for _, a := range list {
			a = strings.TrimSpace(a)
			if err := checkName(a); err != nil {
				return nil, fmt.Errorf("%w: line %d: alias %q of %q: %w", ErrAliases, v.Line, a, name, err)
			}
			out[name] = append(out[name], a)
		}
	}
	return out, nil
}

func checkName(s string) error {
	switch {
	case !utf8.ValidString(s):
		return errors.New("not UTF-8")
	case len(s) > maxAliasLen:
		return fmt.Errorf("longer than %d bytes", maxAliasLen)
	case len(tokens(s)) == 0:
		return errors.New("no letters or digits")
	}
	return nil
}

// readAliases reads fsys's aliases file, if it has one.
func readAliases(fsys fs.FS) (Aliases, error) {
	raw, err := readBounded(fsys, AliasesFile)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return ParseAliases(raw)
}
