package reports

import (
	"bytes"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"upgradedesk/data"
)

// TestICS writes the fixture case's downtime, a window and the actual
// downtime, as .ics and reads it back with a calendar parser: one event
// each, at the right times, named by the case and the systems.
func TestICS(t *testing.T) {
	d := fixtureDossier()
	d.Plan.Windows = append(d.Plan.Windows, data.DowntimeWindow{StartAt: fixtureTime(23, 22, 0), EndAt: fixtureTime(24, 1, 30),
		Systems: data.SystemIDs{2}, Notes: "夜间"})
	conflict := data.Conflict{Kind: data.ConflictOpening, CaseNo: d.Case.No, Window: 1, Start: d.Plan.Windows[0].StartAt,
		End: d.Plan.Windows[0].EndAt, Day: "2026-03-16", Open: "08:00", Close: "21:00"}
	entries := d.ScheduleEntries(data.Conflicts{conflict})
	var buf bytes.Buffer
	stamp := fixtureTime(5, 14, 30)
	name := func(id uint) string { return d.Names.Name(data.KindSystem, id) }
	if err := WriteICS(&buf, data.LangZH, entries, name, stamp); err != nil {
		t.Fatal(err)
	}
	text := buf.String()
	if !strings.Contains(text, "DTSTART:20260316T003000Z") || !strings.Contains(text, "\r\n") {
		t.Errorf("not UTC iCalendar:\n%s", text)
	}
	cal, err := ics.ParseCalendar(strings.NewReader(text))
	if err != nil {
		t.Fatal(err)
	}
	evs := cal.Events()
	if len(evs) != 3 {
		t.Fatalf("%d events", len(evs))
	}
	want := []struct {
		start, end       time.Time
		summary, uid     string
		descriptionHolds string
	}{
		{fixtureTime(16, 8, 30), fixtureTime(16, 12, 0), "SJ-2026-0001 停机：图书馆集成管理系统、RFID 自助借还系统", "SJ-2026-0001-w1@upgradedesk",
			"在开馆时间内"},
		{fixtureTime(23, 22, 0), fixtureTime(24, 1, 30), "SJ-2026-0001 停机：RFID 自助借还系统", "SJ-2026-0001-w2@upgradedesk", "夜间"},
		{fixtureTime(16, 8, 30), fixtureTime(16, 10, 40), "SJ-2026-0001 实际停机：图书馆集成管理系统", "SJ-2026-0001-actual@upgradedesk",
			"事项状态：已归档"},
	}
	for i, w := range want {
		ev := evs[i]
		start, err1 := ev.GetStartAt()
		end, err2 := ev.GetEndAt()
		if err1 != nil || err2 != nil || !start.Equal(w.start) || !end.Equal(w.end) {
			t.Errorf("event %d: %v — %v (%v %v), want %v — %v", i, start, end, err1, err2, w.start, w.end)
		}
		if s := ev.GetProperty(ics.ComponentPropertySummary); s == nil || s.Value != w.summary {
			t.Errorf("event %d: summary %+v", i, s)
		}
		if ev.Id() != w.uid {
			t.Errorf("event %d: uid %q", i, ev.Id())
		}
		desc := ev.GetProperty(ics.ComponentPropertyDescription)
		if desc == nil || !strings.Contains(desc.Value, w.descriptionHolds) || !strings.Contains(desc.Value, d.Case.Title) {
			t.Errorf("event %d: description %+v", i, desc)
		}
		if st := ev.GetProperty(ics.ComponentPropertyDtstamp); st == nil || st.Value != "20260305T063000Z" {
			t.Errorf("event %d: stamp %+v", i, st)
		}
	}
	// In English.
	buf.Reset()
	if err := WriteICS(&buf, data.LangEN, entries[:1], name, stamp); err != nil {
		t.Fatal(err)
	}
	en, err := ics.ParseCalendar(&buf)
	if err != nil || len(en.Events()) != 1 {
		t.Fatalf("English: %v", err)
	}
	if s := en.Events()[0].GetProperty(ics.ComponentPropertySummary); s == nil || s.Value != "SJ-2026-0001 downtime: 图书馆集成管理系统, RFID 自助借还系统" {
		t.Errorf("English summary %+v", s)
	}
}

