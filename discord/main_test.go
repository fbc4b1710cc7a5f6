package discord

import (
	"flag"
	"fmt"
	"log"
	"os"
	"testing"
	"time"

	"github.com/partnerbot/partnerbot/discord/internal/testrun"
)

func TestMain(m *testing.M) {
	flag.Parse()
	testrun.Parallel(16)
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
		if leaked := testrun.Leaked(3*time.Second, "bwmarrin/discordgo", "discordtest.(*", "partnerbot/discord.(*"); leaked != "" {
			fmt.Fprintf(os.Stderr, "goroutines left behind:\n%s\n", leaked)
			code = 1
		}
	}
	os.Exit(code)
}
