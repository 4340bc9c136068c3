package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"upgradedesk/data"
	"upgradedesk/forms/uikit"
)

// userRow is an account with its department's name, and the password
// typed when it is created.
type userRow struct {
	data.User
	Dept     string
	Password string
}

// userSpec is the list of accounts: create, edit roles, department and
// contact details, reset the password, disable and enable.
func userSpec(s *session) masterSpec[userRow] {
	return masterSpec[userRow]{
		title: "admin.users", stretch: 3,
		cols: []column[userRow]{
			{"field.username", "", 110, func(u *userRow) string { return u.Username }},
			{"field.full_name", "", 90, func(u *userRow) string { return u.FullName }},
			{"field.department_id", "", 120, func(u *userRow) string { return u.Dept }},
			{"field.roles", "", 200, func(u *userRow) string { return roleNames(&u.User) }},
			{"field.phone", "", 130, func(u *userRow) string { return u.Phone }},
			{"field.email", "", 190, func(u *userRow) string { return u.Email }},
			{"admin.account", "", 84, func(u *userRow) string { return accountState(&u.User) }},
		},
		load:  func() ([]userRow, lookups, error) { return loadUsers(s.store) },
		blank: func() userRow { return userRow{} },
		form:  userForm,
		save: func(u *userRow) error {
			if u.ID == 0 {
				_, err := s.store.CreateUser(s.login, data.NewUser{Username: u.Username, FullName: u.FullName,
					DepartmentID: u.DepartmentID, Roles: u.RoleList(), Phone: u.Phone, Email: u.Email,
					MailLang: u.MailLang, DigestOff: u.DigestOff, Password: u.Password})
				return err
			}
			return s.store.SaveUser(s.login, &u.User)
		},
		actions: []rowAction[userRow]{
			{"admin.reset_password", theme.AccountIcon(), resetPassword},
			{"admin.disable_enable", theme.CancelIcon(), toggleDisabled},
		},
	}
}

// accountState says whether an account is in use.
func accountState(u *data.User) string {
	if u.Disabled {
		return lang.L("admin.disabled")
	}
	return lang.L("admin.enabled")
}

// loadUsers reads the accounts and names their departments.
func loadUsers(store *data.Store) ([]userRow, lookups, error) {
	l, err := loadLookups(store)
	if err != nil {
		return nil, l, err
	}
	us, err := store.Users()
	rows := make([]userRow, len(us))
	for i, u := range us {
		rows[i] = userRow{User: u, Dept: l.deptName(u.DepartmentID)}
	}
	data.SortByName(rows, func(u *userRow) string { return u.FullName })
	return rows, l, err
}

// userForm is the form of an account; the sign-in name and the password
// are set when it is created.
func userForm(b *binder, u *userRow, l *lookups) {
	if u.ID == 0 {
		b.text("field.username", &u.Username, data.All(data.Required, data.ValidUsername))
	} else {
		b.fixed("field.username", u.Username)
	}
	b.text("field.full_name", &u.FullName, data.All(data.Required, data.MaxLen(64)))
	b.deptChoice("field.department_id", l, &u.DepartmentID)
	b.roles(&u.User)
	b.text("field.phone", &u.Phone, optional(data.ValidPhone))
	b.text("field.email", &u.Email, optional(data.ValidEmail))
	mailPrefs(b, &u.User)
	if u.ID == 0 {
		pw := b.text("field.password", &u.Password, data.All(data.Required, data.ValidPassword))
		pw.Password = true
		b.item("login.confirm_password", newConfirmEntry(pw), nil)
	}
}

// resetPassword asks for a new password for the account and sets it.
func resetPassword(m *masterList[userRow], u userRow) {
	pw := newPasswordEntry(data.All(data.Required, data.ValidPassword))
	items := []*widget.FormItem{formItem("password.new", pw), formItem("password.again", newConfirmEntry(pw))}
	title := lang.L("admin.reset_password_of", map[string]any{"Name": u.FullName})
	var d *uikit.FormDialog
	d = uikit.NewFormDialog(title, lang.L("common.save"), items, func(ok bool) {
		if ok {
			s := m.s
			m.run(func() error { return s.store.ResetPassword(s.login, u.ID, pw.Text) }, d.Show)
		}
	}, m.s.win)
	d.ShowWidth(440)
}

// toggleDisabled disables the account, after a warning, or enables it.
func toggleDisabled(m *masterList[userRow], u userRow) {
	s := m.s
	save := func() {
		u.Disabled = !u.Disabled
		m.run(func() error { return s.store.SaveUser(s.login, &u.User) }, nil)
	}
	if u.Disabled {
		save()
		return
	}
	uikit.ShowConfirm(s.win, uikit.ConfirmSpec{Title: lang.L("admin.disable_title"),
		Message: lang.L("admin.disable_confirm", map[string]any{"Name": u.FullName, "User": u.Username}),
		Confirm: lang.L("admin.disable"), Danger: true, OnConfirm: save})
}

