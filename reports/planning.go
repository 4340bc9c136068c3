package reports

import (
	"strconv"
	"strings"

	"upgradedesk/data"
)

// opinionWithWarning is a decision's opinion as the approval tables print
// it: with the conflicts the actor was warned of and went on with, after
// it.
func opinionWithWarning(dec *data.Decision) string {
	if dec.Warning == "" {
		return dec.Opinion
	}
	w := labelf("report.warned", map[string]any{"Warning": dec.Warning})
	if dec.Opinion == "" {
		return w
	}
	return dec.Opinion + "\n" + w
}

// dependantsField names the systems that depend on the case's system,
// directly or through others: what its upgrade may affect.
func dependantsField(d *data.Dossier) Field {
	v := systemNames(d.Dependants, d.Names)
	if v == "" {
		v = label("report.none")
	}
	return Field{Label: label("report.label.dependants"), Value: v, Wide: true}
}

// systemNames names systems, joined as a list.
func systemNames(ids data.SystemIDs, names data.Names) string {
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		if n := names.Name(data.KindSystem, id); n != "" {
			out = append(out, n)
		}
	}
	return strings.Join(out, label("value.list_sep"))
}

// noticeRecord is what a 系统停机公告 records: the plan's windows and the
// notice as printed.
type noticeRecord struct {
	Windows []data.DowntimeWindow `json:"windows"`
	Notice  data.Notice           `json:"notice"`
}

// noticeDoc is the 系统停机公告 of the plan's downtime windows: the windows
// as a table, the notice to the readers to post, and the notice to the
// departments. It has no signature lines.
func (b *caseBuilder) noticeDoc() {
	n := b.d.DowntimeNotice(data.LangZH)
	b.heading(label("report.heading.notice_windows"))
	rows := make([][]string, len(n.Windows))
	for i, w := range n.Windows {
		rows[i] = []string{strconv.Itoa(i + 1), w.When, w.Systems, w.Notes}
	}
	b.doc.Table([]Column{noColumn, {Title: label("report.col.downtime"), Width: 70},
		{Title: label("field.window_systems"), Width: 58}, {Title: label("field.window_notes"), Width: 35}}, rows)
	b.heading(label("report.heading.notice_readers"))
	b.doc.paragraphs(n.Readers)
	b.heading(label("report.heading.notice_departments"))
	b.doc.paragraphs(n.Departments)
	b.closing()
}

// paragraphs adds text as paragraphs of body text, one per line of it;
// the last two lines, a notice's signature and date, are set to the
// right.
func (d *Doc) paragraphs(text string) {
	lines := strings.Split(text, "\n")
	for i, line := range lines {
		align := byte('L')
		if i >= len(lines)-2 {
			align = 'R'
		}
		d.blocks = append(d.blocks, paragraphBlock{text: d.text(label("report.where.paragraph"), line, false), align: align})
	}
}

// paragraphBlock is a line of body text, wrapped to the page width,
// aligned to the left or right; an empty one is a blank line.
type paragraphBlock struct {
	text  string
	align byte
}

func (b paragraphBlock) place(l *layout) {
	lh := lineHeight(sizeBody)
	if b.text == "" {
		l.gap(lh / 2)
		return
	}
	for _, s := range l.wrapLines(b.text, faceRegular, sizeBody, l.width) {
		l.ensure(lh)
		l.add(l.alignedText(s, faceRegular, sizeBody, greyText, l.left, l.width, l.y+baselineOffset(lh, sizeBody), b.align))
		l.y += lh
	}
}

func (b paragraphBlock) printed() (printedBlock, bool) {
	return printedBlock{Line: b.text}, b.text != ""
}
