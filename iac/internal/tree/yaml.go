package tree

import (
	"fmt"
	"sort"
	"strings"

	yaml "go.yaml.in/yaml/v4"
)

// fnTags are the CloudFormation short-form tags whose long form is
// {"Fn::NAME": content}.
var fnTags = map[string]bool{
	"!Sub": true, "!Join": true, "!Select": true, "!Split": true, "!If": true, "!Equals": true,
	"!And": true, "!Or": true, "!Not": true, "!FindInMap": true, "!Base64": true, "!Cidr": true,
	"!GetAZs": true, "!ImportValue": true, "!ToJsonString": true, "!Transform": true, "!Length": true,
}

// Tags returns the short-form tags Parse reads, sorted.
func Tags() []string {
	out := []string{"!Ref", "!Condition", "!GetAtt"}
	for t := range fnTags {
		out = append(out, t)
	}
	sort.Strings(out)
	return out
}

// parseYAML reads a YAML template as yaml.Node values and converts them.
func parseYAML(file string, data []byte, lim Limits) (n *Node, err error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, &Error{File: file, Msg: "invalid YAML: " + strings.TrimPrefix(err.Error(), "yaml: ")}
	}
	c := &yamlConv{file: file, lim: lim}
	root := &doc
	if root.Kind == yaml.DocumentNode {
		if len(root.Content) == 0 {
			return &Node{Kind: Null, Pos: Pos{1, 1}}, nil
		}
		root = root.Content[0]
	}
	if root.Kind == 0 {
		return &Node{Kind: Null, Pos: Pos{1, 1}}, nil
	}
	return c.node(root, "", 0)
}

type yamlConv struct {
	file  string
	lim   Limits
	nodes int
}

func (c *yamlConv) errorf(y *yaml.Node, path, format string, args ...any) *Error {
	return &Error{File: c.file, Pos: Pos{y.Line, y.Column}, Path: path, Msg: fmt.Sprintf(format, args...)}
}

func (c *yamlConv) node(y *yaml.Node, path string, depth int) (*Node, error) {
	c.nodes++
	if c.nodes > c.lim.MaxNodes {
		return nil, c.errorf(y, path, "more than %d values (aliases counted each time they are used): the template is too large to read", c.lim.MaxNodes)
	}
	if depth > c.lim.MaxDepth {
		return nil, c.errorf(y, path, "nested more than %d levels deep (aliases included)", c.lim.MaxDepth)
	}
	if y.Kind == yaml.AliasNode {
		if y.Alias == nil {
			return nil, c.errorf(y, path, "alias *%s names no anchor", y.Value)
		}
		return c.node(y.Alias, path, depth+1)
	}
	tag := y.Tag
	if strings.HasPrefix(tag, "!") && !strings.HasPrefix(tag, "!!") && tag != "!" {
		return c.tagged(y, tag, path, depth)
	}
	return c.plain(y, path, depth)
}

// tagged turns a short-form tag into its long form: a one-member Map at
// the tag's position.
func (c *yamlConv) tagged(y *yaml.Node, tag, path string, depth int) (*Node, error) {
	var key string
	switch {
	case tag == "!Ref" || tag == "!Condition":
		key = tag[1:]
	case tag == "!GetAtt":
		key = "Fn::GetAtt"
	case fnTags[tag]:
		key = "Fn::" + tag[1:]
	default:
		return nil, c.errorf(y, path, "unknown tag %s: CloudFormation's short forms are %s", tag, strings.Join(Tags(), ", "))
	}
	pos := Pos{y.Line, y.Column}
	inner := Child(path, key)
	untagged := *y
	untagged.Tag = ""
	var v *Node
	switch {
	case y.Kind == yaml.ScalarNode && tag == "!GetAtt":
		name, attr, ok := strings.Cut(y.Value, ".")
		if !ok || name == "" || attr == "" {
			return nil, c.errorf(y, path, "!GetAtt %q is not RESOURCE.ATTRIBUTE", y.Value)
		}
		c.nodes += 2
		v = &Node{Kind: List, Pos: pos, Path: inner, Items: []*Node{
			{Kind: String, Str: name, Pos: pos, Path: Index(inner, 0)},
			{Kind: String, Str: attr, Pos: pos, Path: Index(inner, 1)},
		}}
	case y.Kind == yaml.ScalarNode:
		// The content of a short form is text: !Ref 0123 names "0123".
		v = &Node{Kind: String, Str: y.Value, Pos: pos, Path: inner}
	default:
		var err error
		if v, err = c.plain(&untagged, inner, depth+1); err != nil {
			return nil, err
		}
	}
	c.nodes++
	return &Node{Kind: Map, Pos: pos, Path: path, Members: []Member{{Key: key, KeyPos: pos, Value: v}}}, nil
}

