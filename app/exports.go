package app

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"upgradedesk/data"
	"upgradedesk/forms/uikit"
	"upgradedesk/reports"
)

// saveFile asks where to save a file suggested as name, makes its content
// with produce off the UI goroutine, writes it and offers to open it.
func (s *session) saveFile(title, name string, produce func() ([]byte, error)) {
	uikit.AskSaveFile(s.win, uikit.FileSpec{Title: title, Name: name, Exts: []string{filepath.Ext(name)}},
		func(wr fyne.URIWriteCloser, err error) {
			if err != nil {
				s.showError("choose file", err)
				return
			}
			if wr == nil {
				return // cancelled
			}
			busy := showBusy(s.win, lang.L("export.writing"), nil)
			uikit.Background(s.jobs, func() (struct{}, error) {
				return struct{}{}, uikit.WriteAll(wr, produce)
			}, func(_ struct{}, err error) {
				busy.Hide()
				if err != nil {
					s.showError("export", err)
					return
				}
				uikit.OfferOpen(s.c.app, s.win, wr.URI())
			})
		})
}

// exportCaseList writes the cases matching f as a spreadsheet.
func (s *session) exportCaseList(f data.CaseFilter) {
	store := s.store
	s.saveFile(lang.L("cases.export_xlsx_title"), lang.L("export.cases_file")+".xlsx",
		func() ([]byte, error) { return caseListXLSX(store, f) })
}

// caseListXLSX makes the spreadsheet of the cases matching f.
func caseListXLSX(store *data.Store, f data.CaseFilter) ([]byte, error) {
	rows, err := store.AllCases(f)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	err = reports.WriteCasesXLSX(&buf, rows)
	return buf.Bytes(), err
}

// exportLedger writes the software version ledger as PDF or spreadsheet.
func (s *session) exportLedger(xlsx bool) {
	store, now := s.store, s.c.clock()
	ext := ".pdf"
	if xlsx {
		ext = ".xlsx"
	}
	s.saveFile(lang.L("ledger.export_title"), lang.L("export.ledger_file")+ext,
		func() ([]byte, error) { return ledgerFile(store, xlsx, now()) })
}

// ledgerFile makes the ledger as a spreadsheet or as PDF.
func ledgerFile(store *data.Store, xlsx bool, now time.Time) ([]byte, error) {
	l, err := store.Ledger()
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if xlsx {
		err = reports.WriteLedgerXLSX(&buf, l)
	} else {
		err = reports.WriteLedger(&buf, store.LibraryName(), l, now)
	}
	return buf.Bytes(), err
}

// docsExport is a running export of every document of many cases: a
// progress bar and a cancel button.
type docsExport struct {
	s      *session
	dir    string
	dlg    *uikit.Dialog
	bar    *widget.ProgressBar
	cancel *uikit.Button
	stop   context.CancelFunc
	ctx    context.Context
}

// exportDocuments asks for a folder and writes every document of the cases
// matching f into a new folder in it, named after the time, one subfolder
// per case, on every core.
func (s *session) exportDocuments(f data.CaseFilter) {
	uikit.AskFolder(s.win, uikit.FileSpec{Title: lang.L("export.docs_pick")}, func(dir fyne.ListableURI, err error) {
		if err != nil {
			s.showError("choose folder", err)
			return
		}
		if dir == nil {
			return // cancelled
		}
		out, err := newExportFolder(dir.Path(), s.c.clock()())
		if err != nil {
			s.showError("export folder", uikit.NewProblem("export.folder_failed", err, "Dir", dir.Path()))
			return
		}
		s.startDocsExport(f, out)
	})
}

// newExportFolder makes a new folder in parent for an export started at
// t, named after the time (升级事项文档-20260315-0830, then -2, -3 … when
// taken), so that no export ever writes over an earlier one.
func newExportFolder(parent string, t time.Time) (string, error) {
	base := lang.L("export.docs_folder", map[string]any{"Time": t.Local().Format("20060102-1504")})
	for n := 1; ; n++ {
		name := base
		if n > 1 {
			name = fmt.Sprintf("%s-%d", base, n)
		}
		path := filepath.Join(parent, name)
		err := os.Mkdir(path, 0o755)
		if err == nil {
			return path, nil
		}
		if !errors.Is(err, fs.ErrExist) || n >= 100 {
			return "", err
		}
	}
}

