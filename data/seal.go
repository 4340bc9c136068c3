package data

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
	"gorm.io/gorm/schema"
)

// Seals tie the current state of the database to its audit chain. Every
// business record (a case, each stage record with its rows, a decision, an
// attachment, an archive entry, a user, a department, a vendor, a system,
// a line of version history, a setting, a year's case counter) has a
// digest: SHA-256 over its columns. Every write transaction ends by
// computing the digests of the records it may have touched (those of the
// cases, accounts, systems … named by its audit entries) and writes the
// ones that changed into the audit chain, in the Seals field of its last
// entry, which the entry's hash covers. Check replays the seals of the
// whole chain and compares them with the records as they are: a record
// changed, inserted or deleted outside the application, even together
// with its audit entries' text, is named.
//
// row_seals keeps the current digest of every record, so that a write only
// seals what changed; it is not trusted: Check compares the records with
// the chain, and reports a row_seals that differs from the chain too.

// RowSeal is the digest of one record as last sealed.
type RowSeal struct {
	Key    string `gorm:"primaryKey;size:96"`
	Unit   string `gorm:"size:48;not null;index"`
	Digest string `gorm:"size:32;not null"`
}

func (RowSeal) TableName() string { return "row_seals" }

// tombstone is the digest of a record that was deleted.
const tombstone = "-"

// OpSeal is the audit operation of an entry that only carries seals: when
// one write seals many records (a large import, a schema upgrade).
const OpSeal = "seal"

// maxInlineSeals is how many seal lines go into a write's last entry;
// more go into entries of their own, sealBatch lines each.
const (
	maxInlineSeals = 64
	sealBatch      = 2000
)

// sealSpec describes how the rows of one table become sealed records.
type sealSpec struct {
	table string
	model any
	// key is the column that identifies a record within the table.
	key string
	// unit returns the unit a row belongs to ("c:<case>", "s:<system>"…):
	// a write reseals whole units.
	unit func(r *sealRow) string
	// unitCol is the column that names the unit, for reading one unit.
	unitCol string
	// unitPrefix starts the unit names of unitCol.
	unitPrefix string
	// skip lists columns that are not part of the record (counters of
	// failed sign-ins and the like, which change without an audit entry).
	skip map[string]bool
	// children are tables whose rows belong to the record (the rows of a
	// plan) and are sealed with it.
	children []childSpec
	// label names the record in findings ("entity.<label>").
	label string
	// name returns a readable name of the record, for findings.
	name func(r *sealRow) string
}

// childSpec is a table of rows belonging to a record.
type childSpec struct {
	table string
	model any
	fk    string
}

// sealRow is one row read for sealing: the values of the table's columns
// (sealColumns), as the driver gave them.
type sealRow struct {
	table string
	vals  []any
}

// get returns the value of column col.
func (r *sealRow) get(col string) any {
	if i, ok := sealIndex[r.table][col]; ok {
		return r.vals[i]
	}
	return nil
}

func (r *sealRow) str(col string) string { return canonString(r.get(col)) }

func caseUnit(r *sealRow) string { return "c:" + r.str("case_id") }

func caseRecordName(r *sealRow) string { return "#" + r.str("id") }

