package reports

import (
	"strconv"
	"strings"

	"upgradedesk/data"
)

// This file prints records as their descriptions (data.Record) say: the
// fields in the order of the form, with the form's labels, grouped by the
// form's sections; values as data.Field.Text gives them, so references
// print as names and choices as their labels.

// wideChars is the length above which a text field of the grid takes a
// whole row.
const wideChars = 100

// record prints rec, a record described by r: a heading where a section of
// the form starts, short fields in the two-column grid, long texts as text
// blocks, row tables as tables and rated fields (the assessment's
// criteria) as one table. The procedure's bookkeeping (data.ByWorkflow) is
// left out. lead and tail are what the document shows about the record
// that is not one of its fields: lead opens its first grid, tail joins its
// last grid unless a section starts after that, else ends the record.
func (b *caseBuilder) record(r *data.Record, rec any, lead, tail []Field) {
	parts := b.recordParts(r, rec)
	first, last := -1, -1
	for i, p := range parts {
		switch {
		case p.grid != nil && first < 0:
			first, last = i, i
		case p.grid != nil:
			last = i
		case p.heading != "":
			last = -1
		}
	}
	if first < 0 {
		parts = append([]recordPart{{grid: []Field{}}}, parts...)
		first, last = 0, -1
	}
	parts[first].grid = append(append([]Field{}, lead...), parts[first].grid...)
	if last < 0 {
		parts, last = append(parts, recordPart{}), len(parts)
	}
	parts[last].grid = append(parts[last].grid, tail...)
	for _, p := range parts {
		p.print(b)
	}
}

// recordPart is one block of a printed record: a section heading, a grid
// of short fields, the table of rated fields, or another block.
type recordPart struct {
	heading string
	grid    []Field
	rated   [][]string
	block   func()
}

// print adds the part to the document.
func (p recordPart) print(b *caseBuilder) {
	switch {
	case p.heading != "":
		b.heading(p.heading)
	case len(p.grid) > 0:
		b.doc.Fields(p.grid)
	case len(p.rated) > 0:
		b.doc.Table(ratedColumns, p.rated)
	case p.block != nil:
		p.block()
	}
}

// recordParts returns the blocks of rec in form order.
func (b *caseBuilder) recordParts(r *data.Record, rec any) []recordPart {
	var parts []recordPart
	lastIs := func(ok func(recordPart) bool) bool { return len(parts) > 0 && ok(parts[len(parts)-1]) }
	for _, f := range r.Fields {
		if f.Filler == data.ByWorkflow {
			continue
		}
		if f.Section != "" {
			parts = append(parts, recordPart{heading: label(f.Section)})
		}
		switch f.Kind {
		case data.KindRated:
			if !lastIs(func(p recordPart) bool { return p.rated != nil }) {
				parts = append(parts, recordPart{rated: [][]string{}})
			}
			p := &parts[len(parts)-1]
			p.rated = append(p.rated, ratedRow(len(p.rated)+1, f, rec))
		case data.KindLongText:
			parts = append(parts, recordPart{block: func() { b.doc.Text(fieldLabel(f), b.value(f, rec)) }})
		case data.KindRows:
			if !f.Required && f.Len(rec) == 0 { // none, and none needed: said so in the grid
				if !lastIs(func(p recordPart) bool { return p.grid != nil }) {
					parts = append(parts, recordPart{grid: []Field{}})
				}
				p := &parts[len(parts)-1]
				p.grid = append(p.grid, Field{Label: fieldLabel(f), Value: label("report.none")})
				continue
			}
			parts = append(parts, recordPart{block: func() { b.rowsTable(f, rec) }})
		default:
			if !lastIs(func(p recordPart) bool { return p.grid != nil }) {
				parts = append(parts, recordPart{grid: []Field{}})
			}
			p := &parts[len(parts)-1]
			p.grid = append(p.grid, b.gridField(f, rec))
		}
	}
	return parts
}

// value returns the text of field f of rec.
func (b *caseBuilder) value(f *data.Field, rec any) string {
	return f.Text(data.LangZH, rec, b.d.Names)
}

// gridField returns field f of rec as a pair of the grid.
func (b *caseBuilder) gridField(f *data.Field, rec any) Field {
	return Field{Label: fieldLabel(f), Value: b.value(f, rec), Wide: f.Kind == data.KindText && f.Max > wideChars}
}

// shortFields returns the grid of rec's short fields: a summary of a
// record printed in full elsewhere.
func (b *caseBuilder) shortFields(r *data.Record, rec any) []Field {
	var out []Field
	for _, f := range r.Fields {
		switch f.Kind {
		case data.KindLongText, data.KindRows, data.KindRated:
			continue
		}
		if f.Filler != data.ByWorkflow {
			out = append(out, b.gridField(f, rec))
		}
	}
	return out
}

