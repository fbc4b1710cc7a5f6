package discord

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/partnerbot/partnerbot"
)

// memState is an in-memory State for the handlers' tests: the real stores
// (SQLite, PostgreSQL) are tested against the same contract in store.
type memState struct {
	mu       sync.Mutex
	qs       []partnerbot.QuestionRecord // ID = index+1
	votes    map[int64]map[string]memVote
	channels map[string][]string
	rates    map[string]int
}

type memVote struct {
	vote int
	at   time.Time
}

func newMemState() *memState {
	return &memState{votes: map[int64]map[string]memVote{}, channels: map[string][]string{}, rates: map[string]int{}}
}

func (m *memState) Close() error { return nil }

func (m *memState) LogQuestion(_ context.Context, r partnerbot.QuestionRecord) (int64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	r.ID = int64(len(m.qs) + 1)
	m.qs = append(m.qs, r)
	return r.ID, nil
}

func (m *memState) Question(_ context.Context, id int64) (partnerbot.QuestionRecord, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if id < 1 || id > int64(len(m.qs)) {
		return partnerbot.QuestionRecord{}, fmt.Errorf("question %d: %w", id, partnerbot.ErrNotFound)
	}
	return m.qs[id-1], nil
}

func (m *memState) ThreadHistory(_ context.Context, threadID string, limit int) ([]partnerbot.Turn, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var turns []partnerbot.Turn
	for _, q := range m.qs {
		if threadID != "" && q.ThreadID == threadID {
			turns = append(turns, partnerbot.Turn{Question: q.Question, Answer: q.Answer})
		}
	}
	if limit < 1 {
		return nil, nil
	}
	return turns[max(0, len(turns)-limit):], nil
}

func (m *memState) SetThread(_ context.Context, id int64, threadID string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if id < 1 || id > int64(len(m.qs)) {
		return fmt.Errorf("set thread: %w", partnerbot.ErrNotFound)
	}
	m.qs[id-1].ThreadID = threadID
	return nil
}

func (m *memState) RecordFeedback(_ context.Context, id int64, user string, vote int, at time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if id < 1 || id > int64(len(m.qs)) {
		return fmt.Errorf("record feedback: %w", partnerbot.ErrNotFound)
	}
	if m.votes[id] == nil {
		m.votes[id] = map[string]memVote{}
	}
	m.votes[id][user] = memVote{vote, at}
	return nil
}

func (m *memState) RecentFeedback(_ context.Context, guildID, only string, limit int) ([]partnerbot.FeedbackItem, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var items []partnerbot.FeedbackItem
	for id, vs := range m.votes {
		q := m.qs[id-1]
		if q.GuildID != guildID {
			continue
		}
		it := partnerbot.FeedbackItem{Question: q}
		for _, v := range vs {
			if v.vote > 0 {
				it.Up++
			} else {
				it.Down++
			}
			if v.at.After(it.LastAt) {
				it.LastAt = v.at
			}
		}
		if only == partnerbot.FeedbackUp && it.Up == 0 || only == partnerbot.FeedbackDown && it.Down == 0 {
			continue
		}
		items = append(items, it)
	}
	slices.SortFunc(items, func(a, b partnerbot.FeedbackItem) int {
		return cmp.Or(b.LastAt.Compare(a.LastAt), cmp.Compare(b.Question.ID, a.Question.ID))
	})
	return items[:min(len(items), max(limit, 0))], nil
}

func (m *memState) AllowedChannels(_ context.Context, guildID string) ([]string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return slices.Clone(m.channels[guildID]), nil
}

func (m *memState) AllowChannel(_ context.Context, guildID, channelID string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if !slices.Contains(m.channels[guildID], channelID) {
		m.channels[guildID] = append(m.channels[guildID], channelID)
		slices.Sort(m.channels[guildID])
	}
	return nil
}

func (m *memState) DisallowChannel(_ context.Context, guildID, channelID string) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	k := slices.Index(m.channels[guildID], channelID)
	if k < 0 {
		return false, nil
	}
	m.channels[guildID] = slices.Delete(m.channels[guildID], k, k+1)
	return true, nil
}

func (m *memState) DisallowUnlessLast(_ context.Context, guildID, channelID string) (removed, last bool, err error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	k := slices.Index(m.channels[guildID], channelID)
	switch {
	case k < 0:
		return false, false, nil
	case len(m.channels[guildID]) == 1:
		return false, true, nil
	}
	m.channels[guildID] = slices.Delete(m.channels[guildID], k, k+1)
	return true, false, nil
}

func (m *memState) RatePerMinute(_ context.Context, guildID string) (int, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	n, ok := m.rates[guildID]
	return n, ok, nil
}

func (m *memState) SetRatePerMinute(_ context.Context, guildID string, n int) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.rates[guildID] = n
	return nil
}

// Stats counts questions, votes and cited sources; the latency
// percentiles are the store's to compute and are tested there.
func (m *memState) Stats(_ context.Context, guildID string, since time.Time) (partnerbot.Stats, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var st partnerbot.Stats
	for k, q := range m.qs {
		if q.GuildID != guildID || q.At.Before(since) {
			continue
		}
		st.Questions++
		for _, c := range q.Citations {
			k := slices.IndexFunc(st.TopSources, func(s partnerbot.SourceCount) bool { return s.DocID == c.DocID })
			if k < 0 {
				st.TopSources = append(st.TopSources, partnerbot.SourceCount{DocID: c.DocID, Title: c.Title})
				k = len(st.TopSources) - 1
			}
			st.TopSources[k].Count++
		}
		if q.Abstained {
			st.Abstained++
		}
		for _, v := range m.votes[int64(k+1)] {
			if v.vote > 0 {
				st.Up++
			} else {
				st.Down++
			}
		}
	}
	if st.Questions > 0 {
		st.AbstentionRate = float64(st.Abstained) / float64(st.Questions)
	}
	return st, nil
}