// sealSpecs lists every sealed table, parents before children.
var sealSpecs = []*sealSpec{
	{table: "departments", model: &Department{}, key: "id", unitCol: "id", unitPrefix: "d:",
		unit: func(r *sealRow) string { return "d:" + r.str("id") }, name: func(r *sealRow) string { return r.str("name") }},
	{table: "users", model: &User{}, key: "id", unitCol: "id", unitPrefix: "u:",
		unit: func(r *sealRow) string { return "u:" + r.str("id") }, name: func(r *sealRow) string { return r.str("username") },
		skip: map[string]bool{"failed_logins": true, "last_failed_at": true, "last_login_at": true}},
	{table: "vendors", model: &Vendor{}, key: "id", unitCol: "id", unitPrefix: "v:",
		unit: func(r *sealRow) string { return "v:" + r.str("id") }, name: func(r *sealRow) string { return r.str("name") }},
	{table: "systems", model: &System{}, key: "id", unitCol: "id", unitPrefix: "s:",
		unit: func(r *sealRow) string { return "s:" + r.str("id") }, name: func(r *sealRow) string { return r.str("name") },
		children: []childSpec{{"system_dependencies", &SystemDependency{}, "system_id"}}},
	{table: "system_versions", model: &SystemVersion{}, key: "id", unitCol: "system_id", unitPrefix: "s:",
		unit: func(r *sealRow) string { return "s:" + r.str("system_id") }, name: func(r *sealRow) string { return r.str("version") }},
	{table: "settings", model: &Setting{}, key: "key", unit: func(*sealRow) string { return "settings" },
		name: func(r *sealRow) string { return r.str("key") }},
	{table: "substitutes", model: &Substitute{}, key: "id", unitCol: "id", unitPrefix: "p:",
		unit: func(r *sealRow) string { return "p:" + r.str("id") }, name: caseRecordName},
	{table: "calendar_days", model: &CalendarDay{}, key: "date", unit: func(*sealRow) string { return "calendar" },
		name: func(r *sealRow) string { return r.str("date") }},
	{table: "blackout_periods", model: &BlackoutPeriod{}, key: "id", unit: func(*sealRow) string { return "calendar" },
		name: func(r *sealRow) string { return r.str("name") }},
	{table: "case_counters", model: &caseCounter{}, key: "year", unit: func(*sealRow) string { return "counters" },
		name: func(r *sealRow) string { return r.str("year") }},
	// A case's due time is not sealed: it follows from what is (when the
	// stage began, the stage's limit in settings, the calendar), and a
	// change of the limits or the calendar moves the due times of every
	// open case in a write whose entries name no case.
	{table: "cases", model: &Case{}, key: "id", unitCol: "id", unitPrefix: "c:", skip: map[string]bool{"due_at": true},
		unit: func(r *sealRow) string { return "c:" + r.str("id") }, name: func(r *sealRow) string { return r.str("no") }},
	{table: "decisions", model: &Decision{}, key: "id", unitCol: "case_id", unitPrefix: "c:", unit: caseUnit, name: caseRecordName},
	{table: "assessments", model: &Assessment{}, key: "id", unitCol: "case_id", unitPrefix: "c:", unit: caseUnit, name: caseRecordName,
		children: []childSpec{{"participants", &Participant{}, "assessment_id"}}},
	{table: "plans", model: &Plan{}, key: "id", unitCol: "case_id", unitPrefix: "c:", unit: caseUnit, name: caseRecordName,
		children: []childSpec{{"milestones", &Milestone{}, "plan_id"}, {"responsibilities", &Responsibility{}, "plan_id"},
			{"risks", &Risk{}, "plan_id"}, {"budget_items", &BudgetItem{}, "plan_id"},
			{"downtime_windows", &DowntimeWindow{}, "plan_id"}}},
	{table: "backups", model: &Backup{}, key: "id", unitCol: "case_id", unitPrefix: "c:", unit: caseUnit, name: caseRecordName},
	{table: "implementations", model: &Implementation{}, key: "id", unitCol: "case_id", unitPrefix: "c:", unit: caseUnit, name: caseRecordName},
	{table: "migrations", model: &Migration{}, key: "id", unitCol: "case_id", unitPrefix: "c:", unit: caseUnit, name: caseRecordName},
	{table: "test_records", model: &TestRecord{}, key: "id", unitCol: "case_id", unitPrefix: "c:", unit: caseUnit, name: caseRecordName},
	{table: "acceptances", model: &Acceptance{}, key: "id", unitCol: "case_id", unitPrefix: "c:", unit: caseUnit, name: caseRecordName},
	{table: "rollback_reports", model: &RollbackReport{}, key: "id", unitCol: "case_id", unitPrefix: "c:", unit: caseUnit, name: caseRecordName},
	{table: "registrations", model: &Registration{}, key: "id", unitCol: "case_id", unitPrefix: "c:", unit: caseUnit, name: caseRecordName},
	{table: "costs", model: &Cost{}, key: "id", unitCol: "case_id", unitPrefix: "c:", unit: caseUnit, name: caseRecordName},
	{table: "trainings", model: &Training{}, key: "id", unitCol: "case_id", unitPrefix: "c:", unit: caseUnit, name: caseRecordName},
	{table: "evaluations", model: &Evaluation{}, key: "id", unitCol: "case_id", unitPrefix: "c:", unit: caseUnit, name: caseRecordName},
	{table: "archive_entries", model: &ArchiveEntry{}, key: "id", unitCol: "case_id", unitPrefix: "c:", unit: caseUnit, name: caseRecordName},
	// The outbox: a case's messages with the case, a day's digests
	// together; the delivery columns are bookkeeping (see outbox.go).
	{table: "notifications", model: &Notification{}, key: "id", unitCol: "case_id", unitPrefix: "c:", name: caseRecordName,
		skip: outboxDelivery,
		unit: func(r *sealRow) string {
			if r.get("case_id") == nil {
				return "n:" + r.str("day")
			}
			return caseUnit(r)
		}},
	{table: "attachments", model: &Attachment{}, key: "id", unitCol: "case_id", unitPrefix: "c:", name: func(r *sealRow) string { return r.str("name") },
		unit: func(r *sealRow) string {
			if r.get("case_id") == nil {
				return "a:" + r.str("id")
			}
			return caseUnit(r)
		}},
}