// plain converts an untagged (or standard-tagged) node.
func (c *yamlConv) plain(y *yaml.Node, path string, depth int) (*Node, error) {
	n := &Node{Pos: Pos{y.Line, y.Column}, Path: path}
	switch y.Kind {
	case yaml.ScalarNode:
		c.scalar(y, n)
	case yaml.SequenceNode:
		n.Kind = List
		n.Items = make([]*Node, 0, len(y.Content))
		for i, it := range y.Content {
			v, err := c.node(it, Index(path, i), depth+1)
			if err != nil {
				return nil, err
			}
			n.Items = append(n.Items, v)
		}
	case yaml.MappingNode:
		n.Kind = Map
		if err := c.mapping(y, n, path, depth); err != nil {
			return nil, err
		}
	default:
		return nil, c.errorf(y, path, "unexpected YAML node kind %d", y.Kind)
	}
	return n, nil
}

func (c *yamlConv) mapping(y *yaml.Node, n *Node, path string, depth int) error {
	n.Members = make([]Member, 0, len(y.Content)/2)
	seen := make(map[string]bool, len(y.Content)/2)
	for i := 0; i+1 < len(y.Content); i += 2 {
		k, val := y.Content[i], y.Content[i+1]
		for k.Kind == yaml.AliasNode && k.Alias != nil {
			k = k.Alias
		}
		if k.Kind != yaml.ScalarNode {
			return c.errorf(k, path, "a map key is a %s: CloudFormation keys are text", kindName(k.Kind))
		}
		if k.Tag == "!!merge" || (k.Value == "<<" && k.Style == 0) {
			return c.errorf(k, path, "the YAML merge key << is not read: CloudFormation does not merge maps; write the keys out")
		}
		kp := Child(path, k.Value)
		if seen[k.Value] {
			return c.errorf(k, kp, "key %q is repeated: CloudFormation rejects a template whose map repeats a key", k.Value)
		}
		seen[k.Value] = true
		v, err := c.node(val, kp, depth+1)
		if err != nil {
			return err
		}
		n.Members = append(n.Members, Member{Key: k.Value, KeyPos: Pos{k.Line, k.Column}, Value: v})
	}
	return nil
}

// scalar sets a scalar's kind from its resolved YAML tag, keeping its
// source text: numbers-looking text stays the text written.
func (c *yamlConv) scalar(y *yaml.Node, n *Node) {
	n.Str = y.Value
	if y.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle|yaml.LiteralStyle|yaml.FoldedStyle) != 0 || y.Tag == "!" {
		n.Kind = String
		return
	}
	switch y.ShortTag() {
	case "!!null":
		n.Kind, n.Str = Null, ""
	case "!!bool":
		n.Kind = Bool
		n.Str = strings.ToLower(y.Value)
		if n.Str != "true" {
			n.Str = "false"
		}
	case "!!int", "!!float":
		n.Kind = Number
	default: // !!str, !!timestamp, !!binary: text as written
		n.Kind = String
	}
}

func kindName(k yaml.Kind) string {
	switch k {
	case yaml.SequenceNode:
		return "list"
	case yaml.MappingNode:
		return "map"
	case yaml.AliasNode:
		return "alias"
	}
	return "value"
}
