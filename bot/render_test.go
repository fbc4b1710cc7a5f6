package bot

import (
	"os"

	"github.com/partnerbot/partnerbot"
)

func ExampleWriteText() {
	a := partnerbot.Answer{
		Text: "Economic cooperation has been a focal point, with bilateral trade turnover surpassing $123.86 billion in 2022. [1]",
		Mode: partnerbot.Extractive,
		Citations: []partnerbot.Citation{{
			DocID: "003_7d7682c6c64d5a91", ChunkID: "003_7d7682c6c64d5a91#03",
			Title: "Vietnam and the United States Forge Comprehensive Strategic Partnership",
			Quote: "bilateral trade turnover surpassing $123.86 billion in 2022",
		}, {
			DocID: "001_c8436e6c3965576a", ChunkID: "001_c8436e6c3965576a#26",
			Title: "Việt Nam, US upgrade ties", Outlet: "VNS", Date: "September 10",
			Quote: "with the latest addition of the US (2023)",
		}},
	}
	WriteText(os.Stdout, a)
	// Output:
	// Economic cooperation has been a focal point, with bilateral trade turnover surpassing $123.86 billion in 2022. [1]
	//
	// Sources:
	//   [1] Vietnam and the United States Forge Comprehensive Strategic Partnership — 003_7d7682c6c64d5a91 (passage 003_7d7682c6c64d5a91#03)
	//   [2] Việt Nam, US upgrade ties, VNS, September 10 — 001_c8436e6c3965576a (passage 001_c8436e6c3965576a#26)
	//
	// (extractive answer)
}

func ExampleWriteText_claims() {
	title := "Vietnam and the United States Forge Comprehensive Strategic Partnership"
	a := partnerbot.Answer{
		Text: "Trade passed $123.86 billion in 2022. [1] That was 11% more than the year before. [1] [2]",
		Mode: partnerbot.Generative,
		Citations: []partnerbot.Citation{
			{DocID: "003_7d7682c6c64d5a91", ChunkID: "003_7d7682c6c64d5a91#03", Title: title, Quote: "bilateral trade turnover surpassing $123.86 billion in 2022"},
			{DocID: "003_7d7682c6c64d5a91", ChunkID: "003_7d7682c6c64d5a91#03", Title: title, Quote: "marking an 11% increase from the previous year"},
		},
		Claims: []partnerbot.Claim{
			{Text: "Trade passed $123.86 billion in 2022.", Citations: []int{1}},
			{Text: "That was 11% more than the year before.", Citations: []int{1, 2}},
		},
	}
	WriteText(os.Stdout, a)
	// Output:
	// Trade passed $123.86 billion in 2022. [1]
	//     [1] “bilateral trade turnover surpassing $123.86 billion in 2022”
	//         — Vietnam and the United States Forge Comprehensive Strategic Partnership — 003_7d7682c6c64d5a91 (passage 003_7d7682c6c64d5a91#03)
	// That was 11% more than the year before. [1] [2]
	//     [2] “marking an 11% increase from the previous year”
	//         — Vietnam and the United States Forge Comprehensive Strategic Partnership — 003_7d7682c6c64d5a91 (passage 003_7d7682c6c64d5a91#03)
	//
	// (generative answer)
}
