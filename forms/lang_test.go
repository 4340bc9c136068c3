package forms

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"upgradedesk/data"
)

// TestComposedKeysAreTranslated checks the translation keys the forms
// build from a prefix and a name (such as the name of one row of a table,
// "row.<table>"), and the message keys of problems, which
// the scan of lang.L calls in package uikit cannot see.
func TestComposedKeysAreTranslated(t *testing.T) {
	var keys []string
	for _, st := range []data.State{data.StateDeptReview, data.StateScreening, data.StateMgmtApproval,
		data.StatePlanApproval, data.StateAccepting} {
		keys = append(keys, "decisions.about."+string(st), "decisions.title."+string(st))
	}
	for _, op := range []string{data.OpCreate, data.OpUpdate, data.OpDelete, data.OpTransition, data.OpPassword, data.OpRestore} {
		keys = append(keys, "history.op."+op)
	}
	for _, k := range data.Criteria {
		keys = append(keys, "criterion."+k)
	}
	for _, r := range data.StageRecords {
		for _, f := range r.Fields {
			if f.Kind == data.KindRows {
				keys = append(keys, "row."+f.Rows.Table)
			}
		}
	}
	keys = append(keys, "uikit.row_add", "uikit.row_edit", "uikit.row_view")
	keys = append(keys, problemKeys(t)...)
	for _, code := range data.Languages {
		tr := data.Catalog(code)
		for _, k := range keys {
			if tr[k] == "" {
				t.Errorf("%s: no translation of %q", code, k)
			}
		}
	}
}

var problemKey = regexp.MustCompile(`NewProblem\("([a-z_.]+)"`)

// problemKeys returns the message keys of the problems the forms report.
func problemKeys(t *testing.T) []string {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, name := range files {
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range problemKey.FindAllStringSubmatch(string(src), -1) {
			keys = append(keys, m[1])
		}
	}
	if len(keys) == 0 {
		t.Fatal("no problems found: the pattern is out of date")
	}
	return keys
}
