package app

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"upgradedesk/data"
	"upgradedesk/forms/uikit"
)

// lookups are the small master lists that name what records refer to.
type lookups struct {
	depts   []data.Department
	systems []data.System
	vendors []data.Vendor
	// users are read only where a form chooses people (代理).
	users []data.User
}

// loadLookups reads the departments, systems and vendors.
func loadLookups(store *data.Store) (lookups, error) {
	var l lookups
	var err error
	if l.depts, err = store.Departments(); err != nil {
		return l, err
	}
	if l.systems, err = store.Systems(); err != nil {
		return l, err
	}
	if l.vendors, err = store.Vendors(); err != nil {
		return l, err
	}
	data.SortByName(l.depts, func(d *data.Department) string { return d.Name })
	data.SortByName(l.systems, func(s *data.System) string { return s.Name })
	data.SortByName(l.vendors, func(v *data.Vendor) string { return v.Name })
	return l, nil
}

// deptName returns the name of department id.
func (l *lookups) deptName(id uint) string {
	for _, d := range l.depts {
		if d.ID == id {
			return d.Name
		}
	}
	return ""
}

// vendorName returns the name of vendor id, "" for none.
func (l *lookups) vendorName(id *uint) string {
	if id == nil {
		return ""
	}
	for _, v := range l.vendors {
		if v.ID == *id {
			return v.Name
		}
	}
	return ""
}

// systemRow is a system of the ledger with the names it refers to.
type systemRow struct {
	data.System
	Vendor string
	Dept   string
	// DependsOnNames names the systems it depends on, DependantNames
	// those that depend on it, directly.
	DependsOnNames, DependantNames string
}

// systemRows names the vendor and owner department of every system and
// the systems it depends on and that depend on it.
func (l *lookups) systemRows() []systemRow {
	names := map[uint]string{}
	for _, s := range l.systems {
		names[s.ID] = s.Name
	}
	dependants := map[uint][]string{}
	for _, s := range l.systems {
		for _, id := range s.DependsOn {
			dependants[id] = append(dependants[id], s.Name)
		}
	}
	sep := lang.L("value.list_sep")
	rows := make([]systemRow, len(l.systems))
	for i, s := range l.systems {
		var on []string
		for _, id := range s.DependsOn {
			on = append(on, names[id])
		}
		rows[i] = systemRow{System: s, Vendor: l.vendorName(s.VendorID), Dept: l.deptName(s.OwnerDeptID),
			DependsOnNames: strings.Join(on, sep), DependantNames: strings.Join(dependants[s.ID], sep)}
	}
	return rows
}

// systemColumns are the columns of the list of systems.
func systemColumns() []column[systemRow] {
	return []column[systemRow]{
		{"field.system_name", "", 200, func(r *systemRow) string { return r.Name }},
		{"field.system_code", "", 90, func(r *systemRow) string { return r.Code }},
		{"field.current_version", "", 110, func(r *systemRow) string { return r.CurrentVersion }},
		{"field.vendor", "", 160, func(r *systemRow) string { return r.Vendor }},
		{"field.owner_dept", "", 120, func(r *systemRow) string { return r.Dept }},
		{"field.installed_on", "", 104, func(r *systemRow) string { return r.InstalledOn }},
		{"field.depends_on", "", 220, func(r *systemRow) string { return r.DependsOnNames }},
	}
}

// versionColumns are the columns of a system's version history.
func versionColumns() []column[data.SystemVersion] {
	return []column[data.SystemVersion]{
		{"field.new_version", "", 110, func(v *data.SystemVersion) string { return v.Version }},
		{"field.old_version", "", 110, func(v *data.SystemVersion) string { return v.PrevVersion }},
		{"field.effective_date", "", 104, func(v *data.SystemVersion) string { return v.EffectiveDate }},
		{"field.upgrade_type", "", 120, func(v *data.SystemVersion) string { return choiceLabel("upgrade_type", v.UpgradeType) }},
		{"field.no", "", 118, func(v *data.SystemVersion) string { return v.CaseNo }},
		{"field.registrar", "", 90, func(v *data.SystemVersion) string { return v.Registrar }},
		{"field.notes", "", 160, versionNotes},
	}
}

// versionNotes is the notes of a version; the lines written when a
// system was entered in the ledger are named in the user's language.
func versionNotes(v *data.SystemVersion) string {
	if v.Notes == data.Label("ledger.initial_entry") {
		return lang.L("ledger.initial_entry")
	}
	return v.Notes
}

// vendorColumns are the columns of the list of vendors.
func vendorColumns() []column[data.Vendor] {
	return []column[data.Vendor]{
		{"field.vendor_name", "", 200, func(v *data.Vendor) string { return v.Name }},
		{"field.contact", "", 100, func(v *data.Vendor) string { return v.Contact }},
		{"field.phone", "", 140, func(v *data.Vendor) string { return v.Phone }},
		{"field.email", "", 190, func(v *data.Vendor) string { return v.Email }},
		{"field.contract_no", "", 140, func(v *data.Vendor) string { return v.ContractNo }},
	}
}

