package suite

import (
	"fmt"
	"strings"

	"github.com/iamgate/iamgate/apigw"
	"github.com/iamgate/iamgate/arn"
	"github.com/iamgate/iamgate/internal/resource"
)

// route is one method of the API as the suite writes it: a verb (or ANY)
// on a resource path template such as /orders/{id} or /{proxy+}, and the
// auth it uses. The API model (apigw.API) routes requests to it.
type route struct {
	text string
	verb string
	auth *authChoice
	line int
	// apiKeyRequired is the template method's.
	apiKeyRequired bool
	// gw is the method's Gateway, once the model is built: the choice's,
	// or another with the same authorization when the method requires an
	// API key and other methods of the choice do not.
	gw *apigw.Gateway
}

// parseRoute reads "VERB /path/template".
func parseRoute(s string) (*route, error) {
	verb, path, ok := strings.Cut(strings.TrimSpace(s), " ")
	path = strings.TrimSpace(path)
	if !ok || verb == "" || !strings.HasPrefix(path, "/") {
		return nil, fmt.Errorf("route %q is not VERB /path, such as GET /orders/{id} or ANY /{proxy+}", s)
	}
	if !arn.IsRESTMethod(verb) && verb != "ANY" {
		return nil, fmt.Errorf("route %q: %q is not an HTTP method API Gateway defines (GET, POST, PUT, DELETE, PATCH, HEAD, OPTIONS or ANY)", s, verb)
	}
	if _, err := resource.Parse(path); err != nil {
		return nil, fmt.Errorf("route %q: %v", s, err)
	}
	return &route{text: verb + " " + path, verb: verb}, nil
}
