package reports

import (
	"io"
	"strconv"
	"strings"
	"time"

	"upgradedesk/data"
)

// ledgerTitle is the title of the ledger document.
var ledgerTitle = label("report.kind.ledger")

// ledgerRecord is the content of the ledger, attached as ledger.json.
type ledgerRecord struct {
	Systems []ledgerSystem `json:"systems"`
	Vendors []data.Vendor  `json:"vendors"`
}

// ledgerSystem is one system of the ledger with the names it refers to
// and its version history, newest first.
type ledgerSystem struct {
	data.System
	Vendor    string               `json:"vendor"`
	OwnerDept string               `json:"owner_dept"`
	History   []data.SystemVersion `json:"history"`
	// DependsOnNames names the systems it depends on, Dependants those
	// that depend on it, directly.
	DependsOnNames []string `json:"depends_on_names"`
	Dependants     []string `json:"dependants"`
}

// ledgerFile is ledger.json, the sealed file of the ledger: the ledger as
// data and everything the document prints. Its SHA-256 is the ledger's
// seal (see seal.go).
type ledgerFile struct {
	Format  string       `json:"format"`
	Title   string       `json:"title"`
	Code    string       `json:"code"`
	Library string       `json:"library"`
	Record  ledgerRecord `json:"record"`
	Printed printedDoc   `json:"printed"`
}

// WriteLedger writes the software version ledger (软件版本台账) as PDF/A-3b
// to w: a table of every system with its current version, vendor and
// owner department, each system's version history, and the vendors (as
// data.Store.Ledger reads them). Like the case documents it is sealed: it
// carries its content as ledger.json, whose check code the closing note
// and the QR code on every page carry.
func WriteLedger(w io.Writer, library string, l *data.Ledger, generated time.Time) error {
	doc, err := ledgerDoc(library, l, generated)
	if err != nil {
		return err
	}
	return doc.Write(w)
}

// ledgerDoc builds the ledger, sealed, ready to write.
func ledgerDoc(library string, l *data.Ledger, generated time.Time) (*Doc, error) {
	rec := buildLedger(l)
	code := ledgerCode + "-" + generated.Local().Format("20060102")
	doc, err := NewDoc(DocInfo{Title: ledgerTitle, Code: code, Library: library,
		Subject: library + ledgerTitle, Generated: generated, BindingMargin: l.BindingMargin})
	if err != nil {
		return nil, err
	}
	ledgerBody(doc, rec, generated)
	doc.sealNote(func(check string) string {
		return labelf("report.note.ledger", map[string]any{"At": dateTime(generated), "Check": check})
	})
	doc.sealWith("ledger.json", func(printed printedDoc) ([]byte, error) {
		return encodeJSON(ledgerFile{Format: recordFormat, Title: ledgerTitle, Code: code, Library: library,
			Record: rec, Printed: printed})
	})
	return doc, nil
}

// buildLedger joins the systems with the names of their vendors and
// owner departments and with their histories.
func buildLedger(l *data.Ledger) ledgerRecord {
	systems, vendors, depts, history := l.Systems, l.Vendors, l.Departments, l.History
	vendorNames := map[uint]string{}
	for _, v := range vendors {
		vendorNames[v.ID] = v.Name
	}
	deptNames := map[uint]string{}
	for _, d := range depts {
		deptNames[d.ID] = d.Name
	}
	systemNames := map[uint]string{}
	dependants := map[uint][]string{}
	for _, s := range systems {
		systemNames[s.ID] = s.Name
	}
	for _, s := range systems {
		for _, id := range s.DependsOn {
			dependants[id] = append(dependants[id], s.Name)
		}
	}
	rec := ledgerRecord{Systems: make([]ledgerSystem, len(systems)), Vendors: vendors}
	if rec.Vendors == nil {
		rec.Vendors = []data.Vendor{}
	}
	for i, s := range systems {
		ls := ledgerSystem{System: s, OwnerDept: deptNames[s.OwnerDeptID], History: history[s.ID],
			DependsOnNames: []string{}, Dependants: dependants[s.ID]}
		for _, id := range s.DependsOn {
			ls.DependsOnNames = append(ls.DependsOnNames, systemNames[id])
		}
		if ls.Dependants == nil {
			ls.Dependants = []string{}
		}
		if s.VendorID != nil {
			ls.Vendor = vendorNames[*s.VendorID]
		}
		if ls.History == nil {
			ls.History = []data.SystemVersion{}
		}
		rec.Systems[i] = ls
	}
	return rec
}

