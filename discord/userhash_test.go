package discord

import "testing"

func TestHashUser(t *testing.T) {
	tests := []struct {
		name         string
		salt, userID string
		want         string
	}{
		// echo -n 'pepper:123456789012345678' | sha256sum | cut -c1-32
		{"known value", "pepper", "123456789012345678", "bc56571c796514a8524eb750c76eae87"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := HashUser(tt.salt, tt.userID); got != tt.want {
				t.Errorf("HashUser(%q, %q) = %q, want %q", tt.salt, tt.userID, got, tt.want)
			}
		})
	}
	t.Run("properties", func(t *testing.T) {
		h := HashUser("s", "42")
		if len(h) != 32 {
			t.Errorf("len = %d, want 32", len(h))
		}
		if HashUser("s", "42") != h {
			t.Error("not deterministic")
		}
		if HashUser("t", "42") == h {
			t.Error("salt does not change the hash")
		}
		if HashUser("s", "43") == h {
			t.Error("user ID does not change the hash")
		}
		// The separator keeps salt and ID apart.
		if HashUser("s4", "2") == h {
			t.Error(`HashUser("s4","2") == HashUser("s","42")`)
		}
	})
}
