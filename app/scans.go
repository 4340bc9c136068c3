package app

import (
	"bytes"
	"context"
	"fmt"
	"image"
	_ "image/jpeg" // previews of scanned pages
	_ "image/png"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"upgradedesk/data"
	"upgradedesk/forms/uikit"
	"upgradedesk/reports"
	"upgradedesk/reports/scan"
)

// scanExts are the kinds of file the scan inbox takes.
var scanExts = []string{".pdf", ".jpg", ".jpeg", ".png", ".tif", ".tiff"}

// isScanFile reports whether path is a kind of file the inbox takes.
func isScanFile(path string) bool {
	p := strings.ToLower(path)
	for _, e := range scanExts {
		if strings.HasSuffix(p, e) {
			return true
		}
	}
	return false
}

// unsortedColumns are the columns of 待归类.
func unsortedColumns() []column[data.ScanPage] {
	return []column[data.ScanPage]{
		{"scans.col.source", "", 220, func(p *data.ScanPage) string {
			return lang.L("scans.source_page", map[string]any{"File": p.Source, "Page": p.SourcePage})
		}},
		{"scans.col.problem", "", 200, func(p *data.ScanPage) string { return lang.L(p.Problem) }},
		{"scans.col.code", "", 170, func(p *data.ScanPage) string { return p.Code }},
		{"scans.col.imported", "", 142, func(p *data.ScanPage) string { return formatTime(p.ImportedAt) }},
		{"scans.col.by", "", 80, func(p *data.ScanPage) string { return p.ImportedBy }},
	}
}

// dueColumns are the columns of 待回收签字件.
func dueColumns() []column[data.PaperDue] {
	return []column[data.PaperDue]{
		{"field.no", "", 118, func(d *data.PaperDue) string { return d.CaseNo }},
		{"scans.col.decision", "", 150, func(d *data.PaperDue) string { return lang.L(d.Decision.LabelKey()) }},
		{"scans.col.signer", "", 110, func(d *data.PaperDue) string { return d.Decision.ActorText(uikit.Language()) }},
		{"scans.col.at", "", 142, func(d *data.PaperDue) string { return formatTime(d.Decision.At) }},
		{"scans.col.printed_by", "", 120, func(d *data.PaperDue) string {
			return strings.Join(d.PrintedBy, lang.L("list.sep"))
		}},
		{"scans.col.status", "", 200, dueStatus},
	}
}

// dueStatus says whether a signed copy came back stale.
func dueStatus(d *data.PaperDue) string {
	if d.Stale != nil {
		return lang.L("scans.due.stale")
	}
	return lang.L("scans.due.out")
}

// scansTab is the 签字件 tab: the scan inbox (import, the watched
// folder), the print pack, 待归类 and 待回收签字件.
type scansTab struct {
	s    *session
	item *container.TabItem

	importBtn, packBtn *uikit.Button
	watchNote          *widget.Label

	unsorted     []data.ScanPage
	unsortedGrid *grid[data.ScanPage]
	unsortedHead *widget.Label
	preview      *canvas.Image
	previewNote  *widget.Label
	fileBtn      *uikit.Button
	discardBtn   *uikit.Button

	due     []data.PaperDue
	dueGrid *grid[data.PaperDue]
	dueHead *widget.Label
	inner   *container.AppTabs
}

func newScansTab(s *session) *scansTab {
	t := &scansTab{s: s}
	t.unsortedGrid = sliceGrid(unsortedColumns(), 1, &t.unsorted).keepWhole(3)
	t.unsortedGrid.onSelect = t.onSelectUnsorted
	t.dueGrid = sliceGrid(dueColumns(), 5, &t.due).keepWhole(0, 3)
	t.dueGrid.onOpen = func(i int) {
		if i >= 0 && i < len(t.due) {
			s.cases.Open(t.due[i].Decision.CaseID)
		}
	}
	t.item = container.NewTabItemWithIcon(lang.L("tab.scans"), theme.FileImageIcon(), t.buildUI())
	return t
}

func (t *scansTab) tabItem() *container.TabItem { return t.item }

