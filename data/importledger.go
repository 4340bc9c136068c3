package data

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// SystemImport is one software system to import into the ledger, with
// its vendor and owner department given by name, as a ledger workbook
// names them.
type SystemImport struct {
	// System holds the system's own fields: Name, Code, CurrentVersion,
	// InstalledOn and Description. Its ID, VendorID and OwnerDeptID are
	// ignored: the references come from Vendor and OwnerDept.
	System
	// Vendor is the name of the system's vendor: one already in the
	// database or one imported with it; "" for none.
	Vendor string
	// OwnerDept is the name of the department that owns the system; it
	// must exist.
	OwnerDept string
	// DependsOn names the systems this one depends on: systems already in
	// the ledger or imported with it. It replaces the system's
	// dependencies when SetsDependencies is true (the workbook has the
	// column); otherwise an existing system keeps its own.
	DependsOn        []string
	SetsDependencies bool
	// Sheet and Row say where the system came from, for ImportProblem:
	// the sheet name ("" means 软件系统) and the row number in it (0 means
	// the system's 1-based position in the list).
	Sheet string
	Row   int
}

// ImportProblem is one bad row of a ledger import.
type ImportProblem struct {
	Sheet string // the sheet of the row, e.g. "软件系统"
	Row   int    // the row number in the sheet (the header is row 1)
	Name  string // the system or vendor name on the row, if any
	// Field is the field at fault (its label is the translation key
	// "field."+Field); "" when the problem is the row as a whole.
	Field string
	Err   error // what is wrong, an *Error
}

// Message describes the problem in lang, naming the sheet, row, name and field.
func (p ImportProblem) Message(lang string) string {
	msg := ErrorMessage(p.Err, lang)
	var e *Error
	if errors.As(p.Err, &e) && e.Field != "" {
		msg = T(lang, e.Key, localArgs(e.Args, lang)) // the field is named separately
	}
	name := ""
	if p.Name != "" {
		name = "（" + p.Name + "）"
		if lang == LangEN {
			name = " (" + p.Name + ")"
		}
	}
	args := map[string]any{"Sheet": p.Sheet, "Row": p.Row, "Name": name, "Msg": msg}
	if p.Field == "" {
		return T(lang, "import.problem_nofield", args)
	}
	args["Field"] = T(lang, "field."+p.Field, nil)
	return T(lang, "import.problem", args)
}

// Error returns the problem in Chinese.
func (p ImportProblem) Error() string { return p.Message(LangZH) }

// VersionKept records an existing system whose current version in the
// import differs from the ledger's: versions change only through
// registration, so the ledger's was kept.
type VersionKept struct {
	System      string
	Have, Given string
}

// ImportSummary says what ImportLedger did.
type ImportSummary struct {
	SystemsCreated, SystemsUpdated int
	VendorsCreated, VendorsUpdated int
	VersionsKept                   []VersionKept
	// Problems lists every bad row when the import was refused.
	Problems []ImportProblem
}

// Sheet names of a ledger import: the labels of the two tables.
func systemsSheet() string { return Label("entity.systems") }
func vendorsSheet() string { return Label("entity.vendors") }

