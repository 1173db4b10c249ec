package main

import (
	"os"
	"os/exec"
)

var (
	terminateSignal = os.Kill
	killSignal      = os.Kill
)

// prepareChild does nothing on Windows: there are no process groups to signal, and the program
// is ended by its process id alone.
func prepareChild(*exec.Cmd) {}

func signalGroup(processID int, _ os.Signal) {
	if process, err := os.FindProcess(processID); err == nil {
		_ = process.Kill()
	}
}

func groupExists(int) bool { return false }
