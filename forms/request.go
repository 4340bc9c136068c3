package forms

import (
	"strconv"

	"upgradedesk/data"
	"upgradedesk/forms/uikit"
)

// This file holds the rules of the request form (软件升级需求申请表) that
// other forms do not have: its first save files a new case, and while it
// is a draft it shows the version and vendor of the chosen system.

// saveRequest files a new request as a case, or saves the user's edits
// of the draft loaded as base.
func saveRequest(s *data.Store, u *data.Session, base, rec any) error {
	c := rec.(*data.Case)
	if c.ID == 0 {
		return s.NewCase(u, c)
	}
	return s.SaveChanges(u, base, c)
}

// previewRequest shows the ledger's version and vendor of the system
// chosen in a draft, as the store records them when it is saved; a
// request past its draft keeps what was recorded.
func previewRequest(cd *caseData, rec any) {
	c := rec.(*data.Case)
	if c.ID != 0 && c.State != data.StateDraft {
		return
	}
	s := cd.system(c.SystemID)
	if s == nil {
		c.CurrentVersion = ""
		return
	}
	c.CurrentVersion = s.CurrentVersion
	if c.VendorID == nil {
		c.VendorID = s.VendorID
	}
}

// requestFilledBy says who saved the request last and when: the case's
// own bookkeeping also moves with every decision taken on the case.
func requestFilledBy(cd *caseData, m data.Meta) data.Meta {
	for _, e := range cd.d.History {
		if e.Entity == "cases" && (e.Op == data.OpCreate || e.Op == data.OpUpdate) {
			m.UpdatedBy, m.UpdatedAt = e.ActorName, e.At
		}
	}
	return m
}

// createdID returns the ID of the case the first save of a new request
// filed, 0 if none.
func (fr *stageForm) createdID() uint {
	if m := data.MetaOf(fr.saved); m != nil {
		return m.ID
	}
	return 0
}

// requestEdited fills in what the kind of change chosen implies: a
// standard change upgrades its template's system with its type of
// upgrade; other kinds name no template, and an emergency is 紧急.
func requestEdited(fr *stageForm) {
	kind, tmpl := fr.Choice("change_kind"), fr.Choice("template_id")
	if kind == nil || tmpl == nil {
		return
	}
	set := func(c *uikit.Choice, v string) {
		if c != nil && c.Value() != v {
			c.SetValue(v)
		}
	}
	switch kind.Value() {
	case data.ChangeStandard:
		id, _ := strconv.ParseUint(tmpl.Value(), 10, 64)
		if t := fr.cd.template(uint(id)); t != nil {
			set(fr.Choice("system_id"), strconv.FormatUint(uint64(t.SystemID), 10))
			set(fr.Choice("upgrade_type"), t.UpgradeType)
		}
	case data.ChangeEmergency:
		set(tmpl, "")
		set(fr.Choice("urgency"), "urgent")
	default:
		set(tmpl, "")
	}
}