func (t *scansTab) buildUI() fyne.CanvasObject {
	t.importBtn = uikit.NewButtonWithIcon(lang.L("scans.import"), theme.UploadIcon(), t.s.chooseScans)
	t.importBtn.Importance = widget.HighImportance
	t.packBtn = uikit.NewButtonWithIcon(lang.L("scans.pack"), theme.DocumentPrintIcon(), t.s.printPackForMe)
	enable(t.importBtn, t.s.canWrite())
	enable(t.packBtn, t.s.canWrite())
	t.watchNote = widget.NewLabel("")
	t.watchNote.Importance = widget.LowImportance
	drop := widget.NewLabel(lang.L("scans.drop_hint"))
	drop.Importance = widget.LowImportance
	bar := container.NewHBox(t.importBtn, t.packBtn, drop, layout.NewSpacer(), t.watchNote)

	t.unsortedHead = widget.NewLabel("")
	t.preview = canvas.NewImageFromImage(nil)
	t.preview.FillMode = canvas.ImageFillContain
	t.preview.SetMinSize(fyne.NewSize(360, 480))
	t.previewNote = widget.NewLabelWithStyle(lang.L("scans.preview_none"), fyne.TextAlignCenter, fyne.TextStyle{})
	t.previewNote.Importance = widget.LowImportance
	t.fileBtn = uikit.NewButtonWithIcon(lang.L("scans.file_by_hand"), theme.MailForwardIcon(), t.onFile)
	t.discardBtn = uikit.NewButtonWithIcon(lang.L("scans.discard"), theme.DeleteIcon(), t.onDiscard)
	t.fileBtn.Disable()
	t.discardBtn.Disable()
	side := container.NewBorder(nil, container.NewHBox(layout.NewSpacer(), t.fileBtn, t.discardBtn), nil, nil,
		container.NewStack(t.preview, container.NewCenter(t.previewNote)))
	unsorted := container.NewBorder(t.unsortedHead, nil, nil, side, t.unsortedGrid.root)

	t.dueHead = widget.NewLabel("")
	due := container.NewBorder(t.dueHead, nil, nil, nil, t.dueGrid.root)
	t.inner = container.NewAppTabs(
		container.NewTabItem(lang.L("scans.unsorted"), unsorted),
		container.NewTabItem(lang.L("scans.due"), due))
	return container.NewBorder(bar, nil, nil, nil, t.inner)
}

// scansData is what the tab shows.
type scansData struct {
	unsorted []data.ScanPage
	due      []data.PaperDue
}

// outstandingFor lists the signatures outstanding that concern u: all of
// them for an IT director; else those u is to sign and those of the copies
// u printed.
func outstandingFor(store *data.Store, u *data.User) ([]data.PaperDue, error) {
	if u.HasRole(data.RoleITDirector) {
		return store.PaperOutstanding(data.PaperFilter{})
	}
	mine, err := store.PaperOutstanding(data.PaperFilter{SignerID: u.ID})
	if err != nil {
		return nil, err
	}
	printed, err := store.PaperOutstanding(data.PaperFilter{PrinterID: u.ID})
	if err != nil {
		return nil, err
	}
	seen := map[uint]bool{}
	for _, d := range mine {
		seen[d.Decision.ID] = true
	}
	for _, d := range printed {
		if !seen[d.Decision.ID] {
			mine = append(mine, d)
		}
	}
	return mine, nil
}

func (t *scansTab) refresh() {
	store, user := t.s.store, t.s.user
	uikit.Background(t.s.jobs, func() (scansData, error) {
		un, err := store.UnsortedScans()
		if err != nil {
			return scansData{}, err
		}
		due, err := outstandingFor(store, user)
		return scansData{un, due}, err
	}, func(d scansData, err error) {
		if err != nil {
			t.unsortedHead.SetText(errorText(err))
			fyne.LogError("scans", err)
			return
		}
		t.show(d)
	})
}

