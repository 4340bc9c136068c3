package forms

import (
	"io"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"upgradedesk/data"
)

// planWithWindows saves the plan of case id, in planning, with windows
// ws, and submits it.
func (f *fixture) planWithWindows(t *testing.T, id uint, ws ...data.DowntimeWindow) {
	t.Helper()
	must(t, f.planAndSubmit(id))
	must(t, f.do("director", id, data.ActReturn))
	p, err := f.s.Plan(id)
	must(t, err)
	p.Windows = ws
	must(t, f.s.SaveStage(f.sess(f.u["sysadmin"]), p))
	must(t, f.do("sysadmin", id, data.ActSubmit))
}

// TestPlanningInTheCaseWindow checks the plan tab's windows (their systems
// chosen among the case's system and those depending on it), the
// conflicts it shows, the notice to copy, and the warning of the plan's
// approval: shown in the dialog, gone on with, recorded with the decision.
func TestPlanningInTheCaseWindow(t *testing.T) {
	f := newFixture(t)
	systems, err := f.s.Systems()
	must(t, err)
	ils := systems[0] // the cases' system
	day := time.Date(2027, 1, 11, 0, 0, 0, 0, time.Local)
	first := f.driveTo(t, data.StatePlanning)
	id := f.driveTo(t, data.StatePlanning)
	rfid := data.System{Name: "RFID 自助借还系统", OwnerDeptID: ils.OwnerDeptID, CurrentVersion: "2.3", DependsOn: data.SystemIDs{ils.ID}}
	must(t, f.s.SaveSystem(f.sess(f.u["admin"]), &rfid))
	f.planWithWindows(t, first, data.DowntimeWindow{StartAt: day.Add(8 * time.Hour), EndAt: day.Add(10 * time.Hour),
		Systems: data.SystemIDs{ils.ID}})
	must(t, f.planAndSubmit(id))
	must(t, f.do("director", id, data.ActReturn))

	// The sysadmin adds a window on the RFID self-service through the form.
	w := f.open("sysadmin", id)
	plan := w.forms[data.FormPlan]
	rows := plan.Rows("downtime_windows")
	test.Tap(rows.AddButton)
	d := rows.Dialog
	g := d.CheckGroup("systems")
	if g == nil || strings.Join(g.Options, "|") != ils.Name+"|"+rfid.Name || strings.Join(g.Selected, "|") != ils.Name {
		t.Fatalf("systems offered %v, ticked %v", g.Options, g.Selected)
	}
	g.SetSelected([]string{rfid.Name})
	fill(d.Entry("start"), "2027-01-11 09:00")
	fill(d.Entry("end"), "2027-01-11 09:00")
	test.Tap(d.OK)
	if rows.Dialog == nil || !strings.Contains(d.Problem.Text, "结束时间") {
		t.Fatalf("an empty window taken: %q", d.Problem.Text)
	}
	fill(d.Entry("end"), "2027-01-11 11:00")
	test.Tap(d.OK)
	if rows.Dialog != nil {
		t.Fatalf("window refused: %s", d.Problem.Text)
	}
	save(t, plan)

	// The other case's window comes in the way of it.
	w = f.open("sysadmin", id)
	part := planningOf(t, w)
	if text := part.Conflicts.Text; !strings.Contains(text, "1 处冲突") || !strings.Contains(text, "“RFID 自助借还系统”依赖“"+ils.Name+"”") {
		t.Errorf("conflicts shown: %q", text)
	}
	test.Tap(part.Notice)
	if part.NoticeText == nil || !strings.Contains(part.NoticeText.Text, "尊敬的读者") ||
		!strings.Contains(part.NoticeText.Text, "2027-01-11（星期一）09:00 至 11:00：RFID 自助借还系统暂停服务") {
		t.Errorf("notice %v", part.NoticeText)
	}
	tapOverlayButton(t, w, "关闭")

	// Submitting shows the conflict; going on records it.
	act(t, w, data.ActSubmit, "已与流通部确认停机安排")
	w = f.open("director", id)
	test.Tap(w.header.ActionButtons[data.ActApprovePlan])
	dlg := w.actionDlg
	if !dlg.Warning.Visible() || !strings.Contains(dlg.Warning.Text, "停机窗口有 1 处冲突") {
		t.Fatalf("approval dialog: %q", dlg.Warning.Text)
	}
	test.Type(dlg.Opinion, "同意，与图书馆集成管理系统升级错开半小时即可")
	test.Tap(dlg.OK)
	if w.actionDlg != nil {
		t.Fatalf("approval refused: %s", dlg.Problem.Text)
	}
	ds, err := f.s.Decisions(id)
	must(t, err)
	last := ds[len(ds)-1]
	if last.Action != data.ActApprovePlan || !strings.Contains(last.Warning, "依赖") {
		t.Errorf("decision %+v", last)
	}
	rowsShown := w.decisions[data.StatePlanApproval].Decisions.Rows()
	if len(rowsShown) == 0 || !strings.Contains(rowsShown[len(rowsShown)-1][3], "已知以下冲突") {
		t.Errorf("the decision does not show its warning: %q", rowsShown)
	}
}

// planningOf returns the planning part of a case window.
func planningOf(t *testing.T, w *caseWindow) *planningPart {
	t.Helper()
	for _, p := range w.parts {
		if pp, ok := p.(*planningPart); ok {
			return pp
		}
	}
	t.Fatal("no planning part")
	return nil
}

// TestICSExport checks that the plan tab's .ics export hands the windows
// and their systems' names to the client's writer.
func TestICSExport(t *testing.T) {
	f := newFixture(t)
	id := f.driveTo(t, data.StatePlanning)
	c, err := f.s.Case(id)
	must(t, err)
	f.planWithWindows(t, id, data.DowntimeWindow{StartAt: time.Date(2027, 1, 11, 9, 0, 0, 0, time.Local),
		EndAt: time.Date(2027, 1, 11, 11, 0, 0, 0, time.Local), Systems: data.SystemIDs{c.SystemID}})
	var got []data.ScheduleEntry
	var names []string
	m := f.manager("sysadmin", nil)
	m.env.Calendar = func(w io.Writer, entries []data.ScheduleEntry, name func(uint) string) error {
		got = entries
		for _, e := range entries {
			for _, s := range e.Systems {
				names = append(names, name(s))
			}
		}
		_, err := io.WriteString(w, "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
		return err
	}
	m.Open(id)
	w := m.find(id)
	part := planningOf(t, w)
	if !part.ICS.Visible() || part.ICS.Disabled() {
		t.Fatal("no .ics export")
	}
	must(t, part.writeICS(io.Discard))
	if len(got) != 1 || got[0].Window != 1 || len(names) != 1 || names[0] == "" {
		t.Errorf("entries %+v, names %v", got, names)
	}
}
