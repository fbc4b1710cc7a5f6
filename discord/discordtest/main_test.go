package discordtest_test

import (
	"flag"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/partnerbot/partnerbot/discord/internal/testrun"
)

func TestMain(m *testing.M) {
	flag.Parse()
	testrun.Parallel(32)
	code := m.Run()
	if code == 0 {
		if leaked := testrun.Leaked(2*time.Second, "bwmarrin/discordgo", "discordtest.(*"); leaked != "" {
			fmt.Fprintf(os.Stderr, "goroutines left behind by discordgo or discordtest:\n%s\n", leaked)
			code = 1
		}
	}
	os.Exit(code)
}