// specByTable finds the spec of a sealed table.
func specByTable(table string) *sealSpec {
	for _, sp := range sealSpecs {
		if sp.table == table {
			return sp
		}
	}
	return nil
}

// sealColumns lists the columns of each sealed table, from the models,
// sorted; sealIndex finds a column in that list.
var (
	sealColumns = map[string][]string{}
	sealIndex   = map[string]map[string]int{}
)

func init() {
	ns := schema.NamingStrategy{}
	add := func(table string, model any) {
		sch, err := schema.Parse(model, &sync.Map{}, ns)
		if err != nil {
			panic("data: seal columns of " + table + ": " + err.Error())
		}
		var cols []string
		for _, f := range sch.Fields {
			if f.DBName != "" {
				cols = append(cols, f.DBName)
			}
		}
		sort.Strings(cols)
		sealColumns[table] = cols
		sealIndex[table] = map[string]int{}
		for i, c := range cols {
			sealIndex[table][c] = i
		}
	}
	for _, sp := range sealSpecs {
		add(sp.table, sp.model)
		for _, c := range sp.children {
			add(c.table, c.model)
		}
	}
}

// recordKey is the name of a record in seals: "table/key".
func recordKey(table, key string) string { return table + "/" + key }

// digestRow hashes a row's columns (but those in skip, and the child
// rows' own ids and parent ids) with the digests of its child rows.
// Columns holding their type's zero value (0, "", false, NULL) are left
// out, so that a column added by a later version does not change the
// digests of the rows sealed before it.
func digestRow(table string, r *sealRow, skip map[string]bool, children [][]string) string {
	mask := skipMask(table, skip)
	kids := make([][]digestBytes, len(children))
	for i, rows := range children {
		for _, d := range rows {
			kids[i] = append(kids[i], toDigest(d))
		}
	}
	var h rowHasher
	d := h.digest(table, r.vals, mask, kids)
	return hex.EncodeToString(d[:])
}

// skipMask marks, by position in sealColumns[table], the columns in skip.
func skipMask(table string, skip map[string]bool) []bool {
	cols := sealColumns[table]
	mask := make([]bool, len(cols))
	for i, c := range cols {
		mask[i] = skip[c]
	}
	return mask
}

// rowHasher computes the digests of rows: the length-prefixed fields are
// appended to one buffer, hashed at once, so that a row costs no
// allocation. A rowHasher is used by one goroutine at a time.
type rowHasher struct {
	buf []byte // the fields of the row
	val []byte // one value's canonical text
}

func (h *rowHasher) field(s string) {
	h.buf = binary.AppendUvarint(h.buf, uint64(len(s)))
	h.buf = append(h.buf, s...)
}

