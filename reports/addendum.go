package reports

import (
	"bytes"
	"errors"
	"time"

	"upgradedesk/data"
)

// AddendumDocument returns the 费用补记单 of an archived case: the
// renderer data.Options.Addendum expects. d is the case as read inside
// the write that recorded a cost after archiving, the new cost among
// d.Costs. The document lists every cost recorded after archiving, the
// costs as archived, the budget and any overrun; the archived dossier
// is named by its SHA-256 and stays as it was. It is sealed like the
// other documents and dated with the newest cost's recording.
func AddendumDocument(d *data.Dossier) ([]byte, error) {
	if d == nil || d.Archive == nil {
		return nil, errors.New("cost addendum: the case is not archived")
	}
	if !has(KindAddendum, d) {
		return nil, notAvailable(KindAddendum, d)
	}
	var buf bytes.Buffer
	if err := renderCase(&buf, KindAddendum, d, addendumTime(d), ""); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// addendumCosts returns the costs of d recorded after archiving, and the
// others.
func addendumCosts(d *data.Dossier) (late, archived []data.Cost) {
	for _, k := range d.Costs {
		if k.Addendum {
			late = append(late, k)
		} else {
			archived = append(archived, k)
		}
	}
	return late, archived
}

// addendumTime is when the newest cost after archiving was recorded.
func addendumTime(d *data.Dossier) (t time.Time) {
	late, _ := addendumCosts(d)
	for _, k := range late {
		if k.CreatedAt.After(t) {
			t = k.CreatedAt
		}
	}
	return t
}

// addendumRecord is what a 费用补记单 records: the archive it adds to, the
// costs after archiving, and the sums.
type addendumRecord struct {
	Archive  *data.ArchiveEntry `json:"archive"`
	Costs    []data.Cost        `json:"costs"`
	Budget   data.Money         `json:"budget"`
	Archived data.Money         `json:"archived_costs"`
	Added    data.Money         `json:"added_costs"`
	Total    data.Money         `json:"total_costs"`
}

// addendumOf returns the content of the case's 费用补记单.
func addendumOf(d *data.Dossier) addendumRecord {
	late, archived := addendumCosts(d)
	r := addendumRecord{Archive: d.Archive, Costs: late, Total: d.TotalCost()}
	if r.Costs == nil {
		r.Costs = []data.Cost{}
	}
	if d.Plan != nil {
		r.Budget = d.Plan.Budget()
	}
	for _, k := range archived {
		r.Archived += k.Amount
	}
	r.Added = r.Total - r.Archived
	return r
}

// addendumDoc is the 费用补记单: the case's basics with its archive entry,
// the costs recorded after archiving, the sums against the budget, and
// signature lines for the accountant, the finance manager and the IT
// director.
func (b *caseBuilder) addendumDoc() {
	r := addendumOf(b.d)
	a := b.d.Archive
	b.heading(label("report.heading.basics"))
	b.doc.Fields(append(b.caseFields(),
		Field{Label: label("report.label.archived_at"), Value: dateTime(a.ArchivedAt)},
		Field{Label: label("report.label.archived_by"), Value: a.ArchivedBy},
		Field{Label: label("report.label.dossier_sha256"), Value: a.DossierSHA, Wide: true}))
	b.heading(label("report.heading.addendum_costs"))
	b.recordTable("", costRec, ptrs(r.Costs), nil)
	b.heading(label("report.heading.addendum_sums"))
	f := []Field{
		{Label: label("report.label.budget"), Value: r.Budget.String()},
		{Label: label("report.label.archived_costs"), Value: r.Archived.String()},
		{Label: label("report.label.added_costs"), Value: r.Added.String()},
		{Label: label("report.label.spent"), Value: r.Total.String()},
	}
	if over := b.d.OverrunText(data.LangZH); over != "" {
		f = append(f, Field{Label: label("report.label.overrun"), Value: over, Wide: true})
	}
	b.doc.Fields(f)
	b.doc.Note(label("report.note.addendum"))
	b.closing()
}
