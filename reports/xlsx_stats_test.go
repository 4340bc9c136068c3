package reports

import (
	"bytes"
	"strconv"
	"testing"

	"github.com/xuri/excelize/v2"

	"upgradedesk/data"
)

// TestStatsXLSX writes the demo's statistics as a workbook and reads the
// figures back: every sheet, the kinds of change and the upgrades of each
// system as numbers that add up to their totals.
func TestStatsXLSX(t *testing.T) {
	s := demoStore(t)
	st, err := s.Stats(12)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteStatsXLSX(&buf, st, demoNow); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	want := []string{"概况", "各系统升级", "各系统逐年升级", "各阶段平均天数", "变更类别", "按状态", "按月份"}
	if got := f.GetSheetList(); len(got) != len(want) {
		t.Fatalf("sheets %v, want %v", got, want)
	}
	for i, name := range f.GetSheetList() {
		if name != want[i] {
			t.Errorf("sheet %d is %q, want %q", i, name, want[i])
		}
	}
	u := st.Upgrades
	if u.Kinds.Standard == 0 || u.Kinds.Emergency == 0 || u.Total.Upgrades == 0 || u.Total.RolledBack == 0 {
		t.Fatalf("the demo has no standard, emergency or rolled back upgrade: %+v %+v", u.Kinds, u.Total)
	}
	rows, err := f.GetRows("变更类别", excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	last := rows[len(rows)-1]
	if last[0] != "合计" || last[2] != strconv.FormatInt(u.Kinds.Standard, 10) || last[3] != strconv.FormatInt(u.Kinds.Emergency, 10) ||
		last[4] != strconv.FormatInt(st.Total, 10) {
		t.Errorf("kinds total row %v, want standard %d, emergency %d, all %d", last, u.Kinds.Standard, u.Kinds.Emergency, st.Total)
	}
	rows, _ = f.GetRows("各系统升级", excelize.Options{RawCellValue: true})
	var sum int64
	for _, r := range rows[1 : len(rows)-1] {
		n, err := strconv.ParseInt(r[1], 10, 64)
		if err != nil {
			t.Fatalf("upgrades of %s are no number: %q", r[0], r[1])
		}
		sum += n
	}
	if total := rows[len(rows)-1]; total[0] != "合计" || total[1] != strconv.FormatInt(sum, 10) || sum != u.Total.Upgrades {
		t.Errorf("upgrades add up to %d, total row %v, want %d", sum, total, u.Total.Upgrades)
	}
	typ, err := f.GetCellType("各系统升级", "D2")
	if err != nil || typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
		t.Errorf("the rollback rate is text: %v %v", typ, err)
	}
	stages, _ := f.GetRows("各阶段平均天数")
	if len(stages) < 8 || stages[1][0] != label(data.StateDraft.LabelKey()) {
		t.Errorf("days per stage %v", stages)
	}
}