// childLabels are the fields that start each table of child rows.
var childLabels = []string{"#0", "#1", "#2", "#3", "#4", "#5", "#6", "#7"}

// lateChildren are, by table, the index of its first table of child rows
// added by a later version (the dependencies of a system, the downtime
// windows of a plan): from it on, a table without rows is left out of the
// digest, as a column holding its zero value is, so that the digests of
// the records sealed before it stay as they were.
var lateChildren = map[string]int{"systems": 0, "plans": 4}

// digest is digestRow on the values of a row (in sealColumns order), with
// skip as a mask and the child rows' digests as bytes.
func (h *rowHasher) digest(table string, vals []any, skip []bool, children [][]digestBytes) digestBytes {
	h.buf = h.buf[:0]
	h.field(table)
	for i, c := range sealColumns[table] {
		if skip != nil && skip[i] {
			continue
		}
		h.val = appendCanon(h.val[:0], vals[i])
		if len(h.val) == 0 || len(h.val) == 1 && h.val[0] == '0' {
			continue
		}
		h.field(c)
		h.buf = binary.AppendUvarint(h.buf, uint64(len(h.val)))
		h.buf = append(h.buf, h.val...)
	}
	late, hasLate := lateChildren[table]
	for i, rows := range children {
		if hasLate && i >= late && len(rows) == 0 {
			continue
		}
		if i < len(childLabels) {
			h.field(childLabels[i])
		} else {
			h.field("#" + strconv.Itoa(i))
		}
		for _, d := range rows {
			// Child digests enter as the hexadecimal text they are
			// sealed as.
			h.buf = binary.AppendUvarint(h.buf, 2*uint64(len(d)))
			h.buf = hex.AppendEncode(h.buf, d[:])
		}
	}
	sum := sha256.Sum256(h.buf)
	var d digestBytes
	copy(d[:], sum[:len(d)])
	return d
}

// canonString is a column value as the same text on every engine: numbers
// in decimal, false and NULL as "", true as "1", times as microseconds
// since 1970 (UTC), text as it is.
func canonString(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	}
	return string(appendCanon(nil, v))
}

// appendCanon appends canonString(v) to b.
func appendCanon(b []byte, v any) []byte {
	switch x := v.(type) {
	case nil:
		return b
	case string:
		return append(b, x...)
	case []byte:
		return append(b, x...)
	case int64:
		return strconv.AppendInt(b, x, 10)
	case int32:
		return strconv.AppendInt(b, int64(x), 10)
	case int:
		return strconv.AppendInt(b, int64(x), 10)
	case float64:
		if x == math.Trunc(x) && math.Abs(x) < 1e15 {
			return strconv.AppendInt(b, int64(x), 10)
		}
		return strconv.AppendFloat(b, x, 'g', -1, 64)
	case bool:
		if x {
			return append(b, '1')
		}
		return b
	case time.Time:
		if x.IsZero() {
			return b
		}
		return strconv.AppendInt(b, x.UnixMicro(), 10)
	}
	return fmt.Append(b, v)
}

// readRows reads the rows of table matching where (all rows when where
// is ""), ordered by order, and calls fn with each.
func readRows(db *gorm.DB, table, where string, args []any, order string, fn func(r *sealRow) error) error {
	cols := sealColumns[table]
	quoted := make([]string, len(cols))
	for i, c := range cols {
		quoted[i] = `"` + c + `"`
	}
	q := "SELECT " + strings.Join(quoted, ", ") + " FROM " + table
	if where != "" {
		q += " WHERE " + where
	}
	if order != "" {
		q += " ORDER BY " + order
	}
	rows, err := db.Raw(q, args...).Rows()
	if err != nil {
		return err
	}
	defer rows.Close()
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	r := &sealRow{table: table, vals: vals}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		if err := fn(r); err != nil {
			return err
		}
	}
	return rows.Err()
}

