// Package fakeauthz is a Lambda authorizer for tests of command
// authorizers: a test binary whose TestMain calls Main when Env is set
// behaves as the authorizer its first argument names, reading the event on
// standard input as iamgate's suites send it.
package fakeauthz

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// Env is the environment variable that makes a test binary an authorizer.
const Env = "IAMGATE_TEST_AUTHORIZER"

// Main runs the authorizer named by args[0] and returns its exit status:
//
//	method-arn-only   allows event.methodArn only (the caching trap)
//	stage             allows every method of the stage prod
//	deny              denies every method of the stage prod
//	echo              allows the stage, and writes the event to stderr
//	env               allows the stage, and writes its environment to stderr
//	unauthorized      raises "Unauthorized" (Lambda's error object)
//	unauthorized-text raises "Unauthorized" (the text on stdout)
//	unauthorized-spaces raises "  Unauthorized  " (not exactly Unauthorized)
//	unauthorized-exit-0 writes Lambda's error object but exits 0
//	throw             raises "Unauthorized: token expired"
//	crash             writes a panic to stderr and exits 2, nothing on stdout
//	not-json          writes HTML
//	proxy             returns a Lambda proxy response
//	sleep             sleeps a minute before allowing
//	source-ip         allows the stage from 192.0.2.0/24 only
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprintln(stderr, "fakeauthz: name a behaviour")
		return 4
	}
	data, _ := io.ReadAll(stdin)
	var ev struct {
		MethodARN string `json:"methodArn"`
	}
	if err := json.Unmarshal(data, &ev); err != nil || !strings.Contains(ev.MethodARN, "/") {
		fmt.Fprintln(stderr, "fakeauthz: bad event:", err)
		return 3
	}
	arn := ev.MethodARN
	stage := arn[:strings.Index(arn, "/")] + "/prod/*"
	policy := func(effect, resource, condition string) string {
		return fmt.Sprintf(`{"principalId":"user-1","policyDocument":{"Version":"2012-10-17","Statement":[{"Effect":%q,"Action":"execute-api:Invoke","Resource":%q%s}]}}`, effect, resource, condition)
	}
	switch args[0] {
	case "method-arn-only":
		fmt.Fprint(stdout, policy("Allow", arn, ""))
	case "stage":
		fmt.Fprint(stdout, policy("Allow", stage, ""))
	case "deny":
		fmt.Fprint(stdout, policy("Deny", stage, ""))
	case "echo":
		stderr.Write(data)
		fmt.Fprint(stdout, policy("Allow", stage, ""))
	case "env":
		for _, kv := range os.Environ() {
			fmt.Fprintln(stderr, kv)
		}
		fmt.Fprint(stdout, policy("Allow", stage, ""))
	case "unauthorized":
		fmt.Fprint(stdout, `{"errorMessage":"Unauthorized","errorType":"Error"}`)
		return 1
	case "unauthorized-text":
		fmt.Fprint(stdout, "Unauthorized\n")
		return 1
	case "unauthorized-spaces":
		fmt.Fprint(stdout, "  Unauthorized  \n")
		return 1
	case "unauthorized-exit-0":
		fmt.Fprint(stdout, `{"errorMessage":"Unauthorized","errorType":"Error"}`)
	case "throw":
		fmt.Fprint(stdout, `{"errorMessage":"Unauthorized: token expired","errorType":"Error"}`)
		return 1
	case "crash":
		fmt.Fprintln(stderr, "panic: runtime error: index out of range [3] with length 3")
		return 2
	case "not-json":
		fmt.Fprint(stdout, "<html>oops</html>")
	case "proxy":
		fmt.Fprint(stdout, `{"statusCode":200,"body":"ok"}`)
	case "sleep":
		fmt.Fprintln(stderr, "sleeping")
		time.Sleep(time.Minute)
		fmt.Fprint(stdout, policy("Allow", stage, ""))
	case "source-ip":
		fmt.Fprint(stdout, policy("Allow", stage, `,"Condition":{"IpAddress":{"aws:SourceIp":"192.0.2.0/24"}}`))
	default:
		fmt.Fprintln(stderr, "fakeauthz: unknown behaviour", args[0])
		return 4
	}
	return 0
}
