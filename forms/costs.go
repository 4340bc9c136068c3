package forms

import (
	"fyne.io/fyne/v2/lang"

	"upgradedesk/data"
	"upgradedesk/forms/uikit"
)

// newCostList is the accountant's cost records (费用核算), with their
// total beside the plan's budget.
func newCostList(w *caseWindow) *recordList[data.Cost] {
	return newRecordList(w, recordKind[data.Cost]{
		form:  data.FormCost,
		title: lang.L("form.cost"),
		cols: []uikit.Column{
			{Spec: uikit.Spec{Label: fieldLabel("cost_item"), Required: true, Valid: data.MaxLen(200)}, Width: 280},
			{Spec: moneySpec("amount", true), Width: 130},
			{Spec: uikit.Spec{Label: fieldLabel("invoice_no"), Valid: data.MaxLen(64)}, Width: 150},
			{Spec: dateSpec("cost_date", true), Width: 110},
			{Spec: uikit.Spec{Label: fieldLabel("notes"), Valid: data.ValidText}, Kind: uikit.LongTextColumn, Width: 200},
		},
		list:  func(cd *caseData) []data.Cost { return cd.d.Costs },
		blank: func(id uint) data.Cost { return data.Cost{CaseID: id} },
		toRow: func(c *data.Cost) []string {
			return []string{c.Item, moneyText(c.Amount), c.InvoiceNo, c.Date, c.Notes}
		},
		fromRow: func(c *data.Cost, v []string) error {
			m, err := parseMoney("amount", v[1])
			c.Item, c.Amount, c.InvoiceNo, c.Date, c.Notes = v[0], m, v[2], v[3], v[4]
			return err
		},
		save: func(s *data.Store, u *data.User, c *data.Cost) error { return s.SaveStage(u, c) },
		del:  func(s *data.Store, u *data.User, c *data.Cost) error { return s.DeleteStage(u, c) },
		summary: func(cd *caseData) string {
			return lang.L("costs.total", map[string]any{"Total": cd.d.TotalCost().String(),
				"Budget": cd.d.Plan.Budget().String()})
		},
	})
}