// childDigests reads the child rows of the records with the given ids (all
// when ids is nil) and returns, per parent id, the digests of its rows in
// order.
func childDigests(db *gorm.DB, c childSpec, ids []string) (map[string][]digestBytes, error) {
	out := map[string][]digestBytes{}
	skip := skipMask(c.table, map[string]bool{"id": true, c.fk: true})
	var h rowHasher
	collect := func(r *sealRow) error {
		p := r.str(c.fk)
		out[p] = append(out[p], h.digest(c.table, r.vals, skip, nil))
		return nil
	}
	order := c.fk + ", pos, id"
	if ids == nil {
		return out, readRows(db, c.table, "", nil, order, collect)
	}
	for _, part := range chunks(ids, 500) {
		if err := readRows(db, c.table, c.fk+" IN ?", []any{numbers(part)}, order, collect); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// sealedRecord is one record with its digest.
type sealedRecord struct {
	key, unit, digest, name string
}

// readRecords reads the records of sp: all of them (units nil) or those
// of the given units (names without their prefix), with their digests.
func readRecords(db *gorm.DB, sp *sealSpec, unitIDs []string, fn func(rec sealedRecord) error) error {
	var parentIDs []string
	if unitIDs != nil && len(sp.children) > 0 {
		// The ids of the parents, to read only their children.
		for _, part := range chunks(unitIDs, 500) {
			var ids []string
			q := "SELECT " + sp.key + " FROM " + sp.table + " WHERE " + sp.unitCol + " IN ?"
			if err := db.Raw(q, numbers(part)).Scan(&ids).Error; err != nil {
				return err
			}
			parentIDs = append(parentIDs, ids...)
		}
		if len(parentIDs) == 0 {
			parentIDs = []string{}
		}
	}
	kids := make([]map[string][]digestBytes, len(sp.children))
	for i, c := range sp.children {
		m, err := childDigests(db, c, parentIDs)
		if err != nil {
			return err
		}
		kids[i] = m
	}
	skip := skipMask(sp.table, sp.skip)
	var h rowHasher
	rows := make([][]digestBytes, len(kids))
	emit := func(r *sealRow) error {
		key := r.str(sp.key)
		for i, m := range kids {
			rows[i] = m[key]
		}
		d := h.digest(sp.table, r.vals, skip, rows)
		return fn(sealedRecord{key: recordKey(sp.table, key), unit: sp.unit(r),
			digest: hex.EncodeToString(d[:]), name: sp.name(r)})
	}
	if unitIDs == nil {
		return readRows(db, sp.table, "", nil, sp.key, emit)
	}
	for _, part := range chunks(unitIDs, 500) {
		if err := readRows(db, sp.table, sp.unitCol+" IN ?", []any{numbers(part)}, sp.key, emit); err != nil {
			return err
		}
	}
	return nil
}

// numbers converts ids written in decimal to numbers, for comparing with
// integer columns on every engine.
func numbers(ids []string) []int64 {
	out := make([]int64, 0, len(ids))
	for _, id := range ids {
		if n, err := strconv.ParseInt(id, 10, 64); err == nil {
			out = append(out, n)
		}
	}
	return out
}

func chunks[T any](xs []T, n int) [][]T {
	var out [][]T
	for start := 0; start < len(xs); start += n {
		out = append(out, xs[start:min(start+n, len(xs))])
	}
	return out
}

// unitSet collects the units a write touched.
type unitSet map[string]bool

// unitsOf returns the units named by audit entries.
func unitsOf(entries []AuditEntry) unitSet {
	u := unitSet{}
	for _, e := range entries {
		if e.CaseID != nil {
			u["c:"+strconv.FormatUint(uint64(*e.CaseID), 10)] = true
		}
		id := strconv.FormatUint(uint64(e.EntityID), 10)
		switch e.Entity {
		case "cases":
			u["c:"+id] = true
			if e.Op == OpCreate {
				u["counters"] = true
			}
		case "departments":
			u["d:"+id] = true
		case "users":
			u["u:"+id] = true
		case "vendors":
			u["v:"+id] = true
		case "systems":
			u["s:"+id] = true
		case "settings":
			u["settings"] = true
		case "case_counters":
			u["counters"] = true
		case "substitutes":
			u["p:"+id] = true
		case "calendar_days", "blackout_periods":
			u["calendar"] = true
		case "database":
			if e.Op == OpRestore {
				u["counters"] = true // carried forward
			}
		case "attachments":
			if e.CaseID == nil {
				u["a:"+id] = true
			}
		case "notifications":
			// The digests of a day are written under one entry, whose
			// entity id is the day; other entries about messages (a
			// resend) change only delivery columns, which are not sealed.
			if e.CaseID == nil && e.Op == OpCreate {
				u["n:"+id] = true
			}
		}
	}
	return u
}

// allUnits returns every unit of the database.
func allUnits(db *gorm.DB) (unitSet, error) {
	u := unitSet{"settings": true, "counters": true, "calendar": true}
	for _, q := range []struct{ prefix, query string }{
		{"d:", "SELECT id FROM departments"}, {"u:", "SELECT id FROM users"}, {"v:", "SELECT id FROM vendors"},
		{"s:", "SELECT id FROM systems"}, {"c:", "SELECT id FROM cases"}, {"p:", "SELECT id FROM substitutes"},
		{"a:", "SELECT id FROM attachments WHERE case_id IS NULL"},
		{"n:", "SELECT DISTINCT day FROM notifications WHERE case_id IS NULL"},
	} {
		var ids []string
		if err := db.Raw(q.query).Scan(&ids).Error; err != nil {
			return nil, err
		}
		for _, id := range ids {
			u[q.prefix+id] = true
		}
	}
	return u, nil
}

// currentDigests computes the digests of every record of units.
func currentDigests(db *gorm.DB, units unitSet) (map[string]sealedRecord, error) {
	byPrefix := map[string][]string{}
	for u := range units {
		if p, id, ok := strings.Cut(u, ":"); ok {
			byPrefix[p+":"] = append(byPrefix[p+":"], id)
		}
	}
	for _, ids := range byPrefix {
		sort.Strings(ids)
	}
	out := map[string]sealedRecord{}
	add := func(rec sealedRecord) error {
		out[rec.key] = rec
		return nil
	}
	for _, sp := range sealSpecs {
		switch {
		case sp.table == "settings":
			if units["settings"] {
				if err := readRecords(db, sp, nil, add); err != nil {
					return nil, err
				}
			}
		case sp.table == "calendar_days" || sp.table == "blackout_periods":
			if units["calendar"] {
				if err := readRecords(db, sp, nil, add); err != nil {
					return nil, err
				}
			}
		case sp.table == "case_counters":
			if units["counters"] {
				if err := readRecords(db, sp, nil, add); err != nil {
					return nil, err
				}
			}
		case sp.table == "notifications":
			if ids := byPrefix["c:"]; len(ids) > 0 {
				if err := readRecords(db, sp, ids, add); err != nil {
					return nil, err
				}
			}
			if days := byPrefix["n:"]; len(days) > 0 {
				digests := &sealSpec{}
				*digests = *sp
				digests.unitCol = "day" // the messages of a case have day 0
				if err := readRecords(db, digests, days, add); err != nil {
					return nil, err
				}
			}
		case sp.table == "attachments":
			if ids := byPrefix["c:"]; len(ids) > 0 {
				if err := readRecords(db, sp, ids, add); err != nil {
					return nil, err
				}
			}
			if ids := byPrefix["a:"]; len(ids) > 0 {
				loose := &sealSpec{}
				*loose = *sp
				loose.unitCol = "id"
				if err := readRecords(db, loose, ids, add); err != nil {
					return nil, err
				}
			}
		default:
			if ids := byPrefix[sp.unitPrefix]; len(ids) > 0 {
				if err := readRecords(db, sp, ids, add); err != nil {
					return nil, err
				}
			}
		}
	}
	return out, nil
}

// reseal compares the records of units with row_seals, brings row_seals
// up to date and returns the seal lines of what changed ("key=digest",
// "key=-" for a deleted record), sorted.
func reseal(tx *gorm.DB, units unitSet) ([]string, error) {
	if len(units) == 0 {
		return nil, nil
	}
	now, err := currentDigests(tx, units)
	if err != nil {
		return nil, err
	}
	names := make([]string, 0, len(units))
	for u := range units {
		names = append(names, u)
	}
	sort.Strings(names)
	old := map[string]string{}
	for _, part := range chunks(names, 500) {
		var rows []RowSeal
		if err := tx.Where("unit IN ?", part).Find(&rows).Error; err != nil {
			return nil, err
		}
		for _, r := range rows {
			old[r.Key] = r.Digest
		}
	}
	var lines []string
	var upsert []RowSeal
	var gone []string
	for key, rec := range now {
		if old[key] != rec.digest {
			lines = append(lines, key+"="+rec.digest)
			upsert = append(upsert, RowSeal{Key: key, Unit: rec.unit, Digest: rec.digest})
		}
	}
	for key := range old {
		if _, ok := now[key]; !ok {
			lines = append(lines, key+"="+tombstone)
			gone = append(gone, key)
		}
	}
	sort.Strings(lines)
	for _, part := range chunks(upsert, 300) {
		if err := tx.Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "key"}},
			DoUpdates: clause.AssignmentColumns([]string{"unit", "digest"})}).Create(&part).Error; err != nil {
			return nil, err
		}
	}
	for _, part := range chunks(gone, 500) {
		if err := tx.Where("key IN ?", part).Delete(&RowSeal{}).Error; err != nil {
			return nil, err
		}
	}
	return lines, nil
}

