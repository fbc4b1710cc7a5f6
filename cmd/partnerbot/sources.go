package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"text/tabwriter"

	"github.com/partnerbot/partnerbot/config"
)

// sourceInfo is one article, as the sources command lists it.
type sourceInfo struct {
	ID       string `json:"id"`
	Title    string `json:"title"`
	Outlet   string `json:"outlet,omitempty"`
	Date     string `json:"date,omitempty"`
	Language string `json:"language"`
	Passages int    `json:"passages"`
	File     string `json:"file"`
}

// sources lists the articles: ID, title, date and passage count.
func sources(_ context.Context, inv *config.Invocation, log *slog.Logger, stdout io.Writer) error {
	cp, _, err := loadCorpus(inv.Config, log, nil)
	if err != nil {
		return err
	}
	var list []sourceInfo
	for _, d := range cp.Documents() {
		list = append(list, sourceInfo{ID: d.ID, Title: d.Title, Outlet: d.Outlet, Date: d.Date,
			Language: d.Language, Passages: len(d.Passages), File: d.File})
	}
	if inv.JSON {
		return writeJSON(stdout, list)
	}
	tw := tabwriter.NewWriter(&plainText{w: stdout}, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tDATE\tPASSAGES\tTITLE")
	for _, s := range list {
		date := s.Date
		if date == "" {
			date = "-"
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%s\n", s.ID, date, s.Passages, s.Title)
	}
	return tw.Flush()
}