// ImportLedger imports software systems and vendors into the ledger in
// one transaction (administrators only). A vendor or system whose name is
// not in the database yet is created; one whose name is there is updated.
// A new system's current version becomes the first line of its version
// history, as with SaveSystem; an existing system keeps its current
// version and history (versions change only through registration; see
// ImportSummary.VersionsKept). Vendors are imported first, so systems may
// name vendors of the same import.
//
// Every row is checked first, with ValidateVendor and ValidateSystem,
// for names repeated within the import, and for the owner department and
// vendor each system names. If any row is bad nothing is imported: the
// error (EInvalid) says how many problems there are and the summary's
// Problems names each one. Vendors carry no row number; their problems
// give the vendor's 1-based position in vendors as the row.
//
// The import is prepared outside the write lock: the ledger is read and
// every row checked in one snapshot, and the new records and their audit
// entries built; the write then only checks that nobody changed the
// database meanwhile (else it prepares again) and writes, in batches, so
// other PCs wait for it briefly.
func (s *Store) ImportLedger(ctx context.Context, actor *Session, systems []SystemImport, vendors []Vendor) (ImportSummary, error) {
	st := s.on(ctx)
	for attempt := 0; ; attempt++ {
		im := &ledgerImport{s: st, systems: cloneSystems(systems), vendors: append([]Vendor(nil), vendors...)}
		var head int64
		err := s.dialect.snapshot(st.db, func(tx *gorm.DB) error {
			tx = tx.Session(&gorm.Session{NewDB: true})
			a, err := s.adminActor(tx, actor)
			if err != nil {
				return err
			}
			im.actor = a
			if err := tx.Model(&auditHead{}).Select("seq").Where("id = ?", 1).Scan(&head).Error; err != nil {
				return err
			}
			im.tx = tx
			return im.load()
		})
		if err != nil {
			return ImportSummary{}, s.fail("import ledger", err)
		}
		if problems := im.check(); len(problems) > 0 {
			return ImportSummary{Problems: problems}, errf(EInvalid, "import.err.rows", "N", len(problems))
		}
		var sum ImportSummary
		changed := false
		err = st.write("import ledger", func(tx *gorm.DB) error {
			var now int64
			if err := tx.Model(&auditHead{}).Select("seq").Where("id = ?", 1).Scan(&now).Error; err != nil {
				return err
			}
			if changed = now != head; changed {
				return nil // written meanwhile: prepare again
			}
			if _, err := s.adminActor(tx, actor); err != nil {
				return err
			}
			im.tx = tx
			out, err := im.save()
			sum = out
			return err
		})
		if err != nil {
			return ImportSummary{}, err
		}
		if !changed {
			return sum, nil
		}
		if ctx.Err() != nil {
			return ImportSummary{}, errf(ECancelled, "err.cancelled")
		}
	}
}

func cloneSystems(in []SystemImport) []SystemImport {
	out := make([]SystemImport, len(in))
	copy(out, in)
	for i := range out {
		if out[i].Sheet == "" {
			out[i].Sheet = systemsSheet()
		}
		if out[i].Row == 0 {
			out[i].Row = i + 1
		}
	}
	return out
}

// ledgerImport is one run of ImportLedger inside its transaction.
type ledgerImport struct {
	s       *Store
	tx      *gorm.DB
	actor   *User
	systems []SystemImport
	vendors []Vendor

	depts      map[string]uint     // department name → ID
	oldVendors map[string]Vendor   // vendors in the database by name
	oldSystems map[string]System   // systems in the database by name
	oldDeps    map[string][]string // the ledger's dependencies by system name
	newVendors map[string]bool     // vendor names of the import
}

// load reads the departments, vendors and systems already in the database.
func (im *ledgerImport) load() error {
	var depts []Department
	var vs []Vendor
	var ss []System
	for _, q := range []any{&depts, &vs, &ss} {
		if err := im.tx.Find(q).Error; err != nil {
			return err
		}
	}
	im.depts, im.oldVendors, im.oldSystems = map[string]uint{}, map[string]Vendor{}, map[string]System{}
	for _, d := range depts {
		im.depts[d.Name] = d.ID
	}
	for _, v := range vs {
		im.oldVendors[v.Name] = v
	}
	g, err := readDependencies(im.tx)
	if err != nil {
		return err
	}
	names := map[uint]string{}
	for _, s := range ss {
		names[s.ID] = s.Name
	}
	im.oldDeps = map[string][]string{}
	for _, s := range ss {
		s.DependsOn = g.DependsOn(s.ID)
		im.oldSystems[s.Name] = s
		for _, id := range s.DependsOn {
			im.oldDeps[s.Name] = append(im.oldDeps[s.Name], names[id])
		}
	}
	return nil
}

