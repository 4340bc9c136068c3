package data

import (
	"cmp"
	"context"
	"crypto/sha256"
	"slices"
	"sort"
	"strconv"
	"strings"

	"gorm.io/gorm"
)

// Check compares hundreds of thousands of records with as many seals. To
// do that in little time and memory, a record is named by its table's
// position in sealSpecs and its key as a number wherever the key is one
// (recKey), and only otherwise by its text ("table/key"); digests are kept
// as bytes; and the records, the seals of the chain and the rows of
// row_seals are kept in lists per table sorted by key, and compared side
// by side. Every side names a record the same way: the chain and
// row_seals by the text of their keys, the records by the text of their
// key column (canonString), and one text always gives one name.

// recKey names a record whose key is a number.
type recKey struct {
	table int32 // position in sealSpecs
	id    int64
}

// idDigest is a record's (or a seal's) key and digest in a table's list.
type idDigest struct {
	id     int64
	digest digestBytes
}

// textDigest is the same for a record whose key is not a number.
type textDigest struct {
	key    string // "table/key"
	digest digestBytes
}

// name returns the record's name in seals: "table/key".
func name(table int, id int64) string {
	return recordKey(sealSpecs[table].table, strconv.FormatInt(id, 10))
}

func byID(a, b idDigest) int { return cmp.Compare(a.id, b.id) }

// sealTables finds a table's position in sealSpecs.
var sealTables = map[string]int32{}

func init() {
	for i, sp := range sealSpecs {
		sealTables[sp.table] = int32(i)
	}
}

// canonInt returns the number s is the canonical decimal text of (as
// strconv.FormatInt writes it), if it is one.
func canonInt(s string) (int64, bool) {
	if s == "" || s[0] == '+' || len(s) > 1 && s[0] == '0' || strings.HasPrefix(s, "-0") {
		return 0, false
	}
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil
}

// parseRecordKey names the record of a seal line's key ("table/key").
func parseRecordKey(key string) (recKey, bool) {
	table, id, ok := strings.Cut(key, "/")
	if !ok {
		return recKey{}, false
	}
	t, ok := sealTables[table]
	if !ok {
		return recKey{}, false
	}
	n, ok := canonInt(id)
	return recKey{t, n}, ok
}

// keyValue names a key column's value: by number when its text is a
// canonical number, else by its text.
func keyValue(v any) (int64, string, bool) {
	if n, ok := v.(int64); ok {
		return n, "", true
	}
	s := canonString(v)
	if n, ok := canonInt(s); ok {
		return n, "", true
	}
	return 0, s, false
}

// chainSeals holds the seals of the chain.
type chainSeals struct {
	// lines are the seals of records with a number for a key, per
	// table, in the chain's order; sorted turns them into num.
	lines [][]chainSeal
	n     uint32
	// num holds, per table and sorted by key, the last seal of each
	// record.
	num   [][]idDigest
	other map[string]digestBytes
}

// chainSeal is one seal and its place in the chain.
type chainSeal struct {
	id     int64
	order  uint32
	digest digestBytes
}

func newChainSeals() *chainSeals {
	return &chainSeals{lines: make([][]chainSeal, len(sealSpecs)), other: map[string]digestBytes{}}
}

// parse adds the seal lines of one entry ("table/key=digest" each).
func (c *chainSeals) parse(text string) {
	for len(text) > 0 {
		line := text
		if i := strings.IndexByte(text, '\n'); i >= 0 {
			line, text = text[:i], text[i+1:]
		} else {
			text = ""
		}
		k, d, ok := strings.Cut(line, "=")
		if !ok {
			continue
		}
		if rk, ok := parseRecordKey(k); ok {
			c.lines[rk.table] = append(c.lines[rk.table], chainSeal{rk.id, c.n, toDigest(d)})
			c.n++
		} else {
			c.other[strings.Clone(k)] = toDigest(d)
		}
	}
}

// sort keeps the last seal of every record, in num.
func (c *chainSeals) sort() {
	c.num = make([][]idDigest, len(c.lines))
	for t, lines := range c.lines {
		slices.SortFunc(lines, func(a, b chainSeal) int {
			if c := cmp.Compare(a.id, b.id); c != 0 {
				return c
			}
			return cmp.Compare(a.order, b.order)
		})
		last := make([]idDigest, 0, len(lines))
		for i, l := range lines {
			if i+1 < len(lines) && lines[i+1].id == l.id {
				continue
			}
			last = append(last, idDigest{l.id, l.digest})
		}
		c.num[t] = last
	}
	c.lines = nil
}

