package data

import (
	"context"
	"fmt"

	"gorm.io/gorm"
)

// CheckReport is the result of Check: everything found wrong with the
// database, in the user's words.
type CheckReport struct {
	// Integrity lists the problems the engine's own check found.
	Integrity []string
	// EngineCheck says which check of the engine ran (or why none could).
	EngineCheck Finding
	// Audit lists the breaks of the audit chain.
	Audit []AuditProblem
	// AuditEntries is the length of the audit chain.
	AuditEntries int64
	// References lists broken links between records, gaps in the case
	// numbers and attachments whose content no longer matches its hash.
	References []Finding
	Cases      int64
	// Records lists the records that differ from what the audit chain
	// says they must be (at most 200; RecordProblems counts them all), and
	// Sealed how many records were compared.
	Records        []Finding
	RecordProblems int
	Sealed         int
	// Witness compares the chain with what this PC saw of it (nil unless
	// the store was opened with Options.Witness).
	Witness *WitnessReport
	// Notices are what an auditor should know though nothing is wrong:
	// administrators who gave themselves roles, and open cases nobody may
	// take forward, with the reason (StuckCases).
	Notices []Finding
}

// Finding is one problem of a check, with its translation key.
type Finding struct {
	Key  string
	Args map[string]any
}

// Describe returns the finding in lang.
func (f Finding) Describe(lang string) string { return T(lang, f.Key, localArgs(f.Args, lang)) }

// OK reports whether nothing is wrong.
func (r *CheckReport) OK() bool {
	return len(r.Integrity) == 0 && len(r.Audit) == 0 && len(r.References) == 0 && r.RecordProblems == 0 &&
		!r.Witness.Problem()
}

// Check verifies the whole database: the engine's integrity check, the
// audit chain, the references between records, case numbering and the
// hashes of attachments. Everything but the engine's own check reads one
// snapshot of the database (SQLite: one read transaction on one
// connection; PostgreSQL: one REPEATABLE READ, READ ONLY transaction), so
// writes made by other PCs meanwhile never look like damage. ctx ends the
// check early (the client's 取消, a closed window).
func (s *Store) Check(ctx context.Context) (*CheckReport, error) {
	r := &CheckReport{}
	// The engine's check reads the file's structure, which is sound in
	// every committed state; it runs beside the snapshot on its own
	// connection.
	var integrityErr error
	done := make(chan struct{})
	go func() {
		defer close(done)
		r.Integrity, r.EngineCheck, integrityErr = s.dialect.integrity(s.db.WithContext(ctx))
	}()
	snapErr := s.dialect.snapshotPair(s.db.WithContext(ctx), s.busy, func(tx, second *gorm.DB) error {
		v := s.view(tx)
		// The records are read on a second connection of the same
		// snapshot when there is one, beside the audit chain.
		var recs *walkedRecords
		var recErr error
		recsDone := make(chan struct{})
		if second != nil {
			go func() {
				defer close(recsDone)
				recs, recErr = walkRecords(ctx, s.view(second).db)
			}()
		}
		var err error
		facts := newChainFacts()
		r.Audit, r.AuditEntries, err = v.verifyAudit(ctx, facts)
		if second == nil && err == nil {
			recs, recErr = walkRecords(ctx, v.db)
			close(recsDone)
		}
		if err != nil {
			if second != nil {
				<-recsDone
			}
			return err
		}
		if s.witness {
			if r.Witness, _, _, err = compareWitness(v.db, s.location); err != nil {
				return err
			}
		}
		if err := v.db.Model(&Case{}).Count(&r.Cases).Error; err != nil {
			return s.read("count cases", err)
		}
		for _, c := range []func(*CheckReport, *chainFacts) error{v.checkRefs, v.checkNumbers, v.checkAttachments, v.checkCaseAudit, v.checkSearch, v.listSelfGrants, v.listStuck(ctx)} {
			if err := ctx.Err(); err != nil {
				<-recsDone
				return err
			}
			if err := c(r, facts); err != nil {
				<-recsDone
				return err
			}
		}
		<-recsDone
		if recErr != nil {
			return s.read("check records", recErr)
		}
		return v.checkRecords(r, facts.seals, recs)
	})
	<-done
	if err := ctx.Err(); err != nil {
		return nil, errf(ECancelled, "err.cancelled")
	}
	if integrityErr != nil {
		return nil, s.read("integrity check", integrityErr)
	}
	if len(r.Integrity) > 0 {
		// A damaged file makes the other findings unreliable.
		r.Audit, r.AuditEntries, r.References, r.Records, r.RecordProblems = nil, 0, nil, nil, 0
		return r, nil
	}
	if snapErr != nil {
		return nil, s.fail("check", snapErr)
	}
	return r, nil
}

