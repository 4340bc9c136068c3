package forms

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"

	"upgradedesk/data"
	"upgradedesk/forms/uikit"
)

// part is a piece of a tab that shows the case.
type part interface {
	// load shows the case as read in cd.
	load(cd *caseData)
	// content returns the part's widgets; it is called once.
	content() fyne.CanvasObject
}

// caseWindow is the window of one case: a header with the actions and one
// tab per stage of the procedure. A new request has only its first tab
// until it is saved.
type caseWindow struct {
	m      *Manager
	win    fyne.Window
	caseID uint
	cd     *caseData

	header *caseHeader
	tabs   *uikit.Tabs
	items  []*container.TabItem
	// lazy are the tabs whose content is built when first shown.
	lazy map[*container.TabItem]lazyContent
	// tabParts are the parts of each tab.
	tabParts map[*container.TabItem][]part
	parts    []part
	frames   []*stageForm
	busy     int
	loads    int // reads of the case started, see fetchLatest
	// shown is set once the window is on the screen (see Manager.show);
	// closed when it closes: reads finishing after it show nothing.
	shown, closed bool

	// The forms and tabs, by stage.
	request     *stageForm
	forms       map[data.Form]*stageForm
	lists       map[data.Form]*recordList
	decisions   map[data.State]*decisionTab
	attachments *attachmentsTab
	history     *historyTab

	// The open dialogs, nil when closed.
	actionDlg   *actionDialog
	unsavedDlg  *unsavedPrompt
	conflictDlg *conflictDialog
	openDlg     *uikit.Dialog
}

// newCaseWindow builds the window of case id (0: a new request).
func newCaseWindow(m *Manager, id uint) *caseWindow {
	w := buildCaseWindow(m)
	w.setCase(id)
	return w
}

// buildCaseWindow builds a case window for no case yet (see setCase): what
// the manager keeps ahead for the next case opened.
func buildCaseWindow(m *Manager) *caseWindow {
	w := &caseWindow{m: m}
	w.win = m.env.App.NewWindow(lang.L("case.new_title"))
	w.win.SetIcon(uikit.Icon())
	w.header = newCaseHeader(w)
	w.items = w.buildTabs()
	w.tabs = uikit.NewTabs()
	w.tabs.OnSelected = w.onTabSelected
	main := container.NewBorder(w.header.content(), nil, nil, nil, w.tabs)
	w.win.SetContent(container.New(&windowLayout{w: w}, main, w.header.Progress, w.header.Banner))
	w.win.SetCloseIntercept(w.onCloseRequest)
	uikit.InstallKeys(w.win, uikit.WindowKeys{Save: w.onSaveAll, Refresh: w.onRefreshKey})
	return w
}

// setCase makes w the window of case id (0: a new request), with its tabs
// and the size this PC keeps for case windows.
func (w *caseWindow) setCase(id uint) {
	w.caseID = id
	w.showTabs()
	w.m.env.Places.Open(w.win, caseWindowPlace)
}

// caseWindowPlace is where this PC keeps the size and position of case
// windows. The first size fits a 1024×768 screen, and a 1366×768 one with
// a taskbar.
var caseWindowPlace = uikit.WindowPlace{Key: "window.case", Size: fyne.NewSize(1000, 660)}

// onRefreshKey reads the case again (F5), asking first about unsaved
// edits.
func (w *caseWindow) onRefreshKey() {
	if w.caseID != 0 {
		w.askUnsaved(w.reload)
	}
}

// onSaveAll saves every form with edits (Ctrl+S).
func (w *caseWindow) onSaveAll() {
	if w.dirty() {
		w.saveAll(func(bool) {})
	}
}

// showTabs shows every tab of a filed case, only the request of a new one.
func (w *caseWindow) showTabs() {
	if w.caseID == 0 {
		w.tabs.SetItems(w.items[:1])
	} else {
		w.tabs.SetItems(w.items)
	}
	w.onTabSelected(w.tabs.Selected())
}

func (w *caseWindow) store() *data.Store     { return w.m.env.Store }
func (w *caseWindow) user() *data.User       { return w.m.user }
func (w *caseWindow) session() *data.Session { return w.m.env.Session }

// run does work off the UI goroutine with the progress bar showing, then
// calls done with its error on the UI goroutine.
func (w *caseWindow) run(work func() error, done func(error)) {
	w.setBusy(1)
	uikit.Background(w.m.jobs, func() (struct{}, error) { return struct{}{}, work() }, func(_ struct{}, err error) {
		w.setBusy(-1)
		done(err)
	})
}

func (w *caseWindow) setBusy(d int) {
	w.busy += d
	w.header.showBusy(w.busy > 0)
}

// fetch reads the case off the UI goroutine and hands it to done.
func (w *caseWindow) fetch(done func(cd *caseData)) {
	var cd *caseData
	id := w.caseID
	w.run(func() (err error) {
		if id == 0 {
			cd, err = newCaseData(w.store(), w.user())
		} else {
			cd, err = loadCaseData(w.store(), w.user(), id)
		}
		return err
	}, func(err error) {
		if w.closed {
			return // read for a window closed meanwhile: nothing to show it in
		}
		if err != nil {
			w.appear() // to tell why it shows no case
			uikit.ShowError("load case", err, w.win)
			return
		}
		done(cd)
	})
}

// reload reads the case again and shows it; unsaved edits stay.
func (w *caseWindow) reload() { w.fetchLatest(w.apply) }

// fetchLatest is fetch for reads that show the case: when reads overlap,
// only the last one started is handed on, so that an older read never
// replaces a newer one.
func (w *caseWindow) fetchLatest(done func(cd *caseData)) {
	w.loads++
	seq := w.loads
	w.fetch(func(cd *caseData) {
		if seq == w.loads {
			done(cd)
		}
	})
}

