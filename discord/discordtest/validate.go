package discordtest

import (
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Discord's documented limits, checked on what the bot sends. Lengths are
// counted in Unicode code points.
const (
	maxContent         = 2000
	maxEmbeds          = 10
	maxEmbedTotal      = 6000
	maxEmbedTitle      = 256
	maxEmbedDesc       = 4096
	maxEmbedFields     = 25
	maxFieldName       = 256
	maxFieldValue      = 1024
	maxFooterText      = 2048
	maxAuthorName      = 256
	maxActionRows      = 5
	maxRowComponents   = 5
	maxCustomID        = 100
	maxButtonLabel     = 80
	maxChoices         = 25
	maxChoiceName      = 100
	maxChoiceValue     = 100
	maxThreadName      = 100
	maxModalTitle      = 45
	maxCommands        = 100
	maxCommandName     = 32
	maxCommandDesc     = 100
	maxCommandOptions  = 25
	flagComponentsV2   = 1 << 15
	flagEphemeral      = 1 << 6
	flagLoading        = 1 << 7
	flagHasThread      = 1 << 5
	codeInvalidForm    = 50035
	codeEmptyMessage   = 50006
	codeInvalidJSON    = 50109
	codeUnknownMessage = 10008
)

// formErr is one entry of an Invalid Form Body error.
type formErr struct {
	path          []string
	code, message string
}

// fieldPath joins a prefix and more path elements into a new slice.
func fieldPath(prefix []string, more ...string) []string {
	return append(append([]string(nil), prefix...), more...)
}

// tooLong reports a BASE_TYPE_MAX_LENGTH error at path.
func tooLong(path []string, max int) formErr {
	return formErr{path, "BASE_TYPE_MAX_LENGTH", "Must be " + strconv.Itoa(max) + " or fewer in length."}
}

// badLength reports a BASE_TYPE_BAD_LENGTH error at path.
func badLength(path []string, min, max int) formErr {
	return formErr{path, "BASE_TYPE_BAD_LENGTH", "Must be between " + strconv.Itoa(min) + " and " + strconv.Itoa(max) + " in length."}
}

// required reports a BASE_TYPE_REQUIRED error at path.
func required(path []string) formErr {
	return formErr{path, "BASE_TYPE_REQUIRED", "This field is required"}
}

// invalidForm is Discord's 400 Invalid Form Body reply for errs.
func invalidForm(errs []formErr) reply {
	root := map[string]any{}
	for _, e := range errs {
		node := root
		for _, p := range e.path {
			next, ok := node[p].(map[string]any)
			if !ok {
				next = map[string]any{}
				node[p] = next
			}
			node = next
		}
		list, _ := node["_errors"].([]any)
		node["_errors"] = append(list, map[string]any{"code": e.code, "message": e.message})
	}
	return reply{status: http.StatusBadRequest, body: map[string]any{"code": codeInvalidForm, "errors": root, "message": "Invalid Form Body"}}
}

// runes counts code points.
func runes(s string) int { return utf8.RuneCountInString(s) }

// maxLen appends a too-long error when v is a string longer than max.
func maxLen(errs []formErr, path []string, v any, max int) []formErr {
	if runes(str(v)) > max {
		errs = append(errs, tooLong(path, max))
	}
	return errs
}

// validateMessage checks a message payload (create or edit) at prefix.
func validateMessage(p map[string]any, prefix []string) []formErr {
	errs := maxLen(nil, fieldPath(prefix, "content"), p["content"], maxContent)
	errs = append(errs, validateEmbeds(p["embeds"], fieldPath(prefix, "embeds"))...)
	if num(p["flags"])&flagComponentsV2 == 0 {
		errs = append(errs, validateComponents(p["components"], fieldPath(prefix, "components"))...)
	}
	return errs
}

// isEmptyMessage reports whether a new message would have nothing to show.
func isEmptyMessage(p map[string]any, files int) bool {
	if strings.TrimSpace(str(p["content"])) != "" || files > 0 || p["poll"] != nil {
		return false
	}
	for _, k := range []string{"embeds", "components", "sticker_ids", "attachments"} {
		if l, _ := p[k].([]any); len(l) > 0 {
			return false
		}
	}
	return true
}

// validateEmbeds checks embed counts and lengths.
func validateEmbeds(v any, path []string) []formErr {
	embeds, _ := v.([]any)
	var errs []formErr
	if len(embeds) > maxEmbeds {
		errs = append(errs, tooLong(path, maxEmbeds))
	}
	total := 0
	for i, e := range embeds {
		em, _ := e.(map[string]any)
		n, es := validateEmbed(em, fieldPath(path, strconv.Itoa(i)))
		total += n
		errs = append(errs, es...)
	}
	if total > maxEmbedTotal {
		errs = append(errs, formErr{path, "MAX_EMBED_SIZE_EXCEEDED", "Embed size exceeds maximum size of " + strconv.Itoa(maxEmbedTotal)})
	}
	return errs
}

// validateEmbed checks one embed and returns its character count.
func validateEmbed(em map[string]any, path []string) (int, []formErr) {
	footer, _ := em["footer"].(map[string]any)
	author, _ := em["author"].(map[string]any)
	errs := maxLen(nil, fieldPath(path, "title"), em["title"], maxEmbedTitle)
	errs = maxLen(errs, fieldPath(path, "description"), em["description"], maxEmbedDesc)
	errs = maxLen(errs, fieldPath(path, "footer", "text"), footer["text"], maxFooterText)
	errs = maxLen(errs, fieldPath(path, "author", "name"), author["name"], maxAuthorName)
	total := runes(str(em["title"])) + runes(str(em["description"])) + runes(str(footer["text"])) + runes(str(author["name"]))
	fields, _ := em["fields"].([]any)
	if len(fields) > maxEmbedFields {
		errs = append(errs, tooLong(fieldPath(path, "fields"), maxEmbedFields))
	}
	for i, f := range fields {
		fm, _ := f.(map[string]any)
		fp := fieldPath(path, "fields", strconv.Itoa(i))
		for _, k := range []string{"name", "value"} {
			if str(fm[k]) == "" {
				errs = append(errs, required(fieldPath(fp, k)))
			}
		}
		errs = maxLen(errs, fieldPath(fp, "name"), fm["name"], maxFieldName)
		errs = maxLen(errs, fieldPath(fp, "value"), fm["value"], maxFieldValue)
		total += runes(str(fm["name"])) + runes(str(fm["value"]))
	}
	return total, errs
}

// validateComponents checks action rows and their buttons and menus.
func validateComponents(v any, path []string) []formErr {
	rows, _ := v.([]any)
	var errs []formErr
	if len(rows) > maxActionRows {
		errs = append(errs, tooLong(path, maxActionRows))
	}
	for i, r := range rows {
		row, _ := r.(map[string]any)
		rp := fieldPath(path, strconv.Itoa(i), "components")
		items, _ := row["components"].([]any)
		if len(items) > maxRowComponents {
			errs = append(errs, tooLong(rp, maxRowComponents))
		}
		for j, it := range items {
			c, _ := it.(map[string]any)
			cp := fieldPath(rp, strconv.Itoa(j))
			errs = maxLen(errs, fieldPath(cp, "custom_id"), c["custom_id"], maxCustomID)
			errs = maxLen(errs, fieldPath(cp, "label"), c["label"], maxButtonLabel)
		}
	}
	return errs
}

// validateChoices checks an autocomplete result (callback type 8).
func validateChoices(data map[string]any, prefix []string) []formErr {
	choices, _ := data["choices"].([]any)
	path := fieldPath(prefix, "choices")
	var errs []formErr
	if len(choices) > maxChoices {
		errs = append(errs, tooLong(path, maxChoices))
	}
	for i, c := range choices {
		cm, _ := c.(map[string]any)
		cp := fieldPath(path, strconv.Itoa(i))
		if n := runes(str(cm["name"])); n < 1 || n > maxChoiceName {
			errs = append(errs, badLength(fieldPath(cp, "name"), 1, maxChoiceName))
		}
		errs = maxLen(errs, fieldPath(cp, "value"), cm["value"], maxChoiceValue)
	}
	return errs
}

// validateModal checks a modal (callback type 9).
func validateModal(data map[string]any, prefix []string) []formErr {
	var errs []formErr
	if n := runes(str(data["title"])); n < 1 || n > maxModalTitle {
		errs = append(errs, badLength(fieldPath(prefix, "title"), 1, maxModalTitle))
	}
	if n := runes(str(data["custom_id"])); n < 1 || n > maxCustomID {
		errs = append(errs, badLength(fieldPath(prefix, "custom_id"), 1, maxCustomID))
	}
	if rows, _ := data["components"].([]any); len(rows) < 1 || len(rows) > maxActionRows {
		errs = append(errs, badLength(fieldPath(prefix, "components"), 1, maxActionRows))
	}
	return errs
}

// validateThread checks a thread's name and auto-archive duration.
func validateThread(p map[string]any) []formErr {
	var errs []formErr
	if n := runes(str(p["name"])); n < 1 || n > maxThreadName {
		errs = append(errs, badLength([]string{"name"}, 1, maxThreadName))
	}
	switch num(p["auto_archive_duration"]) {
	case 0, 60, 1440, 4320, 10080:
	default:
		errs = append(errs, formErr{[]string{"auto_archive_duration"}, "BASE_TYPE_CHOICES", "Value must be one of {60, 1440, 4320, 10080}."})
	}
	return errs
}

// commandName is Discord's pattern for CHAT_INPUT command and option names.
var commandName = regexp.MustCompile(`^[-_'\p{L}\p{N}\p{Devanagari}\p{Thai}]{1,32}$`)

// validateCommands checks a bulk overwrite of application commands.
func validateCommands(cmds []map[string]any) []formErr {
	var errs []formErr
	if len(cmds) > maxCommands {
		errs = append(errs, tooLong(nil, maxCommands))
	}
	seen := map[string]bool{}
	for i, c := range cmds {
		path := []string{strconv.Itoa(i)}
		errs = append(errs, validateCommand(c, path)...)
		key := strconv.Itoa(commandType(c)) + "/" + str(c["name"])
		if seen[key] {
			errs = append(errs, formErr{fieldPath(path, "name"), "APPLICATION_COMMANDS_DUPLICATE_NAME", "Application command names must be unique"})
		}
		seen[key] = true
	}
	return errs
}

// commandType returns a command's type, 1 (CHAT_INPUT) by default.
func commandType(c map[string]any) int {
	if t := num(c["type"]); t != 0 {
		return t
	}
	return 1
}

// validateCommand checks one command's name, description and options.
func validateCommand(c map[string]any, path []string) []formErr {
	if commandType(c) != 1 {
		if n := runes(str(c["name"])); n < 1 || n > maxCommandName {
			return []formErr{badLength(fieldPath(path, "name"), 1, maxCommandName)}
		}
		return nil
	}
	return validateNamed(c, path, "APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid")
}

// validateNamed checks a CHAT_INPUT command or option and its sub-options.
func validateNamed(c map[string]any, path []string, code, msg string) []formErr {
	var errs []formErr
	name := str(c["name"])
	if !commandName.MatchString(name) || name != strings.ToLower(name) {
		errs = append(errs, formErr{fieldPath(path, "name"), code, msg})
	}
	if n := runes(str(c["description"])); n < 1 || n > maxCommandDesc {
		errs = append(errs, badLength(fieldPath(path, "description"), 1, maxCommandDesc))
	}
	if choices, _ := c["choices"].([]any); len(choices) > maxChoices {
		errs = append(errs, tooLong(fieldPath(path, "choices"), maxChoices))
	}
	opts, _ := c["options"].([]any)
	if len(opts) > maxCommandOptions {
		errs = append(errs, tooLong(fieldPath(path, "options"), maxCommandOptions))
	}
	for i, o := range opts {
		om, _ := o.(map[string]any)
		errs = append(errs, validateNamed(om, fieldPath(path, "options", strconv.Itoa(i)), "APPLICATION_COMMAND_OPTION_INVALID_NAME", "Option name is invalid")...)
	}
	return errs
}
