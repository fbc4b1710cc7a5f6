// Package discord is the Discord adapter: slash commands, buttons, threads and
// moderator tools over discordgo, rendering answers within Discord's limits.
package discord
