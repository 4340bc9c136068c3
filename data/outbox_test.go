package data

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// mailOn gives every account of the fixture an e-mail address (the
// finance manager reads English) and sets a mail server.
func (f *fixture) mailOn(t testing.TB) {
	t.Helper()
	for key, ss := range f.u {
		u, err := f.s.User(ss.User().ID)
		if err != nil {
			t.Fatal(err)
		}
		u.Email = key + "@library.example.cn"
		if key == "finmgr" {
			u.MailLang = LangEN
		}
		if err := f.s.SaveUser(f.u["admin"], u); err != nil {
			t.Fatalf("save %s: %v", key, err)
		}
	}
	err := f.s.SaveMailSettings(f.u["admin"], MailSettings{Host: "mail.library.example.cn", From: "upgradedesk@library.example.cn",
		DigestHour: DefaultDigestHour})
	if err != nil {
		t.Fatal(err)
	}
}

// mailsOf returns the messages about c by recipient's user name, the
// newest of each, written after the message with id after.
func (f *fixture) mailsOf(t testing.TB, c *Case, after uint) map[string]Notification {
	t.Helper()
	ns, err := f.s.Notifications(c.ID)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]Notification{}
	for _, n := range ns {
		if n.ID > after {
			out[strings.TrimSuffix(n.ToAddr, "@library.example.cn")] = n
		}
	}
	return out
}

