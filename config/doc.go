// Package config owns partnerbot's settings: one typed Config, loaded from
// defaults, then a YAML config file, then the environment, then command-line
// flags, each overriding the last; its validation, with errors that name the
// setting and the fix; and its redacted printing. It is the only package
// that reads the environment, files of settings, or flags.
package config
