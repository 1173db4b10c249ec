package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/emptypb"
)

// exitCodeAlreadyReported is the exit code @pulumi/pulumi's run script uses after it has
// logged a user-actionable error itself; the engine must not print a second, generic one.
const exitCodeAlreadyReported = 32

type languageHost struct {
	pulumirpc.UnimplementedLanguageRuntimeServer
	engineAddress string
	programs      *children
}

func newLanguageHost(engineAddress string, programs *children) *languageHost {
	return &languageHost{engineAddress: engineAddress, programs: programs}
}

func (h *languageHost) Handshake(
	_ context.Context, req *pulumirpc.LanguageHandshakeRequest,
) (*pulumirpc.LanguageHandshakeResponse, error) {
	h.engineAddress = req.GetEngineAddress()
	return &pulumirpc.LanguageHandshakeResponse{}, nil
}

func (h *languageHost) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: version}, nil
}

// GetRequiredPlugins reports none: programs using dynamic providers need no provider plugin,
// and plugins of other packages are installed on demand by the engine.
func (h *languageHost) GetRequiredPlugins(
	context.Context, *pulumirpc.GetRequiredPluginsRequest,
) (*pulumirpc.GetRequiredPluginsResponse, error) {
	return &pulumirpc.GetRequiredPluginsResponse{}, nil
}

func (h *languageHost) GetRequiredPackages(
	context.Context, *pulumirpc.GetRequiredPackagesRequest,
) (*pulumirpc.GetRequiredPackagesResponse, error) {
	return &pulumirpc.GetRequiredPackagesResponse{}, nil
}

func (h *languageHost) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	programDirectory, entryPoint := programLocation(req.GetInfo(), req.GetPwd(), req.GetProgram())
	runScript, err := findRunScript(programDirectory)
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	options := runtimeOptionsOf(req.GetInfo())

	args := append([]string{}, options.nodeArgs...)
	args = append(args, runScript,
		"--monitor="+req.GetMonitorAddress(),
		"--engine="+h.engineAddress,
		"--project="+req.GetProject(),
		"--stack="+req.GetStack(),
		"--organization="+req.GetOrganization(),
		"--pwd="+req.GetPwd(),
		"--root-directory="+req.GetInfo().GetRootDirectory(),
		"--parallel="+strconv.Itoa(int(req.GetParallel())),
	)
	if req.GetDryRun() {
		args = append(args, "--dry-run")
	}
	args = append(args, entryPoint)
	args = append(args, req.GetArgs()...)

	configValues := req.GetConfig()
	if configValues == nil {
		configValues = map[string]string{}
	}
	config, err := json.Marshal(configValues)
	if err != nil {
		return nil, fmt.Errorf("encoding config: %w", err)
	}
	secretKeys, err := json.Marshal(nonNil(req.GetConfigSecretKeys()))
	if err != nil {
		return nil, fmt.Errorf("encoding secret config keys: %w", err)
	}

	cmd := exec.CommandContext(ctx, "node", args...)
	cmd.Dir = programDirectory
	cmd.Stdout = os.Stdout
	cmd.Stderr = os.Stderr
	cmd.Env = append(os.Environ(),
		"PULUMI_CONFIG="+string(config),
		"PULUMI_CONFIG_SECRET_KEYS="+string(secretKeys),
		"PULUMI_NODEJS_TYPESCRIPT="+strconv.FormatBool(options.typeScript),
	)
	if err := h.programs.run(cmd); err != nil {
		var exitErr *exec.ExitError
		if errors.As(err, &exitErr) {
			if exitErr.ExitCode() == exitCodeAlreadyReported {
				return &pulumirpc.RunResponse{Bail: true}, nil
			}
			return &pulumirpc.RunResponse{
				Error: fmt.Sprintf("program exited with non-zero exit code: %d", exitErr.ExitCode()),
			}, nil
		}
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("could not start node: %v", err)}, nil
	}
	return &pulumirpc.RunResponse{}, nil
}

