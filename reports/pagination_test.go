package reports

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"upgradedesk/data"
)

// partTexts returns the text drawn by part j of page p.
func partTexts(p *page, j int) []string {
	end := len(p.ops)
	if j+1 < len(p.parts) {
		end = p.parts[j+1].op
	}
	var out []string
	for _, op := range p.ops[p.parts[j].op:end] {
		if t, ok := op.(textOp); ok {
			out = append(out, t.s)
		}
	}
	return out
}

// paginationProblems lays d out and returns where its pages break the
// pagination rules:
//
//   - no page ends with a heading (a heading keeps with what follows);
//   - the signatures share their page with the end of the block before
//     them, and so are never alone on a page;
//   - no page holds nothing but notes (a fragment of a footnote);
//   - a table part shows at least one body row under what opens it or
//     repeats (caption or group row, and header), and a grouped table's
//     continuation starts with its group row marked as continued;
//   - no page is empty, and nothing is drawn outside the content area.
func paginationProblems(d *Doc) []string {
	var out []string
	bad := func(n int, format string, args ...any) {
		out = append(out, fmt.Sprintf("page %d: ", n+1)+fmt.Sprintf(format, args...))
	}
	l := d.place()
	pages := l.pages
	right := pageWidth - marginRight + 1e-6
	seen := map[int]bool{} // blocks that drew on an earlier page
	for n, p := range pages {
		for _, op := range p.ops {
			var x1, x2 float64
			switch o := op.(type) {
			case textOp:
				x1, x2 = o.x, o.x+l.textWidth(o.s, o.face, o.size)
			case rectOp:
				x1, x2 = o.x, o.x+o.w
			case lineOp:
				x1, x2 = min(o.x1, o.x2), max(o.x1, o.x2)
			case qrOp:
				x1, x2 = o.x, o.x+o.size
			}
			if x1 < l.left-1e-6 || x2 > right {
				bad(n, "%+v outside the content area", op)
			}
		}
		if len(p.parts) == 0 {
			bad(n, "empty")
			continue
		}
		if last := p.parts[len(p.parts)-1].block; last >= 0 && n < len(pages)-1 {
			if h, ok := d.blocks[last].(headingBlock); ok {
				bad(n, "ends with the heading %q", h.text)
			}
		}
		onlyNotes := true
		for j, part := range p.parts {
			if part.block < 0 {
				onlyNotes = false
				continue
			}
			switch b := d.blocks[part.block].(type) {
			case signaturesBlock:
				onlyNotes = false
				if j == 0 || p.parts[j-1].block != part.block-1 {
					bad(n, "signatures without the end of the block before them")
				}
			case noteBlock:
			case tableBlock:
				onlyNotes = false
				texts := partTexts(p, j)
				opening := 0
				for _, c := range b.cols {
					if c.Title != "" {
						opening++
					}
				}
				for _, f := range b.group {
					opening += min(1, len(f.Label)) + min(1, len(f.Value))
				}
				if b.caption != "" && !seen[part.block] {
					opening++
				}
				if len(texts) <= opening {
					bad(n, "a table part with no row: %q", texts)
				}
				if len(b.group) > 0 && seen[part.block] && (len(texts) == 0 || texts[0] != b.group[0].Label+continued) {
					bad(n, "a grouped table continues without its group row: %q", texts)
				}
			default:
				onlyNotes = false
			}
		}
		if onlyNotes {
			bad(n, "holds only a note")
		}
		for _, part := range p.parts {
			seen[part.block] = true
		}
	}
	return out
}

// TestPaginationOfEveryDemoDocument lays out every document of every demo
// case, the ledger and documents with long input, and checks the pages
// against the pagination rules; every demo request form, whose content
// is ordinary, fits on one page.
func TestPaginationOfEveryDemoDocument(t *testing.T) {
	check := func(what string, d *Doc, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		for _, p := range paginationProblems(d) {
			t.Errorf("%s: %s", what, p)
		}
	}
	for _, d := range demoDossiers(t) {
		for _, k := range Available(d) {
			doc, err := buildCase(k, d, demoNow, "")
			check(d.Case.No+" "+string(k), doc, err)
			if n := len(doc.place().pages); k == KindRequest && n != 1 {
				t.Errorf("%s request: %d pages", d.Case.No, n)
			}
		}
	}
	doc, err := ledgerDoc("示例市图书馆", ledgerOf(t, demoStore(t)), demoNow)
	check("ledger", doc, err)

	for _, long := range longInputs() {
		for _, k := range []Kind{KindRequest, KindAssessment, KindPlan, KindAcceptance, KindDossier} {
			doc, err := buildCase(k, long.d, demoNow, "")
			check(long.name+" "+string(k), doc, err)
		}
	}
}

// longInput is a dossier with long values somewhere.
type longInput struct {
	name string
	d    *data.Dossier
}

// longInputs returns the fixture case with long values in the places
// whose headings were once left alone at a page foot: the assessment's
// criteria, long texts, many risks, a long change history.
func longInputs() []longInput {
	var out []longInput
	for _, n := range []int{200, 700, 1500} {
		d := fixtureDossier()
		a := *d.Assessment
		a.Reasonable.Notes = chineseText(n, uint64(n), false)
		a.Feasible.Notes = chineseText(n/2, uint64(n+1), true)
		a.Recommendation = chineseText(n/3, uint64(n+3), true)
		d.Assessment = &a
		d.Case.Content = chineseText(n, uint64(n+2), true)
		d.Case.Impact = strings.Repeat("影响面较广。", n/60)
		out = append(out, longInput{fmt.Sprintf("long %d", n), d})
	}
	return out
}

// TestBindingMargin checks that a document's content starts at its
// binding margin and keeps the right margin.
func TestBindingMargin(t *testing.T) {
	for _, mm := range []float64{0, MinBindingMargin, 32, MaxBindingMargin} {
		d := fixtureDossier()
		d.BindingMargin = mm
		doc, err := buildCase(KindPlan, d, demoNow, "")
		if err != nil {
			t.Fatal(err)
		}
		want := mm
		if mm == 0 {
			want = DefaultBindingMargin
		}
		minX := pageWidth
		for _, p := range doc.layout() {
			for _, op := range p.ops {
				switch o := op.(type) {
				case textOp:
					minX = min(minX, o.x)
				case rectOp:
					minX = min(minX, o.x)
				}
			}
		}
		if math.Abs(minX-want) > 1e-6 {
			t.Errorf("binding margin %v: content starts at %v mm, want %v", mm, minX, want)
		}
		for _, p := range paginationProblems(doc) {
			t.Errorf("binding margin %v: %s", mm, p)
		}
	}
}
