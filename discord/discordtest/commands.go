package discordtest

import (
	"net/http"
	"strconv"
)

// commandScope returns the guild of a commands route, "" for global.
func commandScope(c *call) string {
	if len(c.params) > 1 {
		return c.params[1]
	}
	return ""
}

// checkApp rejects routes for another application.
func (s *Server) checkApp(appID string) (reply, bool) {
	if appID != s.opts.ApplicationID {
		return errMissingAccess(), false
	}
	return reply{}, true
}

// getCommands serves GET /applications/{app}[/guilds/{guild}]/commands.
func (s *Server) getCommands(c *call) reply {
	if r, good := s.checkApp(c.params[0]); !good {
		return r
	}
	list := s.world.commands[commandScope(c)]
	if list == nil {
		return ok([]any{})
	}
	return ok(list)
}

// putCommands serves the bulk overwrite: the scope's commands become
// exactly the given ones; a command keeps its ID when one with the same
// type and name existed.
func (s *Server) putCommands(c *call) reply {
	if r, good := s.checkApp(c.params[0]); !good {
		return r
	}
	var in []map[string]any
	if r, good := c.decode(&in); !good {
		return r
	}
	if errs := validateCommands(in); len(errs) > 0 {
		return invalidForm(errs)
	}
	scope := commandScope(c)
	old := map[string]string{}
	for _, cmd := range s.world.commands[scope] {
		old[commandKey(cmd)] = str(cmd["id"])
	}
	out := make([]map[string]any, len(in))
	for i, cmd := range in {
		out[i] = s.commandObject(cmd, scope, old[commandKey(cmd)])
	}
	s.world.commands[scope] = out
	return ok(out)
}

// postCommand serves create-or-update of one command: 201 when new, 200
// when a command with the same type and name was replaced.
func (s *Server) postCommand(c *call) reply {
	if r, good := s.checkApp(c.params[0]); !good {
		return r
	}
	var in map[string]any
	if r, good := c.decode(&in); !good {
		return r
	}
	if errs := validateCommand(in, nil); len(errs) > 0 {
		return invalidForm(errs)
	}
	scope := commandScope(c)
	list := s.world.commands[scope]
	for i, cmd := range list {
		if commandKey(cmd) == commandKey(in) {
			list[i] = s.commandObject(in, scope, str(cmd["id"]))
			return ok(list[i])
		}
	}
	obj := s.commandObject(in, scope, "")
	s.world.commands[scope] = append(list, obj)
	return reply{status: http.StatusCreated, body: obj}
}

// commandKey identifies a command within a scope.
func commandKey(cmd map[string]any) string {
	return strconv.Itoa(commandType(cmd)) + "/" + str(cmd["name"])
}

// commandObject is a stored command as Discord returns it: the submitted
// fields plus id, application_id, version and defaults.
func (s *Server) commandObject(in map[string]any, scope, id string) map[string]any {
	out := make(map[string]any, len(in)+8)
	for k, v := range in {
		out[k] = v
	}
	if id == "" {
		id = s.newID()
	}
	out["id"] = id
	out["application_id"] = s.opts.ApplicationID
	out["version"] = s.newID()
	out["type"] = commandType(in)
	defaults := map[string]any{
		"description":                "",
		"default_member_permissions": nil,
		"nsfw":                       false,
		"integration_types":          []int{0},
	}
	if scope != "" {
		out["guild_id"] = scope
	} else {
		defaults["dm_permission"] = true
	}
	for k, v := range defaults {
		if _, set := out[k]; !set {
			out[k] = v
		}
	}
	return out
}
