// Package testrun holds what the Discord packages' TestMain functions share:
// how many tests run at once, and the check that no goroutine is left
// behind when they end.
package testrun

import (
	"flag"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// Parallel sets -test.parallel to n unless the command line gave it. The
// Discord tests mostly wait (discordgo sleeps a hard-coded second in every
// Session.Close), so GOMAXPROCS would serialise them needlessly. Call it
// from TestMain after flag.Parse.
func Parallel(n int) {
	set := false
	flag.Visit(func(f *flag.Flag) { set = set || f.Name == "test.parallel" })
	if !set {
		if err := flag.Set("test.parallel", strconv.Itoa(n)); err != nil {
			panic(err)
		}
	}
}

// Leaked waits up to d for the goroutines whose stacks mention one of
// markers to end, and returns the stacks of those that remain, "" when
// none does.
func Leaked(d time.Duration, markers ...string) string {
	deadline := time.Now().Add(d)
	for {
		buf := make([]byte, 1<<20)
		buf = buf[:runtime.Stack(buf, true)]
		var leaked []string
		for _, g := range strings.Split(string(buf), "\n\n") {
			if strings.Contains(g, "testrun.Leaked") {
				continue // the goroutine asking
			}
			for _, m := range markers {
				if strings.Contains(g, m) {
					leaked = append(leaked, g)
					break
				}
			}
		}
		if len(leaked) == 0 || time.Now().After(deadline) {
			return strings.Join(leaked, "\n\n")
		}
		time.Sleep(20 * time.Millisecond)
	}
}
