package suite

import (
	"fmt"
	"net/http"

	"github.com/iamgate/iamgate/internal/httpfield"
	yaml "go.yaml.in/yaml/v4"
)

// values reads a mapping of names to one text value or a list of them
// (headers, query parameters, condition keys).
func (d *decoder) values(f field, what string) map[string][]string {
	out := map[string][]string{}
	for _, e := range d.entries(f, what) {
		if vs, ok := d.strs(e.field, fmt.Sprintf("%s %q", what, e.name)); ok {
			out[e.name] = vs
		}
	}
	return out
}

// headerValues reads headers: names are case-insensitive, so they are
// canonicalised (x-tenant is X-Tenant), and two names that differ only in
// case are an error rather than a coin toss. names maps each canonical
// name to its spelling, which an authorizer's event keeps. Values are read
// as a server reads them (httpfield.Value: "  " is an empty value).
func (d *decoder) headerValues(f field, what string) (values map[string][]string, names map[string]string) {
	out := map[string][]string{}
	first := map[string]string{}
	for _, e := range d.entries(f, what) {
		if err := httpfield.CheckName(e.name); err != nil {
			d.errorf(e.key, e.path, "%v", err)
			continue
		}
		vs, ok := d.strs(e.field, fmt.Sprintf("%s %q", what, e.name))
		if !ok {
			continue
		}
		for i, v := range vs {
			if vs[i], ok = d.headerValue(e.field, v); !ok {
				break
			}
		}
		if !ok {
			continue
		}
		name := http.CanonicalHeaderKey(e.name)
		if prev, dup := first[name]; dup {
			d.errorf(e.key, e.path, "header %q repeats %q: header names are case-insensitive; give the header once, with a list for several values", e.name, prev)
			continue
		}
		first[name] = e.name
		out[name] = vs
	}
	return out, first
}

// headerValue is v, a header value written at f, as a server reads it;
// false (reported) when no header can carry it.
func (d *decoder) headerValue(f field, v string) (string, bool) {
	v, err := httpfield.Value(v)
	if err != nil {
		d.errorf(f.val, f.path, "%v", err)
		return "", false
	}
	return v, true
}

// checkHeaderText reports the field k of fs, whose text is v, when no
// header can carry v: userAgent and referer are the User-Agent and Referer
// headers.
func (d *decoder) checkHeaderText(fs map[string]field, k, v string) {
	if g, ok := fs[k]; ok {
		if _, err := httpfield.Value(v); err != nil {
			d.errorf(g.val, g.path, "%s: %v", k, err)
		}
	}
}

// singleValues reads a mapping of names to one text value each (stage
// variables, request context values, tags): a list is an error, since
// only one value can be kept.
func (d *decoder) singleValues(f field, what string) map[string][]string {
	out := map[string][]string{}
	for _, e := range d.entries(f, what) {
		if v, ok := d.singleValue(e, what); ok {
			out[e.name] = []string{v}
		}
	}
	return out
}

// singleValue reads one entry of a mapping that takes one text value per
// name (see singleValues).
func (d *decoder) singleValue(e namedField, what string) (string, bool) {
	if e.val != nil && e.val.Kind == yaml.SequenceNode {
		d.errorf(e.val, e.path, "%s %q has a list; it takes one value", what, e.name)
		return "", false
	}
	return d.str(e.field, fmt.Sprintf("%s %q", what, e.name))
}
