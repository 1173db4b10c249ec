package main

import (
	"os"
	"time"
)

// exitCodeEngineLost is the host's exit code when it stopped because the engine that started it
// is gone; the dynamic provider uses the same code for the same reason.
const exitCodeEngineLost = 86

// parentCheckInterval is the pause between two looks at the host's parent.
const parentCheckInterval = 250 * time.Millisecond

// watchParent calls onLost, once, when the process that started the host (the `pulumi` CLI,
// which runs the engine) is gone: the kernel then hands the host to another parent. A CLI killed
// by SIGKILL cannot stop its plugins, and a host left running keeps its node program and that
// program's connections alive. Polling the parent id is used rather than a parent-death signal on
// the host itself, which would fire when the CLI's forking *thread* ends, not the CLI.
func watchParent(onLost func()) {
	parent := os.Getppid()
	go func() {
		for {
			time.Sleep(parentCheckInterval)
			if os.Getppid() != parent {
				onLost()
				return
			}
		}
	}()
}
