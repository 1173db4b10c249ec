// Command pulumi-language-nodejs is a small Node.js language host for the Pulumi engine.
//
// The official host is not published as a Go module that the module proxy serves, so this
// repository builds its own from the pulumirpc protocol in github.com/pulumi/pulumi/sdk/v3. It
// supports what running a Node.js Pulumi program needs: Handshake, GetPluginInfo,
// GetRequiredPlugins/Packages (none: dynamic providers need no plugin download), Run,
// InstallDependencies (npm install), About and GetProgramDependencies.
//
// Run starts `node [nodeargs] <@pulumi/pulumi>/cmd/run <flags> <entry point>` in the program
// directory, the same entry point the official host uses, so programs behave the same.
// Runtime options read from Pulumi.yaml: `nodeargs` (string) and `typescript` (bool, default
// true; when true the run script loads ts-node, as with the official host).
//
// The host does not outlive the engine: when it is told to stop (SIGINT, SIGTERM) or its parent,
// the `pulumi` CLI, is gone (even killed by SIGKILL), it ends the node programs it started, each
// in a process group of its own, and exits. On Linux a program also dies with the host itself.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/signal"
	"sync"
	"syscall"

	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
)

// version is reported through GetPluginInfo; set with -ldflags "-X main.version=...".
var version = "3.259.0"

func main() {
	// The engine passes its own address as the last positional argument; older engines also
	// pass -tracing and -root flags, which are accepted and ignored.
	flag.String("tracing", "", "tracing endpoint (ignored)")
	flag.String("root", "", "project root (ignored; the engine sends it with each request)")
	flag.Bool("typescript", true, "ignored; use the runtime option instead")
	flag.Parse()
	engineAddress := ""
	if args := flag.Args(); len(args) > 0 {
		engineAddress = args[len(args)-1]
	}

	cancel := make(chan bool)
	programs := newChildren()
	host := newLanguageHost(engineAddress, programs)
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Cancel: cancel,
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, host)
			return nil
		},
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-language-nodejs: could not start: %v\n", err)
		os.Exit(1)
	}

	// The engine reads the port from the first line of stdout.
	fmt.Printf("%d\n", handle.Port)

	// Told to stop: end the programs first, so that the graceful stop of the server, which waits
	// for Run to return, does not wait for them.
	var stopOnce sync.Once
	stop := func() {
		stopOnce.Do(func() {
			programs.endAll()
			close(cancel)
		})
	}
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, syscall.SIGINT, syscall.SIGTERM)
	go func() {
		<-signals
		stop()
	}()
	// Nobody is left to tell us to stop, nor to read what we would print (a write to the closed
	// pipe would end the host with SIGPIPE before it ended its programs).
	watchParent(func() {
		programs.endAll()
		os.Exit(exitCodeEngineLost)
	})

	if err := <-handle.Done; err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-language-nodejs: %v\n", err)
		os.Exit(1)
	}
}
