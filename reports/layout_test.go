package reports

import (
	"math"
	"strings"
	"testing"
)

// pageTexts returns the strings of the text operations of each page,
// excluding header and footer (layout before decorate).
func pageTexts(l *layout) [][]string {
	out := make([][]string, len(l.pages))
	for i, p := range l.pages {
		for _, op := range p.ops {
			if t, ok := op.(textOp); ok {
				out[i] = append(out[i], t.s)
			}
		}
	}
	return out
}

// layoutAt returns a layout whose first page has only room left below.
func layoutAt(t *testing.T, room float64) *layout {
	l := newLayout(mustFaces(t), DefaultBindingMargin)
	l.y = contentBottom - room
	return l
}

func TestHeadingKeptWithNext(t *testing.T) {
	l := layoutAt(t, 15) // a heading fits, but nothing after it would
	headingBlock{text: "三、影响评估"}.place(l)
	if len(l.pages) != 2 || len(l.pages[0].ops) != 0 {
		t.Fatalf("heading placed on page %d of %d; want it moved to page 2", len(l.pages), len(l.pages))
	}
}

func TestFieldRowMovesWhole(t *testing.T) {
	l := layoutAt(t, 12) // room for one line, not for three
	fieldsBlock{fields: []Field{{Label: "说明", Value: "一\n二\n三", Wide: true}}}.place(l)
	texts := pageTexts(l)
	if len(texts) != 2 || len(texts[0]) != 0 || strings.Join(texts[1], "") != "说明一二三" {
		t.Fatalf("row split or misplaced: %q", texts)
	}
}

// TestTallRowSplits checks that a row taller than a page continues on the
// next pages and that every line is drawn exactly once, in order.
func TestTallRowSplits(t *testing.T) {
	l := newLayout(mustFaces(t), DefaultBindingMargin)
	value := strings.Repeat("行\n", 119) + "行"
	fieldsBlock{fields: []Field{{Label: "说明", Value: value, Wide: true}}}.place(l)
	if len(l.pages) < 3 {
		t.Fatalf("120 lines fit on %d pages", len(l.pages))
	}
	var all []string
	for _, p := range pageTexts(l) {
		all = append(all, p...)
	}
	if got := strings.Join(all, ""); got != "说明"+strings.ReplaceAll(value, "\n", "") {
		t.Fatalf("lines drawn: %q", got)
	}
}

func TestTextBlockRepeatsLabel(t *testing.T) {
	l := newLayout(mustFaces(t), DefaultBindingMargin)
	textBlock{label: "需求说明", text: chineseText(6000, 5, true)}.place(l)
	texts := pageTexts(l)
	if len(texts) < 2 {
		t.Fatalf("6,000 characters fit on one page")
	}
	for i, p := range texts {
		want := "需求说明"
		if i > 0 {
			want += continued
		}
		if len(p) == 0 || p[0] != want {
			t.Errorf("page %d starts with %q, want %q", i+1, p, want)
		}
	}
}

// TestTextFlows checks that free text starts on the current page and
// flows on instead of moving whole to the next.
func TestTextFlows(t *testing.T) {
	l := layoutAt(t, 60)
	textBlock{label: "说明", text: strings.Repeat("行\n", 39) + "行"}.place(l)
	texts := pageTexts(l)
	if len(texts) != 2 || len(texts[0]) < 5 || texts[1][0] != "说明"+continued {
		t.Fatalf("text did not flow from page 1 to page 2: %q", texts)
	}
	if got := strings.Join(texts[0][1:], "") + strings.Join(texts[1][1:], ""); got != strings.Repeat("行", 40) {
		t.Errorf("lines drawn: %q", got)
	}
}

