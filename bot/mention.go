package bot

import "strings"

// zwsp is a zero-width space: it breaks mention syntax without changing
// what a reader sees.
const zwsp = "\u200b"

var mentionBreaker = strings.NewReplacer(
	"@everyone", "@"+zwsp+"everyone",
	"@here", "@"+zwsp+"here",
	"<@", "<@"+zwsp, // users <@1>, <@!1> and roles <@&1>
	"<#", "<#"+zwsp, // channels
	"</", "<"+zwsp+"/", // slash-command mentions
)

// Neutralize breaks Discord mention syntax in s (@everyone, @here, <@…>,
// <@!…>, <@&…>, <#…> and </…>) so that text repeated from a question or an
// article can never ping anyone, whatever allowed_mentions says.
func Neutralize(s string) string {
	return mentionBreaker.Replace(s)
}