// TestNotice writes the fixture case's downtime notice: the windows, the
// notice to the readers and the one to the departments, dated with the
// plan's approval; a case without windows has none.
func TestNotice(t *testing.T) {
	d := fixtureDossier()
	if !has(KindNotice, d) {
		t.Fatal("no notice for a plan with windows")
	}
	text := documentText(t, saveTemp(t, writeCase(t, KindNotice, d)))
	for _, want := range []string{"系统停机公告", "停机安排", "2026-03-16（星期一）08:30至12:00", "图书馆集成管理系统、RFID自助借还系统",
		"周一闭馆日", "尊敬的读者：", "因图书馆集成管理系统升级，本馆将在以下时间暂停相关服务：",
		"1.2026-03-16（星期一）08:30至12:00：图书馆集成管理系统、RFID自助借还系统暂停服务（周一闭馆日）",
		"示例市图书馆2026-03-12", "各部门：", "SJ-2026-0001《图书馆集成管理系统升级到V3.3以支持电子发票》",
		"（V3.2.4→V3.3.0）", "请联系信息管理部门李明", "示例市图书馆信息管理部门"} {
		if !strings.Contains(text, stripSpace(want)) {
			t.Errorf("notice lacks %q", want)
		}
	}
	if strings.Contains(text, "签字）") {
		t.Error("a notice has signature lines")
	}
	en := d.DowntimeNotice(data.LangEN)
	if !strings.Contains(en.Readers, "Dear readers") || !strings.Contains(en.Readers, "Monday 2026-03-16 08:30 to 12:00") ||
		!strings.Contains(en.Departments, "SJ-2026-0001") {
		t.Errorf("English notice:\n%s", en.Text())
	}
	d.Plan.Windows = nil
	if has(KindNotice, d) {
		t.Error("a notice without windows")
	}
	if _, err := buildCase(KindNotice, d, sampleGenerated, ""); data.ErrorCode(err) != data.EState ||
		!strings.Contains(err.Error(), "停机窗口") {
		t.Errorf("notice without windows: %v", err)
	}
}

// TestPlanningInDocuments checks what the plan and the assessment print
// of planning: the windows, the warning an approval was given with, and
// the systems depending on the case's system.
func TestPlanningInDocuments(t *testing.T) {
	d := fixtureDossier()
	plan := documentText(t, saveTemp(t, writeCase(t, KindPlan, d)))
	for _, want := range []string{"停机窗口序号开始时间结束时间停机系统说明", "2026-03-1608:302026-03-1612:00",
		"停机说明闭馆日上午，流通台暂停服务。", "计划可行。已知以下冲突，确认继续：停机窗口1（2026-03-1608:30—12:00）在开馆时间内"} {
		if !strings.Contains(plan, stripSpace(want)) {
			t.Errorf("plan lacks %q", want)
		}
	}
	assessment := documentText(t, saveTemp(t, writeCase(t, KindAssessment, d)))
	if !strings.Contains(assessment, "依赖本系统的系统RFID自助借还系统") {
		t.Error("the assessment does not name the systems depending on the case's")
	}
}

// TestLedgerDependencies checks the ledger document's table of
// dependencies, both ways.
func TestLedgerDependencies(t *testing.T) {
	l := &data.Ledger{
		Systems: []data.System{{Meta: data.Meta{ID: 1}, Name: "图书馆集成管理系统", CurrentVersion: "V3"},
			{Meta: data.Meta{ID: 2}, Name: "RFID 自助借还系统", CurrentVersion: "2.3", DependsOn: data.SystemIDs{1}},
			{Meta: data.Meta{ID: 3}, Name: "图书馆网站", CurrentVersion: "1.0", DependsOn: data.SystemIDs{1, 2}}},
	}
	var buf bytes.Buffer
	if err := WriteLedger(&buf, "示例市图书馆", l, sampleGenerated); err != nil {
		t.Fatal(err)
	}
	text := documentText(t, saveTemp(t, buf.Bytes()))
	for _, want := range []string{"二、系统依赖关系", "序号系统名称依赖系统依赖它的系统", "1图书馆集成管理系统无RFID自助借还系统、图书馆网站",
		"2RFID自助借还系统图书馆集成管理系统图书馆网站", "3图书馆网站图书馆集成管理系统、RFID自助借还系统无", "四、供应商"} {
		if !strings.Contains(text, stripSpace(want)) {
			t.Errorf("ledger lacks %q", want)
		}
	}
}
