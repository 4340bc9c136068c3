package app

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"upgradedesk/data"
)

func TestFirstRunCreatesTheAdministrator(t *testing.T) {
	path := filepath.Join(t.TempDir(), "new", "upgradedesk.db")
	c := startClientWith(t, newTestApp(t), Config{DBPath: path}, nil)
	f := c.firstRun
	if f == nil {
		t.Fatal("no first-run dialog on a new database")
	}
	f.username.SetText("")
	test.Type(f.library, "东城区图书馆")
	test.Type(f.username, "chief")
	test.Type(f.fullName, "王建国")
	test.Type(f.password, "s3cret-pass")
	test.Type(f.confirm, "s3cret-pas")

	t.Run("mismatched passwords are refused", func(t *testing.T) {
		test.Tap(f.create)
		c.jobs.Wait()
		if c.firstRun == nil || f.message.Text != "确认密码：两次输入的密码不一致" {
			t.Fatalf("dialog closed or says %q", f.message.Text)
		}
		if err := f.confirm.Validate(); err == nil || err.Error() != "两次输入的密码不一致" {
			t.Errorf("confirm hint = %v", err)
		}
	})
	t.Run("the administrator is created and signs in", func(t *testing.T) {
		test.Type(f.confirm, "s")
		test.Tap(f.create)
		c.jobs.Wait()
		if c.firstRun != nil || c.login == nil {
			t.Fatal("first-run dialog still open, or no login dialog")
		}
		if got := c.login.username.Text; got != "chief" {
			t.Errorf("login dialog proposes %q", got)
		}
		if got := c.store.LibraryName(); got != "东城区图书馆" {
			t.Errorf("library %q, want the name given", got)
		}
		test.Type(c.login.password, "s3cret-pass")
		test.Tap(c.login.submit)
		c.jobs.Wait()
		if c.sess == nil {
			t.Fatalf("not signed in: %s", c.login.message.Text)
		}
		if got := c.sess.header.who.Text; got != "王建国（信息管理部）" {
			t.Errorf("header = %q", got)
		}
		if c.sess.settings.build().users == nil {
			t.Error("the administrator has no user management")
		}
	})
}

func TestFirstRunLoadsDemoData(t *testing.T) {
	if testing.Short() {
		t.Skip("demo data takes a while")
	}
	c := startClientWith(t, newTestApp(t), Config{DBPath: filepath.Join(t.TempDir(), "demo.db")}, nil)
	test.Tap(c.firstRun.demo)
	c.jobs.Wait()
	if c.login == nil {
		t.Fatal("no login dialog after the demo data")
	}
	if c.login.username.Text != "admin" {
		t.Errorf("login proposes %q", c.login.username.Text)
	}
	c.login.username.SetText("staff")
	test.Type(c.login.password, data.DemoPassword)
	test.Tap(c.login.submit)
	c.jobs.Wait()
	if c.sess == nil {
		t.Fatalf("demo account cannot sign in: %s", c.login.message.Text)
	}
	showTab(c, c.sess, 1)
	if n := c.sess.list.pager.count(); n != demoCases {
		t.Errorf("%d cases listed, want %d", n, demoCases)
	}
}

func TestOpenProblemsOfferWhatFits(t *testing.T) {
	dir := t.TempDir()
	t.Run("a missing file can be created", func(t *testing.T) {
		c := startClient(t, newTestApp(t), filepath.Join(dir, "missing.db"), nil)
		p := c.problem
		if p == nil || p.create == nil || p.readOnly != nil {
			t.Fatalf("problem dialog %+v", p)
		}
		if !strings.HasPrefix(p.message.Text, "数据库文件不存在") {
			t.Errorf("message %q", p.message.Text)
		}
		test.Tap(p.create)
		c.jobs.Wait()
		if c.problem != nil || c.firstRun == nil {
			t.Fatal("the new database did not open")
		}
	})
	t.Run("a file that is no database is named as such", func(t *testing.T) {
		path := filepath.Join(dir, "notes.txt")
		must(t, os.WriteFile(path, []byte("这不是数据库，只是一段文字。"), 0o644))
		c := startClient(t, newTestApp(t), path, nil)
		p := c.problem
		if p == nil || p.create != nil {
			t.Fatalf("problem dialog %+v", p)
		}
		if !strings.HasPrefix(p.message.Text, "该文件不是数据库文件") {
			t.Errorf("message %q", p.message.Text)
		}
	})
	t.Run("retry opens the file once it is there", func(t *testing.T) {
		f := newFixture(t)
		moved := f.path + ".away"
		must(t, f.store.Close())
		must(t, os.Rename(f.path, moved))
		c := startClient(t, newTestApp(t), f.path, nil)
		if c.problem == nil {
			t.Fatal("no problem dialog")
		}
		must(t, os.Rename(moved, f.path))
		test.Tap(c.problem.retry)
		c.jobs.Wait()
		if c.login == nil {
			t.Fatal("no login dialog after retrying")
		}
	})
}

func TestDamagedDatabaseRestoredFromTheStartDialog(t *testing.T) {
	f := newFixture(t)
	backup := filepath.Join(t.TempDir(), "good.db")
	if _, err := f.store.Backup(context.Background(), backup); err != nil {
		t.Fatal(err)
	}
	// This PC worked on the database: its witness knows which one it is.
	startClient(t, newTestApp(t), f.path, f.clock).Close()
	f.store.Close()
	raw, _ := os.ReadFile(f.path)
	for i := 4096; i < len(raw) && i < 4096*12; i++ {
		raw[i] = 0xFF // wreck the pages after the header
	}
	os.WriteFile(f.path, raw, 0o644)
	c := startClient(t, newTestApp(t), f.path, f.clock)
	if c.problem == nil || c.problem.restore == nil {
		t.Fatal("a damaged database offers no restore")
	}
	c.problem.doRestore(backup, "admin", testPassword)
	c.jobs.Wait()
	if c.store == nil || c.login == nil {
		t.Fatal("the restored database did not open")
	}
	saved, _ := filepath.Glob(filepath.Join(data.DefaultBackupDir(f.path), "upgradedesk-*-damaged-*"))
	if len(saved) != 1 {
		t.Errorf("damaged file not kept: %v", saved)
	}
}

func TestDatabaseAddressValidation(t *testing.T) {
	for _, ok := range []string{`\\server\share\upgradedesk.db`, "/srv/upgradedesk.db", "postgres://it@db.library.cn/upgradedesk"} {
		if err := validDatabaseAddress(ok); err != nil {
			t.Errorf("%q refused: %v", ok, err)
		}
	}
	for _, bad := range []string{"", "   ", "postgres://it@db:port/x"} {
		if validDatabaseAddress(bad) == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}
