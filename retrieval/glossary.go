package retrieval

// The glossary expands queries toward the articles' vocabulary. Keys are
// phrases of folded words as Words produces them (diacritics gone, compounds
// joined: "viet nam" is "vietnam", "hoa ky" and "my" mean "us"); values are
// English words that go through the same analysis as any query.
//
// It is tuned to the domain, the 2023 Vietnam–US upgrade, and to how people
// ask about it, never to particular test questions. Entries only widen what
// a query can match; they add no facts.

// vietnamese translates Vietnamese phrases, written with or without
// diacritics, into English query words. Question phrases become the English
// question words the bot reads ("khi nao" → "when").
var vietnamese = map[string]string{
	// question words
	"khi nao": "when", "bao gio": "when", "luc nao": "when", "thoi diem nao": "when",
	"hoi nao": "when", "nam nao": "what year", "ngay nao": "what date", "thang nao": "what month",
	"may gio": "what time", "luc may gio": "what time", "gio": "time",
	"bao nhieu": "how many", "bao lau": "how long", "ai": "who", "nhung ai": "who",
	"o dau": "where", "tai sao": "why", "vi sao": "why", "nhu the nao": "how", "the nao": "how",
	"ra sao": "how", "cai gi": "what", "nhung gi": "what", "nuoc nao": "which countries",
	"quoc gia nao": "which countries", "nhung nuoc nao": "which countries", "thu may": "which number",
	"lan thu may": "which number time", "co phai": "is", "truc tiep": "direct", "trich dan": "quoted",
	"van kien": "document declaration", "tai lieu": "document", "ky ket": "signing", "to chuc": "hosted",
	"dien ra": "took place", "dia diem": "where", "mien nam": "south", "mien bac": "north",
	// the relationship
	"quan he": "relations", "doi tac": "partner", "chien luoc": "strategic", "toan dien": "comprehensive",
	"doi tac toan dien": "comprehensive partnership", "nang cap": "upgrade", "nang tam": "elevate",
	"thiet lap": "establish", "thanh lap": "establish", "binh thuong hoa": "normalization",
	"ngoai giao": "diplomatic", "hai nuoc": "two countries", "hai ben": "both sides",
	"hop tac": "cooperation", "phat trien": "development", "hoa binh": "peace", "ben vung": "sustainable",
	"ky niem": "anniversary", "tuyen bo chung": "joint statement", "tuyen bo": "statement announced",
	"thoa thuan": "agreed", "cam ket": "commitment", "ung ho": "support", "ho tro": "support",
	// economy
	"thuong mai": "trade", "kim ngach": "turnover", "song phuong": "bilateral", "dau tu": "investment",
	"nha dau tu": "investor", "von": "investment", "xuat khau": "export", "nhap khau": "import",
	"thi truong": "market", "lon nhat": "largest", "lon thu hai": "second largest",
	"lon thu bay": "seventh largest", "thu nhat": "first", "thu hai": "second", "thu ba": "third",
	"thu tu": "fourth", "thu nam": "fifth", "thu bay": "seventh", "thu muoi mot": "eleventh",
	"du an": "projects", "ty": "billion", "ti": "billion", "trieu": "million", "do la": "dollars",
	"tang": "increase", "tang truong": "growth", "phan tram": "percent", "kinh te": "economic",
	"doanh nghiep": "businesses", "dien tu": "electronics", "cong nghiep": "industry",
	"ban dan": "semiconductor", "chat ban dan": "semiconductor", "doi moi sang tao": "innovation",
	"doi moi": "doi moi reforms", "khoa hoc": "science", "cong nghe": "technology",
	"nang luong sach": "clean energy", "nang luong": "energy", "bien doi khi hau": "climate change",
	"khi hau": "climate",
	// war legacies
	"hai cot": "remains", "quan nhan": "soldiers", "binh si": "soldiers", "binh linh": "soldiers",
	"linh": "soldiers", "mat tich": "missing", "hoi huong": "repatriate", "tim kiem": "search",
	"chien tranh": "war", "hau qua chien tranh": "consequences of war legacies",
	"chat doc da cam": "dioxin agent orange", "da cam": "agent orange", "tay doc": "decontamination cleanup",
	"khu doc": "decontamination cleanup", "xu ly": "cleanup", "bom min": "mines",
	"ra pha bom min": "mine clearance", "san bay": "airport", "nguoi khuyet tat": "people with disabilities",
	// people and offices
	"tong thong": "president", "pho tong thong": "vice president", "tong bi thu": "general secretary",
	"dang": "", "dang cong san": "communist party", "chu tich nuoc": "president",
	"chu tich": "chairman", "thu tuong": "prime minister", "quoc hoi": "national assembly",
	"chu tich quoc hoi": "chairman national assembly", "lanh dao": "leaders", "nha lanh dao": "leader",

	// the visit
	"chuyen tham": "visit", "tham": "visit", "vieng tham": "visit", "cong du": "visit",
	"tham cap nha nuoc": "state visit", "hoi dam": "talks", "gap": "met", "gap go": "meeting",
	"hoi kien": "met", "hop bao": "press conference", "le don": "welcoming ceremony",
	"chieu dai": "banquet", "quoc yen": "banquet", "den": "", "nhiem ky": "term",
	"dau tien": "first", "lan dau": "first time", "cuoc goi": "phone call", "dien dam": "phone call",
	"thu moi": "letter inviting",
	// policy and the sea
	"chinh sach": "policy", "doi ngoai": "foreign policy", "quoc phong": "defence", "an ninh": "security",
	"bon khong": "four no", "doc lap": "independence", "chu quyen": "sovereignty",
	"toan ven lanh tho": "territorial integrity", "lien hop quoc": "united nations",
	"hien chuong": "charter", "luat phap quoc te": "international law", "bien dong": "east sea",
	"tu do hang hai": "freedom of navigation", "hang hai": "navigation",
	"tuyen ngon doc lap": "declaration of independence", "the chien thu hai": "world war ii",
	"phat xit": "fascism", "dai hoi": "congress",
	"giao duc": "education", "dao tao": "training", "y te": "medical healthcare", "vac xin": "vaccines",
	"dai dich": "pandemic",
	// places
	"my": "us", "trung quoc": "china", "nga": "russia", "an do": "india", "han quoc": "korea",
	"lao": "laos", "campuchia": "cambodia", "nhat ban": "japan", "uc": "australia",
	"nguoi my": "americans", "nguoi viet": "vietnamese",
	// time
	"thang 3": "march", "thang 6": "june", "thang 7": "july", "thang 9": "september",
	"hom nay": "today", "chieu": "afternoon", "buoi toi": "evening",
	// off-topic words people ask about, so they stay recognisable
	"bong da": "football", "thoi tiet": "weather", "gia": "price", "thue quan": "tariffs",
	"nhan quyen": "human rights", "quan doi": "troops", "dong quan": "stationed", "can cu": "base",
}