func (t *scansTab) show(d scansData) {
	t.unsorted, t.due = d.unsorted, d.due
	t.unsortedGrid.clearSelection()
	t.unsortedGrid.refresh()
	t.dueGrid.clearSelection()
	t.dueGrid.refresh()
	t.unsortedHead.SetText(lang.L("scans.unsorted_count", map[string]any{"N": len(d.unsorted)}))
	t.dueHead.SetText(lang.L("scans.due_count", map[string]any{"N": len(d.due)}))
	t.inner.Items[0].Text = lang.L("scans.unsorted_tab", map[string]any{"N": len(d.unsorted)})
	t.inner.Items[1].Text = lang.L("scans.due_tab", map[string]any{"N": len(d.due)})
	t.inner.Refresh()
	t.showPreview(-1)
}

func (t *scansTab) onSelectUnsorted(i int) {
	ok := i >= 0 && i < len(t.unsorted)
	enable(t.fileBtn, ok && t.s.canWrite())
	enable(t.discardBtn, ok && t.s.canWrite())
	t.showPreview(i)
}

// showPreview shows the image of page i of 待归类 (none for -1).
func (t *scansTab) showPreview(i int) {
	if i < 0 || i >= len(t.unsorted) {
		t.preview.Image = nil
		t.preview.Refresh()
		t.previewNote.SetText(lang.L("scans.preview_none"))
		t.previewNote.Show()
		return
	}
	id, store := t.unsorted[i].ID, t.s.store
	uikit.Background(t.s.jobs, func() (image.Image, error) {
		b, err := store.ScanPageImage(id)
		if err != nil {
			return nil, err
		}
		img, _, err := image.Decode(bytes.NewReader(b))
		return img, err
	}, func(img image.Image, err error) {
		if err != nil {
			t.preview.Image = nil
			t.previewNote.SetText(lang.L("scans.preview_failed"))
			t.previewNote.Show()
		} else {
			t.preview.Image = img
			t.previewNote.Hide()
		}
		t.preview.Refresh()
	})
}

// onFile asks for the case number and files the selected page on it.
func (t *scansTab) onFile() {
	p, ok := t.unsortedGrid.selectedRow()
	if !ok {
		return
	}
	page := *p
	no := newEntry(data.ValidCaseNo)
	no.SetPlaceHolder("SJ-2026-0001")
	if page.Code != "" {
		if _, caseNo, ok := data.ParseDocCode(page.Code); ok {
			no.SetText(caseNo)
		}
	}
	d := uikit.NewFormDialog(lang.L("scans.file_title"), lang.L("scans.file_confirm"), []*widget.FormItem{formItem("field.no", no)},
		func(ok bool) {
			if ok {
				t.fileOn(page, strings.TrimSpace(no.Text))
			}
		}, t.s.win)
	d.Show()
}

// fileOn files page on the case numbered no, as its image.
func (t *scansTab) fileOn(page data.ScanPage, no string) {
	store, login := t.s.store, t.s.login
	uikit.Background(t.s.jobs, func() (*data.Attachment, error) {
		c, err := store.CaseByNo(no)
		if err != nil {
			return nil, err
		}
		img, err := store.ScanPageImage(page.ID)
		if err != nil {
			return nil, err
		}
		name := fmt.Sprintf("scan-%d%s", page.ID, imageExt(img))
		return store.FileUnsorted(login, c.ID, []uint{page.ID}, name, img)
	}, func(_ *data.Attachment, err error) {
		if err != nil {
			t.s.showError("file scan", err)
			return
		}
		t.s.changed(false)
	})
}

// imageExt names the kind of a stored page image.
func imageExt(b []byte) string {
	if bytes.HasPrefix(b, []byte("\x89PNG")) {
		return ".png"
	}
	return ".jpg"
}

// onDiscard throws the selected page away, after asking.
func (t *scansTab) onDiscard() {
	p, ok := t.unsortedGrid.selectedRow()
	if !ok {
		return
	}
	id, store, login := p.ID, t.s.store, t.s.login
	uikit.ShowConfirm(t.s.win, uikit.ConfirmSpec{Title: lang.L("scans.discard"),
		Message: lang.L("scans.discard_confirm", map[string]any{"File": p.Source, "Page": p.SourcePage}),
		Confirm: lang.L("scans.discard"), Danger: true, OnConfirm: func() {
			uikit.Background(t.s.jobs, func() (struct{}, error) {
				return struct{}{}, store.DiscardUnsorted(login, id, lang.L("scans.discard_reason"))
			}, func(_ struct{}, err error) {
				if err != nil {
					t.s.showError("discard scan", err)
					return
				}
				t.s.changed(false)
			})
		}})
}

