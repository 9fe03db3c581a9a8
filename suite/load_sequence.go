package suite

import (
	"fmt"
	"strings"
	"time"

	"github.com/iamgate/iamgate/policy"
	yaml "go.yaml.in/yaml/v4"
)

// sequence reads a sequence: its name, start time and steps, which share
// one authorizer cache and one clock.
func (l *loader) sequence(f field) {
	if l.budget.spent {
		return // past a limit (reported): its steps would only add noise
	}
	fs := l.fields(f.val, f.path, "a sequence", "name", "time", "steps")
	if fs == nil {
		return
	}
	sq := l.newSequence(f, fs)
	if sq == nil {
		return
	}
	g, ok := fs["steps"]
	if !ok {
		l.errorf(f.val, f.path, "sequence %q has no steps", sq.Name)
		return
	}
	seqErrs := len(l.errs)
	requests := l.steps(g, sq)
	if requests == 0 && len(l.errs) == seqErrs && !l.broken {
		l.errorf(f.val, f.path, "sequence %q has no requests", sq.Name)
		return
	}
	if len(l.errs) == seqErrs {
		l.checkSteps(sq)
	}
	l.s.Sequences = append(l.s.Sequences, sq)
}

// newSequence names a sequence (after its line when it has no name) and
// sets its start: its time, the defaults' time, the first absolute time
// of its steps, or now. It returns nil when the name is taken (reported).
func (l *loader) newSequence(f field, fs map[string]field) *Sequence {
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
		return nil
	}
	if g, ok := fs["time"]; ok {
		if t, ok := l.timeValue(g); ok {
			sq.Start = t
		}
	}
	if _, given := fs["time"]; !given && l.defaults.time == nil {
		// No start time: a sequence whose steps give absolute times
		// starts at the first of them, not at "now" (which would make it
		// fail once that time has passed).
		if steps, ok := fs["steps"]; ok {
			sq.Start = l.firstStepAt(steps, sq.Start)
		}
	}
	return sq
}

// firstStepAt is the first absolute time a step's at gives (one that is
// not now), or start when none does.
func (l *loader) firstStepAt(steps field, start time.Time) time.Time {
	if steps.val == nil || steps.val.Kind != yaml.SequenceNode {
		return start
	}
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
				start = t
			}
			break
		}
		if !start.Equal(l.now) {
			break
		}
	}
	return start
}

// steps reads a sequence's steps (flushes, waits and requests) into sq,
// moving its clock, and returns how many requests it has. A step with a
// problem is reported and left out.
func (l *loader) steps(g field, sq *Sequence) int {
	clock := sq.Start
	names := map[string]int{}
	requests := 0
	for i, st := range l.list(g, "steps") {
		step := &Step{Line: st.val.Line, path: st.path, pos: l.pos(st.val)}
		var ok bool
		switch {
		case st.val.Kind == yaml.MappingNode && hasKey(st.val, "flush"):
			ok = l.flushStep(st, step, clock)
		case st.val.Kind == yaml.MappingNode && hasKey(st.val, "wait"):
			clock, ok = l.waitStep(st, step, clock)
		default:
			clock, ok = l.requestStep(st, i, sq, step, names, clock)
			if ok {
				requests++
			}
		}
		if ok {
			sq.Steps = append(sq.Steps, step)
		}
	}
	return requests
}

// flushStep reads a step that flushes a stage's authorizer cache at the
// sequence's clock.
func (l *loader) flushStep(st field, step *Step, clock time.Time) bool {
	sf := l.fields(st.val, st.path, "a flush step", "flush")
	if sf == nil {
		return false
	}
	stage, ok := l.str(sf["flush"], "flush")
	if !ok {
		return false
	}
	if strings.Contains(stage, "/") {
		l.errorf(sf["flush"].val, sf["flush"].path, "flush names a stage, such as prod, not %q", stage)
		return false
	}
	step.Flush, step.at = stage, clock
	return true
}

// waitStep reads a step that moves the sequence's clock on by a positive
// duration, and returns the clock after it.
func (l *loader) waitStep(st field, step *Step, clock time.Time) (time.Time, bool) {
	sf := l.fields(st.val, st.path, "a wait step", "wait")
	if sf == nil {
		return clock, false
	}
	s, ok := l.str(sf["wait"], "wait")
	if !ok {
		return clock, false
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		l.errorf(sf["wait"].val, sf["wait"].path, "wait must be a positive duration such as 30s, 5m or 1h, not %q", s)
		return clock, false
	}
	if err := timeInRange(clock.Add(d)); err != nil {
		l.errorf(sf["wait"].val, sf["wait"].path, "wait %q takes the sequence's clock to a time that %v", s, err)
		return clock, false
	}
	step.Wait = d
	return clock.Add(d), true
}

// requestStep reads the request of step i, sent at the sequence's clock
// or at the step's at, and returns the clock after it: moved by at even
// when the step is then left out (reported).
func (l *loader) requestStep(st field, i int, sq *Sequence, step *Step, names map[string]int, clock time.Time) (time.Time, bool) {
	keys := append([]string{"name", "request", "expect", "at"}, requestKeys...)
	before := len(l.errs)
	spec := l.requestSpec(st, "a step", keys)
	if spec == nil || len(l.errs) > before {
		return clock, false
	}
	if spec.time != nil {
		n, p := spec.where("time")
		l.errorf(n, p, "a step's time is given with at: +DURATION from the sequence's start (such as +30s) or an RFC 3339 time; the sequence's own time is its start")
		return clock, false
	}
	if spec.at != "" {
		atNode, atPath := spec.where("at")
		t, ok := l.stepTime(field{key: atNode, val: atNode, path: strings.TrimSuffix(atPath, "/at")}, spec.at, sq.Start, clock)
		if !ok {
			return clock, false
		}
		clock = t
	}
	if spec.name == "" {
		spec.name = uniqueName(names, spec.request, i)
	}
	if !l.claimName(names, spec.name, st) {
		return clock, false
	}
	cs := l.buildCase(spec, clock)
	if cs == nil {
		return clock, false
	}
	step.Case = cs
	return clock, true
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

// hasKey says whether the mapping n has the key.
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