// apply shows cd in every part of the window; the first time, the window
// turns to the tab of the user's step.
func (w *caseWindow) apply(cd *caseData) {
	first := w.cd == nil
	w.cd = cd
	w.header.load(cd)
	for _, p := range w.parts {
		p.load(cd)
	}
	if !w.dirty() {
		w.header.hideBanner()
	}
	w.updateTitle()
	if first {
		w.openOnPending(cd)
	}
}

// dirty reports whether any form has unsaved edits.
func (w *caseWindow) dirty() bool {
	for _, fr := range w.frames {
		if fr.unsaved() {
			return true
		}
	}
	return false
}

// dirtyFrames returns the forms with unsaved edits.
func (w *caseWindow) dirtyFrames() []*stageForm {
	var out []*stageForm
	for _, fr := range w.frames {
		if fr.unsaved() {
			out = append(out, fr)
		}
	}
	return out
}

// updateTitle shows the case and a mark for unsaved edits in the title.
func (w *caseWindow) updateTitle() {
	title := lang.L("case.new_title")
	if w.cd != nil && w.caseID != 0 {
		title = w.cd.c().No + " " + w.cd.c().Title
	}
	if w.dirty() {
		title = "* " + title
	}
	w.win.SetTitle(title + " — " + lang.L("app.name"))
}

// afterSave reads the case again after a record was saved and tells the
// client. The first save of a new request makes it a filed case.
func (w *caseWindow) afterSave() { w.afterSaveRead(nil) }

// afterSaveRead is afterSave with the case as read right after the save,
// in the same step (see readAfter), when it was.
func (w *caseWindow) afterSaveRead(r *rereading) {
	if w.caseID == 0 {
		id := w.request.createdID()
		if id == 0 {
			return
		}
		w.caseID = id // the manager now finds the window by its case
		w.showTabs()
		r = nil // read before the case had its number
	}
	r.show(w)
	w.notifyChanged()
}

// rereading is the case read again off the UI goroutine right after a
// save or an action, in the same step, so that the window shows its new
// state at once, in one frame, instead of after another trip to the
// database.
type rereading struct {
	w   *caseWindow
	id  uint
	seq int
	cd  *caseData
}

// readAfter starts a rereading: it counts as the window's latest read,
// so that an older read finishing later does not replace it.
func (w *caseWindow) readAfter() *rereading {
	w.loads++
	return &rereading{w: w, id: w.caseID, seq: w.loads}
}

// work reads the case; off the UI goroutine. A case not filed yet, or a
// read that fails, is read again by show.
func (r *rereading) work() {
	if r.id != 0 {
		r.cd, _ = loadCaseData(r.w.store(), r.w.user(), r.id)
	}
}

// show shows the case read, or reads it again when it was not read or a
// later read was started meanwhile. A nil r reads again.
func (r *rereading) show(w *caseWindow) {
	if w.closed {
		return
	}
	if r == nil || r.cd == nil || r.seq != w.loads {
		w.reload()
		return
	}
	w.apply(r.cd)
}

// notifyChanged tells the client that the case changed.
func (w *caseWindow) notifyChanged() {
	if w.m.env.Changed != nil && w.caseID != 0 {
		w.m.env.Changed(w.caseID)
	}
}

// saveFailed tells the user why a save was refused; the typed text stays
// in the form. A conflict shows the fields in conflict and offers to keep
// the user's edits or the stored version.
func (w *caseWindow) saveFailed(fr *stageForm, err error) {
	if data.ErrorCode(err) == data.EConflict {
		w.showConflict(fr, err)
		return
	}
	uikit.ShowError("save "+string(fr.kind), err, w.win)
}

// onCloseRequest closes the window, asking first about unsaved edits.
func (w *caseWindow) onCloseRequest() {
	if !w.dirty() {
		w.close()
		return
	}
	w.askUnsaved(w.close)
}

// close closes the window without asking; this PC remembers its size
// and position for the next case window. Everything of the window goes
// with it (see uikit.ReleaseWindow): the tabs not in view too.
func (w *caseWindow) close() {
	w.closed = true
	w.m.env.Places.Remember(w.win, caseWindowPlace)
	w.m.forget(w)
	// The parts of tabs never shown are in no tab yet, but loading them
	// gave their widgets renderers.
	roots := make([]fyne.CanvasObject, 0, len(w.items)+len(w.parts))
	for _, it := range w.items {
		roots = append(roots, it.Content)
	}
	for _, p := range w.parts {
		roots = append(roots, p.content())
	}
	uikit.ReleaseWindow(w.win, roots...)
}

// windowLayout lays out a case window: the header and tabs fill it; the
// progress bar of slow work lies as a thin line over the top of the tabs
// and the note that the case changed elsewhere over the bottom of the
// window, so that neither moves the form under the pointer.
type windowLayout struct {
	w *caseWindow
}

// progressHeight is the height of the progress line.
const progressHeight = 4

func (l *windowLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	main, progress, banner := objs[0], objs[1], objs[2]
	main.Move(fyne.NewPos(0, 0))
	main.Resize(size)
	top := l.w.header.content().Size().Height - progressHeight
	progress.Move(fyne.NewPos(0, top))
	progress.Resize(fyne.NewSize(size.Width, progressHeight))
	pad := theme.Padding() * 2
	width := size.Width - 2*pad
	height := banner.MinSize().Height
	banner.Resize(fyne.NewSize(width, height))
	banner.Move(fyne.NewPos(pad, size.Height-height-pad))
}

func (l *windowLayout) MinSize(objs []fyne.CanvasObject) fyne.Size { return objs[0].MinSize() }
