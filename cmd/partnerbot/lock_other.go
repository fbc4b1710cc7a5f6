//go:build !unix

package main

import "errors"

// errDataDirInUse means another serve holds the data directory's lock.
var errDataDirInUse = errors.New("data directory in use")

// lockDataDir does nothing where flock is missing: partnerbot's images
// and CI run on Linux.
func lockDataDir(string) (unlock func(), err error) { return func() {}, nil }
