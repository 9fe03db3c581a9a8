package iac

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// WriteText writes the view for people, as "iamgate routes" prints it:
// for each API its header (id, name, endpoint, ARN, file), its resource
// policy one statement a line, its authorizers, then a table of every
// stage × route with its authorization, authorizer, scopes, API key and
// who can call it; then the diagnostics, one a line, and a summary line.
func (v *Routes) WriteText(w io.Writer) error {
	if w == nil {
		return errors.New("iac: WriteText: nil writer")
	}
	var b strings.Builder
	for i := range v.APIs {
		if i > 0 {
			b.WriteString("\n")
		}
		v.APIs[i].writeText(&b)
	}
	if len(v.APIs) == 0 {
		b.WriteString("no REST API found\n")
	}
	if len(v.Diagnostics) > 0 {
		b.WriteString("\ndiagnostics:\n")
		for _, d := range v.Diagnostics {
			b.WriteString("  " + d.String() + "\n")
		}
	}
	b.WriteString("\n" + v.summaryLine() + "\n")
	_, err := io.WriteString(w, b.String())
	return err
}

func (v *Routes) summaryLine() string {
	routes := 0
	for _, a := range v.APIs {
		routes += len(a.Routes)
	}
	counts := [3]int{}
	for _, d := range v.Diagnostics {
		if int(d.Severity) < len(counts) {
			counts[d.Severity]++
		}
	}
	return fmt.Sprintf("%s, %s; %s, %s, %s", plural(len(v.APIs), "API"), plural(routes, "route"),
		plural(counts[Error], "error"), plural(counts[Warning], "warning"), plural(counts[Info], "note"))
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

func (a *RoutesAPI) writeText(b *strings.Builder) {
	fmt.Fprintf(b, "API %s (%s", a.ID, a.Kind)
	if a.Name != "" {
		fmt.Fprintf(b, ", %q", a.Name)
	}
	fmt.Fprintf(b, ", %s) in %s", a.EndpointType, a.File)
	if a.Stack != "" {
		fmt.Fprintf(b, " (stack %s)", a.Stack)
	}
	fmt.Fprintf(b, "\n  arn: %s\n", a.ARN)
	if len(a.VPCEndpointIDs) > 0 {
		fmt.Fprintf(b, "  vpc endpoints: %s\n", strings.Join(a.VPCEndpointIDs, ", "))
	}
	if len(a.PolicySummary) == 0 {
		b.WriteString("  resource policy: none\n")
	} else {
		b.WriteString("  resource policy:\n")
		for i, s := range a.PolicySummary {
			fmt.Fprintf(b, "    %d. %s\n", i, s)
		}
	}
	if len(a.Authorizers) > 0 {
		b.WriteString("  authorizers:\n")
		for _, id := range sortedKeys(a.Authorizers) {
			z := a.Authorizers[id]
			fmt.Fprintf(b, "    %s (%q): %s, identity sources %s, ttl %s", id, z.Name, z.Type,
				strings.Join(z.IdentitySources, ", "), ttlText(z))
			if z.ValidationExpression != nil {
				fmt.Fprintf(b, ", validation %s", *z.ValidationExpression)
			}
			b.WriteString("\n")
		}
	}
	a.writeTable(b)
}

func ttlText(z RoutesAuthorizer) string {
	if z.TTLDefaulted {
		return fmt.Sprintf("%d (defaulted: the template sets none)", z.TTL)
	}
	if z.TTL == 0 {
		return "0 (cache off)"
	}
	return fmt.Sprint(z.TTL)
}

func (a *RoutesAPI) writeTable(b *strings.Builder) {
	if len(a.Routes) == 0 {
		b.WriteString("  routes: none\n")
		return
	}
	stages := a.Stages
	if len(stages) == 0 {
		stages = []string{"*"}
		b.WriteString("  stages: none deployed by the template (\"*\" below: any stage)\n")
	}
	tw := tabwriter.NewWriter(b, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  STAGE\tROUTE\tAUTH\tAUTHORIZER\tSCOPES\tAPI KEY\tWHO CAN CALL")
	for _, s := range stages {
		for _, key := range sortedKeys(a.Routes) {
			r := a.Routes[key]
			authorizer, scopes, apiKey := "-", "-", "no"
			if r.Authorizer != nil {
				authorizer = *r.Authorizer
			}
			if len(r.Scopes) > 0 {
				scopes = strings.Join(r.Scopes, ",")
			}
			if r.APIKeyRequired {
				apiKey = "yes"
			}
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\t%s\t%s\n", s, key, r.AuthorizationType, authorizer, scopes, apiKey, r.Callers[s].Who)
		}
	}
	tw.Flush()
	b.WriteString("  who can call:\n")
	for _, key := range sortedKeys(a.Routes) {
		c := a.Routes[key].Callers
		same := true
		for _, s := range stages {
			same = same && c[s] == c[stages[0]]
		}
		if same {
			fmt.Fprintf(b, "    %s: %s\n", key, c[stages[0]].Reason)
			continue
		}
		for _, s := range stages {
			fmt.Fprintf(b, "    %s on %s: %s\n", key, s, c[s].Reason)
		}
	}
}
