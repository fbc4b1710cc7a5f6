package retrieval

import "strings"

// The gazetteer names places, people and organisations people ask about.
// A question that names one is about it: an answer must mention it, so an
// entity the articles never mention marks a question they cannot answer
// ("…with Japan?", "…Xi Jinping…"). Names are folded words as Words produces
// them; multi-word names are joined into one word by joinCompounds.
//
// Vietnam, the United States, Hanoi and Washington are the topic itself, not
// restrictions on it, so they are not listed.
var gazetteer = setOf(`
afghanistan albania algeria argentina armenia australia austria azerbaijan bahrain bangladesh
belarus belgium bhutan bolivia brazil brunei bulgaria cambodia canada chile china colombia
croatia cuba cyprus czechia denmark egypt estonia ethiopia finland france georgia germany ghana
greece hungary iceland india indonesia iran iraq ireland israel italy jamaica japan jordan
kazakhstan kenya korea kuwait kyrgyzstan laos latvia lebanon libya lithuania luxembourg malaysia
maldives mexico mongolia morocco myanmar burma nepal netherlands holland newzealand nigeria
northkorea norway oman pakistan palestine panama peru philippines poland portugal qatar romania
russia saudiarabia serbia singapore slovakia slovenia southafrica spain srilanka sudan sweden
switzerland syria taiwan tajikistan tanzania thailand timorleste turkey turkiye uganda ukraine
uae unitedkingdom uk britain england scotland uruguay uzbekistan venezuela yemen zambia zimbabwe
europe africa
beijing tokyo seoul pyongyang moscow delhi newdelhi bangkok jakarta manila singapore canberra
paris london berlin kyiv taipei phnompenh vientiane
xijinping putin modi kishida yoon fumio albanese macron scholz sunak trudeau zelensky kimjongun
obama trump clinton bush harris kamalaharris blinken austin yellen raimondo kerry pence
nato g20 g7 wto imf worldbank opec quad aukus cptpp tpp rcep brics eu europeanunion
`)

var gazetteerCompounds = map[string]string{
	"new zealand": "newzealand", "north korea": "northkorea", "saudi arabia": "saudiarabia",
	"south africa": "southafrica", "sri lanka": "srilanka", "timor leste": "timorleste",
	"united kingdom": "unitedkingdom", "new delhi": "newdelhi", "phnom penh": "phnompenh",
	"xi jinping": "xijinping", "kamala harris": "kamalaharris", "world bank": "worldbank",
	"european union": "europeanunion", "kim jong un": "kimjongun", "g 20": "g20", "g 7": "g7",
}

func init() {
	for k, v := range gazetteerCompounds {
		switch len(strings.Fields(k)) {
		case 2:
			compounds2[k] = v
		case 3:
			compounds3[k] = v
		}
	}
}

var people = setOf(`xijinping putin modi kishida yoon fumio albanese macron scholz sunak trudeau
zelensky kimjongun obama trump clinton bush harris kamalaharris blinken austin yellen raimondo
kerry pence`)

var organisations = setOf(`nato g20 g7 wto imf worldbank opec quad aukus cptpp tpp rcep brics
eu europeanunion`)

// IsCountry reports whether a folded word names a country (or, as with
// "asean", a bloc of them).
func IsCountry(w string) bool {
	return w == "vietnam" || w == "us" || w == "asean" ||
		(gazetteer[w] && !people[w] && !organisations[w] && !cities[w])
}

var cities = setOf(`beijing tokyo seoul pyongyang moscow delhi newdelhi bangkok jakarta manila
canberra paris london berlin kyiv taipei phnompenh vientiane europe africa`)