// chooseScans asks for a scan file and imports it.
func (s *session) chooseScans() {
	uikit.AskOpenFile(s.win, uikit.FileSpec{Title: lang.L("scans.import_title"), Exts: scanExts},
		func(r fyne.URIReadCloser, err error) {
			if err != nil {
				s.showError("choose scans", err)
				return
			}
			if r == nil {
				return // cancelled
			}
			path := r.URI().Path()
			r.Close()
			s.importScans([]string{path}, nil)
		})
}

// onDropped imports the scans dropped on the main window.
func (s *session) onDropped(_ fyne.Position, uris []fyne.URI) {
	var paths []string
	for _, u := range uris {
		if u.Scheme() != "file" {
			continue
		}
		if ok, _ := storage.CanList(u); ok || isScanFile(u.Path()) {
			paths = append(paths, u.Path())
		}
	}
	if len(paths) == 0 {
		uikit.ShowInfo(s.win, lang.L("scans.import_title"), lang.L("scans.drop_none"), nil)
		return
	}
	s.importScans(paths, nil)
}

// scanImport is a running import of scans: a progress bar and 取消.
type scanImport struct {
	s      *session
	dlg    *uikit.Dialog
	bar    *widget.ProgressBar
	file   *widget.Label
	cancel *uikit.Button
	stop   context.CancelFunc
}

// importScans imports paths in the background with progress and 取消,
// then shows what became of them; done, when set, runs after with the
// report (the watched folder moves what it imported).
func (s *session) importScans(paths []string, done func(*scan.Report, error)) {
	ctx, stop := context.WithCancel(s.ctx)
	x := &scanImport{s: s, bar: widget.NewProgressBar(), file: widget.NewLabel(""), stop: stop}
	x.cancel = uikit.NewButton(lang.L("Cancel"), func() {
		x.cancel.Disable()
		stop()
	})
	x.dlg = uikit.NewDialog(lang.L("scans.importing"), container.NewVBox(x.file, x.bar), s.win)
	x.dlg.SetButtons(x.cancel)
	x.dlg.OnEscape(x.cancel.OnTapped)
	x.dlg.Resize(fyne.NewSize(520, 0))
	x.dlg.Show()
	store, login := s.store, s.login
	type result struct {
		r   *scan.Report
		nos map[uint]string
	}
	uikit.Background(s.jobs, func() (result, error) {
		r, err := scan.Import(ctx, store, login, paths, func(n, total int, file string) {
			s.jobs.Do(func() {
				x.bar.SetValue(float64(n) / float64(max(total, 1)))
				x.file.SetText(lang.L("scans.progress", map[string]any{"Done": n, "Total": total,
					"File": shortName(file)}))
			})
		})
		return result{r, caseNos(store, r)}, err
	}, func(res result, err error) {
		stop()
		x.dlg.Hide()
		if done != nil {
			done(res.r, err)
		}
		s.showScanReport(scanReportText(res.r, err, res.nos))
		s.changed(false)
	})
}

// caseNos returns the numbers of the cases of the documents of r.
func caseNos(store *data.Store, r *scan.Report) map[uint]string {
	nos := map[uint]string{}
	if r == nil {
		return nos
	}
	for _, d := range r.Docs {
		if _, ok := nos[d.CaseID]; !ok && d.CaseID != 0 {
			if c, err := store.Case(d.CaseID); err == nil {
				nos[d.CaseID] = c.No
			}
		}
	}
	return nos
}