func TestSignaturesKeptTogether(t *testing.T) {
	l := layoutAt(t, 30) // room for two of the three
	signaturesBlock{roles: []string{"申请人", "部门负责人", "馆长"}}.place(l)
	texts := pageTexts(l)
	if len(texts) != 2 || len(texts[0]) != 0 {
		t.Fatalf("signatures split across pages: %q", texts)
	}
	if got := strings.Join(texts[1], ""); !strings.Contains(got, "申请人（签字）：日期：年月日") || !strings.Contains(got, "馆长（签字）：") {
		t.Errorf("signature lines: %q", got)
	}
}

func TestTableHeaderRepeated(t *testing.T) {
	l := newLayout(mustFaces(t), DefaultBindingMargin)
	rows := make([][]string, 120)
	for i := range rows {
		rows[i] = []string{"行"}
	}
	tableBlock{cols: []Column{{Title: "表头"}}, rows: rows}.place(l)
	if len(l.pages) < 2 {
		t.Fatal("120 rows fit on one page")
	}
	for i, p := range pageTexts(l) {
		if p[0] != "表头" {
			t.Errorf("page %d starts with %q, not the header", i+1, p[0])
		}
	}
}

// TestTableHeaderNotOrphaned checks that a table whose first row does not
// fit starts on the next page, header and all.
func TestTableHeaderNotOrphaned(t *testing.T) {
	l := layoutAt(t, 25) // room for the header and a short row, not a tall one
	tableBlock{cols: []Column{{Title: "表头"}}, rows: [][]string{{"一\n二\n三\n四"}}}.place(l)
	texts := pageTexts(l)
	if len(texts) != 2 || len(texts[0]) != 0 || strings.Join(texts[1], "") != "表头一二三四" {
		t.Fatalf("table placed as %q", texts)
	}
}

func TestPairFields(t *testing.T) {
	f := func(label string, wide bool) Field { return Field{Label: label, Wide: wide} }
	rows := pairFields([]Field{f("a", false), f("b", false), f("c", false), f("d", true), f("e", false), f("f", false), f("g", false)})
	var got []string
	for _, r := range rows {
		var s string
		for _, x := range r {
			s += x.Label
		}
		got = append(got, s)
	}
	if want := "ab c d ef g"; strings.Join(got, " ") != want {
		t.Errorf("rows %q, want %q", got, want)
	}
}

func TestContentStaysInsideMargins(t *testing.T) {
	for i, p := range sampleDoc(t).layout() {
		for _, op := range p.ops {
			switch o := op.(type) {
			case rectOp:
				if o.y > footerRuleY && o.x >= pageWidth-marginRight-qrMaxSize-1e-9 && o.x+o.w <= pageWidth-marginRight+1e-9 &&
					o.y+o.h <= qrTop+qrMaxSize+1e-9 {
					continue // the page's QR code in the footer
				}
				if o.x < DefaultBindingMargin-1e-9 || o.x+o.w > pageWidth-marginRight+1e-9 || o.y < contentTop-1e-9 || o.y+o.h > contentBottom+1e-9 {
					t.Errorf("page %d: rectangle %+v outside the content area", i+1, o)
				}
			case qrOp:
				if o.y < footerRuleY || o.x < pageWidth-marginRight-qrMaxSize-1e-9 || o.x+o.size > pageWidth-marginRight+1e-9 ||
					o.y+o.size > qrTop+qrMaxSize+1e-9 {
					t.Errorf("page %d: QR code %+v outside its place in the footer", i+1, o)
				}
			case textOp:
				if o.x < DefaultBindingMargin-1e-9 || o.y > pageHeight-8 {
					t.Errorf("page %d: text %q at (%v, %v) outside the page area", i+1, o.s, o.x, o.y)
				}
			}
		}
	}
}

