package eval_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/iamgate/iamgate/eval"
)

// referenceTables are the outcome tables as AUTHFLOW prints them (Tables
// A and B, and the NONE table derived from it), kept as text so that a typo in the table literals
// of the package cannot hide.
var referenceTables = map[eval.Table]string{
	eval.TableA: `
Allow | Allow | Allow
Allow | Neither Allow nor Deny | Allow
Allow | Deny | Explicit Deny
Neither Allow nor Deny | Allow | Allow
Neither Allow nor Deny | Neither Allow nor Deny | Implicit Deny
Neither Allow nor Deny | Deny | Explicit Deny
Deny | Allow | Explicit Deny
Deny | Neither Allow nor Deny | Explicit Deny
Deny | Deny | Explicit Deny`,
	eval.TableB: `
Allow | Allow | Allow
Allow | Neither Allow nor Deny | Implicit Deny
Allow | Deny | Explicit Deny
Neither Allow nor Deny | Allow | Implicit Deny
Neither Allow nor Deny | Neither Allow nor Deny | Implicit Deny
Neither Allow nor Deny | Deny | Explicit Deny
Deny | Allow | Explicit Deny
Deny | Neither Allow nor Deny | Explicit Deny
Deny | Deny | Explicit Deny`,
	eval.TableResourceOnly: `
- | Allow | Allow
- | Neither | Implicit Deny
- | Deny | Explicit Deny
- | (no resource policy attached) | Allow`,
}

func cellDecision(t *testing.T, s string) eval.Decision {
	switch strings.TrimSpace(s) {
	case "Allow":
		return eval.Allow
	case "Neither Allow nor Deny", "Neither", "(no resource policy attached)", "-":
		return eval.ImplicitDeny
	case "Deny", "Explicit Deny":
		return eval.ExplicitDeny
	case "Implicit Deny":
		return eval.ImplicitDeny
	}
	t.Fatalf("unknown cell %q", s)
	return 0
}

func TestTablesMatchReference(t *testing.T) {
	for table, text := range referenceTables {
		rows := table.Rows()
		lines := strings.Split(strings.TrimSpace(text), "\n")
		if len(lines) != len(rows) {
			t.Fatalf("table %v: %d rows, the reference has %d", table, len(rows), len(lines))
		}
		for i, line := range lines {
			f := strings.Split(line, "|")
			want := eval.TableRow{
				Identity:         cellDecision(t, f[0]),
				Resource:         cellDecision(t, f[1]),
				ResourceAttached: !strings.Contains(f[1], "no resource policy"),
				Result:           cellDecision(t, f[2]),
			}
			got := rows[i]
			got.DecidedBy = 0
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("table %v row %d %q (-reference +package):\n%s", table, i, line, diff)
			}
		}
	}
}

// TestTableCells walks every cell of every table through Cell, the
// lookup the gateway's flows use: each table is a pure combinator of the
// two sides' decisions, and Cell agrees with Rows and with the rule each
// table states.
func TestTableCells(t *testing.T) {
	decisions := []eval.Decision{eval.ImplicitDeny, eval.Allow, eval.ExplicitDeny}
	for _, table := range []eval.Table{eval.TableA, eval.TableB, eval.TableResourceOnly} {
		for _, id := range decisions {
			for _, rp := range decisions {
				for _, attached := range []bool{true, false} {
					if !attached && rp != eval.ImplicitDeny {
						// A missing resource policy decides nothing.
						continue
					}
					got := table.Cell(id, rp, attached)
					var want eval.Decision
					switch {
					case table == eval.TableResourceOnly && !attached:
						want = eval.Allow
					case table == eval.TableResourceOnly:
						want = rp
					case id == eval.ExplicitDeny || rp == eval.ExplicitDeny:
						want = eval.ExplicitDeny
					case table == eval.TableA && (id == eval.Allow || rp == eval.Allow):
						want = eval.Allow
					case table == eval.TableB && id == eval.Allow && rp == eval.Allow:
						want = eval.Allow
					}
					if got.Result != want {
						t.Errorf("%v.Cell(%v, %v, attached=%v).Result = %v, want %v", table, id, rp, attached, got.Result, want)
					}
					found := false
					for _, row := range table.Rows() {
						if row == got {
							found = true
						}
					}
					if !found {
						t.Errorf("%v.Cell(%v, %v, attached=%v) = %+v is not one of the table's rows", table, id, rp, attached, got)
					}
				}
			}
		}
	}
	if got := eval.NoTable.Cell(eval.Allow, eval.Allow, true); got.Result != eval.ImplicitDeny {
		t.Errorf("NoTable.Cell(Allow, Allow) = %+v, want an ImplicitDeny result", got)
	}
	if got := eval.TableA.Cell(eval.Decision(7), eval.Allow, true); got.Result != eval.ImplicitDeny {
		t.Errorf("TableA.Cell(invalid, Allow) = %+v, want an ImplicitDeny result", got)
	}
}

func TestTableCellDoesNotAllocate(t *testing.T) {
	n := testing.AllocsPerRun(100, func() {
		_ = eval.TableB.Cell(eval.Allow, eval.ImplicitDeny, true)
	})
	if n != 0 {
		t.Errorf("Cell allocates %v times, want 0", n)
	}
}
