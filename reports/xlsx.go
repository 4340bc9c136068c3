package reports

import (
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"upgradedesk/data"
)

// Spreadsheets (.xlsx, written and read with github.com/xuri/excelize/v2):
// the filtered case list, and the ledger, which can be edited and
// imported back (ReadLedgerXLSX, data.Store.ImportLedger).

// Sheet names of the workbooks: the ledger's two importable sheets are
// named like the tables they fill (软件系统, 供应商).
var (
	sheetCases    = label("entity.cases")
	sheetSystems  = label("entity.systems")
	sheetVendors  = label("entity.vendors")
	sheetVersions = label("report.heading.versions")
)

// xlsxColumn is one column of a written sheet.
type xlsxColumn struct {
	title string
	width float64 // in characters
}

// startSheet adds sheet and returns its stream writer with the columns'
// widths set and the header row written in style header, frozen: the rows
// follow from A2.
func startSheet(f *excelize.File, sheet string, header int, cols []xlsxColumn) (*excelize.StreamWriter, error) {
	if _, err := f.NewSheet(sheet); err != nil {
		return nil, err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return nil, err
	}
	for i, c := range cols {
		if err := sw.SetColWidth(i+1, i+1, c.width); err != nil {
			return nil, err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return nil, err
	}
	head := make([]any, len(cols))
	for i, c := range cols {
		head[i] = excelize.Cell{StyleID: header, Value: c.title}
	}
	return sw, sw.SetRow("A1", head)
}

// writeSheet writes a sheet: a bold, shaded, frozen header row with an
// auto filter, then the rows, as text.
func writeSheet(f *excelize.File, sheet string, cols []xlsxColumn, rows [][]string) error {
	header, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E7E6E6"}},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}})
	if err != nil {
		return err
	}
	text, err := f.NewStyle(&excelize.Style{NumFmt: 49, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})
	if err != nil {
		return err
	}
	sw, err := startSheet(f, sheet, header, cols)
	if err != nil {
		return err
	}
	for r, row := range rows {
		values := make([]any, len(cols))
		for i := range cols {
			v := ""
			if i < len(row) {
				v = row[i]
			}
			values[i] = excelize.Cell{StyleID: text, Value: v}
		}
		cell, _ := excelize.CoordinatesToCellName(1, r+2)
		if err := sw.SetRow(cell, values); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	last, _ := excelize.CoordinatesToCellName(len(cols), max(len(rows)+1, 2))
	return f.AutoFilter(sheet, "A1:"+last, nil)
}

// newWorkbook returns an empty workbook whose default sheet is to be
// replaced by the first sheet written.
func newWorkbook() *excelize.File { return excelize.NewFile() }

// finishWorkbook removes the default sheet, makes the first sheet active
// and writes the workbook to w.
func finishWorkbook(f *excelize.File, w io.Writer) error {
	defer f.Close()
	if err := f.DeleteSheet("Sheet1"); err != nil {
		return err
	}
	f.SetActiveSheet(0)
	return f.Write(w)
}

// WriteCasesXLSX writes a list of cases, such as the filtered case list
// (data.Store.ListCases), as an .xlsx workbook with one sheet, 升级事项.
func WriteCasesXLSX(w io.Writer, rows []data.CaseRow) error {
	f := newWorkbook()
	cols := []xlsxColumn{{label("report.label.case_no"), 14}, {label("field.title"), 40}, {label("report.label.state"), 13}, {label("field.system"), 24},
		{label("field.department"), 12}, {label("field.applicant"), 10}, {label("field.urgency"), 9},
		{label("field.expected_date"), 13}, {label("report.label.state_at"), 17}, {label("report.label.updated_at"), 17}, {label("report.label.opened_at"), 17}}
	out := make([][]string, len(rows))
	for i, r := range rows {
		out[i] = []string{r.No, r.Title, stateLabel(r.State), r.SystemName, r.DeptName, r.ApplicantName,
			choice("urgency", r.Urgency), r.ExpectedDate, dateTime(r.StateAt), dateTime(r.UpdatedAt), dateTime(r.CreatedAt)}
	}
	if err := writeSheet(f, sheetCases, cols, out); err != nil {
		f.Close()
		return fmt.Errorf("cases workbook: %w", err)
	}
	if err := finishWorkbook(f, w); err != nil {
		return fmt.Errorf("cases workbook: %w", err)
	}
	return nil
}

// ledger workbook columns: field key (for labels and problems) and width;
// the header is the field's label, and the other headers accepted when
// reading are the catalogue's "report.xlsx.alias.<field>", separated by
// "|".
type ledgerColumn struct {
	field string
	width float64
}

var systemColumns = []ledgerColumn{{"system_name", 30}, {"system_code", 10}, {"current_version", 14},
	{"vendor", 28}, {"owner_dept", 14}, {"installed_on", 13}, {"description", 40}, {"depends_on", 36}}

var vendorColumns = []ledgerColumn{{"vendor_name", 30}, {"contact", 10}, {"phone", 16}, {"email", 28},
	{"contract_no", 16}, {"notes", 40}}

// header returns the column's header in the workbook.
func (c ledgerColumn) header() string { return label("field." + c.field) }

// aliases returns the other headers the column is recognised by.
func (c ledgerColumn) aliases() []string {
	key := "report.xlsx.alias." + c.field
	if s := label(key); s != key {
		return strings.Split(s, "|")
	}
	return nil
}

func xlsxColumns(cols []ledgerColumn) []xlsxColumn {
	out := make([]xlsxColumn, len(cols))
	for i, c := range cols {
		out[i] = xlsxColumn{c.header(), c.width}
	}
	return out
}

// WriteLedgerXLSX writes the ledger as an .xlsx workbook: the sheets
// 软件系统 (every system with its vendor and owner department by name)
// and 供应商, which ReadLedgerXLSX reads back, and 版本历史 (each system's
// version history, for reading only), as data.Store.Ledger reads them.
func WriteLedgerXLSX(w io.Writer, l *data.Ledger) error {
	rec := buildLedger(l)
	f := newWorkbook()
	rows := make([][]string, len(rec.Systems))
	for i, s := range rec.Systems {
		rows[i] = []string{s.Name, s.Code, s.CurrentVersion, s.Vendor, s.OwnerDept, s.InstalledOn, s.Description,
			strings.Join(s.DependsOnNames, label("value.list_sep"))}
	}
	err := writeSheet(f, sheetSystems, xlsxColumns(systemColumns), rows)
	if err == nil {
		rows = make([][]string, len(l.Vendors))
		for i, v := range l.Vendors {
			rows[i] = []string{v.Name, v.Contact, v.Phone, v.Email, v.ContractNo, v.Notes}
		}
		err = writeSheet(f, sheetVendors, xlsxColumns(vendorColumns), rows)
	}
	if err == nil {
		rows = rows[:0]
		for _, s := range rec.Systems {
			for _, v := range s.History {
				rows = append(rows, []string{s.Name, v.Version, v.PrevVersion, v.EffectiveDate,
					choice("upgrade_type", v.UpgradeType), v.CaseNo, v.Registrar, v.Notes})
			}
		}
		err = writeSheet(f, sheetVersions, []xlsxColumn{{label("field.system_name"), 30}, {label("report.col.version"), 14}, {label("field.old_version"), 14},
			{label("field.effective_date"), 13}, {label("field.upgrade_type"), 14}, {label("report.label.case_no"), 14},
			{label("field.registrar"), 10}, {label("field.notes"), 30}}, rows)
	}
	if err != nil {
		f.Close()
		return fmt.Errorf("ledger workbook: %w", err)
	}
	if err := finishWorkbook(f, w); err != nil {
		return fmt.Errorf("ledger workbook: %w", err)
	}
	return nil
}

// RowProblem is one bad row of a ledger workbook: its sheet, row number,
// the field at fault and what is wrong (see data.ImportProblem).
type RowProblem = data.ImportProblem

// ReadLedgerXLSX reads a ledger workbook: the sheets 软件系统 and (if it
// is there) 供应商, each with a header row of Chinese column names in any
// order (those WriteLedgerXLSX writes, and a few common alternatives such
// as 名称 or 电话), other sheets and columns being ignored. Cells are
// trimmed, blank rows skipped, dates written as Excel dates or as
// 2026/3/5, 2026.3.5 or 2026年3月5日 read as 2026-03-05. The column 依赖系统
// lists the systems a system depends on, separated by 、 or commas; a
// workbook without it leaves the dependencies as they are.
//
// Every row is checked with data.ValidateSystem or data.ValidateVendor
// and for names repeated on its sheet, and every system must name its
// owner department. Each bad row is reported as a RowProblem with its
// sheet and row number (the header is row 1); the rows returned are the
// good ones. What needs the database (whether the departments and
// vendors named exist) is checked by data.Store.ImportLedger. The error
// is for a file that is not a readable workbook or lacks the 软件系统
// sheet.
func ReadLedgerXLSX(r io.Reader) ([]data.SystemImport, []data.Vendor, []RowProblem, error) {
	f, err := excelize.OpenReader(r, excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, nil, nil, &data.Error{Code: data.EInvalid, Key: "import.err.bad_file", Args: map[string]any{"Err": err.Error()}, Err: err}
	}
	defer f.Close()
	rd := &ledgerReader{f: f, date1904: is1904(f)}
	sheets := map[string]bool{}
	for _, s := range f.GetSheetList() {
		sheets[strings.TrimSpace(s)] = true
	}
	if !sheets[sheetSystems] {
		return nil, nil, nil, &data.Error{Code: data.EInvalid, Key: "import.err.no_sheet", Args: map[string]any{"Sheet": sheetSystems}}
	}
	var vendors []data.Vendor
	if sheets[sheetVendors] {
		if vendors, err = rd.vendors(); err != nil {
			return nil, nil, nil, err
		}
	}
	systems, err := rd.systems()
	if err != nil {
		return nil, nil, nil, err
	}
	return systems, vendors, rd.problems, nil
}

// is1904 reports whether a workbook counts dates from 1904.
func is1904(f *excelize.File) bool {
	p, err := f.GetWorkbookProps()
	return err == nil && p.Date1904 != nil && *p.Date1904
}

// ledgerReader reads the sheets of one ledger workbook.
type ledgerReader struct {
	f        *excelize.File
	date1904 bool
	problems []RowProblem
	// hasColumn are the columns of the sheet being read, by field.
	hasColumn map[string]bool
}

// problem records a bad row.
func (rd *ledgerReader) problem(sheet string, row int, name string, err error) {
	field := ""
	var e *data.Error
	if errors.As(err, &e) {
		field = e.Field
	}
	rd.problems = append(rd.problems, RowProblem{Sheet: sheet, Row: row, Name: name, Field: field, Err: err})
}

// sheetRows returns the data rows of a sheet (with their row numbers) as
// maps from field to trimmed cell, after finding the columns by header.
// It reports a missing required column as a problem and returns no rows.
func (rd *ledgerReader) sheetRows(sheet string, cols []ledgerColumn, required ...string) ([]int, []map[string]string, error) {
	rows, err := rd.f.GetRows(sheetName(rd.f, sheet), excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, nil, &data.Error{Code: data.EInvalid, Key: "import.err.bad_file", Args: map[string]any{"Err": err.Error()}, Err: err}
	}
	index := map[string]int{}
	if len(rows) > 0 {
		for i, h := range rows[0] {
			h = strings.TrimSpace(h)
			for _, c := range cols {
				if _, seen := index[c.field]; !seen && (h == c.header() || contains(c.aliases(), h)) {
					index[c.field] = i
				}
			}
		}
	}
	rd.hasColumn = map[string]bool{}
	for field := range index {
		rd.hasColumn[field] = true
	}
	missing := false
	for _, field := range required {
		if _, ok := index[field]; !ok {
			rd.problem(sheet, 1, "", &data.Error{Code: data.EInvalid, Key: "import.err.no_column",
				Args: map[string]any{"Column": label("field." + field)}, Field: field})
			missing = true
		}
	}
	if missing {
		return nil, nil, nil
	}
	var nums []int
	var out []map[string]string
	for r, row := range rows[1:] {
		m := map[string]string{}
		blank := true
		for field, i := range index {
			if i < len(row) {
				v := strings.TrimSpace(row[i])
				m[field] = v
				blank = blank && v == ""
			}
		}
		if blank {
			continue
		}
		nums = append(nums, r+2)
		out = append(out, m)
	}
	return nums, out, nil
}

// sheetName returns the workbook's spelling of a sheet name (which may
// carry spaces around it).
func sheetName(f *excelize.File, name string) string {
	for _, s := range f.GetSheetList() {
		if strings.TrimSpace(s) == name {
			return s
		}
	}
	return name
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

// vendors reads the 供应商 sheet.
func (rd *ledgerReader) vendors() ([]data.Vendor, error) {
	nums, rows, err := rd.sheetRows(sheetVendors, vendorColumns, "vendor_name")
	if err != nil {
		return nil, err
	}
	var out []data.Vendor
	first := map[string]int{}
	for i, m := range rows {
		v := data.Vendor{Name: m["vendor_name"], Contact: m["contact"], Phone: m["phone"], Email: m["email"],
			ContractNo: m["contract_no"], Notes: m["notes"]}
		if err := data.ValidateVendor(&v); err != nil {
			rd.problem(sheetVendors, nums[i], v.Name, err)
			continue
		}
		if row, dup := first[v.Name]; dup {
			rd.problem(sheetVendors, nums[i], v.Name, duplicate("vendor_name", row))
			continue
		}
		first[v.Name] = nums[i]
		out = append(out, v)
	}
	return out, nil
}

// systems reads the 软件系统 sheet.
func (rd *ledgerReader) systems() ([]data.SystemImport, error) {
	nums, rows, err := rd.sheetRows(sheetSystems, systemColumns, "system_name", "current_version", "owner_dept")
	if err != nil {
		return nil, err
	}
	var out []data.SystemImport
	first := map[string]int{}
	for i, m := range rows {
		si := data.SystemImport{System: data.System{Name: m["system_name"], Code: m["system_code"],
			CurrentVersion: m["current_version"], InstalledOn: rd.date(m["installed_on"]), Description: m["description"]},
			Vendor: m["vendor"], OwnerDept: m["owner_dept"], Sheet: sheetSystems, Row: nums[i]}
		if deps, ok := m["depends_on"]; ok || rd.hasColumn["depends_on"] {
			si.DependsOn, si.SetsDependencies = splitNames(deps), true
		}
		bad := false
		if err := data.ValidateSystem(&si.System); err != nil {
			rd.problem(sheetSystems, nums[i], si.Name, err)
			bad = true
		} else if row, dup := first[si.Name]; dup {
			rd.problem(sheetSystems, nums[i], si.Name, duplicate("system_name", row))
			bad = true
		}
		if si.OwnerDept == "" {
			rd.problem(sheetSystems, nums[i], si.Name, &data.Error{Code: data.EInvalid, Key: "valid.required", Field: "owner_dept"})
			bad = true
		}
		if bad {
			continue
		}
		first[si.Name] = nums[i]
		out = append(out, si)
	}
	return out, nil
}

// nameSeps separate the names of a list in a cell: 、，,；; and lines.
var nameSeps = regexp.MustCompile(`[、，,；;\n]+`)

// splitNames returns the names a cell lists.
func splitNames(cell string) []string {
	var out []string
	for _, n := range nameSeps.Split(cell, -1) {
		if n = strings.TrimSpace(n); n != "" {
			out = append(out, n)
		}
	}
	return out
}

// duplicate is the problem of a name already on row first.
func duplicate(field string, first int) error {
	return &data.Error{Code: data.EExists, Key: "import.err.duplicate", Args: map[string]any{"Row": first}, Field: field}
}

// dateLayouts are the ways a date may be typed into a cell.
var dateLayouts = []string{data.DateLayout, "2006/1/2", "2006.1.2", "2006-1-2", "2006年1月2日", "20060102"}

// date normalises a date cell to YYYY-MM-DD: an Excel date serial or one
// of dateLayouts. Anything else is returned as it is, for the validator
// to refuse.
func (rd *ledgerReader) date(v string) string {
	if v == "" {
		return ""
	}
	if n, err := strconv.ParseFloat(v, 64); err == nil && n > 1000 && n < 200000 && !strings.ContainsAny(v, "-/") && len(v) != 8 {
		if t, err := excelize.ExcelDateToTime(n, rd.date1904); err == nil {
			return t.Format(data.DateLayout)
		}
	}
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, v); err == nil {
			return t.Format(data.DateLayout)
		}
	}
	return v
}
