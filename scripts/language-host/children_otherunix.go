//go:build unix && !linux

package main

import "syscall"

// setParentDeathSignal does nothing where the kernel has no parent-death signal: the host's
// parent watchdog and its signal handlers end the program instead.
func setParentDeathSignal(*syscall.SysProcAttr) {}
