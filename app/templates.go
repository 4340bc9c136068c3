package app

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"upgradedesk/data"
	"upgradedesk/forms"
	"upgradedesk/forms/uikit"
)

// templateRow is a template of standard changes with its system's name
// and the actions the user may take on it now.
type templateRow struct {
	data.ChangeTemplate
	System  string
	Actions []data.Action
}

// templatesPage is 设置 → 标准升级模板: every template with its state; the
// 系统管理员 and the 信息主管 write them and submit them for approval, the
// 馆领导 and the 信息主管 approve or return them, the 信息主管 withdraws
// them. The store decides who may do what (data.TemplateActions): the
// buttons follow it for the selected template.
type templatesPage struct {
	s       *session
	rows    []templateRow
	systems []data.System
	names   data.NameBook
	grid    *grid[templateRow]
	root    fyne.CanvasObject

	view, add, edit *uikit.Button
	// acts are the buttons of the actions on a template, by action.
	acts map[data.Action]*uikit.Button
	// editor is the open dialog's editor, if any, and dlg the dialog.
	editor *forms.RecordEditor
	dlg    *uikit.Dialog
	// opinion and actDlg are the open dialog of an action, if any.
	opinion *uikit.Entry
	actDlg  *uikit.Dialog
	act     func()
	// approvals are the decisions of the template shown, if any.
	approvals *widget.Label
	// selectID, when set, is the template to select once loaded (one the
	// 待办 opened).
	selectID uint
}

// templateActions are the actions on a template, in the order of their
// buttons.
var templateActions = []data.Action{data.ActSubmit, data.ActApprove, data.ActReturn, data.ActWithdraw}

// templateField returns the label key of a template's field.
func templateField(key string) string { return data.TemplateRecord().Field(key).LabelKey() }

