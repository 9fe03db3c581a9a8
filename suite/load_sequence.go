package suite

import (
	"fmt"
	"strings"
	"time"

	"github.com/iamgate/iamgate/policy"
	yaml "go.yaml.in/yaml/v4"
)

func (l *loader) sequence(f field) {
	if l.budget.spent {
		return // past a limit (reported): its steps would only add noise
	}
	fs := l.fields(f.val, f.path, "a sequence", "name", "time", "steps")
	if fs == nil {
		return
	}
	sq := &Sequence{Line: f.val.Line, Start: l.now}
	if l.defaults.time != nil {
		sq.Start = *l.defaults.time
	}
	if g, ok := fs["name"]; ok {
		sq.Name, _ = l.str(g, "name")
	}
	if sq.Name == "" {
		sq.Name = fmt.Sprintf("sequence at line %d", sq.Line)
	}
	if !l.claimName(l.names, sq.Name, f) {
		return
	}
	if g, ok := fs["time"]; ok {
		if s, ok := l.str(g, "time"); ok {
			t, err := time.Parse(time.RFC3339, s)
			if err != nil {
				l.errorf(g.val, g.path, "time %q is not an RFC 3339 time such as 2026-01-02T15:04:05Z", s)
			} else if err := timeInRange(t); err != nil {
				l.errorf(g.val, g.path, "time %q %v", s, err)
			} else {
				sq.Start = t
			}
		}
	}
	if _, given := fs["time"]; !given && l.defaults.time == nil {
		// No start time: a sequence whose steps give absolute times
		// starts at the first of them, not at "now" (which would make it
		// fail once that time has passed).
		if steps, ok := fs["steps"]; ok && steps.val != nil && steps.val.Kind == yaml.SequenceNode {
			for _, st := range steps.val.Content {
				st = deref(st)
				if st == nil || st.Kind != yaml.MappingNode {
					continue
				}
				for i := 0; i+1 < len(st.Content); i += 2 {
					if st.Content[i].Value != "at" {
						continue
					}
					if t, err := time.Parse(time.RFC3339, deref(st.Content[i+1]).Value); err == nil {
						sq.Start = t
					}
					break
				}
				if !sq.Start.Equal(l.now) {
					break
				}
			}
		}
	}
	g, ok := fs["steps"]
	if !ok {
		l.errorf(f.val, f.path, "sequence %q has no steps", sq.Name)
		return
	}
	clock := sq.Start
	seqErrs := len(l.errs)
	names := map[string]int{}
	requests := 0
	for i, st := range l.list(g, "steps") {
		step := &Step{Line: st.val.Line, path: st.path, pos: l.pos(st.val)}
		if st.val.Kind == yaml.MappingNode && hasKey(st.val, "flush") {
			sf := l.fields(st.val, st.path, "a flush step", "flush")
			if sf == nil {
				continue
			}
			stage, ok := l.str(sf["flush"], "flush")
			if !ok {
				continue
			}
			if strings.Contains(stage, "/") {
				l.errorf(sf["flush"].val, sf["flush"].path, "flush names a stage, such as prod, not %q", stage)
				continue
			}
			step.Flush, step.at = stage, clock
		} else if st.val.Kind == yaml.MappingNode && hasKey(st.val, "wait") {
			sf := l.fields(st.val, st.path, "a wait step", "wait")
			if sf == nil {
				continue
			}
			s, ok := l.str(sf["wait"], "wait")
			if !ok {
				continue
			}
			d, err := time.ParseDuration(s)
			if err != nil || d <= 0 {
				l.errorf(sf["wait"].val, sf["wait"].path, "wait must be a positive duration such as 30s, 5m or 1h, not %q", s)
				continue
			}
			if err := timeInRange(clock.Add(d)); err != nil {
				l.errorf(sf["wait"].val, sf["wait"].path, "wait %q takes the sequence's clock to a time that %v", s, err)
				continue
			}
			step.Wait = d
			clock = clock.Add(d)
		} else {
			keys := append([]string{"name", "request", "expect", "at"}, requestKeys...)
			before := len(l.errs)
			spec := l.requestSpec(st, "a step", keys)
			if spec == nil || len(l.errs) > before {
				continue
			}
			if spec.time != nil {
				n, p := spec.where("time")
				l.errorf(n, p, "a step's time is given with at: +DURATION from the sequence's start (such as +30s) or an RFC 3339 time; the sequence's own time is its start")
				continue
			}
			if spec.at != "" {
				atNode, atPath := spec.where("at")
				t, ok := l.stepTime(field{key: atNode, val: atNode, path: strings.TrimSuffix(atPath, "/at")}, spec.at, sq.Start, clock)
				if !ok {
					continue
				}
				clock = t
			}
			if spec.name == "" {
				spec.name = uniqueName(names, spec.request, i)
			}
			if !l.claimName(names, spec.name, st) {
				continue
			}
			cs := l.buildCase(spec, clock)
			if cs == nil {
				continue
			}
			step.Case = cs
			requests++
		}
		sq.Steps = append(sq.Steps, step)
	}
	if requests == 0 && len(l.errs) == seqErrs && !l.broken {
		l.errorf(f.val, f.path, "sequence %q has no requests", sq.Name)
		return
	}
	if len(l.errs) == seqErrs {
		l.checkSteps(sq)
	}
	l.s.Sequences = append(l.s.Sequences, sq)
}

