package forms

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"

	"upgradedesk/data"
)

// failingWriter is a file that cannot take what is written to it.
type failingWriter struct {
	uri fyne.URI
	err error
}

func (w *failingWriter) Write([]byte) (int, error) { return 0, w.err }
func (w *failingWriter) Close() error              { return nil }
func (w *failingWriter) URI() fyne.URI             { return w.uri }

func TestExport(t *testing.T) {
	f := newFixture(t)
	id := f.driveTo(t, data.StateDeptReview)
	w := f.open("staff", id)
	menu := w.exportMenu()
	if menu == nil || len(menu.Items) != 2 || menu.Items[0].Label != "软件升级需求申请表" {
		t.Fatalf("export menu %v", menu)
	}
	doc := f.docs.Documents(w.cd.d)[0]

	t.Run("written and offered to open", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), doc.FileName)
		wr, err := storage.Writer(storage.NewFileURI(path))
		must(t, err)
		w.onExportTarget(doc, wr, nil)
		b, err := os.ReadFile(path)
		must(t, err)
		if !strings.HasPrefix(string(b), "%PDF-1.4") || !strings.Contains(string(b), w.cd.c().No+" request") {
			t.Errorf("file holds %q", b)
		}
		if w.openDlg == nil || !slices.Contains(overlayTexts(w), "打开") {
			t.Fatal("not offered to open the file")
		}
		tapOverlayButton(t, w, "打开")
	})

	t.Run("failed write leaves no file", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), doc.FileName)
		must(t, os.WriteFile(path, []byte("%PDF-1.4 half"), 0o644))
		w.onExportTarget(doc, &failingWriter{uri: storage.NewFileURI(path), err: syscall.ENOSPC}, nil)
		if _, err := os.Stat(path); !os.IsNotExist(err) {
			t.Error("the half-written file is still there")
		}
		if !slices.ContainsFunc(overlayTexts(w), func(s string) bool { return strings.Contains(s, "磁盘已满") }) {
			t.Errorf("error shown: %q", overlayTexts(w))
		}
	})

	t.Run("cancel", func(t *testing.T) {
		w.openDlg = nil
		before := len(f.docs.written)
		w.onExportTarget(doc, nil, nil)
		if w.openDlg != nil || len(f.docs.written) != before {
			t.Error("a cancelled export wrote something")
		}
	})
}

// TestExportOffersTheDocumentsTheCaseHas checks that the export menu of a
// case lists the documents of the records saved, not of the empty forms
// its window shows for the stages to come.
func TestExportOffersTheDocumentsTheCaseHas(t *testing.T) {
	f := newFixture(t)
	id := f.driveTo(t, data.StatePlanning)
	w := f.open("sysadmin", id)
	labels := func() []string {
		var out []string
		for _, it := range w.exportMenu().Items {
			out = append(out, it.Label)
		}
		return out
	}
	if got := labels(); !slices.Equal(got, []string{"软件升级需求申请表", "升级事项案卷"}) {
		t.Errorf("before the plan is saved: %q", got)
	}
	fillPlan(t, w.forms[data.FormPlan])
	save(t, w.forms[data.FormPlan])
	if got := labels(); !slices.Equal(got, []string{"软件升级需求申请表", "软件升级计划", "升级事项案卷"}) {
		t.Errorf("after the plan is saved: %q", got)
	}
}

// TestExportNeedsTheExporter checks that a client without an exporter
// offers no export, and that archiving, which the store does, still works.
func TestExportNeedsTheExporter(t *testing.T) {
	f := newFixture(t)
	id := f.driveTo(t, data.StateFollowUp)
	f.followUp(t, id)
	m := f.manager("director", nil)
	m.env.Docs = nil
	m.Open(id)
	w := m.find(id)
	if w.header.Export.Visible() {
		t.Error("export offered without an exporter")
	}
	act(t, w, data.ActClose, "资料齐全，归档。")
	if f.state(id) != data.StateClosed {
		t.Errorf("archiving without an exporter left the case in %s", f.state(id))
	}
}

// TestExportArchivedDossier exports the dossier of an archived case from
// its window: the archived file, byte for byte, as stored when the case
// was closed; not a new rendering.
func TestExportArchivedDossier(t *testing.T) {
	f := newFixture(t)
	id := f.driveTo(t, data.StateFollowUp)
	f.followUp(t, id)
	must(t, f.do("director", id, data.ActClose))
	_, archived, err := f.s.ArchivedDossier(id)
	must(t, err)
	w := f.open("staff", id)
	doc := Document{Kind: "dossier", Title: "升级事项案卷（归档件）", FileName: "dossier.pdf", Archived: true}
	path := filepath.Join(t.TempDir(), doc.FileName)
	wr, err := storage.Writer(storage.NewFileURI(path))
	must(t, err)
	before := len(f.docs.written)
	w.onExportTarget(doc, wr, nil)
	got, err := os.ReadFile(path)
	must(t, err)
	if !bytes.Equal(got, archived) || !strings.Contains(string(got), "archived dossier of") {
		t.Errorf("exported %q, archived %q", got, archived)
	}
	if len(f.docs.written) != before {
		t.Error("the archived dossier was rendered again")
	}
	if _, _, err := f.s.ArchivedFile(got); err != nil {
		t.Errorf("the exported file is not the archived one: %v", err)
	}
}

// followUp records the training and the post-evaluation of case id, so
// that it can be archived.
func (f *fixture) followUp(t *testing.T, id uint) {
	t.Helper()
	must(t, f.s.SaveStage(f.sess(f.u["sysadmin"]), &data.Training{CaseID: id, Date: "2026-04-14", Audience: "流通部",
		Content: "新版借还界面", Trainer: "李工", Attendees: 12}))
	must(t, f.s.SaveStage(f.sess(f.u["director"]), &data.Evaluation{CaseID: id, Effect: "排队时间缩短", CostBenefit: "费用合理",
		Outcome: "good", Conclusion: "达到预期"}))
}

// TestArchivingWithSignaturesOutstanding: while a decision confirmed on
// paper has no scan filed, 归档 is refused with the reason in the dialog;
// the 信息主管's reason for archiving all the same lets it through, and
// the reason is kept with the archive entry.
func TestArchivingWithSignaturesOutstanding(t *testing.T) {
	f := newFixture(t)
	f.onPaper = map[string]bool{"leader": true}
	id := f.driveTo(t, data.StateFollowUp)
	f.followUp(t, id)
	w := f.open("director", id)
	test.Tap(w.header.ActionButtons[data.ActClose])
	d := w.actionDlg
	if d == nil || !d.Override.Visible() {
		t.Fatal("the 归档 dialog does not ask for a reason to archive with signatures outstanding")
	}
	test.Type(d.Opinion, "资料齐全，归档。")
	test.Tap(d.OK)
	if w.actionDlg == nil || f.state(id) == data.StateClosed || !strings.Contains(d.Problem.Text, "纸质签字件未收回") {
		t.Fatalf("archived with signatures outstanding; dialog says %q", d.Problem.Text)
	}
	test.Type(d.Override, "签字件原件由馆办留存。")
	test.Tap(d.OK)
	if w.actionDlg != nil || f.state(id) != data.StateClosed {
		t.Fatalf("the reason did not let the case be archived: %q", d.Problem.Text)
	}
	e, _, err := f.s.ArchivedDossier(id)
	must(t, err)
	if e.PaperOverride != "签字件原件由馆办留存。" {
		t.Errorf("archive entry keeps %q", e.PaperOverride)
	}
}
