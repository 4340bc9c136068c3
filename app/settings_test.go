package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"upgradedesk/forms/uikit"

	"upgradedesk/data"
)

// entryOf returns the entry of the form row labelled by key.
func entryOf(t *testing.T, b *binder, key string) *uikit.Entry {
	t.Helper()
	e, ok := b.byKey[key].(*uikit.Entry)
	if !ok {
		t.Fatalf("no entry %s", key)
	}
	return e
}

// checkNamed finds the check box with the given text under o.
func checkNamed(o fyne.CanvasObject, text string) *uikit.Check {
	if c, ok := o.(*uikit.Check); ok && c.Text == text {
		return c
	}
	if box, ok := o.(*fyne.Container); ok {
		for _, child := range box.Objects {
			if c := checkNamed(child, text); c != nil {
				return c
			}
		}
	}
	return nil
}

func TestAdministratorCreatesAUser(t *testing.T) {
	f, c, s := clientAs(t, "admin")
	showTab(c, s, 4)
	users := s.settings.build().users
	if users == nil {
		t.Fatal("no user list for the administrator")
	}
	if len(users.rows) != 4 {
		t.Errorf("%d users listed, want 4", len(users.rows))
	}
	test.Tap(users.add)
	b := users.form
	test.Type(entryOf(t, b, "field.username"), "wufang")
	test.Type(entryOf(t, b, "field.full_name"), "吴芳")
	b.byKey["field.department_id"].(*uikit.Dropdown).SetSelected("采编部")
	test.Tap(checkNamed(b.byKey["field.roles"], "业务专员"))
	test.Type(entryOf(t, b, "field.phone"), "8202")
	test.Type(entryOf(t, b, "field.password"), "new-pass-1")
	test.Type(entryOf(t, b, "login.confirm_password"), "new-pass-1")
	test.Tap(users.dialog.OK)
	c.jobs.Wait()

	ss, err := f.store.Login("wufang", "new-pass-1")
	if err != nil {
		t.Fatalf("the new user cannot sign in: %v", err)
	}
	u := ss.User()
	if u.FullName != "吴芳" || u.DepartmentID != f.depts["采编部"].ID || !u.HasRole(data.RoleStaff) {
		t.Errorf("user %+v", u)
	}
	if len(users.rows) != 5 {
		t.Errorf("%d users listed after creating one, want 5", len(users.rows))
	}
}

func TestUserFormRefusesBadInput(t *testing.T) {
	_, c, s := clientAs(t, "admin")
	showTab(c, s, 4)
	users := s.settings.build().users
	test.Tap(users.add)
	b := users.form
	name := entryOf(t, b, "field.username")
	test.Type(name, "x")
	if err := name.Validate(); err == nil {
		t.Error("a one-letter user name passes")
	}
	phone := entryOf(t, b, "field.phone")
	test.Type(phone, "abc")
	if err := phone.Validate(); err == nil || err.Error() != "请填写电话号码或分机号，例如 010-6253 1234" {
		t.Errorf("phone hint = %v", err)
	}
	// A taken name passes the form but the store refuses it; the form
	// opens again after the message.
	name.SetText("staff")
	phone.SetText("")
	test.Type(entryOf(t, b, "field.full_name"), "重名")
	b.byKey["field.department_id"].(*uikit.Dropdown).SetSelected("流通部")
	test.Tap(checkNamed(b.byKey["field.roles"], "业务专员"))
	test.Type(entryOf(t, b, "field.password"), "new-pass-1")
	test.Type(entryOf(t, b, "login.confirm_password"), "new-pass-1")
	test.Tap(users.dialog.OK)
	c.jobs.Wait()
	if len(users.rows) != 4 {
		t.Errorf("%d users, want 4", len(users.rows))
	}
	if top := c.win.Canvas().Overlays().Top(); top == nil {
		t.Error("no error shown")
	}
}

func TestSettingsForOthersHaveNoAdministration(t *testing.T) {
	_, _, s := clientAs(t, "staff")
	if s.settings.build().users != nil {
		t.Error("staff can manage users")
	}
	if !s.settings.build().library.Disabled() {
		t.Error("staff can change the library's name")
	}
}

func TestAdministratorSavesTheLibraryName(t *testing.T) {
	f, c, s := clientAs(t, "admin")
	showTab(c, s, 4)
	s.settings.build().library.SetText("示例市图书馆")
	test.Tap(s.settings.build().saveLibrary)
	c.jobs.Wait()
	if got := f.store.LibraryName(); got != "示例市图书馆" {
		t.Errorf("library name %q", got)
	}
}

func TestLanguageIsSavedForTheNextStart(t *testing.T) {
	_, c, s := clientAs(t, "staff")
	s.settings.build().language.sel.SetSelected("English")
	if got := c.app.Preferences().String(prefLanguage); got != "en" {
		t.Errorf("language preference %q", got)
	}
	if got := readPrefs(c.app).language; got != "en" {
		t.Errorf("read back %q", got)
	}
}

// TestSettingsPagesAreBuiltWhenFirstShown checks that signing in does not
// build 设置's pages, and that showing the tab does.
func TestSettingsPagesAreBuiltWhenFirstShown(t *testing.T) {
	_, c, s := clientAs(t, "admin")
	if s.settings.inner != nil || len(s.settings.slot.Objects) != 0 {
		t.Fatal("设置's pages were built at sign-in")
	}
	s.tabs.Select(s.settings.tabItem())
	c.jobs.Wait()
	if s.settings.inner == nil || len(s.settings.slot.Objects) != 1 || s.settings.users == nil {
		t.Fatal("showing 设置 did not build its pages")
	}
	if len(s.settings.users.rows) == 0 {
		t.Error("the users were not read when the tab was first shown")
	}
}
