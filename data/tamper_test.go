package data

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"
)

// The tests of this file edit a database behind the application's back,
// in every way the records can be edited, and require check to find and
// name each edit. Each runs on its own copy of one demo database.

// tamperBase is a demo database with cases in every state, made once.
var tamperBase struct {
	once sync.Once
	path string
	err  error
}

func tamperBaseDB(t *testing.T) string {
	t.Helper()
	tamperBase.once.Do(func() {
		dir, err := os.MkdirTemp("", "tamper-base-")
		if err != nil {
			tamperBase.err = err
			return
		}
		tamperBase.path = filepath.Join(dir, "base.db")
		s, err := Open(tamperBase.path, Options{Create: true})
		if err != nil {
			tamperBase.err = err
			return
		}
		defer s.Close()
		pdf := func(d *Dossier) ([]byte, error) { return []byte("%PDF-1.4 " + d.Case.No), nil }
		_, tamperBase.err = s.FillDemo(DemoOptions{Cases: 20, Now: time.Date(2026, 11, 20, 10, 0, 0, 0, time.Local), Dossier: pdf})
	})
	if tamperBase.err != nil {
		t.Fatalf("demo database: %v", tamperBase.err)
	}
	return tamperBase.path
}

// tamperCopy returns a fresh copy of the demo database: a file on SQLite,
// a new database on the PostgreSQL server.
func tamperCopy(t *testing.T) string {
	t.Helper()
	base := tamperBaseDB(t)
	file := filepath.Join(t.TempDir(), "copy.db")
	if err := copyFile(base, file); err != nil {
		t.Fatal(err)
	}
	if !onPostgres() {
		return file
	}
	src, err := Open(file, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	u := newTestDatabase(t)
	dst, err := Open(u, Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	defer dst.Close()
	if _, err := Migrate(context.Background(), src, dst, nil); err != nil {
		t.Fatal(err)
	}
	return u
}

// rawDB is a connection to a database behind the application's back.
type rawDB struct {
	t  *testing.T
	db *sql.DB
	pg bool
}

func openRaw(t *testing.T, location string) *rawDB {
	t.Helper()
	if IsURL(location) {
		return &rawDB{t: t, db: rawPG(t, location), pg: true}
	}
	db, err := sql.Open("sqlite3", location)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return &rawDB{t: t, db: db}
}

// bind turns ? placeholders into PostgreSQL's $n.
func (r *rawDB) bind(q string) string {
	if !r.pg {
		return q
	}
	var b strings.Builder
	n := 0
	for _, c := range q {
		if c == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(c)
	}
	return b.String()
}

func (r *rawDB) exec(q string, args ...any) {
	r.t.Helper()
	if _, err := r.db.Exec(r.bind(q), args...); err != nil {
		r.t.Fatalf("tamper %q: %v", q, err)
	}
}

func (r *rawDB) id(q string, args ...any) int64 {
	r.t.Helper()
	var v sql.NullInt64
	if err := r.db.QueryRow(r.bind(q), args...).Scan(&v); err != nil || !v.Valid {
		r.t.Fatalf("pick %q: %v", q, err)
	}
	return v.Int64
}

func (r *rawDB) text(q string, args ...any) string {
	r.t.Helper()
	var v string
	if err := r.db.QueryRow(r.bind(q), args...).Scan(&v); err != nil {
		r.t.Fatalf("pick %q: %v", q, err)
	}
	return v
}

// recordEdit is one kind of edit of the records: it edits the database
// and returns the key of the record check must name.
type recordEdit struct {
	name string
	edit func(r *rawDB) string
}

func key(table string, id int64) string { return table + "/" + strconv.FormatInt(id, 10) }

// recordEdits are the edits of records made outside the application that
// check must find: each changes, adds or removes one record.
var recordEdits = []recordEdit{
	{"a case's title", func(r *rawDB) string {
		id := r.id("SELECT min(id) FROM cases")
		r.exec("UPDATE cases SET title = ? WHERE id = ?", "改过的标题", id)
		return key("cases", id)
	}},
	{"a case's applicant", func(r *rawDB) string {
		id := r.id("SELECT max(id) FROM cases")
		r.exec("UPDATE cases SET applicant_id = (SELECT min(id) FROM users) WHERE id = ?", id)
		return key("cases", id)
	}},
	{"a case's state (draft → registering)", func(r *rawDB) string {
		id := r.id("SELECT min(id) FROM cases WHERE state = 'draft'")
		r.exec("UPDATE cases SET state = 'registering' WHERE id = ?", id)
		return key("cases", id)
	}},
	{"a decision deleted", func(r *rawDB) string {
		id := r.id("SELECT max(id) FROM decisions")
		r.exec("DELETE FROM decisions WHERE id = ?", id)
		return key("decisions", id)
	}},
	{"a decision's actor", func(r *rawDB) string {
		id := r.id("SELECT min(id) FROM decisions WHERE actor_id <> (SELECT min(id) FROM users)")
		r.exec("UPDATE decisions SET actor_id = (SELECT min(id) FROM users), actor_name = '赵敏' WHERE id = ?", id)
		return key("decisions", id)
	}},
	{"a password hash swapped", func(r *rawDB) string {
		id := r.id("SELECT id FROM users WHERE username = 'staff'")
		r.exec("UPDATE users SET password_hash = (SELECT password_hash FROM users WHERE username = 'admin') WHERE id = ?", id)
		return key("users", id)
	}},
	{"a user given the admin role", func(r *rawDB) string {
		id := r.id("SELECT id FROM users WHERE username = 'staff2'")
		r.exec("UPDATE users SET roles = roles || ',admin' WHERE id = ?", id)
		return key("users", id)
	}},
	{"a user disabled", func(r *rawDB) string {
		id := r.id("SELECT id FROM users WHERE username = 'head2'")
		r.exec("UPDATE users SET disabled = NOT disabled WHERE id = ?", id)
		return key("users", id)
	}},
	{"a department renamed", func(r *rawDB) string {
		id := r.id("SELECT min(id) FROM departments")
		r.exec("UPDATE departments SET name = name || '（改）' WHERE id = ?", id)
		return key("departments", id)
	}},
	{"a vendor's contact", func(r *rawDB) string {
		id := r.id("SELECT min(id) FROM vendors")
		r.exec("UPDATE vendors SET contact = '某人' WHERE id = ?", id)
		return key("vendors", id)
	}},
	{"the ledger's current version", func(r *rawDB) string {
		id := r.id("SELECT min(id) FROM systems")
		r.exec("UPDATE systems SET current_version = 'V9.9.9' WHERE id = ?", id)
		return key("systems", id)
	}},
	{"a version-history line deleted", func(r *rawDB) string {
		id := r.id("SELECT max(id) FROM system_versions")
		r.exec("DELETE FROM system_versions WHERE id = ?", id)
		return key("system_versions", id)
	}},
	{"a version-history line inserted", func(r *rawDB) string {
		id := r.id("SELECT max(id) + 1 FROM system_versions")
		r.exec(`INSERT INTO system_versions (id, system_id, version, prev_version, effective_date, created_at)
			SELECT ?, system_id, 'V0.0.1', '', '2020-01-01', created_at FROM system_versions WHERE id = ? - 1`, id, id)
		return key("system_versions", id)
	}},
	{"a setting", func(r *rawDB) string {
		r.exec("UPDATE settings SET value = '别的图书馆' WHERE key = ?", SettingLibraryName)
		return "settings/" + SettingLibraryName
	}},
	{"an attachment replaced with its SHA-256", func(r *rawDB) string {
		id := r.id("SELECT min(id) FROM attachments")
		content := []byte("%PDF-1.4 forged")
		r.exec("UPDATE attachment_data SET data = ? WHERE attachment_id = ?", content, id)
		r.exec("UPDATE attachments SET sha256 = ?, size = ? WHERE id = ?", SHA256Hex(content), len(content), id)
		r.exec("UPDATE archive_entries SET dossier_sha = ? WHERE attachment_id = ?", SHA256Hex(content), id)
		return key("attachments", id)
	}},
	{"an archive entry's archivist", func(r *rawDB) string {
		id := r.id("SELECT min(id) FROM archive_entries")
		r.exec("UPDATE archive_entries SET archived_by = '某人' WHERE id = ?", id)
		return key("archive_entries", id)
	}},
	{"a budget line of a plan", func(r *rawDB) string {
		id := r.id("SELECT plan_id FROM budget_items WHERE id = (SELECT min(id) FROM budget_items)")
		r.exec("UPDATE budget_items SET amount = amount + 100000 WHERE id = (SELECT min(id) FROM budget_items)")
		return key("plans", id)
	}},
	{"a participant of an assessment deleted", func(r *rawDB) string {
		id := r.id("SELECT assessment_id FROM participants WHERE id = (SELECT min(id) FROM participants)")
		r.exec("DELETE FROM participants WHERE id = (SELECT min(id) FROM participants)")
		return key("assessments", id)
	}},
	{"a case inserted", func(r *rawDB) string {
		id := r.id("SELECT max(id) + 1 FROM cases")
		r.exec(`INSERT INTO cases (id, no, year, seq, state, state_seq, state_at, title, department_id, business_dept_id,
			applicant_id, system_id, version, created_at, updated_at)
			SELECT ?, 'SJ-1999-0001', 1999, 1, state, state_seq, state_at, title, department_id, business_dept_id,
			applicant_id, system_id, 1, created_at, updated_at FROM cases WHERE id = (SELECT min(id) FROM cases)`, id)
		return key("cases", id)
	}},
	{"a case counter lowered", func(r *rawDB) string {
		year := r.id("SELECT max(year) FROM case_counters")
		r.exec("UPDATE case_counters SET last = last - 1 WHERE year = ?", year)
		return key("case_counters", year)
	}},
	{"a test record's result", func(r *rawDB) string {
		id := r.id("SELECT min(id) FROM test_records")
		r.exec("UPDATE test_records SET result = CASE WHEN result = 'pass' THEN 'fail' ELSE 'pass' END WHERE id = ?", id)
		return key("test_records", id)
	}},
	{"a record and its row in row_seals", func(r *rawDB) string {
		id := r.id("SELECT min(id) FROM costs")
		r.exec("UPDATE costs SET amount = amount * 10 WHERE id = ?", id)
		// Make row_seals agree: only the chain can tell.
		row := sealRow{table: "costs", vals: make([]any, len(sealColumns["costs"]))}
		rows, err := r.db.Query(r.bind("SELECT * FROM costs WHERE id = ?"), id)
		if err != nil {
			r.t.Fatal(err)
		}
		cols, _ := rows.Columns()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		rows.Next()
		rows.Scan(ptrs...)
		rows.Close()
		for i, c := range cols {
			row.vals[sealIndex["costs"][c]] = vals[i]
		}
		r.exec("UPDATE row_seals SET digest = ? WHERE key = ?", digestRow("costs", &row, nil, nil), key("costs", id))
		return key("costs", id)
	}},
}

// TestEditedRecordsAreFound edits each kind of record on a copy of the
// demo database and requires check to fail naming that record.
func TestEditedRecordsAreFound(t *testing.T) {
	found := 0
	for _, e := range recordEdits {
		t.Run(e.name, func(t *testing.T) {
			loc := tamperCopy(t)
			want := e.edit(openRaw(t, loc))
			s := mustOpenPath(t, loc, Options{ReadOnly: true})
			rep, err := s.Check(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if rep.OK() {
				t.Fatal("check passed")
			}
			named := false
			for _, f := range rep.Records {
				named = named || f.Args["Key"] == want
				if d := f.Describe(LangZH); d == f.Key || strings.Contains(d, "no value") {
					t.Errorf("no message for %s", f.Key)
				}
				// A record that is there is named as people know it.
				if name, _ := f.Args["Name"].(string); f.Key != "check.record_missing" && f.Key != "check.seal_table" && name == "" {
					t.Errorf("%s without the record's name", f.Describe(LangEN))
				}
			}
			if e.name == "a case inserted" {
				unaudited := false
				for _, f := range rep.References {
					unaudited = unaudited || f.Key == "check.case_unaudited"
				}
				if !unaudited {
					t.Errorf("the inserted case is not reported without its audit entry: %v", describeAll(rep.References))
				}
			}
			if !named {
				t.Errorf("%s not named; findings: %v", want, describeAll(rep.Records))
				return
			}
			found++
		})
	}
	reliability(t, "%d kinds of out-of-band edit of records: %d found and named by check", len(recordEdits), found)
}

func describeAll(fs []Finding) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = f.Describe(LangEN)
	}
	return out
}

// TestUntouchedDemoPassesCheck is the other half: the copies check clean
// before they are edited.
func TestUntouchedDemoPassesCheck(t *testing.T) {
	s := mustOpenPath(t, tamperCopy(t), Options{ReadOnly: true})
	rep, err := s.Check(context.Background())
	if err != nil || !rep.OK() {
		t.Fatalf("%v %v %v", err, rep, describeAll(rep.Records))
	}
	if rep.Sealed < 200 {
		t.Errorf("only %d records compared", rep.Sealed)
	}
}

// TestRewrittenHistoryIsFoundByTheWitness rewrites history as someone who
// knows the chain's algorithm would: a case's title changed, the chain
// rebuilt from the change on with every hash and seal recomputed and its
// last entries dropped. Check of the database itself passes; this PC's
// witness, which saw the old end of the chain, finds it.
func TestRewrittenHistoryIsFoundByTheWitness(t *testing.T) {
	loc := tamperCopy(t)
	s := mustOpenPath(t, loc, Options{Witness: true})
	if _, err := s.Witness(false); err != nil {
		t.Fatal(err)
	}
	var head auditHead
	s.db.First(&head, 1)
	var c Case
	s.db.Order("id").First(&c)
	s.Close()

	rewriteHistory(t, loc, c.ID, head.Seq-3)

	s2 := mustOpenPath(t, loc, Options{ReadOnly: true, Witness: true})
	rep, err := s2.Check(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Audit) > 0 || rep.RecordProblems > 0 {
		t.Fatalf("the rewrite was not consistent: %v %v", rep.Audit, describeAll(rep.Records))
	}
	if rep.OK() || rep.Witness == nil || rep.Witness.Status != WitnessRewritten {
		t.Fatalf("the witness did not find the rewrite: %+v", rep.Witness)
	}
	if f := rep.Witness.Finding(); f == nil || !strings.Contains(f.Describe(LangZH), strconv.FormatInt(head.Seq, 10)) {
		t.Errorf("finding %v", f)
	}
	reliability(t, "audit chain edited, cut and re-hashed by the public algorithm: passes the chain and record checks, found by this PC's witness")
}

// rewriteHistory changes case id's title, drops the chain after entry
// keep, appends an entry sealing the change and re-hashes the chain, as a
// forger with the database file and this source code could.
func rewriteHistory(t *testing.T, loc string, caseID uint, keep int64) {
	t.Helper()
	s, err := Open(loc, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	err = s.db.Transaction(func(tx *gorm.DB) error {
		if err := tx.Exec("DELETE FROM audit_entries WHERE seq > ?", keep).Error; err != nil {
			return err
		}
		var last AuditEntry
		if err := tx.Where("seq = ?", keep).First(&last).Error; err != nil {
			return err
		}
		if err := tx.Model(&auditHead{}).Where("id = 1").Updates(map[string]any{"seq": keep, "hash": last.Hash}).Error; err != nil {
			return err
		}
		if err := tx.Model(&Case{}).Where("id = ?", caseID).Update("title", "伪造的标题").Error; err != nil {
			return err
		}
		if err := s.audit(tx, &User{Meta: Meta{ID: 1}, FullName: "赵敏"}, OpUpdate, "cases", caseID, caseID,
			[]Change{{Field: "title", New: "伪造的标题"}}, "", ""); err != nil {
			return err
		}
		// Everything after the cut is sealed again as it now is.
		units, err := allUnits(tx)
		if err != nil {
			return err
		}
		if err := tx.Exec("DELETE FROM row_seals").Error; err != nil {
			return err
		}
		lines, err := reseal(tx, units)
		if err != nil {
			return err
		}
		return s.writeSeals(tx, lines, fmt.Sprintf("rewritten after #%d", keep))
	})
	if err != nil {
		t.Fatal(err)
	}
}