// deptSpec is the list of departments.
func deptSpec(s *session) masterSpec[data.Department] {
	return masterSpec[data.Department]{
		title: "admin.departments", stretch: 0,
		cols: []column[data.Department]{
			{"field.dept_name", "", 220, func(d *data.Department) string { return d.Name }},
			{"field.dept_kind", "", 160, func(d *data.Department) string { return lang.L(d.Kind.LabelKey()) }},
		},
		load: func() ([]data.Department, lookups, error) {
			l, err := loadLookups(s.store)
			return l.depts, l, err
		},
		blank: func() data.Department { return data.Department{Kind: data.DeptBusiness} },
		form: func(b *binder, d *data.Department, _ *lookups) {
			b.text("field.dept_name", &d.Name, data.All(data.Required, data.MaxLen(64)))
			labels := make([]string, len(data.DeptKinds))
			for i, k := range data.DeptKinds {
				labels[i] = lang.L(k.LabelKey())
			}
			choose(b, "field.dept_kind", labels, data.DeptKinds, &d.Kind)
		},
		save: func(d *data.Department) error { return s.store.SaveDepartment(s.login, d) },
	}
}

// vendorSpec is the list of vendors.
func vendorSpec(s *session) masterSpec[data.Vendor] {
	return masterSpec[data.Vendor]{
		title: "admin.vendors", stretch: 0, cols: vendorColumns(),
		load: func() ([]data.Vendor, lookups, error) {
			l, err := loadLookups(s.store)
			return l.vendors, l, err
		},
		blank: func() data.Vendor { return data.Vendor{} },
		form: func(b *binder, v *data.Vendor, _ *lookups) {
			b.text("field.vendor_name", &v.Name, data.All(data.Required, data.MaxLen(128)))
			b.text("field.contact", &v.Contact, data.MaxLen(64))
			b.text("field.phone", &v.Phone, optional(data.ValidPhone))
			b.text("field.email", &v.Email, optional(data.ValidEmail))
			b.text("field.contract_no", &v.ContractNo, data.MaxLen(64))
			b.multiline("field.notes", &v.Notes)
		},
		save: func(v *data.Vendor) error { return s.store.SaveVendor(s.login, v) },
	}
}

// systemSpec is the list of software systems. A system's version is set
// when it is entered; later versions come only from registration.
func systemSpec(s *session) masterSpec[systemRow] {
	return masterSpec[systemRow]{
		title: "admin.systems", stretch: 0, cols: systemColumns(),
		load: func() ([]systemRow, lookups, error) {
			l, err := loadLookups(s.store)
			return l.systemRows(), l, err
		},
		blank: func() systemRow { return systemRow{} },
		form:  systemForm,
		save: func(r *systemRow) error {
			if r.VendorID != nil && *r.VendorID == 0 {
				r.VendorID = nil
			}
			return s.store.SaveSystem(s.login, &r.System)
		},
	}
}

// systemForm is the form of a software system.
func systemForm(b *binder, r *systemRow, l *lookups) {
	b.text("field.system_name", &r.Name, data.All(data.Required, data.MaxLen(128)))
	b.text("field.system_code", &r.Code, data.MaxLen(32))
	labels, values := []string{lang.L("admin.no_vendor")}, []uint{0}
	for _, v := range l.vendors {
		labels, values = append(labels, v.Name), append(values, v.ID)
	}
	vendor := uint(0)
	if r.VendorID != nil {
		vendor = *r.VendorID
	}
	choose(b, "field.vendor", labels, values, &vendor)
	b.applies = append(b.applies, func() { r.VendorID = &vendor })
	b.deptChoice("field.owner_dept", l, &r.OwnerDeptID)
	if r.ID == 0 {
		b.text("field.current_version", &r.CurrentVersion, data.All(data.Required, data.ValidVersion))
	} else {
		b.fixed("field.current_version", lang.L("admin.version_by_registration", map[string]any{"Version": r.CurrentVersion}))
	}
	b.date("field.installed_on", &r.InstalledOn)
	b.multiline("field.description", &r.Description)
	dependencies(b, r, l)
}

// dependencies adds the check boxes of the systems a system depends on:
// every other system of the ledger, two to a row.
func dependencies(b *binder, r *systemRow, l *lookups) {
	var boxes []fyne.CanvasObject
	checks := map[uint]*uikit.Check{}
	var order []uint
	for _, s := range l.systems {
		if s.ID == r.ID && r.ID != 0 {
			continue
		}
		c := uikit.NewCheck(s.Name, nil)
		c.Checked = r.DependsOn.Has(s.ID)
		checks[s.ID], order = c, append(order, s.ID)
		boxes = append(boxes, c)
	}
	b.item("field.depends_on", container.NewGridWithColumns(2, boxes...), func() {
		r.DependsOn = nil
		for _, id := range order {
			if checks[id].Checked {
				r.DependsOn = append(r.DependsOn, id)
			}
		}
	})
}

// mailPrefs adds the account's language of e-mails and its opt-out of the
// daily digest, as the users' description has them.
func mailPrefs(b *binder, u *data.User) {
	lf, df := userField("mail_lang"), userField("digest_off")
	langs := data.ChoiceLists[lf.List]
	labels := make([]string, len(langs))
	for i, l := range langs {
		labels[i] = lang.L(data.ChoiceKey(lf.List, l))
	}
	code := u.MessageLang()
	choose(b, lf.LabelKey(), labels, langs, &code)
	off := uikit.NewCheck(lang.L(df.LabelKey()), nil)
	off.Checked = u.DigestOff
	b.item("mailset.digest", off, func() {
		u.MailLang, u.DigestOff = code, off.Checked
		if code == data.LangZH {
			u.MailLang = ""
		}
	})
}
