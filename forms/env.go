// Package forms holds the case window of the desktop client: one tab per
// stage of the procedure, each a form bound to its record in the store,
// with the actions the signed-in user may take. It never imports
// fyne.io/fyne/v2/app, so it is tested with fyne.io/fyne/v2/test.
package forms

import (
	"io"
	"time"

	"fyne.io/fyne/v2"

	"upgradedesk/data"
	"upgradedesk/forms/uikit"
)

// Env is what case windows need from the client.
type Env struct {
	App   fyne.App
	Store *data.Store
	// Session is the signed-in user's session, which every change the
	// windows make is taken under.
	Session *data.Session
	// Docs writes the PDF documents of a case; nil hides the export buttons.
	Docs Exporter
	// Changed is called after a window saved a record or took an action,
	// so that the client's lists refresh. It may be nil.
	Changed func(caseID uint)
	// Jobs runs the windows' slow work off the UI goroutine, the client's
	// runner; nil gives them one of their own.
	Jobs *uikit.Jobs
	// Places remembers where case windows were on this PC; nil opens them
	// at their default size.
	Places *uikit.Places
	// SpareAfter is how long after the manager starts, and after each case
	// window appears, it builds a window ahead for the next case opened
	// (building one takes 40–50 ms of the UI goroutine); 0 builds none.
	SpareAfter time.Duration
	// Calendar writes downtime windows as an iCalendar (.ics) file, each
	// system named by name; nil hides the .ics export.
	Calendar func(w io.Writer, entries []data.ScheduleEntry, name func(uint) string) error
}

// Document is one PDF document of a case.
type Document struct {
	Kind     string // "request", "assessment", "plan", "acceptance", "rollback", "registration", "dossier"
	Title    string // shown on the button and in the save dialog
	FileName string // suggested file name
	// Archived is set for the dossier archived with a closed case: it is
	// exported as stored, byte for byte (data.Store.ArchivedDossier), not
	// rendered by the Exporter.
	Archived bool
}

// Exporter turns a case's records into its PDF documents.
type Exporter interface {
	// Documents lists the documents the case has at its current stage;
	// for an archived case, the archived dossier (Archived) first.
	Documents(d *data.Dossier) []Document
	// Write writes one document of the case.
	Write(w io.Writer, doc Document, d *data.Dossier) error
}
