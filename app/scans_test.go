package app

import (
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"

	"upgradedesk/data"
	"upgradedesk/forms/uikit"
)

// blankScan writes a white page with no QR code, as a copier scans a
// sheet that is not one of ours, and returns its path.
func blankScan(t *testing.T, dir, name string, shade uint8) string {
	t.Helper()
	img := image.NewGray(image.Rect(0, 0, 600, 840))
	for i := range img.Pix {
		img.Pix[i] = 255
	}
	for x := 50; x < 550; x++ {
		img.SetGray(x, 100, color.Gray{Y: shade})
	}
	path := filepath.Join(dir, name)
	f, err := os.Create(path)
	must(t, err)
	must(t, png.Encode(f, img))
	must(t, f.Close())
	return path
}

// scansTabIndex is the place of the 签字件 tab.
const scansTabIndex = 5

func TestScanImportGoesToUnsortedAndIsFiledByHand(t *testing.T) {
	f, c, s := clientAs(t, "staff")
	cs := f.addCases(t, 1, time.Hour)
	dir := t.TempDir()
	page := blankScan(t, dir, "扫描0001.png", 0)

	s.importScans([]string{page}, nil)
	c.jobs.Wait()
	if !strings.Contains(s.scanReportText, "转入待归类 1 页") {
		t.Fatalf("summary: %q", s.scanReportText)
	}
	s.scanReport.Hide()
	// The same scan again is recognised.
	s.importScans([]string{page}, nil)
	c.jobs.Wait()
	if !strings.Contains(s.scanReportText, "重复 1 页") {
		t.Fatalf("second summary: %q", s.scanReportText)
	}
	s.scanReport.Hide()

	showTab(c, s, scansTabIndex)
	tab := s.scans
	if len(tab.unsorted) != 1 || tab.inner.Items[0].Text != "待归类（1）" {
		t.Fatalf("unsorted: %d rows, tab %q", len(tab.unsorted), tab.inner.Items[0].Text)
	}
	if tab.fileBtn.Disabled() == false {
		t.Fatal("filing enabled with nothing selected")
	}
	tab.unsortedGrid.selectRow(0)
	c.jobs.Wait()
	if tab.preview.Image == nil || tab.previewNote.Visible() {
		t.Fatal("no preview of the selected page")
	}
	if tab.preview.Image.Bounds().Dx() != 600 {
		t.Fatalf("preview is %v", tab.preview.Image.Bounds())
	}
	test.Tap(tab.fileBtn)
	var no *uikit.Entry
	walkObjects(c.win.Canvas().Overlays().Top(), func(o fyne.CanvasObject) {
		if e, ok := o.(*uikit.Entry); ok && no == nil {
			no = e
		}
	})
	if no == nil {
		t.Fatal("no entry of the case number")
	}
	no.SetText(cs[0].No)
	tapDialogButton(t, c, lang.L("scans.file_confirm"))
	c.jobs.Wait()
	if len(tab.unsorted) != 0 {
		t.Fatalf("still unsorted: %d", len(tab.unsorted))
	}
	atts, err := f.store.Attachments(cs[0].ID)
	must(t, err)
	if len(atts) != 1 || !strings.HasPrefix(atts[0].Name, "scan-") {
		t.Fatalf("attachments: %+v", atts)
	}
}

func TestScanUnsortedDiscardIsAudited(t *testing.T) {
	f, c, s := clientAs(t, "sysadmin")
	dir := t.TempDir()
	s.importScans([]string{blankScan(t, dir, "a.png", 10), blankScan(t, dir, "b.png", 20)}, nil)
	c.jobs.Wait()
	s.scanReport.Hide()
	showTab(c, s, scansTabIndex)
	tab := s.scans
	if len(tab.unsorted) != 2 {
		t.Fatalf("unsorted: %d", len(tab.unsorted))
	}
	tab.unsortedGrid.selectRow(0)
	c.jobs.Wait()
	test.Tap(tab.discardBtn)
	tapDialogButton(t, c, "丢弃")
	c.jobs.Wait()
	if len(tab.unsorted) != 1 || tab.unsorted[0].Source != "b.png" {
		t.Fatalf("after discarding: %+v", tab.unsorted)
	}
	// Another user may not discard the sysadmin's page.
	ps, err := f.store.UnsortedScans()
	must(t, err)
	err = f.store.DiscardUnsorted(f.sess(f.users["staff"]), ps[0].ID, "x")
	if data.ErrorCode(err) != data.EForbidden {
		t.Fatalf("staff discarding: %v", err)
	}
}

func TestScanFolderImportsEachFileOnce(t *testing.T) {
	f, c, s := clientAs(t, "staff")
	dir := t.TempDir()
	old := f.clock.now().Add(-time.Minute)
	a := blankScan(t, dir, "copier-1.png", 30)
	must(t, os.Chtimes(a, old, old))
	fresh := blankScan(t, dir, "copier-2.png", 40) // still being written: left for later
	now := f.clock.now()
	must(t, os.Chtimes(fresh, now, now))
	os.WriteFile(filepath.Join(dir, "readme.txt"), []byte("x"), 0o644)

	showTab(c, s, 4)
	s.settings.build().setScanFolder(dir)
	if s.folder == nil || s.c.app.Preferences().String(prefScanFolder) != dir {
		t.Fatal("the folder is not watched")
	}
	s.folder.look()
	c.jobs.Wait()
	s.scanReport.Hide()
	if _, err := os.Stat(filepath.Join(dir, "已导入", "copier-1.png")); err != nil {
		t.Fatalf("not put away: %v", err)
	}
	if _, err := os.Stat(fresh); err != nil {
		t.Fatalf("a file still being written was taken: %v", err)
	}
	s.folder.look()
	c.jobs.Wait()
	ps, err := f.store.UnsortedScans()
	must(t, err)
	if len(ps) != 1 || ps[0].Source != "copier-1.png" {
		t.Fatalf("pages: %+v", ps)
	}
	s.settings.build().setScanFolder("")
	if s.folder != nil {
		t.Fatal("still watching")
	}
}
