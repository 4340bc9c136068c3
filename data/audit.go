package data

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// AuditEntry is one line of the audit trail. Entries are only ever
// appended; each one's Hash covers its content and the previous entry's
// hash, so an entry changed, deleted or inserted outside the application
// breaks the chain (see VerifyAudit).
type AuditEntry struct {
	ID        uint      `gorm:"primaryKey" json:"-"`
	Seq       int64     `gorm:"not null;uniqueIndex" json:"seq"`
	At        time.Time `gorm:"not null" json:"at"`
	ActorID   uint      `json:"actor_id"`
	ActorName string    `gorm:"size:64" json:"actor_name"`
	Op        string    `gorm:"size:16;not null" json:"op"`
	Entity    string    `gorm:"size:32;not null" json:"entity"`
	EntityID  uint      `json:"entity_id"`
	CaseID    *uint     `gorm:"index" json:"case_id,omitempty"`
	Changes   string    `gorm:"type:text" json:"changes"`
	Decision  string    `gorm:"size:16" json:"decision,omitempty"`
	Comment   string    `gorm:"type:text" json:"comment,omitempty"`
	// Seals lists the digests of the records this entry's transaction
	// changed, one "table/key=digest" a line (see seal.go).
	Seals    string `gorm:"type:text" json:"seals,omitempty"`
	PrevHash string `gorm:"size:64;not null" json:"prev_hash"`
	Hash     string `gorm:"size:64;not null" json:"hash"`
}

// Audit operations.
const (
	OpCreate     = "create"
	OpUpdate     = "update"
	OpDelete     = "delete"
	OpTransition = "transition"
	OpPassword   = "password"
	OpRestore    = "restore"
	// OpSelfGrant records an administrator giving themselves roles with
	// no other administrator to do it (see SaveUser); check lists these.
	OpSelfGrant = "self_grant"
)

// Change is one field's old and new value in an audit entry.
type Change struct {
	Field string `json:"field"`
	Old   string `json:"old"`
	New   string `json:"new"`
}

// ChangeList decodes the entry's changes.
func (e *AuditEntry) ChangeList() []Change {
	var cs []Change
	if e.Changes != "" {
		_ = json.Unmarshal([]byte(e.Changes), &cs)
	}
	return cs
}

// DecisionKey returns the translation key of the name of the decision the
// entry records, after the stage it was taken in; "" when it records
// none.
func (e *AuditEntry) DecisionKey() string {
	if e.Decision == "" {
		return ""
	}
	d := Decision{Action: Action(e.Decision)}
	for _, c := range e.ChangeList() {
		if c.Field == "state" {
			d.FromState, d.ToState = State(c.Old), State(c.New)
		}
	}
	return d.LabelKey()
}

// auditHead is the single row that holds the end of the chain. Updating it
// in every appending transaction serialises appends on every engine.
type auditHead struct {
	ID   uint   `gorm:"primaryKey;autoIncrement:false"`
	Seq  int64  `gorm:"not null"`
	Hash string `gorm:"size:64;not null"`
}

func (auditHead) TableName() string { return "audit_head" }

// genesisHash is the PrevHash of the first entry.
const genesisHash = "0000000000000000000000000000000000000000000000000000000000000000"

// hashEntry computes the hash of e from its content and PrevHash: SHA-256
// over every field, each preceded by its length, so that no two different
// entries hash the same input.
func hashEntry(e *AuditEntry) string {
	sum := sumEntry(nil, e)
	return hex.EncodeToString(sum[:])
}