func newTemplatesPage(s *session) *templatesPage {
	p := &templatesPage{s: s, acts: map[data.Action]*uikit.Button{}}
	today := func() string { return s.c.clock()().In(time.Local).Format(data.DateLayout) }
	cols := []column[templateRow]{
		{templateField("no"), "", 100, func(r *templateRow) string { return r.No }},
		{templateField("name"), "", 220, func(r *templateRow) string { return r.Name }},
		{"field.system", "", 150, func(r *templateRow) string { return r.System }},
		{templateField("upgrade_type"), "", 90, func(r *templateRow) string {
			return lang.L(data.ChoiceKey("upgrade_type", r.UpgradeType))
		}},
		{templateField("budget_ceiling"), "", 110, func(r *templateRow) string { return r.BudgetCeiling.String() }},
		{"template.period", "", 190, func(r *templateRow) string {
			return lang.L("template.period_text", map[string]any{"From": r.ValidFrom, "Until": r.ValidUntil})
		}},
		{templateField("state"), "", 90, func(r *templateRow) string { return lang.L(r.StatusKey(today())) }},
	}
	p.grid = sliceGrid(cols, 1, &p.rows)
	// A template awaiting the user's approval shows its state as a warning.
	p.grid.warn = func(r *templateRow, col int) bool { return col == 6 && slices.Contains(r.Actions, data.ActApprove) }
	p.grid.onSelect = func(int) { p.enableButtons() }
	p.grid.onOpen = func(int) { p.onView() }
	p.view = uikit.NewButtonWithIcon(lang.L("template.view"), theme.VisibilityIcon(), p.onView)
	p.add = uikit.NewButtonWithIcon(lang.L("common.new"), theme.ContentAddIcon(), p.onAdd)
	p.edit = uikit.NewButtonWithIcon(lang.L("common.edit"), theme.DocumentCreateIcon(), p.onEdit)
	bar := []fyne.CanvasObject{layout.NewSpacer(), p.view}
	for _, a := range templateActions {
		b := uikit.NewButton(lang.L(data.TemplateActionKey(a)), func() { p.onAct(a) })
		if a == data.ActApprove || a == data.ActSubmit {
			b.Importance = widget.HighImportance
		}
		p.acts[a] = b
		bar = append(bar, b)
	}
	bar = append(bar, p.edit, p.add)
	note := lockedNote(lang.L("template.note"))
	heading := widget.NewLabelWithStyle(lang.L("entity.change_templates"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	// The buttons scroll rather than widen the window in a longer
	// language.
	buttons := container.NewBorder(nil, nil, heading, nil, container.NewHScroll(container.NewHBox(bar...)))
	p.root = container.NewBorder(container.NewVBox(note, buttons), nil, nil, nil, p.grid.root)
	p.enableButtons()
	return p
}

// enableButtons enables what the selected template and the user's roles
// allow.
func (p *templatesPage) enableButtons() {
	r, picked := p.grid.selectedRow()
	writable := p.s.canWrite()
	enable(p.view, picked)
	enable(p.add, writable && data.MayWriteTemplates(p.s.user))
	enable(p.edit, writable && picked && r.State == data.TemplateDraft && data.MayWriteTemplates(p.s.user))
	for a, b := range p.acts {
		on := writable && picked
		if on {
			on = false
			for _, x := range r.Actions {
				on = on || x == a
			}
		}
		enable(b, on)
	}
}

// refresh reloads the templates, and what the user may do with each, off
// the UI goroutine.
func (p *templatesPage) refresh() {
	store, user := p.s.store, p.s.user
	type loaded struct {
		rows    []templateRow
		systems []data.System
	}
	uikit.Background(p.s.jobs, func() (loaded, error) {
		ts, err := store.Templates()
		if err != nil {
			return loaded{}, err
		}
		systems, err := store.Systems()
		if err != nil {
			return loaded{}, err
		}
		data.SortByName(systems, func(s *data.System) string { return s.Name })
		names := map[uint]string{}
		for _, sys := range systems {
			names[sys.ID] = sys.Name
		}
		rows := make([]templateRow, len(ts))
		for i, t := range ts {
			rows[i] = templateRow{ChangeTemplate: t, System: names[t.SystemID]}
			if rows[i].Actions, err = store.TemplateActions(user, t.ID); err != nil {
				return loaded{}, err
			}
		}
		return loaded{rows, systems}, nil
	}, func(l loaded, err error) {
		if err != nil {
			p.s.showError("load templates", err)
			return
		}
		p.systems = l.systems
		p.names = data.NameBook{}
		for _, sys := range l.systems {
			p.names.Add(data.KindSystem, sys.ID, sys.Name)
		}
		keep := p.selectID // the template asked for, else the one selected
		if r, ok := p.grid.selectedRow(); ok && keep == 0 {
			keep = r.ID
		}
		p.rows = l.rows
		p.grid.clearSelection()
		p.grid.refresh()
		for i := range p.rows {
			if keep != 0 && p.rows[i].ID == keep {
				p.grid.selectRow(i)
			}
		}
		p.selectID = 0
		p.enableButtons()
	})
}

// choices offers the ledger's systems to a template's system.
func (p *templatesPage) choices(k data.FieldKind) (values, labels []string) {
	if k != data.KindSystem {
		return nil, nil
	}
	for _, s := range p.systems {
		values = append(values, strconv.FormatUint(uint64(s.ID), 10))
		labels = append(labels, s.Name)
	}
	return values, labels
}

// onAdd opens a new template, valid from today for a year.
func (p *templatesPage) onAdd() {
	day := p.s.c.clock()().In(time.Local)
	t := &data.ChangeTemplate{ValidFrom: day.Format(data.DateLayout), ValidUntil: day.AddDate(1, 0, -1).Format(data.DateLayout)}
	p.openEditor(t, lang.L("admin.new", map[string]any{"What": lang.L("entity.change_templates")}), true)
}

// onEdit opens the selected draft for editing.
func (p *templatesPage) onEdit() {
	if r, ok := p.grid.selectedRow(); ok && r.State == data.TemplateDraft {
		t := r.ChangeTemplate
		p.openEditor(&t, lang.L("admin.edit", map[string]any{"What": lang.L("entity.change_templates")}), true)
	}
}

// onView shows the selected template and its approvals.
func (p *templatesPage) onView() {
	if r, ok := p.grid.selectedRow(); ok {
		t := r.ChangeTemplate
		p.openEditor(&t, r.No+" "+r.Name, false)
	}
}

// openEditor shows t in a dialog of its fields, to edit and save or, not
// editable, to read with its approvals.
func (p *templatesPage) openEditor(t *data.ChangeTemplate, title string, editable bool) {
	s := p.s
	e := forms.NewRecordEditor(s.win, data.TemplateRecord(), p.choices, s.store.Now)
	e.Show(t, p.names)
	e.SetReadOnly(!editable)
	body := container.NewVBox(e.Content())
	if t.ID != 0 {
		approvals := widget.NewLabel(lang.L("common.loading"))
		approvals.Wrapping = wrapping()
		body.Add(widget.NewSeparator())
		body.Add(widget.NewLabelWithStyle(lang.L("template.decisions"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
		body.Add(approvals)
		p.approvals = approvals
		p.loadDecisions(t.ID, approvals)
	}
	scroll := container.NewVScroll(body)
	uikit.ForwardWheel(scroll, body)
	d := uikit.NewDialog(title, scroll, s.win)
	p.editor, p.dlg = e, d
	closeBtn := uikit.NewButtonWithIcon(lang.L("common.close"), theme.CancelIcon(), d.Hide)
	d.OnEscape(d.Hide)
	d.OnClosed(func() {
		if p.dlg == d {
			p.editor, p.dlg = nil, nil
		}
	})
	if editable {
		save := uikit.NewButtonWithIcon(lang.L("common.save"), theme.DocumentSaveIcon(), func() { p.save(e, d) })
		save.Importance = widget.HighImportance
		d.SetButtons(closeBtn, save)
	} else {
		d.SetButtons(closeBtn)
	}
	size := s.win.Canvas().Size()
	d.Resize(fyne.NewSize(min(900, size.Width-40), min(640, size.Height-40)))
	d.Show()
}

// loadDecisions shows the decisions taken on a template in l.
func (p *templatesPage) loadDecisions(id uint, l *widget.Label) {
	store := p.s.store
	uikit.Background(p.s.jobs, func() ([]data.TemplateDecision, error) {
		return store.TemplateDecisions(id)
	}, func(ds []data.TemplateDecision, err error) {
		if err != nil {
			l.SetText(errorText(err))
			return
		}
		if len(ds) == 0 {
			l.SetText(lang.L("template.no_decisions"))
			return
		}
		lines := make([]string, len(ds))
		for i, d := range ds {
			lines[i] = lang.L("template.decision_line", map[string]any{"At": formatTime(d.At), "Name": d.ActorName,
				"Role": lang.L(d.ActorRole.LabelKey()), "Action": lang.L(d.LabelKey()), "Opinion": d.Opinion})
			lines[i] = strings.TrimRight(lines[i], "：: ")
		}
		l.SetText(strings.Join(lines, "\n"))
	})
}

// save saves the template in the editor off the UI goroutine; a refusal
// is shown over the dialog, which stays open with what was typed.
func (p *templatesPage) save(e *forms.RecordEditor, d *uikit.Dialog) {
	rec, err := e.Read()
	if err != nil {
		p.s.showError("save template", err)
		return
	}
	t := rec.(*data.ChangeTemplate)
	store, login := p.s.store, p.s.login
	uikit.Background(p.s.jobs, func() (struct{}, error) {
		return struct{}{}, store.SaveTemplate(login, t)
	}, func(_ struct{}, err error) {
		if err != nil {
			p.s.showError("save template", err)
			return
		}
		d.Hide()
		p.s.changed(false)
		p.refresh()
	})
}

// onAct asks for the opinion of action a on the selected template (a
// reason where one is required) and takes it.
func (p *templatesPage) onAct(a data.Action) {
	r, ok := p.grid.selectedRow()
	if !ok {
		return
	}
	id, version, title := r.ID, r.Version, r.No+" "+r.Name
	need := data.TemplateOpinionRequired(a)
	p.opinion = uikit.NewEntry(uikit.Spec{Lines: 3, Required: need, Valid: data.ValidText,
		Placeholder: lang.L("act.opinion_placeholder")})
	label := lang.L("field.opinion")
	if need {
		label += " *"
	}
	hint := widget.NewLabel(lang.L(templateHints[a]))
	hint.Wrapping = wrapping()
	form := widget.NewForm(&widget.FormItem{Text: label, Widget: p.opinion})
	problem := widget.NewLabel("")
	problem.Importance = widget.DangerImportance
	problem.Wrapping = wrapping()
	problem.Hide()
	d := uikit.NewDialog(lang.L("template.act_title", map[string]any{"Action": lang.L(data.TemplateActionKey(a)), "Template": title}),
		container.NewVBox(hint, form, problem), p.s.win)
	back := uikit.NewButtonWithIcon(lang.L("act.back"), theme.NavigateBackIcon(), d.Hide)
	var ok2 *uikit.Button
	p.act = func() {
		if need {
			if err := data.Required(p.opinion.Text); err != nil {
				problem.SetText(uikit.Message(uikit.FieldProblem(lang.L("field.opinion"), err)))
				problem.Show()
				return
			}
		}
		req := data.TemplateRequest{TemplateID: id, Action: a, Opinion: p.opinion.Text, ExpectVersion: version}
		store, login := p.s.store, p.s.login
		ok2.Disable()
		uikit.Background(p.s.jobs, func() (struct{}, error) {
			_, err := store.ActOnTemplate(login, req)
			return struct{}{}, err
		}, func(_ struct{}, err error) {
			ok2.Enable()
			if err != nil {
				problem.SetText(uikit.Message(err))
				problem.Show()
				d.Resize(fyne.NewSize(520, d.MinSize().Height))
				return
			}
			d.Hide()
			p.actDlg = nil
			p.s.changed(false)
			p.refresh()
		})
	}
	ok2 = uikit.NewButtonWithIcon(lang.L(data.TemplateActionKey(a)), theme.ConfirmIcon(), p.act)
	ok2.Importance = p.acts[a].Importance
	d.SetButtons(back, ok2)
	d.OnEscape(d.Hide)
	d.OnEnter(p.act)
	p.actDlg = d
	d.Resize(fyne.NewSize(520, d.MinSize().Height))
	d.Show()
}

// templateHints say, in the dialog of an action on a template, what the
// action does to it.
var templateHints = map[data.Action]string{
	data.ActSubmit:   "template.act_hint.submit",
	data.ActApprove:  "template.act_hint.approve",
	data.ActReturn:   "template.act_hint.return",
	data.ActWithdraw: "template.act_hint.withdraw",
}
