package forms

import (
	"image/color"
	"slices"
	"time"

	"fyne.io/fyne/v2/canvas"

	"upgradedesk/data"
	"upgradedesk/forms/uikit"
)

// Manager opens case windows and keeps track of them, so that a case is
// open in one window at a time and open windows follow changes made on
// other PCs.
type Manager struct {
	env *Env
	// windows are the open windows; a new request not saved yet has
	// case ID 0.
	windows []*caseWindow
	// jobs runs slow work off the UI goroutine.
	jobs *uikit.Jobs
	// user is the signed-in user as at sign-in, for the rules the windows
	// apply before asking the store.
	user *data.User
	// spare is a window built ahead for the next case opened, while the
	// user reads the lists (Env.SpareAfter); spareDue says one is coming.
	spare    *caseWindow
	spareDue bool
	// ended counts CloseAll calls: a spare coming for an earlier count is
	// not built.
	ended int
}

// NewManager returns a manager of case windows for env.
func NewManager(env *Env) *Manager {
	j := env.Jobs
	if j == nil {
		j = &uikit.Jobs{}
	}
	m := &Manager{env: env, jobs: j, user: env.Session.User()}
	m.prepareSpare()
	return m
}

// Open opens the window of a case, or brings it to the front.
func (m *Manager) Open(caseID uint) {
	if w := m.find(caseID); w != nil {
		w.win.RequestFocus()
		return
	}
	m.show(m.window(caseID))
}

// NewCase opens an empty request form for a new case.
func (m *Manager) NewCase() { m.show(m.window(0)) }

// window returns a window for case id: the spare, or one built now.
func (m *Manager) window(id uint) *caseWindow {
	w := m.spare
	if w == nil {
		return newCaseWindow(m, id)
	}
	m.spare = nil
	w.setCase(id)
	return w
}

// prepareSpare builds a spare window Env.SpareAfter from now, unless one is
// there or coming.
func (m *Manager) prepareSpare() {
	after := m.env.SpareAfter
	if after <= 0 || m.spare != nil || m.spareDue {
		return
	}
	m.spareDue = true
	ended := m.ended
	time.AfterFunc(after, func() {
		m.jobs.Do(func() {
			m.spareDue = false
			if m.spare == nil && m.ended == ended {
				m.spare = buildCaseWindow(m)
			}
		})
	})
}

// dropSpare lets the spare window go. Fyne keeps a window never shown in
// its list of windows until the client ends, so it is left empty.
func (m *Manager) dropSpare() {
	if m.spare != nil {
		m.spare.win.SetContent(canvas.NewRectangle(color.Transparent))
		m.spare = nil
	}
}

// show reads the case and shows its window once it shows the case, on
// the tab of the user's step: the window is drawn once, complete. Shown
// at once, it was drawn empty first, then filled, then its tabs' underline
// slid over to the step's tab, each a frame of the whole window.
func (m *Manager) show(w *caseWindow) {
	m.windows = append(m.windows, w)
	w.fetchLatest(func(cd *caseData) {
		w.apply(cd)
		w.appear()
	})
}

// appear shows the window, where this PC had the last one, if it is not
// shown yet.
func (w *caseWindow) appear() {
	if w.shown {
		return
	}
	w.shown = true
	w.win.Show()
	w.m.env.Places.Move(w.win, caseWindowPlace)
	uikit.ReleaseMemorySoon()
	w.m.prepareSpare()
}

// Refresh reloads every open window whose case changed elsewhere, keeping
// unsaved edits.
func (m *Manager) Refresh() {
	for _, w := range m.windows {
		if w.caseID != 0 {
			w.refresh()
		}
	}
}

// refresh reads the case again when it changed (its audit stamp moved)
// and shows it: forms with unsaved edits keep them, and the window shows
// the banner; every form tells who changed which of its fields.
func (w *caseWindow) refresh() {
	var stamp int64
	id := w.caseID
	w.run(func() (err error) {
		stamp, err = w.store().CaseStamp(id)
		return err
	}, func(err error) {
		if err != nil || w.cd == nil || w.cd.lastChange() == nil || stamp != w.cd.lastChange().Seq {
			w.reloadChanged()
		}
	})
}

// reloadChanged reads the case and shows it; over unsaved edits it shows
// the banner too.
func (w *caseWindow) reloadChanged() {
	w.fetchLatest(func(cd *caseData) {
		if !cd.changedSince(w.cd) {
			return
		}
		dirty := w.dirty()
		w.apply(cd)
		if dirty {
			w.header.showBanner()
		}
	})
}

// CloseAll closes every case window, asking about unsaved edits first,
// then calls then: at once when no window had unsaved edits, else once the
// user saved or discarded them in every window that asked. Should the user
// go back to a window instead, then is not called: signing out or closing
// the client waits for them.
//
// Windows without unsaved edits close at once; each window with edits
// comes to the front and asks whether to save or discard them.
func (m *Manager) CloseAll(then func()) {
	m.ended++
	m.dropSpare()
	asking := 0
	for _, w := range append([]*caseWindow(nil), m.windows...) {
		if !w.dirty() {
			w.close()
			continue
		}
		asking++
		w.askUnsaved(func() {
			w.close()
			if asking--; asking == 0 && len(m.windows) == 0 {
				then()
			}
		})
	}
	if asking == 0 {
		then()
	}
}

// find returns the open window of a case, nil when there is none.
func (m *Manager) find(caseID uint) *caseWindow {
	for _, w := range m.windows {
		if w.caseID == caseID && caseID != 0 {
			return w
		}
	}
	return nil
}

// forget drops a closed window.
func (m *Manager) forget(w *caseWindow) {
	if i := slices.Index(m.windows, w); i >= 0 {
		m.windows = slices.Delete(m.windows, i, i+1) // which clears the freed slot
	}
}
