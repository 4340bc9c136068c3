package cli

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"

	"upgradedesk/data"
	"upgradedesk/data/notify"
	"upgradedesk/data/notify/smtptest"
)

// TestNotifyFromSeveralPCsSendsEachOnce runs three `notify --once`
// commands (a scheduled task on three PCs) and a client's sender, each
// with a connection of its own to one database, at the same time and
// again until the outbox is empty: the mail server gets every
// notification exactly once.
func TestNotifyFromSeveralPCsSendsEachOnce(t *testing.T) {
	srv := smtptest.Start(t, smtptest.Options{})
	path := copyDB(t, demoDB(t), filepath.Join(t.TempDir(), "library.db"))
	s, err := data.Open(path, data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	admin, err := s.Login("admin", data.DemoPassword)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SaveMailSettings(admin, data.MailSettings{Host: "127.0.0.1", Port: srv.Port,
		Security: data.SecurityNone, From: "upgradedesk@library.example.cn"}); err != nil {
		t.Fatal(err)
	}
	written, err := s.EnqueueDigests(context.Background())
	if err != nil || written < 3 {
		t.Fatalf("%d digests written: %v", written, err)
	}

	client, err := data.Open(path, data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	clientSender := &notify.Sender{Store: client, Batch: 2, Owner: "client"}
	var wg sync.WaitGroup
	errs := make(chan string, 64)
	for round := 0; round < 3; round++ {
		for pc := 0; pc < 3; pc++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if code, out, errOut := run(t, "", "notify", "--once", "--db", path); code != 0 {
					errs <- fmt.Sprintf("notify exited %d: %s %s", code, out, errOut)
				}
			}()
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := clientSender.Once(context.Background()); err != nil {
				errs <- "client: " + err.Error()
			}
		}()
		wg.Wait()
	}
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	sum, err := s.Outbox()
	if err != nil {
		t.Fatal(err)
	}
	got := srv.Messages()
	seen := map[string]int{}
	for _, m := range got {
		seen[m.Header.Get(notify.HeaderNotification)]++
	}
	for id, n := range seen {
		if n != 1 || id == "" {
			t.Errorf("notification %q delivered %d times", id, n)
		}
	}
	t.Logf("%d messages delivered, %d digests written first", len(got), written)
	if sum.Waiting != 0 || sum.Retrying != 0 || len(got) != sum.SentToday || len(got) < written {
		t.Errorf("server got %d messages for %d written; outbox %+v", len(got), written, sum)
	}
}