// InstallDependencies runs `npm install` in the program directory, streaming its output.
func (h *languageHost) InstallDependencies(
	req *pulumirpc.InstallDependenciesRequest,
	server grpc.ServerStreamingServer[pulumirpc.InstallDependenciesResponse],
) error {
	directory, _ := programLocation(req.GetInfo(), req.GetDirectory(), "")
	cmd := exec.CommandContext(server.Context(), "npm", "install")
	cmd.Dir = directory
	output, err := cmd.CombinedOutput()
	if sendErr := server.Send(&pulumirpc.InstallDependenciesResponse{Stdout: output}); sendErr != nil {
		return sendErr
	}
	if err != nil {
		return fmt.Errorf("npm install in %s: %w", directory, err)
	}
	return nil
}

func (h *languageHost) About(context.Context, *pulumirpc.AboutRequest) (*pulumirpc.AboutResponse, error) {
	executable, err := exec.LookPath("node")
	if err != nil {
		return nil, fmt.Errorf("node not found on PATH: %w", err)
	}
	out, err := exec.Command(executable, "--version").Output()
	if err != nil {
		return nil, fmt.Errorf("node --version: %w", err)
	}
	return &pulumirpc.AboutResponse{
		Executable: executable,
		Version:    strings.TrimPrefix(strings.TrimSpace(string(out)), "v"),
	}, nil
}

// GetProgramDependencies lists the direct dependencies declared in the program's package.json.
func (h *languageHost) GetProgramDependencies(
	_ context.Context, req *pulumirpc.GetProgramDependenciesRequest,
) (*pulumirpc.GetProgramDependenciesResponse, error) {
	directory, _ := programLocation(req.GetInfo(), req.GetPwd(), req.GetProgram())
	data, err := os.ReadFile(filepath.Join(directory, "package.json"))
	if err != nil {
		return nil, fmt.Errorf("reading package.json: %w", err)
	}
	var manifest struct {
		Dependencies    map[string]string `json:"dependencies"`
		DevDependencies map[string]string `json:"devDependencies"`
	}
	if err := json.Unmarshal(data, &manifest); err != nil {
		return nil, fmt.Errorf("parsing package.json: %w", err)
	}
	var dependencies []*pulumirpc.DependencyInfo
	for _, group := range []map[string]string{manifest.Dependencies, manifest.DevDependencies} {
		for name, versionRange := range group {
			dependencies = append(dependencies, &pulumirpc.DependencyInfo{Name: name, Version: versionRange})
		}
	}
	return &pulumirpc.GetProgramDependenciesResponse{Dependencies: dependencies}, nil
}

type runtimeOptions struct {
	nodeArgs   []string
	typeScript bool
}

func runtimeOptionsOf(info *pulumirpc.ProgramInfo) runtimeOptions {
	options := runtimeOptions{typeScript: true}
	fields := info.GetOptions().GetFields()
	if value, ok := fields["typescript"]; ok {
		options.typeScript = value.GetBoolValue()
	}
	if value, ok := fields["nodeargs"]; ok {
		options.nodeArgs = strings.Fields(value.GetStringValue())
	}
	return options
}

// programLocation returns the program directory and its entry point, preferring the structured
// ProgramInfo that current engines send over the deprecated fields.
func programLocation(info *pulumirpc.ProgramInfo, pwd, program string) (string, string) {
	directory := info.GetProgramDirectory()
	if directory == "" {
		directory = pwd
	}
	entryPoint := info.GetEntryPoint()
	if entryPoint == "" {
		entryPoint = program
	}
	if entryPoint == "" {
		entryPoint = "."
	}
	return directory, entryPoint
}

// findRunScript locates @pulumi/pulumi's program runner the way Node resolves packages: in
// node_modules of the program directory or of any directory above it.
func findRunScript(programDirectory string) (string, error) {
	directory := programDirectory
	for {
		candidate := filepath.Join(directory, "node_modules", "@pulumi", "pulumi", "cmd", "run")
		if _, err := os.Stat(filepath.Join(candidate, "index.js")); err == nil {
			return candidate, nil
		}
		parent := filepath.Dir(directory)
		if parent == directory {
			return "", fmt.Errorf(
				"could not find @pulumi/pulumi in node_modules of %s or above: run `npm install` there",
				programDirectory)
		}
		directory = parent
	}
}

func nonNil(values []string) []string {
	if values == nil {
		return []string{}
	}
	return values
}