// ledgerBody writes the ledger's tables.
func ledgerBody(doc *Doc, rec ledgerRecord, generated time.Time) {
	doc.Heading(labelf("report.section", map[string]any{"N": chineseNumber(1), "Text": label("report.heading.systems")}))
	doc.Fields([]Field{{Label: label("report.label.system_count"), Value: strconv.Itoa(len(rec.Systems))},
		{Label: label("report.label.counted_at"), Value: dateTime(generated)}})
	rows := make([][]string, len(rec.Systems))
	for i, s := range rec.Systems {
		rows[i] = []string{strconv.Itoa(i + 1), s.Name, s.Code, s.CurrentVersion, s.Vendor, s.OwnerDept, s.InstalledOn,
			strconv.Itoa(upgrades(s.History))}
	}
	if len(rows) == 0 {
		rows = [][]string{{}}
	}
	doc.Table([]Column{noColumn, {Title: label("field.system_name"), Width: 36},
		{Title: label("report.col.code"), Width: 16, Align: "C"}, {Title: label("field.current_version"), Width: 22, Align: "C"},
		{Title: label("field.vendor"), Width: 27}, {Title: label("field.owner_dept"), Width: 22, Align: "C"},
		{Title: label("field.installed_on"), Width: 22, Align: "C"}, {Title: label("report.col.upgrades"), Width: 18, Align: "C"}}, rows)

	doc.Heading(labelf("report.section", map[string]any{"N": chineseNumber(2), "Text": label("report.heading.dependencies")}))
	rows = rows[:0]
	for i, s := range rec.Systems {
		rows = append(rows, []string{strconv.Itoa(i + 1), s.Name, joinNames(s.DependsOnNames), joinNames(s.Dependants)})
	}
	if len(rows) == 0 {
		rows = [][]string{{}}
	}
	doc.Table([]Column{noColumn, {Title: label("field.system_name"), Width: 40},
		{Title: label("field.depends_on"), Width: 61.5}, {Title: label("report.col.dependants"), Width: 61.5}}, rows)

	doc.Heading(labelf("report.section", map[string]any{"N": chineseNumber(3), "Text": label("report.heading.versions")}))
	for i, s := range rec.Systems {
		group := []Field{{Label: labelf("report.label.nth_system", map[string]any{"N": i + 1}), Value: systemName(s.System)},
			{Label: label("field.current_version"), Value: s.CurrentVersion}}
		rows := make([][]string, len(s.History))
		for j, v := range s.History {
			rows[j] = []string{strconv.Itoa(len(s.History) - j), v.Version, v.PrevVersion, v.EffectiveDate,
				choice("upgrade_type", v.UpgradeType), v.CaseNo, v.Registrar, v.Notes}
		}
		if len(rows) == 0 {
			rows = [][]string{{}}
		}
		doc.GroupedTable(group, []Column{noColumn, {Title: label("report.col.version"), Width: 22, Align: "C"},
			{Title: label("field.old_version"), Width: 22, Align: "C"}, {Title: label("field.effective_date"), Width: 22, Align: "C"},
			{Title: label("field.upgrade_type"), Width: 31, Align: "C"}, {Title: label("report.label.case_no"), Width: 26, Align: "C"},
			{Title: label("field.registrar"), Width: 16, Align: "C"}, {Title: label("field.notes"), Width: 24}}, rows)
	}

	doc.Heading(labelf("report.section", map[string]any{"N": chineseNumber(4), "Text": label("entity.vendors")}))
	rows = make([][]string, len(rec.Vendors))
	for i, v := range rec.Vendors {
		rows[i] = []string{strconv.Itoa(i + 1), v.Name, v.Contact, v.Phone, v.Email, v.ContractNo, v.Notes}
	}
	if len(rows) == 0 {
		rows = [][]string{{}}
	}
	doc.Table([]Column{noColumn, {Title: label("field.vendor_name"), Width: 36},
		{Title: label("field.contact"), Width: 16, Align: "C"}, {Title: label("field.phone"), Width: 26},
		{Title: label("field.email"), Width: 36}, {Title: label("field.contract_no"), Width: 24},
		{Title: label("field.notes"), Width: 25}}, rows)
}

// joinNames joins names as a list, "无" for none.
func joinNames(names []string) string {
	if len(names) == 0 {
		return label("report.none")
	}
	return strings.Join(names, label("value.list_sep"))
}

// upgrades counts the registered upgrades of a history: the lines that
// came from a case.
func upgrades(history []data.SystemVersion) int {
	n := 0
	for _, v := range history {
		if v.CaseNo != "" || v.CaseID != nil {
			n++
		}
	}
	return n
}