// checkFullNames rejects a case whose name is also a sequence's step's
// full name (a case "s/one" and step "one" of sequence "s"): reports and
// --run could not tell them apart.
func (l *loader) checkFullNames() {
	cases := map[string]*Case{}
	for _, c := range l.s.Cases {
		cases[c.Name] = c
	}
	for _, sq := range l.s.Sequences {
		for _, st := range sq.Steps {
			if st.Case == nil {
				continue
			}
			if c := cases[sq.Name+"/"+st.Case.Name]; c != nil {
				l.errs = append(l.errs, &policy.Error{File: l.file, Pos: st.pos, Path: st.path, Msg: fmt.Sprintf("step %q of sequence %q has the full name of the case at line %d: rename one, so that reports and --run can tell them apart", st.Case.Name, sq.Name, c.Line)})
			}
		}
	}
}

// checkSteps rejects steps that cannot do anything: a flush of a stage no
// request of the sequence uses (a typo such as Prod for prod would
// otherwise drop nothing, silently), and a flush or wait after the last
// request.
func (l *loader) checkSteps(sq *Sequence) {
	stages := map[string]bool{}
	var names []string
	last := -1
	for i, st := range sq.Steps {
		if st.Case != nil {
			if !stages[st.Case.method.Stage] {
				names = append(names, st.Case.method.Stage)
			}
			stages[st.Case.method.Stage] = true
			last = i
		}
	}
	for i, st := range sq.Steps {
		switch {
		case st.Case != nil:
		case i > last:
			l.errs = append(l.errs, &policy.Error{File: l.file, Pos: st.pos, Path: st.path, Msg: "this step comes after the sequence's last request, so it changes nothing: remove it, or add the request it prepares"})
		case st.Flush != "" && !stages[st.Flush]:
			l.errs = append(l.errs, &policy.Error{File: l.file, Pos: st.pos, Path: st.path + "/flush", Msg: fmt.Sprintf("flush names stage %q, which no request of the sequence uses (stages are case-sensitive; the requests use %s)", st.Flush, strings.Join(names, ", "))})
		}
	}
}

func hasKey(n *yaml.Node, key string) bool {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return true
		}
	}
	return false
}

// stepTime reads a step's at: an RFC 3339 time, or +DURATION from the
// sequence's start. Time may not go backwards.
func (l *loader) stepTime(f field, at string, start, clock time.Time) (time.Time, bool) {
	var t time.Time
	if rest, ok := strings.CutPrefix(at, "+"); ok {
		d, err := time.ParseDuration(rest)
		if err != nil || d < 0 {
			l.errorf(f.val, f.path+"/at", "at %q is not +DURATION (such as +301s, from the sequence's start) or an RFC 3339 time", at)
			return t, false
		}
		t = start.Add(d)
		if err := timeInRange(t); err != nil {
			l.errorf(f.val, f.path+"/at", "at %q puts the step at a time that %v", at, err)
			return t, false
		}
	} else {
		var err error
		t, err = time.Parse(time.RFC3339, at)
		if err != nil {
			l.errorf(f.val, f.path+"/at", "at %q is not +DURATION (such as +301s, from the sequence's start) or an RFC 3339 time", at)
			return t, false
		}
		if err := timeInRange(t); err != nil {
			l.errorf(f.val, f.path+"/at", "at %q %v", at, err)
			return t, false
		}
	}
	if t.Before(clock) {
		l.errorf(f.val, f.path+"/at", "at %q is before the previous step (%s): a sequence's clock only moves forward", at, clock.UTC().Format(time.RFC3339))
		return t, false
	}
	return t, true
}
