package reports

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"time"

	"upgradedesk/data"
)

// ExportSummary says what ExportCases did.
type ExportSummary struct {
	Total     int   // cases asked for
	Cases     int   // cases all of whose documents were written
	Documents int   // files written
	Bytes     int64 // their total size
	Failed    int   // cases that could not be read or had a document fail
	// Errors are the first MaxExportErrors failures, each naming the case
	// and, when it was one document that failed, the document.
	Errors []error
}

// MaxExportErrors is how many failures ExportSummary.Errors keeps.
const MaxExportErrors = 10

// ExportCases writes every available document (see Available) of each
// case in ids into dir (the dossier of an archived case as archived, see
// ArchivedOrRender), one subfolder per case named after its number,
// e.g. dir/SJ-2026-0001/SJ-2026-0001-软件升级需求申请表.pdf. Cases are
// read and written by workers goroutines at once (all CPUs when workers
// is 0 or less). Every file is written to a temporary file in its folder
// and renamed into place, so no partial file is ever left under the
// final name (the files are not synced to disk one by one).
//
// progress, if not nil, is told after each case how many cases are done;
// its calls do not overlap. Cancelling ctx stops the export after the
// documents being written; the summary then counts what was done and the
// error is ctx's. Otherwise the error is nil when every case was
// exported, and says how many failed (wrapping the first failure) when
// some were not; the summary's Errors lists the first failures.
func ExportCases(ctx context.Context, s *data.Store, ids []uint, dir string, workers int, progress func(done, total int)) (ExportSummary, error) {
	sum := ExportSummary{Total: len(ids)}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return sum, fmt.Errorf("export: %w", err)
	}
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	workers = min(workers, max(len(ids), 1))
	generated := time.Now()
	jobs := make(chan uint)
	var (
		mu   sync.Mutex
		done int
		wg   sync.WaitGroup
	)
	record := func(r caseResult) {
		mu.Lock()
		defer mu.Unlock()
		done++
		sum.Documents += r.docs
		sum.Bytes += r.bytes
		if r.err != nil {
			sum.Failed++
			if len(sum.Errors) < MaxExportErrors {
				sum.Errors = append(sum.Errors, r.err)
			}
		} else {
			sum.Cases++
		}
		if progress != nil {
			progress(done, len(ids))
		}
	}
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf bytes.Buffer
			for id := range jobs {
				r := exportCase(ctx, s, id, dir, generated, &buf)
				if r.err != nil && ctx.Err() != nil {
					continue // cancelled: not a failure of the case
				}
				record(r)
			}
		}()
	}
feed:
	for _, id := range ids {
		select {
		case jobs <- id:
		case <-ctx.Done():
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return sum, err
	}
	if sum.Failed > 0 {
		return sum, fmt.Errorf("export: %d of %d cases failed: %w", sum.Failed, sum.Total, sum.Errors[0])
	}
	return sum, nil
}

// caseResult is what exporting one case did.
type caseResult struct {
	docs  int
	bytes int64
	err   error
}

// exportCase writes every available document of one case into its
// folder under dir, rendering each into buf first.
func exportCase(ctx context.Context, s *data.Store, id uint, dir string, generated time.Time, buf *bytes.Buffer) caseResult {
	var r caseResult
	d, err := s.Dossier(id)
	if err != nil {
		r.err = fmt.Errorf("case #%d: %w", id, err)
		return r
	}
	sub := filepath.Join(dir, safeFileName(d.Case.No))
	if err := os.MkdirAll(sub, 0o755); err != nil {
		r.err = fmt.Errorf("%s: %w", d.Case.No, err)
		return r
	}
	for _, k := range Available(d) {
		if err := ctx.Err(); err != nil {
			r.err = err
			return r
		}
		buf.Reset()
		content, err := ArchivedOrRender(s, buf, k, d, generated)
		if err != nil {
			r.err = fmt.Errorf("%s %s: %w", d.Case.No, Title(k), err)
			return r
		}
		if err := WriteFileAtomic(filepath.Join(sub, FileName(k, d)), content, false); err != nil {
			r.err = fmt.Errorf("%s %s: %w", d.Case.No, Title(k), err)
			return r
		}
		r.docs++
		r.bytes += int64(len(content))
	}
	return r
}

// ArchivedOrRender returns document k of d as it is handed out: for an
// archived case's dossier the file archived with it, byte for byte (the
// one `upgradedesk check --file` recognises, read from s); for every
// other document a rendering into buf (WriteCase: a dossier rendered
// this way is marked as a copy on every page).
func ArchivedOrRender(s *data.Store, buf *bytes.Buffer, k Kind, d *data.Dossier, generated time.Time) ([]byte, error) {
	if k == KindDossier && d.Archive != nil {
		_, pdf, err := s.ArchivedDossier(d.Case.ID)
		return pdf, err
	}
	if err := WriteCase(buf, k, d, generated); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// ArchivedDossierTitle is how the archived dossier of a case is offered
// for export, "升级事项案卷（归档件）"; DossierCopyTitle is a fresh
// rendering of it, "升级事项案卷副本（非归档件）".
var (
	ArchivedDossierTitle = label("report.kind.dossier_archived")
	DossierCopyTitle     = label("report.kind.dossier_copy")
)

// CopyFileName returns the file name of a fresh rendering of a case's
// dossier, e.g. "SJ-2026-0001-升级事项案卷（副本）.pdf".
func CopyFileName(d *data.Dossier) string {
	return safeFileName(d.Case.No + "-" + labelf("report.file.dossier_copy", map[string]any{"Title": Title(KindDossier)}) + ".pdf")
}

// WriteFileAtomic writes content to path through a temporary file in the
// same folder that is renamed to path once complete, so that path holds
// either its old content or the new one, never part of it. With sync the
// file is flushed to disk before the rename. The file is readable by all
// (0644), like one written by os.WriteFile.
func WriteFileAtomic(path string, content []byte, sync bool) (err error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+base+".*.tmp")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if _, err = f.Write(content); err != nil {
		return err
	}
	if sync {
		if err = f.Sync(); err != nil {
			return err
		}
	}
	if err = f.Chmod(0o644); err != nil && !errors.Is(err, errors.ErrUnsupported) {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}