func lastMailID(t testing.TB, s *Store) uint {
	t.Helper()
	var id uint
	if err := s.db.Model(&Notification{}).Select("COALESCE(MAX(id), 0)").Scan(&id).Error; err != nil {
		t.Fatal(err)
	}
	return id
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func TestTransitionsWriteTheirMail(t *testing.T) {
	f := newFixture(t)
	c := f.file(t, "staff")
	f.act(t, "staff", c, ActSubmit, "")
	if ns, _ := f.s.Notifications(c.ID); len(ns) != 0 {
		t.Fatalf("mail written while e-mail is off: %d", len(ns))
	}
	f.mailOn(t)
	f.act(t, "head", c, ActApprove, "同意上报")
	got := f.mailsOf(t, c, 0)
	// The next step (screening) is for the sysadmins and IT directors;
	// the applicant hears of the decision; the head does not hear of his
	// own action.
	if want := []string{"director", "director2", "staff", "sysadmin", "sysadmin2"}; !slices.Equal(keys(got), want) {
		t.Fatalf("recipients %v, want %v", keys(got), want)
	}
	step := got["sysadmin"]
	for _, want := range []string{c.No, c.Title, "刘部长（部门负责人）审核同意了申请", "事项现转入“" + stateName(LangZH, StateScreening) + "”", "意见：同意上报",
		"请您办理：", "受理筛选", "李工，您好"} {
		if !strings.Contains(step.Body, want) {
			t.Errorf("the sysadmin's message lacks %q:\n%s", want, step.Body)
		}
	}
	if !strings.Contains(step.Subject, "待您办理") || !strings.Contains(step.Subject, c.No) {
		t.Errorf("subject %q", step.Subject)
	}
	news := got["staff"]
	if strings.Contains(news.Body, "请您办理") || !strings.Contains(news.Subject, "进展（"+stateName(LangZH, StateScreening)+"）") {
		t.Errorf("the applicant is told to act:\n%s\n%s", news.Subject, news.Body)
	}

	t.Run("one approval of two reads as one of two", func(t *testing.T) {
		c := f.driveTo(t, StatePlanApproval)
		before := lastMailID(t, f.s)
		f.act(t, "director", c, ActApprovePlan, "计划可行")
		got := f.mailsOf(t, c, before)
		if want := []string{"staff"}; !slices.Equal(keys(got), want) {
			t.Fatalf("recipients %v, want %v", keys(got), want)
		}
		body := got["staff"].Body
		for _, want := range []string{"王主任（信息主管）批准了升级计划", "这是两项必需决定中的一项", "还需财务经理作出决定", "仍处于“" + stateName(LangZH, StatePlanApproval) + "”"} {
			if !strings.Contains(body, want) {
				t.Errorf("lacks %q:\n%s", want, body)
			}
		}
		if strings.Contains(body, "转入") || strings.Contains(got["staff"].Subject, "实施") {
			t.Errorf("reads as if the plan were through:\n%s\n%s", got["staff"].Subject, body)
		}
		before = lastMailID(t, f.s)
		f.act(t, "finmgr", c, ActApproveBudget, "")
		got = f.mailsOf(t, c, before)
		if !strings.Contains(got["staff"].Body, "事项现转入“"+stateName(LangZH, StateImplementing)+"”") {
			t.Errorf("the second approval:\n%s", got["staff"].Body)
		}
		// Implementing waits for the backup (data administrator) and the
		// implementation (sysadmins).
		if !strings.Contains(got["dataadmin"].Body, "填写备份记录") || !strings.Contains(got["sysadmin"].Body, "实施升级") {
			t.Errorf("implementing: %v\n%s\n%s", keys(got), got["dataadmin"].Body, got["sysadmin"].Body)
		}
	})

	t.Run("in the recipient's language", func(t *testing.T) {
		c := f.driveTo(t, StatePlanning)
		f.completePlan(t, c)
		before := lastMailID(t, f.s)
		f.act(t, "sysadmin", c, ActSubmit, "")
		m := f.mailsOf(t, c, before)["finmgr"]
		for _, want := range []string{"Dear 钱经理,", "waits for you", "submitted the upgrade plan", "decide on the plan's budget",
			"moved on to \"" + stateName(LangEN, StatePlanApproval) + "\""} {
			if !strings.Contains(m.Subject+m.Body, want) {
				t.Errorf("lacks %q:\n%s\n%s", want, m.Subject, m.Body)
			}
		}
		if m.Lang != LangEN || strings.Contains(m.Body, "请您办理") {
			t.Errorf("not English (%s):\n%s", m.Lang, m.Body)
		}
		before = lastMailID(t, f.s)
		f.act(t, "director", c, ActApprovePlan, "")
		if m := f.mailsOf(t, c, before)["staff"]; !strings.Contains(m.Body, "还需财务经理作出决定") {
			t.Errorf("%s", m.Body)
		}
	})

	t.Run("a stand-in is written to as one", func(t *testing.T) {
		f.standIn(t, Substitute{Role: RoleDeptHead, DepartmentID: f.lending.ID, StandInID: f.u["leader"].User().ID})
		c := f.file(t, "head")
		before := lastMailID(t, f.s)
		f.act(t, "head", c, ActSubmit, "")
		got := f.mailsOf(t, c, before)
		if !slices.Equal(keys(got), []string{"leader"}) || !strings.Contains(got["leader"].Body, "（代 刘部长）") {
			t.Fatalf("%v\n%s", keys(got), got["leader"].Body)
		}
	})

	t.Run("nobody without an address", func(t *testing.T) {
		u, _ := f.s.User(f.u["sysadmin2"].User().ID)
		u.Email = ""
		if err := f.s.SaveUser(f.u["admin"], u); err != nil {
			t.Fatal(err)
		}
		c := f.driveTo(t, StateScreening)
		before := lastMailID(t, f.s)
		f.act(t, "sysadmin", c, ActAccept, "")
		if got := f.mailsOf(t, c, before); got["sysadmin2"].ID != 0 || got[""].ID != 0 || got["director"].ID == 0 {
			t.Fatalf("%v", keys(got))
		}
	})

	if r, err := f.s.Check(context.Background()); err != nil || !r.OK() {
		t.Fatalf("check with an outbox: %v %+v", err, r)
	}
}

// outboxFixture is a fixture with e-mail on and a few messages waiting.
func outboxFixture(t *testing.T, s *Store, cases int) *fixture {
	t.Helper()
	f := newFixtureOn(t, s)
	f.mailOn(t)
	for i := 0; i < cases; i++ {
		c := f.file(t, "staff")
		f.act(t, "staff", c, ActSubmit, "")
		f.act(t, "head", c, ActApprove, "")
	}
	return f
}

func TestClaimsAreExclusive(t *testing.T) {
	path := filepath.Join(t.TempDir(), "outbox.db")
	var mu sync.Mutex
	clock := time.Date(2026, 3, 16, 9, 0, 0, 0, time.Local)
	now := func() time.Time { mu.Lock(); defer mu.Unlock(); return clock }
	advance := func(d time.Duration) { mu.Lock(); clock = clock.Add(d); mu.Unlock() }
	a := mustOpenPath(t, path, Options{Create: true, Now: now})
	f := outboxFixture(t, a, 4)
	b := mustOpenPath(t, path, Options{Now: now})
	var total int64
	a.db.Model(&Notification{}).Count(&total)
	if total < 20 {
		t.Fatalf("only %d messages", total)
	}

	t.Run("two PCs claiming at once get disjoint messages", func(t *testing.T) {
		held := map[uint]string{}
		var wg sync.WaitGroup
		var claims []*Claim
		for _, s := range []*Store{a, b, a, b, a, b} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				c, err := s.ClaimNotifications("pc", 10*time.Minute, 3)
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				claims = append(claims, c)
				mu.Unlock()
			}()
		}
		wg.Wait()
		n := 0
		for _, c := range claims {
			for _, m := range c.Messages {
				if other, ok := held[m.ID]; ok {
					t.Errorf("message %d claimed by %s and %s", m.ID, other, c.Token)
				}
				held[m.ID] = c.Token
				n++
			}
		}
		if n != 18 {
			t.Errorf("claimed %d, want 18", n)
		}
		if due, _ := a.OutboxDue(); !due {
			t.Error("nothing due with messages left")
		}
		c, _ := b.ClaimNotifications("pc", time.Minute, 100)
		if len(c.Messages) != int(total)-18 {
			t.Errorf("the rest: %d, want %d", len(c.Messages), total-18)
		}
		if due, _ := a.OutboxDue(); due {
			t.Error("due while everything is claimed")
		}

		// A claim that runs out is claimed again; its holder can no
		// longer mark the messages.
		first := claims[0]
		advance(11 * time.Minute)
		again, err := b.ClaimNotifications("pc2", 10*time.Minute, 100)
		if err != nil || len(again.Messages) != int(total) {
			t.Fatalf("after the leases ran out: %d, %v", len(again.Messages), err)
		}
		if err := a.MarkSent(first, first.Messages[0].ID); !errors.Is(err, ErrClaimLost) {
			t.Errorf("marking a lost message: %v", err)
		}
		if err := b.MarkSent(again, first.Messages[0].ID); err != nil {
			t.Fatal(err)
		}
		if err := b.MarkSent(again, first.Messages[0].ID); !errors.Is(err, ErrClaimLost) {
			t.Errorf("marking a sent message twice: %v", err)
		}
		// Failures wait their backoff, then are given up.
		rest := again.Messages[1:]
		if err := b.MarkFailed(again, rest[:1], "451 try later", false); err != nil {
			t.Fatal(err)
		}
		if err := b.MarkFailed(again, rest[1:2], "550 no such user", true); err != nil {
			t.Fatal(err)
		}
		if err := b.ReleaseClaim(again); err != nil {
			t.Fatal(err)
		}
		c, _ = a.ClaimNotifications("pc", time.Minute, 1000)
		if len(c.Messages) != int(total)-3 || slices.ContainsFunc(c.Messages, func(n Notification) bool { return n.ID == rest[0].ID }) {
			t.Fatalf("claimed %d, the failed one waits for its backoff", len(c.Messages))
		}
		a.ReleaseClaim(c)
		advance(61 * time.Second)
		c, _ = a.ClaimNotifications("pc", time.Minute, 1000)
		if len(c.Messages) != int(total)-2 {
			t.Fatalf("after the backoff: %d", len(c.Messages))
		}
		a.ReleaseClaim(c)
		un, _ := a.Undelivered()
		if len(un) != 2 || !un[0].GivenUp() || un[1].GivenUp() || un[1].Attempts != 1 || un[0].LastError != "550 no such user" {
			t.Fatalf("undelivered %+v", un)
		}
	})

	t.Run("messages not sent in time are given up, and resent on request", func(t *testing.T) {
		advance(OutboxMaxAge)
		c, _ := a.ClaimNotifications("pc", time.Minute, 1000)
		if len(c.Messages) != 0 {
			t.Fatalf("claimed %d expired messages", len(c.Messages))
		}
		un, _ := a.Undelivered()
		if len(un) != int(total)-1 || un[0].LastError != ReasonExpired || un[0].Failure(LangZH) != "72 小时内未能发出，已放弃" {
			t.Fatalf("undelivered: %d, %q", len(un), un[0].Failure(LangZH))
		}
		sum, _ := a.Outbox()
		if sum.GivenUp != int(total)-1 || sum.Waiting != 0 || sum.LastSent == nil {
			t.Fatalf("summary %+v", sum)
		}
		if err := a.Resend(f.u["staff"], []uint{un[0].ID}); ErrorCode(err) != EForbidden {
			t.Fatalf("a member of staff resends: %v", err)
		}
		if err := a.Resend(f.u["admin"], []uint{un[0].ID, un[1].ID}); err != nil {
			t.Fatal(err)
		}
		c, _ = b.ClaimNotifications("pc", time.Minute, 1000)
		if len(c.Messages) != 2 || c.Messages[0].Attempts != 0 {
			t.Fatalf("resent: %d", len(c.Messages))
		}
	})

	if r, err := a.Check(context.Background()); err != nil || !r.OK() {
		t.Fatalf("check after deliveries: %v %+v", err, r)
	}
}

