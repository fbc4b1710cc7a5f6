package bot

import (
	"fmt"
	"strings"

	"github.com/partnerbot/partnerbot"
)

// messages are the words an answer adds around its quotes, by language.
type messages struct {
	decline       string
	closest       string
	partial       string
	differ        string
	differEvents  string
	differFigures string
	fallback      string
	cut           string
	replaced      string // the model's sentences were shown as it wrote, then could not be kept
	withdrawn     string // the model's sentences were shown as it wrote, then it declined
	revised       string // the model's sentences were shown as it wrote, and its answer differs
	unverified    string // the model answered, but nothing of it could be verified
}

var catalog = map[string]messages{
	"en": {
		decline:       "I couldn't find an answer to that in the articles I have.",
		closest:       "The closest articles are: %s.",
		partial:       "The articles don't answer every part of this question; the quotes above cover what they do.",
		differ:        "The articles differ here: %s.",
		differEvents:  "Read these together: %s.",
		differFigures: "%s says %s",
		fallback:      "(The language model was unavailable, so this answer is built from quotes.)",
		cut:           "(The language model's answer was cut off, so this answer is built from quotes.)",
		replaced:      "(The language model's answer could not be completed, so the sentences shown while it wrote are replaced by this answer built from quotes.)",
		withdrawn:     "(The language model found no answer in the articles after all, so the sentences shown while it wrote are withdrawn.)",
		revised:       "(The language model revised its answer after it began: some sentences shown while it wrote are not in this answer.)",
		unverified:    "(The language model's answer could not be checked against the articles, so this answer is built from quotes.)",
	},
	"vi": {
		decline:       "Tôi không tìm thấy câu trả lời cho câu hỏi này trong các bài báo hiện có.",
		closest:       "Các bài báo gần nhất: %s.",
		partial:       "Các bài báo không trả lời mọi phần của câu hỏi này; các trích dẫn trên là những gì có trong bài.",
		differ:        "Các bài báo đưa ra thông tin khác nhau: %s.",
		differEvents:  "Nên đọc các đoạn này cùng nhau: %s.",
		differFigures: "%s ghi %s",
		fallback:      "(Mô hình ngôn ngữ hiện không khả dụng, nên câu trả lời này được ghép từ các trích dẫn.)",
		cut:           "(Câu trả lời của mô hình ngôn ngữ bị ngắt giữa chừng, nên câu trả lời này được ghép từ các trích dẫn.)",
		replaced:      "(Mô hình ngôn ngữ không hoàn tất được câu trả lời, nên các câu hiện ra khi nó đang viết được thay bằng câu trả lời này, ghép từ các trích dẫn.)",
		withdrawn:     "(Cuối cùng mô hình ngôn ngữ không tìm thấy câu trả lời trong các bài báo, nên các câu hiện ra khi nó đang viết đã được rút lại.)",
		revised:       "(Mô hình ngôn ngữ đã sửa câu trả lời sau khi bắt đầu viết: một số câu hiện ra khi nó đang viết không có trong câu trả lời này.)",
		unverified:    "(Không thể đối chiếu câu trả lời của mô hình ngôn ngữ với các bài báo, nên câu trả lời này được ghép từ các trích dẫn.)",
	},
}

func msgs(lang string) messages {
	if m, ok := catalog[lang]; ok {
		return m
	}
	return catalog["en"]
}

// declineText is the whole reply when the articles do not answer.
func declineText(lang string, closest []partnerbot.Source) string {
	m := msgs(lang)
	if len(closest) == 0 {
		return m.decline
	}
	names := make([]string, len(closest))
	for i, s := range closest {
		names[i] = s.Title
		if s.Date != "" {
			names[i] += " (" + s.Date + ")"
		}
	}
	return m.decline + " " + fmt.Sprintf(m.closest, strings.Join(names, "; "))
}