// TestHeadingKeptWithTable checks that a heading moves to the next page
// with a table whose header and first row do not fit below it, though
// the heading and the least room kept after any heading would fit.
func TestHeadingKeptWithTable(t *testing.T) {
	l := layoutAt(t, 30) // heading 8.4 mm + 14 mm fit; + header 8 mm + a 4-line row 22.2 mm do not
	placeBlocks(l, []block{
		headingBlock{text: "四、审批意见"},
		tableBlock{cols: []Column{{Title: "序号"}, {Title: "意见"}}, rows: [][]string{{"1", "一\n二\n三\n四"}}},
	})
	texts := pageTexts(l)
	if len(texts) != 2 || len(texts[0]) != 0 || texts[1][0] != "四、审批意见" {
		t.Fatalf("heading and table placed as %q", texts)
	}
}

// TestGroupedTable checks that a group row stays with its table's header
// and first row, and repeats, marked as continued, on every page the
// table continues to.
func TestGroupedTable(t *testing.T) {
	group := []Field{{Label: "系统", Value: "座位预约系统"}, {Label: "当前版本", Value: "1.4.2"}}
	l := layoutAt(t, 20) // room for the group row and the header, not for a row too
	rows := make([][]string, 80)
	for i := range rows {
		rows[i] = []string{"行"}
	}
	tableBlock{group: group, cols: []Column{{Title: "表头"}}, rows: rows}.place(l)
	texts := pageTexts(l)
	if len(texts[0]) != 0 {
		t.Fatalf("group row left on page 1: %q", texts[0])
	}
	if len(texts) < 3 {
		t.Fatalf("80 rows on %d pages", len(texts))
	}
	for i, p := range texts[1:] {
		want := "系统"
		if i > 0 {
			want += continued
		}
		if len(p) < 6 || p[0] != want || p[4] != "表头" || p[5] != "行" {
			t.Errorf("page %d starts with %q", i+2, p[:min(6, len(p))])
		}
	}
}

// TestSignaturesTakeLastRow checks that signatures that do not fit below
// a table take its last row to the next page with them.
func TestSignaturesTakeLastRow(t *testing.T) {
	l := layoutAt(t, 40) // the header and three rows fit, the signatures after them do not
	placeBlocks(l, []block{
		tableBlock{cols: []Column{{Title: "表头"}}, rows: [][]string{{"一"}, {"二"}, {"三"}}},
		signaturesBlock{roles: []string{"申请人"}},
	})
	texts := pageTexts(l)
	if len(texts) != 2 || strings.Join(texts[0], "") != "表头一二" || !strings.HasPrefix(strings.Join(texts[1], ""), "表头三申请人") {
		t.Fatalf("placed as %q", texts)
	}
}

// TestNoteNotAlone checks that a short note that does not fit takes the
// end of the block before it along rather than stand alone on a page.
func TestNoteNotAlone(t *testing.T) {
	l := layoutAt(t, 20)
	placeBlocks(l, []block{
		fieldsBlock{fields: []Field{{Label: "一", Value: "1", Wide: true}, {Label: "二", Value: "2", Wide: true}}},
		noteBlock{text: "注：第一行\n第二行\n第三行"},
	})
	texts := pageTexts(l)
	if len(texts) != 2 || strings.Join(texts[0], "") != "一1" || strings.Join(texts[1], "") != "二2注：第一行第二行第三行" {
		t.Fatalf("placed as %q", texts)
	}
}

// TestTextBoxGrows checks that a text box is as tall as its text, with
// room to write when it is empty.
func TestTextBoxGrows(t *testing.T) {
	for _, c := range []struct {
		text string
		want float64
	}{{"", emptyTextHeight}, {"一行", minRowHeight}, {"一\n二\n三\n四\n五", 5*lineHeight(sizeBody) + 2*cellPadY}} {
		l := newLayout(mustFaces(t), DefaultBindingMargin)
		y := l.y
		textBlock{label: "说明", text: c.text, joined: true}.place(l)
		if got := l.y - y; math.Abs(got-c.want) > 1e-6 {
			t.Errorf("%q: box %.2f mm tall, want %.2f", c.text, got, c.want)
		}
	}
}
