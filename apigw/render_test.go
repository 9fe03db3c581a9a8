package apigw_test

import (
	"strings"

	"github.com/iamgate/iamgate/apigw"
)

// adviceText joins the answer's advice, one item a line.
func adviceText(a apigw.Answer) string {
	var lines []string
	for _, s := range a.Advice {
		lines = append(lines, s.Text)
	}
	return strings.Join(lines, "\n")
}
