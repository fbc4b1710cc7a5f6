package config

import (
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// leaves returns the path and value of every non-struct field of v, e.g.
// "Discord.AppID".
func leaves(prefix string, v reflect.Value, out map[string]any) {
	for i := 0; i < v.NumField(); i++ {
		f := v.Type().Field(i)
		path := prefix + f.Name
		if v.Field(i).Kind() == reflect.Struct {
			leaves(path+".", v.Field(i), out)
			continue
		}
		out[path] = v.Field(i).Interface()
	}
}

// defaultConfig returns a Config with every setting at its default.
func defaultConfig(t *testing.T) Config {
	t.Helper()
	var c Config
	for _, s := range settings {
		if err := s.set(&c, s.Default); err != nil {
			t.Fatalf("%s: default %q: %v", s.Env, s.Default, err)
		}
	}
	return c
}

// sampleValue sets s on c to a value other than its default, trying a
// duration, a whole number and the opposite boolean in turn, and returns
// the text it set.
func sampleValue(t *testing.T, s setting, c *Config) string {
	t.Helper()
	candidates := []string{"17s", "17", "123456789012345678"}
	if b, err := strconv.ParseBool(s.Default); err == nil {
		candidates = append(candidates, strconv.FormatBool(!b))
	}
	for _, v := range candidates {
		if v != s.Default && s.set(c, v) == nil {
			return v
		}
	}
	t.Fatalf("%s: none of %q could be set", s.Env, candidates)
	return ""
}

// TestSettingsCoverConfig checks that the settings table, which Load, Print
// and Markdown all walk, has exactly one setting for every Config field
// (but ConfigFile, which records where the settings came from), that each
// setting reads back what it set, and that names are unique.
func TestSettingsCoverConfig(t *testing.T) {
	def := defaultConfig(t)
	before := map[string]any{}
	leaves("", reflect.ValueOf(def), before)
	delete(before, "ConfigFile")

	owner := map[string]string{} // field path -> the setting that sets it
	seen := map[string]string{}  // "env:NAME", "key:name", "flag:name" -> setting
	for _, s := range settings {
		t.Run(s.Env, func(t *testing.T) {
			for _, name := range []string{"env:" + s.Env, "key:" + s.Key, "flag:" + s.Flag} {
				if strings.HasSuffix(name, ":") {
					continue
				}
				if other, dup := seen[name]; dup {
					t.Errorf("name %q used by %s and %s", name, other, s.Env)
				}
				seen[name] = s.Env
			}
			if s.Help == "" {
				t.Error("no help text")
			}
			if s.Secret && s.Flag != "" {
				t.Errorf("secret has flag --%s; secrets must not be given on the command line", s.Flag)
			}
			c := def
			v := sampleValue(t, s, &c)
			if got := s.get(&c); got != v {
				t.Errorf("set %q, get %q", v, got)
			}
			after := map[string]any{}
			leaves("", reflect.ValueOf(c), after)
			var changed []string
			for path, old := range before {
				if !reflect.DeepEqual(after[path], old) {
					changed = append(changed, path)
				}
			}
			if len(changed) != 1 {
				t.Fatalf("setting %q changed fields %q, want exactly one", v, changed)
			}
			if prev, dup := owner[changed[0]]; dup {
				t.Errorf("field %s is set by both %s and %s", changed[0], prev, s.Env)
			}
			owner[changed[0]] = s.Env
			// A nested YAML key lives under the section of its field:
			// discord.app_id sets Discord.AppID.
			if section, _, nested := strings.Cut(s.Key, "."); nested {
				field, _, _ := strings.Cut(changed[0], ".")
				if !strings.EqualFold(section, field) {
					t.Errorf("YAML key %q sets %s, outside its section", s.Key, changed[0])
				}
			}
		})
	}
	for path := range before {
		if _, ok := owner[path]; !ok {
			t.Errorf("Config field %s has no setting: it cannot be configured or documented", path)
		}
	}
}

func TestParseIDs(t *testing.T) {
	tests := []struct {
		in      string
		want    []string
		wantErr bool
	}{
		{"", nil, false},
		{"123456789012345678", []string{"123456789012345678"}, false},
		{" 123456789012345678, 223456789012345678 ,123456789012345678", []string{"123456789012345678", "223456789012345678"}, false},
		{"[123456789012345678 223456789012345678]", []string{"123456789012345678", "223456789012345678"}, false}, // a YAML list
		{"123456789012345678,general", nil, true},
		{"12", nil, true},
		{"<#123456789012345678>", nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseIDs(tt.in)
			if (err != nil) != tt.wantErr || !slices.Equal(got, tt.want) {
				t.Errorf("ParseIDs(%q) = %q, %v; want %q, error %v", tt.in, got, err, tt.want, tt.wantErr)
			}
		})
	}
}

// FuzzParseIDs: a list is either refused or made of IDs, each once, that
// read back the same when joined.
func FuzzParseIDs(f *testing.F) {
	f.Add("123456789012345678,223456789012345678")
	f.Add("[1 2]")
	f.Add(" ,\t\n")
	f.Fuzz(func(t *testing.T, s string) {
		ids, err := ParseIDs(s)
		if err != nil {
			return
		}
		seen := map[string]bool{}
		for _, id := range ids {
			if !snowflake.MatchString(id) || seen[id] {
				t.Fatalf("ParseIDs(%q) = %q", s, ids)
			}
			seen[id] = true
		}
		again, err := ParseIDs(strings.Join(ids, ","))
		if err != nil || !slices.Equal(again, ids) {
			t.Errorf("round trip of %q: %q, %v", ids, again, err)
		}
	})
}