// check validates every row and returns the problems.
func (im *ledgerImport) check() []ImportProblem {
	var out []ImportProblem
	problem := func(sheet string, row int, name string, err error) {
		field := ""
		if e, ok := err.(*Error); ok {
			field = e.Field
		}
		out = append(out, ImportProblem{Sheet: sheet, Row: row, Name: name, Field: field, Err: err})
	}
	im.newVendors = map[string]bool{}
	vendorRow := map[string]int{}
	for i := range im.vendors {
		v := &im.vendors[i]
		if err := ValidateVendor(v); err != nil {
			problem(vendorsSheet(), i+1, v.Name, err)
			continue
		}
		if first, dup := vendorRow[v.Name]; dup {
			problem(vendorsSheet(), i+1, v.Name, fieldError("vendor_name", errf(EExists, "import.err.duplicate", "Row", first)))
			continue
		}
		vendorRow[v.Name] = i + 1
		im.newVendors[v.Name] = true
	}
	systemRow := map[string]int{}
	for i := range im.systems {
		si := &im.systems[i]
		si.OwnerDept, si.Vendor = strings.TrimSpace(si.OwnerDept), strings.TrimSpace(si.Vendor)
		if err := ValidateSystem(&si.System); err != nil {
			problem(si.Sheet, si.Row, si.Name, err)
		} else if first, dup := systemRow[si.Name]; dup {
			problem(si.Sheet, si.Row, si.Name, fieldError("system_name", errf(EExists, "import.err.duplicate", "Row", first)))
		} else {
			systemRow[si.Name] = si.Row
		}
		switch _, ok := im.depts[si.OwnerDept]; {
		case si.OwnerDept == "":
			problem(si.Sheet, si.Row, si.Name, fieldError("owner_dept", errf(EInvalid, "valid.required")))
		case !ok:
			problem(si.Sheet, si.Row, si.Name, fieldError("owner_dept", errf(EInvalid, "import.err.unknown_dept", "Name", si.OwnerDept)))
		}
		if _, old := im.oldVendors[si.Vendor]; si.Vendor != "" && !old && !im.newVendors[si.Vendor] {
			problem(si.Sheet, si.Row, si.Name, fieldError("vendor", errf(EInvalid, "import.err.unknown_vendor", "Name", si.Vendor)))
		}
	}
	return append(out, im.checkDependencies(systemRow)...)
}

// checkDependencies checks the dependencies the import names: every
// system named must be in the ledger or the import, none the system
// itself, and the ledger as it will be must have no cycle. rows are the
// good systems of the import by name.
func (im *ledgerImport) checkDependencies(rows map[string]int) []ImportProblem {
	var out []ImportProblem
	// The graph as it will be, by name: the ledger's dependencies, those
	// the import sets replacing them.
	deps := map[string][]string{}
	for child, on := range im.oldDeps {
		deps[child] = on
	}
	for i := range im.systems {
		si := &im.systems[i]
		if !si.SetsDependencies {
			continue
		}
		var names []string
		for _, n := range si.DependsOn {
			n = strings.TrimSpace(n)
			_, old := im.oldSystems[n]
			_, imported := rows[n]
			switch {
			case n == "":
				continue
			case n == si.Name:
				out = append(out, ImportProblem{Sheet: si.Sheet, Row: si.Row, Name: si.Name, Field: "depends_on",
					Err: fieldError("depends_on", errf(EInvalid, "err.depends_self"))})
				continue
			case !old && !imported:
				out = append(out, ImportProblem{Sheet: si.Sheet, Row: si.Row, Name: si.Name, Field: "depends_on",
					Err: fieldError("depends_on", errf(EInvalid, "import.err.unknown_system", "Name", n))})
				continue
			}
			if !slices.Contains(names, n) {
				names = append(names, n)
			}
		}
		si.DependsOn = names
		deps[si.Name] = names
	}
	if len(out) > 0 {
		return out
	}
	for i := range im.systems {
		si := &im.systems[i]
		if !si.SetsDependencies {
			continue
		}
		for _, n := range si.DependsOn {
			if dependsByName(deps, n, si.Name) {
				out = append(out, ImportProblem{Sheet: si.Sheet, Row: si.Row, Name: si.Name, Field: "depends_on",
					Err: fieldError("depends_on", errf(EInvalid, "err.depends_cycle", "Name", n))})
				break
			}
		}
	}
	return out
}

// dependsByName reports whether system from depends, directly or through
// others, on system to in deps (by name).
func dependsByName(deps map[string][]string, from, to string) bool {
	seen := map[string]bool{}
	queue := []string{from}
	for len(queue) > 0 {
		cur := queue[0]
		queue = queue[1:]
		if cur == to {
			return true
		}
		for _, n := range deps[cur] {
			if !seen[n] {
				seen[n] = true
				queue = append(queue, n)
			}
		}
	}
	return false
}