func TestDigestsOncePerPersonAndDay(t *testing.T) {
	path := filepath.Join(t.TempDir(), "digest.db")
	var mu sync.Mutex
	clock := time.Date(2026, 3, 16, 7, 30, 0, 0, time.Local)
	now := func() time.Time { mu.Lock(); defer mu.Unlock(); return clock }
	a := mustOpenPath(t, path, Options{Create: true, Now: now})
	f := outboxFixture(t, a, 2)
	c := f.driveTo(t, StatePlanApproval)
	_ = c
	b := mustOpenPath(t, path, Options{Now: now})
	u, _ := a.User(f.u["director2"].User().ID)
	u.DigestOff = true
	if err := a.SaveUser(f.u["admin"], u); err != nil {
		t.Fatal(err)
	}
	if n, err := a.EnqueueDigests(context.Background()); n != 0 || err != nil {
		t.Fatalf("before 8 o'clock: %d, %v", n, err)
	}
	mu.Lock()
	clock = clock.Add(time.Hour)
	mu.Unlock()
	var wg sync.WaitGroup
	counts := make([]int, 4)
	for i, s := range []*Store{a, b, a, b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n, err := s.EnqueueDigests(context.Background())
			if err != nil {
				t.Error(err)
			}
			counts[i] = n
		}()
	}
	wg.Wait()
	var ds []Notification
	a.db.Where("kind = ?", NoteDigest).Order("user_id").Find(&ds)
	wrote := 0
	for _, n := range counts {
		wrote += n
	}
	if wrote != len(ds) || len(ds) == 0 {
		t.Fatalf("wrote %v, %d digests in the outbox", counts, len(ds))
	}
	who := map[string]Notification{}
	for _, d := range ds {
		name := strings.TrimSuffix(d.ToAddr, "@library.example.cn")
		if _, dup := who[name]; dup {
			t.Errorf("two digests for %s", name)
		}
		who[name] = d
	}
	// The sysadmins screen, the IT director approves the plan, the
	// finance manager the budget; director2 turned the digest off;
	// the leader has nothing waiting.
	for _, want := range []string{"sysadmin", "director", "finmgr"} {
		if _, ok := who[want]; !ok {
			t.Errorf("no digest for %s: %v", want, keys(who))
		}
	}
	for _, not := range []string{"director2", "leader"} {
		if _, ok := who[not]; ok {
			t.Errorf("a digest for %s", not)
		}
	}
	d := who["director"]
	if !strings.Contains(d.Subject, "2026-03-16 待办汇总") || !strings.Contains(d.Body, "审批升级计划") || !strings.Contains(d.Body, "设置 → 邮件提醒") {
		t.Errorf("digest:\n%s\n%s", d.Subject, d.Body)
	}
	if e := who["finmgr"]; !strings.Contains(e.Subject, "To do on 2026-03-16") || !strings.Contains(e.Body, "decide on the plan's budget") {
		t.Errorf("English digest:\n%s\n%s", e.Subject, e.Body)
	}
	if n, _ := b.EnqueueDigests(context.Background()); n != 0 {
		t.Errorf("a second run wrote %d", n)
	}
	if r, err := a.Check(context.Background()); err != nil || !r.OK() {
		t.Fatalf("check with digests: %v %+v", err, r)
	}
}

func TestOutboxTamperingIsFound(t *testing.T) {
	f := outboxFixture(t, mustOpen(t), 1)
	c, err := f.s.ClaimNotifications("pc", time.Minute, 1)
	if err != nil || len(c.Messages) != 1 {
		t.Fatal(err)
	}
	if err := f.s.MarkSent(c, c.Messages[0].ID); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if r, err := f.s.Check(ctx); err != nil || !r.OK() {
		t.Fatalf("delivery is not a finding: %v %+v", err, r)
	}
	if err := f.s.db.Exec("UPDATE notifications SET body = 'pay to account 42', to_addr = 'x@evil.example' WHERE id = ?", c.Messages[0].ID).Error; err != nil {
		t.Fatal(err)
	}
	r, err := f.s.Check(ctx)
	if err != nil || r.OK() || !slices.ContainsFunc(r.Records, func(x Finding) bool {
		return x.Key == "check.record_changed" && strings.Contains(fmt.Sprint(x.Args["Key"]), "notifications/")
	}) {
		t.Fatalf("an edited message is not found: %v %+v", err, r.Records)
	}
}

// stateName is a state's name in lang, as the messages print it.
func stateName(lang string, st State) string { return T(lang, st.LabelKey(), nil) }
