package discord

import (
	"fmt"
	"time"
)

// What members read when something stops their question. Short and
// friendly; operators get the details in the log.
const (
	busyText            = "I'm busy answering other questions — please retry in a moment."
	expiredQuestionText = "Sorry, I was too busy to get to this question in time. Please ask it again."
	drainingText        = "I'm restarting — please ask again in a minute."
	failedText          = "Sorry, something went wrong while answering. Please try again."
	timeoutText         = "Sorry, that took too long to answer. Please try again."
	renderFailText      = "Sorry, I couldn't show that reply. Please try again."
	sendingText         = "Sending the rest…"
	partsLostText       = "Part of this answer couldn't be sent. Please ask again."
	againText           = "Sent again in full below"
	notModText          = "Only moderators (Manage Server permission) can use this command."
	guildOnlyText       = "This command works only in a server."
	noStoreText         = "This needs the bot's database, which isn't set up here."
	unknownText         = "I don't know that command. Try /ask."
	expiredText         = "That button no longer works; please ask again."
	notAllowedText      = "I only answer in the channels moderators have chosen."
	noReindexText       = "Reindexing isn't available here."
	unknownDocText      = "I don't have an article with that ID. Start typing to pick one."
	noThreadText        = "I couldn't open a thread here. Mention me in a channel to start one."
	noThreadRights      = "You can't start threads in this channel, so I can't open one for your follow-up. Ask it with /ask instead."
	threadSeedText      = "Ask your follow-up here — I'll keep the earlier question in mind."
	answerMissing       = "I can't find that answer any more."
	noFeedbackYet       = "No rated answers yet."
	feedbackUpText      = "Thanks — your 👍 is recorded."
	feedbackDownTxt     = "Thanks — your 👎 is recorded. Moderators review these to improve answers."
)

// rateLimitedText asks the member to wait.
func rateLimitedText(wait time.Duration) string {
	n := waitSeconds(wait)
	unit := "seconds"
	if n == 1 {
		unit = "second"
	}
	return fmt.Sprintf("You're asking quickly — try again in %d %s.", n, unit)
}
