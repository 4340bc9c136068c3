package data

import (
	"context"
	"strings"
	"testing"
)

// importRows returns a workbook's worth of systems and vendors: a new
// vendor, the fixture's vendor changed, a new system using the new
// vendor and the fixture's system changed (with another version).
func importRows() ([]SystemImport, []Vendor) {
	vendors := []Vendor{
		{Name: "书联智能设备有限公司", Contact: "彭丽", Phone: "0755-8666 2301", Email: "service@shulian.example.cn"},
		{Name: "图创科技", Contact: "黄志强", Phone: "020-3888 9999", ContractNo: "TC-2026-001"},
	}
	systems := []SystemImport{
		{System: System{Name: "RFID 自助借还系统", Code: "SSC", CurrentVersion: "2.3.1", InstalledOn: "2020-05-10",
			Description: "自助借还机与安全门。"}, Vendor: "书联智能设备有限公司", OwnerDept: "流通部", Row: 2},
		{System: System{Name: "图书馆集成管理系统", Code: "ILS", CurrentVersion: "V9.9", Description: "核心业务系统。"},
			Vendor: "图创科技", OwnerDept: "流通部", Row: 3},
	}
	return systems, vendors
}

func TestImportLedger(t *testing.T) {
	f := newFixture(t)
	systems, vendors := importRows()
	sum, err := f.s.ImportLedger(context.Background(), f.u["admin"], systems, vendors)
	if err != nil {
		t.Fatalf("import: %v %+v", err, sum.Problems)
	}
	if sum.SystemsCreated != 1 || sum.SystemsUpdated != 1 || sum.VendorsCreated != 1 || sum.VendorsUpdated != 1 {
		t.Errorf("summary %+v", sum)
	}
	if len(sum.VersionsKept) != 1 || sum.VersionsKept[0] != (VersionKept{System: "图书馆集成管理系统", Have: "V3.2.0", Given: "V9.9"}) {
		t.Errorf("versions kept %+v", sum.VersionsKept)
	}
	all, _ := f.s.Systems()
	byName := map[string]System{}
	for _, s := range all {
		byName[s.Name] = s
	}
	ils, rfid := byName["图书馆集成管理系统"], byName["RFID 自助借还系统"]
	if ils.CurrentVersion != "V3.2.0" || ils.Description != "核心业务系统。" || ils.OwnerDeptID != f.lending.ID {
		t.Errorf("existing system after import: %+v", ils)
	}
	if rfid.ID == 0 || rfid.CurrentVersion != "2.3.1" || rfid.VendorID == nil {
		t.Fatalf("new system: %+v", rfid)
	}
	hist, _ := f.s.SystemHistory(rfid.ID)
	if len(hist) != 1 || hist[0].Version != "2.3.1" || hist[0].EffectiveDate != "2020-05-10" || hist[0].Registrar != "管理员" {
		t.Errorf("history of the new system: %+v", hist)
	}
	if hist, _ := f.s.SystemHistory(ils.ID); len(hist) != 1 {
		t.Errorf("an existing system's history changed: %+v", hist)
	}
	vs, _ := f.s.Vendors()
	for _, v := range vs {
		if v.Name == "图创科技" && (v.Phone != "020-3888 9999" || v.ContractNo != "TC-2026-001") {
			t.Errorf("vendor not updated: %+v", v)
		}
	}
	if rep, err := f.s.Check(context.Background()); err != nil || !rep.OK() {
		t.Errorf("check after import: %v %+v", err, rep)
	}
	// Importing the same rows again changes nothing but counts updates.
	sum, err = f.s.ImportLedger(context.Background(), f.u["admin"], systems, vendors)
	if err != nil || sum.SystemsCreated != 0 || sum.SystemsUpdated != 2 {
		t.Errorf("second import: %v %+v", err, sum)
	}
}

func TestImportLedgerRefusesBadRows(t *testing.T) {
	f := newFixture(t)
	systems, vendors := importRows()
	vendors = append(vendors, Vendor{Name: "坏邮箱公司", Email: "not-an-email"}, Vendor{Name: "书联智能设备有限公司"})
	systems = append(systems,
		SystemImport{System: System{Name: "", CurrentVersion: "1.0"}, OwnerDept: "流通部", Row: 4},
		SystemImport{System: System{Name: "门禁系统", CurrentVersion: "V1.0?"}, OwnerDept: "流通部", Row: 5},
		SystemImport{System: System{Name: "座位预约系统", CurrentVersion: "1.4.2"}, OwnerDept: "不存在的部", Vendor: "无名公司", Row: 6},
		SystemImport{System: System{Name: "RFID 自助借还系统", CurrentVersion: "2.3.1"}, OwnerDept: "流通部", Row: 7},
	)
	before, _ := f.s.Systems()
	sum, err := f.s.ImportLedger(context.Background(), f.u["admin"], systems, vendors)
	if ErrorCode(err) != EInvalid {
		t.Fatalf("import with bad rows: %v", err)
	}
	if sum.SystemsCreated+sum.VendorsCreated+sum.SystemsUpdated+sum.VendorsUpdated != 0 {
		t.Errorf("summary counts work that was rolled back: %+v", sum)
	}
	want := []struct {
		sheet string
		row   int
		field string
	}{
		{"供应商", 3, "email"}, {"供应商", 4, "vendor_name"},
		{"软件系统", 4, "system_name"}, {"软件系统", 5, "current_version"},
		{"软件系统", 6, "owner_dept"}, {"软件系统", 6, "vendor"}, {"软件系统", 7, "system_name"},
	}
	if len(sum.Problems) != len(want) {
		for _, p := range sum.Problems {
			t.Log(p.Message(LangZH))
		}
		t.Fatalf("%d problems, want %d", len(sum.Problems), len(want))
	}
	for i, w := range want {
		p := sum.Problems[i]
		if p.Sheet != w.sheet || p.Row != w.row || p.Field != w.field {
			t.Errorf("problem %d: %s row %d field %s, want %s row %d field %s (%s)", i, p.Sheet, p.Row, p.Field,
				w.sheet, w.row, w.field, p.Message(LangZH))
		}
	}
	if m := sum.Problems[4].Message(LangZH); !strings.Contains(m, "第 6 行") || !strings.Contains(m, "归口管理部门") ||
		!strings.Contains(m, "不存在的部") || !strings.Contains(m, "座位预约系统") {
		t.Errorf("message %q", m)
	}
	if m := sum.Problems[0].Message(LangEN); !strings.Contains(m, "row 3") {
		t.Errorf("English message %q", m)
	}
	after, _ := f.s.Systems()
	vs, _ := f.s.Vendors()
	if len(after) != len(before) || len(vs) != 1 {
		t.Errorf("something was imported: %d systems, %d vendors", len(after), len(vs))
	}
}

func TestImportLedgerAdminsOnly(t *testing.T) {
	f := newFixture(t)
	systems, vendors := importRows()
	if _, err := f.s.ImportLedger(context.Background(), f.u["director"], systems, vendors); ErrorCode(err) != EForbidden {
		t.Errorf("import by an IT director: %v", err)
	}
}
