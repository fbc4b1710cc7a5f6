package retrieval

import "strings"

// stopwords are words that carry no topic: English function words, light
// verbs, question words, and the filler people wrap a question in on a chat
// server. The bot reads question words before they are dropped here.
var stopwords = setOf(`
a about above across after afterwards again against all almost alone along already also although
always am among amongst an and another any anybody anyhow anyone anything anyway anywhere are
aren around as at back be became because become becomes been before beforehand behind being
below beside besides between beyond both but by can cannot cant could couldnt did didnt do does
doesnt doing done dont down during each either else elsewhere enough etc even ever every
everybody everyone everything everywhere except few for former formerly from further had hadnt
has hasnt have havent having he hence her here hereby herein hers herself him himself his how
however i ie if in indeed instead into is isnt it its itself just least less let lets may maybe
me meanwhile might mine more moreover most mostly much must my myself namely neither never
nevertheless next no nobody none noone nor not nothing now nowhere of off often on once one only
onto or other others otherwise ought our ours ourselves out over own per perhaps rather really
same seem seemed seems several shall she should since so some somebody somehow someone something
sometime sometimes somewhere still such than that thats the their theirs them themselves then
thence there thereafter thereby therefore therein theres these they thing things this those
though through throughout thru thus to together too toward towards under unless until up upon
very via was wasnt we well were werent what whatever whats when whence whenever where whereas
whereby wherein whether which while whither who whoever whole whom whos whose why will with
within without wont would wouldnt yet you youd your yours yourself yourselves
get gets getting got gotten give given gives gave go goes going gone went make makes made making
take takes took taken taking put puts putting do come comes came coming keep keeps kept
tell told say says said ask asked know knew think thought mean means meant want wanted
happen happened happens happening occur occurred
according article articles news text source sources report reports reported story
anything something thing things stuff kind sort type way lot lots bit
really exactly actually basically literally quite pretty just also even still
much many value worth amount total figure number numbers size volume
ever currently current now today recently recent latest exact
mention mentioned mentions describe described explain explained list name names show
stats statistics info information details detail data fact facts
please pls plz thanks thx ty lol btw fyi imo tbh guys folks everyone anyone someone
hey hi hello yo okay ok yes yeah yep nope quick q question questions answer answers bot
partnerbot server chat channel wondering wonder curious idea know remind real
vs versus compared compare comparison
use used using uses deal dealt handle handled involve involved involving include included includes
including regarding concerning related toward
roughly approximately approx overall altogether total totally wise big huge small little whole entire
own heard hear read different various far re stuff right earlier later full official exact actual
headline`)

// courtesyObjects are the words after which "thank" is a courtesy, not
// the articles' verb: "thank you".
var courtesyObjects = setOf(`you ya yall`)

// dropCourtesies removes "thank" where it thanks the reader ("Thank you!",
// "thank u"); "what did Biden thank his hosts for" keeps it.
func dropCourtesies(words []string) []string {
	out := words[:0:0]
	for i, w := range words {
		if w == "thank" && i+1 < len(words) && courtesyObjects[words[i+1]] {
			continue
		}
		out = append(out, w)
	}
	return out
}

// vietnameseStopwords are Vietnamese function words, without diacritics.
var vietnameseStopwords = setOf(`la cua va cac nhung duoc co khong gi nao the nhu cho voi ve
nay do da dang se thi ma mot hai ba nhieu it rat lam bao toi ban hay oi a nhe vay day kia
nguoi viec dieu theo tu tai boi vi nen neu khi sao ra vao len xuong roi chua cung con nua
ngoai tren duoi sau truoc giua hon nhat moi tat ca chi hien nay`)

// vietnameseMarkers are Vietnamese words, without diacritics, that are not
// also English words, for telling a Vietnamese question without diacritics
// from an English one.
var vietnameseMarkers = setOf(`la cua va cac nhung duoc khong gi nao nhu voi nay da dang se thi
mot nhieu rat lam bao toi ban hay vay kia nguoi viec dieu theo tai boi vi nen neu khi sao vao
len xuong roi chua cung nua tren duoi sau truoc giua hon nhat moi chi hien nhieu bao gio
quan he doi tac thuong mai dau tu tong thong khi nao nam nao bao nhieu hoa ky nuoc ai`)

func setOf(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}