// choiceLabel returns the label of a fixed-choice value, "" for none.
func choiceLabel(list, value string) string {
	if value == "" {
		return ""
	}
	return lang.L(data.ChoiceKey(list, value))
}

// ledgerData is what the ledger tab shows.
type ledgerData struct {
	lookups
	history map[uint][]data.SystemVersion
}

// ledgerTab is the 软件台账 tab: the systems with their current versions,
// the version history of the selected one, and the vendors.
type ledgerTab struct {
	s    *session
	item *container.TabItem

	systems  []systemRow
	history  map[uint][]data.SystemVersion
	versions []data.SystemVersion
	vendors  []data.Vendor

	systemGrid   *grid[systemRow]
	versionGrid  *grid[data.SystemVersion]
	vendorGrid   *grid[data.Vendor]
	historyTitle *widget.Label
	exportPDF    *uikit.Button
	exportXLSX   *uikit.Button
	importXLSX   *uikit.Button
	// selected is the system whose history is shown, 0 for none.
	selected uint
}

func newLedgerTab(s *session) *ledgerTab {
	t := &ledgerTab{s: s}
	t.systemGrid = sliceGrid(systemColumns(), 0, &t.systems)
	t.systemGrid.onSelect = t.onSelectSystem
	t.versionGrid = sliceGrid(versionColumns(), 6, &t.versions)
	t.vendorGrid = sliceGrid(vendorColumns(), 0, &t.vendors)
	t.historyTitle = widget.NewLabelWithStyle(lang.L("ledger.pick_system"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	split := container.NewVSplit(t.systemGrid.root,
		container.NewBorder(t.historyTitle, nil, nil, nil, t.versionGrid.root))
	split.SetOffset(0.5)
	inner := container.NewAppTabs(
		container.NewTabItem(lang.L("ledger.systems"), split),
		container.NewTabItem(lang.L("ledger.vendors"), t.vendorGrid.root),
	)
	t.item = container.NewTabItemWithIcon(lang.L("tab.ledger"), theme.StorageIcon(),
		container.NewBorder(t.toolbar(), nil, nil, nil, inner))
	return t
}

// toolbar holds the ledger's exports and, for administrators, the import.
func (t *ledgerTab) toolbar() fyne.CanvasObject {
	t.exportPDF = uikit.NewButtonWithIcon(lang.L("ledger.export_pdf"), theme.DocumentPrintIcon(),
		func() { t.s.exportLedger(false) })
	t.exportXLSX = uikit.NewButtonWithIcon(lang.L("ledger.export_xlsx"), theme.DownloadIcon(),
		func() { t.s.exportLedger(true) })
	t.importXLSX = uikit.NewButtonWithIcon(lang.L("ledger.import_xlsx"), theme.UploadIcon(),
		func() { t.s.importLedger(t.refresh) })
	if !t.s.isAdmin() || !t.s.canWrite() {
		t.importXLSX.Hide()
	}
	return container.NewHBox(layout.NewSpacer(), t.exportPDF, t.exportXLSX, t.importXLSX)
}

func (t *ledgerTab) tabItem() *container.TabItem { return t.item }

// refresh reloads the ledger off the UI goroutine.
func (t *ledgerTab) refresh() {
	store := t.s.store
	uikit.Background(t.s.jobs, func() (ledgerData, error) {
		l, err := loadLookups(store)
		if err != nil {
			return ledgerData{}, err
		}
		h, err := store.LedgerHistory()
		return ledgerData{lookups: l, history: h}, err
	}, func(d ledgerData, err error) {
		if err != nil {
			t.s.showError("load ledger", err)
			return
		}
		t.show(d)
	})
}

// show shows d, keeping the selected system.
func (t *ledgerTab) show(d ledgerData) {
	t.systems, t.history, t.vendors = d.systemRows(), d.history, d.vendors
	t.systemGrid.selected = -1
	for i := range t.systems {
		if t.systems[i].ID == t.selected || (t.selected == 0 && i == 0) {
			t.systemGrid.selected, t.selected = i, t.systems[i].ID
		}
	}
	t.showHistory()
	t.systemGrid.refresh()
	t.vendorGrid.refresh()
}

func (t *ledgerTab) onSelectSystem(i int) {
	t.selected = 0
	if r, ok := t.systemGrid.row(i); ok {
		t.selected = r.ID
	}
	t.showHistory()
}

// showHistory shows the version history of the selected system.
func (t *ledgerTab) showHistory() {
	t.versions = t.history[t.selected]
	t.historyTitle.SetText(lang.L("ledger.pick_system"))
	if r, ok := t.systemGrid.selectedRow(); ok {
		title := lang.L("ledger.history", map[string]any{"Name": r.Name, "Version": r.CurrentVersion})
		if r.DependantNames != "" {
			title += lang.L("value.sentence_sep") + lang.L("ledger.dependants", map[string]any{"Systems": r.DependantNames})
		}
		t.historyTitle.SetText(title)
	}
	t.versionGrid.refresh()
}
