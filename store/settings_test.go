package store

import (
	"context"
	"reflect"
	"testing"
)

func TestAllowedChannels(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t, Options{})

	// Steps run in order; each checks the guild's list afterwards.
	type step struct {
		name           string
		op             string // "allow" or "disallow"
		guild, channel string
		wantWas        bool // for disallow
		wantList       []string
	}
	steps := []step{
		{"empty at first", "", "g", "", false, nil},
		{"allow one", "allow", "g", "300", false, []string{"300"}},
		{"allow another, listed sorted", "allow", "g", "100", false, []string{"100", "300"}},
		{"allow again is a no-op", "allow", "g", "300", false, []string{"100", "300"}},
		{"other guild is separate", "allow", "h", "200", false, []string{"100", "300"}},
		{"disallow present", "disallow", "g", "300", true, []string{"100"}},
		{"disallow again reports absent", "disallow", "g", "300", false, []string{"100"}},
		{"disallow another guild's channel", "disallow", "g", "200", false, []string{"100"}},
		{"disallow last", "disallow", "g", "100", true, nil},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			switch s.op {
			case "allow":
				if err := db.AllowChannel(ctx, s.guild, s.channel); err != nil {
					t.Fatalf("AllowChannel: %v", err)
				}
			case "disallow":
				was, err := db.DisallowChannel(ctx, s.guild, s.channel)
				if err != nil {
					t.Fatalf("DisallowChannel: %v", err)
				}
				if was != s.wantWas {
					t.Errorf("DisallowChannel(%q, %q) = %v, want %v", s.guild, s.channel, was, s.wantWas)
				}
			}
			got, err := db.AllowedChannels(ctx, "g")
			if err != nil {
				t.Fatalf("AllowedChannels: %v", err)
			}
			if !reflect.DeepEqual(got, s.wantList) {
				t.Errorf("AllowedChannels(g) = %q, want %q", got, s.wantList)
			}
		})
	}
	got, err := db.AllowedChannels(ctx, "h")
	if err != nil || !reflect.DeepEqual(got, []string{"200"}) {
		t.Errorf("AllowedChannels(h) = %q, %v; want [200]", got, err)
	}
}

func TestAllowChannelInvalid(t *testing.T) {
	db, _ := openTest(t, Options{})
	for _, ids := range [][2]string{{"", "c"}, {"g", ""}} {
		if err := db.AllowChannel(context.Background(), ids[0], ids[1]); err == nil {
			t.Errorf("AllowChannel(%q, %q) succeeded, want an error", ids[0], ids[1])
		}
	}
}

func TestRatePerMinute(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t, Options{})

	n, ok, err := db.RatePerMinute(ctx, "g")
	if err != nil || ok || n != 0 {
		t.Fatalf("unset RatePerMinute = %d, %v, %v; want 0, false, nil", n, ok, err)
	}

	tests := []struct {
		name    string
		n       int
		wantErr bool
	}{
		{"minimum", 1, false},
		{"typical", 6, false},
		{"maximum", 1000, false},
		{"zero", 0, true},
		{"negative", -3, true},
		{"above maximum", 1001, true},
	}
	want := 0
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := db.SetRatePerMinute(ctx, "g", tt.n)
			if (err != nil) != tt.wantErr {
				t.Fatalf("SetRatePerMinute(%d) error = %v, want error %v", tt.n, err, tt.wantErr)
			}
			if err == nil {
				want = tt.n
			}
			// A rejected value leaves the previous one in place.
			got, ok, err := db.RatePerMinute(ctx, "g")
			if err != nil || !ok || got != want {
				t.Errorf("RatePerMinute = %d, %v, %v; want %d, true, nil", got, ok, err, want)
			}
		})
	}

	if _, ok, _ := db.RatePerMinute(ctx, "h"); ok {
		t.Error("another guild has a rate set")
	}
	if err := db.SetRatePerMinute(ctx, "", 5); err == nil {
		t.Error("SetRatePerMinute with an empty guild succeeded, want an error")
	}
}