// sumEntry returns the SHA-256 of e's fields (hashEntry's input), using
// buf for them; it returns the buffer for reuse.
func sumEntry(buf *[]byte, e *AuditEntry) [sha256.Size]byte {
	var b []byte
	if buf != nil {
		b = (*buf)[:0]
	}
	field := func(s string) {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	integer := func(v int64) {
		b = binary.AppendVarint(b, v)
	}
	caseID := int64(-1)
	if e.CaseID != nil {
		caseID = int64(*e.CaseID)
	}
	field(e.PrevHash)
	integer(e.Seq)
	integer(e.At.UTC().UnixMicro())
	integer(int64(e.ActorID))
	field(e.ActorName)
	field(e.Op)
	field(e.Entity)
	integer(int64(e.EntityID))
	integer(caseID)
	field(e.Changes)
	field(e.Decision)
	field(e.Comment)
	if e.Seals != "" {
		// Entries written before seals existed hash as they always did.
		field("seals")
		field(e.Seals)
	}
	if buf != nil {
		*buf = b
	}
	return sha256.Sum256(b)
}

// hashMatches reports whether the stored hash of e is the hash of its
// content, using buf for the fields.
func hashMatches(buf *[]byte, e *AuditEntry) bool {
	sum := sumEntry(buf, e)
	var text [2 * sha256.Size]byte
	hex.Encode(text[:], sum[:])
	return string(text[:]) == e.Hash
}

// appendAudit adds e at the end of the chain inside tx.
func (s *Store) appendAudit(tx *gorm.DB, e *AuditEntry) error {
	var head auditHead
	if err := tx.Clauses(clause.Locking{Strength: "UPDATE"}).First(&head, 1).Error; err != nil {
		return fmt.Errorf("read audit head: %w", err)
	}
	e.ID = 0
	e.Seq = head.Seq + 1
	e.At = s.now()
	e.PrevHash = head.Hash
	e.Hash = hashEntry(e)
	if err := tx.Create(e).Error; err != nil {
		return fmt.Errorf("append audit: %w", err)
	}
	res := tx.Model(&auditHead{}).Where("id = ? AND seq = ?", 1, head.Seq).
		Updates(map[string]any{"seq": e.Seq, "hash": e.Hash})
	if res.Error != nil {
		return fmt.Errorf("advance audit head: %w", res.Error)
	}
	if res.RowsAffected != 1 {
		return fmt.Errorf("audit head moved during append")
	}
	return nil
}

// appendAuditBatch adds entries at the end of the chain inside tx, in
// order, written in batches.
func (s *Store) appendAuditBatch(tx *gorm.DB, entries []AuditEntry) error {
	var head auditHead
	if err := tx.Clauses(clause.Locking{Strength: "UPDATE"}).First(&head, 1).Error; err != nil {
		return fmt.Errorf("read audit head: %w", err)
	}
	from := head.Seq
	for i := range entries {
		e := &entries[i]
		e.ID, e.Seq, e.At, e.PrevHash = 0, head.Seq+1, s.now(), head.Hash
		e.Hash = hashEntry(e)
		head.Seq, head.Hash = e.Seq, e.Hash
	}
	if err := tx.CreateInBatches(&entries, 300).Error; err != nil {
		return fmt.Errorf("append audit: %w", err)
	}
	res := tx.Model(&auditHead{}).Where("id = ? AND seq = ?", 1, from).Updates(map[string]any{"seq": head.Seq, "hash": head.Hash})
	if res.Error != nil {
		return fmt.Errorf("advance audit head: %w", res.Error)
	}
	if res.RowsAffected != 1 {
		return fmt.Errorf("audit head moved during append")
	}
	return nil
}

// audit appends an entry for a change made by actor.
func (s *Store) audit(tx *gorm.DB, actor *User, op, entity string, id uint, caseID uint, changes []Change, decision, comment string) error {
	e := &AuditEntry{Op: op, Entity: entity, EntityID: id, Decision: decision, Comment: comment}
	if actor != nil {
		e.ActorID, e.ActorName = actor.ID, actor.FullName
	}
	if caseID != 0 {
		e.CaseID = &caseID
	}
	if len(changes) > 0 {
		b, err := json.Marshal(changes)
		if err != nil {
			return err
		}
		e.Changes = string(b)
	}
	return s.appendAudit(tx, e)
}

// metaFields are left out of audit diffs: they change on every save.
var metaFields = map[string]bool{
	"id": true, "version": true, "created_at": true, "updated_at": true,
	"created_by_id": true, "updated_by_id": true, "updated_by": true,
}

// diff returns the fields whose JSON encoding differs between old and new
// (old may be nil for a new record). Nested rows are compared as a whole.
func diff(old, new any) []Change {
	om, nm := jsonFields(old), jsonFields(new)
	keys := make([]string, 0, len(nm))
	for k := range nm {
		keys = append(keys, k)
	}
	for k := range om {
		if _, ok := nm[k]; !ok {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	var out []Change
	for _, k := range keys {
		if metaFields[k] {
			continue
		}
		o, n := om[k], nm[k]
		if o == n {
			continue
		}
		if old == nil && (n == `""` || n == "0" || n == "false" || n == "null" || n == "[]") {
			continue
		}
		out = append(out, Change{Field: k, Old: plain(o), New: plain(n)})
	}
	return out
}

func jsonFields(v any) map[string]string {
	out := map[string]string{}
	if v == nil {
		return out
	}
	b, err := json.Marshal(v)
	if err != nil {
		return out
	}
	raw := map[string]json.RawMessage{}
	if err := json.Unmarshal(b, &raw); err != nil {
		return out
	}
	for k, r := range raw {
		out[k] = string(r)
	}
	return out
}

// plain unquotes JSON strings so the trail reads naturally.
func plain(raw string) string {
	if raw == "" || raw == "null" {
		return ""
	}
	var s string
	if strings.HasPrefix(raw, `"`) && json.Unmarshal([]byte(raw), &s) == nil {
		return s
	}
	return raw
}

// History returns the audit entries of a case, oldest first.
func (s *Store) History(caseID uint) ([]AuditEntry, error) {
	var es []AuditEntry
	err := s.db.Where("case_id = ?", caseID).Order("seq").Find(&es).Error
	return es, s.read("read history", err)
}

// AuditProblem is one break of the audit chain.
type AuditProblem struct {
	Seq  int64
	Kind string // "changed", "missing", "inserted", "head"
	Key  string // translation key of the description
}

// Describe returns the problem in lang.
func (p AuditProblem) Describe(lang string) string {
	return T(lang, p.Key, map[string]any{"Seq": p.Seq})
}

// VerifyAudit walks the whole audit chain, in one snapshot of the
// database, and reports every entry that was changed, deleted or inserted
// outside the application. Entries are read in batches and their hashes
// computed on every core.
func (s *Store) VerifyAudit(ctx context.Context) (problems []AuditProblem, count int64, err error) {
	err = s.dialect.snapshot(s.db.WithContext(ctx), func(tx *gorm.DB) error {
		var err error
		problems, count, err = s.view(tx).verifyAudit(ctx, nil)
		return err
	})
	if ctx.Err() != nil {
		return nil, 0, errf(ECancelled, "err.cancelled")
	}
	return problems, count, s.fail("verify audit", err)
}

// chainFacts are what Check needs from the chain besides its soundness,
// gathered while verifyAudit walks it.
type chainFacts struct {
	// seals holds the last seal of every record.
	seals *chainSeals
	// created holds the cases that have the audit entry of their
	// creation.
	created map[uint]struct{}
	// selfGrants are the entries of administrators giving themselves
	// roles, in order.
	selfGrants []AuditEntry
}

func newChainFacts() *chainFacts {
	return &chainFacts{seals: newChainSeals(), created: map[uint]struct{}{}}
}

// add takes what the facts need from e.
func (f *chainFacts) add(e *AuditEntry) {
	if e.Seals != "" {
		f.seals.parse(e.Seals)
	}
	if e.Entity == "cases" && e.Op == OpCreate {
		f.created[e.EntityID] = struct{}{}
	}
	if e.Op == OpSelfGrant {
		f.selfGrants = append(f.selfGrants, *e)
	}
}

// verifyAudit is VerifyAudit on a store that reads one snapshot. When
// facts is not nil it receives what Check needs from the chain.
func (s *Store) verifyAudit(ctx context.Context, facts *chainFacts) ([]AuditProblem, int64, error) {
	var problems []AuditProblem
	prevHash, prevSeq := genesisHash, int64(0)
	var count int64
	for {
		if err := ctx.Err(); err != nil {
			return nil, count, err
		}
		batch, err := s.auditBatch(prevSeq, 20000)
		if err != nil {
			return nil, count, s.read("verify audit", err)
		}
		ok := hashBatch(batch)
		for i := range batch {
			e := &batch[i]
			count++
			problems = append(problems, checkLink(e, ok[i], prevSeq, prevHash)...)
			prevSeq, prevHash = e.Seq, e.Hash
			if facts != nil {
				facts.add(e)
			}
		}
		if len(batch) < 20000 {
			break
		}
	}
	var head auditHead
	if err := s.db.First(&head, 1).Error; err != nil {
		return nil, count, s.read("read audit head", err)
	}
	if head.Seq != prevSeq || head.Hash != prevHash {
		problems = append(problems, AuditProblem{Seq: head.Seq, Kind: "head", Key: "audit.head"})
	}
	return problems, count, nil
}

// auditBatch reads up to n entries after seq, scanning rows directly: the
// chain may hold millions of entries.
func (s *Store) auditBatch(after int64, n int) ([]AuditEntry, error) {
	rows, err := s.db.Raw(`SELECT seq, at, actor_id, actor_name, op, entity, entity_id, case_id,
		changes, decision, comment, seals, prev_hash, hash FROM audit_entries WHERE seq > ? ORDER BY seq LIMIT ?`, after, n).Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make([]AuditEntry, 0, n)
	var vals [14]any
	ptrs := make([]any, len(vals))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		// The values become the entry's fields as Scan would convert
		// them.
		var e AuditEntry
		var caseID sql.Null[int64]
		var changes, decision, comment, seals sql.Null[string]
		var errs [14]error
		e.Seq, errs[0] = scanValue[int64](vals[0])
		e.At, errs[1] = scanValue[time.Time](vals[1])
		e.ActorID, errs[2] = scanUint(vals[2])
		e.ActorName, errs[3] = scanValue[string](vals[3])
		e.Op, errs[4] = scanValue[string](vals[4])
		e.Entity, errs[5] = scanValue[string](vals[5])
		e.EntityID, errs[6] = scanUint(vals[6])
		errs[7] = scanNull(&caseID, vals[7])
		errs[8] = scanNull(&changes, vals[8])
		errs[9] = scanNull(&decision, vals[9])
		errs[10] = scanNull(&comment, vals[10])
		errs[11] = scanNull(&seals, vals[11])
		e.PrevHash, errs[12] = scanValue[string](vals[12])
		e.Hash, errs[13] = scanValue[string](vals[13])
		for i, err := range errs {
			if err != nil {
				return nil, fmt.Errorf("sql: Scan error on column index %d: %w", i, err)
			}
		}
		if caseID.Valid {
			id := uint(caseID.V)
			e.CaseID = &id
		}
		e.Changes, e.Decision, e.Comment, e.Seals = changes.V, decision.V, comment.V, seals.V
		out = append(out, e)
	}
	return out, rows.Err()
}

// scanValue converts a column's value to T as database/sql's Scan does.
func scanValue[T any](v any) (T, error) {
	if x, ok := v.(T); ok {
		return x, nil
	}
	var n sql.Null[T]
	if v == nil {
		return n.V, fmt.Errorf("converting NULL to %T is unsupported", n.V)
	}
	err := n.Scan(v)
	return n.V, err
}

// scanUint is scanValue[uint], without reflection for integers.
func scanUint(v any) (uint, error) {
	if x, ok := v.(int64); ok && x >= 0 {
		return uint(x), nil
	}
	return scanValue[uint](v)
}

// scanNull converts a column's value that may be NULL.
func scanNull[T any](n *sql.Null[T], v any) error {
	if x, ok := v.(T); ok {
		n.V, n.Valid = x, true
		return nil
	}
	return n.Scan(v)
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// hashBatch reports, for each entry, whether its stored hash is the hash
// of its content, computing them on every core.
func hashBatch(batch []AuditEntry) []bool {
	ok := make([]bool, len(batch))
	workers := runtime.GOMAXPROCS(0)
	per := (len(batch) + workers - 1) / workers
	var wg sync.WaitGroup
	for start := 0; start < len(batch); start += per {
		end := min(start+per, len(batch))
		wg.Add(1)
		go func(start, end int) {
			defer wg.Done()
			var buf []byte
			for i := start; i < end; i++ {
				ok[i] = hashMatches(&buf, &batch[i])
			}
		}(start, end)
	}
	wg.Wait()
	return ok
}

func checkLink(e *AuditEntry, hashOK bool, prevSeq int64, prevHash string) []AuditProblem {
	var ps []AuditProblem
	if !hashOK {
		ps = append(ps, AuditProblem{Seq: e.Seq, Kind: "changed", Key: "audit.changed"})
	}
	switch {
	case e.Seq > prevSeq+1:
		ps = append(ps, AuditProblem{Seq: prevSeq + 1, Kind: "missing", Key: "audit.missing"})
	case e.Seq <= prevSeq:
		ps = append(ps, AuditProblem{Seq: e.Seq, Kind: "inserted", Key: "audit.inserted"})
	case e.PrevHash != prevHash:
		ps = append(ps, AuditProblem{Seq: e.Seq, Kind: "inserted", Key: "audit.relinked"})
	}
	return ps
}
