package apigw

import (
	"fmt"
	"github.com/iamgate/iamgate/eval"
	"maps"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"time"
)

// RequestInfo is what API Gateway knows about a request that condition keys
// can ask about (RP-CONDKEYS).
type RequestInfo struct {
	// Time is when the request arrives: aws:CurrentTime and aws:EpochTime.
	// The zero Time leaves both keys out.
	Time time.Time
	// SourceIP is the caller's address; the zero Addr leaves it out.
	// It is aws:SourceIp for a public call and aws:VpcSourceIp for a call
	// through a VPC endpoint.
	SourceIP netip.Addr
	// VPCEndpoint (vpce-...) and VPC (vpc-...) are set for a call to a
	// private API through an interface VPC endpoint; VPC needs VPCEndpoint.
	VPCEndpoint, VPC string
	// UserAgent and Referer are the request's headers; "" when not sent.
	UserAgent, Referer string
	// Caller is the IAM caller (AWS_IAM methods); the zero Caller is
	// anonymous.
	Caller eval.Caller
	// PrincipalOrgID, PrincipalOrgPaths and PrincipalTags describe an IAM
	// caller's organization and tags; ignored for anonymous callers.
	PrincipalOrgID    string
	PrincipalOrgPaths []string
	PrincipalTags     map[string]string
	// Extra sets any other condition key, or overrides one of the above.
	Extra map[string][]string
}

// ContextFor builds the condition context API Gateway evaluates policies
// with, setting only the keys AWS sets for that kind of call (D17,
// RP-CONDKEYS, IAM-GLOBALKEYS):
//   - always aws:SecureTransport ("true", API Gateway is HTTPS only), and
//     aws:CurrentTime / aws:EpochTime from Time;
//   - a public call: aws:SourceIp; a call through a VPC endpoint:
//     aws:SourceVpce, aws:SourceVpc and aws:VpcSourceIp, and no
//     aws:SourceIp;
//   - aws:UserAgent and aws:Referer when the headers were sent;
//   - an IAM caller: aws:PrincipalArn (the role ARN for an assumed-role
//     session), aws:PrincipalAccount, aws:PrincipalType, aws:username (IAM
//     users), aws:userid (root and federated users, whose ids are known),
//     and the organization and tag keys given;
//   - an anonymous caller: aws:PrincipalAccount "anonymous",
//     aws:PrincipalType "Anonymous" and aws:userid "anonymous", and no
//     aws:PrincipalArn or organization keys.
//
// It fails when VPC is set without VPCEndpoint, or an Extra key is empty.
func ContextFor(info RequestInfo) (*eval.Context, error) {
	c := eval.NewContext()
	c.Set("aws:SecureTransport", "true")
	if !info.Time.IsZero() {
		t := info.Time.UTC()
		c.Set("aws:CurrentTime", t.Format("2006-01-02T15:04:05Z"))
		c.Set("aws:EpochTime", strconv.FormatInt(t.Unix(), 10))
	}
	switch {
	case info.VPC != "" && info.VPCEndpoint == "":
		return nil, fmt.Errorf("apigw: request: a VPC (%q) is set without the VPC endpoint the call came through", info.VPC)
	case info.VPCEndpoint != "":
		c.Set("aws:SourceVpce", info.VPCEndpoint)
		if info.VPC != "" {
			c.Set("aws:SourceVpc", info.VPC)
		}
		if info.SourceIP.IsValid() {
			c.Set("aws:VpcSourceIp", info.SourceIP.String())
		}
	case info.SourceIP.IsValid():
		c.Set("aws:SourceIp", info.SourceIP.String())
	}
	if info.UserAgent != "" {
		c.Set("aws:UserAgent", info.UserAgent)
	}
	if info.Referer != "" {
		c.Set("aws:Referer", info.Referer)
	}
	caller := info.Caller
	if caller.IsAnonymous() {
		c.Set("aws:PrincipalAccount", "anonymous")
		c.Set("aws:PrincipalType", "Anonymous")
		c.Set("aws:userid", "anonymous")
	} else {
		c.Set("aws:PrincipalArn", caller.PrincipalARN())
		c.Set("aws:PrincipalAccount", caller.Account())
		c.Set("aws:PrincipalType", caller.PrincipalType())
		switch {
		case caller.UserID() != "":
			c.Set("aws:userid", caller.UserID())
		case caller.UserName() != "":
			c.Set("aws:username", caller.UserName())
		}
		if info.PrincipalOrgID != "" {
			c.Set("aws:PrincipalOrgID", info.PrincipalOrgID)
		}
		if len(info.PrincipalOrgPaths) > 0 {
			c.Set("aws:PrincipalOrgPaths", info.PrincipalOrgPaths...)
		}
		for _, k := range slices.Sorted(maps.Keys(info.PrincipalTags)) {
			c.Set("aws:PrincipalTag/"+k, info.PrincipalTags[k])
		}
	}
	for _, k := range slices.Sorted(maps.Keys(info.Extra)) {
		if strings.TrimSpace(k) == "" {
			return nil, fmt.Errorf("apigw: request: an extra condition key has an empty name")
		}
		c.Set(k, info.Extra[k]...)
	}
	return c, nil
}