// ratedColumns are the columns of the table of rated fields.
var ratedColumns = []Column{noColumn, {Title: label("report.col.criterion"), Width: 34, Align: "C"},
	{Title: label("report.col.rating"), Width: 14, Align: "C"}, {Title: label("report.col.rating_notes"), Width: 115}}

// ratedRow returns the row of rated field f of rec, the n-th of its table.
func ratedRow(n int, f *data.Field, rec any) []string {
	r := f.Rating(rec)
	return []string{strconv.Itoa(n), fieldLabel(f), choice(f.List, r.Rating), r.Notes}
}

// rowsTable prints the rows of field f of rec as a table under the
// field's label, with the sum of its Total column as a 合计 row.
func (b *caseBuilder) rowsTable(f *data.Field, rec any) {
	rows := make([]any, f.Len(rec))
	for i := range rows {
		rows[i] = f.Row(rec, i)
	}
	var total []string
	if f.Total != "" {
		total = totalRow(tableFields(f.Rows), f.Total, f.Sum(rec).String())
	}
	b.recordTable(fieldLabel(f), f.Rows, rows, total)
}

// recordTable prints records described by r as a table, one record a
// row, under caption (none when ""): a column for each field with a Width,
// and after the table, for each record, its other fields that hold
// something. total, when set, is the last row. A table without records
// has a blank row, to show where they would go.
func (b *caseBuilder) recordTable(caption string, r *data.Record, rows []any, total []string) {
	fs := tableFields(r)
	cells := make([][]string, 0, len(rows)+2)
	for i, row := range rows {
		line := make([]string, 1, len(fs)+1)
		line[0] = strconv.Itoa(i + 1)
		for _, f := range fs {
			line = append(line, b.value(f, row))
		}
		cells = append(cells, line)
	}
	if len(cells) == 0 {
		cells = append(cells, nil)
	}
	if total != nil {
		cells = append(cells, total)
	}
	b.doc.CaptionedTable(caption, tableColumns(fs), cells)
	b.rowNotes(r, rows)
}

// tableFields returns the fields of r that are columns of its table: those
// with a Width.
func tableFields(r *data.Record) []*data.Field {
	var out []*data.Field
	for _, f := range r.Fields {
		if f.Width > 0 && f.Filler != data.ByWorkflow {
			out = append(out, f)
		}
	}
	return out
}

// tableColumns returns the columns of a table of fields fs: 序号, then the
// fields sharing the rest of the content width in proportion to their
// Width.
func tableColumns(fs []*data.Field) []Column {
	var sum float64
	for _, f := range fs {
		sum += float64(f.Width)
	}
	cols := make([]Column, 0, len(fs)+1)
	cols = append(cols, noColumn)
	for _, f := range fs {
		w := (columnsWidth - noColumn.Width) * float64(f.Width) / sum
		cols = append(cols, Column{Title: fieldLabel(f), Width: w, Align: columnAlign(f.Kind)})
	}
	return cols
}

// columnAlign returns how a column of fields of kind k is aligned: amounts to
// the right, texts to the left, the rest (dates, choices, names) centred.
func columnAlign(k data.FieldKind) string {
	switch k {
	case data.KindMoney:
		return "R"
	case data.KindText, data.KindLongText:
		return "L"
	}
	return "C"
}

// totalRow returns the 合计 row of a table of fields fs: sum in the column
// of field key, 合计 in the first column before it.
func totalRow(fs []*data.Field, key, sum string) []string {
	row := make([]string, len(fs)+1)
	for i, f := range fs {
		if f.Key == key {
			row[i+1] = sum
			row[min(i, 1)] = label("report.total")
			break
		}
	}
	return row
}

// rowNotes prints, after a table of records described by r, the fields of
// each record that are no column and hold something, as
// "第 n 行　label：value；…".
func (b *caseBuilder) rowNotes(r *data.Record, rows []any) {
	var lines []string
	for i, row := range rows {
		var parts []string
		for _, f := range r.Fields {
			if f.Width > 0 || f.Filler == data.ByWorkflow {
				continue
			}
			if v := b.value(f, row); v != "" {
				parts = append(parts, fieldLabel(f)+label("value.colon")+v)
			}
		}
		if len(parts) > 0 {
			lines = append(lines, labelf("report.row_note", map[string]any{"N": i + 1,
				"Text": strings.Join(parts, label("value.sentence_sep"))}))
		}
	}
	if len(lines) > 0 {
		b.doc.Note(strings.Join(lines, "\n"))
	}
}

// ptrs returns pointers to the elements of s, as records to print.
func ptrs[T any](s []T) []any {
	out := make([]any, len(s))
	for i := range s {
		out[i] = &s[i]
	}
	return out
}
