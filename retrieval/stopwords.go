package retrieval

import "strings"

// stopwords are words that carry no topic: English function words, question
// words and filler that people put around a question. Question words are
// read by the bot before they are dropped here.
var stopwords = setOf(`a about above after again against all also am an and any are aren as at
be been before being below between both but by can cannot could did do does doing down during
each few for from further had has have having he her here hers herself him himself his how i if
in into is isn it its itself just let me more most my myself no nor not of off on once only or
other ought our ours ourselves out over own same she should so some such than that the their
theirs them themselves then there these they this those through to too under until up very was
we were what whats when where which while who whom whose why will with would you your yours
yourself yourselves
tell please according article articles news text say says know anything something thing things
happen happened happens really exactly actually kind sort get got give gave like much many
value worth amount total figure number size volume level ever currently current now today
mention mentioned mentions describe described explain anyone everyone someone thats theres
did didnt does doesnt dont isnt wasnt werent wont cant whats whos hows yes okay ok hey hi hello
bot partnerbot question answer`)

// vietnameseStopwords are Vietnamese function words, without diacritics.
var vietnameseStopwords = setOf(`la cua va cac nhung duoc co khong gi nao the nhu cho voi ve
nay do da dang se thi ma mot hai ba nhieu it rat lam bao toi ban hay oi a nhe vay day kia
nguoi viec dieu theo tu den tai boi vi nen neu khi nhu the sao ra vao len xuong`)

func setOf(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}
