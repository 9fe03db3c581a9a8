package tree

import (
	"errors"
	"fmt"

	"github.com/iamgate/iamgate/internal/jsontree"
)

// parseJSON reads a JSON template with internal/jsontree (which keeps
// positions and bounds nesting) and converts it.
func parseJSON(file string, data []byte, lim Limits) (*Node, error) {
	root, err := jsontree.Parse(data)
	if err != nil {
		var se *jsontree.SyntaxError
		if errors.As(err, &se) {
			return nil, &Error{File: file, Pos: Pos{se.Pos.Line, se.Pos.Column}, Msg: "invalid JSON: " + se.Msg}
		}
		return nil, &Error{File: file, Msg: "invalid JSON: " + err.Error()}
	}
	c := &jsonConv{file: file, lim: lim}
	return c.node(root, "", 0)
}

type jsonConv struct {
	file  string
	lim   Limits
	nodes int
}

func (c *jsonConv) node(j *jsontree.Node, path string, depth int) (*Node, error) {
	c.nodes++
	pos := Pos{j.Pos.Line, j.Pos.Column}
	if c.nodes > c.lim.MaxNodes {
		return nil, &Error{File: c.file, Pos: pos, Path: path, Msg: fmt.Sprintf("more than %d values: the template is too large to read", c.lim.MaxNodes)}
	}
	if depth > c.lim.MaxDepth {
		return nil, &Error{File: c.file, Pos: pos, Path: path, Msg: fmt.Sprintf("nested more than %d levels deep", c.lim.MaxDepth)}
	}
	n := &Node{Pos: pos, Path: path}
	switch j.Kind {
	case jsontree.Null:
		n.Kind = Null
	case jsontree.Bool:
		n.Kind, n.Str = Bool, "false"
		if j.Bool {
			n.Str = "true"
		}
	case jsontree.Number:
		n.Kind, n.Str = Number, j.Str
	case jsontree.String:
		n.Kind, n.Str = String, j.Str
	case jsontree.Array:
		n.Kind = List
		n.Items = make([]*Node, 0, len(j.Items))
		for i, it := range j.Items {
			v, err := c.node(it, Index(path, i), depth+1)
			if err != nil {
				return nil, err
			}
			n.Items = append(n.Items, v)
		}
	case jsontree.Object:
		n.Kind = Map
		n.Members = make([]Member, 0, len(j.Members))
		seen := make(map[string]bool, len(j.Members))
		for _, m := range j.Members {
			kp := Pos{m.KeyPos.Line, m.KeyPos.Column}
			if seen[m.Key] {
				return nil, &Error{File: c.file, Pos: kp, Path: Child(path, m.Key), Msg: fmt.Sprintf("key %q is repeated: CloudFormation rejects a template whose object repeats a key", m.Key)}
			}
			seen[m.Key] = true
			v, err := c.node(m.Value, Child(path, m.Key), depth+1)
			if err != nil {
				return nil, err
			}
			n.Members = append(n.Members, Member{Key: m.Key, KeyPos: kp, Value: v})
		}
	}
	return n, nil
}
