package discord

import (
	"flag"
	"fmt"
	"log"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
)

// minParallel is how many tests may run at once unless -test.parallel is
// given: end-to-end tests mostly wait (discordgo sleeps a second in every
// Session.Close), so GOMAXPROCS would serialise them needlessly.
const minParallel = 16

func TestMain(m *testing.M) {
	flag.Parse()
	set := false
	flag.Visit(func(f *flag.Flag) { set = set || f.Name == "test.parallel" })
	if !set {
		if err := flag.Set("test.parallel", strconv.Itoa(minParallel)); err != nil {
			panic(err)
		}
	}
	// discordgo logs through the standard logger; the bot silences it,
	// and nothing at all may reach it.
	var std syncBuffer
	log.SetOutput(&std)
	code := m.Run()
	log.SetOutput(os.Stderr)
	if out := std.String(); code == 0 && out != "" {
		fmt.Fprintf(os.Stderr, "the standard logger was written to (discordgo not silenced?):\n%s\n", out)
		code = 1
	}
	if code == 0 {
		if leaked := leakedGoroutines(3 * time.Second); leaked != "" {
			fmt.Fprintf(os.Stderr, "goroutines left behind:\n%s\n", leaked)
			code = 1
		}
	}
	os.Exit(code)
}

// leakedGoroutines waits up to d for goroutines running this package's,
// discordgo's or the fake's code to end, and returns the stacks of those
// that remain.
func leakedGoroutines(d time.Duration) string {
	deadline := time.Now().Add(d)
	for {
		buf := make([]byte, 1<<20)
		buf = buf[:runtime.Stack(buf, true)]
		var leaked []string
		for _, g := range strings.Split(string(buf), "\n\n") {
			if strings.Contains(g, "leakedGoroutines") {
				continue
			}
			if strings.Contains(g, "bwmarrin/discordgo") || strings.Contains(g, "discordtest.(*") || strings.Contains(g, "partnerbot/discord.(*") {
				leaked = append(leaked, g)
			}
		}
		if len(leaked) == 0 || time.Now().After(deadline) {
			return strings.Join(leaked, "\n\n")
		}
		time.Sleep(20 * time.Millisecond)
	}
}
