package main

import (
	"errors"
	"os/exec"
	"runtime"
	"sync"
	"time"
)

// errHostStopping refuses a program that would start while the host ends the others.
var errHostStopping = errors.New("the language host is stopping")

// childTerminationGrace is how long a node program gets between SIGTERM and SIGKILL when the
// host stops, so a program that handles SIGTERM can flush its output.
const childTerminationGrace = 2 * time.Second

// children are the node programs this host runs, each the leader of a process group of its own,
// so that ending one also ends whatever it started.
type children struct {
	mu      sync.Mutex
	groups  map[int]struct{}
	stopped bool
}

func newChildren() *children {
	return &children{groups: map[int]struct{}{}}
}

// run starts cmd as start does and waits for it. The goroutine stays on the thread that started
// the program until it ends: on Linux the program's parent-death signal is tied to that thread.
func (c *children) run(cmd *exec.Cmd) error {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	if err := c.start(cmd); err != nil {
		return err
	}
	return c.wait(cmd)
}

// start starts cmd in a process group of its own and remembers it until wait is called. Once the
// host is stopping it refuses, so no program starts after endAll has looked.
func (c *children) start(cmd *exec.Cmd) error {
	prepareChild(cmd)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.stopped {
		return errHostStopping
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	c.groups[cmd.Process.Pid] = struct{}{}
	return nil
}

// wait waits for a program started by start and forgets its group.
func (c *children) wait(cmd *exec.Cmd) error {
	err := cmd.Wait()
	c.mu.Lock()
	delete(c.groups, cmd.Process.Pid)
	c.mu.Unlock()
	return err
}

// endAll ends the process group of every running program: SIGTERM, then SIGKILL to the groups
// still alive after the grace. Nothing starts afterwards.
func (c *children) endAll() {
	c.mu.Lock()
	c.stopped = true
	groups := make([]int, 0, len(c.groups))
	for group := range c.groups {
		groups = append(groups, group)
	}
	c.mu.Unlock()
	for _, group := range groups {
		signalGroup(group, terminateSignal)
	}
	deadline := time.Now().Add(childTerminationGrace)
	for _, group := range groups {
		for groupExists(group) && time.Now().Before(deadline) {
			time.Sleep(50 * time.Millisecond)
		}
		if groupExists(group) {
			signalGroup(group, killSignal)
		}
	}
}