// lookup returns the seal of the record named by key's text (once
// sorted).
func (c *chainSeals) lookup(key string) (digestBytes, bool) {
	if rk, ok := parseRecordKey(key); ok {
		seals := c.num[rk.table]
		if i, ok := slices.BinarySearchFunc(seals, rk.id, func(s idDigest, id int64) int { return cmp.Compare(s.id, id) }); ok {
			return seals[i].digest, true
		}
		return digestBytes{}, false
	}
	d, ok := c.other[key]
	return d, ok
}

// walkedRecords are every sealed record's digest and the rows of
// row_seals, read in one snapshot: per table, sorted by key, those whose
// key is a number, and the others.
type walkedRecords struct {
	num      [][]idDigest
	other    []textDigest
	seals    [][]idDigest
	sealText []textDigest
}

// walkRecords reads every sealed record with its digest, then row_seals.
func walkRecords(ctx context.Context, db *gorm.DB) (*walkedRecords, error) {
	w := &walkedRecords{num: make([][]idDigest, len(sealSpecs)), seals: make([][]idDigest, len(sealSpecs))}
	var h rowHasher
	for i, sp := range sealSpecs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		kids := make([]childDigestSet, len(sp.children))
		for j, c := range sp.children {
			var err error
			if kids[j], err = readChildDigests(db, c, &h); err != nil {
				return nil, err
			}
		}
		keyCol := sealIndex[sp.table][sp.key]
		mask := skipMask(sp.table, sp.skip)
		rows := make([][]digestBytes, len(kids))
		err := readRows(db, sp.table, "", nil, sp.key, func(r *sealRow) error {
			n, text, isNum := keyValue(r.vals[keyCol])
			for j, k := range kids {
				if isNum {
					rows[j] = k.num[n]
				} else {
					rows[j] = k.text[text]
				}
			}
			d := h.digest(sp.table, r.vals, mask, rows)
			if isNum {
				w.num[i] = append(w.num[i], idDigest{n, d})
			} else {
				w.other = append(w.other, textDigest{recordKey(sp.table, text), d})
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		slices.SortFunc(w.num[i], byID) // in order already, but for keys that are not integers
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	rows, err := db.Raw("SELECT key, digest FROM row_seals").Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var key, digest string
	for rows.Next() {
		if err := rows.Scan(&key, &digest); err != nil {
			return nil, err
		}
		if rk, ok := parseRecordKey(key); ok {
			w.seals[rk.table] = append(w.seals[rk.table], idDigest{rk.id, toDigest(digest)})
		} else {
			w.sealText = append(w.sealText, textDigest{key, toDigest(digest)})
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, ss := range w.seals {
		slices.SortFunc(ss, byID)
	}
	return w, nil
}

// childDigestSet holds the digests of a child table's rows by parent, in
// order.
type childDigestSet struct {
	num  map[int64][]digestBytes
	text map[string][]digestBytes
}

// readChildDigests reads the rows of a child table (as childDigests does).
func readChildDigests(db *gorm.DB, c childSpec, h *rowHasher) (childDigestSet, error) {
	out := childDigestSet{num: map[int64][]digestBytes{}, text: map[string][]digestBytes{}}
	mask := skipMask(c.table, map[string]bool{"id": true, c.fk: true})
	fk := sealIndex[c.table][c.fk]
	err := readRows(db, c.table, "", nil, c.fk+", pos, id", func(r *sealRow) error {
		d := h.digest(c.table, r.vals, mask, nil)
		if n, text, ok := keyValue(r.vals[fk]); ok {
			out.num[n] = append(out.num[n], d)
		} else {
			out.text[text] = append(out.text[text], d)
		}
		return nil
	})
	return out, err
}

// checkRecords compares every sealed record (from walkRecords) with the
// digest the audit chain holds for it (seals, from verifyAudit): a record
// whose content differs, one the chain never sealed (written outside the
// application) and one the chain has that is gone (deleted outside it)
// are each named, in the order of their keys. It also compares row_seals
// with the chain.
func (s *Store) checkRecords(r *CheckReport, seals *chainSeals, w *walkedRecords) error {
	const maxFindings = 200
	add := func(key string, args map[string]any) {
		if len(r.Records) < maxFindings {
			r.Records = append(r.Records, Finding{Key: key, Args: args})
		}
		r.RecordProblems++
	}
	seals.sort()
	var deleted digestBytes // a tombstone
	// row_seals only helps writes; a difference is reported but says
	// nothing about the records themselves.
	n, stored, live := len(w.sealText), 0, 0
	for t, chain := range seals.num {
		n += len(w.seals[t])
		j := 0
		for _, rs := range w.seals[t] {
			for j < len(chain) && chain[j].id < rs.id {
				j++
			}
			if j < len(chain) && chain[j] == rs {
				stored++
			}
		}
		for _, sl := range chain {
			if sl.digest != deleted {
				live++
			}
		}
	}
	for _, rs := range w.sealText {
		if d, ok := seals.lookup(rs.key); ok && d == rs.digest {
			stored++
		}
	}
	for _, d := range seals.other {
		if d != deleted {
			live++
		}
	}
	if stored != n || stored != live {
		add("check.seal_table", map[string]any{"N": n, "Chain": live})
	}
	// The records side by side with their seals; what differs is named
	// in the order of the keys' text.
	type problem struct {
		key     string
		changed bool
	}
	var problems []problem
	var missing []string
	for t, chain := range seals.num {
		j, matched := 0, false // matched: chain[j] has its record
		for _, rec := range w.num[t] {
			for j < len(chain) && chain[j].id < rec.id {
				if !matched && chain[j].digest != deleted {
					missing = append(missing, name(t, chain[j].id))
				}
				j, matched = j+1, false
			}
			found := j < len(chain) && chain[j].id == rec.id
			switch {
			case !found || chain[j].digest == deleted:
				problems = append(problems, problem{name(t, rec.id), false})
			case chain[j].digest != rec.digest:
				problems = append(problems, problem{name(t, rec.id), true})
			}
			matched = matched || found
		}
		for ; j < len(chain); j, matched = j+1, false {
			if !matched && chain[j].digest != deleted {
				missing = append(missing, name(t, chain[j].id))
			}
		}
		r.Sealed += len(w.num[t])
	}
	seen := map[string]bool{}
	for _, rec := range w.other {
		want, ok := seals.other[rec.key]
		sealed := ok && want != deleted
		if !sealed || want != rec.digest {
			problems = append(problems, problem{rec.key, sealed})
		}
		seen[rec.key] = true
	}
	for key, d := range seals.other {
		if !seen[key] && d != deleted {
			missing = append(missing, key)
		}
	}
	r.Sealed += len(w.other)
	sort.Slice(problems, func(i, j int) bool { return problems[i].key < problems[j].key })
	for _, p := range problems {
		table, _, _ := strings.Cut(p.key, "/")
		args := map[string]any{"What": labelArg("entity." + table), "Key": p.key}
		if len(r.Records) < maxFindings {
			name, err := s.recordName(p.key)
			if err != nil {
				return s.read("check records", err)
			}
			args["Name"] = name
		}
		if p.changed {
			add("check.record_changed", args)
		} else {
			add("check.record_unsealed", args)
		}
	}
	sort.Strings(missing)
	for _, key := range missing {
		table, _, _ := strings.Cut(key, "/")
		add("check.record_missing", map[string]any{"What": labelArg("entity." + table), "Key": key})
	}
	return nil
}

// recordName reads the readable name of the record key ("table/key"), for
// a finding.
func (s *Store) recordName(key string) (string, error) {
	table, id, _ := strings.Cut(key, "/")
	sp := specByTable(table)
	if sp == nil {
		return "", nil
	}
	var arg any = id
	if n, ok := canonInt(id); ok {
		arg = n
	}
	name := ""
	err := readRows(s.db, sp.table, `"`+sp.key+`" = ?`, []any{arg}, sp.key, func(r *sealRow) error {
		if name == "" {
			name = sp.name(r)
		}
		return nil
	})
	return name, err
}

// toDigest decodes a digest written in hexadecimal; the tombstone is
// zero, and text that is no digest becomes one that no record has.
func toDigest(text string) digestBytes {
	var d digestBytes
	if text == tombstone {
		return d
	}
	if len(text) == 2*len(d) {
		ok := true
		for i := range d {
			hi, lo := unhex(text[2*i]), unhex(text[2*i+1])
			if hi > 15 || lo > 15 {
				ok = false
				break
			}
			d[i] = hi<<4 | lo
		}
		if ok {
			return d
		}
	}
	sum := sha256.Sum256([]byte("not a digest: " + text))
	copy(d[:], sum[:])
	return d
}

func unhex(c byte) byte {
	switch {
	case '0' <= c && c <= '9':
		return c - '0'
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10
	}
	return 255
}
