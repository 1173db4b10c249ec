//go:build unix

package main

import (
	"os/exec"
	"syscall"
)

var (
	terminateSignal = syscall.SIGTERM
	killSignal      = syscall.SIGKILL
)

// prepareChild puts the program in a process group of its own, led by it, so that the host can
// end the program and whatever it started with one signal.
func prepareChild(cmd *exec.Cmd) {
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	cmd.SysProcAttr.Setpgid = true
	setParentDeathSignal(cmd.SysProcAttr)
	// Cancelling the command's context (the engine gave up on Run) ends the whole group.
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
}

func signalGroup(group int, signal syscall.Signal) {
	_ = syscall.Kill(-group, signal)
}

// groupExists reports whether any process of the group is alive (or a zombie not yet reaped).
func groupExists(group int) bool {
	return syscall.Kill(-group, 0) == nil
}
