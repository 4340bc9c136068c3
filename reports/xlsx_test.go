package reports

import (
	"bytes"
	"context"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"upgradedesk/data"
)

// ledgerOf reads the ledger of a store.
func ledgerOf(t *testing.T, s *data.Store) *data.Ledger {
	t.Helper()
	l, err := s.Ledger()
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// TestLedgerXLSXRoundTrip writes the demo ledger as a workbook, reads it
// back and imports it into a fresh database: the same systems, versions,
// vendors and owner departments come out.
func TestLedgerXLSXRoundTrip(t *testing.T) {
	src := demoStore(t)
	l := ledgerOf(t, src)
	var buf bytes.Buffer
	if err := WriteLedgerXLSX(&buf, l); err != nil {
		t.Fatal(err)
	}
	gotSystems, gotVendors, problems, err := ReadLedgerXLSX(bytes.NewReader(buf.Bytes()))
	if err != nil || len(problems) > 0 {
		t.Fatalf("read back: %v %v", err, problems)
	}
	if len(gotSystems) != len(l.Systems) || len(gotVendors) != len(l.Vendors) {
		t.Fatalf("read %d systems and %d vendors, wrote %d and %d", len(gotSystems), len(gotVendors), len(l.Systems), len(l.Vendors))
	}

	// A fresh database with the same departments.
	dst, err := data.Open(filepath.Join(t.TempDir(), "fresh.db"), data.Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	defer dst.Close()
	admin, err := dst.Init("admin", "管理员", "import-password", "信息管理部")
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range l.Departments {
		if d.Name == "信息管理部" {
			continue
		}
		d.Meta = data.Meta{}
		if err := dst.SaveDepartment(admin, &d); err != nil {
			t.Fatal(err)
		}
	}
	sum, err := dst.ImportLedger(context.Background(), admin, gotSystems, gotVendors)
	if err != nil {
		t.Fatalf("import: %v %v", err, sum.Problems)
	}
	if sum.SystemsCreated != len(l.Systems) || sum.VendorsCreated != len(l.Vendors) {
		t.Errorf("import summary %+v", sum)
	}
	want, got := ledgerRows(t, src), ledgerRows(t, dst)
	if strings.Join(want, "\n") != strings.Join(got, "\n") {
		t.Errorf("ledger after the round trip:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// ledgerRows describes a store's ledger as sorted lines of names, for
// comparing ledgers across databases.
func ledgerRows(t *testing.T, s *data.Store) []string {
	l := ledgerOf(t, s)
	rec := buildLedger(l)
	var out []string
	for _, sys := range rec.Systems {
		out = append(out, strings.Join([]string{"system", sys.Name, sys.Code, sys.CurrentVersion, sys.Vendor, sys.OwnerDept,
			sys.InstalledOn, sys.Description, strings.Join(sys.DependsOnNames, "、")}, "|"))
	}
	for _, v := range l.Vendors {
		out = append(out, strings.Join([]string{"vendor", v.Name, v.Contact, v.Phone, v.Email, v.ContractNo, v.Notes}, "|"))
	}
	sort.Strings(out)
	return out
}

// TestReadLedgerXLSXProblems reads a hand-made workbook with its columns
// in another order, untrimmed cells, an Excel date, a blank row and bad
// rows: the good rows come back and every bad one is named.
func TestReadLedgerXLSXProblems(t *testing.T) {
	f := excelize.NewFile()
	f.SetSheetName("Sheet1", " 软件系统 ")
	sys := " 软件系统 "
	rows := [][]any{
		{"主管部门", "当前版本", "名称", "启用日期", "供应商", "无关的列"},
		{" 流通部 ", " V3.2.4 ", " 图书馆集成管理系统 ", 43697, "华图信息科技有限公司", "x"}, // row 2: good, Excel date 2019-08-20
		{},                                // row 3: blank, skipped
		{"流通部", "2.3.1", "", "2020/5/10"}, // row 4: no name
		{"流通部", "1.0?", "门禁系统"},           // row 5: bad version
		{"", "1.4.2", "座位预约系统"},           // row 6: no owner department
		{"流通部", "V4", "图书馆集成管理系统"},                    // row 7: duplicate
		{"数字资源部", "5.2 SP1", "数字资源发现系统", "2021年9月1日"}, // row 8: good
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		f.SetSheetRow(sys, cell, &r)
	}
	f.NewSheet("供应商")
	for i, r := range [][]any{
		{"供应商名称", "电话", "邮箱"},
		{"华图信息科技有限公司", "020-3888 1234", "support@huatu.example.cn"},
		{"坏公司", "call me", ""},
	} {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		f.SetSheetRow("供应商", cell, &r)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	systems, vendors, problems, err := ReadLedgerXLSX(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if len(systems) != 2 || systems[0].Name != "图书馆集成管理系统" || systems[0].OwnerDept != "流通部" ||
		systems[0].CurrentVersion != "V3.2.4" || systems[0].InstalledOn != "2019-08-20" || systems[0].Row != 2 ||
		systems[1].InstalledOn != "2021-09-01" || systems[1].Row != 8 {
		t.Errorf("systems %+v", systems)
	}
	if len(vendors) != 1 || vendors[0].Email != "support@huatu.example.cn" {
		t.Errorf("vendors %+v", vendors)
	}
	want := []string{"供应商:3:phone", "软件系统:4:system_name", "软件系统:5:current_version", "软件系统:6:owner_dept", "软件系统:7:system_name"}
	var got []string
	for _, p := range problems {
		got = append(got, p.Sheet+":"+strconv.Itoa(p.Row)+":"+p.Field)
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("problems %v, want %v", got, want)
	}
	if m := problems[3].Message(data.LangZH); !strings.Contains(m, "第 6 行") || !strings.Contains(m, "座位预约系统") || !strings.Contains(m, "归口管理部门") {
		t.Errorf("message %q", m)
	}

	// A workbook without the systems sheet, and one that is no workbook.
	empty := excelize.NewFile()
	buf.Reset()
	empty.Write(&buf)
	if _, _, _, err := ReadLedgerXLSX(&buf); data.ErrorCode(err) != data.EInvalid || !strings.Contains(err.Error(), "软件系统") {
		t.Errorf("workbook without 软件系统: %v", err)
	}
	if _, _, _, err := ReadLedgerXLSX(strings.NewReader("not a workbook")); data.ErrorCode(err) != data.EInvalid {
		t.Errorf("not a workbook: %v", err)
	}
}

// TestReadLedgerXLSXMissingColumn reports a missing required column.
func TestReadLedgerXLSXMissingColumn(t *testing.T) {
	f := excelize.NewFile()
	f.SetSheetName("Sheet1", "软件系统")
	f.SetSheetRow("软件系统", "A1", &[]any{"系统名称", "当前版本"})
	f.SetSheetRow("软件系统", "A2", &[]any{"图书馆集成管理系统", "V1"})
	var buf bytes.Buffer
	f.Write(&buf)
	systems, _, problems, err := ReadLedgerXLSX(&buf)
	if err != nil || len(systems) != 0 || len(problems) != 1 || problems[0].Field != "owner_dept" || problems[0].Row != 1 {
		t.Fatalf("%v %v %+v", err, systems, problems)
	}
}

// TestCasesXLSX writes the demo case list and reads it back.
func TestCasesXLSX(t *testing.T) {
	s := demoStore(t)
	rows, _, err := s.ListCases(data.CaseFilter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteCasesXLSX(&buf, rows); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if list := f.GetSheetList(); len(list) != 1 || list[0] != "升级事项" {
		t.Fatalf("sheets %v", list)
	}
	got, _ := f.GetRows("升级事项")
	if len(got) != len(rows)+1 || got[0][0] != "事项编号" {
		t.Fatalf("%d rows, header %v", len(got), got[0])
	}
	for i, r := range rows {
		if got[i+1][0] != r.No || got[i+1][1] != r.Title || got[i+1][2] != stateLabel(r.State) {
			t.Errorf("row %d: %v, want %s %s", i+2, got[i+1][:3], r.No, r.Title)
		}
	}
}