// listSelfGrants lists the roles administrators gave themselves.
func (s *Store) listSelfGrants(r *CheckReport, facts *chainFacts) error {
	for _, e := range facts.selfGrants {
		var granted []Role
		for _, c := range e.ChangeList() {
			if c.Field == "roles" {
				granted = grantedRoles(&User{Roles: c.Old}, &User{Roles: c.New})
			}
		}
		r.Notices = append(r.Notices, Finding{Key: "check.self_grant", Args: map[string]any{
			"Name": e.ActorName, "At": e.At.Local().Format(DateTimeLayout), "Roles": roleKeys(granted)}})
	}
	return nil
}

// listStuck returns the step of Check that lists the open cases nobody
// may take forward, with why.
func (s *Store) listStuck(ctx context.Context) func(*CheckReport, *chainFacts) error {
	return func(r *CheckReport, _ *chainFacts) error {
		stuck, err := s.stuckCases(ctx)
		if err != nil {
			return s.read("stuck cases", err)
		}
		for _, sc := range stuck {
			r.Notices = append(r.Notices, sc.Finding())
		}
		return nil
	}
}

// view returns a store that reads and writes through db (a transaction or
// one connection), for work that must see one state of the database.
func (s *Store) view(db *gorm.DB) *Store {
	v := *s
	v.db = db.Session(&gorm.Session{NewDB: true})
	return &v
}

// refChecks are SQL queries returning the id of every row whose reference
// is broken, with the translation key describing it.
var refChecks = []struct{ key, table, query string }{
	{"check.case_system", "cases", "SELECT id FROM cases WHERE system_id NOT IN (SELECT id FROM systems)"},
	{"check.case_department", "cases", "SELECT id FROM cases WHERE department_id NOT IN (SELECT id FROM departments)"},
	{"check.case_applicant", "cases", "SELECT id FROM cases WHERE applicant_id NOT IN (SELECT id FROM users)"},
	{"check.user_department", "users", "SELECT id FROM users WHERE department_id NOT IN (SELECT id FROM departments)"},
	{"check.system_department", "systems", "SELECT id FROM systems WHERE owner_dept_id NOT IN (SELECT id FROM departments)"},
	{"check.version_system", "system_versions", "SELECT id FROM system_versions WHERE system_id NOT IN (SELECT id FROM systems)"},
	{"check.attachment_data", "attachments", "SELECT id FROM attachments WHERE id NOT IN (SELECT attachment_id FROM attachment_data)"},
	{"check.archive_attachment", "archive_entries", "SELECT id FROM archive_entries WHERE attachment_id NOT IN (SELECT id FROM attachments)"},
	{"check.bad_state", "cases", "SELECT id FROM cases WHERE state NOT IN ?"},
}

// caseTables are the tables of records that belong to a case.
var caseTables = []string{"decisions", "assessments", "plans", "backups", "implementations", "migrations",
	"test_records", "acceptances", "rollback_reports", "registrations", "costs", "trainings", "evaluations",
	"archive_entries", "attachments"}

func (s *Store) checkRefs(r *CheckReport, _ *chainFacts) error {
	states := make([]string, len(AllStates))
	for i, st := range AllStates {
		states[i] = string(st)
	}
	for _, c := range refChecks {
		var ids []uint
		args := []any{}
		if c.key == "check.bad_state" {
			args = append(args, states)
		}
		if err := s.db.Raw(c.query, args...).Scan(&ids).Error; err != nil {
			return s.read("check references", err)
		}
		for _, id := range ids {
			r.References = append(r.References, Finding{Key: c.key, Args: map[string]any{"Table": c.table, "ID": id}})
		}
	}
	for _, t := range caseTables {
		var ids []uint
		q := fmt.Sprintf("SELECT id FROM %s WHERE case_id IS NOT NULL AND case_id NOT IN (SELECT id FROM cases)", t)
		if err := s.db.Raw(q).Scan(&ids).Error; err != nil {
			return s.read("check references", err)
		}
		for _, id := range ids {
			r.References = append(r.References, Finding{Key: "check.orphan", Args: map[string]any{"Table": t, "ID": id}})
		}
	}
	return nil
}

