package discord

import (
	"crypto/sha256"
	"encoding/hex"
)

// HashUser returns the pseudonym the state keeps instead of a Discord user
// ID: the hex SHA-256 of salt+":"+userID, truncated to 32 hex digits.
func HashUser(salt, userID string) string {
	sum := sha256.Sum256([]byte(salt + ":" + userID))
	return hex.EncodeToString(sum[:16])
}
