package data

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"io"
	"math"
	"math/rand"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The digests of rows and the hashes of audit entries are written into
// every database: they must never change. These are the first versions of
// both, kept to compare with.

func digestRowV1(table string, r *sealRow, skip map[string]bool, children [][]string) string {
	h := sha256.New()
	var num [binary.MaxVarintLen64]byte
	field := func(s string) {
		n := binary.PutUvarint(num[:], uint64(len(s)))
		h.Write(num[:n])
		io.WriteString(h, s)
	}
	field(table)
	for i, c := range sealColumns[table] {
		if skip[c] {
			continue
		}
		v := canonStringV1(r.vals[i])
		if v == "" || v == "0" {
			continue
		}
		field(c)
		field(v)
	}
	for i, rows := range children {
		field("#" + strconv.Itoa(i))
		for _, d := range rows {
			field(d)
		}
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

func canonStringV1(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case []byte:
		return string(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case int32:
		return strconv.FormatInt(int64(x), 10)
	case int:
		return strconv.Itoa(x)
	case float64:
		if x == math.Trunc(x) && math.Abs(x) < 1e15 {
			return strconv.FormatInt(int64(x), 10)
		}
		return strconv.FormatFloat(x, 'g', -1, 64)
	case bool:
		if x {
			return "1"
		}
		return ""
	case time.Time:
		if x.IsZero() {
			return ""
		}
		return strconv.FormatInt(x.UnixMicro(), 10)
	}
	return fmt.Sprint(v)
}

func hashEntryV1(e *AuditEntry) string {
	h := sha256.New()
	var num [binary.MaxVarintLen64]byte
	field := func(s string) {
		n := binary.PutUvarint(num[:], uint64(len(s)))
		h.Write(num[:n])
		io.WriteString(h, s)
	}
	integer := func(v int64) {
		n := binary.PutVarint(num[:], v)
		h.Write(num[:n])
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
		field("seals")
		field(e.Seals)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// randomValue returns a value of one of the types the drivers give.
func randomValue(rnd *rand.Rand) any {
	texts := []string{"", "0", "00", "1", "-", "借书", "a\x00b", string(make([]byte, 300)), "0.5"}
	switch rnd.Intn(12) {
	case 0:
		return nil
	case 1:
		return texts[rnd.Intn(len(texts))]
	case 2:
		return []byte(texts[rnd.Intn(len(texts))])
	case 3:
		return int64(rnd.Intn(3)) - 1
	case 4:
		return rnd.Int63() - rnd.Int63()
	case 5:
		return int32(rnd.Intn(100))
	case 6:
		return rnd.Intn(5)
	case 7:
		fs := []float64{0, 1, -2, 0.5, 1e15, 1e16, -1e20, math.Inf(1), math.NaN(), 3.25}
		return fs[rnd.Intn(len(fs))]
	case 8:
		return rnd.Intn(2) == 0
	case 9:
		if rnd.Intn(4) == 0 {
			return time.Time{}
		}
		return time.Unix(rnd.Int63n(4e9), rnd.Int63n(1e9)).In(time.FixedZone("x", 3600*rnd.Intn(12)))
	case 10:
		return uint8(rnd.Intn(300))
	}
	return struct{ A int }{rnd.Intn(3)}
}

func TestDigestsAreUnchanged(t *testing.T) {
	rnd := rand.New(rand.NewSource(1))
	for n := 0; n < 20000; n++ {
		sp := sealSpecs[rnd.Intn(len(sealSpecs))]
		table, skip := sp.table, sp.skip
		if len(sp.children) > 0 && rnd.Intn(2) == 0 {
			c := sp.children[rnd.Intn(len(sp.children))]
			table, skip = c.table, map[string]bool{"id": true, c.fk: true}
		}
		r := &sealRow{table: table, vals: make([]any, len(sealColumns[table]))}
		for i := range r.vals {
			r.vals[i] = randomValue(rnd)
		}
		var kids [][]string
		for i := rnd.Intn(5); i > 0; i-- {
			var rows []string
			for j := rnd.Intn(4); j > 0; j-- {
				var d [16]byte
				rnd.Read(d[:])
				rows = append(rows, hex.EncodeToString(d[:]))
			}
			kids = append(kids, rows)
		}
		// A record has no rows yet in the tables of child rows added
		// later (lateChildren): its digest is the one it had without them.
		old := kids
		if late, ok := lateChildren[table]; ok && len(kids) > late {
			for i := late; i < len(kids); i++ {
				kids[i] = nil
			}
			old = kids[:late]
		}
		if got, want := digestRow(table, r, skip, kids), digestRowV1(table, r, skip, old); got != want {
			t.Fatalf("%s %v: digest %s, was %s", table, r.vals, got, want)
		}
		for i, v := range r.vals {
			if got, want := canonString(v), canonStringV1(v); got != want {
				t.Fatalf("column %d, %#v: %q, was %q", i, v, got, want)
			}
		}
	}
}

func TestEntryHashesAreUnchanged(t *testing.T) {
	rnd := rand.New(rand.NewSource(2))
	var buf []byte
	for n := 0; n < 5000; n++ {
		text := func() string {
			b := make([]byte, rnd.Intn(3)*rnd.Intn(200))
			rnd.Read(b)
			return string(b)
		}
		e := &AuditEntry{Seq: rnd.Int63n(1e6), At: time.Unix(rnd.Int63n(4e9), rnd.Int63n(1e9)),
			ActorID: uint(rnd.Intn(50)), ActorName: text(), Op: text(), Entity: text(), EntityID: uint(rnd.Intn(1e6)),
			Changes: text(), Decision: text(), Comment: text(), Seals: text(), PrevHash: text()}
		if rnd.Intn(2) == 0 {
			id := uint(rnd.Intn(1e5))
			e.CaseID = &id
		}
		want := hashEntryV1(e)
		if got := hashEntry(e); got != want {
			t.Fatalf("hash %s, was %s", got, want)
		}
		e.Hash = want
		if !hashMatches(&buf, e) {
			t.Fatal("hashMatches refuses the right hash")
		}
		e.Hash = want[:63] + "x"
		if hashMatches(&buf, e) {
			t.Fatal("hashMatches takes a wrong hash")
		}
	}
}

// TestRecordsAgainstSeals compares records with seal lines directly: the
// last seal of a record counts, a tombstone means deleted, and each
// difference is named once, in the order of the keys' text.
func TestRecordsAgainstSeals(t *testing.T) {
	s := mustOpen(t)
	d := func(b byte) digestBytes { return digestBytes{b} }
	hexOf := func(b byte) string { x := d(b); return hex.EncodeToString(x[:]) }
	seals := newChainSeals()
	seals.parse("cases/1=" + hexOf(1) + "\ncases/2=" + hexOf(9) + "\ncases/3=" + hexOf(3) + "\ncases/10=" + hexOf(10))
	seals.parse("cases/2=" + hexOf(2) + "\ncases/3=-\ncases/4=" + hexOf(4) + "\nsettings/x=" + hexOf(7) + "\nsettings/y=" + hexOf(8))
	seals.parse("decisions/5=" + hexOf(5) + "\ncases/007=" + hexOf(6) + "\nnosuch/1=" + hexOf(1))
	cases, decisions := sealTables["cases"], sealTables["decisions"]
	w := &walkedRecords{num: make([][]idDigest, len(sealSpecs)), seals: make([][]idDigest, len(sealSpecs))}
	w.num[cases] = []idDigest{{1, d(1)}, {2, d(2)}, {3, d(3)}, {10, d(11)}, {11, d(12)}}
	w.num[decisions] = []idDigest{{5, d(5)}}
	w.other = []textDigest{{"settings/x", d(7)}}
	w.seals[cases] = []idDigest{{1, d(1)}, {2, d(2)}, {4, d(4)}, {10, d(11)}}
	w.seals[decisions] = []idDigest{{5, d(5)}}
	w.sealText = []textDigest{{"settings/x", d(7)}, {"settings/y", d(8)}, {"cases/007", d(6)}, {"nosuch/1", d(1)}}
	r := &CheckReport{}
	if err := s.checkRecords(r, seals, w); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range r.Records {
		key, _ := f.Args["Key"].(string)
		got = append(got, f.Key+" "+key)
	}
	want := []string{
		"check.seal_table ",             // row_seals has cases/10 as it is, not as sealed
		"check.record_changed cases/10", // digests differ
		"check.record_unsealed cases/11",
		"check.record_unsealed cases/3", // deleted, then there again
		"check.record_missing cases/007",
		"check.record_missing cases/4",
		"check.record_missing nosuch/1",
		"check.record_missing settings/y",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") || r.RecordProblems != len(want) || r.Sealed != 7 {
		t.Errorf("findings (%d, %d compared):\n%s\nwant:\n%s", r.RecordProblems, r.Sealed, strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