// checkNumbers finds gaps and counter mismatches in each year's case numbers.
func (s *Store) checkNumbers(r *CheckReport, _ *chainFacts) error {
	var rows []struct {
		Year, N, Max int
	}
	if err := s.db.Model(&Case{}).Select("year, count(*) AS n, max(seq) AS max").Group("year").Scan(&rows).Error; err != nil {
		return s.read("check numbers", err)
	}
	var counters []caseCounter
	if err := s.db.Find(&counters).Error; err != nil {
		return s.read("check numbers", err)
	}
	last := map[int]int{}
	for _, c := range counters {
		last[c.Year] = c.Last
	}
	skipped, err := skippedNumbers(s.db)
	if err != nil {
		return s.read("check numbers", err)
	}
	for _, y := range rows {
		// Numbers given out before a restore to cases it took away are
		// skipped, never given again: the gaps they leave are expected.
		if y.Max-y.N > skipped[y.Year] {
			r.References = append(r.References, Finding{Key: "check.number_gap", Args: map[string]any{"Year": y.Year, "N": y.N, "Max": y.Max}})
		}
		// A counter above the largest number is a restore's: numbers given
		// out before it are never given again.
		if last[y.Year] < y.Max {
			r.References = append(r.References, Finding{Key: "check.counter", Args: map[string]any{"Year": y.Year, "Last": last[y.Year], "Max": y.Max}})
		}
	}
	return nil
}

// checkAttachments recomputes the SHA-256 of every attachment and compares
// archive entries with their dossier.
func (s *Store) checkAttachments(r *CheckReport, _ *chainFacts) error {
	var atts []Attachment
	if err := s.db.Order("id").Find(&atts).Error; err != nil {
		return s.read("check attachments", err)
	}
	for _, a := range atts {
		data, err := s.AttachmentContent(a.ID)
		if err != nil {
			if ErrorCode(err) == ENotFound {
				continue // reported by the reference check
			}
			return err
		}
		if SHA256Hex(data) != a.SHA256 || int64(len(data)) != a.Size {
			r.References = append(r.References, Finding{Key: "check.attachment_hash", Args: map[string]any{"ID": a.ID, "Name": a.Name}})
		}
	}
	var bad []uint
	err := s.db.Raw(`SELECT archive_entries.case_id FROM archive_entries JOIN attachments
		ON attachments.id = archive_entries.attachment_id WHERE attachments.sha256 <> archive_entries.dossier_sha`).Scan(&bad).Error
	if err != nil {
		return s.read("check archive", err)
	}
	for _, id := range bad {
		r.References = append(r.References, Finding{Key: "check.archive_hash", Args: map[string]any{"ID": id}})
	}
	return nil
}

// checkCaseAudit finds cases without the audit entry of their creation
// (facts.created): rows written outside the application.
func (s *Store) checkCaseAudit(r *CheckReport, facts *chainFacts) error {
	rows, err := s.db.Raw("SELECT id FROM cases ORDER BY id").Rows()
	if err != nil {
		return s.read("check audit", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id uint
		if err := rows.Scan(&id); err != nil {
			return s.read("check audit", err)
		}
		if _, ok := facts.created[id]; !ok {
			r.References = append(r.References, Finding{Key: "check.case_unaudited", Args: map[string]any{"ID": id}})
		}
	}
	return s.read("check audit", rows.Err())
}

// ArchivedFile looks up the archive entry whose dossier has the same
// SHA-256 as content: a printed or copied dossier can be matched to its
// case. It returns ENotFound when no archived dossier matches.
func (s *Store) ArchivedFile(content []byte) (*ArchiveEntry, *Case, error) {
	sum := SHA256Hex(content)
	var e ArchiveEntry
	if err := s.db.Where("dossier_sha = ?", sum).Limit(1).Find(&e).Error; err != nil {
		return nil, nil, s.read("find archive", err)
	}
	if e.ID == 0 {
		return nil, nil, errf(ENotFound, "err.not_archived", "SHA", sum)
	}
	c, err := s.Case(e.CaseID)
	return &e, c, err
}

// checkSearch compares the free-text index with the cases.
func (s *Store) checkSearch(r *CheckReport, _ *chainFacts) error {
	n, err := s.dialect.searchCount(s.db)
	if err != nil {
		return s.read("check search index", err)
	}
	if n != r.Cases {
		r.References = append(r.References, Finding{Key: "check.search_index", Args: map[string]any{"N": n, "Cases": r.Cases}})
	}
	return nil
}
