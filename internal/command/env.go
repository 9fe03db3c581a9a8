package command

import (
	"encoding/json"
	"fmt"
	"os"
	"runtime"
	"strings"
)

// passed are the variables of this process's environment that every
// program iamgate runs gets, when they are set: what finding programs,
// files and the language need. Nothing else is passed unless named
// (Environ's inherit): not AWS credentials, not a CI's tokens.
var passed = []string{"PATH", "HOME", "TMPDIR", "LANG"}

// passedWindows are what a process needs on Windows besides.
var passedWindows = []string{
	"SYSTEMROOT", "SYSTEMDRIVE", "WINDIR", "COMSPEC", "PATHEXT", "TEMP", "TMP",
	"USERPROFILE", "APPDATA", "LOCALAPPDATA", "PROGRAMDATA", "PROGRAMFILES",
	"PROGRAMFILES(X86)", "PROGRAMW6432", "COMMONPROGRAMFILES", "NUMBER_OF_PROCESSORS",
	"PROCESSOR_ARCHITECTURE", "OS",
}

// MemorySize is the memory (in MB) AWS_LAMBDA_FUNCTION_MEMORY_SIZE tells:
// Lambda's default.
const MemorySize = 128

// Environ returns the environment of a Lambda authorizer's program: from
// this process's environment only PATH, HOME, TMPDIR and LANG (and on
// Windows what a process needs, such as SYSTEMROOT), and the variables
// inherit names; the variables Lambda sets for a function (named function;
// AWS_REGION is set from the event, see Spec.Authorize); then set
// ("NAME=VALUE"), which overrides them all. AWS credentials and tokens in
// this process's environment are passed only when inherit names them.
func Environ(function string, inherit, set []string) []string {
	names := passed
	if runtime.GOOS == "windows" {
		names = append(names[:len(names):len(names)], passedWindows...)
	}
	var env []string
	for _, name := range append(names[:len(names):len(names)], inherit...) {
		if v, ok := lookupEnv(name); ok {
			env = append(env, name+"="+v)
		}
	}
	env = append(env,
		"AWS_LAMBDA_FUNCTION_NAME="+function,
		"AWS_LAMBDA_FUNCTION_VERSION=$LATEST",
		fmt.Sprintf("AWS_LAMBDA_FUNCTION_MEMORY_SIZE=%d", MemorySize),
		"TZ=:UTC",
	)
	return append(env, set...)
}

// lookupEnv is os.LookupEnv, ignoring case on Windows as Windows does.
func lookupEnv(name string) (string, bool) {
	if runtime.GOOS != "windows" {
		return os.LookupEnv(name)
	}
	for _, kv := range os.Environ() {
		if k, v, ok := strings.Cut(kv, "="); ok && k != "" && strings.EqualFold(k, name) {
			return v, true
		}
	}
	return "", false
}

// CheckName checks a variable name given to inherit.
func CheckName(name string) error {
	switch {
	case name == "":
		return fmt.Errorf("the variable name is empty")
	case strings.ContainsAny(name, "=\x00"):
		return fmt.Errorf("%q is not a variable name (it contains = or NUL)", name)
	}
	return nil
}

// withRegion puts AWS_REGION and AWS_DEFAULT_REGION, the region of the
// event's method ARN, first in env (so that a variable set after them
// wins), as Lambda sets them for a function of the API's region. env is
// returned as it is when it is nil (this process's environment) or the
// event names no region.
func withRegion(env []string, event []byte) []string {
	if env == nil {
		return nil
	}
	var ev struct {
		MethodARN string `json:"methodArn"`
	}
	if json.Unmarshal(event, &ev) != nil {
		return env
	}
	// arn:PARTITION:execute-api:REGION:ACCOUNT:API/...
	parts := strings.SplitN(ev.MethodARN, ":", 5)
	if len(parts) < 5 || parts[0] != "arn" || parts[3] == "" {
		return env
	}
	region := parts[3]
	return append([]string{"AWS_REGION=" + region, "AWS_DEFAULT_REGION=" + region}, env...)
}
