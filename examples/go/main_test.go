package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// TestLocal checks the protocol of "go run . local": the event on stdin,
// the answer on stdout, and the exit status.
func TestLocal(t *testing.T) {
	const methodARN = api + "/prod/GET/orders/42"
	tests := []struct {
		name       string
		stdin      string
		wantStatus int
		wantStdout string
	}{
		{
			name:       "a live key gets the policy",
			stdin:      `{"type":"REQUEST","methodArn":"` + methodARN + `","headers":{"X-Api-Key":"key-live-4f2a91"}}`,
			wantStatus: 0,
			wantStdout: `{"principalId":"billing-service","policyDocument":{"Version":"2012-10-17","Statement":[{"Action":["execute-api:Invoke"],"Effect":"Allow","Resource":["` + api + `/prod/GET/*"]}]},"context":{"client":"billing-service"}}`,
		},
		{
			name:       "an unknown key is Lambda's error shape",
			stdin:      `{"type":"REQUEST","methodArn":"` + methodARN + `","headers":{"X-Api-Key":"nope"}}`,
			wantStatus: 1,
			wantStdout: `{"errorMessage":"Unauthorized","errorType":"errorString"}`,
		},
		{
			name:       "an event that is not JSON",
			stdin:      `not json`,
			wantStatus: 2,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			status := local(strings.NewReader(tt.stdin), &stdout, &stderr)
			if status != tt.wantStatus {
				t.Errorf("exit status %d, want %d (stderr: %s)", status, tt.wantStatus, stderr.String())
			}
			got := strings.TrimSpace(stdout.String())
			if got != tt.wantStdout {
				t.Errorf("stdout:\n%s\nwant:\n%s", got, tt.wantStdout)
			}
			if got != "" && !json.Valid([]byte(got)) {
				t.Errorf("stdout is not JSON: %s", got)
			}
		})
	}
}