// sealWrite runs at the end of every write transaction: it reseals the
// units named by the audit entries appended after seq from and writes the
// seal lines into the chain.
func (s *Store) sealWrite(tx *gorm.DB, from int64) error {
	var entries []AuditEntry
	if err := tx.Select("seq", "op", "entity", "entity_id", "case_id").Where("seq > ?", from).
		Order("seq").Find(&entries).Error; err != nil {
		return err
	}
	if len(entries) == 0 {
		return nil
	}
	lines, err := reseal(tx, unitsOf(entries))
	if err != nil {
		return err
	}
	return s.writeSeals(tx, lines, "")
}

// writeSeals puts seal lines into the chain: into its last entry when they
// are few, else into entries of their own (op seal) with comment.
func (s *Store) writeSeals(tx *gorm.DB, lines []string, comment string) error {
	if len(lines) == 0 {
		return nil
	}
	var head auditHead
	if err := tx.Clauses(clause.Locking{Strength: "UPDATE"}).First(&head, 1).Error; err != nil {
		return err
	}
	var last AuditEntry
	if head.Seq > 0 {
		if err := tx.Where("seq = ?", head.Seq).First(&last).Error; err != nil {
			return err
		}
	}
	if len(lines) <= maxInlineSeals && last.ID != 0 && last.Seals == "" && comment == "" {
		last.Seals = strings.Join(lines, "\n")
		last.Hash = hashEntry(&last)
		if err := tx.Model(&AuditEntry{}).Where("id = ?", last.ID).
			Updates(map[string]any{"seals": last.Seals, "hash": last.Hash}).Error; err != nil {
			return err
		}
		return tx.Model(&auditHead{}).Where("id = ?", 1).Update("hash", last.Hash).Error
	}
	actor := &User{Meta: Meta{ID: last.ActorID}, FullName: last.ActorName}
	for _, part := range chunks(lines, sealBatch) {
		e := &AuditEntry{Op: OpSeal, Entity: "database", Comment: comment, Seals: strings.Join(part, "\n"),
			ActorID: actor.ID, ActorName: actor.FullName}
		if err := s.appendAudit(tx, e); err != nil {
			return err
		}
	}
	return nil
}

// sealAll seals every record of the database in entries of their own
// (a database made by an older version, whose records were never sealed).
func (s *Store) sealAll(tx *gorm.DB, comment string) error {
	units, err := allUnits(tx)
	if err != nil {
		return err
	}
	lines, err := reseal(tx, units)
	if err != nil {
		return err
	}
	return s.writeSeals(tx, lines, comment)
}

// digestBytes is a record's digest as bytes (the zero value: deleted), as
// check keeps hundreds of thousands of them.
type digestBytes [16]byte