// synonyms widens English query words to the words the articles use.
// Alternatives are separated by commas; an alternative of several words is
// a phrase, which covers a question's word fully only when all of its words
// are present. A query word keeps its own term as well.
var synonyms = map[string]string{
	// trade and investment
	"commerce": "trade, commercial", "commercial": "trade", "trading": "trade", "two way": "bilateral",
	"turnover": "trade", "trade": "turnover, commercial",
	"exports": "export", "exporter": "export", "buyer": "export market", "destination": "export market",
	"invest": "investment, investor", "invested": "investment", "investing": "investment",
	"investments": "investment, investor", "fdi": "direct foreign investment, investment",
	"investor": "investment", "poured": "investment", "pumped": "investment", "grow": "increase, growth", "grew": "increase, growth", "growth": "increase",
	"rise": "increase", "rose": "increase", "risen": "increase", "jump": "increase", "jumped": "increase",
	"climb": "increase", "increase": "growth", "increased": "growth", "went up": "increase",
	"percentage": "percent", "rate": "percent", "growth rate": "increase percent",
	"biggest": "largest, most important", "top": "largest, leading, highest", "main": "leading, major",
	"highest": "top", "tier": "level",
	"ranked": "rank, placing", "ranking": "rank, placing", "place": "rank, placing", "position": "rank, placing",
	// war legacies
	"troops": "soldiers", "troop": "soldiers", "servicemen": "soldiers", "servicemembers": "soldiers",
	"gis": "soldiers", "pows": "soldiers", "veterans": "soldiers", "mia": "missing soldiers, missing",
	"mias": "missing soldiers, missing", "missing in action": "missing soldiers",
	"bodies": "remains", "dead": "remains", "war dead": "remains",
	"body": "council, commission, committee, assembly", "organisation": "council, commission, committee",
	"return": "repatriate", "returned": "repatriate", "repatriated": "repatriate", "repatriation": "repatriate",
	"recovered": "repatriate, remains", "recovery": "repatriate", "sent home": "repatriate",
	"send home": "repatriate", "brought home": "repatriate", "bring home": "repatriate",
	"send back": "repatriate", "sent back": "repatriate", "bring back": "repatriate", "brought back": "repatriate",
	"agent orange": "dioxin", "toxic": "dioxin", "toxin": "dioxin", "substance": "dioxin",
	"chemical": "dioxin", "herbicide": "dioxin", "contamination": "dioxin, decontamination",
	"contaminated": "dioxin", "cleanup": "decontamination, clearance", "cleaning": "cleanup, decontamination",
	"cleaned": "cleanup, decontamination", "clean up": "cleanup, decontamination",
	"decontaminate": "decontamination", "remediation": "cleanup, decontamination", "detox": "decontamination",
	"removed": "cleanup, clearance", "remove": "cleanup, clearance", "removal": "cleanup, clearance",
	"landmines": "mine", "landmine": "mine", "uxo": "mine", "ordnance": "mine", "ordinance": "mine",
	"bombs": "mine", "demining": "mine clearance",
	"airfield": "airport", "airbase": "airport", "air base": "airport",
	// the relationship
	"upgrade": "elevate", "upgraded": "elevate", "elevate": "upgrade", "elevated": "upgrade", "elevation": "upgrade",
	"raised": "upgrade, elevate", "boost": "upgrade", "boosted": "upgrade",
	"lift": "upgrade", "lifted": "upgrade", "promote": "upgrade", "promoted": "upgrade",
	"ties": "relations", "relationship": "relations, friendship, partnership", "relations": "ties, relationship",
	"relationships": "relations, friendships, partnerships",
	"pact":          "agreed, statement", "deal": "agreed, statement", "accord": "agreed, statement",
	"agreement": "agreed, statement", "partner": "partnership", "partnership": "partner", "partners": "partnership",
	"csp": "comprehensive strategic partnership", "csps": "comprehensive strategic partnership",
	"cp": "comprehensive partnership", "set up": "establish, establishment", "setup": "establish",
	"form": "establish", "formed": "establish", "founded": "establish", "create": "establish",
	"created": "establish", "launch": "establish", "launched": "establish", "begin": "establish",
	"began": "establish", "start": "establish", "started": "establish",
	"restore": "normalization", "restored": "normalization", "re establish": "normalization",
	"patched": "normalization", "patch up": "normalization", "mend": "normalization", "mended": "normalization",
	"resume": "normalization", "resumed": "normalization", "reconcile": "normalization",
	"reconciliation": "normalization", "anniversary": "anniversary", "decade": "10 years", "ten": "10",
	"historic": "historic significance, historic", "significance": "significant, meaning",
	"sign": "signing", "signed": "signing", "bring up": "emphasised, stressed, mentioned",
	"brought up": "emphasised, stressed, mentioned", "raise": "upgrade, elevate, emphasised",
	"money": "budget, funding, aid", "funds": "funding, budget", "companies": "investors, businesses, investment",
	"company": "investors, businesses", "firms": "investors, businesses", "administration": "term", "held": "took place, hosted, talks", "hold": "took place, hosted", "treaty": "convention, declaration", "treaties": "convention",
	"document": "declaration, statement, charter, communique", "documents": "declaration, statement, communique",
	"motto": "guiding principle", "slogan": "guiding principle", "mantra": "guiding principle",
	"principle": "guiding principle, spirit", "principles": "guiding principle",
	"history": "past", "painful": "bitter", "takeaway": "outcome", "result": "outcome", "results": "outcome",
	"achievement": "outcome, achievements", "call": "known", "called": "known",
	// meetings and the visit
	"meet": "met, meeting, talks", "met": "meeting, talks", "meeting": "met, talks", "meetings": "met, talks",
	"sat down": "met, talks, meeting", "sit down": "met, talks, meeting", "sat": "met",
	"talk": "talks", "talking": "talks, dialogue", "discuss": "talks, dialogue",
	"discussed": "talks, dialogue", "discussion": "talks, dialogue", "summit": "talks, visit, meeting",
	"trip": "visit", "tour": "visit", "stay": "visit", "trips": "visit", "visits": "visit",
	"arrive": "arrived", "arrival": "arrived", "land": "arrived", "landed": "arrived", "touch down": "arrived",
	"get into": "arrived", "got into": "arrived", "get to": "arrived", "got to": "arrived", "fly into": "arrived",
	"flew into": "arrived", "event": "conference, meeting, ceremony", "events": "conference, meeting",
	"sitting": "incumbent", "incumbent": "incumbent", "countries": "nations", "nations": "countries",
	"country": "nation", "nation": "country", "team up": "collaborated, cooperation",
	"teamed up": "collaborated, cooperation", "would back": "support", "will back": "support",
	"regular": "annual, regular", "line": "spirit, principle, quoted", "building": "headquarters",
	"venue": "headquarters", "office": "headquarters", "borrowed": "quoted", "borrow": "quoted", "cited": "quoted",
	"customer": "export market, trade partners", "customers": "export market, trade partners",
	"news conference": "press conference", "presser": "press conference", "dinner": "banquet",
	"state dinner": "banquet", "ceremony": "welcoming ceremony", "threw": "hosted", "throw": "hosted",
	"host": "hosted", "hosts": "hosted", "help": "support", "helped": "support", "helps": "support",
	// people and offices
	"head of government": "prime minister", "head of state": "president", "state president": "president",
	"vp": "vice president", "veep": "vice president", "potus": "president",
	"party leader": "general secretary, party leader", "party chief": "general secretary, party chief",
	"communist leader": "general secretary", "top leader": "general secretary", "boss": "chief",
	"parliament": "national assembly", "legislature": "national assembly", "lawmakers": "national assembly",
	"speaker": "chairman of the national assembly", "premier": "prime minister", "pm": "prime minister",
	"head": "chief, leader",
	// policy, security, the region
	"military": "defence, security", "militaries": "defence", "army": "defence", "armed forces": "defence",
	"defense": "defence, security", "defence": "security",
	"maritime": "sea", "south china sea": "east sea", "southeast asian": "asean", "southeast asia": "asean",
	"bloc": "asean", "regional bloc": "asean", "indo pacific": "indopacific", "pacific": "indopacific",
	"beijing": "china", "moscow": "russia", "seoul": "korea", "delhi": "india",
	"washington": "us", "hanoi": "vietnam",
	"founder": "founding father", "wwii": "world war ii", "ww2": "world war ii",
	"nazis": "fascism", "fascists": "fascism",
	"reform": "doi moi, reforms", "reforms": "doi moi", "renovation": "doi moi, reforms",
	// cooperation fields
	"chips": "electronics", "chip": "electronics", "semiconductor": "electronics", "semiconductors": "electronics",
	"tech": "technology", "innovation": "innovation, technology",
	"business":  "business, trade",
	"renewable": "clean energy", "renewables": "clean energy", "green energy": "clean energy", "warming": "climate",
	"covid": "pandemic", "vaccine": "vaccines", "health": "medical, healthcare", "hospitals": "medical",
	"school": "education", "schools": "education", "students": "education", "university": "education",
}