func (s *session) startDocsExport(f data.CaseFilter, dir string) {
	ctx, stop := context.WithCancel(s.ctx)
	x := &docsExport{s: s, dir: dir, bar: widget.NewProgressBar(), stop: stop, ctx: ctx}
	x.cancel = uikit.NewButton(lang.L("export.cancel"), x.onCancel)
	into := wrappedLabel(lang.L("export.docs_into", map[string]any{"Dir": dir}))
	x.dlg = uikit.NewDialog(lang.L("export.docs_title"), container.NewVBox(into, x.bar), s.win)
	x.dlg.SetButtons(x.cancel)
	x.dlg.OnEscape(x.onCancel)
	x.dlg.Resize(fyne.NewSize(520, 0))
	x.dlg.Show()
	store := s.store
	uikit.Background(s.jobs, func() (reports.ExportSummary, error) {
		rows, err := store.AllCases(f)
		if err != nil {
			return reports.ExportSummary{}, err
		}
		ids := make([]uint, len(rows))
		for i, r := range rows {
			ids[i] = r.ID
		}
		return reports.ExportCases(ctx, store, ids, dir, runtime.NumCPU(), x.progress)
	}, x.finish)
}

// progress moves the bar; it is called from the export's goroutines.
func (x *docsExport) progress(done, total int) {
	x.s.jobs.Do(func() { x.bar.SetValue(float64(done) / float64(max(total, 1))) })
}

func (x *docsExport) onCancel() {
	x.cancel.Disable()
	x.stop()
}

// finish tells where the documents went, what was written and what
// failed; a cancelled export says so, with what it had written.
func (x *docsExport) finish(sum reports.ExportSummary, err error) {
	cancelled := x.ctx.Err() != nil
	x.stop()
	x.dlg.Hide()
	args := map[string]any{"Cases": sum.Cases, "Total": sum.Total, "Docs": sum.Documents,
		"MB": fmt.Sprintf("%.1f", float64(sum.Bytes)/(1<<20)), "Dir": x.dir}
	title, text := lang.L("export.docs_title"), lang.L("export.docs_done", args)
	if cancelled {
		title, text = lang.L("export.docs_cancelled_title"), lang.L("export.docs_cancelled", args)
	}
	if err != nil && !cancelled {
		fyne.LogError("export documents", err)
		lines := []string{text, lang.L("export.docs_failed", map[string]any{"N": sum.Failed})}
		for _, e := range sum.Errors {
			lines = append(lines, "· "+errorText(e))
		}
		if sum.Failed == 0 {
			lines = append(lines, errorText(err))
		}
		text = strings.Join(lines, "\n")
	}
	uikit.ShowInfo(x.s.win, title, text, nil)
}

// importLedger reads a ledger workbook chosen by the administrator and
// imports its systems and vendors, all or nothing.
func (s *session) importLedger(done func()) {
	uikit.AskOpenFile(s.win, uikit.FileSpec{Title: lang.L("import.title"), Exts: []string{".xlsx"}},
		func(r fyne.URIReadCloser, err error) {
			if err != nil {
				s.showError("choose workbook", err)
				return
			}
			if r == nil {
				return // cancelled
			}
			content, err := io.ReadAll(io.LimitReader(r, data.MaxWorkbookBytes+1))
			if cerr := r.Close(); err == nil {
				err = cerr
			}
			if err != nil {
				s.showError("read workbook", err)
				return
			}
			s.runImport(content, done)
		})
}

func (s *session) runImport(content []byte, done func()) {
	store, user := s.store, s.login
	busy := showBusy(s.win, lang.L("import.running"), nil)
	uikit.Background(s.jobs, func() (data.ImportSummary, error) {
		if err := data.CheckWorkbook(content); err != nil {
			return data.ImportSummary{}, err
		}
		systems, vendors, problems, err := reports.ReadLedgerXLSX(bytes.NewReader(content))
		if err != nil || len(problems) > 0 {
			return data.ImportSummary{Problems: problems}, err
		}
		return store.ImportLedger(s.ctx, user, systems, vendors)
	}, func(sum data.ImportSummary, err error) {
		busy.Hide()
		if len(sum.Problems) > 0 {
			s.showImportProblems(sum.Problems)
			return
		}
		if err != nil {
			s.showError("import ledger", err)
			return
		}
		uikit.ShowInfo(s.win, lang.L("import.title"), importSummaryText(sum), nil)
		done()
	})
}

// showImportProblems lists every bad row; nothing was imported.
func (s *session) showImportProblems(problems []data.ImportProblem) {
	lines := []string{lang.L("import.refused", map[string]any{"N": len(problems)})}
	for _, p := range problems {
		lines = append(lines, "· "+p.Message(uikit.Language()))
	}
	label := wrappedLabel(strings.Join(lines, "\n"))
	box := container.NewVScroll(label)
	box.SetMinSize(fyne.NewSize(560, 300))
	showScrolling(s.win, lang.L("import.title"), box)
}

func importSummaryText(sum data.ImportSummary) string {
	text := lang.L("import.done", map[string]any{"SystemsNew": sum.SystemsCreated, "SystemsChanged": sum.SystemsUpdated,
		"VendorsNew": sum.VendorsCreated, "VendorsChanged": sum.VendorsUpdated})
	for _, k := range sum.VersionsKept {
		text += "\n" + lang.L("import.version_kept", map[string]any{"System": k.System, "Have": k.Have, "Given": k.Given})
	}
	return text
}