// save writes the checked vendors and systems: changed ones one by one
// (each against its stored version), new ones in batches with their audit
// entries.
func (im *ledgerImport) save() (ImportSummary, error) {
	var sum ImportSummary
	vendorIDs := map[string]uint{}
	for name, v := range im.oldVendors {
		vendorIDs[name] = v.ID
	}
	var newVendors []Vendor
	for _, v := range im.vendors {
		rec := v
		rec.Meta = Meta{}
		old, ok := im.oldVendors[v.Name]
		if !ok {
			newVendors = append(newVendors, rec)
			continue
		}
		rec.Meta = old.Meta
		if err := im.s.saveRecord(im.tx, im.actor, &rec, "vendors"); err != nil {
			return sum, err
		}
		sum.VendorsUpdated++
	}
	if err := insertNew(im.s, im.tx, im.actor, newVendors, "vendors"); err != nil {
		return sum, err
	}
	sum.VendorsCreated = len(newVendors)
	for _, v := range newVendors {
		vendorIDs[v.Name] = v.ID
	}
	var newSystems []System
	var updated []System
	for _, si := range im.systems {
		rec := si.System
		rec.OwnerDeptID = im.depts[si.OwnerDept]
		rec.VendorID = nil
		if si.Vendor != "" {
			id := vendorIDs[si.Vendor]
			rec.VendorID = &id
		}
		rec.Meta, rec.DependsOn = Meta{}, nil
		old, exists := im.oldSystems[si.Name]
		if !exists {
			newSystems = append(newSystems, rec)
			continue
		}
		rec.Meta, rec.DependsOn = old.Meta, old.DependsOn
		if rec.CurrentVersion != old.CurrentVersion {
			sum.VersionsKept = append(sum.VersionsKept, VersionKept{System: rec.Name, Have: old.CurrentVersion, Given: rec.CurrentVersion})
		}
		rec.CurrentVersion = old.CurrentVersion
		updated = append(updated, rec)
	}
	if err := insertNew(im.s, im.tx, im.actor, newSystems, "systems"); err != nil {
		return sum, err
	}
	sum.SystemsCreated = len(newSystems)
	// The dependencies name systems by name, new ones too: they are set
	// once every system has its ID, with the changes of the systems
	// already in the ledger, and on the new systems that have some.
	ids := map[string]uint{}
	for name, sys := range im.oldSystems {
		ids[name] = sys.ID
	}
	for _, sys := range newSystems {
		ids[sys.Name] = sys.ID
	}
	given := map[string]SystemIDs{}
	for _, si := range im.systems {
		if si.SetsDependencies {
			var on SystemIDs
			for _, n := range si.DependsOn {
				on = append(on, ids[n])
			}
			given[si.Name] = on
		}
	}
	for _, rec := range updated {
		if on, ok := given[rec.Name]; ok {
			rec.DependsOn = on
		}
		if err := im.s.saveRecord(im.tx, im.actor, &rec, "systems"); err != nil {
			return sum, err
		}
		sum.SystemsUpdated++
	}
	for _, rec := range newSystems {
		if len(given[rec.Name]) == 0 {
			continue
		}
		rec.DependsOn = given[rec.Name]
		if err := im.s.saveRecord(im.tx, im.actor, &rec, "systems"); err != nil {
			return sum, err
		}
	}
	lines := make([]SystemVersion, len(newSystems))
	for i, sys := range newSystems {
		lines[i] = SystemVersion{SystemID: sys.ID, Version: sys.CurrentVersion,
			EffectiveDate: firstNonEmpty(sys.InstalledOn, im.s.now().Local().Format(DateLayout)),
			Registrar:     im.actor.FullName, Notes: Label("ledger.initial_entry")}
	}
	return sum, insertAll(im.tx, lines)
}

// insertNew inserts new records of one table in batches, each with the
// audit entry saveRecord would write for it.
func insertNew[T any, P interface {
	*T
	record
}](s *Store, tx *gorm.DB, actor *User, rows []T, entity string) error {
	if len(rows) == 0 {
		return nil
	}
	now := s.now()
	for i := range rows {
		m := P(&rows[i]).meta()
		m.ID, m.Version, m.CreatedAt, m.UpdatedAt = 0, 1, now, now
		m.CreatedByID, m.UpdatedByID, m.UpdatedBy = actor.ID, actor.ID, actor.FullName
	}
	if err := tx.Omit(clause.Associations).CreateInBatches(&rows, 200).Error; err != nil {
		return err
	}
	entries := make([]AuditEntry, len(rows))
	for i := range rows {
		b, err := json.Marshal(diff(nil, P(&rows[i])))
		if err != nil {
			return err
		}
		entries[i] = AuditEntry{ActorID: actor.ID, ActorName: actor.FullName, Op: OpCreate, Entity: entity,
			EntityID: P(&rows[i]).meta().ID, Changes: string(b)}
	}
	return s.appendAuditBatch(tx, entries)
}
