package main

import "syscall"

// setParentDeathSignal has the kernel SIGKILL the program when the host dies, even by SIGKILL,
// when nothing in the host runs any more to end it. The signal fires when the *thread* that
// started the program exits, not the process: Run keeps its goroutine locked to that thread
// until the program has ended (see children.run), and a locked thread is neither reused nor retired.
func setParentDeathSignal(attributes *syscall.SysProcAttr) {
	attributes.Pdeathsig = syscall.SIGKILL
}