// shortName is the last element of a path.
func shortName(path string) string {
	if i := strings.LastIndexAny(path, `/\`); i >= 0 {
		return path[i+1:]
	}
	return path
}

// scanReportText says what an import did: per file, the pages read, the
// duplicates and the pages sent to 待归类; per document, filed on which
// case and decisions, the missing pages, or 签字件与现记录不一致 with what
// changed.
func scanReportText(r *scan.Report, err error, nos map[uint]string) string {
	var lines []string
	if err != nil {
		lines = append(lines, errorText(err))
	}
	if r == nil {
		return strings.Join(lines, "\n")
	}
	var pages, dups, unsorted int
	for _, f := range r.Files {
		if f.Err != nil {
			lines = append(lines, "✗ "+errorText(f.Err))
			continue
		}
		pages, dups, unsorted = pages+f.Pages, dups+f.Duplicates, unsorted+f.Unsorted
		lines = append(lines, lang.L("scans.report.file", map[string]any{"File": shortName(f.Path),
			"Pages": f.Pages, "Duplicates": f.Duplicates, "Unsorted": f.Unsorted}))
	}
	for _, d := range r.Docs {
		args := map[string]any{"Code": d.Code, "No": nos[d.CaseID]}
		switch {
		case d.Err != nil:
			lines = append(lines, "✗ "+d.Code+": "+errorText(d.Err))
		case d.Filed == nil:
			set := data.ScanSet{Pages: 0, ByPage: map[int]data.ScanPage{}}
			args["Missing"] = missingPagesText(set, d.Missing)
			lines = append(lines, lang.L("scans.report.waiting", args))
		case d.Filed.Stale:
			lines = append(lines, lang.L("scans.report.stale", args))
			for _, c := range d.Filed.Changes {
				lines = append(lines, "    · "+c)
			}
		default:
			args["N"] = len(d.Filed.Marked)
			lines = append(lines, lang.L("scans.report.filed", args))
		}
	}
	head := lang.L("scans.report.total", map[string]any{"Pages": pages, "Duplicates": dups, "Unsorted": unsorted})
	return strings.Join(append([]string{head}, lines...), "\n")
}

// missingPagesText names the missing pages as data.ScanSet does.
func missingPagesText(set data.ScanSet, missing []int) string {
	have := map[int]bool{}
	for _, n := range missing {
		set.Pages = max(set.Pages, n)
		have[n] = true
	}
	for n := 1; n <= set.Pages; n++ {
		if !have[n] {
			set.ByPage[n] = data.ScanPage{}
		}
	}
	return set.MissingText(uikit.Language())
}

// showScanReport shows the summary of an import.
func (s *session) showScanReport(text string) {
	label := wrappedLabel(text)
	box := container.NewVScroll(label)
	box.SetMinSize(fyne.NewSize(640, 320))
	s.scanReport = showScrolling(s.win, lang.L("scans.report.title"), box)
	s.scanReportText = text
}

// printPackForMe writes the print pack of the signed-in user's
// outstanding signatures.
func (s *session) printPackForMe() {
	s.savePrintPack(data.PaperFilter{SignerID: s.user.ID},
		lang.L("scans.pack_for_user", map[string]any{"Name": s.user.FullName}),
		lang.L("scans.pack_file", map[string]any{"Name": s.user.FullName})+".pdf")
}

// savePrintPack asks where to save the print pack of the signatures f
// lists, writes it and records the copies as printed.
func (s *session) savePrintPack(f data.PaperFilter, title, name string) {
	store, login, now := s.store, s.login, s.c.clock()
	uikit.AskSaveFile(s.win, uikit.FileSpec{Title: lang.L("scans.pack"), Name: name, Exts: []string{".pdf"}},
		func(wr fyne.URIWriteCloser, err error) {
			if err != nil {
				s.showError("choose file", err)
				return
			}
			if wr == nil {
				return // cancelled
			}
			busy := showBusy(s.win, lang.L("export.writing"), nil)
			uikit.Background(s.jobs, func() (int, error) {
				var docs []reports.PackDoc
				err := uikit.WriteAll(wr, func() ([]byte, error) {
					due, err := store.PaperOutstanding(f)
					if err != nil {
						return nil, err
					}
					var buf bytes.Buffer
					docs, err = reports.PrintPack(&buf, store, due, title, now())
					return buf.Bytes(), err
				})
				if err != nil {
					return 0, err
				}
				copies := make([]data.PaperCopy, len(docs))
				for i, d := range docs {
					copies[i] = d.Copy
				}
				return len(docs), store.RecordPrints(login, copies)
			}, func(_ int, err error) {
				busy.Hide()
				if err != nil {
					s.showError("print pack", err)
					return
				}
				uikit.OfferOpen(s.c.app, s.win, wr.URI())
				s.changed(false)
			})
		})
}
