package forms

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"

	"upgradedesk/data"
)

// chooseFile writes a file with content and returns a reader of it, as
// the file dialog hands it over.
func chooseFile(t *testing.T, name, content string) fyne.URIReadCloser {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	must(t, os.WriteFile(path, []byte(content), 0o644))
	r, err := storage.Reader(storage.NewFileURI(path))
	must(t, err)
	return r
}

// TestPaperSignedWithScan checks a decision confirmed on paper: the scan
// is attached to the case and the decision refers to it.
func TestPaperSignedWithScan(t *testing.T) {
	f := newFixture(t)
	id := f.driveTo(t, data.StateDeptReview)
	w := f.open("head", id)
	test.Tap(w.header.ActionButtons[data.ActApprove])
	d := w.actionDlg
	d.onScanChosen(chooseFile(t, "审核签字.pdf", "%PDF-1.4 signed scan"), nil)
	if !d.Paper.Checked || d.ScanName.Text != "审核签字.pdf" {
		t.Fatalf("scan not taken: %v %q", d.Paper.Checked, d.ScanName.Text)
	}
	test.Type(d.Opinion, "同意，已签字。")
	test.Tap(d.OK)
	if w.actionDlg != nil {
		t.Fatalf("refused: %s", d.Problem.Text)
	}
	ds, err := f.s.Decisions(id)
	must(t, err)
	last := ds[len(ds)-1]
	if !last.PaperSigned || last.ScanID == nil {
		t.Fatalf("decision %+v", last)
	}
	atts := w.attachments.atts
	if len(atts) != 1 || atts[0].ID != *last.ScanID || atts[0].Name != "审核签字.pdf" {
		t.Errorf("attachments %+v", atts)
	}
	rows := w.decisions[data.StateDeptReview].Decisions.Rows()
	if len(rows) != 1 || rows[0][5] != "true" {
		t.Errorf("decision shown as %q", rows)
	}
}

// TestMerge checks that merging asks for the target case number.
func TestMerge(t *testing.T) {
	f := newFixture(t)
	target := f.driveTo(t, data.StateScreening)
	id := f.driveTo(t, data.StateScreening)
	tc, err := f.s.Case(target)
	must(t, err)
	w := f.open("sysadmin", id)
	test.Tap(w.header.ActionButtons[data.ActMerge])
	d := w.actionDlg
	test.Type(d.Opinion, "与已有需求相同")
	test.Type(d.MergeInto, "2026-1")
	test.Tap(d.OK)
	if w.actionDlg == nil || !strings.Contains(d.Problem.Text, "SJ-年份-序号") {
		t.Fatalf("bad case number accepted: %q", d.Problem.Text)
	}
	fill(d.MergeInto, tc.No)
	test.Tap(d.OK)
	if got := f.state(id); got != data.StateMerged {
		t.Fatalf("case is %s: %s", got, d.Problem.Text)
	}
}

// TestAttachments checks attaching a file, saving a copy and removing it.
func TestAttachments(t *testing.T) {
	f := newFixture(t)
	id := f.driveTo(t, data.StateDraft)
	w := f.open("staff", id)
	a := w.attachments
	a.onAddChosen(chooseFile(t, "供应商说明.txt", "V3.3.0 release notes"), nil)
	if a.Files.Len() != 1 || a.Files.Rows()[0][0] != "供应商说明.txt" {
		t.Fatalf("files %q", a.Files.Rows())
	}
	a.Files.Select(0)
	copyPath := filepath.Join(t.TempDir(), "副本.txt")
	wr, err := storage.Writer(storage.NewFileURI(copyPath))
	must(t, err)
	a.onSaveTarget(a.atts[0], wr, nil)
	if b, err := os.ReadFile(copyPath); err != nil || string(b) != "V3.3.0 release notes" {
		t.Fatalf("copy %q %v", b, err)
	}
	test.Tap(a.Remove)
	tapOverlayButton(t, w, "删除")
	if a.Files.Len() != 0 {
		t.Error("attachment not removed")
	}
}
