package retrieval

// vietnameseGeneral extends the vietnamese glossary with everyday Vietnamese:
// question words and question shapes, particles, time words, numbers and
// ranks, and the verbs and nouns people use about politics, diplomacy,
// trade, war legacies, health, education, technology, energy, climate and
// the sea. Like the rest of the glossary it is general, not tuned to
// particular questions, and it adds no facts.
//
// Keys are what translate looks up: words of a question as Words folds them
// (no diacritics, đ as d, lower case) with compounds already joined ("viet
// nam" is "vietnam", "ha noi" "hanoi", "hoa ky" "us"), one to four words.
// Names the articles use are matched before the glossary (see
// Lexicon.Parse), unless a glossary phrase there is longer. Values are English query words, the articles'
// own where they have one, and the question words the bot reads
// (bot/qtype.go): when, what year, how many, who, which, where, why, how,
// what, "is" for yes/no. An empty value drops the phrase. The comment on an
// entry is its Vietnamese spelling.
//
// Folding merges words, so bare words are mapped only when one reading
// dominates, and phrases carry the others. "trong" is a name, and
// also trong (in, during) and -trọng; "nam" is năm (year, five), Nam (south)
// and the Nam of Việt Nam; "ban" is bạn, bán, bản, bàn and ban; "thu" is thứ,
// thư, thử and thủ; "den" is đến, đền, đèn and đen; "dang" is đang, Đảng and
// đáng; "toi" is tôi, tối and tới; "roi" is rồi and rời; "vo" is vợ and the
// president Võ. The comment over each group says which collisions it
// handles.
var vietnameseGeneral = map[string]string{
	// Question words and question shapes. The English is what the bot reads to
	// tell what kind of thing is asked (bot/qtype.go), so these map to its
	// question words: when, what year/date/month/time/day, how many, how much,
	// how long, who, which, where, why, how, what, and "is" for yes/no.
	"la gi":               "what",               // là gì
	"la ai":               "who",                // là ai
	"la nguoi nao":        "who",                // là người nào
	"nguoi nao":           "who",                // người nào
	"dieu gi":             "what",               // điều gì
	"chuyen gi":           "what",               // chuyện gì
	"gom nhung gi":        "what",               // gồm những gì
	"cai nao":             "which",              // cái nào
	"the nao la":          "what",               // thế nào là
	"nghia la gi":         "what meaning",       // nghĩa là gì
	"y nghia gi":          "what significance",  // ý nghĩa gì
	"van de gi":           "what issues",        // vấn đề gì
	"linh vuc gi":         "what sectors",       // lĩnh vực gì
	"linh vuc nao":        "which sectors",      // lĩnh vực nào
	"ket qua gi":          "what outcome",       // kết quả gì
	"muc dich gi":         "what goals",         // mục đích gì
	"tai dau":             "where",              // tại đâu
	"noi nao":             "where",              // nơi nào
	"o noi nao":           "where",              // ở nơi nào
	"cho nao":             "where",              // chỗ nào
	"di dau":              "where",              // đi đâu
	"thanh pho nao":       "which city",         // thành phố nào
	"tinh nao":            "which province",     // tỉnh nào
	"ben nao":             "which side",         // bên nào
	"phia nao":            "which side",         // phía nào
	"ly do gi":            "why",                // lý do gì
	"ly do":               "why",                // lý do
	"nguyen nhan":         "why",                // nguyên nhân
	"de lam gi":           "why",                // để làm gì
	"lam the nao":         "how",                // làm thế nào
	"lam sao":             "how",                // làm sao
	"bang cach nao":       "how",                // bằng cách nào
	"nhu nao":             "how",                // như nào
	"thoi gian nao":       "when",               // thời gian nào
	"dip nao":             "what occasion",      // dịp nào
	"ngay thang nao":      "what date",          // ngày tháng nào
	"vao ngay nao":        "what date",          // vào ngày nào
	"ngay may":            "what date",          // ngày mấy
	"ngay bao nhieu":      "what date",          // ngày bao nhiêu
	"hom nao":             "what day",           // hôm nào
	"ngay thu may":        "what day",           // ngày thứ mấy
	"vao nam nao":         "what year",          // vào năm nào
	"nam may":             "what year",          // năm mấy
	"nam bao nhieu":       "what year",          // năm bao nhiêu
	"trong nam nao":       "what year",          // trong năm nào
	"thang may":           "what month",         // tháng mấy
	"vao thang may":       "what month",         // vào tháng mấy
	"gio nao":             "what time",          // giờ nào
	"buoi nao":            "what time",          // buổi nào
	"tu khi nao":          "since when",         // từ khi nào
	"tu bao gio":          "since when",         // từ bao giờ
	"tu luc nao":          "since when",         // từ lúc nào
	"tu nam nao":          "since what year",    // từ năm nào
	"tu ngay nao":         "from what date",     // từ ngày nào
	"den ngay nao":        "until what date",    // đến ngày nào
	"toi ngay nao":        "until what date",    // tới ngày nào
	"den nam nao":         "until what year",    // đến năm nào
	"den khi nao":         "until when",         // đến khi nào
	"den bao gio":         "until when",         // đến bao giờ
	"trong bao lau":       "how long",           // trong bao lâu
	"keo dai bao lau":     "how long",           // kéo dài bao lâu
	"bao nhieu nam":       "how many years",     // bao nhiêu năm
	"bao nhieu ngay":      "how many days",      // bao nhiêu ngày
	"bao nhieu thang":     "how many months",    // bao nhiêu tháng
	"bao nhieu tuan":      "how many weeks",     // bao nhiêu tuần
	"bao nhieu lan":       "how many times",     // bao nhiêu lần
	"bao nhieu nuoc":      "how many countries", // bao nhiêu nước
	"bao nhieu nguoi":     "how many people",    // bao nhiêu người
	"bao nhieu tien":      "how much money",     // bao nhiêu tiền
	"bao nhieu phan tram": "what percent",       // bao nhiêu phần trăm
	"bao nhieu percent":   "what percent",       // bao nhiêu %
	"may phan tram":       "what percent",       // mấy phần trăm
	"may":                 "how many",           // mấy
	"may ngay":            "how many days",      // mấy ngày
	"may nam":             "how many years",     // mấy năm
	"may thang":           "how many months",    // mấy tháng
	"may tuan":            "how many weeks",     // mấy tuần
	"may lan":             "how many times",     // mấy lần
	"may nuoc":            "how many countries", // mấy nước
	"may nguoi":           "how many people",    // mấy người
	"may nhiem ky":        "how many terms",     // mấy nhiệm kỳ
	"dung thu may":        "what rank",          // đứng thứ mấy
	"xep thu may":         "what rank",          // xếp thứ mấy
	"hang may":            "what rank",          // hạng mấy
	"xep hang may":        "what rank",          // xếp hạng mấy
	"vi tri thu may":      "what position",      // vị trí thứ mấy
	"lon thu may":         "what rank largest",  // lớn thứ mấy
	"co phai la":          "is",                 // có phải là
	"phai chang":          "is",                 // phải chăng
	"co dung la":          "is",                 // có đúng là
	"co that la":          "is",                 // có thật là
	"lieu":                "is",                 // liệu

	// Particles, chat abbreviations and Vietnamese-only function words: ""
	// drops them. Some are already in vietnameseStopwords; they are listed so
	// that the glossary says what happens to them.
	"vay":           "", // vậy
	"nhi":           "", // nhỉ
	"ha":            "", // hả
	"a":             "", // à
	"nhe":           "", // nhé
	"nha":           "",
	"nhen":          "",
	"hen":           "",
	"chu":           "", // chứ
	"chang":         "", // chăng
	"thoi":          "", // thôi
	"ay":            "", // ấy
	"ta":            "",
	"chung ta":      "", // chúng ta
	"chung toi":     "", // chúng tôi
	"em":            "",
	"anh":           "",
	"ong":           "", // ông
	"ngai":          "", // ngài
	"xin":           "",
	"xin hoi":       "", // xin hỏi
	"cho hoi":       "", // cho hỏi
	"cho em hoi":    "", // cho em hỏi
	"cho toi hoi":   "", // cho tôi hỏi
	"minh muon hoi": "", // mình muốn hỏi
	"da":            "", // đã
	"duoc":          "", // được
	"bi":            "", // bị
	"co khong":      "", // có không
	"hay khong":     "", // hay không
	"hay chua":      "", // hay chưa
	"phai khong":    "", // phải không
	"dung khong":    "", // đúng không
	"co dung khong": "", // có đúng không
	"ko":            "",
	"k":             "",
	"hong":          "", // hông
	"hok":           "",
	"dc":            "",
	"j":             "what",
	"bn":            "how many",
	"ntn":           "how",
	"vd":            "",
	"chang han":     "",             // chẳng hạn
	"noi chung":     "",             // nói chung
	"cu the":        "exactly",      // cụ thể
	"chinh xac":     "exactly",      // chính xác
	"tron":          "exactly",      // tròn
	"thuc ra":       "actually",     // thực ra
	"hien dang":     "currently",    // hiện đang
	"hien tai":      "currently",    // hiện tại
	"dang duoc":     "",             // đang được
	"se":            "will",         // sẽ
	"sap":           "soon",         // sắp
	"sap toi":       "upcoming",     // sắp tới
	"tung":          "ever",         // từng
	"da bao gio":    "ever",         // đã bao giờ
	"bao gio chua":  "ever",         // bao giờ chưa
	"chua bao gio":  "never",        // chưa bao giờ
	"chua tung":     "never",        // chưa từng
	"ai cung":       "everyone",     // ai cũng
	"khong ai":      "nobody",       // không ai
	"phia":          "",             // phía
	"phia my":       "US",           // phía mỹ
	"phia us":       "US",           // phía hoa kỳ
	"phia vietnam":  "Vietnam",      // phía việt nam
	"bo":            "",             // bộ
	"thu":           "",             // thứ
	"can":           "",             // cần
	"phai":          "must",         // phải
	"muon":          "want",         // muốn
	"co the":        "can",          // có thể
	"nen":           "should",       // nên
	"de":            "",             // để
	"doi voi":       "regarding",    // đối với
	"ve viec":       "regarding",    // về việc
	"lien quan den": "related",      // liên quan đến
	"lien quan toi": "related",      // liên quan tới
	"bao gom":       "including",    // bao gồm
	"ke ca":         "including",    // kể cả
	"ngoai ra":      "additionally", // ngoài ra
	"cung voi":      "along with",   // cùng với
	"cung nhau":     "together",     // cùng nhau
	"voi nhau":      "together",     // với nhau
	"o":             "",             // ở
	"dung":          "",             // đứng
	"xep":           "",             // xếp
	"duong":         "",             // dương
	"lan nhau":      "mutual",       // lẫn nhau
	"nghia la":      "means",        // nghĩa là

	// Collisions of "trong": bare "trong" is left alone because it is also
	// a surname, Trọng (and folded from "trông"); the phrases below are
	// "trong" meaning in/during/within, and the words "-trọng" builds. A phrase
	// such as "trong năm" can still swallow a name in "ông Trọng năm 2015…";
	// Vietnamese rarely puts a bare year right after a name, so the phrases win.
	"trong buoi":           "during",         // trong buổi
	"trong chuyen":         "during visit",   // trong chuyến
	"trong chuyen tham":    "during visit",   // trong chuyến thăm
	"trong chuyen cong du": "during visit",   // trong chuyến công du
	"trong cuoc":           "during",         // trong cuộc
	"trong cuoc gap":       "during meeting", // trong cuộc gặp
	"trong nam":            "during",         // trong năm
	"trong khi":            "while",
	"trong nhiem ky":       "during term",        // trong nhiệm kỳ
	"trong thoi gian":      "during",             // trong thời gian
	"trong thoi ky":        "during period",      // trong thời kỳ
	"trong suot":           "throughout",         // trong suốt
	"trong do":             "including",          // trong đó
	"trong so":             "among",              // trong số
	"trong qua khu":        "past",               // trong quá khứ
	"trong tuong lai":      "future",             // trong tương lai
	"trong thoi gian toi":  "future",             // trong thời gian tới
	"trong linh vuc":       "sectors",            // trong lĩnh vực
	"trong khu vuc":        "region",             // trong khu vực
	"trong khuon kho":      "framework",          // trong khuôn khổ
	"trong boi canh":       "context",            // trong bối cảnh
	"trong chien tranh":    "during the war",     // trong chiến tranh
	"trong nuoc":           "domestic",           // trong nước
	"trong hai ngay":       "two-day",            // trong hai ngày
	"trong vong":           "within",             // trong vòng
	"trong tuan":           "week",               // trong tuần
	"trong thang":          "month",              // trong tháng
	"trong thang 1":        "January",            // trong tháng 1
	"trong thang 2":        "February",           // trong tháng 2
	"trong thang 3":        "March",              // trong tháng 3
	"trong thang 4":        "April",              // trong tháng 4
	"trong thang 5":        "May",                // trong tháng 5
	"trong thang 6":        "June",               // trong tháng 6
	"trong thang 7":        "July",               // trong tháng 7
	"trong thang 8":        "August",             // trong tháng 8
	"trong thang 9":        "September",          // trong tháng 9
	"trong thang 10":       "October",            // trong tháng 10
	"trong thang 11":       "November",           // trong tháng 11
	"trong thang 12":       "December",           // trong tháng 12
	"trong dip":            "occasion",           // trong dịp
	"trong thang may":      "what month",         // trong tháng mấy
	"trong thang nao":      "what month",         // trong tháng nào
	"trong nam nay":        "this year",          // trong năm nay
	"trong nam qua":        "past year",          // trong năm qua
	"trong nhung":          "in",                 // trong những
	"trong cac":            "in",                 // trong các
	"trong mot":            "in",                 // trong một
	"trong moi":            "in",                 // trong mọi
	"trong nhieu":          "in",                 // trong nhiều
	"trong viec":           "in",                 // trong việc
	"trong quan he":        "relations",          // trong quan hệ
	"trong hop tac":        "cooperation",        // trong hợp tác
	"trong lich su":        "history",            // trong lịch sử
	"quan trong":           "important",          // quan trọng
	"quan trong nhat":      "most important",     // quan trọng nhất
	"tam quan trong":       "importance",         // tầm quan trọng
	"dac biet quan trong":  "special importance", // đặc biệt quan trọng
	"ton trong":            "respect",            // tôn trọng
	"tran trong":           "treasures",          // trân trọng
	"coi trong":            "values",             // coi trọng
	"chu trong":            "focus",              // chú trọng
	"trong tam":            "focus",              // trọng tâm
	"trong diem":           "focal point",        // trọng điểm
	"nghiem trong":         "serious",            // nghiêm trọng
	"ty trong":             "share",              // tỷ trọng
	"ti trong":             "share",              // tỉ trọng
	"trong yeu":            "key",                // trọng yếu
	"long trong":           "ceremony",           // long trọng

	// Collisions of "nam": "năm" (year, five), "Nam" (south) and the Nam of
	// Việt Nam, which is joined first. translate drops a bare "nam", so these
	// phrases keep what it means next to other words.
	"nam nay":             "this year",       // năm nay
	"nam ngoai":           "last year",       // năm ngoái
	"nam truoc":           "previous year",   // năm trước
	"nam sau":             "next year",       // năm sau
	"nam toi":             "next year",       // năm tới
	"nam qua":             "past year",       // năm qua
	"nhung nam qua":       "over the years",  // những năm qua
	"cac nam":             "years",           // các năm
	"nhieu nam":           "years",           // nhiều năm
	"hang nam":            "annual",          // hàng năm
	"moi nam":             "annual",          // mỗi năm
	"thuong nien":         "annual",          // thường niên
	"nua nam":             "half year",       // nửa năm
	"dau nam":             "early year",      // đầu năm
	"cuoi nam":            "late year",       // cuối năm
	"giua nam":            "mid-year",        // giữa năm
	"nam do":              "that year",       // năm đó
	"nam ay":              "that year",       // năm ấy
	"muoi nam":            "10 years",        // mười năm
	"nam muoi":            "50",              // năm mươi
	"phia nam":            "south",           // phía nam
	"nam bo":              "south",           // nam bộ
	"dong nam a":          "Southeast Asia",  // đông nam á
	"nam a":               "South Asia",      // nam á
	"bien nam trung hoa":  "South China Sea", // biển nam trung hoa
	"bien nam trung quoc": "South China Sea", // biển nam trung quốc
	"nam phi":             "South Africa",
	"lan thu nam":         "fifth time", // lần thứ năm

	// Collisions of "ban": "bạn" (you, friend: a stop word), "bán" (sell),
	// "bản" (copy, text), "bàn" (discuss), "ban" (board, commission).
	"ban be":        "friend",                            // bạn bè
	"ban than":      "close friend",                      // bạn thân
	"ban chap hanh": "committee",                         // ban chấp hành
	"ban doi ngoai": "Commission for External Relations", // ban đối ngoại
	"ban bi thu":    "secretariat",                       // ban bí thư
	"bo chinh tri":  "Politburo",                         // bộ chính trị
	"ban bac":       "discuss",                           // bàn bạc
	"ban ve":        "discuss",                           // bàn về
	"ban giao":      "handover",                          // bàn giao
	"van ban":       "document",                          // văn bản
	"ban dau":       "initially",                         // ban đầu
	"ban do":        "map",                               // bản đồ
	"mua ban":       "trade",                             // mua bán
	"buon ban":      "trade",                             // buôn bán

	// Collisions of "thu" (thứ: ordinal, thing; thư: letter; thử: try; thu:
	// collect, autumn; thủ-): a bare "thu" is dropped and phrases say which.
	"buc thu":             "letter",         // bức thư
	"gui thu":             "sent letter",    // gửi thư
	"thu ngo":             "open letter",    // thư ngỏ
	"thu do":              "capital",        // thủ đô
	"thu tuong chinh phu": "prime minister", // thủ tướng chính phủ
	"thu hut":             "attract",        // thu hút
	"thu nhap":            "income",         // thu nhập
	"doi thu":             "rival",          // đối thủ
	"thu thach":           "challenges",     // thử thách
	"thu linh":            "leader",         // thủ lĩnh

	// Collisions of "den": "đến" (arrive, but also to/until/about), "đền"
	// (temple, compensate), "đèn", "đen". The glossary's bare "den" means
	// arrived; these phrases keep the other uses from reading as arrivals.
	"den nay":       "to date",         // đến nay
	"cho den nay":   "to date",         // cho đến nay
	"tu do den nay": "since then",      // từ đó đến nay
	"tinh den nay":  "to date",         // tính đến nay
	"den khi":       "until",           // đến khi
	"cho den":       "until",           // cho đến
	"cho toi":       "until",           // cho tới
	"den ngay":      "until",           // đến ngày
	"den tu":        "from",            // đến từ
	"nhac den":      "mentioned",       // nhắc đến
	"de cap den":    "mentioned",       // đề cập đến
	"noi den":       "mentioned",       // nói đến
	"noi toi":       "mentioned",       // nói tới
	"anh huong den": "affect",          // ảnh hưởng đến
	"anh huong toi": "affect",          // ảnh hưởng tới
	"quan tam den":  "concern",         // quan tâm đến
	"quan tam toi":  "concern",         // quan tâm tới
	"dan den":       "lead to",         // dẫn đến
	"dan toi":       "lead to",         // dẫn tới
	"den voi":       "to",              // đến với
	"len den":       "up",              // lên đến
	"len toi":       "up",              // lên tới
	"den tham":      "visit",           // đến thăm
	"sang tham":     "visit",           // sang thăm
	"den hanoi":     "arrived Hanoi",   // đến hà nội
	"toi hanoi":     "arrived Hanoi",   // tới hà nội
	"den vietnam":   "arrived Vietnam", // đến việt nam
	"toi vietnam":   "arrived Vietnam", // tới việt nam
	"den my":        "arrived US",      // đến mỹ
	"toi my":        "arrived US",      // tới mỹ
	"den us":        "arrived US",      // đến hoa kỳ
	"toi noi":       "arrived",         // tới nơi
	"co mat":        "arrived",         // có mặt
	"ha canh":       "landed",          // hạ cánh
	"dat chan":      "arrived",         // đặt chân
	"boi thuong":    "compensation",    // bồi thường

	// Collisions of "dang" (đang: -ing; Đảng: the Party; đáng: worth; đăng:
	// post). The glossary's bare "dang" is the Party; these phrases cover the
	// progressive "đang" and name the Party where it usually stands.
	"dang dien ra":          "ongoing",                    // đang diễn ra
	"dang tiep tuc":         "ongoing",                    // đang tiếp tục
	"hien nay dang":         "currently",                  // hiện nay đang
	"dang ke":               "significant",                // đáng kể
	"dang chu y":            "notable",                    // đáng chú ý
	"tong bi thu dang":      "Party General Secretary",    // tổng bí thư đảng
	"lanh dao dang":         "Party leader",               // lãnh đạo đảng
	"dang va nha nuoc":      "Party and State",            // đảng và nhà nước
	"dai hoi dang":          "Party Congress",             // đại hội đảng
	"dang cong san vietnam": "Communist Party of Vietnam", // đảng cộng sản việt nam
	"dang dan chu":          "Democratic Party",           // đảng dân chủ
	"dang cong hoa":         "Republican Party",           // đảng cộng hòa
	"dcs":                   "Communist Party",            // đcs

	// Collisions of "gia" (giá: price; gia-: family, add; -gia: quốc gia,
	// chuyên gia, tham gia): the glossary's bare "gia" is price.
	"quoc gia":     "countries",     // quốc gia
	"hai quoc gia": "two countries", // hai quốc gia
	"tham gia":     "joined",
	"chuyen gia":   "experts",            // chuyên gia
	"gia tri":      "value",              // giá trị
	"gia tang":     "increase",           // gia tăng
	"gia nhap":     "join",               // gia nhập
	"gia han":      "extend",             // gia hạn
	"gia dinh":     "families",           // gia đình
	"danh gia":     "appreciated",        // đánh giá
	"danh gia cao": "highly appreciated", // đánh giá cao
	"ty gia":       "exchange rate",      // tỷ giá

	// Collisions of "co" (có: have; cô; cơ: cơ hội, cơ sở; cổ; cỏ): "có" is a
	// stop word and the cơ- words are phrases. "cơ quan" (agency) is left out:
	// "có quan hệ" would read as it, and "có hội đàm" as "cơ hội" (see below).
	"co hoi":     "opportunity", // cơ hội
	"co so":      "foundation",  // cơ sở
	"tren co so": "based",       // trên cơ sở
	"co che":     "mechanism",   // cơ chế

	// Collisions of "tu" (từ: from; tự: self; tư: private, fourth; tù) and
	// "tu do" (tự do: freedom, but also từ đó: since then).
	"tu do":           "freedom",       // tự do
	"ke tu do":        "since then",    // kể từ đó
	"ke tu":           "since",         // kể từ
	"tu luc":          "self-reliance", // tự lực
	"tu luc tu cuong": "self-reliance", // tự lực tự cường
	"tu nhan":         "private",       // tư nhân
	"tu nhien":        "natural",       // tự nhiên
	"tu binh":         "POWs",          // tù binh

	// Other collisions: "bao giờ" is when but also ever (above); "ai" is who
	// but also AI; "lao" is Laos but also lao động (labour); "linh" is soldiers
	// but also lĩnh vực (field); "tang" is increase but also nền tảng
	// (foundation) and tặng (give); "tham" is visit but also tham gia; "gio" is
	// time but also gió (wind); "my" is the US but also mỹ- (fine arts).
	"tri tue nhan tao":    "artificial intelligence", // trí tuệ nhân tạo
	"lao dong":            "labour",                  // lao động
	"nguoi lao dong":      "workers",                 // người lao động
	"linh vuc":            "sectors",                 // lĩnh vực
	"nen tang":            "foundation",              // nền tảng
	"trao tang":           "presented",               // trao tặng
	"qua tang":            "gift",                    // quà tặng
	"tham du":             "attended",                // tham dự
	"tham quan":           "tour",
	"tham khao":           "reference",         // tham khảo
	"tham van":            "consultations",     // tham vấn
	"tham hoa":            "disaster",          // thảm họa
	"tham nhung":          "corruption",        // tham nhũng
	"tau san bay":         "aircraft carrier",  // tàu sân bay
	"nha trang":           "White House",       // nhà trắng
	"truyen thong":        "tradition",         // truyền thống
	"hai quan":            "navy",              // hải quân
	"cung co loi":         "mutual benefits",   // cùng có lợi
	"chien thang":         "victory",           // chiến thắng
	"thang loi":           "victory",           // thắng lợi
	"thang cu":            "won election",      // thắng cử
	"truc thang":          "helicopters",       // trực thăng
	"ong ay":              "he",                // ông ấy
	"ba ay":               "she",               // bà ấy
	"ho":                  "they",              // họ
	"bac":                 "",                  // bác
	"nuoc duc":            "Germany",           // nước đức
	"dao duc":             "ethics",            // đạo đức
	"the duc":             "sport",             // thể dục
	"nuoc anh":            "Britain",           // nước anh
	"vuong quoc anh":      "United Kingdom",    // vương quốc anh
	"tieng anh":           "English",           // tiếng anh
	"tieng viet":          "Vietnamese",        // tiếng việt
	"nuoc phap":           "France",            // nước pháp
	"phap":                "France",            // pháp
	"luat phap":           "law",               // luật pháp
	"phap luat":           "law",               // pháp luật
	"phap ly":             "legal",             // pháp lý
	"hop phap":            "legitimate",        // hợp pháp
	"chinh dang":          "legitimate",        // chính đáng
	"phap quyen":          "rule of law",       // pháp quyền
	"nha nuoc phap quyen": "rule-of-law state", // nhà nước pháp quyền
	"hien phap":           "constitution",      // hiến pháp
	"bien phap":           "measures",          // biện pháp
	"giai phap":           "solutions",         // giải pháp
	"phuong phap":         "methods",           // phương pháp
	"tu phap":             "judicial",          // tư pháp
	"nuoc y":              "Italy",             // nước ý
	"nuoc nhat":           "Japan",             // nước nhật
	"nuoc nga":            "Russia",            // nước nga
	"nuoc my":             "US",                // nước mỹ
	"nuoc vietnam":        "Vietnam",           // nước việt nam
	"nuoc ta":             "Vietnam",           // nước ta

	// Time.
	"ngay":            "day",            // ngày
	"cac ngay":        "days",           // các ngày
	"hai ngay":        "two-day",        // hai ngày
	"ba ngay":         "three days",     // ba ngày
	"hom":             "day",            // hôm
	"hom qua":         "yesterday",      // hôm qua
	"ngay mai":        "tomorrow",       // ngày mai
	"hom do":          "that day",       // hôm đó
	"ngay hom do":     "that day",       // ngày hôm đó
	"hom truoc":       "previous day",   // hôm trước
	"hom sau":         "next day",       // hôm sau
	"ngay hom sau":    "next day",       // ngày hôm sau
	"chu nhat":        "Sunday",         // chủ nhật
	"cuoi tuan":       "weekend",        // cuối tuần
	"buoi":            "",               // buổi
	"buoi sang":       "morning",        // buổi sáng
	"sang nay":        "this morning",   // sáng nay
	"sang ngay":       "morning",        // sáng ngày
	"buoi chieu":      "afternoon",      // buổi chiều
	"chieu nay":       "this afternoon", // chiều nay
	"chieu ngay":      "afternoon",      // chiều ngày
	"chieu muon":      "late afternoon", // chiều muộn
	"buoi trua":       "noon",           // buổi trưa
	"trua":            "noon",           // trưa
	"dem":             "night",          // đêm
	"luc":             "at",             // lúc
	"luc do":          "then",           // lúc đó
	"luc ay":          "then",           // lúc ấy
	"khi do":          "then",           // khi đó
	"khi ay":          "then",           // khi ấy
	"dong thoi":       "also",           // đồng thời
	"phut":            "minutes",        // phút
	"tieng dong ho":   "hours",          // tiếng đồng hồ
	"tuan":            "week",           // tuần
	"tuan nay":        "this week",      // tuần này
	"tuan truoc":      "last week",      // tuần trước
	"tuan sau":        "next week",      // tuần sau
	"tuan toi":        "next week",      // tuần tới
	"thang":           "month",          // tháng
	"thang nay":       "this month",     // tháng này
	"thang truoc":     "last month",     // tháng trước
	"thang toi":       "next month",     // tháng tới
	"thang 1":         "January",        // tháng 1
	"thang 2":         "February",       // tháng 2
	"thang 4":         "April",          // tháng 4
	"thang 5":         "May",            // tháng 5
	"thang 8":         "August",         // tháng 8
	"thang 10":        "October",        // tháng 10
	"thang 11":        "November",       // tháng 11
	"thang 12":        "December",       // tháng 12
	"thang mot":       "January",        // tháng một
	"thang gieng":     "January",        // tháng giêng
	"thang hai":       "February",       // tháng hai
	"thang ba":        "March",          // tháng ba
	"thang tu":        "April",          // tháng tư
	"thang bay":       "July",           // tháng bảy
	"thang tam":       "August",         // tháng tám
	"thang chin":      "September",      // tháng chín
	"thang muoi":      "October",        // tháng mười
	"thang muoi mot":  "November",       // tháng mười một
	"thang muoi hai":  "December",       // tháng mười hai
	"thang chap":      "December",       // tháng chạp
	"thap ky":         "decade",         // thập kỷ
	"thap ki":         "decade",         // thập kỉ
	"thap nien":       "decade",         // thập niên
	"hai thap ky":     "two decades",    // hai thập kỷ
	"ba thap ky":      "three decades",  // ba thập kỷ
	"hang chuc nam":   "decades",        // hàng chục năm
	"the ky":          "century",        // thế kỷ
	"the ki":          "century",        // thế kỉ
	"the ky 20":       "20th century",   // thế kỷ 20
	"the ky xx":       "20th century",   // thế kỷ xx
	"the ky 21":       "21st century",   // thế kỷ 21
	"the ky xxi":      "21st century",   // thế kỷ xxi
	"thoi gian":       "time",           // thời gian
	"thoi diem":       "time",           // thời điểm
	"thoi ky":         "period",         // thời kỳ
	"giai doan":       "phase",          // giai đoạn
	"giai doan moi":   "new phase",      // giai đoạn mới
	"thoi ky moi":     "new period",     // thời kỳ mới
	"lich trinh":      "schedule",       // lịch trình
	"qua khu":         "past",           // quá khứ
	"tuong lai":       "future",         // tương lai
	"hien nay":        "currently",      // hiện nay
	"gan day":         "recently",       // gần đây
	"moi day":         "recently",       // mới đây
	"vua qua":         "recent",         // vừa qua
	"truoc day":       "previously",     // trước đây
	"truoc do":        "previously",     // trước đó
	"sau do":          "afterwards",     // sau đó
	"sau khi":         "after",
	"truoc khi":       "before",       // trước khi
	"lan":             "time",         // lần
	"lan nay":         "this time",    // lần này
	"lan dau tien":    "first time",   // lần đầu tiên
	"lan thu hai":     "second time",  // lần thứ hai
	"lan thu ba":      "third time",   // lần thứ ba
	"lan thu tu":      "fourth time",  // lần thứ tư
	"lan cuoi":        "last time",    // lần cuối
	"lan gan nhat":    "latest time",  // lần gần nhất
	"dip":             "occasion",     // dịp
	"nhan dip":        "occasion",     // nhân dịp
	"ngay le":         "holiday",      // ngày lễ
	"quoc khanh":      "national day", // quốc khánh
	"ngay quoc khanh": "national day", // ngày quốc khánh

	// Numbers, amounts and ranks.
	"muoi":             "10",        // mười
	"hai muoi":         "20",        // hai mươi
	"ba muoi":          "30",        // ba mươi
	"bon muoi":         "40",        // bốn mươi
	"muoi mot":         "11",        // mười một
	"muoi hai":         "12",        // mười hai
	"muoi ba":          "13",        // mười ba
	"tram":             "hundred",   // trăm
	"hang tram":        "hundreds",  // hàng trăm
	"nghin":            "thousand",  // nghìn
	"ngan":             "thousand",  // ngàn
	"hang nghin":       "thousands", // hàng nghìn
	"nghin ty":         "trillion",  // nghìn tỷ
	"ngan ty":          "trillion",  // ngàn tỷ
	"ty usd":           "billion",   // tỷ usd
	"trieu usd":        "million",   // triệu usd
	"do la my":         "dollars",   // đô la mỹ
	"khoang":           "around",    // khoảng
	"khoang chung":     "around",    // khoảng chừng
	"xap xi":           "around",    // xấp xỉ
	"chung":            "common",
	"hon":              "more than",        // hơn
	"gan":              "nearly",           // gần
	"gan nhu":          "almost",           // gần như
	"it nhat":          "at least",         // ít nhất
	"toi thieu":        "minimum",          // tối thiểu
	"tong":             "total",            // tổng
	"tong cong":        "total",            // tổng cộng
	"tong so":          "total",            // tổng số
	"so luong":         "number",           // số lượng
	"con so":           "figure",           // con số
	"so":               "number",           // số
	"ty le":            "rate",             // tỷ lệ
	"ti le":            "rate",             // tỉ lệ
	"so voi":           "compared",         // so với
	"so sanh":          "compare",          // so sánh
	"gap doi":          "double",           // gấp đôi
	"nhieu nhat":       "most",             // nhiều nhất
	"cao nhat":         "highest",          // cao nhất
	"thap nhat":        "lowest",           // thấp nhất
	"muc cao nhat":     "highest level",    // mức cao nhất
	"cap cao nhat":     "highest level",    // cấp cao nhất
	"cap do cao nhat":  "highest level",    // cấp độ cao nhất
	"moi nhat":         "latest",           // mới nhất
	"gan nhat":         "latest",           // gần nhất
	"cuoi cung":        "last",             // cuối cùng
	"lon":              "major",            // lớn
	"thu sau":          "sixth",            // thứ sáu
	"thu tam":          "eighth",           // thứ tám
	"thu chin":         "ninth",            // thứ chín
	"thu muoi":         "tenth",            // thứ mười
	"thu muoi hai":     "twelfth",          // thứ mười hai
	"thu 1":            "first",            // thứ 1
	"thu 2":            "second",           // thứ 2
	"thu 3":            "third",            // thứ 3
	"thu 4":            "fourth",           // thứ 4
	"thu 5":            "fifth",            // thứ 5
	"thu 6":            "sixth",            // thứ 6
	"thu 7":            "seventh",          // thứ 7
	"thu 8":            "eighth",           // thứ 8
	"thu 9":            "ninth",            // thứ 9
	"thu 10":           "tenth",            // thứ 10
	"thu 11":           "eleventh",         // thứ 11
	"thu 12":           "twelfth",          // thứ 12
	"thu 13":           "thirteenth",       // thứ 13
	"thu 20":           "twentieth",        // thứ 20
	"lon thu ba":       "third largest",    // lớn thứ ba
	"lon thu tu":       "fourth largest",   // lớn thứ tư
	"lon thu nam":      "fifth largest",    // lớn thứ năm
	"lon thu sau":      "sixth largest",    // lớn thứ sáu
	"lon thu tam":      "eighth largest",   // lớn thứ tám
	"lon thu chin":     "ninth largest",    // lớn thứ chín
	"lon thu muoi":     "tenth largest",    // lớn thứ mười
	"lon thu muoi mot": "eleventh largest", // lớn thứ mười một
	"lon thu 2":        "second largest",   // lớn thứ 2
	"lon thu 3":        "third largest",    // lớn thứ 3
	"lon thu 4":        "fourth largest",   // lớn thứ 4
	"lon thu 5":        "fifth largest",    // lớn thứ 5
	"lon thu 6":        "sixth largest",    // lớn thứ 6
	"lon thu 7":        "seventh largest",  // lớn thứ 7
	"lon thu 8":        "eighth largest",   // lớn thứ 8
	"lon thu 9":        "ninth largest",    // lớn thứ 9
	"lon thu 10":       "tenth largest",    // lớn thứ 10
	"lon thu 11":       "eleventh largest", // lớn thứ 11
	"lon thu 12":       "twelfth largest",  // lớn thứ 12
	"xep hang":         "rank",             // xếp hạng
	"thu hang":         "rank",             // thứ hạng
	"dung dau":         "top",              // đứng đầu
	"hang dau":         "leading",          // hàng đầu
	"so mot":           "top",              // số một
	"chu yeu":          "main",             // chủ yếu

	// Saying, stating, remembering.
	"noi":                "said",            // nói
	"noi ve":             "about",           // nói về
	"cho biet":           "said",            // cho biết
	"phat bieu":          "speaking",        // phát biểu
	"bai phat bieu":      "speech",          // bài phát biểu
	"khang dinh":         "affirmed",        // khẳng định
	"tai khang dinh":     "reiterated",      // tái khẳng định
	"nhan manh":          "stressed",        // nhấn mạnh
	"neu bat":            "highlighted",     // nêu bật
	"neu ro":             "stated",          // nêu rõ
	"de cap":             "mentioned",       // đề cập
	"nhac":               "mentioned",       // nhắc
	"nhac lai":           "reiterated",      // nhắc lại
	"nho lai":            "recalled",        // nhớ lại
	"hoi tuong":          "recalled",        // hồi tưởng
	"hoi uc":             "memories",        // hồi ức
	"ky niem dep":        "good memories",   // kỷ niệm đẹp
	"tuong nho":          "remembrance",     // tưởng nhớ
	"tuong niem":         "commemorate",     // tưởng niệm
	"tri an":             "gratitude",       // tri ân
	"ton vinh":           "honour",          // tôn vinh
	"bay to":             "expressed",       // bày tỏ
	"the hien":           "demonstrate",     // thể hiện
	"cho thay":           "demonstrate",     // cho thấy
	"chung minh":         "demonstrated",    // chứng minh
	"trich":              "quoted",          // trích
	"cam doan":           "pledged",         // cam đoan
	"hua":                "pledged",         // hứa
	"loi hua":            "pledge",          // lời hứa
	"cam ket ung ho":     "pledged support", // cam kết ủng hộ
	"cam on":             "thanked",         // cảm ơn
	"cam ta":             "thanked",         // cảm tạ
	"chuc mung":          "congratulated",   // chúc mừng
	"ca ngoi":            "commended",       // ca ngợi
	"khen ngoi":          "commended",       // khen ngợi
	"hoan nghenh":        "welcomes",        // hoan nghênh
	"chao mung":          "welcomed",        // chào mừng
	"vui mung":           "pleased",         // vui mừng
	"hai long":           "pleased",         // hài lòng
	"vui":                "joy",
	"niem vui":           "joy",              // niềm vui
	"ghi nhan":           "noted",            // ghi nhận
	"luu y":              "noted",            // lưu ý
	"cong bo":            "announced",        // công bố
	"thong bao":          "announced",        // thông báo
	"loan bao":           "announced",        // loan báo
	"ra tuyen bo":        "issued statement", // ra tuyên bố
	"thong cao":          "communique",       // thông cáo
	"thong cao chung":    "joint communique", // thông cáo chung
	"thong cao bao chi":  "press releases",   // thông cáo báo chí
	"trao doi":           "exchange",         // trao đổi
	"trao doi y kien":    "exchanged views",  // trao đổi ý kiến
	"trao doi quan diem": "exchanged views",  // trao đổi quan điểm
	"chia se":            "share",            // chia sẻ
	"thao luan":          "discuss",          // thảo luận
	"doi thoai":          "dialogue",         // đối thoại
	"ban thao":           "discuss",          // bàn thảo
	"keu goi":            "requests",         // kêu gọi
	"de nghi":            "requests",         // đề nghị
	"yeu cau":            "requests",         // yêu cầu
	"de xuat":            "proposing",        // đề xuất
	"mong muon":          "desire",           // mong muốn
	"mong":               "desire",
	"hy vong":            "desire",   // hy vọng
	"hi vong":            "desire",   // hi vọng
	"ky vong":            "expected", // kỳ vọng
	"du kien":            "expected", // dự kiến
	"du dinh":            "plan",     // dự định
	"ke hoach":           "plan",     // kế hoạch

	// Meeting and visiting.
	"tiep":                 "met",                         // tiếp
	"tiep kien":            "met",                         // tiếp kiến
	"tiep don":             "reception",                   // tiếp đón
	"don tiep":             "reception",                   // đón tiếp
	"don":                  "welcomed",                    // đón
	"chao don":             "welcomed",                    // chào đón
	"le don chinh thuc":    "official welcoming ceremony", // lễ đón chính thức
	"le don tiep":          "welcoming ceremony",          // lễ đón tiếp
	"nghi le":              "ceremony",                    // nghi lễ
	"buoi le":              "ceremony",                    // buổi lễ
	"tiec":                 "banquet",                     // tiệc
	"tiec chieu dai":       "banquet",                     // tiệc chiêu đãi
	"chu tri":              "hosted",                      // chủ trì
	"chu toa":              "chaired",                     // chủ tọa
	"cuoc hop":             "meeting",                     // cuộc họp
	"cuoc gap":             "meeting",                     // cuộc gặp
	"buoi gap":             "meeting",                     // buổi gặp
	"gap mat":              "meeting",                     // gặp mặt
	"gap go bao chi":       "meeting with the press",      // gặp gỡ báo chí
	"gap bao chi":          "meeting with the press",      // gặp báo chí
	"bao chi":              "press",                       // báo chí
	"phong vien":           "reporters",                   // phóng viên
	"hop bao chung":        "joint press conference",      // họp báo chung
	"hoi nghi":             "conference",                  // hội nghị
	"hoi nghi cap cao":     "summit",                      // hội nghị cấp cao
	"hoi nghi thuong dinh": "summit",                      // hội nghị thượng đỉnh
	"thuong dinh":          "summit",                      // thượng đỉnh
	"hoi thao":             "conference",                  // hội thảo
	"dien dan":             "forums",                      // diễn đàn
	"hoi dam cap cao":      "talks",                       // hội đàm cấp cao
	"cuoc hoi dam":         "talks",                       // cuộc hội đàm
	"goi dien":             "phone call",                  // gọi điện
	"dien thoai":           "phone call",                  // điện thoại
	"cuoc dien dam":        "phone call",                  // cuộc điện đàm
	"chuyen":               "trip",                        // chuyến
	"chuyen di":            "trip",                        // chuyến đi
	"chuyen cong tac":      "trip",                        // chuyến công tác
	"chuyen bay":           "flight",                      // chuyến bay
	"tham chinh thuc":      "official visit",              // thăm chính thức
	"cap nha nuoc":         "state",                       // cấp nhà nước
	"tham lam viec":        "working visit",               // thăm làm việc
	"tham lai":             "visited again",               // thăm lại
	"ghe tham":             "visit",                       // ghé thăm
	"roi khoi":             "left",                        // rời khỏi
	"ket thuc":             "concluded",                   // kết thúc
	"bat dau":              "start",                       // bắt đầu
	"khoi dau":             "beginning",                   // khởi đầu
	"mo dau":               "beginning",                   // mở đầu
	"tien hanh":            "",                            // tiến hành
	"xay ra":               "happened",                    // xảy ra
	"di cung":              "accompanied",                 // đi cùng
	"thap tung":            "accompanied",                 // tháp tùng
	"doan":                 "delegation",                  // đoàn
	"phai doan":            "delegation",                  // phái đoàn
	"doan dai bieu":        "delegation",                  // đoàn đại biểu
	"dai bieu":             "delegates",                   // đại biểu
	"loi moi":              "invitation",                  // lời mời
	"duoc moi":             "invited",                     // được mời
	"moi tham":             "inviting visit",              // mời thăm
	"khach":                "guest",                       // khách
	"tru so":               "headquarters",                // trụ sở
	"phu chu tich":         "Presidential Palace",         // phủ chủ tịch
	"thu do hanoi":         "Hanoi",                       // thủ đô hà nội
	"tren duong":           "on the way",                  // trên đường

	// Deciding, agreeing, doing.
	"quyet dinh":            "decided",                     // quyết định
	"dong y":                "agreed",                      // đồng ý
	"nhat tri":              "agreed",                      // nhất trí
	"thong nhat":            "agreed",                      // thống nhất
	"tan thanh":             "agreed",                      // tán thành
	"chap nhan":             "accepted",                    // chấp nhận
	"ky":                    "signed",                      // ký
	"ki":                    "signed",                      // kí
	"ki ket":                "signing",                     // kí kết
	"hiep dinh":             "agreement",                   // hiệp định
	"hiep uoc":              "treaty",                      // hiệp ước
	"ban ghi nho":           "memorandum of understanding", // bản ghi nhớ
	"ghi nho":               "memorandum",                  // ghi nhớ
	"hop dong":              "contracts",                   // hợp đồng
	"thong qua":             "adopted",                     // thông qua
	"giup":                  "support",                     // giúp
	"vien tro":              "aid",                         // viện trợ
	"tai tro":               "funding",                     // tài trợ
	"cap von":               "funding",                     // cấp vốn
	"ngan sach":             "budget",                      // ngân sách
	"cung cap":              "provided",                    // cung cấp
	"xay dung":              "building",                    // xây dựng
	"tao":                   "creating",                    // tạo
	"tao ra":                "create",                      // tạo ra
	"dua":                   "bring",                       // đưa
	"dua ra":                "made",                        // đưa ra
	"mang":                  "bring",
	"mang lai":              "bring",                    // mang lại
	"mang tinh lich su":     "historic",                 // mang tính lịch sử
	"thuc hien":             "implementing",             // thực hiện
	"trien khai":            "implementing",             // triển khai
	"thuc thi":              "implementation",           // thực thi
	"duy tri":               "maintaining",              // duy trì
	"giu":                   "maintaining",              // giữ
	"giu chuc vu":           "held the position",        // giữ chức vụ
	"chuc vu":               "position",                 // chức vụ
	"o lai":                 "stay",                     // ở lại
	"giu vung":              "maintaining",              // giữ vững
	"bao dam":               "ensuring",                 // bảo đảm
	"dam bao":               "ensuring",                 // đảm bảo
	"bao ve":                "protection",               // bảo vệ
	"bao ve moi truong":     "environmental protection", // bảo vệ môi trường
	"tuan thu":              "observe",                  // tuân thủ
	"tuan theo":             "adhere",                   // tuân theo
	"phoi hop":              "coordinated",              // phối hợp
	"lam viec":              "working",                  // làm việc
	"lam viec voi":          "worked with",              // làm việc với
	"cong tac":              "work",                     // công tác
	"dong gop":              "contributions",            // đóng góp
	"gop phan":              "contributing",             // góp phần
	"dong vai tro":          "role",                     // đóng vai trò
	"thuc day":              "promote",                  // thúc đẩy
	"day manh":              "boosting",                 // đẩy mạnh
	"phat huy":              "promoting",                // phát huy
	"tang cuong":            "strengthening",            // tăng cường
	"lam sau sac":           "deepening",                // làm sâu sắc
	"mo rong":               "expanding",                // mở rộng
	"mo ra":                 "opening",                  // mở ra
	"mo":                    "open",                     // mở
	"nang len":              "upgrade",                  // nâng lên
	"nang quan he":          "upgrade relations",        // nâng quan hệ
	"dua quan he":           "bringing relations",       // đưa quan hệ
	"tiep tuc":              "continue",                 // tiếp tục
	"tiep can":              "access",                   // tiếp cận
	"ket noi":               "interconnected",           // kết nối
	"giai quyet":            "resolve",                  // giải quyết
	"doi pho":               "address",                  // đối phó
	"ung pho":               "response",                 // ứng phó
	"khac phuc":             "mitigation",               // khắc phục
	"vuot":                  "surpassing",               // vượt
	"vuot qua":              "overcome",                 // vượt qua
	"vuot muc":              "exceeded",                 // vượt mức
	"dat":                   "",                         // đạt
	"dat duoc":              "achieved",                 // đạt được
	"gianh duoc":            "achieved",                 // giành được
	"gianh lai":             "regained",                 // giành lại
	"tro thanh":             "becomes",                  // trở thành
	"tro lai":               "return",                   // trở lại
	"tro ve":                "returned",                 // trở về
	"ve nuoc":               "returned home",            // về nước
	"coi":                   "considered",
	"xem nhu":               "considered",          // xem như
	"xem la":                "considered",          // xem là
	"thay":                  "see",                 // thấy
	"hieu":                  "understanding",       // hiểu
	"biet":                  "know",                // biết
	"nham":                  "aimed",               // nhằm
	"nham muc dich":         "aimed",               // nhằm mục đích
	"huong toi":             "aiming",              // hướng tới
	"huong den":             "aiming",              // hướng đến
	"huong":                 "towards",             // hướng
	"danh dau":              "marks",               // đánh dấu
	"chung kien":            "witnessed",           // chứng kiến
	"trai qua":              "experienced",         // trải qua
	"keo dai":               "prolonged",           // kéo dài
	"chong":                 "against",             // chống
	"chong lai":             "against",             // chống lại
	"chien dau":             "fighting",            // chiến đấu
	"cung chien dau":        "fought together",     // cùng chiến đấu
	"tranh chap":            "disputes",            // tranh chấp
	"giai quyet hoa binh":   "peaceful resolution", // giải quyết hòa bình
	"kiem che":              "refrain",             // kiềm chế
	"de doa":                "threats",             // đe dọa
	"su dung vu luc":        "use of force",        // sử dụng vũ lực
	"vu luc":                "force",               // vũ lực
	"can thiep":             "interference",        // can thiệp
	"khong can thiep":       "non-interference",    // không can thiệp
	"vi pham":               "violations",          // vi phạm
	"tang them":             "increase",            // tăng thêm
	"tang manh":             "increase",            // tăng mạnh
	"giam":                  "decrease",            // giảm
	"giam nhe":              "mitigation",          // giảm nhẹ
	"thay doi":              "change",              // thay đổi
	"chuyen doi":            "transition",          // chuyển đổi
	"chuyen giao":           "transfer",            // chuyển giao
	"chuyen giao cong nghe": "technology transfer", // chuyển giao công nghệ
	"san xuat":              "production",          // sản xuất
	"che tao":               "manufacturing",       // chế tạo
	"mua":                   "buy",
	"dau tu vao":            "investment in", // đầu tư vào
	"rot von":               "investment",    // rót vốn
	"giai ngan":             "disbursed",     // giải ngân

	// The relationship and diplomacy.
	"moi quan he":          "relationship",                 // mối quan hệ
	"quan he song phuong":  "bilateral relations",          // quan hệ song phương
	"quan he hai nuoc":     "bilateral relations",          // quan hệ hai nước
	"quan he ngoai giao":   "diplomatic relations",         // quan hệ ngoại giao
	"quan he viet my":      "Vietnam-US relations",         // quan hệ việt mỹ
	"viet my":              "Vietnam US",                   // việt mỹ
	"my viet":              "US Vietnam",                   // mỹ việt
	"viet us":              "Vietnam US",                   // việt hoa kỳ
	"ca hai nuoc":          "both countries",               // cả hai nước
	"hai dan toc":          "two peoples",                  // hai dân tộc
	"nhan dan hai nuoc":    "people of both countries",     // nhân dân hai nước
	"lanh dao hai nuoc":    "leaders of the two countries", // lãnh đạo hai nước
	"hai nha lanh dao":     "two leaders",                  // hai nhà lãnh đạo
	"doi tac chien luoc":   "strategic partner",            // đối tác chiến lược
	"doi tac tin cay":      "trustworthy partner",          // đối tác tin cậy
	"doi tac thuong mai":   "trade partner",                // đối tác thương mại
	"doi tac dau tu":       "investment partner",           // đối tác đầu tư
	"hoa giai":             "reconciliation",               // hòa giải
	"hop tac toan dien":    "comprehensive cooperation",    // hợp tác toàn diện
	"khuon kho":            "framework",                    // khuôn khổ
	"khuon kho quan he":    "framework",                    // khuôn khổ quan hệ
	"muc do":               "level",                        // mức độ
	"cap":                  "level",                        // cấp
	"cap cao":              "high-level",                   // cấp cao
	"moi cap":              "all-level",                    // mọi cấp
	"cac cap":              "levels",                       // các cấp
	"tam cao moi":          "new heights",                  // tầm cao mới
	"tam cao":              "heights",                      // tầm cao
	"tam muc":              "stature",                      // tầm mức
	"chuong moi":           "new chapter",                  // chương mới
	"trang moi":            "new chapter",                  // trang mới
	"cot moc":              "milestone",                    // cột mốc
	"dau moc":              "milestone",                    // dấu mốc
	"buoc ngoat":           "turning point",                // bước ngoặt
	"buoc tien":            "strides",                      // bước tiến
	"buoc phat trien":      "progress",                     // bước phát triển
	"tien trien":           "progress",                     // tiến triển
	"tien bo":              "progress",                     // tiến bộ
	"thang tram":           "ups and downs",                // thăng trầm
	"cuu thu":              "former enemies",               // cựu thù
	"ke thu":               "enemies",                      // kẻ thù
	"qua khu dau thuong":   "bitter past",                  // quá khứ đau thương
	"dau thuong":           "bitter",                       // đau thương
	"gac lai qua khu":      "leaving the past behind",      // gác lại quá khứ
	"khep lai qua khu":     "leaving the past behind",      // khép lại quá khứ
	"vuot qua khac biet":   "overcoming differences",       // vượt qua khác biệt
	"khac biet":            "differences",                  // khác biệt
	"tuong dong":           "similarities",                 // tương đồng
	"huong toi tuong lai":  "looking towards the future",   // hướng tới tương lai
	"phuong cham":          "guiding principle",            // phương châm
	"nguyen tac":           "principles",                   // nguyên tắc
	"nguyen tac chi dao":   "guiding principles",           // nguyên tắc chỉ đạo
	"long tin":             "trust",                        // lòng tin
	"tin cay":              "trustworthy",                  // tin cậy
	"dang tin cay":         "trustworthy",                  // đáng tin cậy
	"hieu biet":            "understanding",                // hiểu biết
	"hieu biet lan nhau":   "mutual understanding",         // hiểu biết lẫn nhau
	"ton trong lan nhau":   "mutual respect",               // tôn trọng lẫn nhau
	"loi ich":              "interests",                    // lợi ích
	"loi ich chinh dang":   "legitimate interests",         // lợi ích chính đáng
	"chan thanh":           "sincere",                      // chân thành
	"thang than":           "frank",                        // thẳng thắn
	"than thien":           "friendly",                     // thân thiện
	"than thiet":           "close",                        // thân thiết
	"tinh huu nghi":        "friendship",                   // tình hữu nghị
	"huu nghi":             "friendship",                   // hữu nghị
	"tinh than":            "spirit",                       // tinh thần
	"dong luc":             "momentum",                     // động lực
	"dong luc thuc day":    "driving force",                // động lực thúc đẩy
	"nen mong":             "foundation",                   // nền móng
	"tru cot":              "pillar",                       // trụ cột
	"diem sang":            "bright spots",                 // điểm sáng
	"diem nhan":            "highlight",                    // điểm nhấn
	"noi bat":              "highlight",                    // nổi bật
	"thanh tuu":            "achievements",                 // thành tựu
	"thanh cong":           "success",                      // thành công
	"ket qua":              "outcome",                      // kết quả
	"y nghia":              "significance",                 // ý nghĩa
	"y nghia dac biet":     "special significance",         // ý nghĩa đặc biệt
	"dac biet":             "special",                      // đặc biệt
	"lich su":              "historic",                     // lịch sử
	"tinh lich su":         "historic",                     // tính lịch sử
	"buoc dot pha":         "breakthroughs",                // bước đột phá
	"dot pha":              "breakthroughs",                // đột phá
	"bang giao":            "diplomatic relations",
	"ngoai giao cay tre":   "bamboo diplomacy",          // ngoại giao cây tre
	"da phuong":            "multilateral",              // đa phương
	"da phuong hoa":        "multilateralisation",       // đa phương hóa
	"da dang hoa":          "diversification",           // đa dạng hóa
	"hoi nhap":             "integration",               // hội nhập
	"hoi nhap quoc te":     "international integration", // hội nhập quốc tế
	"quoc te":              "international",             // quốc tế
	"cong dong quoc te":    "international community",   // cộng đồng quốc tế
	"thanh vien":           "member",                    // thành viên
	"trach nhiem":          "responsible",               // trách nhiệm
	"chu dong":             "proactive",                 // chủ động
	"tich cuc":             "active",                    // tích cực
	"chinh sach doi ngoai": "foreign policy",            // chính sách đối ngoại
	"duong loi":            "policy",                    // đường lối
	"duong loi doi ngoai":  "foreign policy",            // đường lối đối ngoại
	"quan diem":            "viewpoint",                 // quan điểm
	"lap truong":           "position",                  // lập trường
	"y kien":               "opinions",                  // ý kiến
	"vai tro":              "role",                      // vai trò
	"vai tro trung tam":    "centrality",                // vai trò trung tâm
	"trung tam":            "central",                   // trung tâm
	"doan ket":             "solidarity",                // đoàn kết
	"dong thuan":           "consensus",                 // đồng thuận
	"thong nhat dat nuoc":  "reunification",             // thống nhất đất nước
	"khu vuc":              "region",                    // khu vực
	"toan cau":             "global",                    // toàn cầu
	"the gioi":             "world",                     // thế giới
	"lien minh":            "alliance",                  // liên minh
	"dong minh":            "ally",                      // đồng minh
	"lien ket":             "links",                     // liên kết
	"canh tranh":           "competition",               // cạnh tranh
	"cang thang":           "tensions",                  // căng thẳng
	"xung dot":             "conflicts",                 // xung đột
	"doi dau":              "confrontation",             // đối đầu
	"can bang":             "balance",                   // cân bằng
	"chon phe":             "taking sides",              // chọn phe
	"cuong quoc":           "major powers",              // cường quốc
	"sieu cuong":           "superpower",                // siêu cường
	"anh huong":            "influence",                 // ảnh hưởng
	"vi the":               "position",                  // vị thế
	"uy tin":               "prestige",                  // uy tín
	"tam nhin":             "vision",                    // tầm nhìn
	"dinh huong":           "orientations",              // định hướng
	"phuong huong":         "directions",                // phương hướng
	"chi dao":              "directions",                // chỉ đạo
	"muc tieu":             "goals",                     // mục tiêu
	"muc dich":             "goals",                     // mục đích
	"sang kien":            "initiatives",               // sáng kiến
	"chuong trinh":         "program",                   // chương trình
	"hoat dong":            "activities",                // hoạt động
	"su kien":              "event",                     // sự kiện
	"van de":               "issues",                    // vấn đề
	"thach thuc":           "challenges",                // thách thức
	"kho khan":             "difficulties",              // khó khăn
	"tro ngai":             "obstacles",                 // trở ngại
	"vuong mac":            "obstacles",                 // vướng mắc
	"rui ro":               "risks",                     // rủi ro
	"boi canh":             "context",                   // bối cảnh
	"tinh hinh":            "situation",                 // tình hình
	"hoan canh":            "circumstances",             // hoàn cảnh
	"thuc te":              "reality",                   // thực tế
	"thuc tien":            "reality",                   // thực tiễn
	"phuc tap":             "complex",                   // phức tạp

	// Politics, institutions and offices.
	"chinh tri":            "political",                        // chính trị
	"he thong chinh tri":   "political system",                 // hệ thống chính trị
	"the che":              "institutions",                     // thể chế
	"the che chinh tri":    "political institutions",           // thể chế chính trị
	"che do":               "system",                           // chế độ
	"che do chinh tri":     "political system",                 // chế độ chính trị
	"he thong":             "system",                           // hệ thống
	"dan chu":              "democracy",                        // dân chủ
	"xa hoi":               "social",                           // xã hội
	"xa hoi chu nghia":     "socialist",                        // xã hội chủ nghĩa
	"chu nghia xa hoi":     "socialism",                        // chủ nghĩa xã hội
	"chu nghia phat xit":   "fascism",                          // chủ nghĩa phát xít
	"doc lap dan toc":      "national independence",            // độc lập dân tộc
	"dan giau nuoc manh":   "prosperous people strong country", // dân giàu nước mạnh
	"van minh":             "civilization",                     // văn minh
	"cong bang":            "justice",                          // công bằng
	"binh dang":            "equality",                         // bình đẳng
	"nha nuoc":             "state",                            // nhà nước
	"chinh phu":            "government",                       // chính phủ
	"chinh quyen":          "administration",                   // chính quyền
	"chinh quyen my":       "US Administration",                // chính quyền mỹ
	"trung uong":           "central",                          // trung ương
	"uy ban":               "commission",                       // ủy ban
	"uy vien":              "member",                           // ủy viên
	"bo truong":            "minister",                         // bộ trưởng
	"bo truong ngoai giao": "foreign minister",                 // bộ trưởng ngoại giao
	"ngoai truong":         "secretary of state",               // ngoại trưởng
	"bo ngoai giao":        "foreign ministry",                 // bộ ngoại giao
	"bo quoc phong":        "defence ministry",                 // bộ quốc phòng
	"bo truong quoc phong": "defence secretary",                // bộ trưởng quốc phòng
	"thu truong":           "deputy minister",                  // thứ trưởng
	"pho thu tuong":        "deputy prime minister",            // phó thủ tướng
	"pho chu tich":         "vice president",                   // phó chủ tịch
	"dai su":               "ambassador",                       // đại sứ
	"dai su quan":          "embassy",                          // đại sứ quán
	"lanh su quan":         "consulate",                        // lãnh sự quán
	"nha ngoai giao":       "diplomats",                        // nhà ngoại giao
	"quan chuc":            "officials",                        // quan chức
	"can bo":               "officials",                        // cán bộ
	"chinh khach":          "politicians",                      // chính khách
	"chinh tri gia":        "politicians",                      // chính trị gia
	"nghi si":              "lawmakers",                        // nghị sĩ
	"thuong nghi si":       "senator",                          // thượng nghị sĩ
	"thuong vien":          "Senate",                           // thượng viện
	"ha vien":              "House of Representatives",         // hạ viện
	"quoc hoi my":          "US Congress",                      // quốc hội mỹ
	"quoc hoi us":          "US Congress",                      // quốc hội hoa kỳ
	"nghi vien":            "parliament",                       // nghị viện
	"bau cu":               "election",                         // bầu cử
	"tong tuyen cu":        "election",                         // tổng tuyển cử
	"dac cu":               "elected",                          // đắc cử
	"nguyen thu":           "head of state",                    // nguyên thủ
	"nguyen thu quoc gia":  "head of state",                    // nguyên thủ quốc gia
	"nguoi dung dau":       "head",                             // người đứng đầu
	"lanh tu":              "leader",                           // lãnh tụ
	"lanh dao cap cao":     "senior leaders",                   // lãnh đạo cấp cao
	"lanh dao chu chot":    "top leaders",                      // lãnh đạo chủ chốt
	"nguoi sang lap":       "founding father",                  // người sáng lập
	"nha sang lap":         "founding father",                  // nhà sáng lập
	"cha de":               "founding father",                  // cha đẻ
	"vi cha gia":           "founding father",                  // vị cha già
	"tong thong my":        "US President",                     // tổng thống mỹ
	"tong thong us":        "US President",                     // tổng thống hoa kỳ
	"cuu":                  "former",                           // cựu
	"nguyen tong thong":    "former president",                 // nguyên tổng thống
	"pho tong thong my":    "US Vice President",                // phó tổng thống mỹ
	"de nhat phu nhan":     "first lady",                       // đệ nhất phu nhân
	"phu nhan":             "wife",                             // phu nhân
	"nguoi phat ngon":      "spokesperson",                     // người phát ngôn
	"tu tuong":             "ideology",                         // tư tưởng
	"di chuc":              "testament",                        // di chúc
	"mong uoc":             "wish",                             // mong ước
	"nguyen vong":          "aspirations",                      // nguyện vọng
	"uoc nguyen":           "wish",                             // ước nguyện
	"tuyen ngon":           "declaration",                      // tuyên ngôn
	"dai hoi 13":           "13th Congress",                    // đại hội 13
	"dai hoi xiii":         "13th Congress",                    // đại hội xiii
	"nghi quyet":           "resolution",                       // nghị quyết
	"cong dan":             "citizens",                         // công dân
	"nhan dan":             "people",                           // nhân dân
	"nguoi dan":            "people",                           // người dân
	"con nguoi":            "people",                           // con người
	"dan toc":              "nation",                           // dân tộc
	"cong dong":            "community",                        // cộng đồng
	"cong hoa":             "republic",                         // cộng hòa
	"dai han dan quoc":     "Republic of Korea",                // đại hàn dân quốc

	// Economy, trade and investment.
	"nen kinh te":           "economy",               // nền kinh tế
	"kinh te thi truong":    "market economy",        // kinh tế thị trường
	"kinh te so":            "digital economy",       // kinh tế số
	"tang truong bao trum":  "inclusive growth",      // tăng trưởng bao trùm
	"bao trum":              "inclusive",             // bao trùm
	"xuat sieu":             "trade surplus",         // xuất siêu
	"thang du thuong mai":   "trade surplus",         // thặng dư thương mại
	"tham hut thuong mai":   "trade deficit",         // thâm hụt thương mại
	"tham hut":              "deficit",               // thâm hụt
	"thue":                  "taxes",                 // thuế
	"thue nhap khau":        "import tariffs",        // thuế nhập khẩu
	"hang hoa":              "goods",                 // hàng hóa
	"hang xuat khau":        "exports",               // hàng xuất khẩu
	"mat hang":              "products",              // mặt hàng
	"san pham":              "products",              // sản phẩm
	"det may":               "textiles",              // dệt may
	"nong san":              "farm products",         // nông sản
	"thuy san":              "seafood",               // thủy sản
	"do go":                 "furniture",             // đồ gỗ
	"may bay":               "aircraft",              // máy bay
	"may tinh":              "computers",             // máy tính
	"may moc":               "machinery",             // máy móc
	"dien thoai di dong":    "phones",                // điện thoại di động
	"thi truong xuat khau":  "export market",         // thị trường xuất khẩu
	"nha nhap khau":         "importer",              // nhà nhập khẩu
	"von dau tu":            "investment",            // vốn đầu tư
	"dong von":              "investment flows",      // dòng vốn
	"dau tu truc tiep":      "direct investment",     // đầu tư trực tiếp
	"dau tu nuoc ngoai":     "foreign investment",    // đầu tư nước ngoài
	"nuoc ngoai":            "foreign",               // nước ngoài
	"cong ty":               "businesses",            // công ty
	"tap doan":              "businesses",            // tập đoàn
	"doanh nhan":            "business leaders",      // doanh nhân
	"gioi doanh nghiep":     "business community",    // giới doanh nghiệp
	"hoi nghi dau tu":       "investment conference", // hội nghị đầu tư
	"kim ngach thuong mai":  "trade turnover",        // kim ngạch thương mại
	"kim ngach xuat khau":   "export turnover",       // kim ngạch xuất khẩu
	"kim ngach song phuong": "bilateral turnover",    // kim ngạch song phương
	"chuoi cung ung":        "supply chain",          // chuỗi cung ứng
	"cung ung":              "supply",                // cung ứng
	"khoang san":            "minerals",              // khoáng sản
	"dat hiem":              "rare earths",           // đất hiếm
	"dat nuoc":              "country",               // đất nước
	"ngan hang":             "banks",                 // ngân hàng
	"tai chinh":             "finance",               // tài chính
	"tien":                  "money",                 // tiền
	"gia ca":                "prices",                // giá cả
	"lam phat":              "inflation",             // lạm phát
	"viec lam":              "jobs",                  // việc làm
	"nguon nhan luc":        "workforce",             // nguồn nhân lực
	"nhan luc":              "workforce",             // nhân lực
	"du lich":               "tourism",               // du lịch
	"du khach":              "tourists",              // du khách
	"hang khong":            "aviation",              // hàng không
	"co so ha tang":         "infrastructure",        // cơ sở hạ tầng
	"ha tang":               "infrastructure",        // hạ tầng
	"cong nghiep dien tu":   "electronics industry",  // công nghiệp điện tử
	"nganh":                 "industry",              // ngành
	"nganh cong nghiep":     "industry",              // ngành công nghiệp
	"nganh dien tu":         "electronics industry",  // ngành điện tử
	"san xuat chip":         "chip manufacturing",    // sản xuất chip
	"chip":                  "chips",
	"vi mach":               "chips", // vi mạch

	// War legacies and humanitarian work.
	"di hai":              "remains",                // di hài
	"hai cot liet si":     "remains of soldiers",    // hài cốt liệt sĩ
	"liet si":             "fallen soldiers",        // liệt sĩ
	"quan nhan my":        "US soldiers",            // quân nhân mỹ
	"linh my":             "US soldiers",            // lính mỹ
	"chien si":            "soldiers",               // chiến sĩ
	"cuu chien binh":      "veterans",               // cựu chiến binh
	"cuu binh":            "veterans",               // cựu binh
	"nguoi my mat tich":   "missing Americans",      // người mỹ mất tích
	"quy tap":             "search",                 // quy tập
	"trao tra":            "repatriate",             // trao trả
	"dua ve nuoc":         "repatriate",             // đưa về nước
	"giam dinh":           "examining",              // giám định
	"xac dinh danh tinh":  "identify",               // xác định danh tính
	"xac dinh":            "identify",               // xác định
	"di san chien tranh":  "war legacies",           // di sản chiến tranh
	"di san":              "legacies",               // di sản
	"hau qua":             "consequences",           // hậu quả
	"chien tranh vietnam": "Vietnam War",            // chiến tranh việt nam
	"cuoc chien":          "war",                    // cuộc chiến
	"thoi chien":          "wartime",                // thời chiến
	"hau chien":           "post-war",               // hậu chiến
	"chat doc":            "toxic",                  // chất độc
	"chat doc hoa hoc":    "dioxin",                 // chất độc hóa học
	"hoa chat":            "chemical",               // hóa chất
	"nhiem doc":           "contaminated",           // nhiễm độc
	"o nhiem":             "contaminated",           // ô nhiễm
	"nhiem dioxin":        "dioxin-contaminated",    // nhiễm dioxin
	"tay doc dioxin":      "dioxin decontamination", // tẩy độc dioxin
	"lam sach":            "cleanup",                // làm sạch
	"nan nhan":            "victims",                // nạn nhân
	"khuyet tat":          "disabilities",           // khuyết tật
	"bom":                 "bombs",
	"min":                 "mines",                    // mìn
	"bom min sot lai":     "unexploded ordnance",      // bom mìn sót lại
	"vat lieu no":         "explosive ordnance",       // vật liệu nổ
	"ra pha":              "clearance",                // rà phá
	"ra pha bom":          "mine clearance",           // rà phá bom
	"nhan dao":            "humanitarian",             // nhân đạo
	"hop tac nhan dao":    "humanitarian cooperation", // hợp tác nhân đạo

	// Health, education, science and technology.
	"suc khoe":              "health",     // sức khỏe
	"cham soc suc khoe":     "healthcare", // chăm sóc sức khỏe
	"y khoa":                "medical",
	"benh":                  "disease",            // bệnh
	"dich benh":             "disease",            // dịch bệnh
	"phong chong dich benh": "disease prevention", // phòng chống dịch bệnh
	"phong ngua":            "prevention",         // phòng ngừa
	"phong chong":           "prevention",         // phòng chống
	"thiet bi y te":         "medical equipment",  // thiết bị y tế
	"thiet bi":              "equipment",          // thiết bị
	"vaccine":               "vaccines",
	"covid":                 "pandemic",
	"covid 19":              "pandemic",                   // covid-19
	"hau dai dich":          "post-pandemic",              // hậu đại dịch
	"phuc hoi":              "recovery",                   // phục hồi
	"benh vien":             "hospitals",                  // bệnh viện
	"bac si":                "doctors",                    // bác sĩ
	"hoc sinh":              "students",                   // học sinh
	"sinh vien":             "students",                   // sinh viên
	"du hoc":                "study abroad",               // du học
	"du hoc sinh":           "international students",     // du học sinh
	"truong dai hoc":        "university",                 // trường đại học
	"dai hoc":               "university",                 // đại học
	"hoc bong":              "scholarships",               // học bổng
	"nghien cuu":            "research",                   // nghiên cứu
	"khoa hoc ky thuat":     "scientific technological",   // khoa học kỹ thuật
	"ky thuat":              "technical",                  // kỹ thuật
	"cong nghe cao":         "high technology",            // công nghệ cao
	"chuyen doi so":         "digital transformation",     // chuyển đổi số
	"ky thuat so":           "digital",                    // kỹ thuật số
	"so hoa":                "digitalisation",             // số hóa
	"an ninh mang":          "cybersecurity",              // an ninh mạng
	"khong gian mang":       "cyberspace",                 // không gian mạng
	"vien thong":            "telecommunications",         // viễn thông
	"hang khong vu tru":     "aerospace",                  // hàng không vũ trụ
	"vu tru":                "space",                      // vũ trụ
	"giao luu":              "exchanges",                  // giao lưu
	"giao luu nhan dan":     "people-to-people exchanges", // giao lưu nhân dân
	"van hoa":               "culture",                    // văn hóa
	"the thao":              "sports",                     // thể thao
	"ngon ngu":              "language",                   // ngôn ngữ

	// Energy, climate and environment.
	"nang luong tai tao":    "renewable energy",  // năng lượng tái tạo
	"nang luong xanh":       "clean energy",      // năng lượng xanh
	"chuyen doi nang luong": "energy transition", // chuyển đổi năng lượng
	"dien":                  "power",             // điện
	"dien gio":              "wind power",        // điện gió
	"dien mat troi":         "solar power",       // điện mặt trời
	"dien hat nhan":         "nuclear power",     // điện hạt nhân
	"hat nhan":              "nuclear",           // hạt nhân
	"dau khi":               "oil and gas",       // dầu khí
	"khi dot":               "gas",               // khí đốt
	"than da":               "coal",              // than đá
	"phat thai":             "emissions",         // phát thải
	"khi thai":              "emissions",         // khí thải
	"trung hoa carbon":      "carbon neutrality", // trung hòa carbon
	"thich ung":             "adaptation",        // thích ứng
	"moi truong":            "environmental",     // môi trường
	"tang truong xanh":      "green growth",      // tăng trưởng xanh
	"xanh":                  "green",
	"nuoc bien dang":        "sea level rise",    // nước biển dâng
	"thien tai":             "natural disasters", // thiên tai
	"an ninh luong thuc":    "food security",     // an ninh lương thực
	"luong thuc":            "food",              // lương thực
	"thuc pham":             "food",              // thực phẩm
	"nong nghiep":           "agriculture",       // nông nghiệp
	"song me kong":          "Mekong",            // sông mê kông
	"me kong":               "Mekong",            // mê kông

	// Defence, security and the sea.
	"quan su":            "military",              // quân sự
	"quan doi nhan dan":  "army",                  // quân đội nhân dân
	"an ninh quoc phong": "defence security",      // an ninh quốc phòng
	"hop tac quoc phong": "defence cooperation",   // hợp tác quốc phòng
	"hop tac an ninh":    "security cooperation",  // hợp tác an ninh
	"vu khi":             "weapons",               // vũ khí
	"ban vu khi":         "arms sales",            // bán vũ khí
	"mua vu khi":         "arms purchases",        // mua vũ khí
	"tau":                "ships",                 // tàu
	"tau chien":          "warships",              // tàu chiến
	"tau hai quan":       "navy ships",            // tàu hải quân
	"canh sat bien":      "coast guard",           // cảnh sát biển
	"tuan duyen":         "coast guard",           // tuần duyên
	"tau tuan duyen":     "coast guard ships",     // tàu tuần duyên
	"can cu quan su":     "military base",         // căn cứ quân sự
	"lien minh quan su":  "military alliance",     // liên minh quân sự
	"bien":               "sea",                   // biển
	"vung bien":          "waters",                // vùng biển
	"tren bien":          "at sea",                // trên biển
	"bien gioi":          "border",                // biên giới
	"lanh tho":           "territorial",           // lãnh thổ
	"lanh hai":           "territorial waters",    // lãnh hải
	"quan dao":           "archipelago",           // quần đảo
	"hoang sa":           "Paracel",               // hoàng sa
	"truong sa":          "Spratly",               // trường sa
	"dao":                "islands",               // đảo
	"tu do hang khong":   "freedom of overflight", // tự do hàng không
	"bay qua":            "overflight",
	"an ninh hang hai":   "maritime security",  // an ninh hàng hải
	"luat bien":          "law of the sea",     // luật biển
	"cong uoc":           "convention",         // công ước
	"cong uoc luat bien": "UNCLOS",             // công ước luật biển
	"quy tac ung xu":     "code of conduct",    // quy tắc ứng xử
	"ung xu":             "conduct",            // ứng xử
	"cac ben":            "parties",            // các bên
	"on dinh":            "stability",          // ổn định
	"thinh vuong":        "prosperity",         // thịnh vượng
	"phon vinh":          "prosperity",         // phồn vinh
	"hung thinh":         "prosperity",         // hưng thịnh
	"giau manh":          "prosperous",         // giàu mạnh
	"hung cuong":         "strong",             // hùng cường
	"an toan":            "safe",               // an toàn
	"rong mo":            "open",               // rộng mở
	"coi mo":             "open",               // cởi mở
	"hoi dong bao an":    "Security Council",   // hội đồng bảo an
	"khong thuong truc":  "non-permanent",      // không thường trực
	"thuong truc":        "permanent",          // thường trực
	"chu tich asean":     "ASEAN Chair",        // chủ tịch asean
	"an do duong":        "Indo-Pacific",       // ấn độ dương
	"thai binh duong":    "Pacific",            // thái bình dương
	"khuon kho kinh te":  "economic framework", // khuôn khổ kinh tế
	"tu do ton giao":     "religious freedom",  // tự do tôn giáo
	"ton giao":           "religion",           // tôn giáo

	// Places, countries and common abbreviations.
	"vn":                "Vietnam",
	"tt":                "President",
	"tbt":               "General Secretary",
	"ttg":               "Prime Minister",
	"qh":                "National Assembly",
	"lhq":               "United Nations",
	"nguoi vietnam":     "Vietnamese",           // người việt nam
	"nguoi my goc viet": "Vietnamese Americans", // người mỹ gốc việt
	"nguoi viet o my":   "Vietnamese Americans", // người việt ở mỹ
	"kieu bao":          "overseas Vietnamese",  // kiều bào
	"hoa thinh don":     "Washington",           // hoa thịnh đốn
	"bac kinh":          "Beijing",              // bắc kinh
	"vieng chan":        "Vientiane",            // viêng chăn
	"thai lan":          "Thailand",             // thái lan
	"singapo":           "Singapore",
	"philippin":         "Philippines",
	"mien dien":         "Myanmar",        // miến điện
	"trieu tien":        "North Korea",    // triều tiên
	"han":               "Korea",          // hàn
	"dai loan":          "Taiwan",         // đài loan
	"uc chau":           "Australia",      // úc châu
	"chau au":           "Europe",         // châu âu
	"lien minh chau au": "European Union", // liên minh châu âu
	"ucraina":           "Ukraine",
	"ukraina":           "Ukraine",
	"tho nhi ky":        "Turkey",        // thổ nhĩ kỳ
	"ha lan":            "Netherlands",   // hà lan
	"tay ban nha":       "Spain",         // tây ban nha
	"bo dao nha":        "Portugal",      // bồ đào nha
	"thuy si":           "Switzerland",   // thụy sĩ
	"chau a":            "Asia",          // châu á
	"chau my":           "Americas",      // châu mỹ
	"bac my":            "North America", // bắc mỹ
	"dong a":            "East Asia",     // đông á
	"trung dong":        "Middle East",   // trung đông
	"dong duong":        "Indochina",     // đông dương

	// More collision guards. "có hội đàm" is có + hội đàm, not cơ hội
	// (opportunity) + "đàm"; "đã cam kết" is đã + cam kết, not "da cam" (Agent
	// Orange) + "kết"; "ba lần" is three times, not Ba Lan (Poland), and "ai
	// cấp" is who granted, not Ai Cập (Egypt), so neither country is listed;
	// "tới nay" is to date, not tối nay (tonight); "đang là" is "is
	// currently", not Đảng (the Party). "Chính" is the prime minister's name
	// and "Võ" the president's, so bare "chinh" and "vo" are left alone.
	"co hoi dam":        "talks",            // có hội đàm
	"co hoi nghi":       "conference",       // có hội nghị
	"co hoi kien":       "met",              // có hội kiến
	"co hoi huong":      "repatriate",       // có hồi hương
	"co ban hanh":       "issued",           // có ban hành
	"cuoc hop bao":      "press conference", // cuộc họp báo
	"da cam ket":        "commitment",       // đã cam kết
	"da cam on":         "thanked",          // đã cảm ơn
	"da cam doan":       "pledged",          // đã cam đoan
	"ba lan":            "three times",      // ba lần
	"hai lan":           "two times",        // hai lần
	"nhieu lan":         "many times",       // nhiều lần
	"nguyen tac co ban": "basic principles", // nguyên tắc cơ bản
	"ve co ban":         "basically",        // về cơ bản
	"o nhiem ky":        "term",             // ở nhiệm kỳ
	"toi nay":           "to date",          // tới nay
	"dang la":           "currently",        // đang là
	"dang co":           "currently",        // đang có
	"tu ngay":           "from",             // từ ngày

	// Collisions: "đã nâng cấp" folds to "da nang cap", which opens with
	// the name Đà Nẵng (a longer glossary phrase wins over a name), and
	// joinCompounds joins "viet nam", so "viết năm nào" (written in what
	// year) arrives as "vietnam nao"; these keys undo that.
	"da nang cap": "upgrade",
	"da nang tam": "elevate",   // đã nâng tầm
	"da nang len": "upgrade",   // đã nâng lên
	"vietnam nao": "what year", // vietnam nào

	// More everyday words.
	"hieu qua":            "effective",  // hiệu quả
	"hieu luc":            "effect",     // hiệu lực
	"khau hieu":           "slogan",     // khẩu hiệu
	"dan dau":             "leading",    // dẫn đầu
	"dau tranh":           "struggle",   // đấu tranh
	"dau mo":              "oil",        // dầu mỏ
	"ngay cang":           "gradually",  // ngày càng
	"cang bien":           "ports",      // cảng biển
	"uu tien":             "priorities", // ưu tiên
	"tien toi":            "towards",    // tiến tới
	"cai thien":           "improving",  // cải thiện
	"dem lai":             "bring",      // đem lại
	"ngay sau khi":        "right after",
	"tiep theo":           "next",                   // tiếp theo
	"phu hop":             "consistent",             // phù hợp
	"dai dien":            "representative",         // đại diện
	"thay mat":            "behalf",                 // thay mặt
	"dien van":            "speech",                 // diễn văn
	"pho bien":            "common",                 // phổ biến
	"dien bien":           "developments",           // diễn biến
	"noi bo":              "internal",               // nội bộ
	"cong viec noi bo":    "internal affairs",       // công việc nội bộ
	"noi dung":            "contents",               // nội dung
	"noi tieng":           "famous",                 // nổi tiếng
	"noi dien ra":         "where",                  // nơi diễn ra
	"noi to chuc":         "where",                  // nơi tổ chức
	"phia bac":            "north",                  // phía bắc
	"han che":             "restrictions",           // hạn chế
	"dai han":             "long-term",              // dài hạn
	"lau dai":             "long-term",              // lâu dài
	"ngan han":            "short-term",             // ngắn hạn
	"thoi han":            "deadline",               // thời hạn
	"don phuong":          "unilateral",             // đơn phương
	"don gian":            "simple",                 // đơn giản
	"giam doc":            "director",               // giám đốc
	"giam sat":            "monitoring",             // giám sát
	"may tieng":           "how many hours",         // mấy tiếng
	"trang thiet bi":      "equipment",              // trang thiết bị
	"song cuu long":       "Mekong",                 // sông cửu long
	"dai chien":           "war",                    // đại chiến
	"the gioi thu hai":    "World War II",           // thế giới thứ hai
	"the chien":           "World War",              // thế chiến
	"the chien 2":         "World War II",           // thế chiến 2
	"chau a thai binh":    "Asia-Pacific",           // châu á thái bình
	"su dung":             "use",                    // sử dụng
	"ung dung":            "applications",           // ứng dụng
	"roi hanoi":           "left Hanoi",             // rời hà nội
	"roi vietnam":         "left Vietnam",           // rời việt nam
	"roi my":              "left US",                // rời mỹ
	"nha may":             "factories",              // nhà máy
	"phuong dien":         "aspects",                // phương diện
	"ngay ca":             "even",                   // ngay cả
	"quy mo":              "scale",                  // quy mô
	"cuoc hop bao chung":  "joint press conference", // cuộc họp báo chung
	"hai chieu":           "two-way",                // hai chiều
	"mot chieu":           "one-way",                // một chiều
	"nhieu chieu":         "multidimensional",       // nhiều chiều
	"chieu huong":         "direction",              // chiều hướng
	"trong dai chien":     "during",                 // trong đại chiến
	"cau":                 "part",                   // câu
	"cau noi":             "quote",                  // câu nói
	"cau hoi":             "question",               // câu hỏi
	"ton tai":             "",                       // tồn tại
	"dua tren":            "based",                  // dựa trên
	"dua vao":             "based",                  // dựa vào
	"gui":                 "sent",                   // gửi
	"vung":                "region",                 // vùng
	"vung lanh tho":       "territories",            // vùng lãnh thổ
	"trong asean":         "ASEAN",
	"trong lien hop quoc": "United Nations", // trong liên hợp quốc
	"qua":                 "",
	"sang":                "",
	"hoi":                 "ask",                        // hỏi
	"cho minh hoi":        "",                           // cho mình hỏi
	"di":                  "go",                         // đi
	"khoi xuong":          "proposing",                  // khởi xướng
	"y tuong":             "idea",                       // ý tưởng
	"day du":              "full",                       // đầy đủ
	"hoc hoi":             "learn",                      // học hỏi
	"tot":                 "good",                       // tốt
	"tot dep":             "good",                       // tốt đẹp
	"xau":                 "bad",                        // xấu
	"xau di":              "worse",                      // xấu đi
	"ra tuyen bo chung":   "issued joint statement",     // ra tuyên bố chung
	"trong cuoc goi":      "during phone call",          // trong cuộc gọi
	"trong cuoc chien":    "during the war",             // trong cuộc chiến
	"trong buoi toi":      "evening",                    // trong buổi tối
	"trong buoi chieu":    "afternoon",                  // trong buổi chiều
	"trong buoi sang":     "morning",                    // trong buổi sáng
	"trong nuoc nao":      "which countries",            // trong nước nào
	"tren bien dong":      "East Sea",                   // trên biển đông
	"vung bien dong":      "East Sea",                   // vùng biển đông
	"cuoc chien tranh":    "war",                        // cuộc chiến tranh
	"buoi chieu dai":      "banquet",                    // buổi chiêu đãi
	"dau":                 "",                           // đầu
	"cuoi":                "late",                       // cuối
	"sach":                "clean",                      // sạch
	"doc lap tu chu":      "independence self-reliance", // độc lập tự chủ
	"di san bay":          "airport",                    // đi sân bay
	"cach":                "way",                        // cách
	"cach day":            "ago",                        // cách đây
	"cach day bao lau":    "how long ago",               // cách đây bao lâu
	"cach mang":           "revolution",                 // cách mạng
	"khoi phuc":           "restore",                    // khôi phục
	"phan":                "part",                       // phần
	"phan mo dau":         "beginning",                  // phần mở đầu
	"phan doi":            "opposed",                    // phản đối
	"phan tich":           "analysis",                   // phân tích
	"xong":                "",
	"hoan thanh":          "completed",        // hoàn thành
	"cong cuoc":           "",                 // công cuộc
	"cai cach":            "reforms",          // cải cách
	"cam van":             "embargo",          // cấm vận
	"do bo":               "lifted",           // dỡ bỏ
	"dam phan":            "negotiations",     // đàm phán
	"thuong luong":        "negotiations",     // thương lượng
	"phe chuan":           "ratified",         // phê chuẩn
	"rut quan":            "troop withdrawal", // rút quân
	"tan cong":            "attack",           // tấn công
	"xam luoc":            "invasion",         // xâm lược
	"cuu tro":             "relief",           // cứu trợ
	"nguoi ti nan":        "refugees",         // người tị nạn
	"thuyen nhan":         "boat people",      // thuyền nhân
	"tau ngam":            "submarines",       // tàu ngầm
	"lien doanh":          "joint venture",    // liên doanh
	"trung phat":          "sanctions",        // trừng phạt
}
